"""Clean a raw question and turn it into search terms.

- ``check_input``: empty, punctuation/emoji only, unsupported language, over-long (truncated with a notice),
  HTML/script (tags removed: the question is text, never markup), "ignore all instructions" phrases removed.
- ``search_text``: the question plus bokmål equivalents for nynorsk and English words, and æøå restored in
  words typed as "a/o/ae/aa/oe" (using a vocabulary from the corpus when one is given).

Pure functions; the only I/O is reading the glossary (``glossary.tsv``: English and nynorsk → bokmål) once at
import.
"""
from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..language import ENGLISH_MARKERS, is_english, zipf
from .sentences import STOPWORDS

MAX_QUESTION_CHARS = 2000

EMPTY_REPLY = "Skriv et spørsmål om fastlegeordningen, for eksempel «Hva er oppsigelsesfristen for en fastlegeavtale?»."
NO_WORDS_REPLY = ("Jeg fant ingen ord i spørsmålet. Skriv spørsmålet med ord, for eksempel "
                  "«Hvor mye basistilskudd får jeg med 1 500 på lista?».")
UNSUPPORTED_LANGUAGE_REPLY = ("Beklager, jeg kan bare svare på spørsmål på norsk (bokmål eller nynorsk) eller engelsk. "
                              "Still gjerne spørsmålet på nytt på et av disse språkene.")
TRUNCATED_NOTICE = f"Spørsmålet var svært langt og ble forkortet til {MAX_QUESTION_CHARS:,} tegn.".replace(",", " ")
ONLY_INSTRUCTIONS_REPLY = ("Jeg svarer bare ut fra avtalene og dokumentene i kildene, og følger ikke instruksjoner om å "
                           "endre det. Still et spørsmål om fastlegeordningen, for eksempel «Hva er oppsigelsesfristen "
                           "for en fastlegeavtale?».")
INJECTION_NOTICE = "Instruksjoner i spørsmålet om å endre hvordan assistenten virker, ble ignorert."
MARKUP_NOTICE = "Spørsmålet inneholdt HTML/skriptkode; den ble behandlet som vanlig tekst."


@dataclass(frozen=True)
class InputCheck:
    """Result of checking a raw question: ``kind`` is ok | empty | no_words | unsupported_language."""

    kind: str
    text: str
    notices: tuple[str, ...] = field(default_factory=tuple)
    reply: str = ""


_INJECTION_RE = re.compile(
    r"(?:ignorer|ignorér|ignore|glem|forget|disregard|se bort fra)\s+(?:alle\s+|all\s+|dine\s+|your\s+|tidligere\s+|previous\s+|"
    r"the\s+|de\s+)*(?:instruks\w*|instruksjon\w*|instructions?|regler|rules|prompt\w*|system\w*)[^.?!\n]*[.?!]?",
    re.IGNORECASE,
)
_TAG_RE = re.compile(r"<\s*(script|style)[^>]*>.*?<\s*/\s*\1\s*>|<[^>]{1,200}>", re.IGNORECASE | re.DOTALL)

# Function words that mark a language. Norwegian/English words count for us; the rest mark unsupported ones.
_OURS = set(
    "og i er det som på for med har jeg du vi kan ikke til av en et å hva hvor når hvem hvordan hvilken hvilke må skal "
    "eg ikkje kva kor korleis kven kvifor frå ho dei me vil får får blir vert lista liste fastlege fastlegen kommunen "
    "the is are what when how who which can does do of to for and in on a an my our with per doctor gp list "
    "agreement municipality".split()
)
_FOREIGN = set(
    "der die das und ist nicht ich wie viel wann wer welche mit auf für ein eine einen sind wird werden kann können "
    "muss hausarzt arzt vertrag gemeinde le la les est une des pour avec sont qui que quel quelle combien médecin "
    "el los las es una por con cuánto cuándo médico qué dónde".split()
)


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def detect_unsupported_language(text: str) -> bool:
    """True for text that is clearly neither Norwegian nor English (CJK, Cyrillic, Arabic, German, French ...)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    non_latin = sum(1 for c in letters if not unicodedata.name(c, "").startswith("LATIN"))
    if non_latin / len(letters) > 0.5:
        return True
    words = re.findall(r"[a-zA-ZæøåÆØÅäöüßéèàáíóúñ]+", text.lower())
    ours = sum(1 for w in words if w in _OURS)
    foreign = sum(1 for w in words if w in _FOREIGN)
    if any(c in text for c in "äöüß¿¡ñ") and ours <= foreign:
        return True
    return foreign >= 2 and foreign > ours


def check_input(raw: str | None) -> InputCheck:
    """Validate and clean one question. Never raises."""
    text = raw or ""
    notices: list[str] = []
    if len(text) > MAX_QUESTION_CHARS:
        cut = text[:MAX_QUESTION_CHARS]
        space = cut.rfind(" ")
        text = cut[:space] if space > MAX_QUESTION_CHARS * 0.8 else cut
        notices.append(TRUNCATED_NOTICE)
    if _TAG_RE.search(text):
        text = _TAG_RE.sub(" ", text)
        notices.append(MARKUP_NOTICE)
    text = html.unescape(text)
    if _INJECTION_RE.search(text):
        text = _INJECTION_RE.sub(" ", text)
        notices.append(INJECTION_NOTICE)
    text = re.sub(r"\s+", " ", text).strip()
    if not text and not (raw or "").strip():
        return InputCheck("empty", "", tuple(notices), EMPTY_REPLY)
    if _letters(text) < 2 and not re.search(r"\d", text):
        reply = ONLY_INSTRUCTIONS_REPLY if INJECTION_NOTICE in notices else NO_WORDS_REPLY
        return InputCheck("no_words", text, tuple(notices), reply)
    if detect_unsupported_language(text):
        return InputCheck("unsupported_language", text, tuple(notices), UNSUPPORTED_LANGUAGE_REPLY)
    return InputCheck("ok", text, tuple(notices))


# --- search terms -----------------------------------------------------------------------------------------

GLOSSARY_PATH = Path(__file__).with_name("glossary.tsv")
GLOSSARY_LANGUAGES = {"en": "English", "nn": "nynorsk"}


class GlossaryError(ValueError):
    """A line of the glossary file that cannot be read."""


def load_glossary(path: Path | str = GLOSSARY_PATH) -> dict[str, dict[str, str]]:
    """Read ``language<TAB>source phrase<TAB>bokmål`` lines into one dict per language ("en", "nn").

    Strict: a line with the wrong number of fields, an unknown language, an empty or upper-case source, an
    empty bokmål side or a source given twice for a language raises ``GlossaryError`` naming file and line."""
    path = Path(path)
    out: dict[str, dict[str, str]] = {lang: {} for lang in GLOSSARY_LANGUAGES}
    seen_at: dict[tuple[str, str], int] = {}
    with path.open(encoding="utf-8") as fh:
        for number, raw in enumerate(fh, start=1):
            line = raw.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue

            def fail(why: str) -> GlossaryError:
                return GlossaryError(f"{path}:{number}: {why}: {line!r}")

            fields = line.split("\t")
            if len(fields) != 3:
                raise fail(f"expected 3 tab-separated fields (language, source phrase, bokmål), found {len(fields)}")
            lang, source, nb = (f.strip() for f in fields)
            if lang not in GLOSSARY_LANGUAGES:
                raise fail(f"unknown language {lang!r} (use {' or '.join(GLOSSARY_LANGUAGES)})")
            if not source or not nb:
                raise fail("empty source phrase or bokmål translation")
            if source != source.lower() or re.search(r"\s{2,}", source):
                raise fail("source phrase must be lower case with single spaces")
            if (lang, source) in seen_at:
                raise fail(f"{source!r} already given for {lang} on line {seen_at[lang, source]}")
            seen_at[lang, source] = number
            out[lang][source] = nb
    return out


_GLOSSARY = load_glossary()
NYNORSK_TO_BOKMAAL: dict[str, str] = _GLOSSARY["nn"]
ENGLISH_TO_BOKMAAL: dict[str, str] = _GLOSSARY["en"]

# Domain synonyms appended to searches (the sources use the other name).
DOMAIN_SYNONYMS: dict[str, str] = {
    "statsavtalen": "ASA 4301", "statsavtale": "ASA 4301", "rammeavtalen": "ASA 4310", "rammeavtale": "ASA 4310",
    "asa 4301": "statsavtalen", "asa 4310": "rammeavtalen", "kommunestyret": "kommune vedtas",
    "sats": "kroner", "satsen": "kroner", "satsene": "kroner", "satser": "kroner", "beløp": "kroner",
    "pasienter": "listeinnbyggere", "pasient": "listeinnbygger", "pasientene": "listeinnbyggerne", "lista": "liste listeinnbyggere", "fastlegelista": "liste listeinnbyggere",
    "permisjon": "permisjon fravær", "fødsel": "fødselspermisjon svangerskap", "syke": "sykdom",
    "oppsigelsesfrist": "oppsigelse frist si opp", "oppsigelsesfristen": "oppsigelse frist si opp",
    "oppsigelsestid": "oppsigelse frist si opp", "oppsigelsestiden": "oppsigelse frist si opp",
    "sier opp": "oppsigelse", "si opp": "oppsigelse", "slutter": "oppsigelse fratre", "tvist": "tvister uenighet",
    "tvisten": "tvister uenighet", "uenig": "tvist uenighet", "klage": "klage tvist", "pris": "overdragelse vederlag",
    "anbefalte": "anbefaler oppfordrer", "anbefale": "anbefaler oppfordre", "anbefaler": "oppfordrer",
    "sammensatt": "representanter medlemmer består", "sammensetning": "representanter medlemmer",
    "sitter i": "medlem medlemmer", "sit i": "medlem medlemmer", "leder det": "leder", "leiar det": "leder",
    "selge": "overdragelse", "selger": "overdragelse", "kjøpe": "overdragelse", "hjemmel": "fastlegeavtale hjemmel",
    "lis1": "første del", "alis": "allmennlege i spesialisering",  # the report's begrepsliste
    "stengt": "lukket", "stenge": "lukke", "stenges": "lukkes", "stenger": "lukker", "av seg selv": "automatisk",
    "ut av kraft": "suspendert suspensjon", "full jobb": "fulltids heltid", "full stilling": "fulltids heltid",
    "fulltid": "fulltids heltid",
}

# A particle verb in a question is often a noun in the sources: "henge opp prisene" ~ "oppslag som viser prisene",
# "betales ut" ~ "utbetaling". Any form of the verb, the particle right after it (or, for opp/ut/ned, one word
# later: "betales basistilskuddet ut"), not before a number ("tar over 3 uker"). "fra", "av" and "over" are also
# prepositions ("statsavtalen fra 2022"), so they must follow the verb directly.
def _particle_pattern(verbs: str, particle: str) -> re.Pattern[str]:
    middle = r"( \w+)?" if particle in ("opp", "ut", "ned") else "()"
    return re.compile(rf"(?<!\w)(?:{verbs}){middle} {particle}(?!\w)(?!\s+\d)")


_PARTICLE_NOUNS: tuple[tuple[re.Pattern[str], str], ...] = tuple((_particle_pattern(verbs, particle), nouns)
    for verbs, particle, nouns in (
        ("henge|henger|hengt|hengte|henges|slå|slår|slått|slås", "opp", "oppslag"),
        ("betale|betaler|betalt|betales|betalte", "ut", "utbetaling"),
        ("lyse|lyser|lyst|lyses|lyste", "ut", "utlysning"),
        ("følge|følger|fulgt|følges|fulgte", "opp", "oppfølging"),
        ("legge|legger|lagt|legges|la", "ned", "nedleggelse"),
        ("ta|tar|tatt|tas|tok", "over", "overtakelse overta"),
        ("gå|går|gått|gikk", "av", "avgang fratre"),
        ("melde|melder|meldt|meldes|si|sier|sa", "fra", "varsel melding"),
        ("trekke|trekker|trukket|trekkes|trakk", "fra", "trekk fradrag"),
        ("sette|setter|satt|settes", "ned", "nedsatt nedsettelse reduksjon"),  # an utvalg, or a price
        ("sette|setter|satt|settes", "opp", "oppsett"),
        ("dele|deler|delt|deles", "opp", "oppdeling"),
    ))


def particle_nouns(text: str) -> tuple[str, list[str]]:
    """"må legekontoret henge opp prisene" → ("må legekontoret oppslag prisene", ["henge opp"]): the sources'
    noun in place of the particle verb (so the words a sentence must hold are the ones the sources use), and the
    verbs it replaced."""
    replaced: list[str] = []

    def noun(m: re.Match[str], nouns: str) -> str:
        middle = (m.group(1) or "").strip()
        replaced.append(m.group(0).replace(f" {middle} ", " ") if middle else m.group(0))
        return f"{middle} {nouns}".lstrip()

    for pattern, nouns in _PARTICLE_NOUNS:
        text = pattern.sub(lambda m, n=nouns: noun(m, n), text)
    return text, replaced


_ASCII_VARIANTS = [("aa", "å"), ("ae", "æ"), ("oe", "ø"), ("a", "å"), ("o", "ø"), ("a", "æ")]

# A word typed without æøå is restored when a spelling with them is far more common Norwegian (wordfreq): "paa" 3.5
# → "på" 7.2, "lonn" 1.6 → "lønn" 4.8, "far" 5.1 → "får" 6.3; "for" 7.2 stays (not "før" 6.2), "store" 5.8 stays.
RESTORE_GAIN = 1.0  # Zipf units the restored spelling must be more common by
RESTORE_MIN = 3.0  # and at least this common (once per million words)


def _variants(word: str, rounds: int = 3, limit: int = 400) -> set[str]:
    """``word`` with up to ``rounds`` of its ASCII spellings replaced by æøå ("aa" → "å", "oe" → "ø", "a" → "å" …)."""
    candidates = {word}
    for _ in range(rounds):
        new = set()
        for c in candidates:
            for src, dst in _ASCII_VARIANTS:
                i = c.find(src)
                while i != -1:
                    new.add(c[:i] + dst + c[i + len(src):])
                    i = c.find(src, i + 1)
        candidates |= new
        if len(candidates) > limit:
            break
    return candidates - {word}


@lru_cache(maxsize=8192)
def common_restoration(word: str) -> str | None:
    """The æøå spelling of ``word`` that general Norwegian text uses far more often, if any."""
    if re.search(r"[æøå\d]", word) or len(word) > 20:
        return None
    own = zipf(word, "nb")
    best = max(((zipf(v, "nb"), v) for v in _variants(word, limit=60)), default=(0.0, ""))
    return best[1] if best[0] >= RESTORE_MIN and best[0] - own >= RESTORE_GAIN else None


def _tokens(text: str) -> list[str]:
    return re.findall(r"[a-zæøåäöü0-9][a-zæøåäöü0-9\-]*", text.lower())


def restore_aeoeaa(word: str, vocabulary: Iterable[str] | set[str] | None = None) -> str | None:
    """"fravaersattest" → "fraværsattest" if that word is in the vocabulary (or a common word). None if unknown."""
    w = word.lower()
    vocab = vocabulary if vocabulary is None or isinstance(vocabulary, set) else set(vocabulary)
    if re.search(r"[æøå]", w) or (vocab and w in vocab):
        return None  # the corpus spells it so ("vare", "mal for epikrise")
    def from_corpus() -> str | None:  # the corpus's spelling, with the fewest substitutions
        for rounds in (1, 2, 3) if vocab else ():
            hits = sorted(c for c in _variants(w, rounds) if c in vocab)
            if hits:
                return hits[0]
        return None

    if len(w) <= 4:  # short words: general text first ("på", "når"); the corpus vocabulary has few of them
        return common_restoration(w) or from_corpus()
    return from_corpus() or common_restoration(w)


# Regular nynorsk → bokmål spelling differences, tried (one or two at a time) on words the corpus lacks.
_NYNORSK_RULES: tuple[tuple[str, str], ...] = (
    (r"skot", "skudd"), (r"eining", "ening"), (r"tenest", "tjenest"), (r"ar$", "er"), (r"ane$", "ene"),
    (r"an$", "en"), (r"å", "a"), (r"ei", "e"), (r"kj", "k"), (r"je", "e"), (r"o", "u"), (r"e$", "er"),
    (r"a$", "en"),  # the definite singular of feminine nouns: "legeforeninga" → "legeforeningen"
)


_NYNORSK_ENDINGS = ("ane", "ene", "ar", "et", "a")  # plural and definite endings on a glossary base form


# Endings on a glossary base form, with the bokmål ending put back and the shortest base: the definite and plural
# forms ("oppseiingstida" → the entry for "oppseiingstid"), then the compared adjective (nynorsk -are/-ast/-aste,
# bokmål -ere/-st/-ste: "tidlegast" → "tidligst").
_NYNORSK_FORMS = tuple((end, "", 5) for end in _NYNORSK_ENDINGS) + (("aste", "ste", 4), ("ast", "st", 4), ("are", "ere", 4))


def nynorsk_lookup(word: str) -> str | None:
    """The bokmål for a nynorsk glossary word, also in its definite or plural form ("oppseiingstida" →
    the entry for "oppseiingstid") or compared ("tidlegast" → "tidligst"); None if the glossary does not know it."""
    if word in NYNORSK_TO_BOKMAAL:
        return NYNORSK_TO_BOKMAAL[word]
    for end, nb_end, shortest in _NYNORSK_FORMS:
        base = word[: -len(end)]
        if word.endswith(end) and len(base) >= shortest and base in NYNORSK_TO_BOKMAAL and not (
                nb_end and " " in NYNORSK_TO_BOKMAAL[base]):
            return NYNORSK_TO_BOKMAAL[base] + nb_end
    return None


COMPOUND_PART = 3  # the shortest part of a compound read part by part


def compound_splits(word: str, links: tuple[str, ...] = ("s",),
                    shortest: int = COMPOUND_PART) -> Iterator[tuple[str, str, str]]:
    """Each reading of ``word`` as first part, linking letter ("" or one of ``links``) and last part, both parts at
    least ``shortest`` letters, shortest first part first: "sjukeheimsteneste" → …, ("sjukeheim", "s", "teneste")."""
    for i in range(shortest, len(word) - shortest + 1):
        first, last = word[:i], word[i:]
        yield first, "", last
        if first.endswith(links) and len(first) - 1 >= shortest:
            yield first[:-1], first[-1], last


def nynorsk_compound(word: str, vocabulary: set[str] | None) -> str | None:
    """A compound whose last part is a nynorsk glossary word, and whose first part is a corpus word or one too:
    "fastlegeheimel" → "fastlegehjemmel", "sjukeheimen" → "sykehjemmet", "takstbrotet" → "takstbruddet". The
    bokmål compound is taken when the corpus has it, or when it has both parts."""
    if not vocabulary or len(word) < 2 * COMPOUND_PART + 1 or word in vocabulary:
        return None
    for mod, link, last in compound_splits(word):
        head = nynorsk_lookup(last)
        mod_nb = nynorsk_lookup(mod) or mod
        if head is None or " " in head or " " in mod_nb:
            continue
        joined = mod_nb + link + head
        if joined in vocabulary or (mod_nb in vocabulary and head in vocabulary):
            return joined
    return None


def nynorsk_variant(word: str, vocabulary: set[str] | None) -> str | None:
    """"basistilskotet" → "basistilskuddet", "dagar" → "dager" when the bokmål form is in the corpus vocabulary."""
    w = word.lower()
    if not vocabulary or len(w) < 4 or w in vocabulary:
        return None
    seen = {w}
    frontier = [w]
    for _ in range(2):
        nxt = []
        for c in frontier:
            for pat, rep in _NYNORSK_RULES:
                v = re.sub(pat, rep, c, count=1)
                if v not in seen:
                    if v in vocabulary:
                        return v
                    seen.add(v)
                    nxt.append(v)
        frontier = nxt
    return None


# Common bokmål/nynorsk words that are also English glossary keys ("for", "by", "time", "full", "side", "men").
# In a question that is not English they keep their Norwegian meaning.
_NORWEGIAN_WORDS = frozenset(
    "for by hold time full bare side mange kan men leie leige sa se ser så dag dager år også om fra til med mot ved "
    "under over etter før innen mellom uten alle ingen hver begge mer mindre lite stor små ny nye plan data team "
    "rett tid liste lister plass fast lang kort god lav høy sent tidlig nord sør vest øst fire tre to en et ei "
    "kurs kontor praksis pris risiko vakt rest bare mål region regioner modell".split()
) | frozenset(_OURS) | frozenset(NYNORSK_TO_BOKMAAL) | frozenset(
    w for v in NYNORSK_TO_BOKMAAL.values() for w in v.split())

_ENGLISH_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(re.escape(k) for k in sorted(ENGLISH_TO_BOKMAAL, key=lambda k: (-len(k), k))) + r")(?!\w)")


def _english_applies(phrase: str, english: bool, vocabulary: set[str] | None) -> bool:
    """Translate an English glossary phrase? Always in an English question; in any other question only when
    none of its words is a Norwegian word (so "for", "time", "mange" in a bokmål question stay bokmål)."""
    if english:
        return True
    return not any(w in _NORWEGIAN_WORDS or (vocabulary is not None and w in vocabulary)
                   for w in re.findall(r"[a-zæøå0-9]+", phrase))


def translate_english(text: str, english: bool, vocabulary: set[str] | None = None) -> str:
    """Replace English glossary phrases in ``text`` in place by their bokmål forms (longest first), matched in lower
    case; the rest keeps its capitals: "the Medical Association in Bergen" → "the legeforeningen in Bergen" (a body
    named in English is the Norwegian one, not a name the sources lack)."""
    low = text.lower()
    if len(low) != len(text):
        return text
    out, last = [], 0
    for m in _ENGLISH_RE.finditer(low):
        if _english_applies(m.group(0), english, vocabulary):
            out += [text[last:m.start()], ENGLISH_TO_BOKMAAL[m.group(0)]]  # lower case: it names no place or person
            last = m.end()
    return "".join(out) + text[last:]


def search_text(question: str, vocabulary: set[str] | None = None) -> str:
    """The question plus bokmål terms for nynorsk/English words and restored æøå (appended, never replacing)."""
    lowered = question.lower()
    english = is_english(question)
    has_aeoeaa = _types_aeoeaa(question)
    extra: list[str] = []
    for m in _ENGLISH_RE.finditer(lowered):
        if " " in m.group(0) and _english_applies(m.group(0), english, vocabulary):
            extra.append(ENGLISH_TO_BOKMAAL[m.group(0)])
    canon = canonical_text(question, vocabulary)
    for phrase, nb in DOMAIN_SYNONYMS.items():
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", canon):
            extra.append(nb)
    for tok in _tokens(question):
        if english and tok in ENGLISH_TO_BOKMAAL:
            extra.append(ENGLISH_TO_BOKMAAL[tok])
        elif (nn := nynorsk_lookup(tok)) and nn != tok:
            extra.append(nn)
        elif tok in ENGLISH_TO_BOKMAAL and _english_applies(tok, english, vocabulary):
            extra.append(ENGLISH_TO_BOKMAAL[tok])
        else:
            restored = (None if has_aeoeaa else restore_aeoeaa(tok, vocabulary)) or nynorsk_variant(tok, vocabulary)
            if restored and restored not in STOPWORDS:  # "på", "å", "så" add nothing to match
                extra.append(restored)
    if not extra:
        return question
    seen: list[str] = []
    for e in extra:
        if e not in seen:
            seen.append(e)
    return question + " (" + " ".join(seen) + ")"


def scoring_text(question: str, vocabulary: set[str] | None = None) -> str:
    """Terms used to score sentences: the question with nynorsk/English/æøå-less words replaced in place by
    their bokmål forms, plus synonyms."""
    expanded = search_text(question, vocabulary)
    extra = expanded[len(question):]
    canon = translate_english(canonical_text(question, vocabulary), is_english(question), vocabulary)
    canon, verbs = particle_nouns(canon)
    if extra and re.search(r"\b(?:the|is|what|how|does|can|of)\b", question.lower()):
        # an English word the glossary does not know cannot match the Norwegian text: it only dilutes the score
        # A word the sources themselves use ("part", "liste") is kept: it matches as it is. A dropped word's
        # punctuation stays: the comma after a fronted clause marks where the question starts.
        known = set(re.findall(r"[\wæøå-]+", extra))

        def keep(core: str) -> bool:
            return (core in known or not re.fullmatch(r"[a-z']+", core) or core in _OURS
                    or (vocabulary is not None and len(core) >= 4 and core in vocabulary
                        and not _ENGLISH_FUNCTION_RE.fullmatch(core)))

        canon = " ".join(w if keep(core := w.strip(".,;:!?«»\"()'")) else w[len(w.rstrip(".,;:!?")):]
                         for w in canon.split())
        canon = re.sub(r"\s+([,;:.!?])", r"\1", re.sub(r"\s{2,}", " ", canon)).strip()
    if verbs:  # the question's own verb still counts, as a synonym
        extra = f"{extra[:-1]} {' '.join(verbs)})" if extra else f" ({' '.join(verbs)})"
    return canon + extra


def _types_aeoeaa(question: str) -> bool:
    """A question with æ, ø or å in it was typed on a keyboard that has them: its "sa" is "sa", not "så"."""
    return bool(re.search(r"[æøåÆØÅ]", question))


def retrieval_text(question: str, vocabulary: set[str] | None = None) -> str:
    """What the retriever searches for: the question with nynorsk words, English words and words typed
    without æøå replaced in place by their bokmål forms. No synonyms are added: extra terms dilute BM25
    (dev set: MRR 0.80 with in-place replacement vs 0.78 with the appended synonyms of ``search_text``)."""
    english = is_english(question)
    canon = translate_english(canonical_text(question, vocabulary), english, vocabulary)
    if _PROPOSAL_RE.search(canon) and "anbefal" not in canon:
        canon += " anbefaler"  # the report states its proposals as "Ekspertutvalget anbefaler …"
    if english:  # drop the English question's leftover glue words
        canon = re.sub(r"(?<![\w-])and(?![\w-])", "og", re.sub(r"(?<![\w-])or(?![\w-])", "eller", canon))
        canon = re.sub(r"\s{2,}", " ", _ENGLISH_FUNCTION_RE.sub("", canon)).strip()
    return canon


# A proposal question, or one asking whether a rule will change ("…, og vil det endres?"): the answer is in the
# report's recommendations.
_PROPOSAL_RE = re.compile(r"\b(?:foreslå\w*|forslag\w*|propos\w*|recommend\w*)"
                          r"|\bvil (?:det|dette|den|reglene|regelen|kravet) (?:bli )?endres\b|\bendres det\b"
                          r"|\bkommer (?:det|dette) (?:til å bli )?endring\w*")
_ENGLISH_FUNCTION_RE = re.compile(
    r"(?<![\w-])(?:the|a|an|is|are|was|were|be|been|does|do|did|there|this|that|these|those|it|its|of|in|on|at|to|"
    r"into|by|with|about|after|before|from|take|takes|get|gets|if|then|than|my|our|your|their|i|we|you|can|"
    r"they|he|she|me|us|them|would|should|could|will|shall|may|might|must|have|has|had|itself)(?![\w-])")


def canonical_text(question: str, vocabulary: set[str] | None = None, keep_case: bool = False) -> str:
    """Lower-case question with nynorsk words and æøå-less words replaced in place (for routing rules);
    ``keep_case``: a word typed with a capital keeps it ("Legeforeininga" → "Legeforeningen")."""
    out = []
    has_aeoeaa = _types_aeoeaa(question)
    english = is_english(question)
    lowered = question.lower()
    if keep_case and len(lowered) != len(question):
        return question  # lower-casing changed the length ("İ"): the words cannot be matched up
    typed = re.split(r"(\W+)", question) if keep_case else None
    for n, tok in enumerate(re.split(r"(\W+)", lowered)):
        if tok and re.fullmatch(r"[a-zæøå0-9\-]+", tok):
            if typed is not None and typed[n][:1].isupper():
                # a name keeps its spelling ("Anna", "Bergen"); one general text does not know is read in bokmål
                word = _canonical_word(tok, vocabulary, has_aeoeaa, english) if zipf(tok, "nb") < NAME_ZIPF else tok
                out.append(typed[n] if word == tok else word.capitalize())
                continue
            tok = _canonical_word(tok, vocabulary, has_aeoeaa, english)  # an English word of an English question
            # stays: translated (or dropped) by the callers
        out.append(tok)
    return "".join(out)


NAME_ZIPF = 2.0  # a capitalised word at least this common in general Norwegian is a name as typed ("Anna" 4.6)


ENGLISH_WORD_ZIPF = 3.0  # in an English question, a word this common in English (and more so than in bokmål) is English


def _english_word(tok: str) -> bool:
    """"office", "no", "far", "vat": English words, not bokmål typed without æøå ("våt") or a variant ("officer")."""
    common = zipf(tok, "en")
    return common >= ENGLISH_WORD_ZIPF and common > zipf(tok, "nb")


def _canonical_word(tok: str, vocabulary: set[str] | None, has_aeoeaa: bool, english: bool) -> str:
    if english and (tok in ENGLISH_TO_BOKMAAL or ENGLISH_MARKERS.fullmatch(tok) or _english_word(tok)):
        return tok
    if nn := nynorsk_lookup(tok):
        return nn
    restored = None if has_aeoeaa else restore_aeoeaa(tok, vocabulary)
    return (restored or nynorsk_variant(tok, vocabulary) or nynorsk_compound(tok, vocabulary)
            or (None if english else correct_spelling(tok, vocabulary)) or tok)


class Vocabulary(set):
    """The corpus's lower-case words (a set) and how often each occurs (``counts``)."""

    def __init__(self, counts: dict[str, int]) -> None:
        super().__init__(counts)
        self.counts = counts
        self.corrections: dict[str, str | None] = {}  # ``correct_spelling``'s answers, asked many times per question


def build_vocabulary(texts: Iterable[str]) -> Vocabulary:
    """Lower-case words of the corpus with their counts, used to restore æøå and to correct typing errors."""
    counts: dict[str, int] = {}
    for t in texts:
        for w in re.findall(r"[a-zæøå]{3,}", t.lower()):
            counts[w] = counts.get(w, 0) + 1
    return Vocabulary(counts)


SPELL_MIN_LEN = 6  # shorter words have too many neighbours one edit away
KNOWN_WORD_ZIPF = 1.5  # a word this common in general Norwegian (wordfreq) is a word, not a typing error
_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"


def correct_spelling(word: str, vocabulary: set[str] | None) -> str | None:
    """A word the corpus does not have, one typing error (a letter left out, added, changed, or two swapped) away
    from one it has, with the same first letter: "fastlgen" → "fastlegen", "basistilskudet" → "basistilskuddet".
    The most frequent such word (``Vocabulary.counts``); None when there is none or the word is known."""
    w = word.lower()
    if not vocabulary or len(w) < SPELL_MIN_LEN or not w.isalpha() or w in vocabulary:
        return None
    cache = getattr(vocabulary, "corrections", None)
    if cache is not None and w in cache:
        return cache[w]
    found = _nearest_known(w, vocabulary)
    if cache is not None:
        cache[w] = found
    return found


def _one_edit(w: str) -> set[str]:
    """The words one typing error from ``w`` (a letter left out, added, changed, or two swapped), first letter kept."""
    splits = [(w[:i], w[i:]) for i in range(1, len(w) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    edits |= {a + c + b for a, b in splits for c in _LETTERS}
    edits.discard(w)
    return edits


TYPO_MIN_LEN = 5  # a word this long one typing error from a corpus word may be that word mistyped


def near_known(word: str, vocabulary: set[str] | None) -> bool:
    """The corpus has a word one typing error from ``word`` ("senst" ~ "senest"), however common ``word`` is."""
    w = word.lower()
    return bool(vocabulary) and len(w) >= TYPO_MIN_LEN and any(e in vocabulary for e in _one_edit(w))


def _nearest_known(w: str, vocabulary: set[str]) -> str | None:
    if zipf(w, "nb") >= KNOWN_WORD_ZIPF:
        return None  # a Norwegian word the corpus happens not to use ("kjører" is not "kjøper")
    hits = [e for e in _one_edit(w) if e in vocabulary]
    if not hits:
        return None
    counts = getattr(vocabulary, "counts", {})
    return max(sorted(hits), key=lambda e: counts.get(e, 0))
