"""Which language a question is written in (pure): used by the retriever (fusion weights) and by the
question normalisation (which glossary applies)."""
from __future__ import annotations

import re

ENGLISH_MARKERS = re.compile(
    r"(?<![\w-])(?:the|is|are|does|do|what|how|when|who|which|can|my|of|to|and|a|an|if|i)(?![\w-])", re.I)
NORWEGIAN_MARKERS = re.compile(r"(?<![\w-])(?:og|er|det|som|på|hva|hvor|jeg|ikke|kva|kor|eg)(?![\w-])", re.I)


def is_english(question: str) -> bool:
    """Two or more English function words and none of Norwegian's commonest ones."""
    if NORWEGIAN_MARKERS.search(question):
        return False
    return len(ENGLISH_MARKERS.findall(question)) >= 2
