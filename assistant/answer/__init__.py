"""Answering: question parsing, routing to calculators, extractive composing, citation checks, versions,
refusal, conversation, optional LLM mode and the answers benchmark.

Entry point: ``answer_question(question, *, retriever, documents, history=None, today=None, settings=None)``.
"""
from .pipeline import answer_question

__all__ = ["answer_question"]
