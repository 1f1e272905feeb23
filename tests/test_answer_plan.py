"""The typed question parse and the planner: values with their roles, tool choice by score, questions back."""
from datetime import date

import pytest

from assistant.answer.conversation import rewrite_follow_up
from assistant.answer.plan import fill_reply, plan
from assistant.answer.question import parse_question
from assistant.answer.tools_bench import holds_values, inputs_match, score_tool_item

TODAY = date(2026, 12, 4)


def _values(text, kind="number"):
    return [m.value for m in parse_question(text, TODAY).mentions if m.kind == kind]


@pytest.mark.parametrize("text, value", [
    ("1500 på lista", 1500), ("1 500 på lista", 1500), ("1.500 på lista", 1500), ("1,5 tusen på lista", 1500),
    ("femten hundre på lista", 1500), ("I have 1,250 patients", 1250), ("lista er 2200", 2200),
])
def test_numbers_as_people_write_them(text, value):
    assert _values(text) == [value]


@pytest.mark.parametrize("text, value", [
    ("tilbudet kom 14. mars 2025", date(2025, 3, 14)), ("tilbudet kom 14.3.25", date(2025, 3, 14)),
    ("tilbudet kom 2025-03-14", date(2025, 3, 14)), ("offer received on 14 March 2025", date(2025, 3, 14)),
    ("gjelder fra 1. juli 2024", date(2024, 7, 1)),
])
def test_dates_as_people_write_them(text, value):
    assert _values(text, "date") == [value]


def test_months_seasons_years_and_weeks_are_their_own_kinds():
    q = parse_question("Timesatsen i mai 2025, i høst 2024, i 2023 og i uke 12?", TODAY)
    assert [(m.kind, m.value) for m in q.mentions] == [("month", (2025, 5)), ("month", (2024, 10)), ("year", 2023),
                                                        ("week", 12)]


def test_a_stated_today_moves_relative_dates():
    q = parse_question("I dag er det 31. juli 2025. Hvis jeg sier opp i morgen, når er jeg ferdig?", TODAY)
    assert q.today == date(2025, 7, 31)
    assert date(2025, 8, 1) in [m.value for m in q.mentions if m.kind == "date"]


@pytest.mark.parametrize("question, inputs", [
    # the date notice was given is not the end of the notice period: hjemfall is 6 + 6 months later
    ("Fastlegen sa opp 15. januar 2025. Når kan hjemmelen tidligst hjemfalle?",
     {"variant": "hjemfall", "oppsigelse_dato": "2025-01-15"}),
    ("Oppsigelsesfristen løper ut 31. mars 2025. Når kan avtalen tidligst hjemfalle?",
     {"variant": "hjemfall", "fra_dato": "2025-03-31"}),
    ("The GP's notice period ended on 2024-08-31. When can the contract revert to the municipality?",
     {"variant": "hjemfall", "fra_dato": "2024-08-31"}),
])
def test_a_date_gets_the_role_its_words_give_it(question, inputs):
    r = plan(parse_question(question, TODAY))
    assert r.kind == "tool" and r.tool == "frist" and r.inputs == inputs


@pytest.mark.parametrize("question, tool, inputs", [
    ("4 500 innbyggjarar og snittlista er 1 100 – kor mykje blir utjamningstilskotet?", "utjamningstilskudd",
     {"kommune_innbyggere": 4500, "gjennomsnittsliste": 1100.0}),
    ("listetak 400 og 320 pasienter – grunntilskudd?", "grunntilskudd", {"listeinnbyggere": 320, "listetak": 400}),
    ("How much basistilskudd would I get per year with 2,800 patients?", "basistilskudd", {"listeinnbyggere": 2800}),
    ("Eg er åleine om omsorga for to born på 4 og 9. Kor mange dagar med sjukt barn får eg?", "barn_syk",
     {"antall_barn": 2, "alene": True, "kronisk": False, "barn_alder": [4, 9]}),
    # a child named again by its age later ("the 10-year-old") is not a third child's age
    ("Jeg har to barn på 2 og 10 år, og 10-åringen går i femte klasse. Hvor mange dager med syke barn?", "barn_syk",
     {"antall_barn": 2, "alene": False, "kronisk": False, "barn_alder": [2, 10]}),
    ("Taket mitt er 1 000 og eg har no 990 på lista. Er lista open att?", "lukket_liste",
     {"listetak": 1000, "listeinnbyggere": 990}),
    # a negation three words before the flag's word ("neither has any chronic …") turns it off
    ("I'm alone with two kids aged 3 and 8, neither has any chronic illness. How many sick-child days do I get?",
     "barn_syk", {"antall_barn": 2, "alene": True, "kronisk": False, "barn_alder": [3, 8]}),
    ("Eg er åleine med to born, og ingen av dei er kronisk sjuke. Kor mange dagar får eg?", "barn_syk",
     {"antall_barn": 2, "alene": True, "kronisk": False}),
    ("Listetaket mitt er 1500, og jeg har 1480. Er lista lukket 2025?", "lukket_liste",
     {"listetak": 1500, "listeinnbyggere": 1480}),  # a year after the values is not a third count
    ("Jeg tar 10 timer, uke 3 og 4, fra 1.3.2026 som spesialist. Hva blir timesatsen?", "timesats",
     {"spesialist": True, "timer": 10.0, "dato": "2026-03-01"}),  # a week's number is no rate per week
    # a negation reaches only its own clause
    ("Jeg er ikke alene, men barnet er kronisk sykt. Jeg har ett barn. Hvor mange dager?", "barn_syk",
     {"antall_barn": 1, "alene": False, "kronisk": True}),
    # hours per week in any of the three languages; a count of weeks is not the unit of the rate
    ("Ho skal ha 6 timar kvar veke på sjukeheimen frå 1.1.2026, ikkje spesialist. Kor mykje per time?", "timesats",
     {"spesialist": False, "timer_per_uke": 6.0, "dato": "2026-01-01"}),
    ("Jeg er spesialist og tar 4 timer hver uke i 3 uker fra 1. mars 2025 med timesats. Hvor mye blir det?", "timesats",
     {"spesialist": True, "timer_per_uke": 4.0, "uker": 3, "dato": "2025-03-01"}),
    # one value an input: a role taken by one value leaves the next value to the inputs still open
    ("Legen vår har bare 320 på lista, men taket hun avtalte med kommunen er 1 000. Grunntilskudd?", "grunntilskudd",
     {"listeinnbyggere": 320, "listetak": 1000}),
    # a span of months asked for is passed on; the list of the months before a suspension gives the floor
    ("Vi holder tilbake 20 % av basistilskuddet i 3 måneder for en lege med 2 000 på lista. Hvor mye totalt?", "trekk",
     {"listeinnbyggere": 2000, "trekk_prosent": 20.0, "for_maaneder": 3}),
    # no word names the calculator, but a value's role does: only one calculator has an input of that role
    ("Class 2, 60% contract. What is that per month?", "driftstilskudd", {"klasse": 2, "andel": 0.6}),
    ("We retain 10 % every month from a GP with 1 400 patients. Amount?", "trekk",
     {"listeinnbyggere": 1400, "trekk_prosent": 10.0}),
    # a span told about the case, not asked about, is not passed on
    ("Jeg har vært fastlege i 6 måneder og har 1 500 på lista. Hva får jeg i basistilskudd?", "basistilskudd",
     {"listeinnbyggere": 1500}),
    ("Our municipality has suspended the GP scheme. I work 100% curative, and my list was steady at 1,300 before "
     "the suspension. What monthly grant should I get?", "suspensjonstilskudd",
     {"stillingsandel": 1.0, "listeinnbyggere": 1300}),
])
def test_every_value_fills_the_input_its_role_names(question, tool, inputs):
    r = plan(parse_question(question, TODAY))
    assert (r.kind, r.tool, r.inputs) == ("tool", tool, inputs)


@pytest.mark.parametrize("question, words", [
    ("Hvor mye får jeg i basistilskudd i måneden?", "listeinnbyggere"),
    ("Tilbudsbrevet er datert 3. mars 2025. Når må legene senest være enige om prisen?", "mottatt"),
    ("Legen slutta 1. mars 2025. Når kan heimelen tidlegast heimfalle?", "sa legen opp"),
    ("Eg vil redusere lista frå 1. oktober 2025. Når må eg seie frå til kommunen?", "helsegrunner"),
    # "vet ikke om" says the flag is not known: asked, not taken as no
    ("Jeg vet ikke om hun er spesialist, men hun tar 10 timer fra 1.3.2026. Hva blir timesatsen?", "spesialist"),
    # "kor tidleg / hvor tidlig / how early" asks for a date as "kor seint" does: the missing date is asked for
    ("Eg treng mindre liste på grunn av helsa mi. Kor tidleg må eg ta det opp med kommunen?", "Fra hvilken dato"),
    ("3 hjemler og 3 310 eller 3 410 på listene til sammen, 2 900 innbyggere. Utjamningstilskudd?", "3 310"),
    ("Lista er 1500-1600 pasienter. Hvor mye basistilskudd blir det?", "1500"),
    # a limit is not a value: "under 5000 innbyggere" does not say how many
    ("Vi har under 5000 innbyggere og snittlista er 900. Hvor mye utjamningstilskudd blir det?", "innbyggere"),
    ("I have more than 2,500 patients on my list. How much basistilskudd is that per year?", "listeinnbyggere"),
    # the date's own words say it is when the offer was sent, not received
    ("Kommunen sendte tilbudet om praksisen 3. mars 2025 og legen mottok det noen dager senere. Når må prisen være "
     "avtalt?", "mottatt"),
])
def test_a_missing_or_unclear_input_is_asked_for_by_name(question, words):
    r = plan(parse_question(question, TODAY))
    assert r.kind == "follow_up" and words in r.follow_up


@pytest.mark.parametrize("question", [
    "Hvor mye skatt må en fastlege med 1 500 pasienter betale av basistilskuddet?",
    "Hvor mye får fastlegen i basistilskudd per pasient på lista?",
    "Hva sier statsavtalen fra 2022 om basistilskudd?",
    "Hvor mange innbyggere kan en kommune maks ha for å få utjamningstilskudd?",
    "Hva gjelder for deleliste når jeg er 62?",  # "når" as a conjunction asks no date
    "Hvorfor ble timesatsen 1 027 kr i 2024 for alle leger?",  # a reason is asked: no calculator gives one
    "Why does a list of 2 000 patients get less basistilskudd per patient?",
])
def test_rule_questions_with_numbers_are_not_computed(question):
    assert plan(parse_question(question, TODAY)).kind == "search"


def test_a_short_reply_fills_the_input_that_was_asked_for():
    first = plan(parse_question("Hvor mye får jeg i basistilskudd i måneden?", TODAY))
    assert first.missing == "listeinnbyggere"
    assert fill_reply(first.tool, first.inputs, first.missing, parse_question("1 500", TODAY)) == {
        "listeinnbyggere": 1500}
    history = [{"role": "user", "content": "Hvor mye får jeg i basistilskudd i måneden?"},
               {"role": "assistant", "content": first.follow_up,
                "answer": {"follow_up": first.follow_up,
                           "pending": {"tool": first.tool, "inputs": first.inputs, "missing": first.missing}}}]
    rw = rewrite_follow_up("ca 1 800", history, TODAY)
    assert (rw.kind, rw.tool, rw.inputs) == ("recalc", "basistilskudd", {"listeinnbyggere": 1800})


def test_plain_date_arithmetic_with_no_rule_named():
    r = plan(parse_question("Jeg starter 12 uker etter at prisen ble avtalt 3. februar 2025. Hvilken dato blir det?",
                            TODAY))
    assert r.kind == "tool" and r.inputs == {"variant": "generisk", "fra_dato": "2025-02-03",
                                             "steg": [{"uker": 12, "retning": "etter"}]}
    r = plan(parse_question("Hva er datoen 3 uker før 1. september 2025?", TODAY))
    assert r.inputs["steg"] == [{"uker": 3, "retning": "for"}]
    # the direction after the span points back to the date named before it ("… 10 dager etter det?")
    r = plan(parse_question("Kurset mitt startet 14. april 2025. Hvilken dato er det 10 dager etter det?", TODAY))
    assert r.kind == "tool" and r.inputs == {"variant": "generisk", "fra_dato": "2025-04-14",
                                             "steg": [{"dager": 10, "retning": "etter"}]}


def test_an_asked_date_named_by_one_of_its_roles_is_not_taken_from_the_question():
    # "starte" names the pålegg's start (one of that input's roles): the date given is the notice, counted forward
    r = plan(parse_question("Vi varslet legen om pålegg om helsestasjonsarbeid 10. mars 2025. Når kan hun tidligst "
                            "starte?", TODAY))
    assert r.kind == "tool" and r.inputs == {"variant": "palegg", "varslet_dato": "2025-03-10"}


def test_a_default_role_is_stated_as_an_assumption():
    r = plan(parse_question("Jeg sier opp 1/10-25. Når er siste arbeidsdag?", TODAY))
    assert r.kind == "tool" and r.inputs["fra_dato"] == "2025-10-01"
    r = plan(parse_question("Stillingen legges ut 2. juni 2025. Tidligste søknadsfrist?", TODAY))
    assert r.kind == "tool" and r.inputs["fra_dato"] == "2025-06-02"
    assert r.assumptions and "2. juni 2025" in r.assumptions[0]


# ---------------------------------------------------------------- bench tools scoring (pure)
def test_a_value_with_digits_matches_only_as_a_whole():
    assert holds_values("Fristen er 7. april 2025.", ["7. april 2025"])[0]
    assert not holds_values("Fristen er 17. april 2025.", ["7. april 2025"])[0]
    assert not holds_values("Det blir 1 760 230 kr.", ["760 230"])[0]
    assert holds_values("63 352,50 kr per måned", ["63 352"])[0]
    assert inputs_match({"listeinnbyggere": 1500, "alene": False}, {"listeinnbyggere": 1500.0})
    assert not inputs_match({"fra_dato": "2025-01-15"}, {"oppsigelse_dato": "2025-01-15"})
    # lists element by element, a share as a percent or a fraction, a step's default keys left to the tool
    assert inputs_match({"b": [55400, 56100]}, {"b": [55400.0, 56100.0]})
    assert not inputs_match({"b": [55400, 56100]}, {"b": [55400.0]})
    assert inputs_match({"andel": 15}, {"andel": 0.15}) and not inputs_match({"andel": 15}, {"andel": 0.2})
    assert inputs_match({"steg": [{"uker": 12}]}, {"steg": [{"uker": 12, "retning": "etter"}]})
    assert not inputs_match({"steg": [{"uker": 12}]}, {"steg": [{"uker": 10, "retning": "etter"}]})


def test_a_wrong_value_stated_as_fact_is_counted():
    item = {"id": "t-2", "kind": "calc", "tool": "frist", "inputs": {"variant": "hjemfall"},
            "must_contain": ["15. januar 2026"]}
    wrong = {"answer": "Tidligst hjemfall 15. juli 2025.", "follow_up": None,
             "tool_calls": [{"name": "frist", "inputs": {"variant": "hjemfall"}, "result": {"values": {"x": 1}}}]}
    r = score_tool_item(item, wrong)
    assert r.wrong_fact and not r.values_ok and r.half == "partall"
    asked = {"answer": "", "follow_up": "Hvilken dato sa legen opp?", "tool_calls": []}
    clarify = {**item, "kind": "clarify", "must_contain": ["sa legen opp"]}
    assert score_tool_item(clarify, asked).clarified
    # the assistant asks back in bokmål: an English item's words count in their bokmål form
    english = {**clarify, "lang": "en", "must_contain": ["children|kids"]}
    assert score_tool_item(english, {**asked, "follow_up": "Hvor mange barn har legen omsorg for?"}).clarified
    assert not score_tool_item(english, {**asked, "follow_up": "Hvilken dato sa legen opp?"}).clarified


def test_a_list_of_values_shares_the_unit_written_after_its_last_value():
    kinds = lambda t: [(m.kind, m.value) for m in parse_question(t, TODAY).mentions]  # noqa: E731
    assert kinds("Basistilskuddet var 68 000, 70 500 og 69 100 kr.") == [("money", 68000), ("money", 70500),
                                                                         ("money", 69100)]
    assert kinds("trekk på 20 eller 40 %") == [("percent", 20), ("percent", 40)]
    assert kinds("1 500 pasienter og 2 000 kr") == [("number", 1500), ("money", 2000)]
    r = plan(parse_question("Suspendert, 100 % kurativt. Basistilskuddet de siste tre månedene var 68 000, 70 500 "
                            "og 69 100 kr. Hva blir suspensjonstilskuddet per måned?", TODAY))
    assert r.inputs["basistilskudd_siste_tre_maaneder"] == [68000, 70500, 69100]
    assert kinds("Driftstilskudd klasse 2, 100 % avtale")[0] == ("number", 2)  # a comma alone is not a list


def test_a_year_read_as_its_first_day_is_said_in_the_first_line():
    r = plan(parse_question("Hva blir basistilskuddet for 1 200 pasienter i 2025?", TODAY))
    assert r.inputs["dato"] == "2025-01-01"
    assert r.assumptions == ("Jeg har regnet med 1. januar 2025 for «2025»; satser og regler kan skifte i løpet av året.",)


def test_words_of_a_condition_clause_do_not_make_it_a_deadline_question():
    # "når en lege … slutter" sets the case; the question asks where, so no date is asked back for
    where = plan(parse_question("Hvor skal den ledige fastlegeavtalen lokaliseres når en lege i gruppepraksis slutter?", TODAY))
    assert where.kind == "search"
    # the same words in the asking clause still ask for the deadline and its missing date
    when = plan(parse_question("Legen vår slutter. Når hjemfaller fastlegeavtalen hans?", TODAY))
    assert when.kind == "follow_up" and when.tool == "frist"
    given = plan(parse_question("Hvis legen sa opp 15. januar 2025, når hjemfaller avtalen tidligst?", TODAY))
    assert given.kind == "tool" and given.inputs.get("variant") == "hjemfall"


def test_two_reports_of_one_value_set_against_each_other_are_asked_back():
    r = plan(parse_question("Vi skal etablere deleliste. Legen har 1 480 på lista ifølge oversikten, men brevet fra "
                            "kommunen sier 1 530. Hvor stor kan delelista bli?", TODAY))
    assert r.kind == "follow_up" and "1 480" in r.follow_up and "1 530" in r.follow_up
    # two values of one kind for two dates are not a contrast: no question back because of them
    both = plan(parse_question("Lista var 1 210 den 1. mars 2023 og 1 190 den 1. april 2023. Hvor mye basistilskudd "
                               "fikk legen i april 2023?", TODAY))
    assert not (both.follow_up and "1 210" in both.follow_up and "1 190" in both.follow_up)


@pytest.mark.parametrize("question, kind", [
    ("Kor mykje er basistilskotet per månad no?", "follow_up"),  # a total for a period: a case, so its list
    ("How much basistilskudd is that a year?", "follow_up"),
    ("Hva er basistilskuddet per listeinnbygger?", "search"),  # a rate per unit: the rule
    ("Hva er basistilskuddet?", "search"),
])
def test_a_total_per_period_asks_for_the_case_a_rate_per_unit_does_not(question, kind):
    route = plan(parse_question(question, TODAY))
    assert route.kind == kind
    if kind == "follow_up":
        assert route.tool == "basistilskudd" and route.missing == "listeinnbyggere"


@pytest.mark.parametrize("question, inputs", [
    # English role words for the end of a notice period
    ("The GP's notice runs out on 28 February 2026. Date of reversion to the municipality?",
     {"variant": "hjemfall", "fra_dato": "2026-02-28"}),
    # "bekreftet mottak" is when the offer was received, not when it was dated
    ("Kommunen datert tilbudet 15. oktober 2025, og legen bekreftet mottak 20. oktober 2025. Hvilken dato er fristen "
     "for prisavtale?", {"variant": "overdragelse_pris", "fra_dato": "2025-10-20"}),
])
def test_role_words_for_a_notice_running_out_and_an_offer_received(question, inputs):
    route = plan(parse_question(question, date(2026, 1, 5)))
    assert route.kind == "tool" and route.tool == "frist" and route.inputs == inputs


@pytest.mark.parametrize("text, tool, inputs", [
    ("Avtalen ble inngått 1. februar 2023, taket er 800 og hun har 260 pasienter. Hvor mye får hun per måned?",
     "grunntilskudd", {"listeinnbyggere": 260, "listetak": 800, "avtale_start": "2023-02-01"}),
    ("Kommunen har 3 800 innbyggere og 4 hjemler med til sammen 3 900 på listene. Hvor mye får vi?",
     "utjamningstilskudd", {"kommune_innbyggere": 3800, "hjemler": 4, "sum_listeinnbyggere": 3900}),
])
def test_an_unnamed_calculator_is_chosen_when_the_values_fill_all_it_needs(text, tool, inputs):
    route = plan(parse_question(text, TODAY))
    assert (route.kind, route.tool) == ("tool", tool) and {k: route.inputs.get(k) for k in inputs} == inputs


@pytest.mark.parametrize("text", [
    "Hun har 260 pasienter og listetak 800. Kan hun stenge lista?",  # asks for no amount or date
    "Hun har 260 pasienter. Hvor mye får hun per måned?",  # one value: too little to name a calculator
])
def test_values_alone_do_not_name_a_calculator_without_enough_of_them_or_an_amount_asked(text):
    assert plan(parse_question(text, TODAY)).kind != "tool"


def test_a_short_word_of_a_cue_is_a_whole_word_not_a_stem():
    from assistant.answer.lexicon import cue_parts, matches_at

    assert cue_parts("lis 1") == ("lis$", "1") and cue_parts("på lista") == ("på$", "lista")
    assert not matches_at(("listetak", "1", "000"), 0, cue_parts("lis 1"))
    assert matches_at(("lis", "1"), 0, cue_parts("lis 1")) and matches_at(("kor", "mange"), 0, cue_parts("kor mange"))


@pytest.mark.parametrize("text, til", [
    ("Når må jeg senest levere oppsigelsen hvis jeg vil slutte 1. juli 2026?", "2026-07-01"),
    ("Hvis jeg vil være ferdig 30. april 2026, når må jeg senest si opp?", "2026-04-30"),
])
def test_the_date_asked_for_is_not_taken_from_a_date_given_for_something_else(text, til):
    # the question asks when the notice must be given: the date it gives (with no role words) is the end the notice
    # must reach, counted back from; read as the day notice was given it would give a wrong date as fact
    route = plan(parse_question(text, TODAY))
    assert route.kind == "tool" and route.inputs.get("til_dato") == til and "fra_dato" not in route.inputs
    assert any("være slutt" in a for a in route.assumptions) or "ferdig" in text


def test_a_given_notice_date_still_counts_forward():
    route = plan(parse_question("Oppsigelsesfristen min løper fra 1. februar 2025. Når slutter avtalen?", TODAY))
    assert route.kind == "tool" and route.inputs.get("fra_dato") == "2025-02-01"


@pytest.mark.parametrize("question, tool, want", [
    # a date the question says today is: the rates and rules of that day
    ("Jeg startet som fastlege 1. september 2024 med listetak 1200 og har 320 på lista. Hva får jeg i "
     "grunntilskudd per måned? (i dag er 15.01.2025)", "grunntilskudd",
     {"listeinnbyggere": 320, "listetak": 1200, "avtale_start": "2024-09-01", "dato": "2025-01-15"}),
    ("I have a list cap of 450 and 440 patients; my contract started 1 August 2025. What grunntilskudd do I get? "
     "(today is 1 Feb 2026)", "grunntilskudd",
     {"listeinnbyggere": 440, "listetak": 450, "avtale_start": "2025-08-01", "dato": "2026-02-01"}),
    # a child named by who it is, with the nynorsk article "ein"
    ("Eg er åleine om omsorga for ein gut på 6 år. Kor mange dagar med sjukt barn kan eg ta?", "barn_syk",
     {"antall_barn": 1, "alene": True, "barn_alder": [6]}),
    ("I have two daughters aged 4 and 9. How many sick-child days do I get?", "barn_syk",
     {"antall_barn": 2, "barn_alder": [4, 9]}),
    # a notice period the question states is counted with (the calculator says when it differs from pkt. 16)
    ("A GP resigned on 20 November 2024, and the notice period is 6 months. When at the earliest can the contract "
     "revert (hjemfall) to the municipality?", "frist",
     {"variant": "hjemfall", "oppsigelse_dato": "2024-11-20", "oppsigelsesfrist_maaneder": 6}),
    ("Jeg sa opp 3. mars 2025 med 3 måneders oppsigelsestid etter avtale med kommunen. Når slutter jeg?", "frist",
     {"variant": "oppsigelse", "fra_dato": "2025-03-03", "oppsigelsesfrist_maaneder": 3}),
    # an amount ("the maximum list size") and a date asked together: the calculator that gives both
    ("I was born 15 March 1957 and want to set up a deleliste from 1 January 2025. My list is 1,200. What's the "
     "maximum list size, and by when do I have to step down?", "deleliste",
     {"liste_ved_etablering": 1200, "fodselsdato": "1957-03-15", "start_dato": "2025-01-01"}),
])
def test_values_the_question_states_reach_their_inputs(question, tool, want):
    r = plan(parse_question(question, TODAY))
    assert r.kind == "tool" and r.tool == tool and inputs_match(want, r.inputs), r


def test_a_reply_s_value_without_role_words_answers_the_question_asked():
    # the fitted model alone may lean a bare date towards another input; the question back decides
    filled = fill_reply("frist", {"variant": "hjemfall"}, "oppsigelse_dato", parse_question("15. januar 2025", TODAY))
    assert filled == {"variant": "hjemfall", "oppsigelse_dato": "2025-01-15"}
    filled = fill_reply("frist", {"variant": "hjemfall"}, "oppsigelse_dato",
                        parse_question("fristen løp ut 15. januar 2025", TODAY))
    assert filled == {"variant": "hjemfall", "fra_dato": "2025-01-15"}


@pytest.mark.parametrize("text, language", [
    # "i" and "for" are Norwegian words too: a bokmål question full of them is no English one
    ("Vi i kommunen vurderer timehonorar i stedet for lønn. Hva er timesatsen for en spesialist fra juli 2024?", "nb"),
    ("Hva var basistilskuddet for 1 500 pasienter i mars 2022?", "nb"),
    ("How much basistilskudd do I get for 1 500 patients?", "en"),
    ("i have 1500 patients, what is my grant?", "en"),
])
def test_the_language_of_a_question(text, language):
    assert parse_question(text, TODAY).language == language


def test_a_share_the_question_denies_is_no_share():
    assert [m.kind for m in parse_question("jeg jobber ikke fullt kurativt lenger", TODAY).mentions] == []
    assert [m.value for m in parse_question("jeg jobber full stilling", TODAY).mentions] == [100.0]


@pytest.mark.parametrize("question, tool, missing", [
    # the sentence that asks has no "?": the one with a question word asks
    ("Hei! Lurer på hva jeg faktisk får i basistilskudd per mnd. Har nokså mange pasienter på lista.",
     "basistilskudd", "listeinnbyggere"),
    # "hvor mye mister jeg": a verb before its subject, not another amount than the calculator gives
    ("Kommunen vil holde tilbake 15 % av basistilskuddet mitt til jeg har rettet opp et forhold. Hvor mye mister jeg "
     "i måneden?", "trekk", "listeinnbyggere"),
    # what is asked (a date) ranks the calculators: a pålegg of hours, not the hourly rate
    ("Our kommune says it will order me to work 5 hours a week at the nursing home. I'm full-time with 1 300 "
     "patients. What's the earliest start date they can require?", "frist", "varslet_dato"),
])
def test_a_calculation_question_missing_an_input_asks_for_it(question, tool, missing):
    r = plan(parse_question(question, TODAY))
    assert r.kind == "follow_up" and r.tool == tool and r.missing == missing, r


def test_a_yes_no_question_is_not_computed_from_a_value_its_words_do_not_name():
    r = plan(parse_question("We're a municipality of about 3,000 people and our GPs have short lists. Are they "
                            "entitled to any extra grant on top of the basic grant?", TODAY))
    assert r.kind == "search"
    # the same value with its role words is computed
    r = plan(parse_question("Legen har 320 på lista og listetaket er 1 000. Har hun rett på grunntilskudd?", TODAY))
    assert r.kind == "tool" and r.tool == "grunntilskudd"


@pytest.mark.parametrize("question", [
    "Can the municipality force me to work at the nursing home?",
    "Kan kommunen kreve at jeg jobber på sykehjemmet?",
    "Kan jeg få basistilskudd?",
])
def test_a_yes_no_question_that_gives_no_value_and_asks_no_amount_is_a_question_about_the_rule(question):
    assert plan(parse_question(question, TODAY)).kind == "search"


def test_a_question_without_values_that_asks_for_an_amount_is_still_asked_back():
    r = plan(parse_question("Hvor mye får jeg i basistilskudd?", TODAY))
    assert r.kind == "follow_up" and r.tool == "basistilskudd"


def test_an_assumed_input_is_named_in_words():
    r = plan(parse_question("Legen vår har bare 320 på lista, men taket hun avtalte med kommunen er 1 000. "
                            "Grunntilskudd?", TODAY))
    assert r.kind == "tool" and all("Hva er" not in a for a in r.assumptions)


@pytest.mark.parametrize("question, missing, reply, want", [
    # the date the question asks for is its answer: the question back asks for the date it is counted from
    ("Jeg vil slutte som fastlege. Når må jeg senest si opp?", "til_dato", "1. mars 2026",
     {"variant": "oppsigelse", "til_dato": "2026-03-01"}),
    ("Kommunen vil pålegge meg 5 timer i uka på sykehjemmet. Fra hvilken dato kan pålegget tidligst gjelde?",
     "varslet_dato", "2. mai 2025", {"variant": "palegg", "varslet_dato": "2025-05-02"}),
    ("Our kommune will order me to work 5 hours a week at the nursing home. What's the earliest start date they "
     "can require?", "varslet_dato", "2 May 2025", {"variant": "palegg", "varslet_dato": "2025-05-02"}),
])
def test_the_date_asked_for_is_not_asked_back(question, missing, reply, want):
    r = plan(parse_question(question, TODAY))
    assert r.kind == "follow_up" and r.missing == missing, r
    assert fill_reply(r.tool, dict(r.inputs), r.missing, parse_question(reply, TODAY)) == want
    # a question that asks when the notice runs out still asks when it was given
    r = plan(parse_question("Jeg har sagt opp. Når slutter avtalen?", TODAY))
    assert r.kind == "follow_up" and r.missing == "fra_dato"


def test_a_calculation_no_word_names_says_which_one_was_done():
    # the values' roles chose the calculation: the first line says which one, so the user can correct it
    r = plan(parse_question("Kva er fristen? Brevet kom 3. mai 2025.", TODAY))
    assert r.kind == "tool" and r.assumptions and "fristen for «" in r.assumptions[0], r
    r = plan(parse_question("A GP has 440 patients and a list cap of 800 since 1 March 2020. What do we pay her "
                            "for October 2022?", TODAY))
    assert r.kind == "tool" and r.tool == "grunntilskudd" and "«grunntilskudd»" in r.assumptions[0], r
    # named in words: no such line
    r = plan(parse_question("Legen har 440 på lista og listetak 800 siden 1. mars 2020. Hvor mye grunntilskudd "
                            "får hun for oktober 2022?", TODAY))
    assert r.kind == "tool" and not any("sier ikke rett ut" in a for a in r.assumptions), r


@pytest.mark.parametrize("text", [
    "My kids are sick again. How many days can I stay at home before they make a trekk in the basistilskudd?",
    "Borna er sjuke att. Kor mange dagar kan eg vere heime før det blir trekk i basistilskotet?",
])
def test_what_is_counted_chooses_the_calculator_that_counts_it(text):
    # "hvor mange dager" is what the sick-children calculator's title counts ("Dager med syke barn"), and the question
    # names the rest of that title: not the trekk its words also name
    route = plan(parse_question(text, TODAY))
    assert route.tool == "barn_syk"
    assert route.kind == "follow_up" and route.missing == "antall_barn"


def test_a_count_no_calculator_title_names_leaves_the_choice_to_the_topic():
    route = plan(parse_question("Hvor mange kroner blir trekket på 10 % med 1 500 på lista?", TODAY))
    assert route.kind == "tool" and route.tool == "trekk"


@pytest.mark.parametrize("text, spesialist", [
    ("Hva er timesatsen fra 1. juli 2024, og er den annerledes for spesialister?", None),
    ("What is the hourly rate from 1 July 2024, and is it lower if you're not a specialist?", None),
    ("Hva er timesatsen for andre kommunale legeoppgaver, og får spesialister mer?", None),  # no value of a case
    ("Jeg er spesialist i allmennmedisin. Hva er timesatsen fra 1. juli 2024?", True),
    ("Jeg er ikke spesialist ennå. Hva er timesatsen fra 1. juli 2024?", False),
    ("er spesialist, jobber på sykehjemmet fra 1. juli 2024. hva er timesatsen??", True),
])
def test_a_flag_a_yes_no_clause_asks_about_is_not_said_of_the_case(text, spesialist):
    route = plan(parse_question(text, TODAY))
    assert route.tool == "timesats"
    assert route.inputs.get("spesialist") is spesialist
    if spesialist is None:  # both rates are shown with the question back
        assert route.kind == "follow_up"


@pytest.mark.parametrize("text", [
    "How long is the notice period for a GP?", "Hvor lang er oppsigelsesfristen for en lege?",
    "Kor lenge kan ein fastlege ha deleliste?", "How much notice does a GP have to give when resigning?",
])
def test_a_length_asked_of_no_case_is_the_rules_length_not_a_date_asked_back(text):
    assert plan(parse_question(text, TODAY)).kind == "search"


@pytest.mark.parametrize("text", [
    "Hvor lenge har jeg på meg før kommunen kan trekke tilbudet tilbake?", "Kor lenge kan delelista vare for meg?",
])
def test_a_length_of_the_users_own_case_still_asks_for_the_date_it_runs_from(text):
    assert plan(parse_question(text, TODAY)).kind == "follow_up"


@pytest.mark.parametrize("text, month", [
    ("Lista mi lå på 2 200 hele første halvår 2025, fra januar til og med juni. Hvor mye basistilskudd?", (2025, 1)),
    ("har tatt timer pa sykehjemmet i host (2024). hva blir timesatsen?", (2024, 10)),  # typed without æøå
])
def test_a_month_without_its_year_takes_the_year_named_beside_it(text, month):
    assert [m.value for m in parse_question(text, TODAY).mentions if m.kind == "month"] == [month]


def test_a_full_stop_ends_a_sentence_typed_in_lower_case():
    # "er ikke spesialist enda." states the case; the question after it asks what to bill
    r = plan(parse_question("er ikke spesialist enda og har hatt 10 timer pa sykehjemmet i oktober 2024. hva kan "
                            "jeg fakturere?", TODAY))
    assert r.kind == "tool" and r.inputs["spesialist"] is False and r.inputs["dato"] == "2024-10-01"


@pytest.mark.parametrize("text, total", [
    ("Kommunen har 3 000 innbyggere og 3 hjemler med 900, 950 og 1 000 på listene. Hva blir utjamningstilskuddet?",
     2850),
    ("We have 4,850 residents and four GP posts; the GPs in place have 1,200, 1,000 and 1,160 on their lists. How "
     "much utjamningstilskudd does each GP get?", 3360),
])
def test_a_total_listed_value_by_value_is_added_up_and_said(text, total):
    r = plan(parse_question(text, TODAY))
    assert r.kind == "tool" and r.inputs["sum_listeinnbyggere"] == total and "gjennomsnittsliste" not in r.inputs
    assert any(f"til {total:,} listeinnbyggere".replace(",", " ") in a for a in r.assumptions)


def test_values_a_comma_alone_separates_are_not_added_up():
    r = plan(parse_question("Kommunen har 3 000 innbyggere, 3 hjemler og til sammen 2 850 på listene. Hva blir "
                            "utjamningstilskuddet?", TODAY))
    assert r.kind == "tool" and r.inputs["sum_listeinnbyggere"] == 2850 and r.inputs["hjemler"] == 3


def test_an_abbreviation_ends_no_sentence():
    from assistant.answer.plan import _asked_words
    assert _asked_words(parse_question("Er det annerledes om legen evt. ikke er spesialist?", TODAY))


@pytest.mark.parametrize("text, kind", [
    ("Jeg er 62 og har mange sykehjemspasienter. Hvilke grunner gir meg rett til å redusere lista?", "search"),
    ("Legen som slutter har fått gratis hjelpepersonell fra kommunen. Påvirker det prisen for praksisen?", "search"),
    ("Kva timesats får eg for kommunalt arbeid når eg er spesialist i allmennmedisin?", "tool"),  # it names it
])
def test_a_question_that_asks_for_no_calculators_value_and_gives_none_is_about_a_rule(text, kind):
    assert plan(parse_question(text, TODAY)).kind == kind


def test_a_hyphenated_cue_names_its_subject():
    # "8.2-avtale" is the cue's "8.2" and "avtale": the deadline of the økonomisk samarbeid, not of the GP agreement
    r = plan(parse_question("Vi har en 8.2-avtale med en lege. Når kan vi si den opp?", TODAY))
    assert r.tool == "frist" and r.inputs.get("variant") == "okonomisk_samarbeid"


@pytest.mark.parametrize("text", [
    "Jeg har to barn på 2 og 10 år, og 10-åringen har diabetes. Hvor mange dager med syke barn?",
    "Alenefar med tre born. Den yngste har cerebral parese. Kor mange dagar kan eg vere heime med sjuke born?",
    "I have two kids and my daughter has epilepsy. How many sick-child days do I get?",
    # the child named by its age in words, or as the smallest of them
    "Vi har tre barn på 5, 8 og 13 år. Trettenåringen har epilepsi. Hvor mange dager med sykt barn kan jeg ta?",
    "To foreldre med tre barn på 2, 6 og 9 – den minste har astma. Hvor mange dager fravær pga. syke barn?",
    "Two kids, and my 7-year-old has asthma. How many sick-child days do I get?",
])
def test_a_child_said_to_have_a_condition_is_asked_about_not_assumed_healthy(text):
    route = plan(parse_question(text, TODAY))
    assert route.kind == "follow_up" and route.tool == "barn_syk" and "kronisk" in route.follow_up
    assert "kronisk" not in route.inputs and route.inputs.get("antall_barn") in (2, 3)


def test_a_lis1_agreement_not_said_to_be_renewed_is_taken_as_the_first_and_the_first_line_says_so():
    route = plan(parse_question("LIS1-avtalen vår starta 1.9.2024. Når kan vi tidlegast seie ho opp?", TODAY))
    assert route.kind == "tool" and route.inputs["fornyelse"] is False
    assert any("første LIS1-avtalen" in a for a in route.assumptions)
    for text, renewed in (("Vi fornyet LIS1-avtalen fra 1.9.2025. Når kan den sies opp tidligst?", True),
                          ("Eg inngjekk LIS1-avtale 15.08.2022, første gong. Når kan eg seie ho opp?", False)):
        route = plan(parse_question(text, TODAY))
        assert route.inputs["fornyelse"] is renewed and not any("første LIS1" in a for a in route.assumptions), text
