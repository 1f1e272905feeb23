"""Strict loading of the rules file: errors name the entry; lookup by validity period."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.calc.rules import default_rules, load_rules, parse_rules
from assistant.errors import RulesError

GOOD = {
    "documents": {"asa4301-2022": "Statsavtalen (ASA 4301) 2022–2023"},
    "rules": [{
        "id": "x.sats", "description": "en sats", "value": 675, "unit": "kr",
        "valid_from": "2022-07-01", "valid_to": "2023-06-30",
        "source": {"document": "asa4301-2022", "punkt": "2.1", "quote": "675 kroner"},
    }],
}


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "rules.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _with_rule(**changes):
    data = yaml.safe_load(yaml.safe_dump(GOOD))
    data["rules"][0].update(changes)
    return data


def test_good_file_loads(tmp_path):
    book = load_rules(_write(tmp_path, GOOD))
    assert book.get("x.sats").value == 675
    assert book.title_of(book.get("x.sats")) == "Statsavtalen (ASA 4301) 2022–2023"


def test_unknown_key_names_entry(tmp_path):
    with pytest.raises(RulesError, match=r"x\.sats.*ukjent nøkkel «verdi»"):
        load_rules(_write(tmp_path, _with_rule(verdi=1)))


def test_unknown_key_in_source(tmp_path):
    data = _with_rule()
    data["rules"][0]["source"]["side"] = 3
    with pytest.raises(RulesError, match=r"x\.sats.*source\.side"):
        load_rules(_write(tmp_path, data))


def test_missing_source_names_entry(tmp_path):
    data = _with_rule()
    del data["rules"][0]["source"]
    with pytest.raises(RulesError, match=r"regel nr\. 1 \(«x\.sats»\).*mangler «source»"):
        load_rules(_write(tmp_path, data))


def test_missing_quote(tmp_path):
    data = _with_rule()
    del data["rules"][0]["source"]["quote"]
    with pytest.raises(RulesError, match=r"x\.sats.*mangler «source\.quote»"):
        load_rules(_write(tmp_path, data))


def test_empty_quote(tmp_path):
    data = _with_rule()
    data["rules"][0]["source"]["quote"] = "  "
    with pytest.raises(RulesError, match="quote er tomt"):
        load_rules(_write(tmp_path, data))


def test_unknown_document(tmp_path):
    data = _with_rule()
    data["rules"][0]["source"]["document"] = "asa9999"
    with pytest.raises(RulesError, match="ukjent dokument «asa9999»"):
        load_rules(_write(tmp_path, data))


def test_overlapping_validity_names_id(tmp_path):
    data = _with_rule()
    second = dict(data["rules"][0], valid_from="2023-06-30", valid_to=None, value=700)
    data["rules"].append(second)
    with pytest.raises(RulesError, match=r"«x\.sats» har overlappende gyldighet"):
        load_rules(_write(tmp_path, data))


def test_adjacent_periods_are_fine_and_looked_up_by_date(tmp_path):
    data = _with_rule()
    data["rules"].append(dict(data["rules"][0], valid_from="2023-07-01", valid_to=None, value=700))
    book = load_rules(_write(tmp_path, data))
    assert book.get("x.sats", date(2023, 6, 30)).value == 675
    assert book.get("x.sats", date(2023, 7, 1)).value == 700
    assert book.get("x.sats").value == 700  # no date: latest
    early = book.lookup("x.sats", date(2020, 1, 1))
    assert early.outside and early.before_all


def test_valid_to_before_valid_from(tmp_path):
    with pytest.raises(RulesError, match="valid_to"):
        load_rules(_write(tmp_path, _with_rule(valid_to="2021-01-01")))


def test_bad_date_value(tmp_path):
    with pytest.raises(RulesError, match=r"x\.sats.*valid_from"):
        load_rules(_write(tmp_path, _with_rule(valid_from="første juli")))


def test_unknown_top_level_key():
    with pytest.raises(RulesError, match="toppnivå"):
        parse_rules({**GOOD, "satser": []})


def test_invalid_yaml(tmp_path):
    path = tmp_path / "rules.yaml"
    path.write_text("rules: [\n  - id: x\n    value: : :\n", encoding="utf-8")
    with pytest.raises(RulesError, match="ikke gyldig YAML"):
        load_rules(path)


def test_missing_file(tmp_path):
    with pytest.raises(RulesError, match="kan ikke leses"):
        load_rules(tmp_path / "finnes-ikke.yaml")


def test_unknown_rule_id_lookup():
    with pytest.raises(RulesError, match="finnes ikke"):
        default_rules().get("basistilskudd.finnes_ikke")


def test_packaged_rules_load_and_every_entry_has_source():
    book = default_rules()
    entries = book.all_entries()
    assert len(entries) > 40
    for entry in entries:
        assert entry.source.quote and entry.source.punkt and entry.unit
        assert entry.source.document in book.documents


def test_next_years_rates_are_just_entries(tmp_path):
    """Adding a new period for basistilskudd changes results without code changes."""
    from assistant.calc.tilskudd import calculate_basistilskudd

    from assistant.calc.rules import DEFAULT_RULES_PATH

    data = yaml.safe_load(DEFAULT_RULES_PATH.read_text(encoding="utf-8"))
    additions = []
    for rule in data["rules"]:
        if rule["id"].startswith("basistilskudd.") and rule.get("valid_to") == date(2023, 6, 30):
            new = dict(rule, valid_from=date(2023, 7, 1), valid_to=date(2024, 6, 30))
            if rule["id"] == "basistilskudd.sats_til_knekkpunkt":
                new["value"] = 700
            additions.append(new)
    data["rules"] += additions
    book = load_rules(_write(tmp_path, data))
    result = calculate_basistilskudd(1000, book, date(2023, 9, 1))
    assert result.values["arlig_kr"] == 700_000
    assert result.values["utenfor_gyldighet"] is False


def test_a_deadline_before_every_version_of_its_rule_warns_whatever_the_document():
    from assistant.calc.deadlines import frist_overdragelse_pris

    rule = {"description": "d", "unit": "uker", "valid_from": "2030-01-01", "source": {"document": "ny", "punkt": "5", "quote": "q"}}
    book = parse_rules({"documents": {"ny": "Ny avtale"}, "rules": [
        {"id": "frist.overdragelse_pris", "value": 5, **rule}, {"id": "frist.forhandlinger_etter_tilbud", "value": 2, **rule}]})
    before = frist_overdragelse_pris(book, fra_dato=date(2029, 6, 1))
    assert any("før Ny avtale trådte i kraft (1. januar 2030)" in w for w in before.warnings)
    after = frist_overdragelse_pris(book, fra_dato=date(2030, 6, 1))
    assert not any("trådte i kraft" in w for w in after.warnings)
