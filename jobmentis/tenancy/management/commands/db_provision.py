from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from jobmentis.tenancy.provisioning import (
    RoleNames,
    RolePasswords,
    provision_database,
    provision_roles,
)


def _db_setting(alias: str, key: str) -> str:
    return str(settings.DATABASES[alias][key])


def role_names_from_settings() -> RoleNames:
    return RoleNames(
        owner=_db_setting("owner", "USER"),
        app=_db_setting("default", "USER"),
        maintenance=_db_setting("maintenance", "USER"),
    )


def superuser_dsn() -> str:
    return os.environ.get(
        "DATABASE_SUPERUSER_URL",
        f"postgresql://postgres@{settings.DB_HOST}:{settings.DB_PORT}/postgres",
    )


class Command(BaseCommand):
    help = "Create the owner/app/maintenance roles and the database (idempotent; superuser DSN)."

    def handle(self, *args: Any, **options: Any) -> None:
        roles = role_names_from_settings()
        provision_roles(
            superuser_dsn(),
            roles,
            RolePasswords(
                owner=_db_setting("owner", "PASSWORD"),
                app=_db_setting("default", "PASSWORD"),
                maintenance=_db_setting("maintenance", "PASSWORD"),
            ),
        )
        provision_database(superuser_dsn(), _db_setting("default", "NAME"), roles)
        self.stdout.write(
            self.style.SUCCESS(
                f"Roles {roles.owner}, {roles.app}, {roles.maintenance} and database "
                f"{settings.DATABASES['default']['NAME']} are ready."
            )
        )
