"""Follow-ups: re-run the last calculation with new input; rewrite "hva med X?" into a standalone question."""
from datetime import date

import pytest

from assistant.answer.conversation import rewrite_follow_up
from assistant.answer.pipeline import answer_question
from tests.answer_fakes import DOCS, FakeRetriever

TODAY = date(2025, 6, 15)


def _turn(question, answer):
    return [{"role": "user", "content": question, "answer": None},
            {"role": "assistant", "content": answer.answer, "answer": answer.to_dict()}]


def test_recalculation_with_new_list_size():
    r = FakeRetriever()
    first = answer_question("Hvor mye basistilskudd får jeg med 1 500 på lista?", retriever=r, documents=DOCS, today=TODAY)
    assert first.tool_calls[0].result["values"]["arlig_kr"] == 947000
    second = answer_question("og hvis lista er 1 800?", retriever=r, documents=DOCS, today=TODAY,
                             history=_turn("Hvor mye basistilskudd får jeg med 1 500 på lista?", first))
    call = second.tool_calls[0]
    assert call.name == "basistilskudd" and call.inputs["listeinnbyggere"] == 1800
    assert call.result["values"]["arlig_kr"] == 675 * 1000 + 544 * 800
    assert "1 110 200" in second.answer


def test_recalculation_with_new_date():
    history = [{"role": "user", "content": "x", "answer": None},
               {"role": "assistant", "content": "y", "answer": {"tool_calls": [
                   {"name": "frist", "inputs": {"variant": "oppsigelse", "fra_dato": "2025-03-14"}}]}}]
    rw = rewrite_follow_up("hva om jeg sier opp 1. april 2025 i stedet?", history, TODAY)
    assert rw.kind == "recalc" and rw.inputs == {"variant": "oppsigelse", "fra_dato": "2025-04-01"}


def test_reply_to_clarifying_question_is_merged():
    r = FakeRetriever()
    first = answer_question("Hvor mye basistilskudd får jeg?", retriever=r, documents=DOCS, today=TODAY)
    assert first.follow_up and not first.tool_calls
    second = answer_question("1 200", retriever=r, documents=DOCS, today=TODAY,
                             history=_turn("Hvor mye basistilskudd får jeg?", first))
    assert second.tool_calls and second.tool_calls[0].inputs["listeinnbyggere"] == 1200


def test_what_about_is_rewritten_to_standalone():
    history = [{"role": "user", "content": "Hvordan skal samarbeidsutvalget være sammensatt?", "answer": None},
               {"role": "assistant", "content": "…", "answer": {"tool_calls": [], "follow_up": None}}]
    rw = rewrite_follow_up("hva med nemnda?", history, TODAY)
    assert rw.kind == "standalone" and rw.question == "Hvordan skal nemnda være sammensatt?"


def test_without_history_nothing_is_rewritten():
    assert rewrite_follow_up("hva med nemnda?", None, TODAY).kind == "none"


def test_a_short_question_pointing_back_searches_the_last_topic():
    history = [{"role": "user", "content": "Hva er oppsigelsesfristen for legen?", "answer": None},
               {"role": "assistant", "content": "…", "answer": {"tool_calls": [], "follow_up": None}}]
    rw = rewrite_follow_up("Gjelder det samme for kommunen?", history, TODAY)
    assert rw.kind == "standalone" and "oppsigelsesfristen" in rw.question and "kommunen" in rw.question
    assert rewrite_follow_up("Hvordan er nemnda sammensatt og hvem oppnevner den?", history, TODAY).kind == "none"


@pytest.mark.parametrize("first, follow, carried", [
    ("Hva sier rammeavtalen om åpningstid og tilgjengelighet?", "Hvor mange timer i uka?", "åpningstid"),
    ("Hvem sitter i samarbeidsutvalget?", "Og hvor ofte møtes de?", "samarbeidsutvalget"),
    ("What does the agreement say about legevakt?", "How often?", "legevakt"),
])
def test_a_question_with_no_subject_of_its_own_is_searched_with_the_last_topic(first, follow, carried):
    history = [{"role": "user", "content": first, "answer": None},
               {"role": "assistant", "content": "…", "answer": {"tool_calls": [], "follow_up": None}}]
    rw = rewrite_follow_up(follow, history, TODAY)
    assert rw.kind == "standalone" and rw.question.startswith(follow) and carried in rw.question
    # a question that names its own subject, or gives a value to compute with, stands alone
    assert rewrite_follow_up("Hvor mange timer i uka må legekontoret ha åpent?", history, TODAY).kind == "none"
    for alone in ("Hva er listetak?", "What is a list cap?", "Hvor mye får jeg for 1200 på lista?"):
        assert rewrite_follow_up(alone, history, TODAY).kind == "none", alone


def test_what_the_first_question_said_is_kept_when_the_reply_fills_the_missing_input():
    r = FakeRetriever()
    q = "Hvor mange dager med sykt barn får jeg? Jeg er alene med omsorgen."
    first = answer_question(q, retriever=r, documents=DOCS, today=TODAY)
    assert first.follow_up and not first.tool_calls
    second = answer_question("2 barn", retriever=r, documents=DOCS, today=TODAY, history=_turn(q, first))
    call = second.tool_calls[0]
    assert call.name == "barn_syk" and call.inputs["antall_barn"] == 2 and call.inputs["alene"] is True
    assert "20 dager" in second.answer


def _converse(questions):
    r, history, out = FakeRetriever(), [], None
    for q in questions:
        out = answer_question(q, retriever=r, documents=DOCS, today=TODAY, history=history)
        history += _turn(q, out)
    return out


def test_a_reply_can_give_more_than_was_asked():
    last = _converse(["Hvor mye utjamningstilskudd får kommunen vår?", "4 500 innbyggere og snittlista er 1 100"])
    call = last.tool_calls[0]
    assert call.inputs == {"kommune_innbyggere": 4500, "gjennomsnittsliste": 1100.0}


def test_the_next_missing_input_is_asked_for_by_name_and_filled_by_the_reply():
    second = _converse(["Hvor mye utjamningstilskudd får kommunen vår?", "4 500"])
    assert not second.tool_calls and "gjennomsnittlig listelengde" in (second.follow_up or "")
    last = _converse(["Hvor mye utjamningstilskudd får kommunen vår?", "4 500", "1 100"])
    assert last.tool_calls[0].inputs == {"kommune_innbyggere": 4500, "gjennomsnittsliste": 1100.0}
    last = _converse(["Hvor mye utjamningstilskudd får kommunen vår?", "4 500", "4 hjemler og 4 200 på listene"])
    assert last.tool_calls[0].inputs == {"kommune_innbyggere": 4500, "hjemler": 4, "sum_listeinnbyggere": 4200}


def test_a_statement_after_a_calculation_refines_it():
    last = _converse(["Jeg har 80 % kurativ stilling og ordningen er suspendert. Hva får jeg?",
                      "Snittet var 70 000 kr i måneden"])
    call = last.tool_calls[0]
    assert call.name == "suspensjonstilskudd" and call.inputs["snitt_basistilskudd_maaned"] == 70000.0
    assert call.inputs["stillingsandel"] == 0.8


def test_a_bare_date_replying_to_the_hjemfall_question_is_the_day_notice_was_given():
    # the question back asks one thing; the deadline chains notice + 6 months + 6 months (issue 12's example)
    last = _converse(["Jeg har sagt opp fastlegeavtalen. Når kan den tidligst hjemfalle?", "15. januar 2025"])
    call = last.tool_calls[0]
    assert call.inputs == {"variant": "hjemfall", "oppsigelse_dato": "2025-01-15"}
    assert "15. januar 2026" in last.answer and "15. juli 2025" in last.answer


def test_a_statement_with_a_value_after_a_rule_answer_is_read_with_that_question():
    last = _converse(["Når kan fastlegeavtalen tidligst hjemfalle hvis ingen søker?",
                      "oppsigelsesfristen gikk ut 15. januar 2025"])
    assert last.tool_calls and last.tool_calls[0].inputs == {"variant": "hjemfall", "fra_dato": "2025-01-15"}


def test_a_statement_for_another_calculator_after_a_calculation_is_not_a_refinement():
    last = _converse(["Hvor mye basistilskudd får jeg med 1 500 på lista?",
                      "utjamningstilskudd med 4 500 innbyggere og snittliste 1 100"])
    assert last.tool_calls and last.tool_calls[0].name == "utjamningstilskudd"


def test_another_calculator_on_the_same_case_keeps_the_case_values():
    # the hjemfall date is counted from the notice given in the question before: 15.3.2025 + 6 + 6 months
    r, q1 = FakeRetriever(), "Jeg sa opp 15. mars 2025. Når slutter jeg?"
    first = answer_question(q1, retriever=r, documents=DOCS, today=TODAY)
    assert first.tool_calls[0].inputs["variant"] == "oppsigelse"
    second = answer_question("Og når kan hjemmelen tidligst hjemfalle hvis ingen søker?", retriever=r, documents=DOCS,
                             today=TODAY, history=_turn(q1, first))
    call = second.tool_calls[0]
    assert call.inputs["variant"] == "hjemfall" and "15. mars 2026" in second.answer
    # a rule question on the same calculation's subject is not re-read with the case
    rw = rewrite_follow_up("Hvorfor er fristen seks måneder?", _turn(q1, first), TODAY)
    assert rw.kind != "merge"


def test_a_deadline_no_word_names_is_asked_for_and_the_reply_decides_it():
    r = FakeRetriever()
    q = "Kan du regne ut fristen min? Datoen i brevet er 14.3.25."
    first = answer_question(q, retriever=r, documents=DOCS, today=TODAY)
    assert first.follow_up and "Hvilken frist" in first.follow_up and not first.tool_calls
    second = answer_question("oppsigelse", retriever=r, documents=DOCS, today=TODAY, history=_turn(q, first))
    call = second.tool_calls[0]
    assert call.name == "frist" and call.inputs["variant"] == "oppsigelse" and call.inputs["fra_dato"] == "2025-03-14"
    # a reply that names no deadline either is searched, not asked the same again
    second = answer_question("vet ikke", retriever=r, documents=DOCS, today=TODAY, history=_turn(q, first))
    assert not second.follow_up and not second.tool_calls


def test_hours_named_without_a_count_show_the_rate_and_ask_how_many():
    # "noen timer": the rate holds already and is shown; the total waits for the number of hours asked for
    r = FakeRetriever()
    q = "Jeg er spesialist og har tatt noen timer på sykehjemmet i oktober 2024. Hva kan jeg fakturere?"
    first = answer_question(q, retriever=r, documents=DOCS, today=TODAY)
    assert first.follow_up and "timer" in first.follow_up
    assert [c.name for c in first.tool_calls] == ["timesats"] and "1 230 kr" in first.answer
    second = answer_question("12 timer", retriever=r, documents=DOCS, today=TODAY, history=_turn(q, first))
    call = second.tool_calls[0]
    assert call.name == "timesats" and call.inputs.get("timer") == 12 and call.inputs["spesialist"] is True
    assert "14 760 kr" in second.answer
