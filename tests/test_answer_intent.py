"""Question intent (proposal, present state, duration, share) and the composer mechanisms that use it."""
from datetime import date

from assistant.answer.compose import compose_extractive, has_quantity
from assistant.answer.intent import (asks_duration, asks_present, asks_proposal, duration_stems, is_dissent,
                                     is_majority_view, recommends, share_pattern)
from assistant.types import Chunk, Passage, chunk_id_for
from tests.answer_fakes import DOCS

TODAY = date(2025, 6, 15)


def _passage(doc_id: str, section: str, text: str, heading: str = "Vurderinger") -> Passage:
    info = DOCS[doc_id]
    chunk = Chunk(chunk_id_for(doc_id, section, text), doc_id, info.title, info.source_file, section, heading,
                  (heading,), None, 0, len(text), text)
    return Passage(chunk, 1.0, info.valid_from, info.valid_to)


def _answer_from_report(q: str, section: str, text: str):
    """The extractive answer to ``q`` from one passage of the report."""
    return compose_extractive(q, q, [_passage("rapport-2023", section, text)], DOCS, TODAY)


def test_proposal_and_present_questions():
    assert asks_proposal("Hva foreslår utvalget om legevakt?")
    assert asks_proposal("Hvem skal drive kontoret etter forslaget?")
    assert asks_proposal("Bør kommunen ansette flere leger?")
    assert not asks_proposal("Hvor lang er oppsigelsesfristen?")
    assert asks_present("Hvor mange leger har vi i dag?")
    assert not asks_present("Hva anbefaler utvalget i dag?")  # a proposal question, even with "i dag"


def test_sentence_shapes():
    assert recommends("Ekspertutvalget anbefaler at tilskuddet økes.")
    assert not recommends("Tilskuddet ble økt i 2020.")
    assert is_majority_view("Utvalgets flertall mener at ordningen bør endres.")
    assert is_dissent("Et mindretall i utvalget fraråder endringen.")
    assert is_dissent("Utvalgets medlemmer, med unntak av Hansen, støtter forslaget.")
    assert is_dissent("Utvalgets medlem Olsen mener dette er feil.")
    assert not is_dissent("Utvalget mener ordningen bør endres.")


def test_duration_and_share():
    assert asks_duration("Hvor lenge må pasientene vente?") and not asks_duration("Hvor mange venter?")
    assert "vent" in duration_stems(frozenset({"ventetid"})) and "behandling" in duration_stems(frozenset({"behandlingstid"}))
    pattern = share_pattern("Hvor stor andel av legene har nattevakt?")
    assert pattern is not None
    assert pattern.search("I små kommuner har 80 prosent av legene nattevakt.")
    assert pattern.search("Andelen leger med nattevakt har økt til 45 prosent.")
    assert not pattern.search("Over 90 prosent av kommunene har nattevakt.")
    assert share_pattern("Hvor mange leger har nattevakt?") is None


def test_quantity_ignores_years_and_references():
    assert has_quantity("Median ventetid var 3 dager.")
    assert has_quantity("To av tre pasienter får time samme dag.")
    assert not has_quantity("Se boks 7-1 og figur 2-5 (Hansen, 2019).")
    assert not has_quantity("Dette følger av § 12 og punkt 5.2.")


REPORT = ("Utvalget foreslår mange tiltak for å bedre rekrutteringen, og dette er ett av dem. "
          "Utvalgets flertall anbefaler at kommunene får et eget tilskudd til nattevakt i legevakt. "
          "Tilskuddet bør dekke merkostnadene i små kommuner. "
          "Om nattevakt i legevakt skrev også mange kommuner i høringen. "
          "Legene i små kommuner har oftere nattevakt enn legene i store kommuner. "
          "Et mindretall i utvalget mener et tilskudd til nattevakt vil svekke kommunenes eget ansvar for legevakt.")


def test_proposal_question_leads_with_the_recommendation_and_adds_the_minority():
    q = "Tilskudd til nattevakt i legevakt – hva foreslår utvalget?"
    c = _answer_from_report(q, "8.1", REPORT)
    first = c.text.splitlines()[0]
    assert "flertall anbefaler" in first  # not the sentence that merely contains the word "foreslår"
    assert "mindretall" in c.text


def test_majority_view_takes_the_dissent_along():
    q = "Skal kommunene få tilskudd til nattevakt i legevakt?"
    c = _answer_from_report(q, "8.1", REPORT)
    assert "flertall" in c.text and "mindretall" in c.text


WAITING = ("Hvor lenge pasientene må vente på time er et viktig mål for tilgjengelighet. "
           "Pasientene ble spurt om hvor lenge de måtte vente. "
           "Legekontorene har ulike rutiner for timebestilling. "
           "Median ventetid var 4 dager i 2020.")


def test_how_long_question_quotes_the_duration_before_the_question_restated():
    q = "Hvor lenge må man vente på time hos legen?"
    c = _answer_from_report(q, "2.2", WAITING)
    assert "Median ventetid var 4 dager" in c.text  # "ventetid" answers "hvor lenge … vente"
    order = [x.sentence for x in c.candidates]
    assert order.index("Median ventetid var 4 dager i 2020.") < order.index(
        "Pasientene ble spurt om hvor lenge de måtte vente.")


def test_superseded_text_joins_only_on_the_leads_topic():
    q = "Kan legen fortsette etter 75 år?"
    rule = _passage("asa4310-2024", "16", "Kommunen og legen kan inngå en tidsbegrenset avtale ut over fylte 70 år, "
                    "likevel ikke etter at legen er fylt 75 år.", heading="Varighet")
    stray = _passage("ks-2019", "Prosesser", "KS forutsetter at forhandlingsprosessene fortsetter i flere år.",
                     heading="Prosesser")
    c = compose_extractive(q, q, [rule, stray], DOCS, TODAY)
    assert "75 år" in c.text and "forhandlingsprosessene" not in c.text


def test_second_part_gets_its_own_sentence_unless_already_quoted():
    q = "Hvor stor andel av legene har nattevakt, og hvordan er det i små kommuner?"
    p1 = _passage("rapport-2023", "8.4", "I små kommuner har legene oftere nattevakt enn i store kommuner, og de fleste legene har nattevakt. "
                  "Dette skyldes få leger i vaktordningen.")
    p2 = _passage("rapport-2023", "2.3", "Kommunene rapporterer om vaktbelastningen hvert år. "
                  "Andelen leger med nattevakt var 45 prosent i 2021.")
    c = compose_extractive(q, q, [p1, p2], DOCS, TODAY)
    assert "små kommuner" in c.text and "45 prosent" in c.text
