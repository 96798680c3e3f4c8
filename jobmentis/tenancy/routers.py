from __future__ import annotations

from typing import Any


class MigrationRouter:
    """Only the owner role creates schema: `manage.py migrate --database owner`.

    The app role (default) has no CREATE on the schema, so a plain `migrate` fails loudly rather
    than half-applying; the maintenance role never migrates.
    """

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == "owner"
