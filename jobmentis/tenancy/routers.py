from __future__ import annotations

from typing import Any


class MigrationRouter:
    """Schema changes run as the owner role: `manage.py migrate --database owner`.

    `allow_migrate` also tells Django which models live on a connection (flush, dumpdata,
    loaddata and TransactionTestCase's table flush all ask it), so the app role (`default`)
    must answer True as well: its tables are the same tables. A plain `migrate` on `default`
    still fails loudly, because the app role has no CREATE on the schema. The maintenance
    connection never migrates and is never flushed.
    """

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db in {"owner", "default"}
