"""Events that already send email also feed the notification centre."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from notifications.models import Kind, Notification
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_privacy_request_acknowledgement_lands_in_the_centre(
    tenant_a: Tenant, seeker_a: User, django_capture_on_commit_callbacks: Any
) -> None:
    client = client_for(tenant_a, seeker_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/settings/privacy/requests/", {"kind": "portability", "details": ""})
    with tenant_context(tenant_a.pk):
        [row] = Notification.objects.filter(user=seeker_a)
    assert row.kind == Kind.DSR_NOTICE and row.url == "/settings/privacy/"
