"""Planner mechanisms: deadlines counted back from their end, a yearless date beside a dated one, a named subject
inside a larger one, and a rate asked for a date before every period the sources hold."""
from datetime import date

import pytest

from assistant.answer.plan import plan
from assistant.answer.question import parse_question
from assistant.calc.tools import run_tool
from assistant.calc.tilskudd import calculate_basistilskudd
from assistant.calc.rules import default_rules
from assistant.errors import InputError

TODAY = date(2026, 12, 4)


def _route(text):
    return plan(parse_question(text, TODAY))


@pytest.mark.parametrize("question, variant, until", [
    ("Vi vil ha søknadsfrist 20. juni 2025. Hva er siste dag vi kan kunngjøre hjemmelen?", "kunngjoring", "2025-06-20"),
    ("We want the application deadline to be 3 March 2026. By when must the post be advertised?",
     "kunngjoring", "2026-03-03"),
    ("Avtalen min skal være slutt 30. april 2026. Når må jeg senest levere oppsigelsen?", "oppsigelse", "2026-04-30"),
    ("I'd like my GP contract to end on 15 January 2027. Latest day to give notice?", "oppsigelse", "2027-01-15"),
])
def test_a_deadline_is_counted_back_from_the_date_it_must_reach(question, variant, until):
    r = _route(question)
    assert r.kind == "tool" and r.inputs["variant"] == variant
    assert r.inputs.get("til_dato") == until and "fra_dato" not in r.inputs


def test_a_deadline_named_before_its_date_is_never_read_as_the_start():
    # the role word stands too far off to place the date, but it points away from the kunngjøring, and the question
    # asks for the kunngjøring's own date: never count forward from an assumed kunngjøring. The date is read as the
    # søknadsfrist the kunngjøring must reach (said in the first line)
    r = _route("Søknadsfristen for den ledige hjemmelen blir 20. juni 2025. Hva er siste dag vi kan kunngjøre den?")
    assert "fra_dato" not in r.inputs
    assert r.kind == "tool" and r.inputs.get("til_dato") == "2025-06-20"
    assert r.assumptions == ("Jeg har lest 20. juni 2025 som søknadsfristen.",)


@pytest.mark.parametrize("question, variant, start", [
    ("Jeg sa opp 1. mars 2025. Når slutter avtalen?", "oppsigelse", "2025-03-01"),
    ("Vi kunngjorde hjemmelen 2. juni 2025. Hva er tidligste søknadsfrist?", "kunngjoring", "2025-06-02"),
])
def test_a_start_date_with_its_own_role_words_is_still_counted_forward(question, variant, start):
    r = _route(question)
    assert r.kind == "tool" and r.inputs["variant"] == variant
    assert r.inputs.get("fra_dato") == start and "til_dato" not in r.inputs


def test_the_backward_deadlines_hold_against_the_forward_ones():
    latest = run_tool("frist", {"variant": "kunngjoring", "til_dato": "2025-06-20"}).values["dato"]
    assert run_tool("frist", {"variant": "kunngjoring", "fra_dato": latest}).values["dato"] == date(2025, 6, 20)
    notice = run_tool("frist", {"variant": "oppsigelse", "til_dato": "2026-04-15"}).values["dato"]
    assert notice == date(2025, 10, 15)
    assert run_tool("frist", {"variant": "oppsigelse", "fra_dato": notice}).values["dato"] == date(2026, 4, 15)
    one_day_later = date(2025, 10, 16)
    assert run_tool("frist", {"variant": "oppsigelse", "fra_dato": one_day_later}).values["dato"] > date(2026, 4, 15)


@pytest.mark.parametrize("text, expected", [
    ("Tilbudet ble sendt 28. april 2025, og jeg mottok det 2. mai.", [date(2025, 4, 28), date(2025, 5, 2)]),
    ("sa opp 15. desember 2024 og fikk svar 3. januar", [date(2024, 12, 15), date(2025, 1, 3)]),
    ("fikk tilbudet 6. mai, kommunen sendte det 2. mai 2025", [date(2025, 5, 6), date(2025, 5, 2)]),
    ("født 5. mai 1960, delelista startar 1. mars", [date(1960, 5, 5), date(2026, 3, 1)]),  # a birth date lends none
    ("lista skal ned 1. mars", [date(2026, 3, 1)]),  # no neighbour: today's year
    ("Høsten 2025 lyser vi ut, trolig 25. august", [date(2025, 8, 25)]),  # a year named near the present
    ("praksis siden 1998, sa opp 1. mars", [date(2026, 3, 1)]),  # an old year lends none
    ("fastlege siden 2024, sa opp 15. januar", [date(2026, 1, 15)]),  # nor a start year
])
def test_a_date_without_a_year_takes_it_from_a_dated_neighbour(text, expected):
    assert [m.value for m in parse_question(text, TODAY).mentions if m.kind == "date"] == expected


def test_a_month_without_a_year_after_a_dated_start_is_the_next_one():
    q = parse_question("fra 1. juli 2024 og til i mai", TODAY)
    assert [m.value for m in q.mentions if m.kind == "month"] == [(2025, 5)]


def test_a_received_date_without_a_year_is_counted_in_the_year_of_the_sent_date():
    r = _route("Kommunen sendte tilbudet 28. april 2025, og jeg fikk det i hende 2. mai. Når må vi være enige om prisen?")
    assert r.kind == "tool" and r.inputs == {"variant": "overdragelse_pris", "fra_dato": "2025-05-02"}


@pytest.mark.parametrize("question", [
    "How much of my basistilskudd can the municipality withhold each month? 1 300 patients on my list.",
    "Hvor mye kan kommunen holde tilbake av basistilskuddet mitt hver måned når jeg har 1 300 på lista?",
])
def test_a_subject_named_inside_a_larger_one_is_that_ones(question):
    r = _route(question)
    assert r.kind == "tool" and r.tool == "trekk" and r.inputs["listeinnbyggere"] == 1300


def test_an_extension_past_seventy_asks_for_the_75_limit():
    r = _route("Born 2 March 1957. With an extension beyond my 70th birthday, how long can my agreement last at most?")
    assert r.kind == "tool" and r.inputs.get("forlenget_til_75") is True


@pytest.mark.parametrize("tool, inputs, period, amount", [
    ("basistilskudd", {"listeinnbyggere": 1100, "dato": "2021-01-01"}, "1. juli 2022–30. juni 2023", "729 400"),
    ("timesats", {"dato": "2023-06-01", "timer": 10}, "1. januar 2024–30. juni 2024", "10 270"),
])
def test_a_rate_before_the_first_period_names_the_periods_and_no_amount(tool, inputs, period, amount):
    result = run_tool(tool, inputs)
    assert result.values["ingen_satser"] is True
    assert period in result.summary and amount not in result.summary and not result.steps


def test_a_direct_calculator_call_still_reports_the_missing_rates_as_an_input_error():
    with pytest.raises(InputError, match="1. juli 2022"):
        calculate_basistilskudd(1100, default_rules(), date(2021, 1, 1))


@pytest.mark.parametrize("text, starts", [
    ("Fikk brev fra kommunen 10. januar 2026", False), ("We had a letter from the municipality on 3 May 2025", False),
    ("gjelder fra 1. juli 2024", True), ("fra nyttår, altså 1.1.2026", True),
])
def test_from_names_a_start_only_when_no_sender_follows_it(text, starts):
    from assistant.answer.plan import cue_score

    m = next(x for x in parse_question(text, TODAY).mentions if x.kind == "date")
    assert (cue_score(m, "gjelder_fra") > 0) is starts


@pytest.mark.parametrize("question", [
    "Jeg har hatt lista siden 2005 og har 1 600 pasienter. Hva får jeg i basistilskudd per måned?",
    "I've had my list since 2009 and it has 1,250 patients. What is my basistilskudd per year?",
])
def test_a_year_after_since_is_when_a_state_began_not_the_rate_period(question):
    r = _route(question)
    assert r.kind == "tool" and r.tool == "basistilskudd"
    assert not str(r.inputs.get("dato", "")).startswith(("2005", "2009"))


@pytest.mark.parametrize("question", [
    "Jeg sendte oppsigelsen 3. mars 2025, men kommunen sier de fikk den 10. mars 2025. Når går avtalen ut?",
    "I gave notice on 2 May 2025 but the municipality says it was received on 9 May 2025. When does my contract end?",
])
def test_two_dates_for_one_event_set_against_each_other_are_asked_back(question):
    r = _route(question)
    assert r.kind == "follow_up"
    assert "fra_dato" not in r.inputs


def test_a_single_notice_date_is_still_counted_from():
    r = _route("Jeg sa opp 3. mars 2025. Når går avtalen ut?")
    assert r.kind == "tool" and r.inputs.get("fra_dato") == "2025-03-03"


@pytest.mark.parametrize("question", [
    "Fikk brev fra kommunen 3. februar 2026 om pålegg om andre allmennlegeoppgaver. Er varselet langt nok?",
    "Fekk brev frå kommunen 3. februar 2026 om pålegg om allmennlegeoppgåver. Er varselet langt nok?",
])
def test_a_date_near_words_of_another_event_is_not_assumed_as_the_start(question):
    # the date is when a letter came; the pålegg's start, which the deadline is counted from, is asked for
    r = _route(question)
    assert r.kind == "follow_up" and "fra_dato" not in r.inputs


def test_a_bare_start_date_is_still_read_as_the_start_with_the_assumption_stated():
    r = _route("Kommunen vil gi meg pålegg om sykehjemsarbeid fra 3. mars 2026. Når må pålegget senest gis?")
    assert r.kind == "tool" and r.inputs.get("fra_dato") == "2026-03-03"


def test_with_no_values_yet_the_calculator_giving_what_is_asked_asks_first():
    r = _route("Hvor lenge kan jeg ha deleliste?")  # a date: the deleliste deadline asks for the birth date
    assert r.kind == "follow_up" and r.tool == "frist" and r.missing == "fodselsdato"
    r = _route("Hvor stor kan delelista mi bli?")  # an amount: the list size
    assert r.kind == "follow_up" and r.tool == "deleliste" and r.missing == "liste_ved_etablering"


@pytest.mark.parametrize("question, born, start", [
    ("Jeg startet deleliste 1. januar 2024 og er født 5. juni 1962. Når må delelisten avsluttes?",
     "1962-06-05", "2024-01-01"),
    ("Eg er fødd 2. februar 1961 og delelista starta 1. mars 2025. Når må ho avsluttast?", "1961-02-02", "2025-03-01"),
])
def test_a_calculator_with_every_input_and_the_asked_kind_answers_instead_of_a_question_back(question, born, start):
    r = _route(question)
    assert r.kind == "tool" and r.inputs == {"variant": "deleliste", "fodselsdato": born, "fra_dato": start}


@pytest.mark.parametrize("question, notified", [
    ("Kommunen varslet legen om pålegg om sykehjemsarbeid 7. april 2025. Fra hvilken dato kan pålegget tidligst gjelde?",
     "2025-04-07"),
    ("Kommunen varsla meg om pålegg om legevakt 3. mars 2025. Kva er den tidlegaste datoen pålegget kan gjelde frå?",
     "2025-03-03"),
])
def test_a_notice_date_is_counted_forward_when_the_start_is_asked(question, notified):
    # the question asks for the pålegg's own start; the date it gives is when notice went out, counted forward
    r = _route(question)
    assert r.kind == "tool" and r.inputs["variant"] == "palegg"
    assert r.inputs.get("varslet_dato") == notified and "fra_dato" not in r.inputs
    value = run_tool("frist", r.inputs, TODAY).to_dict()["values"]["dato"]
    assert value > notified  # forward, not back


def test_a_notice_date_alone_does_not_decide_whether_the_notice_was_long_enough():
    # a yes/no question about the notice needs the start it must precede: asked back, the notice date kept
    r = _route("Kommunen sendte meg pålegg om legevakt 5. mai 2025. Er varselet langt nok?")
    assert r.kind == "follow_up" and r.missing == "fra_dato"
    assert r.inputs.get("varslet_dato") == "2025-05-05"
