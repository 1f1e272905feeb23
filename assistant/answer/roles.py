"""A fitted model of a value's role: which calculator input a number or a date in a question is.

``role_probs(mention)`` gives, for a ``Mention`` of the parsed question, a probability per role (the roles of
``plan.SPECS``' inputs, and "none"). It reads only the words around the value and the value's kind and size:

- every context word (up to six each side, nearest first) adds its character 4-grams (so "innbyggjarar",
  "innbyggere" and "inhabitants" share evidence where they share letters, and the parts of a compound count) and
  the whole word on its side, weighted 1/(1 + distance);
- the kind (number, percent, date …), the unit of a duration and the order of magnitude of a number ("1 500" is
  a list, "3" a class or a count of children, "4 500" may be a kommune).

- the role words' own score for each role (``plan.cue_score`` over ``lexicon.ROLE_CUES``), so the fit learns how
  far to trust each list.

A softmax regression over these features is fitted by ``roles_fit.py`` on labelled questions (the expected inputs
of calculator questions say which value is which) and stored in ``role_weights.json`` (sparse: feature → role →
weight). ``plan.role_score`` reads its probability of a role against the other inputs of the calculator at hand.
Pure apart from reading the weights once.
"""
from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import softmax
from .question import Mention

WEIGHTS_PATH = Path(__file__).with_name("role_weights.json")
NONE = "none"
DATE_KINDS = frozenset({"date", "month", "year"})
CONTEXT = 6


def _grams(word: str, n: int = 4) -> list[str]:
    padded = f"<{word}>"
    return [padded[i:i + n] for i in range(max(1, len(padded) - n + 1))]


def mention_features(m: Mention) -> dict[str, float]:
    """Sparse features of a value: its kind, unit and size, and the words around it (nearer words weigh more)."""
    f: dict[str, float] = {f"k:{m.kind}": 1.0}
    if m.unit:
        f[f"u:{m.unit}"] = 1.0
    if m.kind in ("number", "money") and isinstance(m.value, (int, float)) and m.value > 0:
        f[f"mag:{min(6, int(math.log10(float(m.value))))}"] = 1.0
        if float(m.value).is_integer() and m.value <= 3:
            f["small"] = 1.0
    from .plan import ROLE_CUES, cue_score  # the role words' own score is one feature among the others

    for role in ROLE_CUES:
        score = cue_score(m, role)
        if score > 0.0:
            f[f"cue:{role}"] = score
    for side, words in (("b", m.before), ("a", m.after)):
        for i, word in enumerate(words[:CONTEXT]):
            weight = 1.0 / (1 + i)
            f[f"{side}:{word}"] = f.get(f"{side}:{word}", 0.0) + weight
            if word == "," or word.isdigit():
                continue
            grams = _grams(word)
            share = weight / math.sqrt(len(grams))
            for g in grams:
                f[f"g:{g}"] = f.get(f"g:{g}", 0.0) + share
    return f


def allowed(role: str, kind: str, date_roles: Iterable[str]) -> bool:
    """A date's role is a date role; a number's is not (and "none" fits every value)."""
    return role == NONE or ((kind in DATE_KINDS) == (role in frozenset(date_roles)))


@dataclass(frozen=True)
class RoleModel:
    roles: tuple[str, ...]
    date_roles: frozenset[str]
    bias: tuple[float, ...]
    weights: dict[str, dict[int, float]]  # feature → {role index: weight}
    accept: float = 1.0  # the least probability that places a value (chosen by cross-validation through ``plan``;
    # 1.0: the model is not used and the role words decide alone)

    def probs(self, m: Mention) -> dict[str, float]:
        ok = [j for j, r in enumerate(self.roles) if allowed(r, m.kind, self.date_roles)]
        return softmax.probs(self.roles, self.bias, self.weights, mention_features(m), ok)

    def dumps(self) -> str:
        return softmax.dumps({"roles": list(self.roles), "date_roles": sorted(self.date_roles),
                              "accept": round(self.accept, 4), "bias": [round(b, 4) for b in self.bias]},
                             self.roles, self.weights)

    @classmethod
    def from_dict(cls, d: dict) -> RoleModel:
        return cls(tuple(d["roles"]), frozenset(d["date_roles"]), tuple(d["bias"]), softmax.load_weights(d, d["roles"]),
                   d.get("accept", 1.0))


@lru_cache(maxsize=1)
def load_model(path: str = str(WEIGHTS_PATH)) -> RoleModel | None:
    p = Path(path)
    if not p.exists():
        return None
    return RoleModel.from_dict(json.loads(p.read_text(encoding="utf-8")))


def _clear() -> None:
    role_probs.cache_clear()
    from .plan import role_score

    role_score.cache_clear()


_ACTIVE = softmax.Active(lambda: load_model(), lambda: _clear())
active_model = _ACTIVE.get
using = _ACTIVE.using  # ``with using(model): …`` plans with ``model`` (None: the role words alone)


@lru_cache(maxsize=65536)
def role_probs(m: Mention) -> dict[str, float]:
    """The fitted model's probability of each role for ``m`` ({} when no model is shipped)."""
    model = active_model()
    return model.probs(m) if model is not None else {}


def accept_threshold() -> float:
    model = active_model()
    return model.accept if model is not None else 1.0


__all__ = ["RoleModel", "mention_features", "role_probs", "load_model", "using", "accept_threshold", "allowed", "NONE", "WEIGHTS_PATH"]
