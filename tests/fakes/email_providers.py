"""A fake of the three email providers' HTTP APIs on 127.0.0.1, in their wire formats.

The real anymail backends (and our Brevo contacts adapter) talk to it over real sockets; only
the API base URLs are swapped (ANYMAIL["<ESP>_API_URL"], BREVO_CONTACTS_API_URL). It checks
the API key header each provider expects. Endpoints:

    Brevo     POST /brevo/v3/smtp/email                      -> 201 {"messageId": ...}
              POST /brevo/v3/contacts                        -> 201 / 204 (updateEnabled)
              GET|DELETE /brevo/v3/contacts/<email>          -> 200|204 / 404
              POST /brevo/v3/contacts/lists/<id>/contacts/remove -> 201
    Resend    POST /resend/emails                            -> 200 {"id": ...}
    SendGrid  POST /sendgrid/v3/mail/send                    -> 202, X-Message-Id header

`outage` makes every request answer 500 until it is cleared (a provider outage).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

import pytest

API_KEY = "test-provider-key"


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: Any


@dataclass
class FakeEmailProviders:
    base_url: str = ""
    outage: bool = False
    requests: list[Recorded] = field(default_factory=list)
    # Brevo contacts: email -> {"listIds": [...], "attributes": {...}}
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Resend audience contacts: (audience id, email); SendGrid marketing contacts: email -> id.
    resend_contacts: set[tuple[str, str]] = field(default_factory=set)
    sendgrid_contacts: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def brevo_url(self) -> str:
        return f"{self.base_url}/brevo/v3/"

    @property
    def resend_url(self) -> str:
        return f"{self.base_url}/resend/"

    @property
    def sendgrid_url(self) -> str:
        return f"{self.base_url}/sendgrid/v3/"

    def sent(self, provider: str) -> list[Recorded]:
        paths = {
            "brevo": "/brevo/v3/smtp/email",
            "resend": "/resend/emails",
            "sendgrid": "/sendgrid/v3/mail/send",
        }
        return [r for r in self.requests if r.method == "POST" and r.path == paths[provider]]

    def handle(
        self, method: str, path: str, headers: dict[str, str], body: Any
    ) -> tuple[int, dict[str, str], Any]:
        with self._lock:
            self.requests.append(Recorded(method, path, headers, body))
            if self.outage:
                return 500, {}, {"message": "internal error"}
            if path.startswith("/brevo/"):
                if headers.get("api-key") != API_KEY:
                    return 401, {}, {"code": "unauthorized", "message": "Key not found"}
                return self._brevo(method, path.removeprefix("/brevo/v3"), body)
            if path.startswith("/resend/"):
                if headers.get("authorization") != f"Bearer {API_KEY}":
                    return 401, {}, {"name": "validation_error", "message": "API key is invalid"}
                if method == "POST" and path == "/resend/emails":
                    return 200, {}, {"id": str(uuid.uuid4())}
                return self._resend_contacts(method, path)
            if path.startswith("/sendgrid/"):
                if headers.get("authorization") != f"Bearer {API_KEY}":
                    return 401, {}, {"errors": [{"message": "authorization required"}]}
                if method == "POST" and path == "/sendgrid/v3/mail/send":
                    return 202, {"X-Message-Id": uuid.uuid4().hex}, None
                return self._sendgrid_contacts(method, path, body)
            return 404, {}, {"message": "not found"}

    def _resend_contacts(self, method: str, path: str) -> tuple[int, dict[str, str], Any]:
        parts = path.removeprefix("/resend/").split("/")
        if len(parts) == 4 and parts[0] == "audiences" and parts[2] == "contacts":
            key = (parts[1], unquote(parts[3]).lower())
            if key not in self.resend_contacts:
                return 404, {}, {"name": "not_found", "message": "Contact not found"}
            if method == "GET":
                return 200, {}, {"object": "contact", "email": key[1]}
            if method == "DELETE":
                self.resend_contacts.discard(key)
                return 200, {}, {"object": "contact", "deleted": True}
        return 404, {}, {"message": "not found"}

    def _sendgrid_contacts(
        self, method: str, path: str, body: Any
    ) -> tuple[int, dict[str, str], Any]:
        route, _, query = path.partition("?")
        if method == "POST" and route == "/sendgrid/v3/marketing/contacts/search/emails":
            found = {
                email: {"contact": {"id": self.sendgrid_contacts[email.lower()], "email": email}}
                for email in body.get("emails", [])
                if email.lower() in self.sendgrid_contacts
            }
            if not found:
                return 404, {}, {"errors": [{"message": "No contacts found"}]}
            return 200, {}, {"result": found}
        if method == "DELETE" and route == "/sendgrid/v3/marketing/contacts":
            ids = {value for key, value in parse_qsl(query) if key == "ids"}
            self.sendgrid_contacts = {
                e: i for e, i in self.sendgrid_contacts.items() if i not in ids
            }
            return 202, {}, {"job_id": uuid.uuid4().hex}
        return 404, {}, {"message": "not found"}

    def _brevo(self, method: str, path: str, body: Any) -> tuple[int, dict[str, str], Any]:
        if method == "POST" and path == "/smtp/email":
            return 201, {}, {"messageId": f"<{uuid.uuid4().hex}@smtp-relay.mailin.fr>"}
        if method == "POST" and path == "/contacts":
            email = body["email"].lower()
            existing = email in self.contacts
            if existing and not body.get("updateEnabled"):
                return 400, {}, {"code": "duplicate_parameter", "message": "Contact exists"}
            contact = self.contacts.setdefault(email, {"listIds": [], "attributes": {}})
            contact["listIds"] = sorted({*contact["listIds"], *body.get("listIds", [])})
            contact["attributes"].update(body.get("attributes", {}))
            return (204, {}, None) if existing else (201, {}, {"id": len(self.contacts)})
        if path.startswith("/contacts/lists/") and path.endswith("/contacts/remove"):
            list_id = int(path.split("/")[3])
            removed = []
            for email in body.get("emails", []):
                contact = self.contacts.get(email.lower())
                if contact and list_id in contact["listIds"]:
                    contact["listIds"].remove(list_id)
                    removed.append(email)
            if not removed:
                return 400, {}, {"code": "invalid_parameter", "message": "not in list"}
            return 201, {}, {"contacts": {"success": removed, "failure": []}}
        if path.startswith("/contacts/"):
            email = unquote(path.removeprefix("/contacts/")).lower()
            contact = self.contacts.get(email)
            if contact is None:
                return 404, {}, {"code": "document_not_found", "message": "Contact not found"}
            if method == "GET":
                return 200, {}, {"email": email, **contact}
            if method == "DELETE":
                del self.contacts[email]
                return 204, {}, None
        return 404, {}, {"message": "not found"}


def _handler_for(fake: FakeEmailProviders) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length) if length else b""
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode(errors="replace")
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, extra, payload = fake.handle(self.command, self.path, headers, body)
            data = b"" if payload is None else json.dumps(payload).encode()
            self.send_response(status)
            for key, value in extra.items():
                self.send_header(key, value)
            if data:
                self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_DELETE = do_PUT = _serve

    return Handler


@pytest.fixture
def fake_email_providers() -> Iterator[FakeEmailProviders]:
    fake = FakeEmailProviders()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
