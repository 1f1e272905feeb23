"""Composer: whole-clause quoting, merged runs, term weighting and stemming of "-lege" compounds."""
from datetime import date

from assistant.answer.compose import compose_extractive
from assistant.answer.sentences import content_stems, term_stats
from assistant.types import Chunk, Passage, chunk_id_for
from tests.answer_fakes import DOCS

TODAY = date(2025, 6, 15)
CLAUSE = ("17.1 Tvist om individuelle avtaler\n\nTvist om trekk i basistilskudd søkes løst ved forhandlinger mellom "
          "kommunen og legen. Partene kan la seg bistå av advokat.\n\nFører forhandlingene ikke frem kan partene bli "
          "enige om voldgift. Hver av partene kan bringe saken inn for domstolsbehandling.")
FILLER = "Kommunen skal ha en oversikt over fastlegeordningen. Legene skal delta i samarbeidsmøter."


def _passage(doc_id: str, section: str, text: str) -> Passage:
    info = DOCS[doc_id]
    chunk = Chunk(chunk_id_for(doc_id, section, text), doc_id, info.title, info.source_file, section, "Tvister",
                  ("Tvister",), None, 0, len(text), text)
    return Passage(chunk, 1.0, info.valid_from, info.valid_to)


def test_short_agreement_clause_is_quoted_whole_in_one_citation():
    q = "Hvordan løses en tvist om trekk i basistilskuddet?"
    c = compose_extractive(q, q, [_passage("asa4310-2024", "17.1", CLAUSE)], DOCS, TODAY)
    assert "domstolsbehandling" in c.text and "voldgift" in c.text
    assert len(c.citations) == 1 and c.citations[0].quote.startswith("Tvist om trekk")
    assert "17.1 Tvist om individuelle avtaler" not in c.citations[0].quote  # the heading is not quoted


def test_report_paragraph_is_not_quoted_whole():
    q = "Hvordan løses en tvist om trekk i basistilskuddet?"
    c = compose_extractive(q, q, [_passage("rapport-2023", "4.1", CLAUSE)], DOCS, TODAY)
    assert "Tvist om trekk" in c.text and "domstolsbehandling" not in c.text


def test_sentences_of_one_paragraph_are_quoted_once_in_order():
    q = "Hvordan løses en tvist om trekk i basistilskuddet med forhandlinger eller voldgift?"
    c = compose_extractive(q, q, [_passage("rapport-2023", "4.1", CLAUSE), _passage("rapport-2023", "9", FILLER)],
                           DOCS, TODAY)
    quotes = [x.quote for x in c.citations]
    assert len(quotes) == len(set(quotes))
    joined = " ".join(quotes)
    assert joined.index("forhandlinger mellom") < joined.index("voldgift")


def test_lege_compounds_keep_their_head():
    assert content_stems("fastlegene")[0] == content_stems("fastlege")[0] != content_stems("fast")[0]
    assert content_stems("kommuneoverlegen") == ["kommuneoverleg"]


def test_corpus_idf_favours_rare_terms():
    stats = term_stats(["fastlegen foreslår", "fastlegen mener", "kvalitetsjustering av fastlegen"])
    rare, common = content_stems("kvalitetsjustering fastlegen")
    assert stats.idf(rare) > stats.idf(common)
    assert stats.idf("ukjentord") > stats.idf(rare)


def test_per_corpus_values_are_built_once_per_chunk_list():
    from types import SimpleNamespace

    from assistant.answer.pipeline import _per_corpus

    calls = []

    def build(chunks):
        calls.append(len(chunks))
        return len(chunks)

    first = SimpleNamespace(chunks=["a", "b"])
    assert _per_corpus(first, "test-count", build) == 2
    assert _per_corpus(first, "test-count", build) == 2 and calls == [2]
    second = SimpleNamespace(chunks=["a", "b", "c"])  # e.g. after a re-index
    assert _per_corpus(second, "test-count", build) == 3 and calls == [2, 3]
    assert _per_corpus(SimpleNamespace(chunks=[]), "test-count", build) is None


def test_a_run_holding_two_chosen_sentences_is_not_cut_before_the_second():
    from assistant.answer.compose import MAX_QUOTE_CHARS, _clip

    text = "A" * 500 + " og så videre. " + "Ekspertutvalget anbefaler at LIS1 er nok, og at kravet om bakvakt faller bort. " * 4
    assert len(_clip(text)) <= MAX_QUOTE_CHARS and "bakvakt" not in _clip(text)
    assert _clip(text, n_chosen=2) == text


def test_a_run_is_cut_before_its_chosen_sentence_not_inside_it():
    from assistant.answer.compose import _clip_run

    context = "Det er utvalgets forståelse at prioritering er en del av skjønnet, " + "og at dette gjelder alle. " * 30
    chosen = "Utvalget mener derfor at regelen om fem arbeidsdager kan fjernes."
    quote, head_cut = _clip_run(f"{context}{chosen}", [chosen])
    assert quote == chosen and head_cut  # the context before it goes; the chosen sentence stays whole
    short = "Kort innledning. " + chosen
    assert _clip_run(short, [chosen]) == (short, False)  # nothing to cut: the run as it stands


def test_a_sentence_starting_dette_betyr_is_quoted_with_the_one_it_refers_to():
    from datetime import date

    from assistant.answer.compose import compose_extractive
    from tests.answer_fakes import DOCS, make_chunks
    from assistant.types import Passage

    chunk = next(c for c in make_chunks() if c.doc_id in DOCS)
    text = ("Forhandlingene om takster er en forskrift og ikke en tariffavtale. "
            "Dette betyr at legene ikke lovlig kan streike med grunnlag i den.")
    p = Passage(chunk=chunk.__class__(**{**chunk.__dict__, "text": text, "end": len(text)}), score=1.0)
    c = compose_extractive("Kan legene streike?", "Kan legene streike?", [p], DOCS, date(2025, 6, 15))
    assert "forskrift" in c.text and "streike" in c.text


def _scored(doc_id: str, section: str, text: str, score: float) -> Passage:
    p = _passage(doc_id, section, text)
    return Passage(p.chunk, score, p.valid_from, p.valid_to)


def test_a_passage_the_search_is_sure_of_is_quoted_even_if_its_sentences_do_not_repeat_the_question():
    """"8.2-avtale": the clause is headed "8.2 Avtale om økonomisk samarbeid", the report only mentions the word."""
    from assistant.answer.compose import CONFIDENT_TOP_RATIO
    q = "Hva er en 8.2-avtale?"
    clause = "Kurativt arbeid er selvstendig næringsvirksomhet. Legen skal refundere kommunens utlegg."
    report = ("Kommunene tilbyr såkalte 8.2-avtaler til næringsdrivende leger. Mange kommuner har 8.2-avtaler. "
              "Modellen ligner på dagens 8.2-avtaler.")
    sure = [_scored("asa4310-2024", "8.2", clause, 2.0), _scored("rapport-2023", "4.2", report, 1.0)]
    c = compose_extractive(q, q, sure, DOCS, TODAY)
    assert "refundere" in c.text or "næringsvirksomhet" in c.text
    assert any(x.section == "8.2" for x in c.citations)
    unsure = [_scored("asa4310-2024", "8.2", clause, 1.0 * CONFIDENT_TOP_RATIO - 0.1), sure[1]]
    c = compose_extractive(q, q, unsure, DOCS, TODAY)
    assert not any(x.section == "8.2" for x in c.citations)


def test_the_named_punkt_answers_though_its_sentences_never_repeat_its_number():
    q = "Hva sier punkt 5.6 om prisen?"
    mention = _passage("asa4310-2024", "5.9", "Nemnda avgjør tvister etter punkt 5.6 med bindende virkning for prisen.")
    clause = _passage("asa4310-2024", "5.6", "Blir partene ikke enige om prisen innen 5 uker, kan saken bringes inn "
                                            "for nemnda.")
    c = compose_extractive(q, q, [clause, mention], DOCS, TODAY)
    assert c.citations[0].section == "5.6" and "innen 5 uker" in c.text


def test_a_confident_top_passage_replaces_one_sentence_and_keeps_a_dissent():
    from assistant.answer.compose import Candidate, quote_confident_top

    def cand(i: int, text: str) -> Candidate:
        return Candidate(i, text, frozenset(content_stems(text)), 1.0, 1.0, 0.5)

    chosen = [cand(1, "Flertallet anbefaler A."), cand(2, "Det gjelder B."), cand(3, "Det gjelder C."),
              cand(1, "Et mindretall går imot A.")]
    top = cand(0, "Punktet sier D.")
    passages = [_scored("asa4310-2024", "8.2", "Punktet sier D.", 2.0), _scored("rapport-2023", "4.2", "A.", 1.0)]
    out = quote_confident_top(chosen, [top, *chosen], passages, limit=3)
    assert len(out) == 4 and out[-1] is top and chosen[0] in out and chosen[3] in out and chosen[2] not in out
    assert quote_confident_top(chosen[:2], [top, *chosen], passages, limit=3) == [*chosen[:2], top]


def test_only_the_named_documents_punkt_holds_the_number():
    from assistant.answer.compose import score_candidates

    q = "Hva sier punkt 3 i rammeavtalen?"
    agreement = _passage("asa4310-2024", "3", "Avtalen regulerer forholdet mellom partene i kommunen.")
    report = _passage("rapport-2023", "3.1", "Utvalget beskriver forholdet mellom partene i kommunen.")
    stems = {c.passage_index: c.stems for c in score_candidates(q, [agreement, report], DOCS, TODAY, q).candidates}
    assert "3" in stems[0] and "3" not in stems[1]


LIST_TEXT = ("Hvis særlige grunner foreligger, skal legen gis adgang til å sette listetaket lavere. Som særlige grunner "
             "regnes bl.a. at legen driver forskning. Legen har rett til reduksjon av listen når dette skyldes\n"
             "- legens helsetilstand\n- at legen har omsorgsansvar\n- at legen er over 60 år\n"
             "- at legens liste er særlig arbeidskrevende\n\n" + FILLER + " " + FILLER.replace("oversikt", "plan"))


def test_a_quote_does_not_stop_where_a_list_begins():
    """"… når dette skyldes" is quoted with its items ("over 60 år"), never cut before them."""
    q = "Hvilke grunner gir legen rett til å sette listetaket lavere?"
    c = compose_extractive(q, q, [_passage("rapport-2023", "10.7", LIST_TEXT)], DOCS, TODAY)
    assert "særlige grunner" in c.text and "over 60 år" in c.text and "arbeidskrevende" in c.text
    assert not c.text.split(" [")[0].rstrip().endswith("skyldes")


def test_a_list_item_is_quoted_with_its_introduction_and_the_other_items():
    from assistant.answer.compose import _list_run

    sentences = ["Tekst før.", "Kontoret skal oppfylle følgende krav:", "- Alle skal ha journal.",
                 "- Alle skal være tilknyttet Norsk Helsenett.", "- Alle skal ha PKI.", "Tekst etter."]
    assert _list_run(3, sentences) == (1, 5)  # the introduction through the last item
    assert _list_run(3, ["Tekst før.", *sentences[2:]]) == (1, 4)  # not a sentence that introduces nothing
