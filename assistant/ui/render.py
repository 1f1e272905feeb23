"""Pure rendering helpers for the web page: escaping, quote highlighting, badges, calc card rows.

Nothing here imports Streamlit or touches files; every function takes plain values (the
``to_dict()`` shapes from ``assistant.types``) and returns strings or rows, so it is tested
without a browser. The only HTML the page ever renders comes from ``highlight_quote_html``
and ``badge_html``: they escape every piece of user or corpus text before adding our markup.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from assistant.calc.labels import INPUT_LABELS, TOOL_TITLES, VALUE_NAMES, label_for, tool_title

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&])")
_SECTION_NUMBER = re.compile(r"^\d+(\.\d+)*\.?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Our own markup: class names styled by PAGE_CSS.
PAGE_CSS = """
<style>
.src-meta { font-size: 0.85rem; margin-bottom: 0.35rem; overflow-wrap: anywhere; }
.src-passage { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 0.9rem; line-height: 1.45;
  background: rgba(128,128,128,0.07); padding: 0.5rem 0.75rem; border-radius: 0.4rem;
  max-height: 22rem; overflow-y: auto; }
.src-passage mark.src-quote { background: #ffe880; color: inherit; padding: 0 0.1em; border-radius: 0.15em; }
.src-missing { font-size: 0.8rem; opacity: 0.75; }
details.src { border: 1px solid rgba(49,51,63,0.2); border-radius: 0.5rem; padding: 0.45rem 0.75rem;
  margin-bottom: 0.5rem; }
details.src > summary { cursor: pointer; overflow-wrap: anywhere; }
details.src[open] > summary { margin-bottom: 0.4rem; }
.badge { display: inline-block; padding: 0.05rem 0.55rem; border-radius: 1rem; font-size: 0.78rem;
  font-weight: 600; white-space: nowrap; }
.badge-gjeldende { background: #d5f3dc; color: #0f5c27; }
.badge-historisk { background: #fde3cf; color: #853700; }
.badge-kommende { background: #dbe7ff; color: #1f3f8a; }
.badge-ukjent { background: #e7e7ee; color: #3b3b46; }
/* No motion: Streamlit fades every element of the page while a run is going and animates its
   status widget; each tab then repaints the whole page many times per answer (issue 14, item 17). */
*, *::before, *::after { animation: none !important; transition: none !important; }
@media (max-width: 640px) {
  .src-passage { font-size: 0.85rem; max-height: 16rem; }
  [data-testid="stMainBlockContainer"] { padding-top: 2.5rem; padding-left: 0.75rem; padding-right: 0.75rem; }
  [data-testid="stMainBlockContainer"] h1 { font-size: 1.75rem; }
}
</style>
"""


def escape_html(text: object) -> str:
    """HTML-escape any text (quotes included) so it can only ever show as text."""
    return html.escape("" if text is None else str(text), quote=True)


def escape_markdown(text: object) -> str:
    """Backslash-escape Markdown/HTML syntax so Streamlit's Markdown shows the text literally.

    ``<script>`` becomes ``\\<script\\>`` (shown as ``<script>``), ``*`` stays a star, ``$`` does
    not start LaTeX, ``:red[...]`` does not colour text. Line breaks are kept as Markdown
    hard breaks.
    """
    s = "" if text is None else str(text)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    return s.replace("\r\n", "\n").replace("\n", "  \n")


def format_date_no(value: date | datetime | str | None) -> str:
    """``date(2025, 7, 1)`` or ``"2025-07-01"`` → ``"01.07.2025"``; other strings unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    s = str(value)
    if _ISO_DATE.match(s):
        y, m, d = s.split("-")
        return f"{d}.{m}.{y}"
    return s


def format_value(value: Any) -> str:
    """Norwegian display of a calculator value: 1 500, 56 250,00, ja/nei, 01.07.2025."""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if value is None:
        return "–"
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0")
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1000:
            return f"{int(value):,}".replace(",", "\u00a0")
        return f"{value:,.2f}".replace(",", "\u00a0").replace(".", ",")
    if isinstance(value, (date, datetime)):
        return format_date_no(value)
    if isinstance(value, str):
        return format_date_no(value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {format_value(v)}" for k, v in value.items())
    if isinstance(value, Sequence):
        return "; ".join(format_value(v) for v in value)
    return str(value)


def display_value(value: Any) -> str:
    """``format_value`` with internal codes (``overdragelse_pris``) shown by their Norwegian names."""
    if isinstance(value, str) and value in VALUE_NAMES:
        return VALUE_NAMES[value]
    return format_value(value)


def has_label(key: str) -> bool:
    return key in INPUT_LABELS


# ---------------------------------------------------------------- citations


def find_quote(passage: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` occurs in ``passage``, ignoring differences in whitespace and case.

    Quotes are verbatim from the cleaned text, but a passage may wrap lines differently;
    returns ``(start, end)`` offsets into ``passage`` or None when the quote is not there.
    """
    words = quote.split()
    if not words or not passage:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, passage, flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def highlight_quote_html(passage: str, quote: str, context_chars: int = 600) -> str:
    """The passage as escaped HTML with the quoted sentence inside ``<mark class="src-quote">``.

    A long passage is cut to ``context_chars`` on each side of the quote (marked with "…") so the
    quote is always in view. When the passage is empty the quote itself is shown (highlighted);
    when the quote is not found, the passage is shown unhighlighted followed by the quote.
    """
    passage = passage or ""
    quote = (quote or "").strip()
    if not passage.strip():
        body = f'<mark class="src-quote">{escape_html(quote)}</mark>' if quote else ""
        return f'<div class="src-passage">{body}</div>'
    span = find_quote(passage, quote) if quote else None
    if span is None:
        body = escape_html(passage)
        extra = (
            f'<div class="src-missing">Sitat: <mark class="src-quote">{escape_html(quote)}</mark></div>' if quote else ""
        )
        return _one_line(f'<div class="src-passage">{body}</div>{extra}')
    s, e = span
    lo, hi = _context_window(passage, s, e, context_chars)
    body = (
        ("… " if lo > 0 else "")
        + escape_html(passage[lo:s])
        + f'<mark class="src-quote">{escape_html(passage[s:e])}</mark>'
        + escape_html(passage[e:hi])
        + (" …" if hi < len(passage) else "")
    )
    return _one_line(f'<div class="src-passage">{body}</div>')


def _context_window(text: str, start: int, end: int, context: int) -> tuple[int, int]:
    """Offsets ``context`` characters around [start, end), widened to whole words."""
    lo = max(0, start - context)
    hi = min(len(text), end + context)
    if lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space != -1 else lo
    if hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space != -1 else hi
    return lo, hi


def _one_line(markup: str) -> str:
    """Keep our HTML on one line: Markdown then cannot end the HTML block at a blank line.

    Line breaks become ``&#10;`` (still shown as breaks by ``white-space: pre-wrap``).
    """
    return markup.replace("\r\n", "\n").replace("\n", "&#10;")


@dataclass(frozen=True)
class Badge:
    label: str  # "gjeldende", "historisk (gjaldt til 30.06.2023)" ...
    kind: str  # gjeldende | historisk | kommende | ukjent
    color: str  # Streamlit badge colour for Markdown labels


def _as_date(value: date | str | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def validity_badge(citation: Mapping[str, Any], today: date | None = None) -> Badge:
    """"gjeldende" / "historisk (gjaldt til …)" / "gjelder fra …" / "uten gyldighetsperiode".

    Uses the citation's own ``in_force`` (decided by the answer for the date asked about);
    computes it from ``valid_from``/``valid_to`` and ``today`` only when that is missing.
    """
    valid_from = _as_date(citation.get("valid_from"))
    valid_to = _as_date(citation.get("valid_to"))
    in_force = citation.get("in_force")
    if in_force is None and today is not None and (valid_from or valid_to):
        in_force = not ((valid_from and today < valid_from) or (valid_to and today > valid_to))
    if in_force is True:
        return Badge("gjeldende", "gjeldende", "green")
    if in_force is False:
        if valid_from and today and today < valid_from:
            return Badge(f"gjelder fra {format_date_no(valid_from)}", "kommende", "blue")
        if valid_to:
            return Badge(f"historisk (gjaldt til {format_date_no(valid_to)})", "historisk", "orange")
        return Badge("historisk", "historisk", "orange")
    return Badge("uten gyldighetsperiode", "ukjent", "gray")


def badge_html(badge: Badge) -> str:
    return f'<span class="badge badge-{escape_html(badge.kind)}">{escape_html(badge.label)}</span>'


def section_label(section: str, kind: str = "") -> str:
    """"5.6" → "pkt. 5.6"; "Vedlegg II" stays as it is.

    Every document uses "pkt." (a report too): the answer text names its sources the same way,
    so a source has one name in the text, in the list and in the export. ``kind`` is kept for
    callers that pass it.
    """
    section = (section or "").strip()
    if not section:
        return ""
    if _SECTION_NUMBER.match(section):
        return f"pkt. {section.rstrip('.')}"
    return section


_SOURCES_FOOTER = re.compile(r"\n*\s*Kilder: \[\d+\][^\n]*\s*$")


def answer_paragraphs(text: str, has_citations: bool) -> list[str]:
    """The answer text as paragraphs: one per line, without the trailing "Kilder: [1] …" line.

    The page lists the sources once (as expanders under the answer); the answer keeps its
    markers [1], [2]. Each quoted statement is its own paragraph instead of lines run together.
    """
    text = (text or "").replace("\r\n", "\n")
    if has_citations:
        text = _SOURCES_FOOTER.sub("", text)
    return [line.strip() for line in text.split("\n") if line.strip()]


def citation_label(citation: Mapping[str, Any], kind: str = "") -> str:
    """Plain-text source label: "[1] Rammeavtalen (ASA 4310) 2024–2025 pkt. 5.6 – Vilkår …"."""
    parts = [f"[{citation.get('n', '?')}] {citation.get('title') or citation.get('doc_id') or 'Ukjent dokument'}"]
    sec = section_label(str(citation.get("section") or ""), kind)
    if sec:
        parts.append(f" {sec}")
    heading = str(citation.get("heading") or "").strip()
    if heading and heading != str(citation.get("section") or "").strip():
        parts.append(f" – {heading}")
    page = citation.get("page")
    if page:
        parts.append(f", s. {page}")
    return "".join(parts)


def sources_html(
    citations: Sequence[Mapping[str, Any]], today: date | None, doc_kinds: Mapping[str, str],
    doc_notes: Mapping[str, str] | None = None,
) -> str:
    """All of an answer's sources as one block of native ``<details>`` (closed; label, badge, then
    the passage with the quote marked). One element instead of two per source: the browser redraws
    every element of the page on each run, and the sources were most of them (issue 14, item 17)."""
    items = []
    for c in citations:
        doc_id = str(c.get("doc_id", ""))
        kind = doc_kinds.get(doc_id, "")
        summary = f"{escape_html(citation_label(c, kind))} {badge_html(validity_badge(c, today))}"
        body = citation_meta_html(c, today, kind, (doc_notes or {}).get(doc_id, "")) + highlight_quote_html(
            str(c.get("passage_text") or ""), str(c.get("quote") or "")
        )
        items.append(f'<details class="src"><summary>{summary}</summary>{body}</details>')
    return _one_line("".join(items))


def citation_meta_html(citation: Mapping[str, Any], today: date | None = None, kind: str = "", note: str = "") -> str:
    """One line above the passage: badge, document, punkt, heading, page, validity period."""
    bits = [badge_html(validity_badge(citation, today))]
    bits.append(f"<strong>{escape_html(citation.get('title') or citation.get('doc_id') or '')}</strong>")
    sec = section_label(str(citation.get("section") or ""), kind)
    if sec:
        bits.append(escape_html(sec))
    heading = str(citation.get("heading") or "").strip()
    if heading:
        bits.append(f"<em>{escape_html(heading)}</em>")
    if citation.get("page"):
        bits.append(f"side {escape_html(citation.get('page'))}")
    period = period_status_text(
        citation.get("valid_from"), citation.get("valid_to"), validity_badge(citation, today).kind == "gjeldende", today, note
    )
    if period:
        bits.append(escape_html(period))
    return '<div class="src-meta">' + " · ".join(bits) + "</div>"


def validity_period_text(valid_from: date | str | None, valid_to: date | str | None, note: str = "") -> str:
    """"gjelder 01.04.2024–01.07.2025" with an optional note; "" when nothing is known."""
    f, t = format_date_no(valid_from), format_date_no(valid_to)
    if f and t:
        text = f"gjelder {f}–{t}"
    elif f:
        text = f"gjelder fra {f}"
    elif t:
        text = f"gjelder til {t}"
    else:
        text = ""
    if note:
        text = f"{text} ({note})" if text else note
    return text


def period_status_text(
    valid_from: date | str | None, valid_to: date | str | None, in_force: bool | None, today: date | None, note: str = ""
) -> str:
    """The validity period, saying why a document is in force after its period has passed.

    "gjelder 01.04.2024–01.07.2025" while the period runs; once ``today`` is past the end of a
    document that is still in force: "perioden 01.04.2024–01.07.2025 er passert – <note>" (the
    manifest's reason, e.g. "forlenges automatisk for ett år om gangen"), or "… er passert" alone.
    """
    period = validity_period_text(valid_from, valid_to)
    end = _as_date(valid_to)
    if not (in_force is True and end and today and today > end):
        return period
    span = period.removeprefix("gjelder ").removeprefix("til ")
    text = f"perioden {span} er passert"
    note = " ".join((note or "").split())
    return f"{text} – {note[:1].lower() + note[1:]}" if note else text


def coverage_period(valid_from: date | str | None, valid_to: date | str | None, badge: Badge, today: date | None) -> str:
    """Short validity for the line under the title: the period while it runs, "gjeldende etter
    avtaleperioden …" when a document is in force past its end, otherwise the badge's words."""
    period = validity_period_text(valid_from, valid_to)
    if badge.kind != "gjeldende":
        return badge.label if badge.kind != "ukjent" else ""
    end = _as_date(valid_to)
    if end and today and today > end:
        return "gjeldende etter avtaleperioden " + period.removeprefix("gjelder ")
    return period or badge.label


def coverage_line(entries: Sequence[tuple[str, str]]) -> str:
    """One line naming every document and its period: "Dekker: A (gjelder …) · B (…)". Plain text."""
    parts = [f"{title} ({period})" if period else title for title, period in entries]
    return "Dekker: " + " · ".join(parts) + "." if parts else ""


# ---------------------------------------------------------------- calculation card


@dataclass(frozen=True)
class CalcCard:
    """Everything the calculation card shows, as display strings."""

    tool: str
    summary: str
    inputs: tuple[tuple[str, str], ...]
    steps: tuple[str, ...]
    values: tuple[tuple[str, str], ...]
    sources: tuple[str, ...]
    validity: str
    warnings: tuple[str, ...]
    conventions: tuple[str, ...]


def calc_card(
    result: Mapping[str, Any], inputs: Mapping[str, Any] | None = None, doc_kinds: Mapping[str, str] | None = None
) -> CalcCard:
    """Turn a ``CalcResult.to_dict()`` (or a ToolCall's ``result``) into display rows."""
    ins = result.get("inputs") or inputs or {}
    sources = []
    for src in result.get("sources") or ():
        title = src.get("title") or src.get("doc_id") or ""
        kind = (doc_kinds or {}).get(str(src.get("doc_id") or ""), "")
        punkt = section_label(str(src.get("punkt") or src.get("section") or ""), kind)
        quote = src.get("quote") or ""
        line = " ".join(p for p in (title, punkt) if p)
        sources.append(f"{line}: «{quote}»" if quote else line)
    validity = result.get("validity") or {}
    return CalcCard(
        tool=str(result.get("tool") or ""),
        summary=str(result.get("summary") or ""),
        inputs=tuple((label_for(k), display_value(v)) for k, v in ins.items() if v is not None),
        steps=tuple(str(s) for s in result.get("steps") or ()),
        values=tuple((label_for(k), display_value(v)) for k, v in (result.get("values") or {}).items() if v is not None),
        sources=tuple(sources),
        validity=validity_period_text(validity.get("valid_from"), validity.get("valid_to")),
        warnings=tuple(str(w) for w in result.get("warnings") or ()),
        conventions=tuple(str(c) for c in result.get("conventions") or ()),
    )


def table_markdown(header: tuple[str, str], rows: Sequence[tuple[str, str]]) -> str:
    """A two-column Markdown table with every cell escaped (cells may hold corpus text)."""
    lines = [f"| {escape_markdown(header[0])} | {escape_markdown(header[1])} |", "|---|---|"]
    for a, b in rows:
        lines.append(f"| {_cell(a)} | {_cell(b)} |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return escape_markdown(str(text).replace("\n", " "))


def as_date(value: Any) -> date | None:
    """A date from a date or an ISO string; None for anything else."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
