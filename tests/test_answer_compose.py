import pytest
"""Extractive composer and calculator answers, with the fake corpus."""
from datetime import date

from assistant.answer.calc_answer import compose_calc, unique_sources
from assistant.answer.compose import compose_extractive, question_parts
from assistant.answer.sentences import split_sentences
from assistant.types import Passage
from tests.answer_fakes import DOCS, FakeRetriever, make_chunks

TODAY = date(2025, 6, 15)


def test_split_sentences_joins_wrapped_lines_and_keeps_headings_apart():
    text = "5.8 Hjemfall av fastlegeavtale\n\nFastlegeavtalen hjemfaller til \nkommunen. Fra 1. juli 2022 gjelder\nnr. 1 001 og pkt. 5."
    assert split_sentences(text) == ["5.8 Hjemfall av fastlegeavtale", "Fastlegeavtalen hjemfaller til kommunen.",
                                     "Fra 1. juli 2022 gjelder nr. 1 001 og pkt. 5."]


def test_sentence_glued_to_a_caption_is_split_off():
    text = ("Figur 7-4: Utvikling i median konsultasjonstid a) og for sykmelding b) Kilde: KUHR og FLO "
            "Basert på refusjonstall fra Helfo skrev fastlegene ut ca. 3,87 millioner sykmeldinger i 2022. Dette økte.")
    assert split_sentences(text) == [
        "Figur 7-4: Utvikling i median konsultasjonstid a) og for sykmelding b) Kilde: KUHR og FLO",
        "Basert på refusjonstall fra Helfo skrev fastlegene ut ca. 3,87 millioner sykmeldinger i 2022.", "Dette økte."]
    caption = "Figur 2-1: Antall fastleger. Kilde: FLO og SSB, 2002-2022."
    assert split_sentences(caption) == ["Figur 2-1: Antall fastleger.", "Kilde: FLO og SSB, 2002-2022."]
    assert split_sentences("Tabell 1-1: Medlemmer Kilde: Statistisk sentralbyrå") == [
        "Tabell 1-1: Medlemmer Kilde: Statistisk sentralbyrå"]


def test_footnote_number_glued_to_a_full_stop_ends_the_sentence():
    text = "Legevaktsarbeid er inkludert.3 Aktivitet utført av vikarer er ikke inkludert. Se pkt.3 Dette gjelder."
    assert split_sentences(text) == ["Legevaktsarbeid er inkludert.3", "Aktivitet utført av vikarer er ikke inkludert.",
                                     "Se pkt.3 Dette gjelder."]


def test_irregular_gjoere_participles_share_the_stem():
    from assistant.answer.sentences import content_stems
    assert content_stems("godtgjort godtgjøres kunngjorde") == ["godtgjør", "godtgjør", "kunngjør"]


def test_question_parts():
    assert question_parts("Hvordan er utvalget sammensatt, og hvem leder det? Kan legen delta?") == [
        "Hvordan er utvalget sammensatt", "hvem leder det?", "Kan legen delta?"]
    assert len(question_parts("Når hjemfaller en avtale?")) == 1


@pytest.mark.parametrize("text, parts", [
    # a yes/no question joined by og/and: the verb before its subject opens it
    ("Hva er SOP, og må jeg betale for å være med?", ["Hva er SOP", "må jeg betale for å være med?"]),
    ("Who sits in the group, and does KS get a vote?", ["Who sits in the group", "does KS get a vote?"]),
    ("Har kommunen noko å seie om det, og endrar det pliktene mine?",
     ["Har kommunen noko å seie om det", "endrar det pliktene mine?"]),
    # the story and the condition before a question stay with it
    ("Vi skal sette opp et nytt utvalg. Hvem leder det, og hvor lenge sitter medlemmene?",
     ["Vi skal sette opp et nytt utvalg. Hvem leder det", "hvor lenge sitter medlemmene?"]),
    ("Hvis jeg er borte og ikke skaffer vikar, når kan kommunen gjøre det, og hvem får tilskuddet?",
     ["Hvis jeg er borte og ikke skaffer vikar, når kan kommunen gjøre det", "hvem får tilskuddet?"]),
    # one question: an infinitive or a negation after the verb, the two sides of "eller", a closing remark
    ("Jeg er ny lege og skal overta en praksis. Hva betaler jeg for?",
     ["Jeg er ny lege og skal overta en praksis. Hva betaler jeg for?"]),
    ("Ein lege fekk slag og kan ikkje jobbe. Kan vi ta over lista?",
     ["Ein lege fekk slag og kan ikkje jobbe. Kan vi ta over lista?"]),
    ("Kan vi lyse den ut med 1200, eller må den lyses ut som den er?",
     ["Kan vi lyse den ut med 1200, eller må den lyses ut som den er?"]),
    ("Hva er fristen? Takk for hjelpen.", ["Hva er fristen? Takk for hjelpen."]),
])
def test_question_parts_are_the_questions_asked(text, parts):
    from assistant.language import question_parts as split
    assert split(text) == parts


def test_multi_part_question_gets_a_sentence_per_part():
    q = "Hvordan er samarbeidsutvalget sammensatt, og hvem leder det? Kan kommuneoverlegen være legenes representant?"
    ps = FakeRetriever().search(q)
    c = compose_extractive(q, q, ps, DOCS, TODAY)
    for needle in ("like mange", "ett år", "kan ikke"):
        assert needle in c.text
    assert c.text.startswith("Ifølge Rammeavtalen (ASA 4310) 2024–2025 pkt. 4.2:")


def test_continuation_sentence_is_kept_with_its_lead():
    q = "Hvordan løses tvister?"
    c = compose_extractive(q, q, FakeRetriever().search(q), DOCS, TODAY)
    assert "voldgift eller domstol" in c.text and c.citations[0].section == "17"


def test_compose_calc_cites_the_passage_holding_the_rule():
    chunk = next(c for c in make_chunks() if c.section == "2.1" and c.doc_id == "asa4301-2022")
    result = {"summary": "Basistilskudd: 675 000 kr per år.", "steps": ["1 000 × 675 kr = 675 000 kr"],
              "values": {"arlig_kr": 675000}, "warnings": ["OBS: satsene gjaldt til 30.06.2023."],
              "sources": [{"doc_id": "asa4301-2022", "title": "Statsavtalen", "punkt": "2.1",
                           "quote": "675 kroner per listeinnbygger"},
                          {"doc_id": "asa4301-2022", "title": "Statsavtalen", "punkt": "2.1",
                           "quote": "675 kroner per listeinnbygger inntil 1 000 listeinnbyggere"},
                          {"doc_id": "asa4310-2024", "title": "Rammeavtalen", "punkt": "8.1",
                           "quote": "Tilskuddet utbetales med 1/12"}]}
    text, cits = compose_calc(result, [Passage(chunk, 1.0)], DOCS, TODAY)
    assert text.splitlines()[0] == "Basistilskudd: 675 000 kr per år. [1]"
    assert "Merk: satsene gjaldt" in text and "- 1 000 × 675 kr = 675 000 kr" in text
    assert cits[0].chunk_id == chunk.chunk_id and cits[0].quote.startswith("Fra 1. juli 2022 utgjør")
    assert cits[1].chunk_id == "" and cits[1].section == "8.1"  # no passage holds it: the tool's source itself
    assert len(unique_sources(result["sources"])) == 2


def test_deadline_result_gets_a_readable_date():
    result = {"summary": "Fristen er 2025-04-07.", "values": {"dato": "2025-04-07"}, "sources": []}
    text, _ = compose_calc(result, [], DOCS, TODAY)
    assert "7. april 2025 (07.04.2025)" in text


def test_question_parts_split_on_nynorsk_and_english_question_words():
    from assistant.answer.compose import question_parts
    assert len(question_parts("Kor ofte skal utvalet møtast, og kor lenge sit medlemmane?")) == 2
    assert len(question_parts("Kva er fristen, og kven avgjer saka?")) == 2
    assert len(question_parts("Why was the rule changed and which clause says so?")) == 2
    assert len(question_parts("Hvor lenge varer avtalen?")) == 1
