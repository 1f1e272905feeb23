"""The real index over the real corpus with the real model (slow tier)."""
from __future__ import annotations

from datetime import date

import pytest

from assistant.bench import load_items, retrieval_metrics

from .conftest import SHARED_EVAL

pytestmark = pytest.mark.slow


def test_compound_question_finds_the_termination_clause(real_assistant):
    hits = real_assistant.search("oppsigelsesfrist fastlegeavtale", k=5)
    assert any("si opp avtalen med en frist på 6 måneder" in p.text for p in hits)


def test_every_document_is_indexed_with_metadata(real_assistant):
    docs = real_assistant.documents
    assert len(docs) >= 5
    assert {d.kind for d in docs.values()} >= {"avtale", "rapport"}
    by_doc = {c.doc_id for c in real_assistant.chunks}
    assert by_doc == set(docs)


def test_validity_filter_excludes_expired_agreements(real_assistant):
    hits = real_assistant.search("Hvor lenge gjelder rammeavtalen ASA 4310?", k=10, valid_on=date(2025, 1, 1))
    for p in hits:
        info = real_assistant.documents[p.doc_id]
        assert info.in_force(date(2025, 1, 1)) is not False


def test_dev_set_retrieval_quality_does_not_regress(real_assistant):
    if not SHARED_EVAL.exists():
        pytest.skip("dev set not available")
    m = retrieval_metrics(real_assistant, load_items(SHARED_EVAL), k=5)
    print(f"hit@1 {m['hit'][1]:.3f} hit@5 {m['hit'][5]:.3f} MRR {m['mrr']:.3f} p95 {m['p95']:.1f} ms")
    assert m["hit"][5] >= 0.93 and m["mrr"] >= 0.83  # measured 0.954 / 0.851


@pytest.mark.parametrize("question", [
    "How long is the notice period when a GP terminates the agreement?",
    "Kor lang oppseiingstid har fastlegen?",
    "hvor lang oppsigelsesfrist har fastlegen pa avtalen?",
])
def test_english_nynorsk_and_aeoeaa_less_questions_find_the_termination_clause(real_assistant, question):
    hits = real_assistant.search(question, k=3)
    assert any(p.doc_id == "asa4310-2024" and p.section == "16" for p in hits)


@pytest.mark.parametrize("question", [
    "Hva er oppsigelsesfristen for fastlegeavtalen?",
    "Hvor lang er oppsigelsestiden for fastlegeavtalen?",
])
def test_termination_period_is_answered_from_punkt_16(real_assistant, question):
    a = real_assistant.ask(question, today=date(2025, 1, 1))
    assert not a.abstained and "med en frist på 6 måneder" in a.answer
    # Punkt 16 is cited; for "oppsigelsesfristen" the lead is still 5.8 (hjemfall "etter oppsigelsesfristens
    # utløp"), see the closing note.
    assert any(c.section == "16" and c.doc_id == "asa4310-2024" for c in a.citations[:2])


def test_a_thing_the_sources_never_name_is_refused_while_a_nynorsk_compound_is_read(real_assistant):
    a = real_assistant.ask("Har fastlegen krav på gratis kaffe på legekontoret?", today=date(2025, 1, 1))
    assert a.abstained and "«kaffe»" in a.answer and not a.citations
    # "fastlegeheimel" is no word of the sources, but "fastlegehjemmel" is: read, not refused
    a = real_assistant.ask("Kor lang søknadsfrist må vi minst ha når vi lyser ut ein ledig fastlegeheimel?",
                           today=date(2025, 1, 1))
    assert not a.abstained and "3 uker" in a.answer


def test_a_named_punkt_is_found_and_quoted(real_assistant):
    hits = real_assistant.search("Hva sier punkt 5.6 i rammeavtalen?", k=3)
    assert (hits[0].doc_id, hits[0].section) == ("asa4310-2024", "5.6")
    a = real_assistant.ask("Hva sier punkt 13.3 i rammeavtalen?", today=date(2025, 1, 1))
    assert not a.abstained and a.citations[0].section == "13.3" and "10 dagers fravær" in a.answer


def test_fusion_bench_fits_weights_and_scores_each_set_left_out(real_assistant):
    from assistant.bench import run_fusion_bench

    from .conftest import REPO

    if not SHARED_EVAL.exists():
        pytest.skip("dev set not available")
    out = run_fusion_bench([SHARED_EVAL, REPO / "tests" / "fixtures" / "heldout_answers.jsonl"], real_assistant)
    print(out)
    dev = next(line for line in out.splitlines() if line.strip().startswith("dev "))
    now, left_out = (float(x) for x in dev.split()[1:4:2])
    assert now >= 0.8 and left_out >= 0.7  # measured 0.858 / 0.829


def test_each_part_of_a_two_part_question_gets_its_own_sentence(real_assistant):
    # "hvor lenge sitter medlemmene" shares no word with "Funksjonstiden er 2 år": the part's own sentence vectors
    # and answer type (a duration) find it
    a = real_assistant.ask("Vi skal sette opp nytt samarbeidsutvalg. Hvem skal være leder – kommunen eller legene – "
                           "og hvor lenge sitter medlemmene?", today=date(2025, 1, 1))
    assert not a.abstained and "vekselvis" in a.answer and "Funksjonstiden er 2 år" in a.answer


def test_the_text_part_of_a_calculation_question_is_answered_from_the_sources(real_assistant):
    a = real_assistant.ask("Hvor mye var driftstilskuddet i klasse 2 for avtalespesialister fra 1. juli 2022, og hvem "
                           "bestemmer hvilken klasse spesialisten havner i?", today=date(2025, 1, 1))
    assert a.tool_calls and "1 187 500" in a.answer
    assert "Til resten av spørsmålet:" in a.answer and "lokale forhandlinger" in a.answer
