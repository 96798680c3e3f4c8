from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from accounts.demo import DEMO_PASSWORD, DEMO_TENANTS, SUPERUSER_EMAIL, SUPPORT_EMAIL


class Command(BaseCommand):
    help = "Print the demo URLs and logins."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", default="8000")

    def handle(self, *args: Any, **options: Any) -> None:
        port = options["port"]
        out = self.stdout.write
        out("")
        out(self.style.SUCCESS("JobMentis is starting. Open one of these in your browser:"))
        for spec in DEMO_TENANTS:
            signup = "open sign-up" if spec.open_signup else "invite-only"
            out(f"\n  {spec.name} ({signup})")
            out(f"    App:    http://{spec.slug}.localhost:{port}/")
            out(f"    Admin:  http://{spec.slug}.localhost:{port}/admin/")
            out(f"    Job seeker:   {spec.seeker[0]}")
            out(f"    Tenant admin: {spec.admin[0]}")
        out("\n  Platform")
        out(f"    Platform admin: http://localhost:{port}/admin/")
        out(
            f"    Support staff:  {SUPPORT_EMAIL}  (support console: http://localhost:{port}/support/)"
        )
        out(f"    Superuser:      {SUPERUSER_EMAIL}")
        out(f"\n  Password for every demo login: {DEMO_PASSWORD}")
        out("  Emails (verification, password reset) are written to var/mail/.")
        out(f"  Health: http://localhost:{port}/health/\n")
