"""The real page in a real browser: ``streamlit run app.py`` + Debian's chromium driven by Playwright.

Uses the bundled corpus and the repo's index (built by the ``real_assistant`` fixture if
missing). Saves screenshots to ``test-artifacts/`` and prints the time from pressing Enter to
the rendered answer (p50/p95) – printed, not asserted.

Needs Debian's chromium (``apt-get install -y chromium``); Playwright's own browser download is never used.
"""
from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from .conftest import REPO, free_port

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ARTIFACTS = REPO / "test-artifacts"
CHAT_INPUT = '[data-testid="stChatInputTextArea"]'
MESSAGE = '[data-testid="stChatMessage"]'
ANSWER_DONE = "Svar etter regelverket per"  # caption under every finished answer

QUESTIONS = [
    "Hvor lang tid har legene på å bli enige om prisen for praksisen før nemnda fastsetter den?",
    "Hva er basistilskuddet per listeinnbygger for de første 1 000 listeinnbyggerne?",
    "Hvilken oppsigelsesfrist gjelder for den individuelle avtalen?",
    "Når skal basistilskuddet utbetales hver måned?",
]


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def server(real_assistant, tmp_path_factory):
    """``streamlit run app.py`` on a free loopback port with the default corpus and index."""
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium mangler: kjør `apt-get install -y chromium chromium-driver` (scripts/test gjør det som root).")
    port = free_port()
    env = dict(os.environ)
    env.pop("ASSISTANT_LLM", None)  # deterministic extractive answers, comparable with real_assistant
    env.pop("ASSISTANT_ADMIN_PASSWORD", None)
    env["ASSISTANT_DATA_DIR"] = str(tmp_path_factory.mktemp("web-data"))
    log = open(tmp_path_factory.mktemp("web-log") / "streamlit.log", "w+")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    else:
        proc.kill()
    if proc.poll() is not None:
        log.seek(0)
        pytest.fail(f"streamlit startet ikke:\n{log.read()[-3000:]}")
    yield url
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def open_page(browser, url: str, width: int = 1280, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(url)
    page.wait_for_selector(CHAT_INPUT, timeout=180_000)  # first load may open the index
    return page


def send(page, question: str) -> None:
    page.fill(CHAT_INPUT, question)
    page.keyboard.press("Enter")


def wait_for_answers(page, n: int, timeout_ms: int = 120_000) -> None:
    """Wait until ``n`` finished answers are on the page."""
    page.wait_for_function(
        "([sel, text, n]) => [...document.querySelectorAll(sel)].filter(m => m.innerText.includes(text)).length >= n",
        arg=[MESSAGE, ANSWER_DONE, n], timeout=timeout_ms,
    )


def last_answer(page):
    return page.locator(MESSAGE).last


def answer_text(message) -> str:
    return _normalize(message.locator('[data-testid="stMarkdownContainer"]').first.inner_text())


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
        assert answer_text(msg) == _normalize(expected.answer)
        if expected.citations and not checked_quote:
            sources = msg.locator('[data-testid="stExpander"]')
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
    before = [answer_text(m) for m in page.locator(MESSAGE).all()]
    n_sources = page.locator(f"{MESSAGE} [data-testid='stExpander']").count()
    assert "samtale=" in page.url
    page.reload()
    wait_for_answers(page, len(QUESTIONS))
    assert [answer_text(m) for m in page.locator(MESSAGE).all()] == before  # a reload keeps the conversation
    assert page.locator(f"{MESSAGE} [data-testid='stExpander']").count() == n_sources
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
        assert answer_text(last_answer(page)) == _normalize(expected.answer)
        page.close()
