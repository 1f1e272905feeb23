"""Find dates and months in a question: "3. mars 2025", "03.03.2025", "3/3-25", "1 nov 2025",
"March 3, 2025", "2025-03-03", "i dag", "mars 2025", "nyttårsaften 2025". Bokmål, nynorsk and English. Pure functions.

A date without a year takes the year of ``today``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS: dict[str, int] = {
    "januar": 1, "january": 1, "jan": 1,
    "februar": 2, "february": 2, "feb": 2,
    "mars": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}
MONTH_NAMES_NB = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
                  "oktober", "november", "desember"]

_M = r"(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_Y = r"(\d{4}|'\d{2})"

_PATTERNS: list[tuple[str, str]] = [
    ("iso", r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)"),
    ("dmy_num", r"(?<![\d.,])(\d{1,2})[./](\d{1,2})[./](\d{4}|\d{2})(?![\d.,]\d)"),
    ("dm_dash_y", r"(?<![\d.,])(\d{1,2})/(\d{1,2})-(\d{4}|\d{2})(?!\d)"),
    ("d_month_y", r"(?<![\w.])(\d{1,2})(?:st|nd|rd|th)?\.?\s*(?:of\s+)?" + _M + r"(?:,?\s+" + _Y + r")?(?![\w])"),
    ("d_i_m", r"(?<![\w.,])(\d{1,2})\.\s*i\s+(\d{1,2})\.(?:\s*(?:i\s+år\s*)?\(?(\d{4})\)?)?(?![\d.,]\d)"),  # "den 30. i 1." (spoken)
    ("month_d_y", r"(?<![\w])" + _M + r"\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+" + _Y + r")?(?![\w])"),
    # days named by the calendar: "nyttårsaften 2025", "fra nyttår 2027", "christmas eve"
    ("named", r"(?<!\w)(nyttårsaft[ae]n|new\s+year'?s\s+eve|nyttår(?:sdag(?:en)?)?|new\s+year(?:'?s(?:\s+day)?)?|"
              r"julaft[ae]n|christmas\s+eve|(?:1\.|første)\s*juledag|christmas\s+day)(?:\s+(\d{4}))?(?!\w)"),
]
_NAMED_DAYS = (("nyttårsaft", 12, 31), ("new year's eve", 12, 31), ("new years eve", 12, 31), ("nyttår", 1, 1),
               ("new year", 1, 1), ("julaft", 12, 24), ("christmas eve", 12, 24), ("1. juledag", 12, 25),
               ("1.juledag", 12, 25), ("første juledag", 12, 25), ("christmas day", 12, 25))
_TIME_PREPOSITION = re.compile(r"(?<!\w)(?:fra|frå|etter|før|til|ved|innen|over|from|after|before|by|until|at|på|i)\s+$",
                               re.IGNORECASE)
_RELATIVE = {
    "i dag": 0, "idag": 0, "today": 0, "i morgen": 1, "i morgon": 1, "tomorrow": 1, "i går": -1, "i gar": -1,
    "yesterday": -1,
}


@dataclass(frozen=True)
class DateMention:
    value: date
    start: int
    end: int
    raw: str
    has_year: bool = True


def _year(raw: str | None, today: date) -> int:
    if not raw:
        return today.year
    raw = raw.lstrip("'")
    y = int(raw)
    return 2000 + y if y < 100 else y


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _ymd(kind: str, m: re.Match[str], today: date) -> tuple[int, int, int, bool]:
    """Year, month, day and whether a year was written, as pattern ``kind`` reads match ``m``."""
    if kind == "iso":
        return int(m.group(1)), int(m.group(2)), int(m.group(3)), True
    if kind in ("d_i_m", "dmy_num", "dm_dash_y"):
        return _year(m.group(3), today), int(m.group(2)), int(m.group(1)), kind != "d_i_m" or bool(m.group(3))
    if kind == "named":  # without a year: this year's day, but the coming new year ("fra nyttår")
        name = re.sub(r"\s+", " ", m.group(1).lower())
        mo, d = next((mo, d) for key, mo, d in _NAMED_DAYS if name.startswith(key))
        year = int(m.group(2)) if m.group(2) else today.year + (1 if (mo, d) == (1, 1) else 0)
        return year, mo, d, bool(m.group(2))
    if kind == "d_month_y":
        return _year(m.group(3), today), MONTHS[m.group(2).lower()], int(m.group(1)), bool(m.group(3))
    return _year(m.group(3), today), MONTHS[m.group(1).lower()], int(m.group(2)), bool(m.group(3))  # month_d_y


def impossible_dates(text: str, today: date) -> list[str]:
    """Dates written in ``text`` that no calendar has ("31.02.2025", "30. februar"), as written."""
    out: list[str] = []
    for kind, pat in _PATTERNS:
        for m in re.finditer(pat, text, re.IGNORECASE):
            y, mo, d, _ = _ymd(kind, m, today)
            if 1 <= mo <= 12 and 1 <= d <= 31 and _safe_date(y, mo, d) is None and m.group(0) not in out:
                out.append(m.group(0).strip())
    return out


def find_dates(text: str, today: date, relative: bool = True) -> list[DateMention]:
    """All dates in ``text``, in order of appearance, without overlaps."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def add(value: date | None, m: re.Match[str], has_year: bool = True) -> None:
        if value is None or any(m.start() < e and s < m.end() for s, e in taken):
            return
        taken.append((m.start(), m.end()))
        found.append(DateMention(value, m.start(), m.end(), m.group(0), has_year))

    for kind, pat in _PATTERNS:
        for m in re.finditer(pat, text, re.IGNORECASE):
            y, mo, d, has_year = _ymd(kind, m, today)
            if kind == "named" and not has_year and not _TIME_PREPOSITION.search(text[:m.start()]):
                continue  # "Godt nyttår!" is a greeting; "fra nyttår" a date
            add(_safe_date(y, mo, d), m, has_year)
    if relative:
        written = list(found)
        for phrase, delta in _RELATIVE.items():
            for m in re.finditer(rf"(?<!\w){phrase}(?!\w)", text, re.IGNORECASE):
                if _named_by(text, m, written) is not None:
                    continue  # "i dag, 5. desember 2025", "4.3.2026 (today)": the word only names the date beside it
                add(today + timedelta(days=delta), m)
        for m in _WEEKDAY_RE.finditer(text):
            dm = _DAY_OF_MONTH_RE.match(text, m.end())
            if _dated(text, m) and dm is None:
                continue  # "fredag 7. november 2025": the weekday only names the date beside it
            if dm is not None:
                # "Friday the 23rd", "fredag den 23.": that day in the month of the date written before it
                anchor = max((d.value for d in written if d.end <= m.start()), default=today)
                value = _safe_date(anchor.year, anchor.month, int(dm.group(1)))
                if value is not None and value < anchor:
                    nxt = date(anchor.year + anchor.month // 12, anchor.month % 12 + 1, 1)
                    value = _safe_date(nxt.year, nxt.month, int(dm.group(1)))
                if value is not None and not any(m.start() < e and s < dm.end() for s, e in taken):
                    taken.append((m.start(), dm.end()))
                    found.append(DateMention(value, m.start(), dm.end(), text[m.start():dm.end()], True))
                continue
            add(_weekday_date(text, m, today), m)
    return sorted(found, key=lambda d: d.start)


WEEKDAYS = {"mandag": 0, "måndag": 0, "monday": 0, "tirsdag": 1, "tysdag": 1, "tuesday": 1, "onsdag": 2,
            "wednesday": 2, "torsdag": 3, "thursday": 3, "fredag": 4, "friday": 4, "lørdag": 5, "laurdag": 5,
            "lordag": 5, "saturday": 5, "søndag": 6, "sundag": 6, "sondag": 6, "sunday": 6}
_WEEK_WORDS = {  # which week a weekday is in, relative to today's week
    -1: r"(?:i\s+)?(?:forrige|førre|forre|sist(?:e)?)\s+(?:uke|veke|uka|veka)|last\s+week",
    0: r"(?:denne|i\s+denne)\s+(?:uka|veka|uken)|this\s+week",
    1: r"(?:i\s+)?neste\s+(?:uke|veke|uka|veka)|next\s+week",
}
_WEEKDAY_RE = re.compile(
    r"(?<!\w)(?:(?P<before>forrige|førre|sist(?:e)?|last|neste|next|this|kommende|komande)\s+)?"
    r"(?P<day>" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")"
    r"(?:\s+(?P<after>" + "|".join(_WEEK_WORDS.values()) + r"))?(?!\w)", re.IGNORECASE)
# Verbs in the past tense before an unqualified weekday: "fikk tilbudet på mandag" is the last Monday.
_PAST_RE = re.compile(r"(?<!\w)(?:fikk|fekk|kom|mottok|mottatt|motteke|ble|vart|blei|sa|sende|sendte|leverte|"
                      r"gikk|var|hadde|got|received|was|were|came|sent|gave|handed|did|had)(?!\w)", re.IGNORECASE)


def _named_by(text: str, m: re.Match[str], written: list[DateMention]) -> DateMention | None:
    """The written date a relative date word stands beside as its apposition ("i dag, 5. desember 2025",
    "i dag den 1. mars", "4.3.2026 (i dag)"), if any. Not after "fra"/"from": "fra i dag - 31. desember" is a range."""
    if re.search(r"(?:\bfra|\bfrå|\bfrom|\bsince|\bsiden)\s+$", text[:m.start()], re.IGNORECASE):
        return None
    after = next((d for d in written if d.start >= m.end()
                  and re.fullmatch(r"\s*[,(]\s*(?:den\s+|the\s+)?|\s+(?:den|the)\s+", text[m.end():d.start])), None)
    before = next((d for d in written if d.end <= m.start() and re.fullmatch(r"\s*\(\s*", text[d.end:m.start()])
                   and text[m.end():m.end() + 3].strip().startswith(")")), None)
    return after or before


def named_today(text: str, today: date) -> date | None:
    """The written date that a word for today stands beside ("i dag, 5. desember 2025"), if any."""
    written = find_dates(text, today, relative=False)
    for phrase in (p for p, delta in _RELATIVE.items() if delta == 0):
        for m in re.finditer(rf"(?<!\w){phrase}(?!\w)", text, re.IGNORECASE):
            if (d := _named_by(text, m, written)) is not None:
                return d.value
    return None


# a day of the month after a weekday, with no month written: "Friday the 23rd", "fredag den 23."
_DAY_OF_MONTH_RE = re.compile(r"[\s,]+(?:the\s+|den\s+)?(\d{1,2})(?:st|nd|rd|th|\.(?!\s*\d))(?!\s*(?:"
                              + "|".join(MONTHS) + r")\b)(?!\w)", re.IGNORECASE)


def _dated(text: str, m: re.Match[str]) -> bool:
    """The weekday stands right next to a written date ("fredag 7. november", "7.11. (fredag)")."""
    after, before = text[m.end():m.end() + 16], text[max(0, m.start() - 16):m.start()]
    return bool(re.match(r"[\s,(]*(?:den\s+)?\d", after) or re.search(r"\d[.)]?[\s,(]*$", before))


def _weekday_date(text: str, m: re.Match[str], today: date) -> date:
    """The date a weekday names, seen from ``today``: in the week its words say ("mandag denne uka",
    "last Monday", "neste fredag"), else the last one (past tense before it) or the next one (otherwise)."""
    day = WEEKDAYS[m.group("day").lower()]
    monday = today - timedelta(days=today.weekday())
    word = (m.group("before") or "").lower()
    after = (m.group("after") or "").lower()
    for shift, pat in _WEEK_WORDS.items():
        if after and re.fullmatch(pat, after, re.IGNORECASE):
            return monday + timedelta(days=7 * shift + day)
    if word in ("forrige", "førre", "sist", "siste", "last"):
        back = (today.weekday() - day) % 7 or 7
        return today - timedelta(days=back)
    if word in ("neste", "next", "kommende", "komande"):
        ahead = (day - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    if word == "this":
        return monday + timedelta(days=day)
    if _PAST_RE.search(text[max(0, m.start() - 60):m.start()]):
        return today - timedelta(days=(today.weekday() - day) % 7)
    return today + timedelta(days=(day - today.weekday()) % 7)


def find_months(text: str, today: date) -> list[tuple[int, int]]:
    """Months named without a day: "mars 2025", "for mars", "March 2025" → [(2025, 3)]."""
    day_spans = [(d.start, d.end) for d in find_dates(text, today, relative=False)]
    months: list[tuple[int, int]] = []
    for m in re.finditer(r"(?<![\w.])" + _M + r"(?:\s+" + _Y + r")?(?!\w)", text, re.IGNORECASE):
        if any(m.start() < e and s < m.end() for s, e in day_spans):
            continue
        name = m.group(1).lower()
        if name in ("mar", "may", "mai", "des", "jan") and not m.group(2):
            # short forms that are also ordinary words ("mai" is fine with a year)
            if name not in ("mai",):
                continue
        months.append((_year(m.group(2), today), MONTHS[name]))
    return months


def format_date_nb(d: date) -> str:
    """2025-04-07 → "7. april 2025"."""
    return f"{d.day}. {MONTH_NAMES_NB[d.month - 1]} {d.year}"
