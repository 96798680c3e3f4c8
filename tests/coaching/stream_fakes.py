"""A fake AI vendor that *streams*: server-sent events written one by one (flushed, with an
optional pause), in each vendor's wire format, so the real SDKs' streaming clients run for real
against 127.0.0.1. Error replies reuse the JSON error bodies of tests/ai/fakes.py."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.ai.fakes import FakeReply, RecordedRequest


@dataclass
class StreamReply:
    events: list[tuple[str | None, Any]]  # (SSE event name or None, data: dict or str)
    pause: float = 0.0  # seconds between events
    headers: dict[str, str] = field(default_factory=dict)


class FakeStreamingServer:
    def __init__(self) -> None:
        self.replies: deque[StreamReply | FakeReply] = deque()
        self.requests: list[RecordedRequest] = []
        self.finished_at: list[float] = []
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                with lock:
                    server.requests.append(
                        RecordedRequest("POST", self.path, dict(self.headers.items()), raw)
                    )
                    reply = server.replies.popleft() if server.replies else None
                if reply is None:
                    reply = FakeReply(500, {"error": {"message": "no scripted reply"}})
                try:
                    if isinstance(reply, FakeReply):
                        self._json(reply)
                    else:
                        self._stream(reply)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _json(self, reply: FakeReply) -> None:
                payload = json.dumps(reply.body).encode()
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            def _stream(self, reply: StreamReply) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.send_header("Cache-Control", "no-cache")
                self.send_header("Connection", "close")
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                for index, (event, data) in enumerate(reply.events):
                    if index and reply.pause:
                        time.sleep(reply.pause)
                    body = data if isinstance(data, str) else json.dumps(data)
                    block = (f"event: {event}\n" if event else "") + f"data: {body}\n\n"
                    self.wfile.write(block.encode())
                    self.wfile.flush()
                server.finished_at.append(time.perf_counter())
                self.close_connection = True

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def queue(self, *replies: StreamReply | FakeReply) -> None:
        self.replies.extend(replies)

    def start(self) -> FakeStreamingServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


# --- each vendor's streaming wire format --------------------------------------------------------


def anthropic_stream(chunks: list[str], *, pause: float = 0.0) -> StreamReply:
    events: list[tuple[str | None, Any]] = [
        ("message_start", {"type": "message_start", "message": {
            "id": "msg_01FAKE", "type": "message", "role": "assistant",
            "model": "claude-sonnet-4-6", "content": [], "stop_reason": None,
            "stop_sequence": None, "usage": {"input_tokens": 42, "output_tokens": 1}}}),
        ("content_block_start", {"type": "content_block_start", "index": 0,
                                 "content_block": {"type": "text", "text": ""}}),
    ]  # fmt: skip
    for chunk in chunks:
        events.append(
            ("content_block_delta", {"type": "content_block_delta", "index": 0,
                                     "delta": {"type": "text_delta", "text": chunk}})
        )  # fmt: skip
    events += [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta",
                           "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                           "usage": {"output_tokens": 17}}),
        ("message_stop", {"type": "message_stop"}),
    ]  # fmt: skip
    return StreamReply(events, pause=pause)


def openai_stream(chunks: list[str], *, pause: float = 0.0) -> StreamReply:
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "chatcmpl-FAKE", "object": "chat.completion.chunk", "created": 1764000000,
                "model": "gpt-5-mini-2025-08-07",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}  # fmt: skip

    events: list[tuple[str | None, Any]] = [(None, chunk({"role": "assistant", "content": ""}))]
    events += [(None, chunk({"content": text})) for text in chunks]
    events.append((None, chunk({}, "stop")))
    events.append(
        (None, {"id": "chatcmpl-FAKE", "object": "chat.completion.chunk", "created": 1764000000,
                "model": "gpt-5-mini-2025-08-07", "choices": [],
                "usage": {"prompt_tokens": 42, "completion_tokens": 17, "total_tokens": 59}})
    )  # fmt: skip
    events.append((None, "[DONE]"))
    return StreamReply(events, pause=pause)


def gemini_stream(chunks: list[str], *, pause: float = 0.0) -> StreamReply:
    events: list[tuple[str | None, Any]] = []
    for index, text in enumerate(chunks):
        last = index == len(chunks) - 1
        body: dict[str, Any] = {
            "candidates": [{"content": {"parts": [{"text": text}], "role": "model"}, "index": 0,
                            **({"finishReason": "STOP"} if last else {})}],
            "modelVersion": "gemini-2.5-flash",
        }  # fmt: skip
        if last:
            body["usageMetadata"] = {
                "promptTokenCount": 42, "candidatesTokenCount": 17, "totalTokenCount": 59,
            }  # fmt: skip
        events.append((None, body))
    return StreamReply(events, pause=pause)
