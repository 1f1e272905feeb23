"""The English/nynorsk → bokmål glossary (assistant/answer/glossary.tsv) and how normalize.py uses it."""
from __future__ import annotations

import pytest

from assistant.answer import normalize as N

VOCAB = {"fastlege", "fastlegen", "kommunen", "timer", "oppgaver", "kommunale", "lokaler", "pris", "mange",
         "bare", "full", "side", "time", "for", "veiledning", "virksomhet", "lege", "liste", "lukket"}


def _write(tmp_path, text: str):
    p = tmp_path / "glossary.tsv"
    p.write_text(text, encoding="utf-8")
    return p


def test_shipped_glossary_loads_both_languages():
    g = N.load_glossary()
    assert len(g["en"]) >= 400 and len(g["nn"]) >= 150
    assert N.ENGLISH_TO_BOKMAAL is not None and N.ENGLISH_TO_BOKMAAL["closed"] == "lukket"
    assert N.NYNORSK_TO_BOKMAAL["rettleiing"] == "veiledning"


def test_loader_reads_comments_and_blank_lines(tmp_path):
    p = _write(tmp_path, "# comment\n\nen\tclosed list\tlukket liste\nnn\tverksemd\tvirksomhet\n")
    assert N.load_glossary(p) == {"en": {"closed list": "lukket liste"}, "nn": {"verksemd": "virksomhet"}}


@pytest.mark.parametrize("line, why", [
    ("en\tclosed", "expected 3 tab-separated fields"),
    ("en closed lukket", "expected 3 tab-separated fields"),
    ("de\tgeschlossen\tlukket", "unknown language"),
    ("en\t\tlukket", "empty"),
    ("en\tclosed\t", "empty"),
    ("en\tClosed\tlukket", "lower case"),
])
def test_loader_rejects_bad_line_naming_file_and_line(tmp_path, line, why):
    p = _write(tmp_path, "# header\nen\topened\tåpnes\n" + line + "\n")
    with pytest.raises(N.GlossaryError) as err:
        N.load_glossary(p)
    msg = str(err.value)
    assert f"{p}:3:" in msg and why in msg


def test_loader_rejects_duplicate_source(tmp_path):
    p = _write(tmp_path, "en\topened\tåpnes\nnn\topened\tåpnes\nen\topened\tåpen\n")
    with pytest.raises(N.GlossaryError, match=r"glossary\.tsv:3: .*already given for en on line 1"):
        N.load_glossary(p)


@pytest.mark.parametrize("question", [
    "Hvor mange timer i uka bruker fastlegen på kommunale oppgaver?",
    "Er det bare full dekning for lokaler på side to?",
    "Har legen time for alle som står på venteliste?",
])
def test_norwegian_question_is_not_translated(question):
    assert not N.is_english(question)
    assert N.retrieval_text(question, VOCAB) == question.lower()
    assert N.search_text(question, VOCAB) == question
    assert N.translate_english(question.lower(), N.is_english(question), VOCAB) == question.lower()


def test_english_words_in_english_question_are_translated():
    q = "Can the municipality reduce the list size when the list is closed?"
    assert N.is_english(q)
    r = N.retrieval_text(q, VOCAB)
    for nb in ("kommune", "redusere", "listelengde", "lukket"):
        assert nb in r
    assert "closed" not in r and "municipality" not in r
    s = N.search_text("Who pays for the supervisor of medical students?", VOCAB)
    assert "veileder" in s and "medisinstudenter" in s
    assert "pålegge" in N.retrieval_text("Can the municipality force me to work at the nursing home?", VOCAB)


def test_a_common_english_word_in_an_english_question_is_not_read_as_bokmaal():
    # "vat" is no "våt" typed without æøå, "no" no "nå", "office" no variant of a corpus word ("officer")
    canon = N.canonical_text("Is there no VAT on a GP office?", {"våt", "nå", "officer", "office"})
    assert canon == "is there no vat on a gp office?"
    # a bokmål word in a bokmål question is still restored
    assert N.canonical_text("Er det na lov?", {"nå"}) == "er det nå lov?"


def test_english_key_that_is_a_norwegian_word_only_translated_in_english():
    assert "tid" in N.retrieval_text("How much time does the GP spend on municipal tasks?", VOCAB)
    assert N.retrieval_text("Hvor mye time får pasienten?", VOCAB) == "hvor mye time får pasienten?"


def test_nynorsk_words_get_bokmaal_forms():
    s = N.search_text("Kva slags godtgjersle får rettleiaren i verksemda?", VOCAB)
    for nb in ("godtgjørelse", "veileder", "virksomhet"):
        assert nb in s
    assert "veiledning" in N.retrieval_text("Kor mykje rettleiing får ein ny lækjar?", VOCAB)


def test_nynorsk_definite_and_plural_forms_find_their_glossary_entry():
    from assistant.answer.normalize import nynorsk_lookup

    assert nynorsk_lookup("oppseiingstid") == nynorsk_lookup("oppseiingstida") == "oppsigelsestid"
    assert nynorsk_lookup("rettleiinga") == nynorsk_lookup("rettleiing")
    assert nynorsk_lookup("huset") is None  # unknown words stay unknown
    assert nynorsk_lookup("ja") is None  # too short to strip an ending from
    # compared adjectives: nynorsk -ast/-aste/-are on a glossary base are bokmål -st/-ste/-ere
    assert nynorsk_lookup("tidlegast") == "tidligst" and nynorsk_lookup("tidlegaste") == "tidligste"


def test_a_nynorsk_compound_is_read_part_by_part():
    from assistant.answer.normalize import nynorsk_compound

    vocab = {"fastlegehjemmel", "takst", "bruddet", "fastlege", "syke", "hjem"}
    assert nynorsk_compound("fastlegeheimel", vocab) == "fastlegehjemmel"  # the corpus has the compound
    assert nynorsk_compound("takstbrotet", vocab) == "takstbruddet"  # the corpus has both parts
    assert nynorsk_compound("sjukeheim", vocab) == "sykehjem"  # both parts nynorsk
    assert nynorsk_compound("fastlegehuset", vocab) is None  # no part the glossary knows
    assert "fastlegehjemmel" in N.canonical_text("Kven tek over fastlegeheimelen?", vocab | {"fastlegehjemmelen"})


def test_particle_verb_is_scored_as_the_sources_noun_and_keeps_its_own_words():
    assert N.scoring_text("Må legekontoret henge opp prisene sine?") == "må legekontoret oppslag prisene sine? (henge opp)"
    # a word between verb and particle stays in the question
    assert N.scoring_text("Når betales basistilskuddet ut?") == "når basistilskuddet utbetaling? (betales ut)"
    assert N.particle_nouns("hva er et oppsett?") == ("hva er et oppsett?", [])
    assert N.particle_nouns("kan vi ta over praksisen") == ("kan vi overtakelse overta praksisen", ["ta over"])


def test_words_typed_without_aeoeaa_are_restored_by_general_word_frequencies():
    from assistant.answer.normalize import common_restoration, restore_aeoeaa

    # far more common with æøå in general Norwegian text
    assert [common_restoration(w) for w in ("paa", "aa", "naar", "lonn", "kjope")] == ["på", "å", "når", "lønn", "kjøpe"]
    # a common word of its own stays as typed ("for", not "før"; "store", not "støre"; "var", not "vår")
    assert [common_restoration(w) for w in ("for", "store", "var", "legen")] == [None, None, None, None]
    # a long word is restored from the corpus vocabulary first
    assert restore_aeoeaa("fravaersattest", {"fraværsattest"}) == "fraværsattest"
    assert restore_aeoeaa("paa", {"fastlegen"}) == "på"
    assert restore_aeoeaa("vare", {"vare"}) is None  # the corpus spells it so
    from assistant.answer.normalize import canonical_text, search_text
    assert search_text("hvor mye per ar", {"fastlegen"}).endswith("(år)")  # a content word, kept
    assert "på" not in search_text("hvor mye paa lista", {"fastlegen"})  # a stopword adds nothing
    # a capitalised word general text knows is a name as typed; one it does not know is read in bokmål
    named = canonical_text("Fekk Legeforeininga og Anna gjennomslag?", {"legeforeningen", "annet"}, keep_case=True)
    assert "Legeforeningen" in named and "Anna" in named


@pytest.mark.parametrize("nn, nb", [("kjem", "kommer"), ("gjekk", "gikk"), ("søkjer", "søker"), ("vart", "ble"),
                                    ("avgjerd", "avgjørelse"), ("tilbod", "tilbud"), ("gjev", "gir")])
def test_common_nynorsk_word_forms_have_their_bokmaal_form(nn, nb):
    assert N.nynorsk_lookup(nn) == nb


def test_the_general_nynorsk_list_is_loaded_and_leaves_bokmaal_questions_alone():
    assert len(N.load_glossary()["nn"]) >= 1000
    q = "Hvor lenge kan jeg være borte fra praksisen når barnet er sykt?"
    assert N.search_text(q, VOCAB) == q
