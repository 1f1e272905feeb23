"""What the calculators say to a user never names an internal key (``barn_alder``, ``avtale_start``).

The summary, steps, warnings and notes of a result, and the refusal of bad input (shown under an answer
as "… Kan du oppgi det?"), are run for every input in tests/cases/calc_*.yaml and for extra inputs that
leave out, misspell or mix up fields; any snake_case word in them fails.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.calc.deadlines import VARIANTS
from assistant.calc.tools import TOOLS, run_tool
from assistant.errors import InputError

CASE_DIR = Path(__file__).parent / "cases"
SNAKE = re.compile(r"\b[a-zæøå0-9]+(?:_[a-zæøå0-9]+)+\b")


def _case_inputs() -> list[tuple[str, dict, date | None]]:
    out = []
    for file in sorted(CASE_DIR.glob("calc_*.yaml")):
        for case in yaml.safe_load(file.read_text(encoding="utf-8")):
            today = date.fromisoformat(str(case["date"])) if case.get("date") else None
            out.append((case.get("tool", "basistilskudd"), case["input"], today))
    return out


EXTRA: list[tuple[str, dict, date | None]] = [
    *[(name, {}, None) for name in TOOLS],  # every required field missing
    *[(name, {"ukjent_felt": 1}, None) for name in TOOLS],
    *[("frist", {"variant": v}, date(2025, 3, 1)) for v in VARIANTS],  # no date given
    *[("frist", {"variant": v, "fra_dato": "2025-03-03"}, date(2025, 3, 1)) for v in VARIANTS],
    ("frist", {}, None),
    ("frist", {"variant": "ferie", "fra_dato": "2025-01-01"}, None),
    ("frist", {"variant": "generisk", "fra_dato": "2025-01-01", "steg": [{"uker": "mange"}]}, None),
    ("frist", {"variant": "generisk", "fra_dato": "9999-12-01", "steg": [{"ar": 5}]}, None),
    ("frist", {"variant": "hjemfall", "fra_dato": "2025-01-15", "oppsigelse_dato": "2025-01-15"}, None),
    ("frist", {"variant": "oppsigelse", "fra_dato": "2025-01-15", "oppsigelse_dato": "2025-02-15"}, None),
    ("frist", {"variant": "overdragelse_pris", "fra_dato": "30.02.2025"}, None),
    ("frist", {"variant": "basistilskudd_utbetaling", "maaned": "2025-13"}, None),
    ("barn_syk", {"antall_barn": 2}, None),
    ("barn_syk", {"antall_barn": 2, "barn_alder": [3]}, None),
    ("barn_syk", {"antall_barn": 1, "barn_alder": ["tretten"]}, None),
    ("barn_syk", {"antall_barn": 1, "kronisk": "kanskje"}, None),
    ("grunntilskudd", {"listeinnbyggere": 300, "listetak": 800}, None),
    ("grunntilskudd", {"listeinnbyggere": 300, "listetak": 800, "avtale_start": "2025-01-01"}, None),
    ("utjamningstilskudd", {"kommune_innbyggere": 3000, "hjemler": 3}, None),
    ("trekk", {"listeinnbyggere": 1000, "trekk_prosent": 150}, None),
    ("suspensjonstilskudd", {"stillingsandel": 1}, None),
    ("suspensjonstilskudd", {"stillingsandel": 1, "snitt_basistilskudd_maaned": 1,
                             "basistilskudd_siste_tre_maaneder": [1, 2, 3]}, None),
    ("suspensjonstilskudd", {"stillingsandel": 1, "basistilskudd_siste_tre_maaneder": [1, 2]}, None),
    ("timesats", {"uker": 4}, None),
    ("timesats", {"timer": 10, "timer_per_uke": 2}, None),
    ("timesats", {"timer_per_uke": "mye"}, None),
    ("deleliste", {"liste_ved_etablering": 1000, "fodselsdato": "1960-01-01", "start_dato": "1950-01-01"}, None),
    ("lukket_liste", {"listetak": 5}, None),
    ("kalkulator", {"operasjon": "ukjent_beregning"}, None),
    ("ukjent_verktoy", {}, None),
]


def _texts(tool: str, inputs: dict, today: date | None) -> list[str]:
    try:
        result = run_tool(tool, dict(inputs), today=today).to_dict()
    except InputError as e:
        return [str(e)]
    return [result["summary"], *result["steps"], *result["warnings"], *result["conventions"]]


@pytest.mark.parametrize("tool,inputs,today", _case_inputs() + EXTRA)
def test_no_message_names_an_internal_key(tool, inputs, today):
    for text in _texts(tool, inputs, today):
        assert not SNAKE.findall(text), f"{tool} {inputs}: {text}"


def test_notes_name_the_missing_input_by_its_norwegian_name():
    from assistant.calc.labels import field_name, label_for

    barn = " ".join(_texts("barn_syk", {"antall_barn": 2}, None))
    assert "oppgi barnas alder for å få det sjekket" in barn and label_for("barn_alder") == "Barnas alder"
    grunn = " ".join(_texts("grunntilskudd", {"listeinnbyggere": 300, "listetak": 800}, None))
    assert f"oppgi {field_name('avtale_start')} for å få sluttdatoen" in grunn
    assert field_name("avtale_start") == label_for("avtale_start").lower()  # the card's own label for the input
    refused = _texts("barn_syk", {"antall_barn": 2, "barn_alder": [3]}, None)[0]
    assert refused.startswith("«barnas alder» har 1 alder(e), men «antall barn» er 2.")


def test_field_name_keeps_a_form_label_and_reads_a_nested_key():
    from assistant.calc.labels import field_name

    assert field_name("Antall listeinnbyggere") == "Antall listeinnbyggere"
    assert field_name("steg.uker") == "uker"
    assert field_name("lis1") == "LIS1-avtale"
