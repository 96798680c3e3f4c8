"""Give every tenant that has none the default policies and processors (idempotent). New tenants
get them from accounts.services.tenant_create; run this once for tenants created before."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accounts.models import Tenant
from privacy.consent.interfaces import policy_defaults_ensure


class Command(BaseCommand):
    help = "Create the default privacy policy, terms, cookie policy and processors where missing."

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = list(Tenant.objects.order_by("pk"))
        for tenant in tenants:
            policy_defaults_ensure(tenant=tenant)
        self.stdout.write(f"Checked {len(tenants)} tenant(s).")
