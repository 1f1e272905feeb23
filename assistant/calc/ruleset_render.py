"""Norwegian text for a proposed rules set: the diff against the period before, with quotes (pure)."""
from __future__ import annotations

from datetime import date
from typing import Any

from assistant.calc.dates import format_date_no, format_period_no
from assistant.calc.money import format_number
from assistant.calc.propose import Proposal


def value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, str) and "/" in value and len(value) == 21:
        start, end = value.split("/")
        return f"{format_date_no(date.fromisoformat(start))}–{format_date_no(date.fromisoformat(end))}"
    return str(value)




def render_proposal(p: Proposal) -> str:
    changed = [c for c in p.changes if c.changed]
    same = [c for c in p.changes if not c.changed]
    lines = [
        f"Foreslåtte regler fra {p.title} ({p.document}), gjelder {format_period_no(p.valid_from, p.valid_to)}.",
        f"Sammenlignet med forrige periode: {p.previous_title} ({p.previous_document}).",
        f"{len(changed)} endret, {len(same)} uendret, {len(p.unreadable)} kan ikke leses, "
        f"{len(p.structure)} strukturendringer, {len(p.historical)} historiske.",
        "",
    ]
    if changed:
        lines.append("Endret:")
        for c in changed:
            lines += [f"  {c.rule_id} (pkt. {c.punkt}): {value_text(c.old_value)} → {value_text(c.new_value)} {c.unit}",
                      f"    før: «{c.old_quote}»", f"    nå:  «{c.new_quote}»"]
        lines.append("")
    if p.unreadable:
        lines.append("Kan ikke leses (ikke med i settet – kontroller teksten og legg inn verdien for hånd):")
        for u in p.unreadable:
            lines += [f"  ! {u.rule_id} (pkt. {u.punkt}): {u.reason}", f"    forrige periode: «{u.old_quote}»"]
        lines.append("")
    if p.structure:
        lines.append("Strukturendringer (kontroller at beregningene fortsatt passer):")
        lines += [f"  ! {s.text}" for s in p.structure]
        lines.append("")
    if p.historical:
        lines.append("Ikke tatt med (samme dato og verdi som før: gjelder en tidligere periode):")
        lines += [f"  {c.rule_id} (pkt. {c.punkt}): «{c.new_quote}»" for c in p.historical]
        lines.append("")
    if same:
        lines.append("Uendret:")
        lines += [f"  {c.rule_id} (pkt. {c.punkt}): {value_text(c.new_value)} {c.unit}" for c in same]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


__all__ = ["render_proposal", "value_text"]
