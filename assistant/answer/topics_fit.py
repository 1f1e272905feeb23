"""Fit the topic model (``topics.py``): ``python -m assistant bench topics [--write]``.

Labels: a calculator question (``kind`` calc or clarify in the role model's training files, ``roles_fit.TRAINING``)
is about its tool and variant; a ``no_tool`` question and every question of the answer sets (``ANSWER_SETS``,
answered from the text) is about "none". A softmax regression is fitted on all of them (``softmax.py``). 5-fold
cross-validation by question gives the subject accuracy for questions left out and, end to end through ``plan``,
how many calculator questions are routed right, how many questions back are asked, how many values are computed
from the wrong tool or inputs, and how many text questions get a tool or a question back. The acceptance threshold
and the ranking weight are chosen on those figures and written with the weights.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from . import softmax
from .question import parse_question
from .roles_fit import FOLDS, TESTS, TODAY, TRAINING, count_outcome, fold_of, load_questions, plan_outcome
from .topics import NONE, WEIGHTS_PATH, TopicModel, question_features, spec_key, using

L2 = 0.3
PRUNE = 0.05  # smaller weights are not stored (the model has many more features than the role model)
ANSWER_SETS = tuple((TESTS / f"{name}_answers.jsonl", "alle") for name in ("heldout", "heldout2", "heldout3", "heldout4"))
SETTINGS = tuple((a, w, v) for a in (0.5, 0.7, 0.9) for w in (1.0, 2.0) for v in (1.0, 0.95, 0.8))  # accept, weight, veto
WRONG_COST = 2
BAND = 0.01  # utilities within 1 % of the best are taken as equal (one question in a hundred)


def label(item: dict[str, Any]) -> str:
    if item.get("kind") in ("calc", "clarify") and item.get("tool"):
        return spec_key(item["tool"], (item.get("inputs") or {}).get("variant"))
    return NONE


def fit(items: Sequence[dict[str, Any]], today: date = TODAY, l2: float = L2) -> TopicModel:
    labels = [label(it) for it in items]
    topics = sorted(set(labels) | {NONE})
    feats = [question_features(parse_question(it["question"], today)) for it in items]
    bias, weights = softmax.fit(feats, labels, topics, l2, prune=PRUNE)
    return TopicModel(tuple(topics), bias, weights)


def cross_validate(items: Sequence[dict[str, Any]], settings: Sequence[tuple[float, float, float]] = SETTINGS,
                   folds: int = FOLDS, today: date = TODAY) -> tuple[dict, list[tuple[str, str, str]]]:
    from .plan import plan

    fold = fold_of([it["id"] for it in items], folds)
    counts = {s: {"calc": 0, "right": 0, "clarify": 0, "asked": 0, "wrong": 0, "text": 0, "text_bad": 0}
              for s in (None, *settings)}
    pairs: list[tuple[str, str, str]] = []  # (subject, predicted, language)
    for k in range(folds):
        model = fit([it for it in items if fold[it["id"]] != k], today)
        test = [(it, parse_question(it["question"], today)) for it in items if fold[it["id"]] == k]
        for it, q in test:
            probs = model.probs(q)
            pairs.append((label(it), max(probs, key=probs.get), q.language))
        for s, c in counts.items():
            with using(None if s is None else TopicModel(model.topics, model.bias, model.weights, *s)):
                for it, q in test:
                    route = plan(q)
                    count_outcome(c, it, plan_outcome(it, route))
                    c["text_bad"] += "kind" not in it and route.kind in ("tool", "follow_up")
    return counts, pairs


def utility(c: dict[str, int]) -> int:
    return c["right"] + c["asked"] - WRONG_COST * c["wrong"] - c["text_bad"]


def choose(counts: dict, band: float = BAND) -> tuple[float, float, float]:
    """Among settings with no more wrong computations and no more text questions given a tool than the topic words
    alone, and a better ``utility``: the most cautious (highest veto, then highest threshold) of those within
    ``band`` of the best utility, as differences that small are noise. (1.0, 0.0, 1.0), the model unused, when
    none beats the topic words."""
    base = counts[None]
    fine = {s: utility(c) for s, c in counts.items() if s is not None and c["wrong"] <= base["wrong"]
            and c["text_bad"] <= base["text_bad"] and utility(c) > utility(base)}
    if not fine:
        return (1.0, 0.0, 1.0)
    top = max(fine.values())
    near = [s for s, u in fine.items() if u >= top - band * max(1, abs(top))]
    return max(near, key=lambda s: (s[2], s[0], fine[s]))


def run_topics_bench(write: bool = False) -> str:
    items = load_questions([*TRAINING, *ANSWER_SETS])
    counts, pairs = cross_validate(items)
    right = sum(a == b for a, b, _ in pairs)
    calc_pairs = [(a, b, lang) for a, b, lang in pairs if a != NONE]
    calc_right = sum(a == b for a, b, _ in calc_pairs)
    by_lang = {lang: [a == b for a, b, x in calc_pairs if x == lang] for lang in ("nb", "nn", "en")}
    lines = [f"Emnemodell: {len(items)} spørsmål ({sum(label(it) != NONE for it in items)} til kalkulatorer), "
             f"{len({label(it) for it in items})} emner.",
             f"{FOLDS}-fold emne riktig: alle {right}/{len(pairs)} = {right / len(pairs):.2f}, kalkulatorspørsmål "
             f"{calc_right}/{len(calc_pairs)} = {calc_right / max(1, len(calc_pairs)):.2f} ("
             + ", ".join(f"{lang} {sum(v)}/{len(v)}" for lang, v in by_lang.items()) + ")",
             f"Gjennom plan, {FOLDS}-fold (rolle-modellen som levert):"]
    for s, c in counts.items():
        name = "bare emneord" if s is None else f"terskel {s[0]:.1f}, vekt {s[1]:.0f}, veto {s[2]:.2f}"
        lines.append(f"  {name}: beregning riktig {c['right']}/{c['calc']}, spør tilbake {c['asked']}/{c['clarify']}, "
                     f"feil beregnet {c['wrong']}, tekstspørsmål med verktøy/motspørsmål {c['text_bad']}/{c['text']}")
    accept, weight, veto = choose(counts)
    lines.append(f"Valgt: terskel {accept:.1f}, vekt {weight:.0f}, veto {veto:.2f}" if accept < 1.0 else
                 "Ingen innstilling slår emneordene alene: modellen brukes ikke.")
    if write:
        model = fit(items)
        model = TopicModel(model.topics, model.bias, model.weights, accept, weight, veto)
        WEIGHTS_PATH.write_text(model.dumps(), encoding="utf-8")
        lines.append(f"Skrev {WEIGHTS_PATH} ({WEIGHTS_PATH.stat().st_size // 1024} kB).")
    return "\n".join(lines)


__all__ = ["run_topics_bench", "fit", "label", "cross_validate", "choose"]
