from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.requests.models import DataSubjectRequest
from privacy.requests.services import request_create_for_user
from tests.conftest import TEST_PASSWORD

PLATFORM_HOST = settings.PLATFORM_HOSTS[0]


@pytest.fixture
def support_user(db: None) -> User:
    return User.objects.create_user(
        email="agent@support.test", password=TEST_PASSWORD, is_support=True
    )


@pytest.fixture
def support_client(support_user: User) -> Client:
    client = Client(HTTP_HOST=PLATFORM_HOST)
    client.force_login(support_user)
    return client


def code_from_outbox() -> str:
    """The 6-digit code of the latest verification email."""
    message = next(m for m in reversed(mail.outbox) if "confirmation code" in m.subject)
    match = re.search(r"\b(\d{6})\b", str(message.body))
    assert match is not None
    return match.group(1)


@pytest.fixture
def make_request(
    django_capture_on_commit_callbacks: Callable[..., object],
) -> Callable[..., DataSubjectRequest]:
    def make(*, tenant: Tenant, user: User, kind: str = "access") -> DataSubjectRequest:
        with tenant_context(tenant.pk):
            return request_create_for_user(user=user, kind=kind)

    return make
