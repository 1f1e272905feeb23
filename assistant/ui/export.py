"""Export a conversation from the web page as Markdown (pure: messages in, text out).

A message is the dict the page keeps in ``st.session_state``:
``{"role": "user"|"assistant", "content": str, "answer": Answer.to_dict() | None, "today": "YYYY-MM-DD"}``.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from .render import answer_paragraphs, as_date, calc_card, citation_label, format_date_no, tool_title, validity_badge


def conversation_to_markdown(
    messages: Sequence[Mapping[str, Any]],
    exported_at: datetime | None = None,
    doc_kinds: Mapping[str, str] | None = None,
) -> str:
    """The whole conversation with each answer's own sources and calculations."""
    kinds = doc_kinds or {}
    lines = ["# Samtale med avtaleassistenten", ""]
    if exported_at is not None:
        lines += [f"Eksportert {exported_at.strftime('%d.%m.%Y kl. %H:%M')}.", ""]
    lines += [
        "_Svarene siterer avtalene og er ikke juridisk rådgivning._",
        "",
    ]
    n = 0
    for msg in messages:
        if msg.get("role") == "user":
            n += 1
            lines += [f"## Spørsmål {n}", ""]
            for paragraph in answer_paragraphs(str(msg.get("content", "")), False):
                lines += [paragraph, ""]
            continue
        answer = msg.get("answer") or {}
        today = as_date(msg.get("today"))
        heading = "### Svar" + (f" (regelverket per {format_date_no(today)})" if today else "")
        lines += [heading, ""]
        for paragraph in answer_paragraphs(str(msg.get("content", "")), bool(answer.get("citations"))):
            lines += [paragraph, ""]  # a blank line between quoted statements: Markdown keeps them apart
        for call in answer.get("tool_calls") or ():
            card = calc_card(call.get("result") or {}, call.get("inputs"), kinds)
            # The same title, rows, warnings and notes as the card on the page (view.render_calc_card).
            lines += [f"#### Beregning: {tool_title(card.tool or str(call.get('name', '')))}", ""]
            if card.inputs:
                lines += [f"- {k}: {v}" for k, v in card.inputs] + [""]
            if card.steps:
                lines += [f"{i}. {s}" for i, s in enumerate(card.steps, 1)] + [""]
            if card.summary:
                lines += [f"**Resultat:** {card.summary}", ""]
            if card.values:
                lines += ["| Resultat | Verdi |", "|---|---|"]
                lines += [f"| {_cell(k)} | {_cell(v)} |" for k, v in card.values] + [""]
            for w in card.warnings:
                lines += [f"> **Advarsel:** {' '.join(w.split())}", ""]
            for s in card.sources:
                lines.append(f"- Kilde: {s}")
            if card.validity:
                lines.append(f"- Gyldighet: {card.validity}")
            lines += [f"- {c}" for c in card.conventions]
            lines.append("")
        cits = answer.get("citations") or ()
        if cits:
            lines += ["#### Kilder", ""]
            for c in cits:
                badge = validity_badge(c, today)
                label = citation_label(c, kinds.get(str(c.get("doc_id", "")), ""))
                quote = " ".join(str(c.get("quote") or "").split())  # a quote with line breaks stays in its list item
                lines.append(f"- {label} ({badge.label}): «{quote}»")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    """A table cell on one line, with a "|" in the text kept as text."""
    return " ".join(str(text).split()).replace("|", "\\|")
