"""The page with the real ``Assistant`` over a tiny corpus and the hash embedder (fast: no model).

Covers the seams the fake cannot: ``Assistant.documents``/``ask``/``reindex`` as the page calls
them, and an admin upload that becomes searchable after the background re-index.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assistant.ui import state
from tests.ui_sources import sources

APP = str(Path(__file__).resolve().parent.parent / "app.py")

MANIFEST = """documents:
  - id: rammeavtale
    file: rammeavtale.txt
    title: "Rammeavtalen (test)"
    kind: avtale
    valid_from: 2024-04-01
    valid_to: 2025-07-01
"""
RAMMEAVTALE = """Rammeavtale for test

  1 Varighet
  Avtalen gjelder fra 01.04.2024 – 01.07.2025.

  5.6 Vilkår i forbindelse med tildeling av fastlegeavtale
  Blir fratredende og overtagende lege ikke enige om overdragelsesbeløpet innen 5
uker etter at kommunens tilbud er mottatt, fastsettes prisen av nasjonal nemnd.
Omtale av <img src=x onerror=alert(1)> i teksten.
"""
NEW_DOC = """Lokal retningslinje for legevakt

  1 Legevakt i helgene
  Fastlegene i kommunen deltar i legevakt hver tredje helg etter turnusliste fra legevaktsjefen.
"""


@pytest.fixture
def tiny_env(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "manifest.yaml").write_text(MANIFEST, encoding="utf-8")
    (corpus / "rammeavtale.txt").write_text(RAMMEAVTALE, encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_EMBEDDER", "hash")
    monkeypatch.delenv("ASSISTANT_LLM", raising=False)
    monkeypatch.delenv("ASSISTANT_ADMIN_PASSWORD", raising=False)
    st.cache_resource.clear()
    yield tmp_path
    st.cache_resource.clear()


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, at.exception
    return at


def test_real_assistant_answer_sources_and_escaped_passage(tiny_env):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.date_input(key="per_date").set_value(date(2025, 1, 1)).run()
    ask(at, "Hvor lang tid har legene på å bli enige om overdragelsesbeløpet?")
    answer = at.session_state[state.MESSAGES][1]["answer"]
    assert answer["citations"], answer["answer"]
    first = answer["citations"][0]
    msg = at.chat_message[1]
    label, body = sources(msg)[0]
    assert "Rammeavtalen (test)" in label
    assert '<span class="badge badge-gjeldende">gjeldende</span>' in label
    assert '<mark class="src-quote">' in body
    assert "<img" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
    assert first["quote"].split()[0] in body


def test_admin_upload_is_indexed_in_background_and_then_answers(tiny_env, monkeypatch):
    monkeypatch.setenv("ASSISTANT_ADMIN_PASSWORD", "pw")
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="admin_pw").input("pw")
    at.button(key="admin_login").click().run()
    at.file_uploader[0].set_value(("legevakt.txt", NEW_DOC.encode("utf-8"), "text/plain"))
    at.text_input(key="admin_title").input("Legevaktrundskriv 2026")
    at.run()
    at.button(key="admin_save").click().run()
    assert not at.error, [e.value for e in at.error]
    status = state.get_reindex_job(state.load_settings()).wait(60)
    assert status.error is None and not status.running, status
    at.run()
    side = " ".join(m.value for m in at.sidebar.markdown).replace("\\", "")
    assert "**Legevaktrundskriv 2026**" in side  # the title typed in the upload form, not the file name
    assert not any("legevakt.txt står ikke i manifest.yaml" in w.value.replace("\\", "") for w in at.sidebar.warning)
    ask(at, "Hvor ofte deltar fastlegene i legevakt i helgene?")
    cits = at.session_state[state.MESSAGES][-1]["answer"]["citations"]
    assert any("hver tredje helg" in c["quote"] for c in cits), cits


@pytest.mark.slow
@pytest.mark.parametrize(
    ("form", "question", "key"),
    [
        ("basistilskudd", "Hvor mye er basistilskuddet for 1 500 listeinnbyggere per 1. januar 2023?", "arlig_kr"),
        ("overdragelse", "Kommunens tilbud om fastlegeavtale ble mottatt 3. mars 2025. Når må prisen for praksisen være avtalt?", "dato"),
    ],
)
def test_form_and_chat_give_the_same_result(form, question, key, tmp_path, monkeypatch):
    """Real corpus and index: the calculator form and a typed question reach the same number/date."""
    for name in ("CORPUS_DIR", "INDEX_DIR", "EMBEDDER", "CHROMA_URL", "LLM", "ADMIN_PASSWORD"):
        monkeypatch.delenv(f"ASSISTANT_{name}", raising=False)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=600).run()
    at.toggle(key="show_calc").set_value(True).run()
    if form == "basistilskudd":
        at.text_input(key="calc_basis_liste").input("1500")
        at.text_input(key="calc_basis_dato").input("01.01.2023")
        at.form_submit_button[0].click().run()
    else:
        at.radio(key="calc_over_variant").set_value("overdragelse_pris")
        at.text_input(key="calc_over_dato").input("03.03.2025")
        at.form_submit_button[1].click().run()
    form_values = at.session_state[state.MESSAGES][1]["answer"]["tool_calls"][0]["result"]["values"]
    ask(at, question)
    chat_calls = at.session_state[state.MESSAGES][3]["answer"]["tool_calls"]
    assert chat_calls, at.session_state[state.MESSAGES][3]["content"]
    assert chat_calls[0]["result"]["values"][key] == form_values[key]
    st.cache_resource.clear()
