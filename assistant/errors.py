"""The assistant's errors. Messages are Norwegian and say what, where and how to fix.

AssistantError
├── ConfigError        – a setting is missing or malformed
├── CorpusError        – a corpus file or the manifest cannot be read
├── IndexError_        – the index is missing, corrupt or cannot be built
├── InputError         – a user input (list length, date …) is invalid; has .field
└── RulesError         – the rates/rules data file is invalid; names the entry
"""
from __future__ import annotations


class AssistantError(Exception):
    """Base class: str(err) is a complete Norwegian sentence fit for a user."""


class ConfigError(AssistantError):
    pass


class CorpusError(AssistantError):
    pass


class IndexError_(AssistantError):  # noqa: N801 - avoid shadowing builtin IndexError
    pass


class InputError(AssistantError):
    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class RulesError(AssistantError):
    pass


__all__ = ["AssistantError", "ConfigError", "CorpusError", "IndexError_", "InputError", "RulesError"]
