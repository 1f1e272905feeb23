"""A fitted model of a question's subject: which calculator (or deadline variant) it is about, or none.

``topic_probs(question)`` gives a probability per subject key ("basistilskudd", "frist:hjemfall", … and "none")
from the words of the question's bokmål text (``Question.text``: nynorsk and æøå-less words already restored):
each word, each pair of neighbouring words, the character 4-grams of each word (so compounds and inflections share
evidence), and the kinds of values it holds (a date, a number, a percentage). A softmax regression over these
features is fitted by ``topics_fit.py`` on labelled questions (calculator questions say their tool and variant;
questions answered from the text are "none") and stored in ``topic_weights.json``.

``plan`` adds the subjects this model is sure of (probability ≥ ``accept``) to those its topic words name, and
ranks them by both, and computes nothing for a question it finds at least ``veto`` likely to be about none of
them; a subject only the model sees is still held to the same inputs and questions back. Pure apart
from reading the weights once.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import softmax
from .question import Question

WEIGHTS_PATH = Path(__file__).with_name("topic_weights.json")
NONE = "none"
_WORD = re.compile(r"[a-zæøåéü]+")


def spec_key(tool: str, variant: str | None) -> str:
    return f"{tool}:{variant}" if variant else tool


def question_features(q: Question) -> dict[str, float]:
    words = _WORD.findall(q.text)
    f: dict[str, float] = {f"has:{m.kind}": 1.0 for m in q.mentions}
    for a, b in zip(words, words[1:]):
        f[f"bi:{a}_{b}"] = 1.0
    for w in words:
        f[f"w:{w}"] = 1.0
        padded = f"<{w}>"
        grams = [padded[i:i + 4] for i in range(max(1, len(padded) - 3))]
        for g in grams:
            f[f"g:{g}"] = f.get(f"g:{g}", 0.0) + 1.0 / math.sqrt(len(grams))
    return f


@dataclass(frozen=True)
class TopicModel:
    topics: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, dict[int, float]]
    accept: float = 1.0  # the least probability that makes a subject a candidate (1.0: the model is not used)
    weight: float = 0.0  # how much its probability counts next to the topic words when candidates are ranked
    veto: float = 1.0  # a question it finds this likely to be about none of the calculators is not computed

    def probs(self, q: Question) -> dict[str, float]:
        return softmax.probs(self.topics, self.bias, self.weights, question_features(q))

    def dumps(self) -> str:
        return softmax.dumps({"topics": list(self.topics), "accept": round(self.accept, 4), "weight": self.weight,
                              "veto": self.veto,
                              "bias": [round(b, 4) for b in self.bias]}, self.topics, self.weights)

    @classmethod
    def from_dict(cls, d: dict) -> TopicModel:
        return cls(tuple(d["topics"]), tuple(d["bias"]), softmax.load_weights(d, d["topics"]), d.get("accept", 1.0),
                   d.get("weight", 0.0), d.get("veto", 1.0))


@lru_cache(maxsize=1)
def load_model(path: str = str(WEIGHTS_PATH)) -> TopicModel | None:
    p = Path(path)
    return TopicModel.from_dict(json.loads(p.read_text(encoding="utf-8"))) if p.exists() else None


_ACTIVE = softmax.Active(lambda: load_model(), lambda: topic_probs.cache_clear())
active_model = _ACTIVE.get
using = _ACTIVE.using  # ``with using(model): …`` plans with ``model`` (None: the topic words alone)


@lru_cache(maxsize=4096)
def topic_probs(q: Question) -> dict[str, float]:
    model = active_model()
    return model.probs(q) if model is not None else {}


__all__ = ["TopicModel", "topic_probs", "question_features", "spec_key", "load_model", "using", "NONE"]
