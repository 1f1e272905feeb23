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
doc_notes = {doc_id: info.validity_note for doc_id, info in documents.items() if info.validity_note}

# The chat box is pinned to the bottom wherever it is called; reading it first lets this run
# answer in place (no second run of the whole page per question, see issue 14 item 17).
# No max_chars: the browser would drop a longer paste without a word. ask() shortens a long
# question itself and says so under the answer; the page refuses only absurd lengths, out loud.
typed = st.chat_input("Skriv spørsmålet ditt …")
too_long = None
if typed and len(typed) > state.MAX_PASTE_CHARS:
    too_long, typed = state.too_long_notice(len(typed)), None
question = typed or session.pop(state.PENDING_QUESTION, None)


def add_calc_messages(tool: str, read_inputs, question_for, today: date) -> None:
    """Parse the form's text fields, run the calculator and add the question and result to the chat."""
    try:
        inputs = read_inputs()  # InputError: a Norwegian message naming the field by its label
        result = calc_forms.run_calculator(tool, inputs, today)
    except AssistantError as e:
        st.error(render.escape_markdown(e))
        return
    question = question_for(inputs)
    answer = calc_forms.form_answer(tool, inputs, result, question)
    session[state.MESSAGES] += [state.user_message(question, "skjema"), state.assistant_message(answer, today, "skjema")]
    state.save_conversation(session, st.query_params, conversations)


def render_calculators(per_date: date) -> None:
    """The calculator forms, in the main column: on a phone the sidebar would cover the result.

    Behind a switch rather than in an expander: an expander's content is sent and drawn on every
    run, and the two forms made up about a quarter of the browser's work per answer (issue 14, item 17).
    """
    if not st.toggle("Vis kalkulatorene: basistilskudd og frister ved overdragelse", key="show_calc"):
        return
    with st.container(border=True):
        with st.form("calc_basistilskudd"):
            st.markdown("**Basistilskudd**")
            # No ``help=``: its screen-reader name is English ("Help for …"); the range is in the placeholder.
            liste = st.text_input("Antall listeinnbyggere", value="1000", key="calc_basis_liste", placeholder="1–10 000")
            dato = st.text_input("Dato (DD.MM.ÅÅÅÅ)", value=render.format_date_no(per_date), key="calc_basis_dato")
            if st.form_submit_button("Beregn basistilskudd"):
                add_calc_messages(
                    "basistilskudd",
                    lambda: {
                        "listeinnbyggere": calc_forms.parse_whole_number(
                            liste, "Antall listeinnbyggere", calc_forms.LISTE_MIN, calc_forms.LISTE_MAX
                        ),
                        "dato": calc_forms.parse_date_no(dato, "Dato"),
                    },
                    lambda i: calc_forms.basistilskudd_question(i["listeinnbyggere"], i["dato"]),
                    per_date,
                )
        with st.form("calc_overdragelse"):
            st.markdown("**Frister ved overdragelse**")
            variant = st.radio(
                "Hvilken frist?", list(calc_forms.OVERDRAGELSE_VARIANTS),
                format_func=calc_forms.OVERDRAGELSE_VARIANTS.__getitem__, key="calc_over_variant",
            )
            fra = st.text_input(
                "Dato tilbudet ble mottatt/gitt (DD.MM.ÅÅÅÅ)", value=render.format_date_no(per_date), key="calc_over_dato"
            )
            if st.form_submit_button("Beregn frist"):
                add_calc_messages(
                    "frist",
                    lambda: {"variant": variant, "fra_dato": calc_forms.parse_date_no(fra, "Dato tilbudet ble mottatt/gitt")},
                    lambda i: calc_forms.overdragelse_question(i["variant"], i["fra_dato"]),
                    per_date,
                )


def render_examples() -> None:
    """Every example question, in the main column like the calculators: at 390 px the sidebar stayed open
    over the answer to a question clicked there (browser review). Behind a switch, so it is not drawn on
    every answer; asking one switches the list off again, and the answer is next on the screen."""
    if not st.toggle("Vis eksempelspørsmål", key=state.EXAMPLES_SWITCH):
        return
    with st.container(border=True):
        for group, questions in EXAMPLE_QUESTIONS.items():
            with st.expander(group):
                for i, q in enumerate(questions):
                    st.button(q, key=f"ex-{group}-{i}", on_click=state.ask_example, args=(session, q), width="stretch")


# ---------------------------------------------------------------- sidebar
# Anchors off: a heading's anchor link is read out as "Link to heading" and leads nowhere useful.
with st.sidebar:
    st.header("Avtaleassistenten", anchor=False)
    per_date = st.date_input("Svar etter regelverket per …", value=date.today(), format="DD.MM.YYYY", key="per_date")
    st.info(
        "Svarene siterer avtalene og dokumentene nedenfor og er **ikke juridisk rådgivning**. "
        "Sjekk alltid kilden, og spør KS eller Legeforeningen ved tvil."
    )

    st.subheader("Dette dekker assistenten", anchor=False)
    view.render_coverage(documents, per_date)

    st.subheader("Samtalen", anchor=False)
    export_slot = st.empty()  # filled at the end of the run, with this run's answer included
    st.button("Start på nytt", key="start_over", on_click=state.start_over, args=(session, st.query_params))

    admin.render_admin(settings, assistant, state.get_reindex_job(settings), store)

# ---------------------------------------------------------------- chat
st.title("Avtaleassistenten", anchor=False)
view.render_coverage_line(documents, per_date)
st.caption(
    "Spør på norsk om fastlegeordningen. Hvert svar viser kildene [1], [2] … med sitatet markert. "
    "Svarene siterer avtalene og er ikke juridisk rådgivning."
)
notice = session.pop(state.NOTICE, None)
if notice:
    st.warning(render.escape_markdown(notice))
render_examples()
render_calculators(per_date)
if not session[state.MESSAGES] and not question:
    st.markdown("**Prøv for eksempel:**")
    for group, questions in EXAMPLE_QUESTIONS.items():
        st.button(
            f"{group}: {questions[0]}", key=f"start-ex-{group}", on_click=state.queue_question, args=(session, questions[0]),
            width="stretch",
        )

ratings = store.ratings_for([m["id"] for m in session[state.MESSAGES] if m["role"] == "assistant"])
for message in session[state.MESSAGES]:
    view.render_message(message, doc_kinds=doc_kinds, store=store, rating=ratings.get(message["id"]), doc_notes=doc_notes)

if too_long:
    st.warning(render.escape_markdown(too_long))
if question:
    user_msg = state.user_message(question)
    view.render_message(user_msg, doc_kinds=doc_kinds, store=None)
    slot = st.empty()
    # Static text, not st.spinner: in ten headless chromium tabs the spinner's animation cost
    # ~0.25 CPU-s per second of waiting per tab, on the same cores as the server (issue 14, item 17).
    with slot.container(), st.chat_message("assistant"):
        st.caption("Leter i avtalene …")
        answer_msg = state.answer_turn(assistant, session[state.MESSAGES], question, per_date)
    expected = len(session[state.MESSAGES]) + 2
    session[state.MESSAGES] += [user_msg, answer_msg]
    state.save_conversation(session, st.query_params, conversations)
    if len(session[state.MESSAGES]) != expected:  # someone else added turns to this conversation: show them all
        st.rerun()
    with slot.container():  # the answer replaces the "Leter …" line in this run
        view.render_message(answer_msg, doc_kinds=doc_kinds, store=store, doc_notes=doc_notes)

with export_slot:
    st.download_button(
        "Last ned samtalen (Markdown)",
        data=conversation_to_markdown(session[state.MESSAGES], datetime.now(), doc_kinds).encode("utf-8"),
        file_name=f"samtale-{datetime.now():%Y%m%d-%H%M}.md",
        mime="text/markdown",
        key="export_md",
        disabled=not session[state.MESSAGES],
    )
