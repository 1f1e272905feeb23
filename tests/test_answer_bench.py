"""Answers benchmark: scoring functions (fast) and the end-to-end run over the dev set (slow, real index)."""
import os
from pathlib import Path

import pytest

from assistant.answer.bench import (bench_numbers, contains_all, format_report, gold_rank, score_item,
                                    tool_values_match)

DEV = Path(os.environ.get("ASSISTANT_DEV_SET", Path(__file__).resolve().parents[2] / "shared" / "eval" / "dev.jsonl"))


def test_contains_all_handles_alternatives_and_spaces_in_numbers():
    ok, missing = contains_all("Det blir 65 316,67 kr i måneden (783800 kr i året).", ["65316|65 316", "783 800"])
    assert ok and missing == []
    ok, missing = contains_all("Fristen er 7.4.2025", ["7. april 2025|07.04.2025", "nemnd"])
    assert not ok and missing == ["7. april 2025|07.04.2025", "nemnd"]


def test_tool_values_match_numbers_dates_and_bools():
    calls = [{"result": {"values": {"arlig_kr": 783800, "maanedlig_kr": 65316.67, "over_2500_uavklart": False,
                                    "dato": "2025-04-07"}}}]
    assert tool_values_match({"arlig_kr": 783800, "maanedlig_kr": 65316.666}, calls)
    assert tool_values_match({"dato": "2025-04-07", "over_2500_uavklart": False}, calls)
    assert not tool_values_match({"arlig_kr": 783801}, calls)
    assert not tool_values_match({"over_2500_uavklart": True}, calls)
    assert not tool_values_match({"arlig_kr": 1}, [])


def test_gold_rank_is_whitespace_insensitive():
    passages = [{"text": "noe annet"}, {"text": "Fastlegeavtalen hjemfaller til\nkommunen dersom det etter"}]
    assert gold_rank(passages, ["Fastlegeavtalen hjemfaller til kommunen"]) == 2
    assert gold_rank(passages, ["står ikke her i det hele tatt"]) is None


def test_report_counts_refusals_and_failures():
    items = [
        ({"id": "a", "type": "fact", "question": "q1", "must_contain": ["x"], "sources": []},
         {"answer": "x", "citations": [{"quote": "x", "section": "1"}], "abstained": False}),
        ({"id": "b", "type": "unanswerable", "question": "q2", "must_contain": []},
         {"answer": "Jeg finner ikke", "citations": [], "abstained": True}),
        ({"id": "c", "type": "fact", "question": "q3", "must_contain": ["y"], "lang": "en"},
         {"answer": "Jeg finner ikke", "citations": [], "abstained": True}),
    ]
    report = format_report([score_item(i, a, 10.0, 5) for i, a in items], 5)
    assert "Svarrate (alle must_contain): 1/2 = 0.50" in report
    assert "Avstått på ubesvarbare: 1/1" in report and "Feilaktige avslag: 1/2" in report
    assert "- c: refusert" in report
    assert "  en: svarrate 0/1 = 0.00, avstått på ubesvarbare 0/0" in report  # by language where items name it
    assert bench_numbers(report)["answer_rate"] == 0.5 and bench_numbers(report)["false_refusal_rate"] == 0.5


@pytest.mark.slow
def test_dev_set_answer_rate_end_to_end():
    if not DEV.exists():
        pytest.skip(f"dev set not found: {DEV}")
    from assistant import Assistant
    from assistant.answer.bench import run_answers_bench

    report = run_answers_bench(DEV, Assistant())
    print(report)
    numbers = bench_numbers(report)
    # Issue 4: the run fails below 0.85. Measured 57/65 = 0.88 (the dense search is near exact, so a fresh
    # build gives the same ranking; one more miss is 0.86, two more fail).
    assert numbers["answer_rate"] >= 0.85, report
    assert numbers["tool_rate"] == 1.0 and numbers["abstention_rate"] == 1.0, report
    assert numbers["citation_rate"] >= 0.95 and numbers["false_refusal_rate"] <= 0.05, report
