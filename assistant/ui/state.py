"""Process-wide resources and per-session conversation state for the web page.

- One ``Assistant`` per process and settings (``st.cache_resource``): index and models load once,
  every session shares them. Tests replace ``create_assistant`` to inject a fake.
- One ``FeedbackStore`` and one ``ReindexJob`` per process.
- The conversation lives in ``st.session_state["messages"]``; each assistant message keeps its
  own ``Answer.to_dict()`` (citations, tool calls) so re-runs show every answer's own sources.
"""
from __future__ import annotations

import logging
import uuid
from collections.abc import MutableMapping, Sequence
from datetime import date
from typing import Any

import streamlit as st

from ..errors import AssistantError
from ..settings import Settings
from .conversations import ConversationStore
from .feedback import FeedbackStore
from .uploads import ReindexJob

log = logging.getLogger(__name__)

MESSAGES = "messages"
PENDING_QUESTION = "pending_question"
CONVERSATION_ID = "conversation_id"
NOTICE = "page_notice"  # a message for the top of the page (e.g. a conversation that was not found)
EXAMPLES_SWITCH = "show_examples"  # the switch that shows every example question in the main column
MAX_PASTE_CHARS = 100_000  # longer than this is refused by the page; ask() shortens anything over 2 000 itself
QUERY_KEY = "samtale"  # ?samtale=<id> in the address: a reload shows the same conversation


def load_settings() -> Settings:
    return Settings.from_env()


def create_assistant(settings: Settings) -> Any:
    """Build the real assistant (tests monkeypatch this function to return a fake)."""
    from assistant import Assistant

    assistant = Assistant(settings=settings)
    warm_up(assistant)
    return assistant


def warm_up(assistant: Any) -> None:
    """Open the index and fill the answer pipeline's per-corpus caches before the first user asks
    (the first question otherwise took 1.7 s more; measured for issue 14)."""
    try:
        assistant.ask("Hva er oppsigelsesfristen for fastlegeavtalen?", today=date.today())
    except AssistantError:
        log.warning("warm-up question failed", exc_info=True)


def _settings_key(settings: Settings) -> tuple[str, ...]:
    return (str(settings.corpus_dir), str(settings.index_dir), settings.embedder, settings.chroma_url, settings.llm)


@st.cache_resource(show_spinner=False)
def _cached_assistant(key: tuple[str, ...], _settings: Settings) -> Any:
    return create_assistant(_settings)


def get_assistant(settings: Settings) -> Any:
    """The process-wide assistant for these settings (built on first use)."""
    return _cached_assistant(_settings_key(settings), settings)


@st.cache_resource(show_spinner=False)
def _cached_feedback_store(path: str) -> FeedbackStore:
    from pathlib import Path

    return FeedbackStore(Path(path))


def get_feedback_store(settings: Settings) -> FeedbackStore:
    return _cached_feedback_store(str(settings.data_dir / "feedback.sqlite"))


@st.cache_resource(show_spinner=False)
def _cached_conversation_store(path: str) -> ConversationStore:
    from pathlib import Path

    store = ConversationStore(Path(path))
    store.prune()
    return store


def get_conversation_store(settings: Settings) -> ConversationStore:
    return _cached_conversation_store(str(settings.data_dir / "conversations.sqlite"))


@st.cache_resource(show_spinner=False)
def _cached_reindex_job(key: tuple[str, ...]) -> ReindexJob:
    return ReindexJob()


def get_reindex_job(settings: Settings) -> ReindexJob:
    return _cached_reindex_job(_settings_key(settings))


# ---------------------------------------------------------------- conversation


def init_session(
    session: MutableMapping[str, Any], query_params: MutableMapping[str, Any], store: ConversationStore
) -> None:
    """First run of a session: restore the conversation named in the address, or start a new one."""
    if MESSAGES in session:
        return
    wanted = query_params.get(QUERY_KEY)
    saved = store.load(wanted) if wanted else None
    if saved is not None:
        session[CONVERSATION_ID], session[MESSAGES] = wanted, saved
        return
    session[CONVERSATION_ID], session[MESSAGES] = new_id(), []
    if wanted:  # a mangled, expired or unknown address: say so instead of showing an empty page
        session[NOTICE] = missing_conversation_notice(str(wanted))
        query_params.pop(QUERY_KEY, None)


def missing_conversation_notice(wanted: str) -> str:
    from .conversations import MAX_AGE_DAYS, is_conversation_id

    what = "Fant ingen lagret samtale med denne adressen." if is_conversation_id(wanted) else (
        "Adressen peker ikke på en gyldig samtale (samtale-id-en er ufullstendig eller endret)."
    )
    return (
        f"{what} Samtaler slettes etter {MAX_AGE_DAYS} dager uten bruk, og lenken må kopieres helt. "
        "Du kan stille et nytt spørsmål nedenfor."
    )


def save_conversation(
    session: MutableMapping[str, Any], query_params: MutableMapping[str, Any], store: ConversationStore
) -> None:
    """Save the messages, show what others added to the same conversation, and put its id in the address."""
    session[MESSAGES] = store.save(session[CONVERSATION_ID], session[MESSAGES])
    query_params[QUERY_KEY] = session[CONVERSATION_ID]


def too_long_notice(length: int) -> str:
    return (
        f"Teksten du limte inn er {length:,} tegn lang; siden tar imot opptil {MAX_PASTE_CHARS:,} tegn. "
        "Lim inn den delen som gjelder spørsmålet ditt."
    ).replace(",", "\u00a0")


def new_id() -> str:
    return uuid.uuid4().hex


def user_message(text: str, origin: str = "chat") -> dict[str, Any]:
    return {"id": new_id(), "role": "user", "content": text, "answer": None, "origin": origin}


def assistant_message(answer: dict[str, Any], today: date | None, origin: str = "chat") -> dict[str, Any]:
    return {
        "id": new_id(),
        "role": "assistant",
        "content": str(answer.get("answer", "")),
        "answer": answer,
        "today": today.isoformat() if today else None,
        "question": str(answer.get("question", "")),
        "origin": origin,
    }


def history_for(messages: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation in the shape ``Assistant.ask(history=...)`` expects (chat turns only)."""
    return [
        {"role": m["role"], "content": m["content"], "answer": m.get("answer")}
        for m in messages
        if m.get("origin", "chat") == "chat"
    ]


def answer_turn(assistant: Any, messages: Sequence[dict[str, Any]], question: str, today: date) -> dict[str, Any]:
    """Ask ``question`` with this conversation's history; returns the new assistant message.

    Errors become a Norwegian answer text (never a traceback). Shared by the page and tests:
    the only shared object is ``assistant``; everything else belongs to one session.
    """
    history = history_for(messages)
    try:
        answer = assistant.ask(question, history=history, today=today).to_dict()
    except AssistantError as e:
        answer = _error_answer(question, str(e))
    except Exception:  # never show a traceback to a user
        log.exception("ask failed for a question of %d characters", len(question))
        answer = _error_answer(
            question, "Beklager, noe gikk galt da svaret skulle lages. Prøv igjen, eller formuler spørsmålet annerledes."
        )
    return assistant_message(answer, today)


def _error_answer(question: str, text: str) -> dict[str, Any]:
    return {"question": question, "answer": text, "citations": [], "tool_calls": [], "abstained": True, "notices": []}


def queue_question(session: MutableMapping[str, Any], question: str) -> None:
    """Button callback: the next run asks ``question`` as if it had been typed."""
    session[PENDING_QUESTION] = question


def ask_example(session: MutableMapping[str, Any], question: str) -> None:
    """Example button callback: ask ``question`` and switch the list of examples off (the answer comes next)."""
    queue_question(session, question)
    session[EXAMPLES_SWITCH] = False


def start_over(session: MutableMapping[str, Any], query_params: MutableMapping[str, Any]) -> None:
    """Button callback: a new, empty conversation (the old one stays saved under its address)."""
    session[MESSAGES] = []
    session[CONVERSATION_ID] = new_id()
    session.pop(PENDING_QUESTION, None)
    query_params.pop(QUERY_KEY, None)
