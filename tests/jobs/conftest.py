from __future__ import annotations

from typing import Any

from accounts.models import Tenant, User
from jobs.models import Application
from jobs.services import application_create


def make_application(tenant: Tenant, user: User, **kw: Any) -> Application:
    """An application added through the real service (timeline entry included)."""
    kw.setdefault("company", "Initech")
    kw.setdefault("title", "Data analyst")
    return application_create(user=user, tenant=tenant, **kw)
