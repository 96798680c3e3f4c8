"""Suppressed addresses are stored only as a keyed hash (HMAC-SHA256) of the normalised address.

Without EMAIL_SUPPRESSION_KEY the list identifies nobody; with it, a new send to the same
address is recognised. Normalisation: trimmed and lower-cased (the local part is lower-cased
too: providers treat addresses case-insensitively in practice)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Q

from jobmentis.email.models import Suppression


def address_normalise(address: str) -> str:
    from email.utils import parseaddr

    return parseaddr(address)[1].strip().lower()


def address_hash(address: str) -> str:
    key = str(settings.EMAIL_SUPPRESSION_KEY).encode()
    return hmac.new(key, address_normalise(address).encode(), hashlib.sha256).hexdigest()


# A dead mailbox blocks every email; a spam complaint or a provider-side unsubscribe only stops
# marketing (a password reset must still reach someone who found the newsletter annoying).
MAILBOX_REASONS = (Suppression.Reason.BOUNCED, Suppression.Reason.REJECTED)


def suppressed_addresses(
    *, addresses: Iterable[str], tenant_id: int | None, marketing: bool = True
) -> set[str]:
    """The normalised addresses among `addresses` that must not be sent to on this tenant
    (suppressed for it, or for every tenant). Transactional mail (`marketing=False`) is only
    blocked by bounces and rejections."""
    by_hash = {address_hash(a): address_normalise(a) for a in addresses if address_normalise(a)}
    if not by_hash:
        return set()
    scope = Q(workspace__isnull=True)
    if tenant_id is not None:
        scope |= Q(workspace_id=tenant_id)
    entries = Suppression.objects.filter(scope, address_hash__in=list(by_hash))
    if not marketing:
        entries = entries.filter(reason__in=MAILBOX_REASONS)
    hits = entries.values_list("address_hash", flat=True)
    return {by_hash[h] for h in hits}


def suppression_add(
    *,
    address: str,
    tenant_id: int | None,
    reason: str,
    provider: str = "",
    description: str = "",
) -> Suppression:
    suppression, _created = Suppression.objects.get_or_create(
        workspace_id=tenant_id,
        address_hash=address_hash(address),
        defaults={"reason": reason, "provider": provider, "description": description[:255]},
    )
    return suppression


def suppression_remove(*, address: str, tenant_id: int | None) -> int:
    """Lift a suppression (the user fixed their mailbox, or support confirmed it works)."""
    scope = Q(workspace__isnull=True)
    if tenant_id is not None:
        scope |= Q(workspace_id=tenant_id)
    deleted, _ = Suppression.objects.filter(scope, address_hash=address_hash(address)).delete()
    return deleted


def suppression_lift_everywhere(*, address: str) -> int:
    """Support: the mailbox works again (the user fixed it): lift every suppression of it."""
    deleted, _ = Suppression.objects.filter(address_hash=address_hash(address)).delete()
    return deleted
