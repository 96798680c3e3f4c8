"""Erase adapter for the contact a transactional email provider keeps for each recipient.

One adapter for the three providers we support; the provider is chosen by
PRIVACY_EMAIL_CONTACTS_PROVIDER ("brevo", "sendgrid" or "resend"). A 404 means the contact is
already gone, which is success for both erase and verify.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import requests
from django.conf import settings

from privacy.manifest import ExternalRef

SYSTEM = "email_contacts"
TIMEOUT = 15
DEFAULT_BASE_URLS = {
    "brevo": "https://api.brevo.com/v3",
    "sendgrid": "https://api.sendgrid.com/v3",
    "resend": "https://api.resend.com",
}


class EmailContactsError(RuntimeError):
    """The provider answered with an error other than "not found" (the step is retried)."""


class EmailContactsAdapter:
    def __init__(self) -> None:
        self.provider = settings.PRIVACY_EMAIL_CONTACTS_PROVIDER
        self.base_url = (
            settings.PRIVACY_EMAIL_CONTACTS_BASE_URL or DEFAULT_BASE_URLS.get(self.provider, "")
        ).rstrip("/")
        self.api_key = settings.PRIVACY_EMAIL_CONTACTS_API_KEY

    def _headers(self) -> dict[str, str]:
        if self.provider == "brevo":
            return {"api-key": self.api_key, "accept": "application/json"}
        return {"Authorization": f"Bearer {self.api_key}", "accept": "application/json"}

    def _contact_url(self, email: str) -> str:
        if self.provider == "brevo":
            return f"{self.base_url}/contacts/{quote(email)}"
        if self.provider == "resend":
            audience = settings.PRIVACY_EMAIL_CONTACTS_AUDIENCE
            return f"{self.base_url}/audiences/{audience}/contacts/{quote(email)}"
        raise EmailContactsError(f"no contact URL for {self.provider}")

    def _request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        response = requests.request(method, url, headers=self._headers(), timeout=TIMEOUT, **kwargs)
        if response.status_code >= 400 and response.status_code != 404:
            raise EmailContactsError(f"{self.provider} answered {response.status_code}")
        return response

    def snapshot(self, *, user_id: int, tenant_ids: list[int]) -> list[ExternalRef]:
        from allauth.account.models import EmailAddress

        from accounts.models import User

        emails = set(EmailAddress.objects.filter(user_id=user_id).values_list("email", flat=True))
        emails.update(User.objects.filter(pk=user_id).values_list("email", flat=True))
        return [ExternalRef(system=SYSTEM, ref=email.lower()) for email in sorted(emails)]

    def _sendgrid_ids(self, email: str) -> list[str]:
        response = self._request(
            "POST",
            f"{self.base_url}/marketing/contacts/search/emails",
            json={"emails": [email]},
        )
        if response.status_code == 404:
            return []
        result = response.json().get("result", {})
        return [item["contact"]["id"] for item in result.values() if "contact" in item]

    def erase(self, ref: ExternalRef) -> int:
        if self.provider == "sendgrid":
            ids = self._sendgrid_ids(ref.ref)
            if not ids:
                return 0
            self._request("DELETE", f"{self.base_url}/marketing/contacts", params={"ids": ids})
            return len(ids)
        response = self._request("DELETE", self._contact_url(ref.ref))
        return 0 if response.status_code == 404 else 1

    def verify(self, ref: ExternalRef) -> bool:
        if self.provider == "sendgrid":
            return not self._sendgrid_ids(ref.ref)
        return self._request("GET", self._contact_url(ref.ref)).status_code == 404
