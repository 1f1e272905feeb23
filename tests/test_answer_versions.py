"""Version preference: three ASA 4310 texts disagree about its duration; the one in force leads."""
from datetime import date

from tests.answer_fakes import DOCS, FakeRetriever
from assistant.answer.pipeline import answer_question
from assistant.answer.versions import document_in_force, version_weight


def test_superseded_expired_and_renewed_documents():
    today = date(2026, 3, 1)
    assert document_in_force(DOCS["asa4310-2024"], DOCS, today) is True  # renewed automatically
    assert document_in_force(DOCS["ks-2018"], DOCS, today) is False
    assert document_in_force(DOCS["asa4301-2022"], DOCS, today) is False
    assert document_in_force(DOCS["rapport-2023"], DOCS, today) is None
    assert version_weight(DOCS["ks-2019"], DOCS, today) < version_weight(DOCS["asa4301-2022"], DOCS, today) < 1.0


def test_answer_leads_with_the_version_in_force_and_mentions_history():
    a = answer_question("Hvor lenge gjelder rammeavtalen ASA 4310?", retriever=FakeRetriever(), documents=DOCS,
                        today=date(2025, 9, 1))
    assert not a.abstained
    first = a.answer.splitlines()[0]
    assert "01.04.2024 – 01.07.2025" in first and "[1]" in first
    assert a.citations[0].doc_id == "asa4310-2024" and a.citations[0].in_force is True
    assert "31.08.2020" in a.answer and "Historikk" in a.answer
    assert any(c.in_force is False for c in a.citations[1:])


def test_before_the_new_agreement_the_old_extension_is_in_force():
    assert document_in_force(DOCS["asa4310-2024"], DOCS, date(2020, 1, 1)) is False
    assert document_in_force(DOCS["ks-2019"], DOCS, date(2020, 1, 1)) is False  # superseded in the corpus


def test_a_date_before_the_agreement_in_force_is_answered_from_the_texts_of_that_time():
    # the calculator holds the 2024 version only ("gjaldt ikke …", no answer of its own): the letters of that time
    # say until when the agreement ran, and the 2024 text does not lead
    a = answer_question("Til hvilken dato ble rammeavtalen forlenget i 2019?", retriever=FakeRetriever(),
                        documents=DOCS, today=date(2025, 9, 1))
    assert not a.tool_calls and not a.abstained
    assert "31.08.2020" in a.answer.split("\n")[0] and "gjaldt ikke" not in a.answer
    assert a.citations[0].doc_id == "ks-2019"
    now = answer_question("Gjelder rammeavtalen 1. september 2025?", retriever=FakeRetriever(), documents=DOCS,
                          today=date(2025, 9, 1))
    assert now.tool_calls and now.tool_calls[0].result["values"]["i_kraft"] is True
