"""LLM tool choice against the local OpenAI-compatible stub: the registry's tools are offered with their own
schemas; a valid call runs the deterministic calculator; invalid arguments, an unknown tool, a value the question
does not contain, a timeout and a server error fall back to the offline planner with a notice."""
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

import pytest
from pydantic import Field

from assistant.answer import llm_tools
from assistant.answer.pipeline import answer_question
from assistant.answer.route import Route
from assistant.calc import tools as calc_tools
from assistant.calc.dates import format_date_no
from assistant.calc.money import format_number
from assistant.calc.tools import run_tool
from assistant.settings import Settings
from tests.answer_fakes import DOCS, FakeRetriever
from tests.stub_llm import llm_settings, stop_all, stub_factory

TODAY = date(2025, 6, 15)
CALC_Q = "Hvor mye basistilskudd får jeg per år med 1 800 pasienter på lista?"
HJEMFALL_Q = "Fastlegen sa opp 15. januar 2025 med 6 måneders oppsigelsesfrist. Når kan avtalen tidligst hjemfalle?"
MODEL_ARITHMETIC = "Det blir 999 999 kr."


@pytest.fixture
def stub():
    make, servers = stub_factory(MODEL_ARITHMETIC)
    yield lambda tool_call=None, mode="normal", delay=3.0: make(mode, delay, tool_call)
    stop_all(servers)


def _settings(url, timeout=5.0):
    return llm_settings(url, timeout)


def _ask(question, settings):
    return answer_question(question, retriever=FakeRetriever(), documents=DOCS, today=TODAY, settings=settings)


def _calls(answer):
    return [(t.name, t.inputs) for t in answer.tool_calls]


def _planner_notices(answer):
    prefixes = ("Språkmodellen valgte", "Språkmodellen ba", "Språkmodellen ga", "Språkmodellen brukte",
                llm_tools.FAILED_NOTICE)
    return [n for n in answer.notices if n.startswith(prefixes)]


# ------------------------------------------------------------------ the default: no model, nothing changes
def test_without_llm_the_planner_is_never_asked(monkeypatch):
    def boom(*args, **kwargs):
        raise AssertionError("no model may be built without ASSISTANT_LLM")

    monkeypatch.setattr("assistant.answer.llm.make_chat_model", boom)
    base = Settings(corpus_dir=Path("."), index_dir=Path("."), data_dir=Path("."))
    assert llm_tools.plan(CALC_Q, TODAY, base) is llm_tools.NO_PLAN
    a = _ask(CALC_Q, base)
    assert not _planner_notices(a)
    assert _calls(a) == _calls(_ask(CALC_Q, None))


# ------------------------------------------------------------------ schemas come from the registry
def test_offered_tools_are_the_registry_with_its_schemas(stub):
    s = stub(tool_call=None)
    _ask(CALC_Q, _settings(s.url))
    offered = {t["function"]["name"]: t["function"] for t in s.requests[0]["tools"]}
    assert list(offered) == list(calc_tools.TOOLS)
    for name, tool in calc_tools.TOOLS.items():
        params = offered[name]["parameters"]
        assert set(params["properties"]) == set(tool.input_model.model_fields)
        required = {f for f, info in tool.input_model.model_fields.items() if info.is_required()}
        assert set(params.get("required", [])) == required
        assert offered[name]["description"] == tool.description


def test_a_new_optional_input_in_the_registry_reaches_the_model(stub, monkeypatch):
    tool = calc_tools.TOOLS["basistilskudd"]

    class Extended(tool.input_model):  # type: ignore[misc,valid-type]
        ny_opplysning: Annotated[int | None, Field(description="Et nytt valgfritt felt")] = None

    monkeypatch.setitem(calc_tools.TOOLS, "basistilskudd", replace(tool, input_model=Extended))
    s = stub(tool_call=None)
    _ask(CALC_Q, _settings(s.url))
    offered = {t["function"]["name"]: t["function"] for t in s.requests[0]["tools"]}
    assert offered["basistilskudd"]["parameters"]["properties"]["ny_opplysning"]["description"] == "Et nytt valgfritt felt"


# ------------------------------------------------------------------ a valid call
def test_valid_call_states_the_calculator_result_not_the_models_text(stub):
    s = stub(tool_call={"name": "basistilskudd", "arguments": {"listeinnbyggere": 1800}})
    a = _ask(CALC_Q, _settings(s.url))
    expected = run_tool("basistilskudd", {"listeinnbyggere": 1800}, TODAY).to_dict()
    assert _calls(a) == [("basistilskudd", {"listeinnbyggere": 1800})]
    assert a.tool_calls[0].result == expected
    assert llm_tools.USED_NOTICE.format(tool="basistilskudd") in a.notices
    assert format_number(expected["values"]["arlig_kr"]) in a.answer
    assert format_number(expected["values"]["maanedlig_kr"]) in a.answer
    assert "999 999" not in a.answer and MODEL_ARITHMETIC not in a.answer
    assert a.citations and any(c.section == "2.1" for c in a.citations)
    assert len(s.requests) == 1  # the model chose; nothing else was asked of it


def test_valid_call_is_rendered_as_the_offline_path_renders_it(stub, monkeypatch):
    s = stub(tool_call={"name": "basistilskudd", "arguments": {"listeinnbyggere": 1800}})
    with_model = _ask(CALC_Q, _settings(s.url))
    # the offline path with its planner pinned to the same calculator call
    monkeypatch.setattr("assistant.answer.pipeline.route_question",
                        lambda *a, **k: Route("tool", "basistilskudd", {"listeinnbyggere": 1800}))
    offline = _ask(CALC_Q, None)
    assert with_model.answer == offline.answer
    assert [c.to_dict() for c in with_model.citations] == [c.to_dict() for c in offline.citations]


def test_valid_deadline_call_states_the_calculated_date(stub):
    arguments = {"variant": "hjemfall", "oppsigelse_dato": "2025-01-15"}
    s = stub(tool_call={"name": "frist", "arguments": arguments})
    a = _ask(HJEMFALL_Q, _settings(s.url))
    expected = run_tool("frist", arguments, TODAY).to_dict()
    assert _calls(a) == [("frist", arguments)] and a.tool_calls[0].result == expected
    assert format_date_no(date.fromisoformat(expected["values"]["dato"])) in a.answer
    assert a.citations


# ------------------------------------------------------------------ fallbacks to the offline planner
@pytest.mark.parametrize("arguments", [
    {"listeinnbyggere": -5},
    {"listeinnbyggere": 1800, "pasienter": 1800},
    {},
    '{"listeinnbyggere": ',
], ids=["negative", "unknown-field", "missing", "not-json"])
def test_invalid_arguments_fall_back_to_the_offline_planner(stub, arguments):
    s = stub(tool_call={"name": "basistilskudd", "arguments": arguments})
    a = _ask(CALC_Q, _settings(s.url))
    notices = _planner_notices(a)
    assert len(notices) == 1 and notices[0].startswith("Språkmodellen ga ugyldige opplysninger")
    assert "basistilskudd" in notices[0]
    assert _calls(a) == _calls(_ask(CALC_Q, None))
    assert "999 999" not in a.answer


def test_unknown_tool_falls_back_to_the_offline_planner(stub):
    s = stub(tool_call={"name": "regn_ut_alt", "arguments": {"listeinnbyggere": 1800}})
    a = _ask(CALC_Q, _settings(s.url))
    assert _planner_notices(a) == [llm_tools.UNKNOWN_NOTICE.format(tool="regn_ut_alt")]
    assert _calls(a) == _calls(_ask(CALC_Q, None))


def test_a_number_the_question_does_not_contain_falls_back(stub):
    s = stub(tool_call={"name": "basistilskudd", "arguments": {"listeinnbyggere": 1500}})
    a = _ask(CALC_Q, _settings(s.url))
    notices = _planner_notices(a)
    assert len(notices) == 1 and notices[0].startswith("Språkmodellen brukte en verdi som ikke står i spørsmålet")
    assert ("basistilskudd", {"listeinnbyggere": 1500}) not in _calls(a)
    assert _calls(a) == _calls(_ask(CALC_Q, None))


def test_a_date_the_model_worked_out_itself_is_refused(stub):
    # the model took the notice date + 6 months as the end of the notice period: its own date arithmetic
    s = stub(tool_call={"name": "frist", "arguments": {"variant": "hjemfall", "fra_dato": "2025-07-15"}})
    a = _ask(HJEMFALL_Q, _settings(s.url))
    notices = _planner_notices(a)
    assert len(notices) == 1 and "fra_dato" in notices[0] and "2025-07-15" in notices[0]
    assert ("frist", {"variant": "hjemfall", "fra_dato": "2025-07-15"}) not in _calls(a)
    assert _calls(a) == _calls(_ask(HJEMFALL_Q, None))


def test_timeout_falls_back_to_the_offline_planner(stub):
    s = stub(tool_call={"name": "basistilskudd", "arguments": {"listeinnbyggere": 1800}}, mode="sleep", delay=3.0)
    a = _ask(CALC_Q, _settings(s.url, timeout=0.5))
    assert llm_tools.FAILED_NOTICE in a.notices
    assert llm_tools.USED_NOTICE.format(tool="basistilskudd") not in a.notices
    assert _calls(a) == _calls(_ask(CALC_Q, None))


def test_server_error_falls_back_to_the_offline_planner(stub):
    s = stub(tool_call={"name": "basistilskudd", "arguments": {"listeinnbyggere": 1800}}, mode="error")
    a = _ask(CALC_Q, _settings(s.url))
    assert llm_tools.FAILED_NOTICE in a.notices
    assert _calls(a) == _calls(_ask(CALC_Q, None))


def test_plain_text_reply_uses_the_offline_planner_silently(stub):
    s = stub(tool_call=None)
    a = _ask(CALC_Q, _settings(s.url))
    assert not _planner_notices(a)
    assert s.requests and s.requests[0].get("tools")
    assert _calls(a) == _calls(_ask(CALC_Q, None))


# ------------------------------------------------------------------ grounding, as pure functions
@pytest.mark.parametrize("question, value", [
    ("med 2 800 pasienter", 2800), ("med 2.800 pasienter", 2800), ("med 2800 pasienter", 2800),
    ("med 1,5 tusen pasienter", 1500), ("7,5 timer i uka", 7.5), ("jobber 60 % kurativt", 0.6),
])
def test_numbers_written_in_the_question_are_grounded(question, value):
    assert llm_tools._number_in(value, llm_tools.question_numbers(question))


@pytest.mark.parametrize("question, value", [
    ("med 2 800 pasienter", 2000), ("med 2 800 pasienter", 800 * 2), ("jobber 60 % kurativt", 0.5),
])
def test_numbers_not_in_the_question_are_not_grounded(question, value):
    assert not llm_tools._number_in(value, llm_tools.question_numbers(question))


@pytest.mark.parametrize("question, value, ok", [
    ("sa opp 15. januar 2025", date(2025, 1, 15), True),
    ("sa opp 15.1.25", date(2025, 1, 15), True),
    ("sa opp 2025-01-15", date(2025, 1, 15), True),
    ("notice given January 15, 2025", date(2025, 1, 15), True),
    ("fra 1. juli 2024", date(2024, 7, 1), True),
    ("utbetaling i mai", date(2025, 5, 1), True),
    ("sa opp 15. januar 2025", date(2025, 7, 15), False),
    ("sa opp 15. januar 2025", date(2026, 1, 15), False),
    ("sa opp 15.10.2025", date(2025, 1, 15), False),
    ("tilbudet kom 25. mars", date(2025, 3, 5), False),
])
def test_dates_must_be_written_in_the_question(question, value, ok):
    assert llm_tools._date_in(value, question) is ok


def test_defaults_and_choices_need_not_occur_in_the_question():
    model = calc_tools.TOOLS["driftstilskudd"].validate({"klasse": 2, "andel": 1.0})  # andel's default
    assert llm_tools.ungrounded({"klasse": 2, "andel": 1.0}, model, "driftstilskudd i klasse 2") is None
    model = calc_tools.TOOLS["trekk"].validate({"listeinnbyggere": 1200, "trekk_prosent": 15})
    assert llm_tools.ungrounded({"listeinnbyggere": 1200, "trekk_prosent": 15}, model,
                                "trekk med 1 200 på lista") == ("trekk_prosent", "15")
