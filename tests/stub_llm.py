"""A tiny OpenAI-compatible stub of POST /v1/chat/completions on 127.0.0.1 (standard library only).

Modes (``server.mode``): "normal" quotes passage [1] verbatim with a valid marker; "invented" cites an
invented quote and a passage that does not exist; "sleep" answers after ``server.delay`` seconds; "error" → 500.
Tool calls: when a request offers ``tools`` and ``server.tool_call`` is set to ``{"name": ..., "arguments": ...}``
(a dict, or a raw string for malformed JSON), the reply is that tool call (with ``server.tool_text`` as content).
"""
from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def _reply(mode: str, prompt: str) -> str:
    m = re.search(r"\[1\][^\n]*:\n([^\n]+)", prompt)
    first = (m.group(1) if m else "").split(". ")[0].rstrip(".")
    if mode == "invented":
        return "Avtalen gjelder til 2030 «Avtalen gjelder til 31.12.2030» [1]. Prisen er fri [9]."
    return f"Ifølge kilden: «{first}» [1]."


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def do_POST(self):  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.requests.append(body)  # type: ignore[attr-defined]
        mode = self.server.mode  # type: ignore[attr-defined]
        if mode == "sleep":
            time.sleep(self.server.delay)  # type: ignore[attr-defined]
        if mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b'{"error": {"message": "stub failure"}}')
            return
        prompt = "\n".join(m.get("content", "") for m in body.get("messages", []) if isinstance(m.get("content"), str))
        message, finish = {"role": "assistant", "content": _reply(mode, prompt)}, "stop"
        call = self.server.tool_call  # type: ignore[attr-defined]
        if body.get("tools") and call is not None:
            args = call["arguments"]
            message = {"role": "assistant", "content": self.server.tool_text,  # type: ignore[attr-defined]
                       "tool_calls": [{"id": "call_1", "type": "function", "function": {
                           "name": call["name"], "arguments": args if isinstance(args, str) else json.dumps(args)}}]}
            finish = "tool_calls"
        data = {"id": "stub", "object": "chat.completion", "created": 0, "model": body.get("model", "stub"),
                "choices": [{"index": 0, "finish_reason": finish, "message": message}],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}
        raw = json.dumps(data).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a client that timed out and left: not a test failure
        pass


def start_stub(mode: str = "normal", delay: float = 3.0) -> ThreadingHTTPServer:
    """Start on a free port; ``server.url`` is the OpenAI base URL. Call ``server.shutdown()`` when done."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.mode, server.delay, server.requests = mode, delay, []  # type: ignore[attr-defined]
    server.tool_call, server.tool_text = None, None  # type: ignore[attr-defined]
    server.url = f"http://127.0.0.1:{server.server_address[1]}/v1"  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stub_factory(tool_text: str | None = None):
    """(make, servers) for a pytest fixture: ``make(mode="normal", delay=3.0, tool_call=None)`` starts a stub."""
    servers = []

    def make(mode="normal", delay=3.0, tool_call=None):
        s = start_stub(mode, delay)
        s.tool_call = tool_call
        if tool_text is not None:
            s.tool_text = tool_text
        servers.append(s)
        return s

    return make, servers


def stop_all(servers) -> None:
    for s in servers:
        s.shutdown()
        s.server_close()


def llm_settings(url: str, timeout: float = 5.0):
    from dataclasses import replace
    from pathlib import Path

    from assistant.settings import Settings

    base = Settings(corpus_dir=Path("."), index_dir=Path("."), data_dir=Path("."))
    return replace(base, llm=f"openai:{url}/stub-model", llm_timeout=timeout)
