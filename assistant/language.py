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


# --- The parts of a question that asks several things -------------------------------------------------------------
# General function words only: question words, the verbs that open a yes/no question (with the subject after them,
# V2 inversion: "… og kan kommunen …", "… and does KS …"), and the words that can be that subject.
QUESTION_WORDS = (r"hva|hvem|hvor|hvordan|hvorfor|hvilke|hvilken|hvilket|når|kva|kven|kor|korleis|kvifor|kvar|"
                  r"what|how|who|when|why|which|where|whom")
OPENING_VERBS = frozenset(
    "kan må er har skal får blir vil bør gjelder finnes fins trenger treng koster kostar betyr tyder endrer endrar "
    "gir gjev dekker dekkjer betaler plikter ska vert kjem kommer stemmer "
    "can must is are was were does do did will would should could may might has have".split())
_SUBJECT_WORDS = frozenset(
    "jeg eg du vi me han hun ho hen den det dei de man en ein ei dette denne disse desse alle nokon noen "
    "i you we they he she it there this that these those my our your his her their the a an".split())
_NOT_SUBJECT_EN = frozenset("not be been being also only then still always never get".split())
_CLAUSE_JOIN = re.compile(r"(?:\s*[,;–-]\s*|\s+)(?:og|and|eller|or|samt)\s+|\s*[;:]\s+|,\s+(?=\w)", re.I)
_SENTENCE_END = re.compile(r"(?<=[?!])\s+|(?<=[a-zæøå0-9)»\"]\.)\s+(?=[A-ZÆØÅ\"«])")
_FIRST_WORDS = re.compile(r"[\wæøåÆØÅ'’]+")
_QUESTION_WORD_AT = re.compile(rf"(?:{QUESTION_WORDS})\b|kva for\b|what kind\b", re.I)


def _opens_question(clause: str, joined_by: str) -> bool:
    """Whether the clause after a conjunction starts a question of its own: a question word, or a verb that opens a
    yes/no question followed by its subject ("og kan kommunen …", not "og kan ikkje jobbe" or "og skal overta")."""
    words = _FIRST_WORDS.findall(clause[:80])
    if not words:
        return False
    first = words[0].lower()
    if _QUESTION_WORD_AT.match(clause):  # "…, og hvem …", "…, or when …"
        return True
    if "," in joined_by and not re.search(r"\b(?:og|and|eller|or)\b", joined_by, re.I):
        return False  # a comma alone joins a yes/no question only through a question word
    if first not in OPENING_VERBS or "eller" in joined_by.lower() or re.search(r"\bor\b", joined_by, re.I):
        return False  # "…, eller må den lyses ut …?": the two sides of one question
    if len(words) < 2:
        return False
    second = words[1]
    low = second.lower()
    if low in _SUBJECT_WORDS:
        return True
    if second[0].isupper():  # a name: "and does KS …"
        return True
    if first in ("does", "do", "did", "is", "are", "was", "were", "can", "will", "should", "must", "may", "has", "have"):
        return low not in _NOT_SUBJECT_EN and not low.endswith(("ed", "ing"))
    # a noun in its definite form: "og må legen …", "og gjelder avtalen …" (not an infinitive: "og kan jobbe")
    return len(low) >= 5 and low.endswith(("en", "et", "ene", "ane", "na"))


def sentences(text: str) -> list[str]:
    """The sentences of a question as typed (a full stop ends one before a capital letter; "1. juli" does not)."""
    return [s for s in _SENTENCE_END.split(text.strip()) if s.strip()]


def question_parts(text: str) -> list[str]:
    """The questions asked in ``text``, in order: sentences that ask something, and clauses joined by og/and/eller
    that ask something of their own. What asks nothing (the story or the condition before a question) stays with the
    next question, as written; one part means the text asks one thing."""
    text = text.strip()
    pieces: list[tuple[int, int]] = []  # (start, end) in ``text``; a piece ends at a sentence end or a clause join
    start = 0
    for sm in [*_SENTENCE_END.finditer(text), None]:
        end = sm.start() if sm else len(text)
        sentence = text[start:end]
        last = 0
        for m in _CLAUSE_JOIN.finditer(sentence):
            if m.start() > last and _opens_question(sentence[m.end():], m.group(0)):
                pieces.append((start + last, start + m.start()))
                last = m.end()
        pieces.append((start + last, end))
        start = sm.end() if sm else len(text)
    parts: list[str] = []
    context: int | None = None
    last_start = 0
    for k, (a, b) in enumerate(pieces):
        piece = text[a:b].strip(" ,;–-")
        if not piece:
            continue
        if not _asks(piece):
            if k == len(pieces) - 1 and parts and context is None:
                parts[-1] = text[last_start:b].strip(" ,;–-")  # "… ? Takk for hjelpen.": no new question
                continue
            if k < len(pieces) - 1:
                context = a if context is None else context  # a condition or a story: it belongs to the next question
                continue
        last_start = a if context is None else context
        parts.append(text[last_start:b].strip(" ,;–-"))
        context = None
    return parts


_LEADING = re.compile(r"(?:(?:og|men|så|eller|and|but|so|or|også|also|egentlig|da|then)\s+)*", re.I)


def _asks(piece: str) -> bool:
    """It ends with "?", opens with a question word ("hva …", "og hvem …"; not "… blir ikke enige om hva praksisen er
    verdt."), or opens with a verb before its subject ("Kan kommunen …", "Does KS …")."""
    if piece.rstrip().endswith("?"):
        return True
    rest = piece[_LEADING.match(piece).end():]
    if _QUESTION_WORD_AT.match(rest):
        return True
    words = _FIRST_WORDS.findall(piece[:40])
    return bool(words) and words[0].lower() in OPENING_VERBS and _opens_question(piece, " og ")
