"""Citation validation: markers must point at retrieved passages and quotes must be verbatim."""
from dataclasses import replace
from datetime import date

from tests.answer_fakes import DOCS, make_chunks
from assistant.answer.citations import citation_for, citation_for_source, find_markers, is_verbatim, validate
from assistant.types import Passage

TODAY = date(2025, 6, 15)


def _passages():
    return [Passage(c, 1.0) for c in make_chunks()[:4]]


def test_is_verbatim_ignores_line_breaks_but_not_words():
    text = "Avtalen gjelder fra 01.04.2024 – 01.07.2025 og forlenges \nautomatisk for ett år"
    assert is_verbatim("forlenges automatisk", text)
    assert is_verbatim("«forlenges automatisk»", text)
    assert not is_verbatim("forlenges ikke automatisk", text)
    assert not is_verbatim("", text)


def test_find_markers_in_order():
    assert find_markers("a [2] b [1] c [2]") == [2, 1, 2]


def test_valid_citations_are_kept_and_renumbered_by_first_use():
    ps = _passages()
    c1 = citation_for(1, ps[0], "forlenges automatisk for ett år", DOCS, TODAY)
    c2 = citation_for(2, ps[3], "hjemfaller til kommunen", DOCS, TODAY)
    text, kept, dropped = validate("Hjemfall [2]. Varighet [1].", [c1, c2], ps)
    assert text == "Hjemfall [1]. Varighet [2]."
    assert [c.doc_id for c in kept] == [ps[3].doc_id, ps[0].doc_id] and dropped == 0


def test_invented_quote_and_unknown_passage_are_dropped():
    ps = _passages()
    good = citation_for(1, ps[0], "forlenges automatisk", DOCS, TODAY)
    invented = replace(citation_for(2, ps[0], "x", DOCS, TODAY), quote="avtalen gjelder til 2030")
    foreign = replace(citation_for(3, ps[1], "Rammeavtalen ASA 4310 gjelder", DOCS, TODAY), chunk_id="doc:9:ukjent")
    text, kept, dropped = validate("A [1]. B [2]. C [3]. D [7].", [good, invented, foreign], ps)
    assert text == "A [1]. B. C. D."
    assert len(kept) == 1 and dropped == 2


def test_tool_source_citation_needs_the_tool_quote():
    src = {"doc_id": "asa4301-2022", "title": "Statsavtalen", "punkt": "2.1", "quote": "675 kroner per listeinnbygger"}
    cit = citation_for_source(1, src, DOCS, TODAY)
    assert validate("Sum [1].", [cit], [], [src])[1] == (cit,)
    assert validate("Sum [1].", [cit], [], [])[1] == ()


def test_citation_shows_validity_of_its_document():
    ps = _passages()
    now = citation_for(1, ps[0], "forlenges automatisk", DOCS, date(2026, 11, 1))  # renewed a year at a time
    old = citation_for(2, ps[1], "gjelder til 31.12.2018", DOCS, date(2026, 11, 1))
    assert now.in_force is True and old.in_force is False
    assert old.valid_to == date(2018, 12, 31)
