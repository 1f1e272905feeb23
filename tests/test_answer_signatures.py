"""Who signed a letter: its signature block, read from the layout (names followed by titles), cited verbatim."""
from datetime import date

import pytest

from assistant.answer.pipeline import answer_question
from assistant.answer.signatures import asks_signatory, signature
from assistant.types import Chunk, chunk_id_for
from tests.answer_fakes import DOCS, FakeRetriever, make_chunks

TODAY = date(2025, 9, 1)


@pytest.mark.parametrize("text, people", [
    ("… er bærekraftig.\n\nMed hilsen\n\nKari Nordmann\n\nStyreleder\n\nBrevet er godkjent elektronisk",
     [("Kari Nordmann", "Styreleder")]),
    # two signers on one line (the PDF's columns), a title before a name, and a title with its unit after it
    ("Med vennlig hilsen\n\nOla Berg administrerende direktør Per Arne Lid områdedirektør Arbeidsliv",
     [("Ola Berg", "administrerende direktør"), ("Per Arne Lid", "områdedirektør Arbeidsliv")]),
    ("kommunene utbetale basistilskudd umiddelbart.\n\nAnne Holm\n\nAvdelingsdirektør Eva Dahl\n\nSpesialrådgiver\n\n"
     "Kontaktpersoner i KS:", [("Anne Holm", "Avdelingsdirektør"), ("Eva Dahl", "Spesialrådgiver")]),
])
def test_a_signature_block_gives_each_name_with_its_title(text, people):
    s = signature(text)
    assert s is not None and list(s.people) == people
    assert s.text in " ".join(text.split())  # the quote is the passage's own words


@pytest.mark.parametrize("text", [
    "Kari Nordmann Leder Fagdirektør for helsetjenesteforskning ved instituttet",  # a member table row
    "Styreleder Kari Nordmann mener at avtalen bør forlenges.",
    "Rammeavtalen\n\nSamarbeidsutvalg",
    "Leder velges for ett år.",
])
def test_text_that_is_not_a_signature_block_gives_none(text):
    assert signature(text) is None


@pytest.mark.parametrize("question, asks", [
    ("Hvem skrev under brevet fra KS?", True),
    ("Kven signerte rundskrivet?", True),
    ("Who signed the 2019 letter?", True),
    ("Hvem leder samarbeidsutvalget?", False),
    ("Hva skrev KS om forhandlingene?", False),
    ("Hvem skal sende varselet om pålegg til legen?", False),
])
def test_a_question_for_the_signer_is_told_apart(question, asks):
    assert asks_signatory(question) is asks


def _chunk(doc_id, section, heading, text):
    info = DOCS[doc_id]
    return Chunk(chunk_id_for(doc_id, section, text), doc_id, info.title, info.source_file, section, heading, (heading,),
                 None, 0, len(text), text)


def _retriever_with_signed_letter():
    signed = _chunk("ks-2018", "Slutt", "Rammeavtalen", "Rammeavtalen ASA 4310 gjelder til 31.12.2018. Partene "
                    "forhandler om ny avtale.\n\nMed hilsen\n\nKari Nordmann\n\nStyreleder")
    return FakeRetriever([c for c in make_chunks() if c.doc_id != "ks-2018"] + [signed])


def test_who_signed_the_letter_is_answered_from_its_signature_with_a_verbatim_citation():
    a = answer_question("Hvem skrev under brevet om rammeavtalen i 2018?", retriever=_retriever_with_signed_letter(),
                        documents=DOCS, today=TODAY)
    assert not a.abstained and "Kari Nordmann (styreleder)" in a.answer
    assert a.citations and a.citations[0].doc_id == "ks-2018" and a.citations[0].quote == "Kari Nordmann Styreleder"


def test_a_question_about_a_document_without_a_signature_is_not_given_another_letters_signer():
    # the signed letter is retrieved, but far below the report the question is about
    question = "Hvem skrev rapporten om fastleger, basistilskudd, samarbeidsutvalget og avtalen i Norge?"
    retriever = _retriever_with_signed_letter()
    assert "ks-2018" in [p.doc_id for p in retriever.search(question, k=8)][3:]
    a = answer_question(question, retriever=retriever, documents=DOCS, today=TODAY)
    assert "Kari Nordmann" not in a.answer


def test_a_members_table_gives_each_row_with_its_function_and_position():
    from assistant.answer.signatures import roster
    # the PDF text runs the rows together; a place that ends a position is not part of the next name
    text = ("Tabell 1-1: Utvalgets medlemmer\n\nNavn Funksjon Stilling\n\nKari Nordmann Leder Professor ved UiO "
            "Ola Per Hansen Medlem Kommunedirektør i Fredrikstad Eva Dahl Medlem Fastlege i Oslo Per Lid Medlem Jurist")
    rows = roster(text)
    assert [(r.name, r.function) for r in rows] == [("Kari Nordmann", "Leder"), ("Ola Per Hansen", "Medlem"),
                                                    ("Eva Dahl", "Medlem"), ("Per Lid", "Medlem")]
    assert rows[1].position == "Kommunedirektør i Fredrikstad" and rows[0].text in " ".join(text.split())
    assert roster("Leder velges for ett år. Samarbeidsutvalget Leder møtene.") == []  # no table


def _retriever_with_members_table():
    table = _chunk("rapport-2023", "1.1", "Utvalgets sammensetning", "Regjeringen nedsatte utvalget for fastleger i "
                   "Norge.\n\nNavn Funksjon Stilling\n\nKari Nordmann Leder Professor ved UiO Ola Hansen Medlem "
                   "Fastlege i Oslo Eva Dahl Medlem Jurist")
    return FakeRetriever(make_chunks() + [table])


def test_who_leads_a_body_is_answered_from_its_members_table():
    a = answer_question("Hvem er leder av utvalget for fastleger?", retriever=_retriever_with_members_table(),
                        documents=DOCS, today=TODAY)
    assert "Kari Nordmann" in a.answer and a.citations[0].quote.startswith("Kari Nordmann Leder Professor")


def test_a_leader_of_another_body_is_not_taken_from_a_members_table():
    # samarbeidsutvalget is not the body the table's heading names ("utvalget"): no leader is read from the table
    # (the composer may still quote the passage, as it quotes any passage that shares the question's words)
    a = answer_question("Hvem leder samarbeidsutvalget for fastleger?", retriever=_retriever_with_members_table(),
                        documents=DOCS, today=TODAY)
    assert "er Kari Nordmann leder" not in a.answer


def test_the_body_led_is_the_word_after_the_verb_and_another_part_is_still_answered():
    r = _retriever_with_members_table()
    # the sekretariat of the utvalg is led by someone the table does not name
    a = answer_question("Hvem ledet sekretariatet til utvalget for fastleger?", retriever=r, documents=DOCS, today=TODAY)
    assert "er Kari Nordmann leder" not in a.answer
    # two parts: the leader from the table, the other part composed from the passages
    b = answer_question("Hvem er leder av utvalget for fastleger, og hvem nedsatte utvalget?", retriever=r,
                        documents=DOCS, today=TODAY)
    assert "er Kari Nordmann leder" in b.answer and "Regjeringen nedsatte" in b.answer
    assert len(b.citations) >= 2
