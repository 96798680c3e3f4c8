from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from accounts.demo import demo_seed


class Command(BaseCommand):
    help = "Create the demo tenants and users (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = demo_seed()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready for {len(tenants)} tenants."))
