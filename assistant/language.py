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


MAX_ZIPF = 7.0  # "the", "og": the commonest words of a language (wordfreq's Zipf scale: log10 of uses per 10⁹ words + 3)


def zipf(word: str, lang: str) -> float:
    """How common ``word`` is in general ``lang`` ("en", "nb", "nn") text, from wordfreq's frequency lists (0 for a
    word it does not know)."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


def information(word: str, lang: str) -> float:
    """How much a word says, from its general frequency: ``MAX_ZIPF`` minus its Zipf value (an idf of the language
    rather than of the corpus): "say" 1.1, "bonus" 2.6, a word no list knows 7."""
    return max(0.0, MAX_ZIPF - zipf(word, lang))
