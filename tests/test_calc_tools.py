"""The tools registry contract used by the answer layer."""
from __future__ import annotations

import json
from datetime import date

import pytest
from pydantic import BaseModel

from assistant.calc.tools import TOOLS, resolve_tool, run_tool
from assistant.errors import InputError

EXAMPLES = {
    "basistilskudd": {"listeinnbyggere": 1200},
    "grunntilskudd": {"listeinnbyggere": 300, "listetak": 800},
    "utjamningstilskudd": {"kommune_innbyggere": 3800, "hjemler": 4, "sum_listeinnbyggere": 3600},
    "trekk": {"listeinnbyggere": 1500},
    "suspensjonstilskudd": {"stillingsandel": 1},
    "timesats": {"dato": "2024-08-01", "spesialist": True},
    "driftstilskudd": {"klasse": 1, "andel": 0.5},
    "barn_syk": {"antall_barn": 1},
    "deleliste": {"liste_ved_etablering": 2200},
    "lukket_liste": {"listetak": 1500},
    "frist": {"variant": "oppsigelse", "fra_dato": "2025-03-14"},
}


def test_examples_cover_registry():
    assert set(EXAMPLES) == set(TOOLS)


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_tool_contract(name):
    tool = TOOLS[name]
    assert tool.name == name
    assert len(tool.description) > 60
    assert issubclass(tool.input_model, BaseModel)
    assert tool.input_model.model_config.get("extra") == "forbid"
    schema = tool.input_model.model_json_schema()
    assert schema["properties"]
    result = tool.run(EXAMPLES[name], today=date(2025, 6, 1))
    d = result.to_dict()
    assert set(d) == {"tool", "inputs", "values", "summary", "steps", "sources", "validity", "warnings", "conventions"}
    assert d["tool"] == name and d["summary"] and d["sources"]
    assert set(d["validity"]) == {"valid_from", "valid_to"}
    for src in d["sources"]:
        assert set(src) == {"doc_id", "title", "punkt", "quote"}
    json.dumps(d)


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_unknown_field_rejected(name):
    with pytest.raises(InputError) as info:
        run_tool(name, {**EXAMPLES[name], "tull": 1})
    assert info.value.field == "tull"


def test_worked_steps_for_1500():
    steps = run_tool("basistilskudd", {"listeinnbyggere": 1500}).steps
    assert steps[:3] == ("1 000 × 675 kr = 675 000 kr", "500 × 544 kr = 272 000 kr",
                         "675 000 kr + 272 000 kr = 947 000 kr per år")


def test_aliases():
    tool, inputs = resolve_tool("kalkulator", {"operasjon": "deleliste_maks", "liste_ved_etablering": 2200})
    assert tool.name == "deleliste" and inputs == {"liste_ved_etablering": 2200}
    tool, _ = resolve_tool("basistilskudd", {"beregning": "utjamning"})
    assert tool.name == "utjamningstilskudd"
    with pytest.raises(InputError):
        run_tool("finnes_ikke", {})


def test_calculators_do_not_read_clock(monkeypatch):
    """Same inputs → same result regardless of the real date (today is a parameter)."""
    import datetime as dt

    class Frozen(dt.date):
        @classmethod
        def today(cls):
            raise AssertionError("calculators must not call date.today()")

    monkeypatch.setattr(dt, "date", Frozen)
    for name, inputs in EXAMPLES.items():
        run_tool(name, inputs, today=date(2025, 6, 1))


def test_inputs_echoed_normalised():
    d = run_tool("frist", {"variant": "palegg", "fra_dato": "1.9.2025"}).to_dict()
    assert d["inputs"]["fra_dato"] == "2025-09-01"
    assert d["values"]["dato"] == "2025-08-04"
    assert any("7 dager" in c for c in d["conventions"])


def test_palegg_counts_forward_from_the_notice_and_checks_a_start_against_it():
    # rammeavtalen 12.1: "minst fire ukers varslingsfrist"
    d = run_tool("frist", {"variant": "palegg", "varslet_dato": "2025-05-02"}).to_dict()
    assert d["values"]["dato"] == "2025-05-30"
    late = run_tool("frist", {"variant": "palegg", "fra_dato": "2025-05-20", "varslet_dato": "2025-05-02"}).to_dict()
    assert late["values"]["dato"] == "2025-04-22" and any("for sent" in w for w in late["warnings"])
    ok = run_tool("frist", {"variant": "palegg", "fra_dato": "2025-06-02", "varslet_dato": "2025-05-02"}).to_dict()
    assert not any("for sent" in w for w in ok["warnings"])


@pytest.mark.parametrize("name, inputs, field, fragments", [
    ("basistilskudd", {"listeinnbyggere": "200 000"}, "listeinnbyggere", ["1 til 10000", "200000"]),
    ("basistilskudd", {"listeinnbyggere": -5}, "listeinnbyggere", ["1 til 10000"]),
    ("frist", {"variant": "hjemfall", "oppsigelse_dato": "2025-02-30"}, "oppsigelse_dato", ["finnes ikke"]),
    ("barn_syk", {"antall_barn": 1, "barn_alder": 130}, "barn_alder", ["0 til 100"]),
    ("timesats", {"timer_per_uke": 200}, "timer_per_uke", ["168"]),
    ("suspensjonstilskudd", {"stillingsandel": 1, "snitt_basistilskudd_maaned": "mye"}, "snitt_basistilskudd_maaned",
     ["må være et tall"]),
    ("deleliste", {"liste_ved_etablering": 1600, "start_dato": "1.13.2025"}, "start_dato", ["finnes ikke"]),
])
def test_bad_input_keeps_clear_norwegian_messages(name, inputs, field, fragments):
    with pytest.raises(InputError) as info:
        run_tool(name, inputs)
    assert info.value.field == field
    for fragment in fragments:
        assert fragment in str(info.value)


def test_new_inputs_are_optional_and_typed_in_the_schema():
    """Old calls keep working: every input added for issue 12 is optional."""
    new = {"suspensjonstilskudd": {"snitt_basistilskudd_maaned", "basistilskudd_siste_tre_maaneder"},
           "barn_syk": {"barn_alder"}, "deleliste": {"fodselsdato", "start_dato"},
           "timesats": {"timer", "timer_per_uke", "uker"}, "frist": {"oppsigelsesfrist_maaneder"},
           "trekk": {"trekk_prosent"}}
    for name, fields in new.items():
        schema = TOOLS[name].input_model.model_json_schema()
        assert fields <= set(schema["properties"]), name
        assert not fields & set(schema.get("required", [])), name


def test_lukket_liste_says_how_many_more_must_leave():
    # statsavtalen 2.3.2: "åpnes automatisk når antallet på listen faller til 10 under det tak som er satt"
    d = run_tool("lukket_liste", {"listetak": 1400, "listeinnbyggere": 1396}).to_dict()
    assert d["values"]["apnes_ved"] == 1390 and d["values"]["faerre_for_apning"] == 6
    assert "6 til" in d["summary"]
    below = run_tool("lukket_liste", {"listetak": 1400, "listeinnbyggere": 1385}).to_dict()
    assert below["values"]["apnes_na"] is True and "faerre_for_apning" not in below["values"]
