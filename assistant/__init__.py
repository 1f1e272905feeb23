"""The agreements assistant: answers about fastlegeordningen from its governing documents."""
from .core import Assistant, ask, default_assistant
from .errors import AssistantError
from .types import Answer, Chunk, Citation, DocumentInfo, Passage, ToolCall

__all__ = ["Assistant", "Answer", "AssistantError", "Chunk", "Citation", "DocumentInfo", "Passage", "ToolCall", "ask", "default_assistant"]
