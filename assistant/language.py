"""Which language a question is written in (pure): used by the retriever (fusion weights) and by the
question normalisation (which glossary applies) and the question parse (which words are role words)."""
from __future__ import annotations

import re

ENGLISH_MARKERS = re.compile(
    r"(?<![\w-])(?:the|is|are|does|do|what|how|when|who|which|can|my|of|to|and|a|an|if|i)(?![\w-])", re.I)
_EN_WORDS = re.compile(r"\b(?:the|what|how|when|who|which|my|our|is|are|we|of|with|do|does|can|much|many|and|if)\b")
_NN_WORDS = re.compile(r"\b(?:eg|kva|kor|korleis|ikkje|ein|eit|dei|frå|berre|vere|mykje|me|heime|når|seie)\b")
_NB_WORDS = re.compile(r"\b(?:jeg|hva|hvor|hvordan|ikke|en|et|de|fra|bare|være|mye|vi|hjemme)\b")
_SHARED_NORWEGIAN_WORDS = re.compile(r"\b(?:og|er|det|som|på|pa|til|med|har|kan|meg|av|om|skal|må|blir|vil)\b")  # both forms


def language_of(text: str, default: str = "nb") -> str:
    """"en", "nn" or "nb": whichever language's commonest function words the text uses most (bokmål on a tie;
    ``default`` when it uses none, not even one that both Norwegian forms share). "i" and "for" are Norwegian words
    too, so only the pronoun "I", written as one, counts for English."""
    low = text.lower()
    en = len(_EN_WORDS.findall(low)) + len(re.findall(r"\bI\b", text))
    nn = len(_NN_WORDS.findall(low))
    nb = len(_NB_WORDS.findall(low))
    if not en + nn + nb:
        return "nb" if _SHARED_NORWEGIAN_WORDS.search(low) else default
    if en > max(nn, nb):
        return "en"
    return "nn" if nn > nb else "nb"


def is_english(question: str) -> bool:
    return language_of(question) == "en"


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
