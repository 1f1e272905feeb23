"""The Streamlit page through ``AppTest`` with a fake assistant (fast: no index, no model).

The fake answers with the question inside the text and with citations that depend on which
question it is, so the tests can see that each answer keeps its own sources and that sessions
do not mix.
"""
from __future__ import annotations

import re
import threading
import time
from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.errors import InputError
from assistant.types import Answer, Citation, DocumentInfo, ToolCall
from assistant.ui import calc_forms, state
from assistant.ui.feedback import FeedbackStore
from tests.ui_sources import sources

APP = str(Path(__file__).resolve().parent.parent / "app.py")
UNESCAPED_LT = re.compile(r"(?<!\\)<")
XSS_DOC = 'Omtale: <img src=x onerror="alert(1)"> og <script>alert(2)</script> slutt.'

DOCS = {
    "asa4310": DocumentInfo(
        "asa4310", "Rammeavtalen (ASA 4310) 2024–2025", "asa4310.txt", kind="avtale",
        valid_from=date(2024, 4, 1), valid_to=date(2025, 7, 1), validity_note="forlenges ett år om gangen",
    ),
    "ks2018": DocumentInfo("ks2018", "KS-brev 2018", "ks2018.txt", kind="brev", valid_to=date(2018, 12, 31)),
}

PASSAGE_PRICE = (
    "Når en lege har mottatt tilbud om fastlegeavtale, må legene forhandle.\n"
    "Blir fratredende og overtagende lege ikke enige om overdragelsesbeløpet innen 5\n"
    "uker etter at kommunens tilbud er mottatt, fastsettes prisen av nasjonal nemnd."
)
QUOTE_PRICE = "ikke enige om overdragelsesbeløpet innen 5 uker etter at kommunens tilbud er mottatt"


class FakeAssistant:
    """Answers every question from two hand-made citations; the n-th question cites punkt n."""

    def __init__(self, delay: float = 0.0) -> None:
        self.documents = DOCS
        self.calls: list[tuple[str, list, date | None]] = []
        self.reindex_calls = 0
        self.delay = delay
        self._lock = threading.Lock()

    def ask(self, question: str, history=None, today=None) -> Answer:
        with self._lock:
            self.calls.append((question, list(history or []), today))
        if self.delay:
            time.sleep(self.delay)
        turn = sum(1 for m in history or [] if m["role"] == "user") + 1
        passage = PASSAGE_PRICE if "<script>" not in question else XSS_DOC
        quote = QUOTE_PRICE if "<script>" not in question else "<script>alert(2)</script>"
        return Answer(
            question=question,
            answer=f"Svar nr. {turn} på «{question}»: fristen er 5 uker [1]. Eldre regler [2].",
            citations=(
                Citation(
                    n=1, doc_id="asa4310", title=DOCS["asa4310"].title, section=f"5.{turn}", heading="Vilkår ved overdragelse",
                    page=12, quote=quote, valid_from=date(2024, 4, 1), valid_to=date(2025, 7, 1), in_force=True,
                    passage_text=passage,
                ),
                Citation(
                    n=2, doc_id="ks2018", title="KS-brev 2018", section="1", heading="Varighet", page=None,
                    quote="Rammeavtalen gjelder til 31.12.2018.", valid_to=date(2018, 12, 31), in_force=False,
                    passage_text="Rammeavtalen gjelder til 31.12.2018.",
                ),
            ),
        )

    def reindex(self, progress=None, force=False):
        if progress:
            progress("embed", 1, 1)
        self.reindex_calls += 1


@pytest.fixture
def env(tmp_path, monkeypatch):
    """Isolated folders, no admin password, and a fresh process cache with one fake assistant."""
    for name in ("corpus", "index", "data"):
        (tmp_path / name).mkdir()
        monkeypatch.setenv(f"ASSISTANT_{name.upper()}_DIR", str(tmp_path / name))
    monkeypatch.delenv("ASSISTANT_ADMIN_PASSWORD", raising=False)
    fake = FakeAssistant()
    created: list[object] = []

    def create(settings):
        created.append(settings)
        return fake

    monkeypatch.setattr(state, "create_assistant", create)
    st.cache_resource.clear()
    yield {"fake": fake, "created": created, "tmp": tmp_path}
    st.cache_resource.clear()


def plain(markdown: str) -> str:
    """Markdown source without our backslash escapes (what the reader sees)."""
    return markdown.replace("\\", "")


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=20).run()


def calc_app() -> AppTest:
    """A new page with the calculator switch turned on."""
    at = new_app()
    at.toggle(key="show_calc").set_value(True).run()
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def test_ask_shows_answer_with_sources_and_highlighted_quote(env):
    at = ask(new_app(), "Når må prisen være avtalt?")
    msgs = at.chat_message
    assert len(msgs) == 2
    assert "Når må prisen være avtalt?" in msgs[0].markdown[0].value
    assert "fristen er 5 uker \\[1\\]" in msgs[1].markdown[0].value
    labels = [label for label, _ in sources(msgs[1])]
    assert "pkt. 5.1" in labels[0] and "Vilkår ved overdragelse" in labels[0] and "s. 12" in labels[0]
    assert '<span class="badge badge-gjeldende">gjeldende</span>' in labels[0]
    assert "historisk (gjaldt til 31.12.2018)" in labels[1]
    body = sources(msgs[1])[0][1]
    assert (
        '<mark class="src-quote">ikke enige om overdragelsesbeløpet innen 5\nuker etter at kommunens tilbud er mottatt</mark>'
        .replace("\n", "&#10;") in body
    )
    question, history, today = env["fake"].calls[0]
    assert history == [] and today == date.today()


def test_each_answer_keeps_its_own_sources_and_history_is_passed(env):
    at = ask(new_app(), "Første spørsmål?")
    at = ask(at, "Andre spørsmål?")
    at.run()  # a plain rerun must not change anything
    msgs = at.chat_message
    assert len(msgs) == 4
    assert "pkt. 5.1" in sources(msgs[1])[0][0]
    assert "pkt. 5.2" in sources(msgs[3])[0][0]
    assert "Svar nr. 2 på «Andre spørsmål?»" in msgs[3].markdown[0].value.replace("\\", "")
    _, history, _ = env["fake"].calls[1]
    assert [m["role"] for m in history] == ["user", "assistant"]
    assert history[1]["answer"]["citations"][0]["section"] == "5.1"


def test_reload_with_the_address_keeps_the_conversation_and_its_sources(env):
    at = ask(new_app(), "Første spørsmål?")
    at = ask(at, "Andre spørsmål?")
    conversation_id = at.query_params[state.QUERY_KEY]
    assert conversation_id == at.session_state[state.CONVERSATION_ID]

    reloaded = AppTest.from_file(APP, default_timeout=20)
    reloaded.query_params[state.QUERY_KEY] = conversation_id
    reloaded.run()
    msgs = reloaded.chat_message
    assert len(msgs) == 4 and len(env["fake"].calls) == 2  # shown from storage, not asked again
    assert "pkt. 5.1" in sources(msgs[1])[0][0] and "pkt. 5.2" in sources(msgs[3])[0][0]
    assert '<mark class="src-quote">' in sources(msgs[3])[0][1]

    stranger = AppTest.from_file(APP, default_timeout=20)
    stranger.query_params[state.QUERY_KEY] = "0" * 32
    stranger.run()
    assert len(stranger.chat_message) == 0

    reloaded.button(key="start_over").click().run()
    assert state.QUERY_KEY not in reloaded.query_params
    assert reloaded.session_state[state.CONVERSATION_ID] != conversation_id


def test_date_selector_is_passed_as_today_and_badges_follow_it(env):
    at = new_app()
    at.date_input(key="per_date").set_value(date(2023, 1, 15)).run()
    ask(at, "Hva gjaldt da?")
    assert env["fake"].calls[0][2] == date(2023, 1, 15)
    assert "per 15.01.2023" in plain(at.chat_message[1].caption[-1].value)


def test_example_question_button_asks_it(env):
    at = new_app()
    at.toggle(key=state.EXAMPLES_SWITCH).set_value(True).run()
    button = at.button(key="ex-Kommune-0")
    button.click().run()
    assert env["fake"].calls[0][0] == button.label
    assert len(at.chat_message) == 2


def test_start_over_clears_the_conversation(env):
    at = ask(new_app(), "Et spørsmål?")
    assert not any(b.key == "start-ex-Kommune" for b in at.button)  # starter questions only on an empty page
    at.button(key="start_over").click().run()
    assert len(at.chat_message) == 0 and at.session_state[state.MESSAGES] == []
    at.button(key="start-ex-Kommune").click().run()
    assert len(at.chat_message) == 2 and env["fake"].calls[-1][0] == at.session_state[state.MESSAGES][0]["content"]


def test_xss_in_question_and_document_is_shown_as_text(env):
    at = ask(new_app(), "<script>alert(1)</script> <img src=x onerror=alert(1)>")
    user_md = at.chat_message[0].markdown[0].value
    assert plain(user_md) == "<script>alert(1)</script> <img src=x onerror=alert(1)>"
    assert not UNESCAPED_LT.search(user_md)  # every "<" is backslash-escaped: shown as text
    assert not UNESCAPED_LT.search(at.chat_message[1].markdown[0].value)
    shown = "".join(label + body for label, body in sources(at.chat_message[1]))
    assert shown and "<script" not in shown and "<img" not in shown
    body = sources(at.chat_message[1])[0][1]
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    assert '<mark class="src-quote">&lt;script&gt;alert(2)&lt;/script&gt;</mark>' in body


def test_sidebar_lists_documents_with_validity_and_the_disclaimer(env):
    at = new_app()
    side = plain(" ".join(m.value for m in at.sidebar.markdown))
    assert "Rammeavtalen (ASA 4310) 2024–2025" in side
    # renewed a year at a time: still in force after valid_to (answer.versions decides), and it says why
    assert "2024–2025** :green-badge[gjeldende]" in side
    if date.today() > date(2025, 7, 1):
        assert "perioden 01.04.2024–01.07.2025 er passert – forlenges ett år om gangen" in side
        assert "gjelder 01.04.2024–01.07.2025" not in side
    assert "KS-brev 2018" in side and "historisk (gjaldt til 31.12.2018)" in side
    assert any("ikke juridisk rådgivning" in i.value for i in at.sidebar.info)


def test_assistant_is_built_once_per_process(env):
    ask(new_app(), "Én?")
    ask(new_app(), "To?")
    assert len(env["created"]) == 1


def test_feedback_is_stored_with_question_answer_and_citations(env):
    at = ask(new_app(), "Når må prisen være avtalt?")
    at.chat_message[1].segmented_control[0].set_value(0).run()
    store = FeedbackStore(env["tmp"] / "data" / "feedback.sqlite")
    rows = store.rows()
    assert len(rows) == 1
    row = rows[0]
    assert row.rating == 0 and row.question == "Når må prisen være avtalt?"
    assert row.answer.startswith("Svar nr. 1") and row.citations[0]["section"] == "5.1"
    assert row.answer_date == date.today().isoformat()
    msg_id = at.session_state[state.MESSAGES][1]["id"]
    at.text_input(key=f"fbc-{msg_id}").input("Mangler kilde for nemnda")
    at.button(key=f"fbsend-{msg_id}").click().run()
    assert store.rows()[0].comment == "Mangler kilde for nemnda"
    at.chat_message[1].segmented_control[0].set_value(1).run()
    rows = store.rows()
    assert len(rows) == 1 and rows[0].rating == 1 and rows[0].comment == "Mangler kilde for nemnda"

    reloaded = AppTest.from_file(APP, default_timeout=20)
    reloaded.query_params[state.QUERY_KEY] = at.query_params[state.QUERY_KEY]
    reloaded.run()
    assert reloaded.chat_message[1].segmented_control[0].value == 1  # the stored thumb is shown again after a reload


def test_calc_form_renders_calc_card_from_run_tool(env, monkeypatch):
    seen = []

    def fake_run(tool, inputs, today):
        seen.append((tool, inputs, today))
        return {
            "tool": tool, "inputs": {"listeinnbyggere": inputs["listeinnbyggere"], "dato": inputs["dato"].isoformat()},
            "values": {"arlig_kr": 1_001_000, "maanedlig_kr": 83416.67},
            "summary": "Basistilskuddet er 1 001 000 kr i året.",
            "steps": ["1 000 × 675 kr = 675 000 kr", "500 × 652 kr = 326 000 kr"],
            "sources": [{"doc_id": "asa4301", "title": "Statsavtalen (ASA 4301) 2022–2023", "punkt": "2.1", "quote": "675 kroner"}],
            "validity": {"valid_from": "2022-07-01", "valid_to": "2023-06-30"}, "warnings": [], "conventions": [],
        }

    monkeypatch.setattr(calc_forms, "run_calculator", fake_run)
    at = calc_app()
    at.text_input(key="calc_basis_liste").input("1 500")
    at.text_input(key="calc_basis_dato").input("01.01.2023")
    at.form_submit_button[0].click().run()
    assert seen == [("basistilskudd", {"listeinnbyggere": 1500, "dato": date(2023, 1, 1)}, date.today())]
    msgs = at.chat_message
    assert len(msgs) == 2 and "1\u00a0500 listeinnbyggere per 01\\.01\\.2023" in msgs[0].markdown[0].value
    card = " ".join(m.value for m in msgs[1].markdown)
    assert "1 000 × 675 kr = 675 000 kr" in card.replace("\\", "") and "1\u00a0001\u00a0000" in card
    assert msgs[1].success[0].value.replace("\\", "") == "Basistilskuddet er 1 001 000 kr i året."
    assert any("01.07.2022–30.06.2023" in c.value.replace("\\", "") for c in msgs[1].caption)
    assert env["fake"].calls == []  # the form does not go through ask()


def test_calc_form_input_error_is_shown_in_norwegian_without_a_message(env, monkeypatch):
    def refuse(tool, inputs, today):
        raise InputError("Listeinnbyggere må være et helt tall fra 1 til 10 000 (fikk 0).", field="listeinnbyggere")

    monkeypatch.setattr(calc_forms, "run_calculator", refuse)
    at = calc_app()
    at.form_submit_button[0].click().run()
    assert plain(at.error[0].value) == "Listeinnbyggere må være et helt tall fra 1 til 10 000 (fikk 0)."
    assert len(at.chat_message) == 0 and not at.exception


@pytest.mark.parametrize(
    ("liste", "dato", "message"),
    [
        ("0", "01.01.2023", "«Antall listeinnbyggere» må være fra 1 til 10000 (fikk 0)."),
        ("20000", "01.01.2023", "«Antall listeinnbyggere» må være fra 1 til 10000 (fikk 20000)."),
        ("1200,5", "01.01.2023", "«Antall listeinnbyggere» må være et heltall fra 1 til 10000 (fikk «1200,5»)."),
        ("1500", "31.02.2025", "Datoen «31.02.2025» i «Dato» finnes ikke (sjekk dag og måned; f.eks. har februar 2025 bare 28 dager)."),
    ],
)
def test_calc_form_refuses_bad_input_in_norwegian_before_calculating(env, monkeypatch, liste, dato, message):
    seen = []
    monkeypatch.setattr(calc_forms, "run_calculator", lambda *a: seen.append(a))
    at = calc_app()
    at.text_input(key="calc_basis_liste").input(liste)
    at.text_input(key="calc_basis_dato").input(dato)
    at.form_submit_button[0].click().run()
    assert [plain(e.value) for e in at.error] == [message]
    assert seen == [] and len(at.chat_message) == 0 and not at.exception
    assert "«listeinnbyggere»" not in message  # the label, never the internal field name


def test_calc_forms_match_run_tool(env):
    tools = pytest.importorskip("assistant.calc.tools")
    at = calc_app()
    at.text_input(key="calc_basis_liste").input("1500")
    at.text_input(key="calc_basis_dato").input("01.01.2023")
    at.form_submit_button[0].click().run()
    expected = tools.run_tool("basistilskudd", {"listeinnbyggere": 1500, "dato": date(2023, 1, 1)}, date.today()).to_dict()
    assert at.session_state[state.MESSAGES][1]["answer"]["tool_calls"][0]["result"] == expected
    assert at.chat_message[1].success[0].value.replace("\\", "") == expected["summary"]

    at.radio(key="calc_over_variant").set_value("overdragelse_pris")
    at.text_input(key="calc_over_dato").input("03.03.2025")
    at.form_submit_button[1].click().run()
    expected = tools.run_tool("frist", {"variant": "overdragelse_pris", "fra_dato": date(2025, 3, 3)}, date.today()).to_dict()
    assert expected["values"]["dato"] == "2025-04-07"
    assert at.session_state[state.MESSAGES][3]["answer"]["tool_calls"][0]["result"] == expected
    card = plain(" ".join(m.value for m in at.chat_message[3].markdown))
    assert "Pris for praksis (fra tilbudet ble mottatt)" in card and "overdragelse_pris" not in card
    assert "Maanedlig" not in plain(" ".join(m.value for m in at.chat_message[1].markdown))


def test_tool_call_in_chat_answer_shows_calc_card(env, monkeypatch):
    result = {
        "tool": "frist", "inputs": {"variant": "overdragelse_pris", "fra_dato": "2025-03-03"}, "values": {"dato": "2025-04-07"},
        "summary": "Fristen er 07.04.2025.", "steps": ["03.03.2025 + 5 uker = 07.04.2025"], "sources": [],
        "validity": {"valid_from": "2024-04-01", "valid_to": "2025-07-01"}, "warnings": ["Sjekk helligdager."],
    }
    fake = env["fake"]
    monkeypatch.setattr(
        fake, "ask",
        lambda q, history=None, today=None: Answer(q, "Fristen er 07.04.2025 [1].", tool_calls=(ToolCall("frist", result["inputs"], result),)),
    )
    at = ask(new_app(), "Når er fristen?")
    md = " ".join(m.value for m in at.chat_message[1].markdown).replace("\\", "")
    assert "Beregning: Frist" in md and "03.03.2025 + 5 uker = 07.04.2025" in md and "07.04.2025" in md
    assert at.chat_message[1].warning[0].value == "Sjekk helligdager\\."


def test_admin_is_hidden_without_password(env):
    at = new_app()
    assert not any(e.label == "Administrasjon" for e in at.sidebar.expander)
    assert len(at.file_uploader) == 0
    assert not any(t.key == "admin_pw" for t in at.text_input)


def test_admin_requires_password_then_uploads_and_reindexes(env, monkeypatch):
    monkeypatch.setenv("ASSISTANT_ADMIN_PASSWORD", "hemmelig-123")
    at = new_app()
    assert any(e.label == "Administrasjon" for e in at.sidebar.expander)
    assert len(at.file_uploader) == 0
    at.text_input(key="admin_pw").input("feil")
    at.button(key="admin_login").click().run()
    assert any("Feil passord" in e.value for e in at.error) and len(at.file_uploader) == 0
    at.text_input(key="admin_pw").input("hemmelig-123")
    at.button(key="admin_login").click().run()
    assert len(at.file_uploader) == 1

    # A .pdf whose content is not a PDF is refused by content, and the uploader is emptied.
    at.file_uploader[0].set_value(("falsk.pdf", b"bare tekst", "application/pdf"))
    at.text_input(key="admin_title").input("Falsk")
    at.run()
    at.button(key="admin_save").click().run()
    assert any("innholdet er ikke en PDF" in e.value for e in at.error)
    assert not (env["tmp"] / "corpus" / "falsk.pdf").exists()
    assert at.file_uploader[0].value is None  # the refused file is no longer listed

    # A text file with a path-traversal name lands inside the corpus folder under a safe name.
    at.file_uploader[0].set_value(("../../ny avtale.txt", "Ny avtale æøå.".encode(), "text/plain"))
    at.text_input(key="admin_title").input("Ny avtale 2026")
    at.run()
    at.button(key="admin_save").click().run()
    saved = env["tmp"] / "corpus" / "ny_avtale.txt"
    assert saved.read_text(encoding="utf-8") == "Ny avtale æøå."
    assert not (env["tmp"] / "ny avtale.txt").exists()
    assert any("Lagret «Ny avtale 2026» som ny_avtale.txt" in plain(s.value) for s in at.success)
    assert at.file_uploader[0].value is None
    state.get_reindex_job(state.load_settings()).wait(5)
    assert env["fake"].reindex_calls == 1
    at.run()
    assert any("Indeksen er oppdatert" in s.value for s in at.success)


def login_admin(monkeypatch) -> AppTest:
    monkeypatch.setenv("ASSISTANT_ADMIN_PASSWORD", "hemmelig-123")
    at = new_app()
    at.text_input(key="admin_pw").input("hemmelig-123")
    at.button(key="admin_login").click().run()
    return at


def test_upload_asks_for_a_title_and_validity_and_writes_the_manifest(env, monkeypatch):
    from assistant.corpus.manifest import load_manifest

    at = login_admin(monkeypatch)
    at.file_uploader[0].set_value(("Evil.txt", "Rundskriv om satser.".encode(), "text/plain"))
    at.run()
    at.button(key="admin_save").click().run()
    assert any("Skriv inn en tittel" in plain(e.value) for e in at.error)
    assert not (env["tmp"] / "corpus" / "Evil.txt").exists()  # nothing saved without a title

    at.file_uploader[0].set_value(("Evil.txt", "Rundskriv om satser.".encode(), "text/plain"))
    at.text_input(key="admin_title").input("KS-rundskriv B/3-2026")
    at.selectbox(key="admin_kind").set_value("rundskriv")
    at.text_input(key="admin_valid_from").input("01.01.2026")
    at.text_input(key="admin_valid_to").input("31.12.2026")
    at.run()
    at.button(key="admin_save").click().run()
    info = load_manifest(env["tmp"] / "corpus")["Evil.txt"]
    assert (info.title, info.kind, info.valid_from, info.valid_to) == (
        "KS-rundskriv B/3-2026", "rundskriv", date(2026, 1, 1), date(2026, 12, 31))


def test_uploader_accepts_any_type_so_refusals_are_norwegian(env, monkeypatch):
    at = login_admin(monkeypatch)
    assert list(at.file_uploader[0].proto.type) == []  # no English "application/… files are not allowed"
    at.file_uploader[0].set_value(("notat.docx", b"PK\x03\x04binary", "application/octet-stream"))
    at.text_input(key="admin_title").input("Notat")
    at.run()
    at.button(key="admin_save").click().run()
    assert any("må være en PDF (.pdf) eller en tekstfil (.txt)" in plain(e.value) for e in at.error)


def test_streamlit_upload_ceiling_is_above_the_pages_own_limit():
    import tomllib

    from assistant.ui.uploads import MAX_UPLOAD_BYTES

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1_048_576 > MAX_UPLOAD_BYTES  # our Norwegian message comes first


def test_file_saved_during_a_reindex_is_indexed_afterwards(env, monkeypatch):
    fake = env["fake"]
    release = threading.Event()
    seen_files: list[list[str]] = []

    def slow_reindex(progress=None, force=False):
        seen_files.append(sorted(p.name for p in (env["tmp"] / "corpus").iterdir() if p.suffix == ".txt"))
        release.wait(5)
        fake.reindex_calls += 1

    monkeypatch.setattr(fake, "reindex", slow_reindex)
    at = login_admin(monkeypatch)
    at.button(key="admin_reindex").click().run()  # a re-index is running ...
    at.file_uploader[0].set_value(("ny.txt", "Nytt rundskriv.".encode(), "text/plain"))
    at.text_input(key="admin_title").input("Nytt rundskriv")
    at.run()
    at.button(key="admin_save").click().run()  # ... when a file is saved
    assert any("en ny starter straks den er ferdig" in plain(s.value) for s in at.success)
    release.set()
    status = state.get_reindex_job(state.load_settings()).wait(10)
    assert not status.running and fake.reindex_calls == 2
    assert seen_files == [[], ["ny.txt"]]  # the second run saw the new file


def test_ten_concurrent_sessions_get_their_own_answers(env):
    """Ten sessions ask at the same time through the page's ``answer_turn`` and one shared assistant.

    (AppTest itself is not thread-safe; the browser test also runs ten pages against a live server.)
    """
    fake = env["fake"]
    fake.delay = 0.2
    settings = state.load_settings()
    sessions: list[list[dict]] = [[] for _ in range(10)]
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            shared = state.get_assistant(settings)
            for q in (f"Spørsmål fra sesjon {i}?", f"Oppfølging fra sesjon {i}?"):
                reply = state.answer_turn(shared, sessions[i], q, date(2025, 1, i + 1))
                sessions[i] += [state.user_message(q), reply]
        except BaseException as e:  # collected and asserted below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(10)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    assert time.perf_counter() - started < 10 * 2 * fake.delay  # they really overlapped
    assert len(env["created"]) == 1
    for i, msgs in enumerate(sessions):
        assert [m["content"] for m in msgs if m["role"] == "user"] == [f"Spørsmål fra sesjon {i}?", f"Oppfølging fra sesjon {i}?"]
        assert msgs[3]["content"] == f"Svar nr. 2 på «Oppfølging fra sesjon {i}?»: fristen er 5 uker [1]. Eldre regler [2]."
        assert msgs[3]["answer"]["citations"][0]["section"] == "5.2" and msgs[3]["today"] == f"2025-01-{i + 1:02d}"
    for question, history, today in fake.calls:
        i = int(question.split()[-1].rstrip("?"))
        assert today == date(2025, 1, i + 1)
        if question.startswith("Oppfølging"):
            assert history[0]["content"] == f"Spørsmål fra sesjon {i}?"


# ---------------------------------------------------------------- issue 14


def test_two_people_on_the_same_address_both_keep_their_questions(env):
    first = ask(new_app(), "Første spørsmål?")
    cid = first.query_params[state.QUERY_KEY]
    second = AppTest.from_file(APP, default_timeout=20)
    second.query_params[state.QUERY_KEY] = cid
    second.run()
    ask(second, "Spørsmål fra person B?")
    ask(first, "Spørsmål fra person A?")  # A's page never saw B's question
    reloaded = AppTest.from_file(APP, default_timeout=20)
    reloaded.query_params[state.QUERY_KEY] = cid
    reloaded.run()
    users = [plain(m.markdown[0].value) for m in reloaded.chat_message if m.name == "user"]
    assert users == ["Første spørsmål?", "Spørsmål fra person B?", "Spørsmål fra person A?"]
    assert len([m for m in first.chat_message if m.name == "user"]) == 3  # A now sees B's turn too


@pytest.mark.parametrize("cid", ["0" * 32, "abc123", "0" * 31 + "g"])
def test_unknown_or_mangled_conversation_address_says_so(env, cid):
    at = AppTest.from_file(APP, default_timeout=20)
    at.query_params[state.QUERY_KEY] = cid
    at.run()
    assert len(at.chat_message) == 0
    warnings = [plain(w.value) for w in at.warning]
    assert len(warnings) == 1 and "samtale" in warnings[0] and "nytt spørsmål" in warnings[0]
    assert state.QUERY_KEY not in at.query_params
    at.run()
    assert not at.warning  # shown once, not on every rerun


def test_rating_control_has_norwegian_names(env):
    at = ask(new_app(), "Et spørsmål?")
    control = at.chat_message[1].segmented_control[0]
    assert control.label == "Var svaret nyttig?"
    assert [str(o if isinstance(o, str) else o.content).strip() for o in control.options] == ["Nyttig svar", "Ikke nyttig"]
    assert not at.chat_message[1].feedback


def test_answer_lists_its_sources_once_with_one_paragraph_per_statement(env, monkeypatch):
    fake = env["fake"]
    original = fake.ask

    def with_footer(q, history=None, today=None):
        a = original(q, history, today)
        body = "Ifølge Rammeavtalen pkt. 5.1: fristen er 5 uker [1]\nEldre regler [2]"
        return Answer(a.question, body + "\n\nKilder: [1] Rammeavtalen (ASA 4310) 2024–2025 pkt. 5.1; [2] KS-brev 2018 pkt. 1",
                      citations=a.citations)

    monkeypatch.setattr(fake, "ask", with_footer)
    at = ask(new_app(), "Frist?")
    text = at.chat_message[1].markdown[0].value
    assert "Kilder:" not in plain(text)
    assert plain(text) == "Ifølge Rammeavtalen pkt. 5.1: fristen er 5 uker [1]\n\nEldre regler [2]"
    assert len(sources(at.chat_message[1])) == 2


def test_source_past_its_period_says_why_it_is_in_force(env):
    at = new_app()
    at.date_input(key="per_date").set_value(date(2026, 12, 4)).run()
    ask(at, "Frist?")
    body = sources(at.chat_message[1])[0][1]
    assert "perioden 01.04.2024–01.07.2025 er passert – forlenges ett år om gangen" in body


def test_main_page_says_what_it_covers(env):
    at = new_app()
    at.date_input(key="per_date").set_value(date(2025, 1, 1)).run()
    main = [plain(c.value) for c in at.main.caption]
    expected = ("Dekker: Rammeavtalen (ASA 4310) 2024–2025 (gjelder 01.04.2024–01.07.2025) · "
                "KS-brev 2018 (historisk (gjaldt til 31.12.2018)).")
    assert expected in main, main
    at.date_input(key="per_date").set_value(date(2026, 12, 4)).run()
    main = [plain(c.value) for c in at.main.caption]
    assert any(c.startswith("Dekker: Rammeavtalen (ASA 4310) 2024–2025 (gjeldende etter avtaleperioden 01.04.2024–01.07.2025)")
               for c in main), main


def test_calculators_are_in_the_main_column_not_the_sidebar(env):
    at = new_app()
    assert not at.form_submit_button  # hidden until the switch is on: not drawn on every answer
    at.toggle(key="show_calc").set_value(True).run()
    assert [t.key for t in at.main.toggle] == [state.EXAMPLES_SWITCH, "show_calc"]
    assert {t.key for t in at.main.text_input} >= {"calc_basis_liste", "calc_basis_dato", "calc_over_dato"}
    assert not any(t.key and t.key.startswith("calc_") for t in at.sidebar.text_input)


# ---------------------------------------------------------------- browser review


def test_example_questions_are_in_the_main_column_not_the_sidebar(env):
    """At 390 px the sidebar stayed open over the answer to an example question clicked there; the examples
    now live in the main column like the calculators, and asking one switches the list off again."""
    from assistant.ui.examples import EXAMPLE_QUESTIONS

    at = new_app()
    assert not any(b.key and b.key.startswith("ex-") for b in at.sidebar.button)
    assert not any(b.key and b.key.startswith("ex-") for b in at.button)  # hidden until the switch is on
    at.toggle(key=state.EXAMPLES_SWITCH).set_value(True).run()
    shown = [b.label for b in at.main.button if b.key and b.key.startswith("ex-")]
    assert shown == [q for qs in EXAMPLE_QUESTIONS.values() for q in qs]
    question = EXAMPLE_QUESTIONS["Ny fastlege"][2]
    at.button(key="ex-Ny fastlege-2").click().run()
    assert not at.exception, at.exception
    assert env["fake"].calls[-1][0] == question and len(at.chat_message) == 2
    assert at.toggle(key=state.EXAMPLES_SWITCH).value is False
    assert not any(b.key and b.key.startswith("ex-") for b in at.button)


def test_headings_have_no_anchor_link(env):
    """The title's anchor link was read out as "Link to heading"; no heading the page draws has one."""
    at = new_app()
    headings = [*at.title, *at.header, *at.subheader]
    assert {h.value for h in at.title} == {"Avtaleassistenten"} and at.sidebar.header and at.sidebar.subheader
    assert all(h.proto.hide_anchor for h in headings), [h.value for h in headings if not h.proto.hide_anchor]
