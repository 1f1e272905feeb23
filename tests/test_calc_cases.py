"""Table-driven calculator cases from tests/cases/calc_*.yaml (hand-worked arithmetic in the files)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.calc.tools import run_tool
from assistant.errors import InputError

CASE_DIR = Path(__file__).parent / "cases"
ALLOWED_KEYS = {"name", "tool", "date", "input", "expected", "error_field", "warnings_contain", "no_warnings",
                "conventions_contain", "warnings_exclude", "summary_contain", "summary_exclude", "steps_contain"}


def _load_cases() -> list:
    cases = []
    for file in sorted(CASE_DIR.glob("calc_*.yaml")):
        for case in yaml.safe_load(file.read_text(encoding="utf-8")):
            unknown = set(case) - ALLOWED_KEYS
            assert not unknown, f"{file.name}: {case.get('name')}: unknown keys {unknown}"
            case.setdefault("tool", "basistilskudd")
            cases.append(pytest.param(case, id=f"{file.stem}: {case['name']}"))
    return cases


CASES = _load_cases()


def test_case_files_cover_every_tool():
    from assistant.calc.tools import TOOLS

    used = {c.values[0]["tool"] for c in CASES}
    assert set(TOOLS) - used == set()


@pytest.mark.parametrize("case", CASES)
def test_case(case):
    today = date.fromisoformat(str(case["date"])) if case.get("date") else None
    if "error_field" in case:
        with pytest.raises(InputError) as info:
            run_tool(case["tool"], case["input"], today=today)
        assert info.value.field == case["error_field"]
        assert str(info.value)  # a Norwegian sentence, never empty
        return
    result = run_tool(case["tool"], case["input"], today=today).to_dict()
    json.dumps(result)  # serialisable
    for key, expected in (case.get("expected") or {}).items():
        assert key in result["values"], f"missing value {key}: {result['values']}"
        actual = result["values"][key]
        if isinstance(expected, (int, float)) and not isinstance(expected, bool):
            assert actual == pytest.approx(expected, abs=0.001), key
        else:
            assert actual == expected, key
    warnings = " ".join(result["warnings"])
    for fragment in case.get("warnings_contain", []):
        assert fragment in warnings
    for fragment in case.get("warnings_exclude", []):
        assert fragment not in warnings
    if case.get("no_warnings"):
        assert result["warnings"] == []
    for fragment in case.get("summary_contain", []):
        assert fragment in result["summary"]
    for fragment in case.get("summary_exclude", []):
        assert fragment not in result["summary"]
    steps = "\n".join(result["steps"])
    for fragment in case.get("steps_contain", []):
        assert fragment in steps
    conventions = " ".join(result["conventions"])
    for fragment in case.get("conventions_contain", []):
        assert fragment in conventions
    if result["values"].get("variant") != "generisk":  # a generic date step rests on no clause
        assert result["sources"], "every result cites at least one source"
