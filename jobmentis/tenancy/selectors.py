from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.models import Tenant


def hostname_of(host: str) -> str:
    """`Acme.Localhost:8000` -> `acme.localhost` (IPv6 literals keep their brackets)."""
    host = host.strip().lower()
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def tenant_for_hostname(hostname: str) -> Tenant | None:
    """Active tenant serving this host, from TenantDomain (a global table), or None."""
    from accounts.models import TenantDomain

    domain = (
        TenantDomain.objects.select_related("tenant")
        .filter(domain=hostname, tenant__is_active=True)
        .first()
    )
    return domain.tenant if domain else None
