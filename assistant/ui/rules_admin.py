"""Admin panel step: propose rates from a new statsavtale/rundskriv in the corpus, show the diff with
quotes, and take them into use only after the admin confirms (same steps as ``rules propose``/``accept``)."""
from __future__ import annotations

import streamlit as st

from ..calc import rulesets
from ..calc.dates import format_period_no
from ..calc.ruleset_render import render_proposal
from ..errors import AssistantError
from ..settings import Settings
from . import render

PROPOSAL = "rules_proposal"


def render_rules_admin(settings: Settings) -> None:
    st.markdown("**Satser fra ny avtale eller nytt rundskriv**")
    try:
        for book in rulesets.active_sets(settings):
            info = book.info
            title = book.documents.get(info.document, info.document)
            st.caption(render.escape_markdown(
                f"I bruk: {title}, {format_period_no(info.valid_from, info.valid_to)} ({len(book.all_entries())} regler)."))
        files = rulesets.candidate_files(settings)
    except AssistantError as e:
        st.error(render.escape_markdown(e))
        return
    if not files:
        st.caption("Ingen nye avtaler eller rundskriv med gyldighetsperiode i korpuset.")
        return
    name = st.selectbox("Dokument i korpuset", files, key="rules_file")
    if st.button("Foreslå satser", key="rules_propose"):
        try:
            prepared = rulesets.prepare(settings, name)
            rulesets.save_proposal(settings, prepared.proposal)
        except AssistantError as e:
            st.error(render.escape_markdown(e))
            return
        st.session_state[PROPOSAL] = (name, prepared)
    held = st.session_state.get(PROPOSAL)
    if not held or held[0] != name:
        return
    proposal = held[1].proposal
    for u in proposal.unreadable:
        st.warning(render.escape_markdown(f"Kan ikke leses: {u.rule_id} (pkt. {u.punkt}): {u.reason}."))
    for s in proposal.structure:
        st.warning(render.escape_markdown(f"Strukturendring: {s.text}"))
    st.text(render_proposal(proposal))
    confirmed = st.checkbox("Jeg har kontrollert endringene og sitatene", key="rules_confirm")
    if st.button("Ta satsene i bruk", key="rules_accept"):
        if not confirmed:
            st.error("Kryss av for at du har kontrollert endringene før satsene tas i bruk.")
            return
        try:
            rulesets.accept(settings, proposal)
        except AssistantError as e:
            st.error(render.escape_markdown(e))
            return
        st.session_state.pop(PROPOSAL, None)
        st.success(render.escape_markdown(
            f"Satsene fra {proposal.title} er i bruk for {format_period_no(proposal.valid_from, proposal.valid_to)}."))
