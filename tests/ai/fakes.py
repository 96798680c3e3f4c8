"""A fake AI vendor on 127.0.0.1: the real SDKs talk HTTP to it, so their request building,
response parsing and error classes are exercised for real (no SDK mocking, no internet).

Replies are scripted in order; every request is recorded (path, headers, JSON body) so tests
can assert what actually went over the wire.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class FakeReply:
    status: int = 200
    body: Any = None  # dict/list -> JSON; str -> sent as is
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (timeouts)


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    raw: str

    @property
    def json(self) -> Any:
        return json.loads(self.raw)


class FakeAIServer:
    def __init__(self) -> None:
        self.replies: deque[FakeReply] = deque()
        self.requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                with server._lock:
                    server.requests.append(
                        RecordedRequest("POST", self.path, dict(self.headers.items()), raw)
                    )
                    reply = server.replies.popleft() if server.replies else None
                if reply is None:
                    reply = FakeReply(500, {"error": {"message": "no scripted reply"}})
                if reply.delay:
                    time.sleep(reply.delay)
                body = reply.body if isinstance(reply.body, str) else json.dumps(reply.body)
                payload = body.encode("utf-8")
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # type: ignore[attr-defined]
        # A short poll interval keeps shutdown (every test's teardown) fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def queue(self, *replies: FakeReply) -> None:
        self.replies.extend(replies)

    def start(self) -> FakeAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# --- Each vendor's wire format -----------------------------------------------------------------


def anthropic_ok(
    text: str, *, input_tokens: int = 100, output_tokens: int = 20, model: str = ""
) -> FakeReply:
    return FakeReply(
        200,
        {
            "id": "msg_01FAKE",
            "type": "message",
            "role": "assistant",
            "model": model or "claude-sonnet-4-6",
            "content": [{"type": "text", "text": text}],
            "stop_reason": "end_turn",
            "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": output_tokens},
        },
    )


def anthropic_error(status: int, kind: str, headers: dict[str, str] | None = None) -> FakeReply:
    return FakeReply(
        status,
        {"type": "error", "error": {"type": kind, "message": f"fake {kind}"}},
        headers or {},
    )


def openai_ok(
    text: str, *, input_tokens: int = 100, output_tokens: int = 20, model: str = ""
) -> FakeReply:
    return FakeReply(
        200,
        {
            "id": "chatcmpl-FAKE",
            "object": "chat.completion",
            "created": 1764000000,
            "model": model or "gpt-5-mini-2025-08-07",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": text, "refusal": None},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": input_tokens,
                "completion_tokens": output_tokens,
                "total_tokens": input_tokens + output_tokens,
            },
        },
    )


def openai_error(status: int, kind: str, headers: dict[str, str] | None = None) -> FakeReply:
    return FakeReply(
        status,
        {"error": {"message": f"fake {kind}", "type": kind, "param": None, "code": kind}},
        headers or {},
    )


def gemini_ok(
    text: str, *, input_tokens: int = 100, output_tokens: int = 20, model: str = ""
) -> FakeReply:
    return FakeReply(
        200,
        {
            "candidates": [
                {
                    "content": {"parts": [{"text": text}], "role": "model"},
                    "finishReason": "STOP",
                    "index": 0,
                }
            ],
            "usageMetadata": {
                "promptTokenCount": input_tokens,
                "candidatesTokenCount": output_tokens,
                "totalTokenCount": input_tokens + output_tokens,
            },
            "modelVersion": model or "gemini-2.5-flash",
            "responseId": "fake-response",
        },
    )


def gemini_error(status: int, kind: str, headers: dict[str, str] | None = None) -> FakeReply:
    return FakeReply(
        status,
        {"error": {"code": status, "message": f"fake {kind}", "status": kind}},
        headers or {},
    )
