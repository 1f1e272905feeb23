"""Streamlit widgets for one chat message: answer text, calculation card, sources, feedback.

All user and corpus text goes through ``render.escape_markdown`` (Markdown) or the escaped
HTML from ``render`` (``unsafe_allow_html`` only ever gets our own markup).
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import streamlit as st

from ..errors import AssistantError
from . import render
from .feedback import FeedbackStore
from .render import Badge




def render_message(
    msg: Mapping[str, Any], *, doc_kinds: Mapping[str, str], store: FeedbackStore | None, rating: int | None = None,
    doc_notes: Mapping[str, str] | None = None,
) -> None:
    """One chat bubble; ``rating`` is the thumb already stored for this answer (kept across reloads)."""
    with st.chat_message(msg["role"]):
        if msg["role"] == "user":
            st.markdown(render.escape_markdown(msg["content"]))
            return
        render_answer_body(msg, doc_kinds=doc_kinds, doc_notes=doc_notes)
        if store is not None:
            render_feedback(msg, store, rating)


def render_answer_body(
    msg: Mapping[str, Any], *, doc_kinds: Mapping[str, str], doc_notes: Mapping[str, str] | None = None
) -> None:
    """The answer's statements (one paragraph each), calculations, then its sources, listed once."""
    answer = msg.get("answer") or {}
    today = render.as_date(msg.get("today"))
    citations = answer.get("citations") or ()
    paragraphs = render.answer_paragraphs(str(msg.get("content", "")), bool(citations))
    st.markdown("\n\n".join(render.escape_markdown(p) for p in paragraphs))
    if answer.get("follow_up"):
        st.info(render.escape_markdown(answer["follow_up"]))
    for notice in answer.get("notices") or ():
        st.caption(render.escape_markdown(notice))
    for call in answer.get("tool_calls") or ():
        render_calc_card(call, doc_kinds)
    if citations:
        st.markdown("**Kilder**\n\n" + render.sources_html(citations, today, doc_kinds, doc_notes), unsafe_allow_html=True)
    if today:
        st.caption(f"Svar etter regelverket per {render.format_date_no(today)}.")


def render_calc_card(call: Mapping[str, Any], doc_kinds: Mapping[str, str] | None = None) -> None:
    card = render.calc_card(call.get("result") or {}, call.get("inputs"), doc_kinds)
    title = render.tool_title(card.tool or str(call.get("name", "")))
    # As few elements as the card allows: the browser redraws each of them on every run (issue 14, item 17).
    with st.container(border=True):
        parts = [f"**Beregning: {render.escape_markdown(title)}**"]
        if card.inputs:
            parts.append(render.table_markdown(("Inndata", "Verdi"), card.inputs))
        if card.steps:
            parts.append(render.table_markdown(("Steg", "Utregning"), [(str(i), s) for i, s in enumerate(card.steps, 1)]))
        st.markdown("\n\n".join(parts))
        if card.summary:
            st.success(render.escape_markdown(card.summary))
        if card.values:
            st.markdown(render.table_markdown(("Resultat", "Verdi"), card.values))
        for w in card.warnings:
            st.warning(render.escape_markdown(w))
        notes = [f"Kilde: {render.escape_markdown(s)}" for s in card.sources]
        if card.validity:
            notes.append("Gyldighet: " + render.escape_markdown(card.validity))
        notes += [render.escape_markdown(c) for c in card.conventions]
        if notes:
            st.caption("  \n".join(notes))


def _store_rating(msg: Mapping[str, Any], store: FeedbackStore) -> None:
    value = st.session_state.get(f"fb-{msg['id']}")
    answer = msg.get("answer") or {}
    try:
        store.record_rating(
            message_id=msg["id"],
            rating=value,
            question=str(msg.get("question") or answer.get("question") or ""),
            answer=str(msg.get("content") or ""),
            citations=list(answer.get("citations") or ()),
            tool_calls=list(answer.get("tool_calls") or ()),
            answer_date=msg.get("today"),
        )
    except AssistantError as e:
        st.session_state[f"fb-error-{msg['id']}"] = str(e)


RATING_NAMES = {1: "👍 Nyttig svar", 0: "👎 Ikke nyttig"}


def render_feedback(msg: Mapping[str, Any], store: FeedbackStore, saved: int | None = None) -> None:
    """Thumbs as a control whose visible and screen-reader names are Norwegian (``st.feedback`` reads
    "Thumbs up" aloud)."""
    key = f"fb-{msg['id']}"
    rating = st.segmented_control(
        "Var svaret nyttig?", list(RATING_NAMES), format_func=RATING_NAMES.__getitem__, key=key,
        default=saved, on_change=_store_rating, args=(msg, store), label_visibility="collapsed",
    )
    error = st.session_state.pop(f"fb-error-{msg['id']}", None)
    if error:
        st.error(render.escape_markdown(error))
    if rating is None:
        return
    with st.form(key=f"fbform-{msg['id']}", border=False):
        comment = st.text_input(
            "Kommentar (valgfritt)", key=f"fbc-{msg['id']}", placeholder="Hva var bra, hva manglet eller var feil?"
        )
        sent = st.form_submit_button("Send kommentar", key=f"fbsend-{msg['id']}")
    if sent:
        try:
            store.add_comment(msg["id"], comment)
            st.caption("Takk! Kommentaren er lagret.")
        except AssistantError as e:
            st.error(render.escape_markdown(e))
    else:
        st.caption("Takk for tilbakemeldingen!")


def coverage_entries(documents: Mapping[str, Any], today: date) -> list[tuple[Any, Badge, str]]:
    """(document, badge, period text) for each document on ``today``."""
    try:
        from ..answer.versions import document_in_force
    except ImportError:  # answering package not installed: use the plain validity period

        def document_in_force(info: Any, _docs: Any, on: date) -> bool | None:
            return info.in_force(on)

    docs = dict(documents)
    out = []
    for info in docs.values():
        in_force = document_in_force(info, docs, today)
        badge = render.validity_badge({"valid_from": info.valid_from, "valid_to": info.valid_to, "in_force": in_force}, today)
        period = render.period_status_text(
            info.valid_from, info.valid_to, badge.kind == "gjeldende", today, info.validity_note
        )
        out.append((info, badge, period))
    return out


def render_coverage_line(documents: Mapping[str, Any], today: date) -> None:
    """One line under the title naming the documents and their periods (the sidebar has the details)."""
    entries = [
        (info.title, render.coverage_period(info.valid_from, info.valid_to, badge, today))
        for info, badge, _ in coverage_entries(documents, today)
    ]
    line = render.coverage_line(entries)
    if line:
        st.caption(render.escape_markdown(line))


def render_coverage(documents: Mapping[str, Any], today: date) -> None:
    """The sidebar list of documents with their validity on ``today``."""
    for info, badge, period in coverage_entries(documents, today):
        passed = period.startswith("perioden ")
        note = (
            f"  \n:small[{render.escape_markdown(info.validity_note)}]" if info.validity_note and not passed else ""
        )
        st.markdown(
            f"**{render.escape_markdown(info.title)}** :{badge.color}-badge[{render.escape_markdown(badge.label)}]"
            + (f"  \n{render.escape_markdown(period)}" if period else "")
            + note
        )
