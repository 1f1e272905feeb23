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


def _render_upload(settings: Settings, assistant: Any, job: uploads.ReindexJob) -> None:
    st.markdown("**Last opp dokument**")
    f = st.file_uploader(
        "PDF eller tekstfil (UTF-8)", type=["pdf", "txt"], key="admin_upload",
        help=f"Maks {uploads.MAX_UPLOAD_BYTES // 1_048_576} MB. Dokumentet legges i korpuset og indekseres.",
    )
    overwrite = st.checkbox("Erstatt fil med samme navn", key="admin_overwrite")
    if f is not None and st.button("Lagre og indekser", key="admin_save"):
        data = f.getvalue()
        try:
            checked = uploads.check_upload(f.name, data)
            if checked.kind == "pdf":
                uploads.check_pdf_readable(data, f.name)
            path = uploads.save_upload(settings.corpus_dir, checked, data, overwrite=overwrite)
        except AssistantError as e:
            st.error(render.escape_markdown(e))
            return
        st.success(f"Lagret som {path.name}. Indekserer i bakgrunnen; svarene bruker den forrige indeksen så lenge.")
        job.start(assistant.reindex)


def _render_reindex_status(assistant: Any, job: uploads.ReindexJob) -> None:
    if st.button("Bygg indeksen på nytt", key="admin_reindex"):
        if not job.start(assistant.reindex):
            st.info("En indeksering pågår allerede.")
    status = job.status()
    if status.running:
        st.info("Indekserer … " + render.escape_markdown(status.last_message))
        st.button("Oppdater status", key="admin_refresh")
    elif status.error:
        st.error(render.escape_markdown(status.error))
    elif status.finished_at:
        st.success(f"Indeksen er oppdatert ({time.strftime('%H:%M', time.localtime(status.finished_at))}).")
    for warning in getattr(assistant, "warnings", None) or ():
        st.warning(render.escape_markdown(warning))
