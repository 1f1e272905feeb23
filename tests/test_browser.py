"""The real page in a real browser: ``streamlit run app.py`` + Debian's chromium driven by Playwright.

Uses the bundled corpus and the repo's index (built by the ``real_assistant`` fixture if
missing). Saves screenshots to ``test-artifacts/`` and prints the time from pressing Enter to
the rendered answer (p50/p95) – printed, not asserted.

Needs Debian's chromium (``apt-get install -y chromium``); Playwright's own browser download is never used.
"""
from __future__ import annotations

import re
import statistics
import time
from datetime import date
from pathlib import Path

import pytest

from assistant.bench_browser import (
    CHAT_INPUT, MESSAGE, BENCH_QUESTIONS, chromium, concurrent_round, open_page, percentiles, streamlit_server,
    wait_for_answers,
)
from assistant.errors import AssistantError
from assistant.ui.render import answer_paragraphs

from .conftest import REPO

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"

QUESTIONS = [
    "Hvor lang tid har legene på å bli enige om prisen for praksisen før nemnda fastsetter den?",
    "Hva er basistilskuddet per listeinnbygger for de første 1 000 listeinnbyggerne?",
    "Hvilken oppsigelsesfrist gjelder for den individuelle avtalen?",
    "Når skal basistilskuddet utbetales hver måned?",
]


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shown_answer(answer) -> str:
    """What the page shows as the answer text: its statements, without the "Kilder:" line."""
    return _normalize(" ".join(answer_paragraphs(answer.answer, bool(answer.citations))))


@pytest.fixture(scope="module")
def server(real_assistant, tmp_path_factory):
    """``streamlit run app.py`` on a free loopback port with the default corpus and index."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium mangler: kjør `apt-get install -y chromium chromium-driver` (scripts/test gjør det som root).")
    env = {"ASSISTANT_DATA_DIR": str(tmp_path_factory.mktemp("web-data"))}
    try:
        with streamlit_server(env, log_path=tmp_path_factory.mktemp("web-log") / "streamlit.log") as url:
            yield url
    except AssistantError as e:
        pytest.fail(str(e))


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def send(page, question: str) -> None:
    page.fill(CHAT_INPUT, question)
    page.keyboard.press("Enter")


def last_answer(page):
    return page.locator(MESSAGE).last


def answer_text(message) -> str:
    return _normalize(message.locator('[data-testid="stMarkdownContainer"]').first.inner_text())


def user_questions(page) -> list[str]:
    return [_normalize(m.inner_text()) for m in page.locator(f'{MESSAGE}:has([data-testid="stChatMessageAvatarUser"])').all()]


def test_ask_open_source_and_measure(server, browser, real_assistant):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, server)
    timings = []
    checked_quote = False
    for i, q in enumerate(QUESTIONS, 1):
        t0 = time.perf_counter()
        send(page, q)
        wait_for_answers(page, i)
        timings.append(time.perf_counter() - t0)
        expected = real_assistant.ask(q, today=date.today())
        msg = last_answer(page)
        assert answer_text(msg) == shown_answer(expected)
        assert "Kilder:" not in msg.inner_text()  # the sources are listed once, as <details>
        if expected.citations and not checked_quote:
            sources = msg.locator("details.src")
            assert sources.count() == len(expected.citations)
            first = expected.citations[0]
            assert f"[{first.n}] {first.title}" in _normalize(sources.first.locator("summary").inner_text())
            sources.first.locator("summary").click()
            mark = sources.first.locator("mark.src-quote")
            mark.wait_for(state="visible", timeout=10_000)
            assert _normalize(mark.inner_text()).lower() == _normalize(first.quote).lower()
            mark.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "web-answer-desktop.png"), full_page=True)
            checked_quote = True
    assert checked_quote, "ingen av spørsmålene ga kilder"
    ratings = last_answer(page).locator('[data-testid="stButtonGroup"] button')
    assert [_normalize(b.inner_text()) for b in ratings.all()] == ["👍 Nyttig svar", "👎 Ikke nyttig"]
    assert page.locator('[aria-label*="Thumbs"], [aria-label^="Help for"]').count() == 0  # no English names
    before = [answer_text(m) for m in page.locator(MESSAGE).all()]
    n_sources = page.locator(f"{MESSAGE} details.src").count()
    assert "samtale=" in page.url
    page.reload()
    wait_for_answers(page, len(QUESTIONS))
    assert [answer_text(m) for m in page.locator(MESSAGE).all()] == before  # a reload keeps the conversation
    assert page.locator(f"{MESSAGE} details.src").count() == n_sources
    p50 = statistics.median(timings)
    p95 = sorted(timings)[max(0, round(0.95 * len(timings)) - 1)]
    print(f"\nweb: time from question to rendered answer over {len(timings)} questions: "
          f"p50 {p50:.2f} s, p95 {p95:.2f} s, all {[round(t, 2) for t in timings]}")
    page.close()


def test_phone_width_and_xss_as_text(server, browser):
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, server, 390, 844)
    evil = '<img src=x onerror="window.__xss=1"> <script>window.__xss=2</script> Hva er basistilskuddet?'
    send(page, evil)
    wait_for_answers(page, 1)
    user = page.locator(MESSAGE).first
    assert _normalize(user.inner_text()).endswith(_normalize(evil))
    assert page.evaluate("window.__xss") is None
    assert page.locator(f"{MESSAGE} img[src='x']").count() == 0
    sources = last_answer(page).locator('[data-testid="stExpander"] summary')
    if sources.count():
        sources.first.click()
        page.locator("mark.src-quote").first.scroll_into_view_if_needed()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"siden er {width}px bred på en 390px skjerm"
    page.screenshot(path=str(ARTIFACTS / "web-answer-phone.png"))
    page.close()


def test_ten_concurrent_sessions_get_their_own_answers(server, browser, real_assistant):
    questions = [f"Hvor mye er basistilskuddet for en liste på {1000 + 137 * i} listeinnbyggere?" for i in range(10)]
    pages = [open_page(browser, server, 800, 700) for _ in questions]
    t0 = time.perf_counter()
    for page, q in zip(pages, questions):
        send(page, q)
    for page in pages:
        wait_for_answers(page, 1, timeout_ms=300_000)
    elapsed = time.perf_counter() - t0
    print(f"\nweb: 10 concurrent sessions answered in {elapsed:.2f} s")
    for page, q in zip(pages, questions):
        expected = real_assistant.ask(q, today=date.today())
        assert _normalize(page.locator(MESSAGE).first.inner_text()).endswith(_normalize(q))
        assert answer_text(last_answer(page)) == shown_answer(expected)
        page.close()


# ---------------------------------------------------------------- issue 14


def test_pasted_question_over_2000_characters_is_answered_with_a_notice(server, browser):
    """Item 1: the box used to drop a paste over 2 000 characters and stay empty without a word."""
    page = open_page(browser, server)
    long_question = "Hvor lang er oppsigelsesfristen for fastlegeavtalen? " + "Bakgrunn for spørsmålet. " * 100
    assert len(long_question) > 2_000
    page.locator(CHAT_INPUT).click()
    page.keyboard.insert_text(long_question)  # what a paste does
    assert len(page.locator(CHAT_INPUT).input_value()) == len(long_question)
    page.keyboard.press("Enter")
    wait_for_answers(page, 1)
    assert user_questions(page)[0].endswith(_normalize(long_question))
    assert "forkortet til 2 000 tegn" in last_answer(page).inner_text().replace("\u00a0", " ")
    page.close()


def test_two_people_continuing_one_address_both_keep_their_questions(server, browser):
    """Item 2: the last save used to win, and one person's question vanished after a reload."""
    first = open_page(browser, server)
    send(first, QUESTIONS[2])
    wait_for_answers(first, 1)
    address = first.url
    assert "samtale=" in address
    second = open_page(browser, address)
    wait_for_answers(second, 1)
    send(second, QUESTIONS[3])
    wait_for_answers(second, 2)
    send(first, QUESTIONS[0])  # this page never saw the second person's question
    wait_for_answers(first, 3)
    third = open_page(browser, address)
    wait_for_answers(third, 3)
    expected = [_normalize(q) for q in (QUESTIONS[2], QUESTIONS[3], QUESTIONS[0])]
    assert [q[-len(e):] for q, e in zip(user_questions(third), expected)] == expected
    for page in (first, second, third):
        page.close()


def test_calculator_result_is_not_covered_on_a_phone(server, browser):
    """Item 15: at 390 px the sidebar stayed open over the calculator's result."""
    ARTIFACTS.mkdir(exist_ok=True)
    page = open_page(browser, server, 390, 844)
    page.get_by_text("Vis kalkulatorene: basistilskudd og frister ved overdragelse").click()
    page.get_by_label("Antall listeinnbyggere").fill("1500")
    page.get_by_label("Dato (DD.MM.ÅÅÅÅ)").fill("01.01.2023")
    page.get_by_role("button", name="Beregn basistilskudd").click()
    result = page.locator(f'{MESSAGE} [data-testid="stAlertContentSuccess"]').first
    result.wait_for(state="visible", timeout=60_000)
    result.scroll_into_view_if_needed()
    box = result.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390
    on_top = page.evaluate(
        "([x, y]) => { const e = document.elementFromPoint(x, y); return !!e.closest('[data-testid=\"stChatMessage\"]'); }",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top, "noe dekker resultatet"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true"
    assert "947" in result.inner_text().replace("\u00a0", " ")  # 1 500 listeinnbyggere per 01.01.2023
    page.screenshot(path=str(ARTIFACTS / "web-calc-phone.png"))
    page.close()


def _answer_is_not_covered(page, width: int) -> None:
    """The last answer lies inside the screen, is what the browser shows at its middle, and the sidebar is shut."""
    answer = last_answer(page)
    answer.scroll_into_view_if_needed()
    box = answer.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    on_top = page.evaluate(
        "([x, y]) => { const e = document.elementFromPoint(x, y); return !!e.closest('[data-testid=\"stChatMessage\"]'); }",
        # the middle of the answer's visible part, clear of the page's header and the chat box at the bottom
        [box["x"] + box["width"] / 2,
         (max(box["y"], 60) + min(box["y"] + box["height"], page.viewport_size["height"] - 120)) / 2],
    )
    assert on_top, "noe dekker svaret"
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.count() == 0 or sidebar.get_attribute("aria-expanded") != "true"


def test_example_question_answer_is_not_covered_on_a_phone(server, browser):
    """Browser review: at 390 px an example question clicked in the sidebar was answered under the open sidebar.

    The examples are found where a phone user finds them: behind the switch in the main column, or else (the
    old page) in the sidebar, opened with its button.
    """
    from assistant.ui.examples import EXAMPLE_QUESTIONS

    ARTIFACTS.mkdir(exist_ok=True)
    group, questions = next(iter(EXAMPLE_QUESTIONS.items()))
    question = questions[1]  # not one of the starter buttons an empty page shows
    page = open_page(browser, server, 390, 844)
    switch = page.get_by_text("Vis eksempelspørsmål", exact=True)
    target = page.get_by_text(group, exact=True).first
    for _ in range(3):  # a click that lands while the page is still starting a rerun can be lost: try again
        if target.is_visible():
            break
        if switch.count():
            switch.click()
        else:
            page.locator('[data-testid="stExpandSidebarButton"]').click()
        try:
            target.wait_for(state="visible", timeout=20_000)
            break
        except Exception:
            continue
    target.click()
    page.get_by_role("button", name=question).click()
    wait_for_answers(page, 1)
    assert user_questions(page)[0].endswith(_normalize(question))
    _answer_is_not_covered(page, 390)
    page.screenshot(path=str(ARTIFACTS / "web-example-phone.png"))
    page.close()


def test_ten_concurrent_users_p95(server, browser):
    """Item 17: ten users asking at once; p50/p95 from Enter to the finished answer, timed inside each page and
    printed (a benchmark number, not asserted: the tabs share two cores with the server and any other job).
    Asserted: every user gets an answer, and each page shows its own question (answers are kept apart)."""
    import os

    pages = [open_page(browser, server, 800, 700) for _ in range(10)]
    load_before = os.getloadavg()[0]
    times: list[float] = []
    for r in range(2):
        questions = [BENCH_QUESTIONS[(i + r) % len(BENCH_QUESTIONS)].format(n=1000 + 137 * i) for i in range(10)]
        times += concurrent_round(pages, questions)
        for page, q in zip(pages, questions):
            assert q in page.locator(MESSAGE).last.inner_text() or q in page.inner_text("body")
    p50, p95 = percentiles(times)
    print(f"\nweb: 10 concurrent users × 2 rounds: p50 {p50:.2f} s, p95 {p95:.2f} s "
          f"(load average before {load_before:.1f} on {os.cpu_count()} cores)")
    assert len(times) == 20 and all(t > 0 for t in times)
    for page in pages:
        page.close()
