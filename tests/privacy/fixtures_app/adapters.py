from __future__ import annotations

from privacy.manifest import ExternalRef


class EraseOnlyAdapter:
    """Can erase but cannot verify: must be reported."""

    def snapshot(self, *, user_id: int, tenant_ids: list[int]) -> list[ExternalRef]:
        return []

    def erase(self, ref: ExternalRef) -> int:
        return 0
