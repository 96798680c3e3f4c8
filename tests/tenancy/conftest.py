from __future__ import annotations

from tests.tenancy.world import world

__all__ = ["world"]
