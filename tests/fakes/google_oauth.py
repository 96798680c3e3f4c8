"""A fake Google OAuth 2.0 / OpenID Connect server on 127.0.0.1, speaking Google's wire format.

allauth's real Google adapter and HTTP client talk to it over real sockets; only the endpoint
URLs are swapped (see `point_allauth_at`). It checks what Google checks — client id and secret,
redirect URI, one-time codes, PKCE — so a broken flow on our side fails here as it would at
Google. Endpoints:

    GET  /o/oauth2/v2/auth   consent (always granted) -> 302 to redirect_uri with code and state
    POST /token              code -> access token + RS256-signed id_token (JSON)
    GET  /oauth2/v2/userinfo Bearer access token -> profile (used when no id_token is returned)
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

ISSUER = "https://accounts.google.com"


@dataclass
class GoogleUser:
    sub: str = "108234567890123456789"
    email: str = "grace@gmail.example"
    email_verified: bool = True
    name: str = "Grace Hopper"
    given_name: str = "Grace"
    family_name: str = "Hopper"


@dataclass
class _Grant:
    client_id: str
    redirect_uri: str
    code_challenge: str
    scope: str
    user: GoogleUser


@dataclass
class FakeGoogle:
    client_id: str
    client_secret: str
    base_url: str = ""
    user: GoogleUser = field(default_factory=GoogleUser)
    # Failure knobs for tests: HTTP status the token endpoint answers with, and whether the
    # token response carries an id_token (Google's normal case) or forces the userinfo call.
    token_status: int = 200
    include_id_token: bool = True
    requests: list[str] = field(default_factory=list)
    _grants: dict[str, _Grant] = field(default_factory=dict)
    _tokens: dict[str, GoogleUser] = field(default_factory=dict)
    _key: rsa.RSAPrivateKey = field(default_factory=lambda: _signing_key())

    @property
    def authorize_url(self) -> str:
        return f"{self.base_url}/o/oauth2/v2/auth"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/token"

    @property
    def userinfo_url(self) -> str:
        return f"{self.base_url}/oauth2/v2/userinfo"

    # --- endpoint logic (pure: returns status + JSON-able body or a redirect) -----------------

    def authorize(self, query: dict[str, str]) -> tuple[int, dict[str, Any], str | None]:
        if query.get("client_id") != self.client_id:
            return 400, {"error": "invalid_client"}, None
        if query.get("response_type") != "code" or query.get("code_challenge_method") != "S256":
            return 400, {"error": "invalid_request"}, None
        code = secrets.token_urlsafe(24)
        self._grants[code] = _Grant(
            client_id=query["client_id"],
            redirect_uri=query["redirect_uri"],
            code_challenge=query.get("code_challenge", ""),
            scope=query.get("scope", ""),
            user=self.user,
        )
        location = f"{query['redirect_uri']}?{urlencode({'state': query['state'], 'code': code})}"
        return 302, {}, location

    def token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if self.token_status != 200:
            return self.token_status, {"error": "internal_failure"}
        if (form.get("client_id"), form.get("client_secret")) != (
            self.client_id,
            self.client_secret,
        ):
            return 401, {"error": "invalid_client"}
        grant = self._grants.pop(form.get("code", ""), None)
        if (
            grant is None
            or form.get("grant_type") != "authorization_code"
            or form.get("redirect_uri") != grant.redirect_uri
            or _s256(form.get("code_verifier", "")) != grant.code_challenge
        ):
            return 400, {"error": "invalid_grant", "error_description": "Bad Request"}
        access_token = "ya29." + secrets.token_urlsafe(32)
        self._tokens[access_token] = grant.user
        body: dict[str, Any] = {
            "access_token": access_token,
            "expires_in": 3599,
            "scope": grant.scope,
            "token_type": "Bearer",
        }
        if self.include_id_token:
            body["id_token"] = self._id_token(grant.user)
        return 200, body

    def userinfo(self, authorization: str) -> tuple[int, dict[str, Any]]:
        user = self._tokens.get(authorization.removeprefix("Bearer "))
        if user is None:
            return 401, {"error": {"code": 401, "status": "UNAUTHENTICATED"}}
        return 200, {
            "id": user.sub,
            "email": user.email,
            "verified_email": user.email_verified,
            "name": user.name,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "picture": "https://lh3.googleusercontent.example/a/photo",
        }

    def _id_token(self, user: GoogleUser) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "azp": self.client_id,
            "aud": self.client_id,
            "sub": user.sub,
            "email": user.email,
            "email_verified": user.email_verified,
            "name": user.name,
            "given_name": user.given_name,
            "family_name": user.family_name,
            "iat": now,
            "exp": now + 3600,
            "jti": secrets.token_hex(16),
        }
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": "fake-key-1"})

    def consent(self, authorize_redirect: str) -> str:
        """What the browser does at Google: follow allauth's redirect, get sent back with a code."""
        response = requests.get(authorize_redirect, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        return str(response.headers["Location"])


@functools.cache
def _signing_key() -> rsa.RSAPrivateKey:
    # One key per test session: generating a 2048-bit key takes about half a second.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _handler_for(fake: FakeGoogle) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _json(self, status: int, body: dict[str, Any]) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            fake.requests.append(f"GET {url.path}")
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            if url.path == "/o/oauth2/v2/auth":
                status, body, location = fake.authorize(query)
                if location:
                    self.send_response(status)
                    self.send_header("Location", location)
                    self.end_headers()
                    return
                self._json(status, body)
            elif url.path == "/oauth2/v2/userinfo":
                self._json(*fake.userinfo(self.headers.get("Authorization", "")))
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:
            url = urlsplit(self.path)
            fake.requests.append(f"POST {url.path}")
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            if url.path == "/token":
                self._json(*fake.token(form))
            else:
                self._json(404, {"error": "not_found"})

    return Handler


@contextmanager
def fake_google_server(*, client_id: str, client_secret: str) -> Iterator[FakeGoogle]:
    fake = FakeGoogle(client_id=client_id, client_secret=client_secret)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(fake))
    fake.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    # A short poll interval keeps shutdown() (which waits for the next poll) from costing 0.5 s.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def point_allauth_at(fake: FakeGoogle, monkeypatch: pytest.MonkeyPatch) -> None:
    """Aim allauth's Google adapter at the fake.

    allauth reads these URLs from SOCIALACCOUNT_PROVIDERS["google"] once, at import time, into
    class attributes of the adapter; setting the attributes is the same configuration, applied
    after import. None of allauth's logic is replaced.
    """
    from allauth.socialaccount.providers.google.views import GoogleOAuth2Adapter

    monkeypatch.setattr(GoogleOAuth2Adapter, "authorize_url", fake.authorize_url)
    monkeypatch.setattr(GoogleOAuth2Adapter, "access_token_url", fake.token_url)
    monkeypatch.setattr(GoogleOAuth2Adapter, "identity_url", fake.userinfo_url)
