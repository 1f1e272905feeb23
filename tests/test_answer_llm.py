"""Optional LLM mode against a local OpenAI-compatible stub: valid, invented citation, timeout, server error."""
from datetime import date

import pytest

from assistant.answer.llm import FALLBACK_NOTICE, INVALID_NOTICE, parse_llm_setting
from assistant.answer.pipeline import answer_question
from assistant.errors import ConfigError
from tests.answer_fakes import DOCS, FakeRetriever
from tests.stub_llm import llm_settings, stop_all, stub_factory

TODAY = date(2025, 6, 15)
QUESTION = "Når hjemfaller en fastlegeavtale til kommunen?"


@pytest.fixture
def stub():
    make, servers = stub_factory()
    yield lambda mode, delay=3.0: make(mode, delay)
    stop_all(servers)


def _settings(url, timeout=5.0):
    return llm_settings(url, timeout)


def _ask(settings):
    return answer_question(QUESTION, retriever=FakeRetriever(), documents=DOCS, today=TODAY, settings=settings)


def test_parse_llm_setting():
    assert parse_llm_setting("openai:http://127.0.0.1:8000/v1/qwen") == ("openai", "http://127.0.0.1:8000/v1", "qwen")
    assert parse_llm_setting("ollama:http://127.0.0.1:11434/llama3") == ("ollama", "http://127.0.0.1:11434", "llama3")
    with pytest.raises(ConfigError):
        parse_llm_setting("gpt-4")


def test_valid_llm_answer_keeps_its_checked_citation(stub):
    s = stub("normal")
    a = _ask(_settings(s.url))
    assert a.mode == "llm" and not a.abstained
    assert a.citations and a.citations[0].section == "8.5" and "[1]" in a.answer
    assert s.requests and "hjemfaller" in str(s.requests[0]["messages"])


def test_invented_citation_is_removed_and_extractive_answer_used(stub):
    s = stub("invented")
    a = _ask(_settings(s.url))
    assert "2030" not in a.answer and "[9]" not in a.answer
    assert a.mode == "extractive" and INVALID_NOTICE in a.notices
    assert a.citations and a.citations[0].section == "8.5"


def test_timeout_falls_back_with_notice(stub):
    s = stub("sleep", delay=3.0)
    a = _ask(_settings(s.url, timeout=0.5))
    assert a.mode == "extractive" and FALLBACK_NOTICE in a.notices and a.citations


def test_server_error_falls_back_with_notice(stub):
    s = stub("error")
    a = _ask(_settings(s.url))
    assert a.mode == "extractive" and FALLBACK_NOTICE in a.notices and a.citations
