"""A fake PostHog and a fake Meta Graph API on 127.0.0.1, for the real `posthog` SDK and our
Conversions API adapter.

PostHog:
    POST /batch/ (also /i/v0/e/, /e/)                  -> {"status": 1}   (captured events)
    GET  /static/array.js                              -> a stub script (the browser loader)
    GET  /api/projects/<id>/persons/?distinct_id=<d>   -> {"results": [{"id": ...}]} or []
    DELETE /api/projects/<id>/persons/<uuid>/          -> 204 (person gone)
Meta:
    POST /<version>/<pixel>/events                     -> {"events_received": n, "fbtrace_id": ...}
Every request is recorded (method, path, query, JSON body) in `requests`.
"""

from __future__ import annotations

import gzip
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

ARRAY_JS = b"window.__fakePosthogLoaded = true;\n"


@dataclass
class FakeTracking:
    base_url: str = ""
    requests: list[dict[str, Any]] = field(default_factory=list)
    persons: dict[str, str] = field(default_factory=dict)  # distinct_id -> person uuid
    fail_next: int = 0

    def posthog_events(self) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        for r in self.requests:
            if r["method"] == "POST" and not r["path"].endswith("/events"):
                body = r["body"] or {}
                events.extend(body.get("batch", []) if isinstance(body, dict) else [])
        return events

    def meta_posts(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"].endswith("/events")]

    def person_add(self, distinct_id: str) -> str:
        person = str(uuid.uuid4())
        self.persons[distinct_id] = person
        return person

    def handle(
        self, method: str, path: str, query: dict[str, list[str]], body: Any
    ) -> tuple[int, Any]:
        if self.fail_next:
            self.fail_next -= 1
            return 503, {"error": "unavailable"}
        if method == "GET" and path == "/static/array.js":
            return 200, ARRAY_JS
        if path.endswith("/events") and method == "POST":
            return 200, {"events_received": len(body.get("data", [])), "fbtrace_id": "FAKE"}
        if "/persons/" in path and method == "GET":
            distinct = query.get("distinct_id", [""])[0]
            person = self.persons.get(distinct)
            return 200, {"results": [{"id": person, "distinct_ids": [distinct]}] if person else []}
        if "/persons/" in path and method == "DELETE":
            person = path.rstrip("/").rsplit("/", 1)[-1]
            for distinct, value in list(self.persons.items()):
                if value == person:
                    del self.persons[distinct]
                    return 204, None
            return 404, {"detail": "Not found."}
        if method == "POST":
            return 200, {"status": 1}
        return 404, {"detail": "Not found."}


def _handler(fake: FakeTracking) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if self.headers.get("Content-Encoding") == "gzip" and raw:
                raw = gzip.decompress(raw)
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = None
            query = parse_qs(parts.query)
            fake.requests.append(
                {"method": method, "path": parts.path, "query": query, "body": body}
            )
            status, payload = fake.handle(method, parts.path, query, body)
            self.send_response(status)
            if isinstance(payload, bytes):
                self.send_header("Content-Type", "application/javascript")
                self.send_header("Access-Control-Allow-Origin", "*")
                self.end_headers()
                self.wfile.write(payload)
                return
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def do_DELETE(self) -> None:
            self._serve("DELETE")

        def log_message(self, *args: Any) -> None:
            return

    return Handler


@pytest.fixture
def fake_tracking(settings: Any) -> Iterator[FakeTracking]:
    """A running fake PostHog + Meta; META_GRAPH_BASE_URL points at it (PostHog's host is a
    tenant setting: use `fake.base_url`)."""
    fake = FakeTracking()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.META_GRAPH_BASE_URL = fake.base_url
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
