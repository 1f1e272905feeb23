"""Parsing tables: numbers, dates, months, ages, percentages and list sizes (bokmål, nynorsk, English)."""
from datetime import date
import re

import pytest

from assistant.answer.dates import find_dates, find_months, format_date_nb
from assistant.answer.plan import role_score
from assistant.answer.question import parse_question

TODAY = date(2025, 6, 15)


@pytest.mark.parametrize("raw, value", [
    ("1 500", 1500), ("1500", 1500), ("1.500", 1500), ("1\u00a0500", 1500), ("7,5", 7.5), ("7.5", 7.5),
    ("1 491 000", 1491000), ("tre", 3), ("three", 3), ("fire", 4), ("1,5 tusen", 1500),
    # a number in words is one number, its parts added ("eitt tusen åtte hundre" is 1 800, not 1 000 and 800)
    ("eitt tusen åtte hundre", 1800), ("to tusen og fem hundre", 2500), ("one thousand two hundred", 1200),
    ("fire hundre og ti", 410), ("tolv hundre og femti", 1250), ("twenty-five", 25),
    ("halv hjemmel", 50), ("full heimel", 100), ("40 prosent av full avtale", 40),  # a share of the whole
])
def test_parse_number(raw, value):
    assert [m.value for m in parse_question(raw, TODAY).mentions] == [value]


@pytest.mark.parametrize("text, expected", [
    ("3. mars 2025", date(2025, 3, 3)),
    ("03.03.2025", date(2025, 3, 3)),
    ("3.3.25", date(2025, 3, 3)),
    ("3/3-25", date(2025, 3, 3)),
    ("1 nov 2025", date(2025, 11, 1)),
    ("1. januar 2026", date(2026, 1, 1)),
    ("frå 1. januar 2026", date(2026, 1, 1)),
    ("March 3, 2025", date(2025, 3, 3)),
    ("3 March 2025", date(2025, 3, 3)),
    ("2025-03-03", date(2025, 3, 3)),
    ("the 30th of June 1957", date(1957, 6, 30)),  # an English ordinal day
    ("on the 21st of April 2025", date(2025, 4, 21)),
    ("1st May 2025", date(2025, 5, 1)),
    ("14. mai 1958", date(1958, 5, 14)),
    ("tilbudet kom 3. mars", date(2025, 3, 3)),  # year from today
    ("i dag", TODAY),
    ("today", TODAY),
    ("den 30. i 1. i år (2026)", date(2026, 1, 30)),  # spoken day/month
    ("mandag denne uka", date(2025, 6, 9)),  # TODAY is a Sunday
    ("last Monday", date(2025, 6, 9)),
    ("neste fredag", date(2025, 6, 20)),
    ("onsdag i forrige uke", date(2025, 6, 4)),
    ("legen sa opp på fredag", date(2025, 6, 13)),  # past tense: the last Friday
    ("kva skjer på torsdag", date(2025, 6, 19)),  # otherwise the next one
    # days the calendar names; a new year without a year after a preposition is the coming one
    ("leverte oppseiinga på nyttårsaftan 2025", date(2025, 12, 31)), ("fra nyttår 2027", date(2027, 1, 1)),
    ("on New Year's Eve 2024", date(2024, 12, 31)), ("fra nyttår", date(2026, 1, 1)),
    ("julaften 2024", date(2024, 12, 24)),
])
def test_find_dates(text, expected):
    found = find_dates(text, TODAY)
    assert found and found[0].value == expected


def test_a_greeting_is_not_a_date():
    assert find_dates("Godt nyttår! Hvor lang er oppsigelsestiden?", TODAY) == []


def test_weekday_beside_a_written_date_is_not_a_second_date():
    assert [d.value for d in find_dates("møtet er fredag 3. mars 2025", TODAY)] == [date(2025, 3, 3)]
    assert find_dates("mandagen etter", TODAY) == []


@pytest.mark.parametrize("text, kind, value", [
    ("Jeg har 2000 pasienter på lista", "number", 2000),  # a count shaped like a year
    ("listetak 1950", "number", 1950),
    ("lista mi er på 1990", "number", 1990),
    ("jeg har 1990 pa lista", "number", 1990),  # its role words typed without æøå
    ("Hva var basistilskuddet i 2000?", "year", 2000),
    ("lista i 2020 var lang", "year", 2020),  # a time word before it: a year
    ("Basistilskudd for 1500 pasienter 2025?", "year", 2025),  # the noun belongs to the number before it
    ("Er lista lukket 2025?", "year", 2025),  # a count's word further back does not reach it
])
def test_a_number_shaped_like_a_year_is_a_count_when_count_words_stand_next_to_it(text, kind, value):
    assert [(m.kind, m.value) for m in parse_question(text, TODAY).mentions if m.value == value] == [(kind, value)]


@pytest.mark.parametrize("text, values", [
    ("what if I have eight hundred a list", [800, 1]),  # an article after a number word is not added to it
    ("nine hundred to ten hundred", [900, 2, 1000]),  # ("to" alone is read as 2; the planner weighs it)
    ("hele hjemmelen", []),  # "hele" is not "hel"
    ("40 prosent av en full stilling", [40, 1]),  # the whole a share is taken of is no second share
])
def test_number_words_and_shares_are_not_read_into_other_words(text, values):
    assert [m.value for m in parse_question(text, TODAY).mentions] == values


@pytest.mark.parametrize("text, values", [
    ("Can the municipality force me to work 7.5 hours?", [7.5]),  # "to" is a preposition in English
    ("Can they fire me if my list has two thousand patients?", [2000]),
    ("Jeg har to barn og fire pasienter", [2, 4]),
    ("Kan kommunen palegge meg a jobbe pa sykehjemmet?", []),  # "a" is "å" typed without æøå
    ("What do I get for a list of 900?", [1, 900]),  # the English article still counts as one
    ("one thousand two hundred", [1200]),  # no function word says which language: every number word is read
])
def test_number_words_are_read_in_the_questions_language(text, values):
    assert [m.value for m in parse_question(text, TODAY).mentions] == values


def test_false_friend_number_words_are_the_common_words_of_the_other_language():
    from wordfreq import zipf_frequency

    from assistant.answer.question import _SMALL, FALSE_FRIEND_NUMBERS

    english = set("a one two three four five six seven eight nine ten twelve thirteen fourteen fifteen sixteen "
                  "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety".split())
    assert english < set(_SMALL)
    for lang, other in (("en", "nb"), ("nb", "en")):
        own = english if lang == "nb" else set(_SMALL) - english
        assert FALSE_FRIEND_NUMBERS[lang] == {w for w in own if zipf_frequency(w, lang) >= 4.0}


def test_dates_are_not_numbers_and_invalid_dates_are_skipped():
    assert find_dates("31.02.2025", TODAY) == []
    assert find_dates("lista er 1.500", TODAY) == []


def test_relative_word_beside_a_written_date_names_it():
    """"i dag, 5. desember 2025" is one date, not today and another (a notice given "today" would be read as now)."""
    assert [d.value for d in find_dates("sier opp i dag, 5. desember 2025", TODAY)] == [date(2025, 12, 5)]
    assert [d.value for d in find_dates("sa opp 4.3.2026 (i dag)", TODAY)] == [date(2026, 3, 4)]
    # a sentence that starts with "i dag" after a date is another date
    assert len(find_dates("sa opp 15. januar 2025, i dag har jeg fått svar", TODAY)) == 2
    q = parse_question("En kollega sier opp i dag, 5. desember 2025. Når opphører avtalen?", date(2026, 12, 5))
    assert [m.value for m in q.mentions if m.kind == "date"] == [date(2025, 12, 5)]
    assert q.today == date(2025, 12, 5)  # the date beside "i dag" is today for the rest of the question
    # a range from today, or a date after a colon, is another date: today stays today
    for text in ("sykmeldt fra i dag - 31. desember 2026", "løper fra i dag: 1. mars 2027 er siste dag"):
        q = parse_question(text, date(2026, 12, 6))
        assert len([m for m in q.mentions if m.kind == "date"]) == 2 and q.today == date(2026, 12, 6)


@pytest.mark.parametrize("text, expected", [
    ("basistilskuddet for mars 2025", [(2025, 3)]),
    ("for September 2025", [(2025, 9)]),
    ("utbetalinga i desember", [(2025, 12)]),
])
def test_find_months(text, expected):
    assert find_months(text, TODAY) == expected


@pytest.mark.parametrize("text, age", [
    ("jeg er 63 og vil redusere lista", 63), ("eg er 63", 63), ("I am 67 years old", 67), ("legen er 70 år gammel", 70),
    ("jeg har 1 500 på lista", None), ("averaged 70,000 kr a month", None),
    # a person and a bare two-digit number that ends its clause
    ("One of our GPs is 68 and has 2,050 patients.", 68), ("Dr. Lie er 64, og vil redusere lista", 64),
    ("har 1 720 pasienter og er 62. Om jeg deler lista", 62), ("Listetaket er 20 og jeg har 18", None),
    ("timene er 20.", None), ("I'm 66 with 2 200 on my list", 66), ("I'm 50 % curative", None),
    # a profile opening a sentence without its subject; a span of years is no age
    ("61 år og 1333 pasienter. Hvor mange kan vi ha?", 61), ("Er 65, lista er på 2080 pasienter.", 65),
    ("Jeg har vært fastlege i 25 år, og lista er 1500.", None), ("Avtalen varte i 20 år.", None),
])
def test_ages(text, age):
    ages = [m.value for m in parse_question(text, TODAY).mentions if m.kind == "age"]
    assert ages == ([age] if age else [])


@pytest.mark.parametrize("text, pct", [
    ("driftsavtale på 15 %", [15.0]), ("20%", [20.0]), ("20 prosent", [20.0]), ("50 percent", [50.0]),
    ("halv stilling", [50.0]), ("full kurativ stilling", [100.0]),
])
def test_percentages(text, pct):
    assert [m.value for m in parse_question(text, TODAY).mentions if m.kind == "percent"] == pct


@pytest.mark.parametrize("text, size", [
    ("Jeg har 1 200 pasienter på lista", 1200),
    ("akkurat 1001 på lista", 1001),
    ("lista er 2200 i dag", 2200),
    ("med 1.500 listeinnbyggere", 1500),
    ("eg har 1800 pasientar", 1800),
    ("I have 1,500 patients", 1500),  # an English thousands comma
    ("I have 1500 patients on my list", 1500),
    ("Hva er satsene for 2022–2023?", None),
    ("Kommunen har 3 800 innbyggere", None),
])
def test_list_size_by_its_role_words(text, size):
    sizes = [m.value for m in parse_question(text, TODAY).mentions
             if m.kind == "number" and role_score(m, "listeinnbyggere") >= 0.4]
    assert sizes == ([size] if size else [])


def test_dates_are_not_numbers():
    q = parse_question("3 800 innbyggere fra 03.03.2025", TODAY)
    assert [(m.kind, m.value) for m in q.mentions] == [("number", 3800), ("date", date(2025, 3, 3))]


def test_format_date_nb():
    assert format_date_nb(date(2025, 4, 7)) == "7. april 2025"


@pytest.mark.parametrize("text, kind", [
    ("når jeg kjøper praksisen, er kommunen part i avtalen?", "yes_no"),
    ("When I take over the list, is the municipality a party?", "yes_no"),
    ("Når kan jeg si opp avtalen?", "date"),
    ("Hva skjer med lista når legen slutter?", "open"),
    ("Can the GP who sells the practice keep the patients?", "yes_no"),
    ("Hvem leder ekspertutvalget?", "who"),
    # the type asked first wins, whatever order the types are tried in
    ("siden når har det vært et knekkpunkt, altså at man får mindre etter et visst antall?", "date"),
    ("hvor mange timer i uka må kontoret være åpent når legen jobber fullt?", "amount"),
])
def test_the_answer_type_is_read_from_the_asking_clause(text, kind):
    from assistant.answer.evidence import answer_type
    assert answer_type(text) == kind


def test_english_words_the_sources_use_are_kept_for_scoring():
    from assistant.answer.normalize import scoring_text
    vocab = {"basistilskudd", "part", "kommune", "avtale"}
    terms = scoring_text("When I retire, is my basistilskudd cut, and is the municipality part of it?", vocab)
    main = terms.split(" (")[0]
    assert "basistilskudd" in main and " part " in f" {main} "
    assert "retire," not in main and "," in main  # the unknown word goes, its comma stays


def test_a_typing_error_is_corrected_to_the_corpus_word_one_edit_away():
    from assistant.answer.normalize import build_vocabulary, canonical_text, correct_spelling
    vocab = build_vocabulary(["Fastlegen får basistilskuddet. Fastlegen har permisjon. Kjøper praksis. Fastlegene."])
    assert correct_spelling("fastlgen", vocab) == "fastlegen"          # a letter left out
    assert correct_spelling("basistilskudet", vocab) == "basistilskuddet"
    assert correct_spelling("permisjno", vocab) == "permisjon"         # two letters swapped
    assert correct_spelling("fastlegen", vocab) is None               # known
    assert correct_spelling("kjører", vocab) is None                  # short: a real word the corpus lacks
    assert correct_spelling("tastlegen", vocab) is None               # the first letter is kept
    assert correct_spelling("fastlegen", None) is None
    assert "basistilskuddet per" in canonical_text("Hva blir basistilskudet per pasient?", vocab)
    assert "fastlgen" in canonical_text("How long is the wait for a fastlgen?", vocab)  # English: left as typed


def test_a_real_norwegian_word_the_corpus_lacks_is_not_corrected():
    from assistant.answer.normalize import build_vocabulary, correct_spelling
    vocab = build_vocabulary(["Lista er strengt regulert. Legene kjøper praksis."])
    assert correct_spelling("stengt", vocab) is None      # a common word (general frequency), not "strengt"
    assert correct_spelling("kjører", vocab) is None
    assert correct_spelling("legane", vocab) == "legene"  # no Norwegian word as typed: the corpus's form


def test_general_word_frequency_weighs_what_a_word_says():
    from assistant.language import information
    assert information("say", "en") < information("bonus", "en") < information("xqzvw", "en")
    assert information("og", "nb") < information("basistilskudd", "nb")


@pytest.mark.parametrize("text, value", [("med -5 pasienter", -5.0), ("minus 300 på lista", -300.0),
                                         ("(−12 timer)", -12.0), ("1500-1600 pasienter", 1500.0)])
def test_a_minus_sign_before_a_number_is_read_but_not_a_range_dash(text, value):
    from assistant.answer.question import parse_question
    q = parse_question(text, date(2026, 12, 4))
    assert q.mentions[0].value == value


def test_a_negative_count_reaches_the_calculator_which_says_why_it_cannot_be():
    from assistant.answer.pipeline import answer_question
    from tests.answer_fakes import DOCS, FakeRetriever
    a = answer_question("Hvor mye basistilskudd får jeg med -5 pasienter?", retriever=FakeRetriever(), documents=DOCS,
                        today=date(2025, 6, 15))
    assert not a.tool_calls and "-5" in (a.follow_up or "")


def test_a_five_digit_number_is_not_a_year_inside_it():
    from assistant.answer.question import parse_question
    q = parse_question("Hvor mye basistilskudd får jeg med 20000 pasienter?", date(2026, 12, 4))
    assert [(m.kind, m.value) for m in q.mentions] == [("number", 20000.0)]


def test_after_a_value_the_calculator_rejects_the_reply_replaces_it():
    from assistant.answer.pipeline import answer_question
    from tests.answer_fakes import DOCS, FakeRetriever
    r, today = FakeRetriever(), date(2025, 6, 15)
    first = answer_question("Hvor mye basistilskudd får jeg med 20000 pasienter?", retriever=r, documents=DOCS, today=today)
    assert not first.tool_calls and "20000" in (first.follow_up or "")
    history = [{"role": "user", "content": "q", "answer": None},
               {"role": "assistant", "content": first.answer, "answer": first.to_dict()}]
    second = answer_question("1 800", retriever=r, documents=DOCS, today=today, history=history)
    assert second.tool_calls and second.tool_calls[0].inputs == {"listeinnbyggere": 1800}


@pytest.mark.parametrize("question, shown", [
    ("Jeg sa opp 31.02.2025, når går avtalen ut?", "«31.02.2025» er ikke en gyldig dato."),
    ("Eg sa opp 30. februar 2025. Når sluttar avtalen?", "«30. februar 2025» er ikke en gyldig dato."),
])
def test_an_impossible_date_is_named_in_the_question_back(question, shown):
    from assistant.answer.plan import plan
    from assistant.answer.question import parse_question
    r = plan(parse_question(question, date(2026, 12, 4)))
    assert r.kind == "follow_up" and r.follow_up.startswith(shown)


@pytest.mark.parametrize("question, fragment", [
    ("Hvor mye basistilskudd får jeg med 99999999 pasienter?", "må være fra 1 til 10000"),
    ("Hvor mye driftstilskudd i klasse 7 med 60 %?", "må være fra 1 til 3"),
])
def test_a_value_out_of_range_by_its_role_words_gets_the_calculators_reason(question, fragment):
    from assistant.answer.pipeline import answer_question
    from tests.answer_fakes import DOCS, FakeRetriever
    a = answer_question(question, retriever=FakeRetriever(), documents=DOCS, today=date(2025, 6, 15))
    assert not a.tool_calls and fragment in (a.follow_up or "")


@pytest.mark.parametrize("text, months", [
    ("Hvor mye basistilskudd får en lege med 1 600 på lista for et halvt år (6 mnd)?", 6),
    ("Vi holder tilbake 20 % i 3 måneder. Hvor mye holdes tilbake totalt?", 3),
    ("holdt igjen 15 % siden januar – fire utbetalinger så langt. Samlet beløp?", 4),
    ("Kva utgjer grunntilskotet for første halvår?", 6), ("basic grant for one quarter", 3),
    # a window back in time is not the span asked for; a month or a year is what the calculators give anyway
    ("Snittet av basistilskuddet de siste 3 mnd før suspensjonen var 30 000 kr. Hva får jeg pr mnd?", None),
    ("for 12 months", None), ("Hva får jeg per måned?", None),
])
def test_a_span_of_months_is_read(text, months):
    span = parse_question(text, TODAY).span_months
    assert (span[0] if span else None) == months


@pytest.mark.parametrize("text, asked", [
    # the story around the question is not asked
    ("Eg og kommunen er usamde om kor mykje eg skal betale. Kan ei lokal nemnd avgjere det?",
     "Kan ei lokal nemnd avgjere det?"),
    ("Jeg hører aldri hvor mange plasser som er ledige. Hva skal kommunen informere om, og hvordan?",
     "Hva skal kommunen informere om, og hvordan?"),
    # every sentence that asks is kept
    ("Hvor mange dager får jeg? Og hvem betaler?", "Hvor mange dager får jeg? Og hvem betaler?"),
    # without "?", the sentence with a question word
    ("Vil redusere lista. lurer på hvor mange dager fristen er", "lurer på hvor mange dager fristen er"),
    ("hvor mange legevaktsentraler har vi", "hvor mange legevaktsentraler har vi"),
])
def test_the_asked_sentences_leave_out_the_story(text, asked):
    from assistant.answer.question import asked_sentences

    assert asked_sentences(text) == asked


@pytest.mark.parametrize("text, bound", [
    ("vi har under 5000 innbyggere", "<"), ("I have fewer than 500 patients", "<"),
    ("kommune med mindre enn 4000 innbyggjarar", "<"), ("more than 2,500 on my list", ">"),
    ("minst 1200 pasienter", ">"), ("vi har 4 500 innbyggere", ""), ("lista er på 1 200", ""),
])
def test_a_number_after_a_comparative_is_a_limit_not_a_value(text, bound):
    (m,) = parse_question(text, date(2026, 12, 7)).mentions
    assert m.bound == bound
