"""The admin panel: upload a document and re-index, take rates from a new statsavtale into use
(``rules_admin``), export feedback. Only shown when
``ASSISTANT_ADMIN_PASSWORD`` is set, and usable only after the password is entered."""
from __future__ import annotations

import hmac
import time
from typing import Any

import streamlit as st

from ..errors import AssistantError
from ..settings import Settings
from . import render, rules_admin, uploads
from .feedback import FeedbackStore

ADMIN_OK = "admin_ok"


def password_matches(entered: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


def render_admin(settings: Settings, assistant: Any, job: uploads.ReindexJob, store: FeedbackStore) -> None:
    if not settings.admin_password:
        return
    with st.expander("Administrasjon", expanded=bool(st.session_state.get(ADMIN_OK))):
        if not st.session_state.get(ADMIN_OK):
            entered = st.text_input("Administratorpassord", type="password", key="admin_pw")
            if st.button("Logg inn", key="admin_login"):
                if password_matches(entered, settings.admin_password):
                    st.session_state[ADMIN_OK] = True
                    st.session_state.pop("admin_pw", None)
                    st.rerun()
                else:
                    time.sleep(1)  # slows down guessing
                    st.error("Feil passord.")
            return
        _render_upload(settings, assistant, job)
        _render_reindex_status(assistant, job)
        rules_admin.render_rules_admin(settings)
        st.download_button(
            "Last ned tilbakemeldinger (CSV)",
            data=store.export_csv().encode("utf-8"),
            file_name=f"tilbakemeldinger-{time.strftime('%Y%m%d')}.csv",
            mime="text/csv",
            key="feedback_csv",
        )
        if st.button("Logg ut", key="admin_logout"):
            st.session_state[ADMIN_OK] = False
            st.rerun()


UPLOAD_GENERATION = "admin_upload_generation"  # part of the uploader's key: a new number empties it
UPLOAD_RESULT = "admin_upload_result"  # ("success" | "error", text) shown after the uploader is emptied
KINDS = {"avtale": "Avtale", "rundskriv": "Rundskriv", "brev": "Brev", "rapport": "Rapport", "ukjent": "Annet"}


def uploader_key() -> str:
    return f"admin_upload_{st.session_state.get(UPLOAD_GENERATION, 0)}"


def _finish_upload(kind: str, text: str) -> None:
    """Remember the outcome and empty the uploader, so no earlier or refused file stays listed."""
    st.session_state[UPLOAD_RESULT] = (kind, text)
    st.session_state[UPLOAD_GENERATION] = st.session_state.get(UPLOAD_GENERATION, 0) + 1
    st.rerun()


def _render_upload(settings: Settings, assistant: Any, job: uploads.ReindexJob) -> None:
    from .calc_forms import parse_date_no

    st.markdown("**Last opp dokument**")
    outcome = st.session_state.pop(UPLOAD_RESULT, None)
    if outcome:
        (st.success if outcome[0] == "success" else st.error)(render.escape_markdown(outcome[1]))
    # No ``type=`` filter: the widget's own refusal is English; check_upload says it in Norwegian.
    f = st.file_uploader("PDF eller tekstfil (UTF-8)", key=uploader_key())
    st.caption(f"Maks {uploads.MAX_UPLOAD_BYTES // 1_048_576} MB. Dokumentet legges i korpuset og indekseres.")
    title = st.text_input("Tittel (vises i kildene)", key="admin_title", placeholder="F.eks. KS-rundskriv B/3-2025")
    kind = st.selectbox("Type dokument", list(KINDS), format_func=KINDS.__getitem__, index=len(KINDS) - 1, key="admin_kind")
    valid_from = st.text_input("Gjelder fra (DD.MM.ÅÅÅÅ, valgfritt)", key="admin_valid_from")
    valid_to = st.text_input("Gjelder til (DD.MM.ÅÅÅÅ, valgfritt)", key="admin_valid_to")
    overwrite = st.checkbox("Erstatt fil med samme navn", key="admin_overwrite")
    if f is not None and st.button("Lagre og indekser", key="admin_save"):
        data = f.getvalue()
        try:
            checked = uploads.check_upload(f.name, data)
            if checked.kind == "pdf":
                uploads.check_pdf_readable(data, f.name)
            dates = {
                "valid_from": parse_date_no(valid_from, "Gjelder fra") if valid_from.strip() else None,
                "valid_to": parse_date_no(valid_to, "Gjelder til") if valid_to.strip() else None,
            }
            uploads.manifest_entry(checked.safe_name, title, set(), kind=kind, **dates)  # refuse before saving anything
            path = uploads.save_upload(settings.corpus_dir, checked, data, overwrite=overwrite)
            uploads.save_manifest_entry(settings.corpus_dir, path.name, title, kind=kind, **dates)
        except AssistantError as e:
            _finish_upload("error", str(e))
            return
        started = job.start(assistant.reindex)
        when = "Indekserer i bakgrunnen" if started else "En indeksering pågår; en ny starter straks den er ferdig, med denne filen"
        _finish_upload(
            "success", f"Lagret «{' '.join(title.split())}» som {path.name}. {when}; svarene bruker den forrige indeksen så lenge."
        )


def _render_reindex_status(assistant: Any, job: uploads.ReindexJob) -> None:
    if st.button("Bygg indeksen på nytt", key="admin_reindex"):
        if not job.start(assistant.reindex):
            st.info("En indeksering pågår allerede; en ny starter når den er ferdig.")
    status = job.status()
    if status.running:
        queued = " (en ny indeksering venter i kø)" if status.queued else ""
        st.info("Indekserer … " + render.escape_markdown(status.last_message + queued))
        st.button("Oppdater status", key="admin_refresh")
    elif status.error:
        st.error(render.escape_markdown(status.error))
    elif status.finished_at:
        st.success(f"Indeksen er oppdatert ({time.strftime('%H:%M', time.localtime(status.finished_at))}).")
    for warning in getattr(assistant, "warnings", None) or ():
        st.warning(render.escape_markdown(warning))
