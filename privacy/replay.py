"""Re-apply erasures after a database restore.

A backup taken before an erasure brings the person back when restored. The receipts ledger
lives outside the database, so it survives the restore; each entry names its subject by a keyed
hash of the user id. We hash every restored user id with the same key (kept outside the DB) and
erase again whoever matches, immediately (the grace period was already served).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from privacy.erasure import erasure_run, user_tenant_ids
from privacy.ledger import ledger_entries
from privacy.models import ErasureRequest
from privacy.subject import subject_hash


@dataclass
class ReplayResult:
    entries: int = 0
    matched: int = 0
    erased: list[int] = field(default_factory=list)  # request ids of the new runs


def erasure_replay(*, since: datetime) -> ReplayResult:
    """Must run outside any tenant context (each erasure spans the user's tenants)."""
    entries = ledger_entries(since=since)
    result = ReplayResult(entries=len(entries))
    by_hash = {entry["subject_hash"]: entry for entry in entries}
    if not by_hash:
        return result
    existing_tenants = set(Tenant.objects.values_list("pk", flat=True))
    for user_id in User.objects.order_by("pk").values_list("pk", flat=True).iterator():
        digest = subject_hash(user_id)
        entry = by_hash.get(digest)
        if entry is None:
            continue
        result.matched += 1
        tenant_id = entry["tenant"]
        if tenant_id not in existing_tenants:
            tenants = user_tenant_ids(user_id)
            if not tenants:
                continue
            tenant_id = tenants[0]
        now = timezone.now()
        with tenant_context(tenant_id):
            request = ErasureRequest.objects.create(
                user_id=user_id,
                subject_id=user_id,
                subject_hash=digest,
                source="replay",
                status=ErasureRequest.Status.RUNNING,
                requested_at=now,
                grace_until=now - timedelta(seconds=1),
                tenant_ids=[tenant_id],
            )
        erasure_run(request_id=request.pk, tenant_id=tenant_id)
        result.erased.append(request.pk)
    return result
