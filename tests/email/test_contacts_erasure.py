"""The privacy engine's email-contacts adapter (erase + verify) against the fake Brevo, and our
Brevo contacts adapter: erase deletes the contact, 404 counts as already gone."""

from __future__ import annotations

from typing import Any

import pytest

from notifications import brevo
from privacy.adapters.email_contacts import EmailContactsAdapter, EmailContactsError
from privacy.manifest import ExternalRef
from tests.fakes.email_providers import API_KEY, FakeEmailProviders


@pytest.fixture
def brevo_contacts(settings: Any, fake_email_providers: FakeEmailProviders) -> FakeEmailProviders:
    settings.PRIVACY_EMAIL_CONTACTS_PROVIDER = "brevo"
    settings.PRIVACY_EMAIL_CONTACTS_API_KEY = API_KEY
    settings.PRIVACY_EMAIL_CONTACTS_BASE_URL = fake_email_providers.brevo_url.rstrip("/")
    settings.BREVO_CONTACTS_API_URL = fake_email_providers.brevo_url.rstrip("/")
    settings.BREVO_API_KEY = API_KEY
    return fake_email_providers


def test_erase_then_verify_against_brevo(brevo_contacts: FakeEmailProviders) -> None:
    brevo.brevo_contact_upsert(email="ada@example.com", list_id=3, attributes={})
    assert brevo.brevo_contact_get(email="ada@example.com") is not None
    adapter = EmailContactsAdapter()
    ref = ExternalRef(system="email_contacts", ref="ada@example.com")
    assert adapter.verify(ref) is False
    assert adapter.erase(ref) == 1
    assert adapter.verify(ref) is True
    assert adapter.erase(ref) == 0  # 404: already gone, still a success
    assert brevo.brevo_contact_get(email="ada@example.com") is None


def test_erase_during_outage_raises_for_retry(brevo_contacts: FakeEmailProviders) -> None:
    brevo_contacts.outage = True
    with pytest.raises(EmailContactsError):
        EmailContactsAdapter().erase(ExternalRef(system="email_contacts", ref="ada@example.com"))


def test_brevo_adapter_delete_and_list_removal(brevo_contacts: FakeEmailProviders) -> None:
    brevo.brevo_contact_upsert(email="ada@example.com", list_id=3, attributes={"FIRSTNAME": "A"})
    brevo.brevo_contact_upsert(email="ada@example.com", list_id=4, attributes={})
    assert brevo_contacts.contacts["ada@example.com"]["listIds"] == [3, 4]
    assert brevo.brevo_contact_remove_from_list(email="ada@example.com", list_id=3) is True
    assert brevo.brevo_contact_remove_from_list(email="ada@example.com", list_id=3) is False
    assert brevo.brevo_contact_delete(email="ada@example.com") is True
    assert brevo.brevo_contact_delete(email="ada@example.com") is False
    [upsert, *_] = [r for r in brevo_contacts.requests if r.path == "/brevo/v3/contacts"]
    assert upsert.headers["api-key"] == API_KEY
    assert upsert.body["updateEnabled"] is True


def test_wrong_key_is_an_error(settings: Any, brevo_contacts: FakeEmailProviders) -> None:
    settings.BREVO_API_KEY = "wrong"
    with pytest.raises(brevo.BrevoError):
        brevo.brevo_contact_upsert(email="ada@example.com", list_id=3, attributes={})


@pytest.mark.parametrize("provider", ["resend", "sendgrid"])
def test_erase_then_verify_against_resend_and_sendgrid(
    provider: str, settings: Any, fake_email_providers: FakeEmailProviders
) -> None:
    settings.PRIVACY_EMAIL_CONTACTS_PROVIDER = provider
    settings.PRIVACY_EMAIL_CONTACTS_API_KEY = API_KEY
    settings.PRIVACY_EMAIL_CONTACTS_BASE_URL = f"{fake_email_providers.base_url}/" + (
        "resend" if provider == "resend" else "sendgrid/v3"
    )
    settings.PRIVACY_EMAIL_CONTACTS_AUDIENCE = "aud_1"
    fake_email_providers.resend_contacts.add(("aud_1", "ada@example.com"))
    fake_email_providers.sendgrid_contacts["ada@example.com"] = "sg-contact-1"
    adapter = EmailContactsAdapter()
    ref = ExternalRef(system="email_contacts", ref="ada@example.com")
    assert adapter.verify(ref) is False
    assert adapter.erase(ref) == 1
    assert adapter.verify(ref) is True
    assert adapter.erase(ref) == 0
