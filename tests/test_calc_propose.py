"""Rules sets from a new statsavtale: `rules propose` / `rules accept` and date-based choice of rates.

The fixture is a made-up 2025–2026 copy of the statsavtale (tests/fixtures/rules/README.md): changed rates, a
moved knekkpunkt and a suspension amount written in words.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml

from assistant.calc import rulesets
from assistant.calc.cli import main as calc_main
from assistant.calc.money import format_kr
from assistant.calc.propose import DocText, normalise, propose_rules
from assistant.calc.rules import RuleEntry, Source, combine_rule_books, default_rules, parse_rules
from assistant.calc.rules_cli import main as rules_main
from assistant.errors import RulesError

REPO = Path(__file__).resolve().parent.parent
OLD_FILE = "statsavtalen-asa4301-2022-2023-a5-2022.txt"
NEW_FILE = "statsavtalen-asa4301-2025-2026.txt"
FIXTURE = REPO / "tests" / "fixtures" / "rules" / NEW_FILE
ARG = f"corpus/{NEW_FILE}"
MANIFEST = {"documents": [
    {"id": "asa4301-2022", "file": OLD_FILE, "title": "Statsavtalen (ASA 4301) 2022–2023", "kind": "rundskriv",
     "valid_from": "2022-07-01", "valid_to": "2023-06-30"},
    {"id": "asa4301-2025", "file": NEW_FILE, "title": "Statsavtalen (ASA 4301) 2025–2026", "kind": "rundskriv",
     "valid_from": "2025-07-01", "valid_to": "2026-06-30", "supersedes": ["asa4301-2022"]},
]}
# what the fixture changed (README): rule id → (old value, new value)
CHANGED = {
    "statsavtalen.periode": ("2022-07-01/2023-06-30", "2025-07-01/2026-06-30"),
    "basistilskudd.sats_til_knekkpunkt": (675, 742),
    "basistilskudd.sats_over_knekkpunkt": (544, 598),
    "basistilskudd.knekkpunkt": (1000, 1200),
    "driftstilskudd.klasse_1": (1022000, 1098000),
    "driftstilskudd.klasse_2": (1187500, 1276500),
    "driftstilskudd.klasse_3": (1522000, 1636000),
}


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / OLD_FILE, corpus / OLD_FILE)
    shutil.copy(FIXTURE, corpus / NEW_FILE)
    (corpus / "manifest.yaml").write_text(yaml.safe_dump(MANIFEST, allow_unicode=True), encoding="utf-8")
    return corpus


@pytest.fixture
def rules_env(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path)
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "ingen-indeks"))
    return tmp_path


def run_rules(capsys, *argv, answer="ja"):
    code = rules_main(list(argv), ask=lambda _prompt: answer)
    out, err = capsys.readouterr()
    return code, out, err


def calc(capsys, *argv):
    code = calc_main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def basis_kr(liste: int, knekk: int, low: int, high: int) -> str:
    return format_kr(min(liste, knekk) * low + max(liste - knekk, 0) * high)


# ------------------------------------------------------------------ propose
def test_propose_finds_every_changed_number_with_its_quote(rules_env, capsys):
    code, out, err = run_rules(capsys, "propose", ARG)
    assert code == 0, err
    proposal = rulesets.prepare(rulesets.Settings.from_env(), ARG).proposal
    changes = {c.rule_id: c for c in proposal.changes if c.changed}
    assert {k: (c.old_value, c.new_value) for k, c in changes.items()} == CHANGED
    fixture_text = normalise(FIXTURE.read_text(encoding="utf-8"))
    for rule_id, change in changes.items():
        assert change.new_quote in fixture_text, rule_id
        assert change.new_quote in out and change.old_quote in out
    assert "1 000 → 1 200 listeinnbyggere" in out and "675 → 742" in out
    assert "«742 kroner per listeinnbygger inntil 1 200 listeinnbyggere»" in out
    # the proposal is written, but not in use
    saved = yaml.safe_load(rulesets.proposed_path(rulesets.Settings.from_env(), "asa4301-2025").read_text("utf-8"))
    assert {r["id"]: r["value"] for r in saved["rules"]}["basistilskudd.sats_til_knekkpunkt"] == 742
    assert not rulesets.accepted_path(rulesets.Settings.from_env(), "asa4301-2025").exists()


def test_propose_reports_the_unreadable_clause_and_the_moved_knekkpunkt(rules_env, capsys):
    code, out, _ = run_rules(capsys, "propose", ARG)
    proposal = rulesets.prepare(rulesets.Settings.from_env(), ARG).proposal
    assert [u.rule_id for u in proposal.unreadable] == ["suspensjon.tilskudd"]
    assert "suspensjon.tilskudd" not in {e.id for e in proposal.entries}  # reported, not carried over
    assert "Kan ikke leses" in out and "! suspensjon.tilskudd (pkt. 2.4)" in out
    structure = " ".join(s.text for s in proposal.structure)
    assert "basistilskudd.knekkpunkt" in structure and "flyttet fra 1 000 til 1 200" in structure
    assert "«1001» endret til «1201»" in structure
    assert "Pkt. 2.4 har færre tall" in structure
    # unchanged rules keep their values, quoted from the new document's clean text (not the OCR copy)
    same = {e.id: e for e in proposal.entries}
    assert same["utjamning.referanseliste"].value == 1200 and same["grunntilskudd.belop"].value == 500
    assert all(e.source.document == "asa4301-2025" and e.valid_from == date(2025, 7, 1) for e in proposal.entries)
    assert "ti l" not in " ".join(e.source.quote for e in proposal.entries)


def test_propose_needs_a_manifest_entry_with_a_period(rules_env, capsys):
    (rules_env / "corpus" / "ny.txt").write_text("Basistilskuddet utgjør 800 kroner.", encoding="utf-8")
    code, _, err = run_rules(capsys, "propose", "corpus/ny.txt")
    assert code == 2 and "står ikke i" in err and "valid_from" in err
    code, _, err = run_rules(capsys, "propose", "corpus/finnes-ikke.txt")
    assert code == 2 and "Fant ikke «finnes-ikke.txt»" in err


# ------------------------------------------------------------------ accept and use
def test_accept_without_confirmation_changes_nothing(rules_env, capsys):
    code, out, _ = run_rules(capsys, "accept", ARG, answer="nei")
    assert code == 1 and "ikke tatt i bruk" in out and "742" in out  # the diff was shown
    assert not rulesets.accepted_path(rulesets.Settings.from_env(), "asa4301-2025").exists()
    first = calc(capsys, "basistilskudd", "--liste", "1500", "--dato", "2025-09-01").splitlines()[0]
    assert first.startswith("Kildene har ingen satser for 1. september 2025")


def test_after_accept_the_calculators_pick_the_rates_by_date(rules_env, capsys):
    code, out, err = run_rules(capsys, "accept", ARG)
    assert code == 0, err
    assert "Regelsettet er i bruk" in out
    new = calc(capsys, "basistilskudd", "--liste", "1500", "--dato", "2025-09-01")
    old = calc(capsys, "basistilskudd", "--liste", "1500", "--dato", "2022-09-01")
    assert basis_kr(1500, 1200, 742, 598) in new.splitlines()[0]
    assert "Statsavtalen (ASA 4301) 2025–2026" in new.splitlines()[0] and "1. juli 2025–30. juni 2026" in new
    assert "pkt. 2.1: «Fra 1. juli 2025 utgjør basistilskuddet 742 kroner" in new
    assert "knekkpunktsatsene gir trolig ikke riktig beløp" not in new  # the new agreement's own knekkpunkt
    assert basis_kr(1500, 1000, 675, 544) in old.splitlines()[0] and "2022–2023" in old.splitlines()[0]
    # a rule the new document did not give (unreadable) is not invented: the old amount, flagged in line one
    susp = calc(capsys, "suspensjon", "--andel", "1", "--dato", "2025-09-01").splitlines()[0]
    assert susp.startswith("Kildene har ingen satser for 1. september 2025") and "760 230 kr" in susp
    drift = calc(capsys, "driftstilskudd", "--klasse", "2", "--dato", "2025-09-01")
    assert "1 276 500 kr" in drift.splitlines()[0]
    code, out, _ = run_rules(capsys, "list")
    assert "asa4301-2025" in out and "1. juli 2025–30. juni 2026" in out


def test_accepted_set_survives_a_restart_and_needs_no_index(rules_env):
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    args = [sys.executable, "-m", "assistant"]
    done = subprocess.run([*args, "rules", "accept", ARG, "--ja"], env=env, cwd=rules_env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (rules_env / "data" / "rules" / "asa4301-2025.yaml").exists()
    assert not (rules_env / "ingen-indeks").exists()
    out = subprocess.run([*args, "calc", "basistilskudd", "--liste", "1500", "--dato", "2025-09-01"], env=env,
                         cwd=rules_env, capture_output=True, text=True, timeout=120).stdout
    assert basis_kr(1500, 1200, 742, 598) in out.splitlines()[0]


def test_accepted_sets_load_strictly_with_the_quote_check(rules_env, capsys):
    run_rules(capsys, "accept", ARG)
    path = rulesets.accepted_path(rulesets.Settings.from_env(), "asa4301-2025")
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("742 kroner per listeinnbygger inntil", "750 kroner per listeinnbygger inntil"),
                    encoding="utf-8")
    with pytest.raises(RulesError, match="sitatet for «basistilskudd.*finnes ikke"):
        default_rules()
    path.write_text(good.replace("  unit: listeinnbyggere\n", "  unit: listeinnbyggere\n  enhet: x\n", 1),
                    encoding="utf-8")
    with pytest.raises(RulesError, match="ukjent nøkkel «enhet»"):
        default_rules()
    path.write_text(good, encoding="utf-8")
    assert default_rules().get("basistilskudd.sats_til_knekkpunkt", date(2025, 9, 1)).value == 742


# ------------------------------------------------------------------ pure parts
def _entry(rule_id: str, value, quote: str, unit: str = "kr per listeinnbygger per år") -> RuleEntry:
    return RuleEntry(id=rule_id, description=rule_id, value=value, unit=unit, valid_from=date(2022, 7, 1),
                     valid_to=date(2023, 6, 30), source=Source(document="gammel", punkt="2.1", quote=quote))


def _doc(doc_id: str, text: str) -> DocText:
    return DocText(doc_id, doc_id, text, ((0, len(text), "2.1"),))


def test_a_new_tier_is_reported_as_a_changed_structure():
    old = _doc("gammel", "Basistilskuddet utgjør 675 kroner per listeinnbygger inntil 1 000 listeinnbyggere.")
    new = _doc("ny", "Basistilskuddet utgjør 700 kroner per listeinnbygger inntil 1 000 listeinnbyggere. "
                     "Fra 1 001 til 1 800 utgjør det 600 kroner.")
    entry = _entry("sats", 675, "Basistilskuddet utgjør 675 kroner per listeinnbygger inntil 1 000 listeinnbyggere.")
    p = propose_rules(new, old, [entry], date(2025, 7, 1), None)
    assert [e.value for e in p.entries] == [700]
    assert any("flere tall enn før" in s.text for s in p.structure)


def test_two_different_values_for_one_rule_are_unreadable_not_guessed():
    text = "Satsen er 700 kroner per time. Satsen er 720 kroner per time."
    entry = _entry("timesats", 650, "Satsen er 650 kroner per time.", unit="kr per time")
    p = propose_rules(_doc("ny", text), _doc("gammel", "Satsen er 650 kroner per time."), [entry], date(2025, 1, 1), None)
    assert p.entries == () and "ulike verdier" in p.unreadable[0].reason


def test_number_words_are_read_when_they_carry_the_value():
    entry = _entry("frist", 6, "etter seks måneder", unit="måneder")
    p = propose_rules(_doc("ny", "Hjemfall etter ni måneder."), _doc("gammel", "Hjemfall etter seks måneder."),
                      [entry], date(2025, 1, 1), None)
    assert p.entries[0].value == 9 and p.entries[0].source.quote == "etter ni måneder"


def test_an_open_ended_rule_ends_where_an_accepted_set_begins():
    base = parse_rules({"documents": {"gammel": "G"}, "rules": [
        {"id": "trekk", "description": "d", "value": 20, "unit": "prosent", "valid_from": "2024-04-01",
         "source": {"document": "gammel", "punkt": "15", "quote": "20 %"}}]})
    extra = parse_rules({"documents": {"ny": "N"}, "set": {"document": "ny", "valid_from": "2026-01-01"}, "rules": [
        {"id": "trekk", "description": "d", "value": 25, "unit": "prosent", "valid_from": "2026-01-01",
         "source": {"document": "ny", "punkt": "15", "quote": "25 %"}}]})
    book = combine_rule_books(base, [extra])
    assert book.get("trekk", date(2025, 12, 31)).value == 20 and book.get("trekk", date(2026, 1, 1)).value == 25
    with pytest.raises(RulesError, match="overlappende"):
        combine_rule_books(base, [extra, extra])


def test_first_line_says_when_the_knekkpunkt_was_replaced(capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    first = calc(capsys, "basistilskudd", "--liste", "1500", "--dato", "2023-06-01").splitlines()[0]
    assert re.match(r"Kildene har ingen satser for pasienttilpasset basistilskudd", first)
    assert "947 000 kr" in first  # the knekkpunkt amount is still shown, as an estimate
    first = calc(capsys, "basistilskudd", "--liste", "1500", "--dato", "2022-09-01").splitlines()[0]
    assert first.startswith("Basistilskudd for 1 500") and "1. juli 2022–30. juni 2023" in first


def test_a_clause_about_an_earlier_period_is_not_carried_into_the_new_one():
    entry = _entry("timesats.felles", 1027, "per 1. januar 2024 med kr 1 027 per utført time.", unit="kr per time")
    text = "Honoraret ble regulert per 1. januar 2024 med kr 1 027 per utført time."
    p = propose_rules(_doc("ny", text), _doc("gammel", text), [entry], date(2025, 7, 1), None)
    assert p.entries == () and [c.rule_id for c in p.historical] == ["timesats.felles"]


def test_a_value_given_in_words_is_kept_when_the_sentence_is_unchanged():
    entry = _entry("barn_syk.alene", 2, "Er legen alene om omsorgen, fordobles kvotene.", unit="faktor")
    p = propose_rules(_doc("ny", "Er legen alene om omsorgen, fordobles kvotene."),
                      _doc("gammel", "Er legen alene om omsorgen, fordobles kvotene."), [entry], date(2025, 7, 1), None)
    assert [(e.id, e.value) for e in p.entries] == [("barn_syk.alene", 2)] and p.unreadable == ()


RAMME_FILE = "rammeavtalen-asa4310-2024-2025.txt"
RAMME_CHANGES = {  # a made-up 2025–2026 rammeavtale: old text → (new text, rule id, old value, new value)
    "innen 5 uker etter at tilbud er gitt": ("innen 6 uker etter at tilbud er gitt", "frist.overdragelse_tilbakekall", 5, 6),
    "kr 1 230 per utført time": ("kr 1 290 per utført time", "timesats.spesialist", 1230, 1290),
    "inntil 20 % av basistilskuddet": ("inntil 25 % av basistilskuddet", "trekk.maks_prosent", 20, 25),
    "01.04.2024 – 01.07.2025": ("02.07.2025 – 01.07.2026", "rammeavtalen.varighet", "2024-04-01/2025-07-01",
                                "2025-07-02/2026-07-01"),
}


def test_a_new_rammeavtale_changes_deadlines_timesats_and_the_trekk_limit(tmp_path, monkeypatch, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = (REPO / "corpus" / RAMME_FILE).read_text(encoding="utf-8")
    shutil.copy(REPO / "corpus" / RAMME_FILE, corpus / RAMME_FILE)
    for old, (new, *_change) in RAMME_CHANGES.items():
        assert text.count(old) == 1
        text = text.replace(old, new)
    (corpus / "ramme-2025.txt").write_text(text, encoding="utf-8")
    (corpus / "manifest.yaml").write_text(yaml.safe_dump({"documents": [
        {"id": "asa4310-2024", "file": RAMME_FILE, "title": "Rammeavtalen 2024–2025", "kind": "avtale",
         "valid_from": "2024-04-01", "valid_to": "2025-07-01"},
        {"id": "asa4310-2025", "file": "ramme-2025.txt", "title": "Rammeavtalen 2025–2026", "kind": "avtale",
         "valid_from": "2025-07-02", "valid_to": "2026-07-01", "supersedes": ["asa4310-2024"]},
    ]}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    code, out, err = run_rules(capsys, "accept", "corpus/ramme-2025.txt")
    assert code == 0, err
    proposal = rulesets.prepare(rulesets.Settings.from_env(), "corpus/ramme-2025.txt").proposal
    changed = {c.rule_id: (c.old_value, c.new_value) for c in proposal.changes if c.changed}
    assert changed == {rule: (before, after) for _new, rule, before, after in RAMME_CHANGES.values()}
    assert proposal.unreadable == ()
    assert [c.rule_id for c in proposal.historical] == ["timesats.naeringsdrivende"]  # «per 1. januar 2024»
    new = json_values(capsys, "frist", "overdragelse", "--tilbud-gitt", "2025-09-01")
    old = json_values(capsys, "frist", "overdragelse", "--tilbud-gitt", "2025-03-03")
    assert new["kan_trekkes_fra"] == "2025-10-14" and old["kan_trekkes_fra"] == "2025-04-08"  # 6 and 5 weeks
    assert json_values(capsys, "timesats", "--spesialist", "--dato", "2025-09-01")["kr_per_time"] == 1290
    assert json_values(capsys, "timesats", "--spesialist", "--dato", "2024-09-01")["kr_per_time"] == 1230
    # no share given: the maximum of the agreement in force on the date (25 % in the new one)
    assert json_values(capsys, "trekk", "--liste", "1000", "--dato", "2025-09-01")["trekk_prosent"] == 25
    assert "inntil 25 %" in calc(capsys, "trekk", "--liste", "1000", "--dato", "2025-09-01")


def json_values(capsys, *argv):
    import json

    return json.loads(calc(capsys, *argv, "--json"))["values"]
