"""Fusion and the Norwegian analyzer: pure functions."""
from assistant.retrieval.fusion import fuse_rankings
from assistant.retrieval.lexical import BM25Index, NorwegianAnalyzer, fold


def test_rrf_rewards_agreement_between_rankers():
    fused = fuse_rankings({"bm25": ["a", "b", "c"], "dense": ["b", "c", "a"]})
    assert [x for x, _ in fused][:1] == ["b"]


def test_rrf_weights_shift_the_order():
    r = {"bm25": ["a", "b"], "dense": ["b", "a"]}
    assert fuse_rankings(r, {"bm25": 2.0, "dense": 1.0})[0][0] == "a"
    assert fuse_rankings(r, {"bm25": 1.0, "dense": 2.0})[0][0] == "b"


def test_rrf_empty_and_single():
    assert fuse_rankings({}) == []
    assert [x for x, _ in fuse_rankings({"bm25": ["x"], "dense": []})] == ["x"]


def test_fold_handles_missing_norwegian_letters():
    assert fold("fraværsattest") == fold("fravaersattest")
    assert fold("når") == fold("naar") == "nar"


def test_compound_split_uses_corpus_vocabulary():
    an = NorwegianAnalyzer(["oppsigelse frist fastlege avtalen"])
    parts = an.compound_parts("oppsigelsesfristen")
    assert "frist" in parts and any(t.startswith("oppsig") for t in parts)
    assert an.compound_parts("oppsigelsesfrist", rare=lambda _t: False) == []
    # no vocabulary: no split
    assert NorwegianAnalyzer([]).compound_parts("oppsigelsesfrist") == []


def test_compound_question_finds_clause_without_the_compound():
    texts = [
        "Kommunen og legen kan si opp avtalen med en frist på 6 måneder.",
        "Basistilskuddet utgjør 675 kroner per listeinnbygger.",
        "Frist for oppstart av praksis avtales. Oppsigelse av avtalen skjer skriftlig.",
        "Legen skal delta i samarbeidsutvalget.",
    ]
    idx = BM25Index(texts)
    hits = idx.search("Hva er oppsigelsesfristen?", k=4)
    assert hits and hits[0][0] in (0, 2)
    assert 1 not in [i for i, _ in hits[:2]]


def test_question_without_aeoeaa_matches():
    idx = BM25Index(["Fraværsattest for elever i videregående skole.", "Basistilskudd per listeinnbygger."])
    assert idx.search("fravaersattest vgs", k=2)[0][0] == 0


def test_stopword_only_query_returns_nothing():
    idx = BM25Index(["Basistilskudd per listeinnbygger."])
    assert idx.search("hva er det", k=3) == []


def test_score_fusion_normalises_each_ranking():
    from assistant.retrieval.fusion import fuse_scores, normalize_scores

    assert normalize_scores([("a", 10.0), ("b", 5.0), ("c", 0.0)]) == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert normalize_scores([("a", 3.0)]) == {"a": 1.0}
    fused = fuse_scores({"bm25": [("a", 30.0), ("b", 10.0)], "dense": [("b", 0.9), ("a", 0.1)]}, {"bm25": 0.6, "dense": 0.4})
    assert fused[0][0] == "a" and abs(fused[0][1] - 0.6) < 1e-9 and abs(fused[1][1] - 0.4) < 1e-9
    assert fuse_scores({}, {}) == []


def test_embedding_text_has_headings_and_is_cut_at_a_word():
    from assistant.retrieval.retriever import EMBED_MAX_CHARS, embedding_text
    from assistant.types import Chunk

    long_text = "Basistilskuddet utgjør 675 kroner per listeinnbygger. " * 40
    c = Chunk("id", "d", "T", "f.txt", "2.1", "Basistilskudd", ("Del II", "2.1 Basistilskudd"), None, 0, len(long_text), long_text)
    t = embedding_text(c)
    assert t.startswith("Del II – 2.1 Basistilskudd\n") and len(t) <= EMBED_MAX_CHARS
    assert not t.endswith(" ") and long_text.startswith(t.split("\n", 1)[1])
    short = Chunk("id", "d", "T", "f.txt", "1", "", (), None, 0, 5, "Kort.")
    assert embedding_text(short) == "Kort."


# --- question rewriting and two-part questions ---------------------------------------------------------
from assistant.answer.normalize import retrieval_text  # noqa: E402
from assistant.retrieval.retriever import interleave, question_parts  # noqa: E402


def test_two_part_question_is_split_at_the_second_question_word():
    assert question_parts("Hva er primærhelseteam, og hvor mange kontor deltar?") == [
        "Hva er primærhelseteam", "hvor mange kontor deltar?"]
    assert question_parts("How long is the training, and how many goals are there?") == [
        "How long is the training", "how many goals are there?"]


def test_one_question_with_og_is_not_split():
    assert question_parts("Hvem sitter i samarbeidsutvalget og allmennlegeutvalget?") == []
    assert question_parts("Kan kommunen og legen si opp avtalen?") == []
    assert question_parts("") == []


def test_interleave_keeps_the_whole_questions_top_two_then_takes_each_rankings_best_in_turn_without_repeats():
    assert interleave([[1, 2, 3], [4, 1, 5], [2, 6]], 5) == [1, 2, 4, 6, 3]
    assert interleave([[1, 2, 3], [4, 1, 5], [2, 6]], 1) == [1]
    assert interleave([[1, 2], []], 5) == [1, 2]
    assert interleave([[1, 2, 3]], 2) == [1, 2]


def test_retrieval_text_puts_nynorsk_and_english_words_in_bokmaal():
    vocab = {"ekspertutvalget", "tjenesten", "leder", "avtalen", "oppsigelse", "fastlege"}
    assert retrieval_text("Kven leiar ekspertutvalet?", vocab) == "hvem leder ekspertutvalget?"
    assert "fastlege" in retrieval_text("Can a GP end the agreement?", vocab)
    assert "avtale" in retrieval_text("Can a GP end the agreement?", vocab)


def test_retrieval_text_restores_aeoeaa_only_when_the_question_has_none():
    vocab = {"fravær", "så", "sa"}
    assert "fravær" in retrieval_text("gjelder det ved fravaer", vocab)
    # Typed with å elsewhere: "sa opp" is the verb "si" in the past, not "så".
    assert retrieval_text("Ingen sa opp avtalen i vår", vocab) == "ingen sa opp avtalen i vår"


def test_retrieval_text_searches_the_recommendations_for_proposal_and_change_questions():
    assert retrieval_text("Hva foreslår utvalget om legevakt?", set()).endswith(" anbefaler")
    assert retrieval_text("Hvor stor stilling må jeg ha, og vil det endres?", set()).endswith(" anbefaler")
    assert not retrieval_text("Blir det endringer i basistilskuddet fra 1. juli?", set()).endswith(" anbefaler")
    assert retrieval_text("Hvilke endringer kom i 2020?", set()) == "hvilke endringer kom i 2020?"  # past, not proposed
    assert not retrieval_text("Hvor stor stilling må jeg ha?", set()).endswith(" anbefaler")


def test_dotted_number_is_a_term_of_its_own():
    texts = [
        "Avtale 8 og avtale 2 gjelder som avtale.",
        "En 8.2-avtale gir legen kontor og utstyr.",
        "Punkt 2 og punkt 8 i avtalen gjelder.",
    ]
    idx = BM25Index(texts)
    assert idx.search("8.2-avtale", k=1)[0][0] == 1


def test_english_question_loses_its_glue_words_but_stays_two_part():
    q = retrieval_text("How long does the training take after LIS1, and how many goals are there?", set())
    assert "does" not in q.split() and "the" not in q.split() and "after" not in q.split()
    assert question_parts(q) and "lis1" in q
    # Norwegian questions keep every word ("i", "er", "en" are Norwegian too).
    assert retrieval_text("Hva er en 8.2-avtale i praksis?", set()) == "hva er en 8.2-avtale i praksis?"


def test_english_questions_are_recognised_and_norwegian_ones_are_not():
    from assistant.retrieval.retriever import is_english

    assert is_english("How long is the notice period for a GP?")
    assert is_english("Can I transfer my list to another doctor?")
    assert not is_english("Hvor lang er oppsigelsesfristen?")
    assert not is_english("Kor lang er oppseiingstida, og kva er fristen?")
    assert not is_english("A/5-2022 og ASA 4310")
    # "i" and "to" are Norwegian words: a Norwegian question with no other function word is not English
    assert not is_english("Kunne legene streike etter bruddet i forhandlingene i 2018?")
    assert not is_english("Hvem i utvalget var uenig i to av forslagene?")
    assert is_english("Who leads the committee?")


def test_a_question_about_proposals_also_searches_for_recommendations():
    assert retrieval_text("Hva foreslår utvalget om legevakt?", set()).endswith(" anbefaler")
    assert "anbefaler" not in retrieval_text("Hva sier avtalen om legevakt?", set())
    assert retrieval_text("Hva anbefaler utvalget?", set()).count("anbefal") == 1


def test_title_pages_and_bare_headings_are_never_answers():
    from assistant.retrieval.retriever import is_title_only
    from assistant.types import Chunk

    def chunk(text):
        return Chunk("x", "d", "D", "d.txt", "1", "H", ("H",), None, 0, len(text), text)

    assert is_title_only(chunk("ASA 4310 for perioden 2024-2025\n\nRammeavtale mellom KS og Den norske legeforening"))
    assert not is_title_only(chunk("8.3 Utekontor\n\nKommunen dekker alle utgifter til drift av utekontor."))
    assert not is_title_only(chunk("Vedlegg " + "ord " * 120))  # long text without marks is still text


def test_norwegian_question_keeps_words_that_look_like_english_glue():
    # "at", "to", "i" are Norwegian words too: only an English question loses its glue words.
    assert retrieval_text("Er det mulig at legen kan jobbe to dager i uka?", set()) == \
        "er det mulig at legen kan jobbe to dager i uka?"


def test_sentence_evidence_rewards_the_question_words_together():
    from assistant.retrieval.lexical import BM25Index

    texts = [
        "Fristen er kort. Oppsigelse skjer skriftlig. Kommunen varsler legen.",   # words scattered
        "Kommunen og legen kan si opp avtalen med en frist på 6 måneder. Annet.",  # together in one sentence
        "Det kan henge sammen med mye.",                                           # one word only
    ]
    idx = BM25Index(texts)
    ev = idx.sentence_evidence("Hvor lang frist har kommunen for oppsigelse av legen?", [0, 1, 2])
    assert ev[1] > ev[0] and ev[2] == 0.0 and 0.0 <= ev[0] <= 1.0


def test_with_sentence_evidence_reorders_only_the_top():
    from assistant.retrieval.lexical import BM25Index
    from assistant.retrieval.retriever import EVIDENCE_TOP, with_sentence_evidence

    texts = ["Fristen gjelder. Kommunen betaler.", "Kommunen har en frist på 6 måneder."] + ["Tekst."] * EVIDENCE_TOP
    idx = BM25Index(texts)
    fused = [(0, 0.5), (1, 0.45)] + [(i, 0.1) for i in range(2, len(texts))]
    out = with_sentence_evidence(fused, idx, "Hvilken frist har kommunen?")
    assert [i for i, _ in out[:2]] == [1, 0] and out[EVIDENCE_TOP:] == fused[EVIDENCE_TOP:]


def test_definite_and_indefinite_forms_share_a_bm25_term():
    an = NorwegianAnalyzer()
    assert an.terms("legevaktnummeret") == an.terms("legevaktnummer")
    assert an.terms("oppsigelsesfristen") == an.terms("oppsigelsesfrist")


def test_a_compound_head_counts_half_as_sentence_evidence():
    texts = ["Kommunen og legen kan si opp avtalen med seks måneders frist.", "Kommunen har mange oppgaver. Avtalen.",
             "fastlegeavtalen avtalen kommunen fastlege"]
    idx = BM25Index(texts)
    assert idx.analyzer.compound_heads("fastlegeavtalen") == {idx.analyzer.terms("fastlegeavtalen")[0]: "avtal"}
    ev = idx.sentence_evidence("Når kan kommunen si opp fastlegeavtalen?", [0, 1])
    assert ev[0] > ev[1] == 0.0


def test_engine_calls_group_texts_up_to_a_size_in_order():
    from assistant.retrieval.embedders import engine_calls

    texts = ["a" * 400, "b" * 400, "c" * 300, "d" * 1200, "e" * 10]
    groups = engine_calls(texts, 1000)
    assert groups == [["a" * 400, "b" * 400], ["c" * 300], ["d" * 1200], ["e" * 10]]
    assert [t for g in groups for t in g] == texts
    assert engine_calls([], 1000) == []
