"""Fit the role model (``roles.py``): ``python -m assistant bench roles [--write]`` (the files of ``TRAINING``).

Labels come from calculator questions whose expected ``inputs`` are known (``tools.jsonl``'s format): a value in
the question equal to an expected input gets that input's role (``plan.SPECS`` names the role of each input of each
calculator and deadline variant); every other value gets "none". A softmax regression with an L2 penalty is fitted
on all of them (scipy's L-BFGS); 5-fold cross-validation by question gives the figures for questions left out, next
to the role words alone (``lexicon.ROLE_CUES``) and the two together as ``plan`` uses them.
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any


from . import softmax
from .question import Mention, parse_question
from .roles import NONE, WEIGHTS_PATH, RoleModel, allowed, mention_features

DATA = Path(__file__).with_name("fit_data")
TESTS = Path(__file__).resolve().parents[2] / "tests" / "fixtures"
# The shipped model's training files: the even half of the calculator bank (../shared/eval/tools.jsonl; the odd half
# is kept out for measuring), the project's fresh set, and three sets written for this fit (fit_data/README.md).
TRAINING = ((DATA / "tools_even.jsonl", "alle"), (TESTS / "tools_fresh.jsonl", "alle"),
            (DATA / "roles_a.jsonl", "alle"), (DATA / "roles_b.jsonl", "alle"), (DATA / "roles_c.jsonl", "alle"))
TODAY = date(2026, 12, 5)  # "today" when the files were written: relative dates ("i år") are read as then
L2 = 0.1
FOLDS = 5
EXTRA_ROLES = {"timer": "timer", "timer_per_uke": "timer", "snitt_basistilskudd_maaned": "snitt_basistilskudd"}


@dataclass(frozen=True)
class Labelled:
    qid: str
    mention: Mention
    role: str
    candidates: tuple[tuple[str, ...], ...] = ()  # the roles of each input of the question's calculator


def _input_roles(tool: str, variant: str | None) -> dict[str, tuple[str, Any]]:
    """Input key → (role, slot) for a calculator (and deadline variant)."""
    from .plan import SPECS

    out: dict[str, tuple[str, Any]] = {k: (r, None) for k, r in EXTRA_ROLES.items()}
    for spec in SPECS:
        if spec.tool == tool and spec.variant == variant:
            for slot in spec.slots:
                if slot.roles:
                    out.setdefault(slot.key, (slot.roles[0], slot))
                    out[slot.key] = out[slot.key] if out[slot.key][1] is not None else (slot.roles[0], slot)
    return out


def _same(m: Mention, slot: Any, want: Any) -> bool:
    if slot is not None and m.kind not in slot.kinds and not (m.kind in ("month", "year") and "date" in slot.kinds):
        return False
    try:
        got = [slot.value(m) if slot is not None and slot.value else m.value, m.value]  # "60 %" may be 0.6 or 60
    except (TypeError, ValueError):
        return False
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return any(isinstance(g, (int, float)) and abs(float(want) - float(g)) < 1e-6 for g in got)
    return str(got[0]) == str(want)


def label_item(item: dict[str, Any], today: date) -> list[Labelled]:
    """The labelled values of one calculator question ([] when its tool has no inputs with roles)."""
    if item.get("kind") not in ("calc", "clarify") or not item.get("tool"):
        return []
    inputs = dict(item.get("inputs") or {})
    roles = _input_roles(item["tool"], inputs.pop("variant", None))
    wanted = [(roles[k][0], roles[k][1], v) for k, v in inputs.items() if k in roles and v is not None
              and not isinstance(v, (bool, list, dict))]
    if not wanted:
        return []
    q = parse_question(item["question"], today)
    candidates = tuple(sorted({tuple(slot.roles) if slot is not None else (r,) for k, (r, slot) in roles.items()
                               if slot is not None or k in inputs}))
    out: list[Labelled] = []
    for m in q.mentions:
        role = next((r for r, slot, v in wanted if _same(m, slot, v)), NONE)
        out.append(Labelled(str(item.get("id", "?")), m, role, candidates))
    return out


def load_labelled(paths: Sequence[tuple[str | Path, str]], today: date | None = None) -> list[Labelled]:
    """Labelled values of every file; ``half`` "partall"/"oddetall" keeps only even/odd ids of that file."""
    from ..bench import load_items
    from .tools_bench import _half

    today = today or TODAY
    out: list[Labelled] = []
    for path, half in paths:
        for item in load_items(Path(path)):
            if half in ("partall", "oddetall") and _half(str(item.get("id", ""))) != half:
                continue
            item = {**item, "id": f"{Path(path).stem}:{item.get('id', '?')}"}
            out += label_item(item, today)
    return out


def fit(samples: Sequence[Labelled], date_roles: frozenset[str], l2: float = L2) -> RoleModel:
    roles = sorted({s.role for s in samples} | {NONE})
    ok = [[j for j, r in enumerate(roles) if allowed(r, s.mention.kind, date_roles)] for s in samples]
    bias, weights = softmax.fit([mention_features(s.mention) for s in samples], [s.role for s in samples], roles, l2, ok)
    return RoleModel(tuple(roles), frozenset(r for r in roles if r in date_roles), bias, weights)


def _cue_role(m: Mention, roles: Sequence[str]) -> str:
    from .plan import cue_score

    best = max(((cue_score(m, r), r) for r in roles if r != NONE), default=(0.0, NONE))
    return best[1] if best[0] >= 0.3 else NONE


def _combined_role(m: Mention, model: RoleModel) -> str:
    from .plan import cue_score

    probs = model.probs(m)
    best = max(((max(cue_score(m, r), probs.get(r, 0.0)), r) for r in model.roles if r != NONE), default=(0.0, NONE))
    return best[1] if best[0] >= max(0.3, probs.get(NONE, 0.0)) else NONE


def _accuracy(pairs: Sequence[tuple[str, str]]) -> str:
    roled = [(g, p) for g, p in pairs if g != NONE]
    return (f"alle verdier {sum(g == p for g, p in pairs)}/{len(pairs)} = {sum(g == p for g, p in pairs) / max(1, len(pairs)):.2f}, "
            f"verdier med rolle {sum(g == p for g, p in roled)}/{len(roled)} = "
            f"{sum(g == p for g, p in roled) / max(1, len(roled)):.2f}")


def restricted(probs: dict[str, float], among: Sequence[str]) -> dict[str, float]:
    """The probabilities of the roles ``among`` (and "none"), renormalised: as ``plan`` reads them."""
    kept = {r: p for r, p in probs.items() if r in among or r == NONE}
    total = sum(kept.values())
    return {r: p / total for r, p in kept.items()} if total else {}


def open_choices(s: Labelled, model: RoleModel) -> list[tuple[float, bool]]:
    """(the model's probability, right?) for each role of the question's calculator that the role words leave
    open for this value: the cases where the model alone would place it."""
    from .plan import cue_score

    from .plan import MIN_ROLE

    probs = restricted(model.probs(s.mention), [r for group in s.candidates for r in group])
    out = []
    for group in s.candidates:
        p = max((probs[r] for r in group if r in probs), default=None)
        if p is not None and max(cue_score(s.mention, r) for r in group) < MIN_ROLE.get(s.mention.kind, 0.3):
            out.append((p, s.role in group))
    return out


THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
WRONG_COST = 2  # a value computed from the wrong inputs costs as much as two questions answered right


def utility(c: dict[str, int]) -> int:
    return c["right"] + c["asked"] - WRONG_COST * c["wrong"]


def choose_threshold(counts: dict[float | None, dict[str, int]]) -> float:
    """The threshold with the best ``utility`` (right, asked back, minus wrong computations weighed double) among
    those with no more wrong computations than the role words alone; 1.0 (the model unused) when none beats them."""
    base = counts[None]
    fine = [(utility(c), -t) for t, c in counts.items()
            if t is not None and c["wrong"] <= base["wrong"] and utility(c) > utility(base)]
    return -max(fine)[1] if fine else 1.0


def cross_validate(samples: Sequence[Labelled], date_roles: frozenset[str], folds: int = FOLDS) -> dict[str, list]:
    qids = sorted({s.qid for s in samples})
    random.Random(7).shuffle(qids)
    fold_of = {q: i % folds for i, q in enumerate(qids)}
    out: dict[str, list] = {"model": [], "cues": [], "both": [], "open": []}
    for k in range(folds):
        train = [s for s in samples if fold_of[s.qid] != k]
        test = [s for s in samples if fold_of[s.qid] == k]
        model = fit(train, date_roles)
        for s in test:
            probs = model.probs(s.mention)
            out["model"].append((s.role, max(probs, key=probs.get)))
            out["cues"].append((s.role, _cue_role(s.mention, model.roles)))
            out["both"].append((s.role, _combined_role(s.mention, model)))
            out["open"] += open_choices(s, model)
    return out


def _plan_outcome(item: dict[str, Any], today: date) -> str:
    """How ``plan`` handles a labelled question: "right" (the expected tool and inputs), "asked" (a question back),
    "wrong" (a value computed from inputs other than the expected ones, or although one was missing), or "other"."""
    from .plan import plan
    from .tools_bench import inputs_match

    route = plan(parse_question(item["question"], today))
    if route.kind == "follow_up":
        return "asked"
    if route.kind != "tool":
        return "other"
    expected = item.get("inputs") or {}
    same = route.tool == item.get("tool") and expected.get("variant") in (None, route.inputs.get("variant"))
    if item.get("kind") == "calc" and same and inputs_match(expected, route.inputs):
        return "right"
    return "wrong" if item.get("kind") in ("calc", "clarify") else "other"


def plan_cross_validate(paths: Sequence[tuple[str | Path, str]], thresholds: Sequence[float],
                        folds: int = FOLDS, today: date | None = None) -> dict[float | None, dict[str, int]]:
    """End to end through ``plan``, question by question left out (5-fold): for each acceptance threshold, calc
    questions routed right, clarify questions asked back, and values computed wrongly."""
    from ..bench import load_items
    from .plan import DATE_ROLES
    from .roles import using
    from .tools_bench import _half

    today = today or TODAY
    items = []
    for path, half in paths:
        for item in load_items(Path(path)):
            if half in ("partall", "oddetall") and _half(str(item.get("id", ""))) != half:
                continue
            items.append({**item, "id": f"{Path(path).stem}:{item.get('id', '?')}"})
    samples = [lab for item in items for lab in label_item(item, today)]
    qids = sorted({it["id"] for it in items})
    random.Random(7).shuffle(qids)
    fold_of = {q: i % folds for i, q in enumerate(qids)}
    thresholds = [None, *thresholds]
    counts = {t: {"calc": 0, "right": 0, "clarify": 0, "asked": 0, "wrong": 0} for t in thresholds}
    for k in range(folds):
        model = fit([s for s in samples if fold_of[s.qid] != k], DATE_ROLES)
        test = [it for it in items if fold_of.get(it["id"]) == k and it.get("kind") in ("calc", "clarify")]
        for t in thresholds:
            with using(None if t is None else RoleModel(model.roles, model.date_roles, model.bias, model.weights, t)):
                for it in test:
                    outcome = _plan_outcome(it, today)
                    c = counts[t]
                    c[it["kind"]] += 1
                    c["right"] += it["kind"] == "calc" and outcome == "right"
                    c["asked"] += it["kind"] == "clarify" and outcome == "asked"
                    c["wrong"] += outcome == "wrong"
    return counts


def format_plan_cv(counts: dict[float | None, dict[str, int]]) -> list[str]:
    return [f"  {'bare rolleord' if t is None else f'terskel {t:.2f}'}: beregning riktig {c['right']}/{c['calc']}, spør tilbake {c['asked']}/{c['clarify']}, "
            f"feil beregnet {c['wrong']}" for t, c in counts.items()]


def run_roles_bench(paths: Sequence[tuple[str | Path, str]], write: bool = False) -> str:
    from .plan import DATE_ROLES

    samples = load_labelled(paths)
    model = fit(samples, DATE_ROLES)
    lines = [f"Rollemodell: {len(samples)} verdier fra {len({s.qid for s in samples})} spørsmål, "
             f"{len(model.roles)} roller, {len(model.weights)} trekk med vekt ≥ {softmax.PRUNE}."]
    fitted = {"model": [], "cues": [], "both": []}
    for s in samples:
        probs = model.probs(s.mention)
        fitted["model"].append((s.role, max(probs, key=probs.get)))
        fitted["cues"].append((s.role, _cue_role(s.mention, model.roles)))
        fitted["both"].append((s.role, _combined_role(s.mention, model)))
    cv = cross_validate(samples, DATE_ROLES)
    names = {"cues": "rolleord alene", "model": "modellen alene", "both": "begge"}
    for key in ("cues", "model", "both"):
        lines.append(f"{names[key]}: tilpasset {_accuracy(fitted[key])} | {FOLDS}-fold {_accuracy(cv[key])}")
    lines.append(f"Verdier rolleordene lar stå åpne ({len(cv['open'])} valg, {FOLDS}-fold): presisjon per terskel")
    for t in (0.5, 0.6, 0.7, 0.8, 0.9):
        chosen = [ok for p, ok in cv["open"] if p >= t]
        lines.append(f"  ≥ {t:.1f}: {sum(chosen)}/{len(chosen)} riktige"
                     + (f" = {sum(chosen) / len(chosen):.2f}" if chosen else ""))
    counts = plan_cross_validate(paths, THRESHOLDS)
    accept = choose_threshold(counts)
    model = RoleModel(model.roles, model.date_roles, model.bias, model.weights, accept)
    lines.append(f"Gjennom plan, {FOLDS}-fold:")
    lines += format_plan_cv(counts)
    lines.append(f"Valgt terskel: {accept:.2f} (best: riktige + spurt tilbake − {WRONG_COST} × feil, og ikke flere feil "
                 f"enn rolleordene alene)"
                 if accept < 1.0 else "Ingen terskel slår rolleordene alene: modellen brukes ikke (terskel 1,00).")
    if write:
        WEIGHTS_PATH.write_text(model.dumps(), encoding="utf-8")
        lines.append(f"Skrev {WEIGHTS_PATH} ({WEIGHTS_PATH.stat().st_size // 1024} kB).")
    return "\n".join(lines)


__all__ = ["run_roles_bench", "fit", "label_item", "load_labelled", "cross_validate", "Labelled"]
