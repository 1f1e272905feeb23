"""The calculator bank checker: whole-token value matching and direct registry runs (no language parsing)."""
from __future__ import annotations

import json

import pytest

from assistant.calc.bank import check_bank, check_item, contains_value, missing_groups, summarize
from assistant.cli import run


@pytest.mark.parametrize("text, value, expected", [
    ("fristen er 7. april 2025.", "7. april 2025", True),
    ("fristen er 17. april 2025.", "7. april 2025", False),
    ("56 295,33 kr per måned", "56 295", True),
    ("156 295 kr", "56 295", False),
    ("56 2950 kr", "56 295", False),
    ("56,25 kr", "56,2", False),
    ("10.5.2027", "10.5", False),
    ("Inntil 10 dager per år", "10 DAGER", True),
    ("ikke oppfylt", "oppfylt", True),
])
def test_contains_value_matches_digits_only_as_whole_tokens(text, value, expected):
    assert contains_value(text, value) is expected


def test_missing_groups_uses_alternatives():
    assert missing_groups("Tilskudd: 675 000 kr", ["675 000|675000", "56 250"]) == ["56 250"]


def _item(**kw):
    return {"id": "tool-002", "kind": "calc", "tool": "basistilskudd", "inputs": {"listeinnbyggere": 1000},
            "must_contain": ["675 000", "56 250"], **kw}


def test_check_item_runs_the_registry_and_finds_the_values():
    result = check_item(_item())
    assert result.ok and result.status == "ok"
    assert "56 250" in result.text


def test_check_item_reports_values_that_differ():
    result = check_item(_item(must_contain=["675 001"]))
    assert result.status == "differs" and result.missing == ("675 001",)


def test_check_item_reports_input_names_the_registry_lacks():
    result = check_item(_item(inputs={"listeinnbyggere": 1000, "pasienter": 3}))
    assert result.status == "unknown_inputs" and result.unknown_inputs == ("pasienter",)
    assert not result.ok


def test_a_refusal_counts_when_its_message_holds_the_values():
    item = {"id": "tool-900", "kind": "calc", "tool": "frist",
            "inputs": {"variant": "deleliste", "fra_dato": "1950-01-01", "fodselsdato": "1960-03-01"},
            "must_contain": ["1. mars 1960"]}
    result = check_item(item)
    assert result.status == "refused" and result.ok


def test_a_rate_before_the_sources_periods_is_answered_with_those_periods():
    item = {"id": "tool-902", "kind": "calc", "tool": "timesats", "inputs": {"dato": "2023-12-01"},
            "must_contain": ["1. januar 2024"]}
    result = check_item(item)
    assert result.status == "ok" and result.ok


def test_check_bank_skips_other_kinds_and_summary_splits_even_and_odd():
    items = [_item(), _item(id="tool-003", must_contain=["999 999"]), {"id": "tool-004", "kind": "no_tool", "tool": None}]
    results = check_bank(items)
    assert [r.id for r in results] == ["tool-002", "tool-003"]
    text = summarize(results)
    assert "partall (utvikling): 1/1" in text and "oddetall (bare målt samlet): 0/1" in text


def test_cli_calc_bank(tmp_path, capsys):
    path = tmp_path / "bank.jsonl"
    path.write_text(json.dumps(_item()) + "\n", encoding="utf-8")
    assert run(["bench", "calc-bank", str(path), "--json"]) == 0
    line = json.loads(capsys.readouterr().out.strip())
    assert line["ok"] is True and line["tool"] == "basistilskudd"
