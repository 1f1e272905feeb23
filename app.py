"""Avtaleassistenten – the web page. Run: ``streamlit run app.py``.

This script only calls ``assistant`` functions and renders the results; the answering logic
lives in ``assistant`` and the page's building blocks in ``assistant/ui/``.
"""
from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from assistant.errors import AssistantError
from assistant.ui import admin, calc_forms, render, state, view
from assistant.ui.examples import EXAMPLE_QUESTIONS
from assistant.ui.export import conversation_to_markdown

st.set_page_config(page_title="Avtaleassistenten – fastlegeordningen", page_icon="📑", layout="centered")
st.markdown(render.PAGE_CSS, unsafe_allow_html=True)  # our own constant CSS, no user text

try:
    settings = state.load_settings()
    with st.spinner("Laster avtalene og søkeindeksen … (første gang kan det ta noen minutter)"):
        assistant = state.get_assistant(settings)
        documents = dict(assistant.documents)  # opens (or on first use builds) the index
    store = state.get_feedback_store(settings)
    conversations = state.get_conversation_store(settings)
except AssistantError as e:
    st.error(render.escape_markdown(e))
    st.stop()

session = st.session_state
state.init_session(session, st.query_params, conversations)
doc_kinds = {doc_id: info.kind for doc_id, info in documents.items()}


def add_calc_messages(tool: str, inputs: dict, question: str, today: date) -> None:
    try:
        result = calc_forms.run_calculator(tool, inputs, today)
    except AssistantError as e:  # InputError included: a Norwegian message naming the field
        st.error(render.escape_markdown(e))
        return
    answer = calc_forms.form_answer(tool, inputs, result, question)
    session[state.MESSAGES] += [state.user_message(question, "skjema"), state.assistant_message(answer, today, "skjema")]
    state.save_conversation(session, st.query_params, conversations)


# ---------------------------------------------------------------- sidebar
with st.sidebar:
    st.header("Avtaleassistenten")
    per_date = st.date_input("Svar etter regelverket per …", value=date.today(), format="DD.MM.YYYY", key="per_date")
    st.info(
        "Svarene siterer avtalene og dokumentene nedenfor og er **ikke juridisk rådgivning**. "
        "Sjekk alltid kilden, og spør KS eller Legeforeningen ved tvil."
    )

    st.subheader("Eksempelspørsmål")
    for group, questions in EXAMPLE_QUESTIONS.items():
        with st.expander(group):
            for i, q in enumerate(questions):
                st.button(
                    q, key=f"ex-{group}-{i}", on_click=state.queue_question, args=(session, q), width="stretch"
                )

    st.subheader("Beregn")
    with st.expander("Basistilskudd"):
        with st.form("calc_basistilskudd", border=False):
            liste = st.number_input("Antall listeinnbyggere", min_value=0, max_value=10_000, value=1_000, step=50)
            dato = st.date_input("Dato", value=per_date, format="DD.MM.YYYY", key="calc_basis_dato")
            if st.form_submit_button("Beregn basistilskudd"):
                add_calc_messages(
                    "basistilskudd",
                    {"listeinnbyggere": int(liste), "dato": dato},
                    calc_forms.basistilskudd_question(int(liste), dato),
                    per_date,
                )
    with st.expander("Frister ved overdragelse"):
        with st.form("calc_overdragelse", border=False):
            variant = st.radio(
                "Hvilken frist?", list(calc_forms.OVERDRAGELSE_VARIANTS),
                format_func=calc_forms.OVERDRAGELSE_VARIANTS.__getitem__, key="calc_over_variant",
            )
            fra = st.date_input("Dato tilbudet ble mottatt/gitt", value=per_date, format="DD.MM.YYYY", key="calc_over_dato")
            if st.form_submit_button("Beregn frist"):
                add_calc_messages(
                    "frist",
                    {"variant": variant, "fra_dato": fra},
                    calc_forms.overdragelse_question(variant, fra),
                    per_date,
                )

    st.subheader("Dette dekker assistenten")
    view.render_coverage(documents, per_date)

    st.subheader("Samtalen")
    st.download_button(
        "Last ned samtalen (Markdown)",
        data=conversation_to_markdown(session[state.MESSAGES], datetime.now(), doc_kinds).encode("utf-8"),
        file_name=f"samtale-{datetime.now():%Y%m%d-%H%M}.md",
        mime="text/markdown",
        key="export_md",
        disabled=not session[state.MESSAGES],
    )
    st.button("Start på nytt", key="start_over", on_click=state.start_over, args=(session, st.query_params))

    admin.render_admin(settings, assistant, state.get_reindex_job(settings), store)

# ---------------------------------------------------------------- chat
st.title("Avtaleassistenten")
st.caption(
    "Spør på norsk om fastlegeordningen. Hvert svar viser kildene [1], [2] … med sitatet markert. "
    "Svarene siterer avtalene og er ikke juridisk rådgivning."
)
if not session[state.MESSAGES]:
    st.markdown("**Prøv for eksempel:**")
    for group, questions in EXAMPLE_QUESTIONS.items():
        st.button(
            f"{group}: {questions[0]}", key=f"start-ex-{group}", on_click=state.queue_question, args=(session, questions[0]),
            width="stretch",
        )

ratings = store.ratings_for([m["id"] for m in session[state.MESSAGES] if m["role"] == "assistant"])
for message in session[state.MESSAGES]:
    view.render_message(message, doc_kinds=doc_kinds, store=store, rating=ratings.get(message["id"]))

typed = st.chat_input("Skriv spørsmålet ditt …", max_chars=2000)
question = typed or session.pop(state.PENDING_QUESTION, None)
if question:
    user_msg = state.user_message(question)
    view.render_message(user_msg, doc_kinds=doc_kinds, store=None)
    with st.chat_message("assistant"), st.spinner("Leter i avtalene …"):
        answer_msg = state.answer_turn(assistant, session[state.MESSAGES], question, per_date)
    session[state.MESSAGES] += [user_msg, answer_msg]
    state.save_conversation(session, st.query_params, conversations)
    st.rerun()
