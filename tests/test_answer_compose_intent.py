"""Composer: answer shapes — a choice between two alternatives, a count (not a rate), a quantity (not the
sentence that only poses the question)."""
from datetime import date

import pytest

from assistant.answer.compose import (Candidate, _count_pattern, compose_extractive, gives_count, score_candidates,
                                      select_sentences)
from assistant.answer.intent import choice_pattern
from assistant.answer.sentences import content_stems
from assistant.types import Chunk, Passage, chunk_id_for
from tests.answer_fakes import DOCS

TODAY = date(2025, 6, 15)


def _passage(section: str, text: str, heading: str = "Vurderinger") -> Passage:
    info = DOCS["rapport-2023"]
    chunk = Chunk(chunk_id_for("rapport-2023", section, text), "rapport-2023", info.title, info.source_file, section,
                  heading, (heading,), None, 0, len(text), text)
    return Passage(chunk, 1.0, info.valid_from, info.valid_to)


@pytest.mark.parametrize("sentence, match", [
    ("Flertallet mener reglene må stå i fastlegeforskriften og ikke i rammeavtalen.", True),
    ("Reglene bør framgå av rammeavtalen framfor en egen forskrift.", True),
    ("Det er ikke åpenbart om lov og forskrift samsvarer med rammeavtalen.", False),
    ("Reglene står både i forskrift og i rammeavtalen.", False),
])
def test_choice_pattern(sentence, match):
    p = choice_pattern("Skal reglene om overdragelse stå i forskrift eller i rammeavtalen?")
    assert p is not None and bool(p.search(sentence)) is match


def test_no_choice_without_two_alternatives():
    assert choice_pattern("Hvem leder utvalget?") is None
    assert choice_pattern("Gjelder avtalen i Oslo, eller har Oslo egen avtale med Legeforeningen?") is None


def test_choice_question_ranks_the_sentence_that_chooses_first():
    q = "Skal reglene om overdragelse av fastlegepraksis stå i forskrift eller i rammeavtalen?"
    today = _passage("4.8.1", "Forskrift og rammeavtalen har i dag regler om dette.")
    choice = _passage("4.8.6", "Flertallet mener reglene må reguleres i fastlegeforskriften og ikke i rammeavtalen.")
    candidates = score_candidates(q, [today, choice], DOCS, TODAY, q).candidates
    assert candidates[0].sentence.startswith("Flertallet mener")


@pytest.mark.parametrize("sentence, count", [
    ("Per august 2022 var det totalt 5003 fastleger i landet.", True),
    ("Antallet økte fra 0,81 fastleger i 2002 til 0,92 fastleger per 1000 innbyggere i 2022.", False),
    ("Det var 12 fastleger per 10 000 innbyggere.", False),
    ("Basert på refusjonstall skrev fastlegene ut ca. 3,87 millioner fastleger i 2022.", True),  # a count in millions
    ("I snitt 2,5 fastleger i hver kommune.", False),
])
def test_a_rate_is_not_a_count(sentence, count):
    pattern = _count_pattern("Hvor mange fastleger var det i 2022?")
    assert pattern is not None and gives_count(pattern, sentence) is count


def test_count_allows_two_words_between_number_and_noun_and_reads_english():
    sentence = "88 forskriftsfestede kliniske læringsmål definerer minstekompetansen."
    assert gives_count(_count_pattern("Hvor mange læringsmål er det?"), sentence)
    q = "How long is the training, and how many learning objectives are there?"
    objectives = _passage("9.4.4", "Læringsmålene er fordelt på ulike tema. " + sentence, "ALIS")
    other = _passage("9.4.2", "Den tidligere turnustjenesten er erstattet med kliniske læringsmål for alle leger.", "LIS1")
    c = compose_extractive(q, q, [other, objectives], DOCS, TODAY)
    assert "88 forskriftsfestede" in c.text  # the second part is scored on its own (translated) words


@pytest.mark.parametrize("q, first, second, lead", [
    # a count, not the rate
    ("Antall fastleger i Norge 2022?",
     ("2.2.1", "Det har vært en jevn stigning i antall fastleger per 1000 innbygger, fra 0,81 fastleger i 2002 til 0,92 "
               "fastleger per 1000 innbyggere i 2022."),
     ("2.2.2", "Tilgangen til fastlege varierer mellom kommunene i Norge. Per august 2022 var det totalt 5003 fastleger "
               "i landets fastlegekorps."), "5003"),
    # "Det antall personer … er antallet fastsatt til 1500" counts pasienter
    ("Hvor mange pasienter kan kommunen kreve at fastlegen har på listen?",
     ("2.3", "Det antall personer kommunen kan kreve er fastsatt i forskriften. Fra starten er antallet fastsatt til "
             "1500 ved fulltids kurativt årsverk."),
     ("7.1", "Fastlegen kan be om at pasienter flyttes fra listen. Pasienter på listen kan be om bytte. Kommunen "
             "informerer pasienter som flyttes fra listen."), "1500"),
])
def test_count_question_leads_with_the_count(q, first, second, lead):
    c = compose_extractive(q, q, [_passage(*first), _passage(*second)], DOCS, TODAY)
    assert lead in c.text.split("\n")[0]


@pytest.mark.parametrize("sentences, question_words, wants_number", [
    # a quantity answer skips a sentence that only poses the question
    (["Når time ikke haster, sier 59 prosent at det er vanlig å vente mellom 0 og 7 dager.",
      "Respondenter de siste 12 måneder blir spurt om hvor lenge de måtte vente på time.",
      "Tall fra 2019 viser at median ventetid var 3 dager."], "vente time fastlegen", True),
    # among similar extras the concluding sentence ("mener derfor") is picked
    (["Avtalen kan forlenges ut over fylte 70 år, likevel ikke etter at legen er fylt 75 år.",
      "Aldersgrensen for autorisasjon ble økt fra 75 til 80 år i 2015.",
      "Utvalget mener derfor at leger ikke bør ha egen hjemmel etter fylte 75 år."], "fortsette fastlege 75 år", False),
])
def test_select_sentences_picks_the_lead_and_the_third(sentences, question_words, wants_number):
    scores = (1.0, 0.9, 0.6) if wants_number else (1.0, 0.82, 0.8)
    cands = [Candidate(i, s, frozenset(content_stems(s)), sc, sc, 0.5) for i, (s, sc) in enumerate(zip(sentences, scores))]
    idf = {q: 1.0 for q in content_stems(question_words)}
    chosen = select_sentences(cands, idf, max_sentences=2, wants_number=wants_number)
    assert [c.passage_index for c in chosen] == [0, 2]


def test_list_introduced_without_a_colon_stays_with_its_sentence():
    from assistant.answer.sentences import split_sentences

    text = ("Forhold og vilkår må fremgå av kunngjøringen, \nslik som \n- lokalisering \n- listelengde \n"
            "- organiseringsform \n")
    assert split_sentences(text) == ["Forhold og vilkår må fremgå av kunngjøringen, slik som - lokalisering - "
                                     "listelengde - organiseringsform"]


def test_support_counts_what_the_quoted_sentences_hold_together():
    q = "Fra hvilken alder kan jeg dele lista med en annen lege, og hvor lenge kan nedtrappingen vare?"
    p = _passage("10.8", "Lege over 60 år har rett til å dele sin liste med annen lege. "
                         "Nedtrappingen kan ikke vare mer enn fem år.", "Deleliste")
    c = compose_extractive(q, q, [p], DOCS, TODAY)
    alone = max(x.support for x in c.candidates)
    assert "fem år" in c.text and c.support > alone


def test_a_phone_number_is_no_quantity():
    from assistant.answer.compose import has_quantity
    assert not has_quantity("Kontaktpersoner i KS: Telefon: 24 13 64 00. E-post: medlemsservice@ks.no")
    assert has_quantity("Basistilskuddet utgjør 675 kroner per listeinnbygger.")


def test_short_words_differing_in_the_final_vowel_match():
    from assistant.answer.sentences import match_weight
    assert match_weight("uka", frozenset({"uke"})) == 0.7 and match_weight("uka", frozenset({"ung"})) == 0.0


def test_support_does_not_fall_when_the_passages_share_the_questions_topic():
    """With the idf among the retrieved sentences alone, "samarbeidsutvalget" in every passage weighed nothing,
    so the sentence that answers held less of the question the better the retrieval; the corpus idf keeps its
    weight."""
    from assistant.answer.sentences import term_stats
    q = "Kan samarbeidsutvalget behandle en klage på en enkelt lege?"
    answer = _passage("4.2.3", "Samarbeidsutvalget skal ikke behandle saker av personlig karakter om en lege.")
    topical = [_passage(f"4.2.{i}", f"Samarbeidsutvalget møtes {i} ganger i året. Samarbeidsutvalget har en leder.")
               for i in range(4, 9)]
    corpus = [f"Kommunen har ansvar for tjenesten nummer {i}." for i in range(200)] + [p.text for p in [answer, *topical]]
    stats = term_stats(corpus)
    best = lambda passages, st: max(c.support for c in score_candidates(q, passages, DOCS, TODAY, q, st).candidates
                                    if c.passage_index == 0)
    assert best([answer, *topical], stats) > best([answer, *topical], None)
    assert best([answer, *topical], stats) >= 0.8 * best([answer], stats)


def test_a_lead_with_the_count_stays_though_another_passage_scores_more_sentences():
    from assistant.answer.compose import lead_with_best_passage

    def cand(i: int, s: str, score: float, shaped: bool = False) -> Candidate:
        return Candidate(i, s, frozenset(content_stems(s)), score, score, 0.5, shaped)

    count = cand(0, "Fra starten er antallet fastsatt til 1500.", 1.0, shaped=True)
    others = [cand(1, f"Pasienter på listen kan be om bytte {n}.", 0.9) for n in range(3)]
    assert lead_with_best_passage([count, *others])[0] is count
    unshaped = cand(0, count.sentence, 1.0)
    assert lead_with_best_passage([unshaped, *others])[0] is others[0]


def _plain(sentences, scores):
    return [Candidate(i, s, frozenset(content_stems(s)), sc, sc, 0.5) for i, (s, sc) in enumerate(zip(sentences, scores))]


_COMMITTEE = ["Samarbeidsutvalget velger leder, og partene har ledelsen vekselvis ett år hver.",
              "Kommunen skal stille møtelokaler til disposisjon.",
              "Funksjonstiden er 2 år."]


@pytest.mark.parametrize("evidence, expected", [
    (None, [0]),  # the paraphrase shares no question word: word coverage alone leaves it out
    ({(2, _COMMITTEE[2]): 0.45, (1, _COMMITTEE[1]): 0.05}, [0, 2]),  # the evidence model rates it: it joins
    ({(2, _COMMITTEE[2]): 0.2, (1, _COMMITTEE[1]): 0.1}, [0]),  # under the threshold: it stays out
])
def test_a_sentence_the_evidence_model_rates_joins_without_a_shared_word(evidence, expected):
    idf = {q: 1.0 for q in content_stems("hvor lenge sitter medlemmene i samarbeidsutvalget leder")}
    chosen = select_sentences(_plain(_COMMITTEE, (1.0, 0.3, 0.25)), idf, max_sentences=3, evidence=evidence)
    assert [c.passage_index for c in chosen] == expected


def test_an_evidence_join_adds_one_place_and_displaces_no_lexical_choice():
    sentences = ["Legen kan kreve listereduksjon ved fylte 60 år.",
                 "Listereduksjon krever tre måneders varsel fra legen.",
                 "Ordningen gjelder også ved omsorg for små barn.",
                 "Kravet må fremmes skriftlig til kommunen."]
    idf = {q: 1.0 for q in content_stems("listereduksjon 60 år varsel")}
    evidence = {(3, sentences[3]): 0.9, (2, sentences[2]): 0.8}
    chosen = select_sentences(_plain(sentences, (1.0, 0.9, 0.2, 0.2)), idf, max_sentences=2, evidence=evidence)
    assert [c.passage_index for c in chosen] == [0, 1, 3]  # the lexical pair kept, one rated sentence added
