from __future__ import annotations

import io
from typing import Any

import pytest

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from resumes.models import Resume
from resumes.services import resume_upload
from resumes.validation import validate_resume_file
from tests.resumes.files import make_pdf


def upload_cv(
    tenant: Tenant, user: User, content: bytes | None = None, name: str = "cv.pdf", **kw: Any
) -> Resume:
    """A CV stored through the real upload service (validation included), not yet parsed."""
    with tenant_context(tenant.pk):
        validated = validate_resume_file(io.BytesIO(content or make_pdf()))
        return resume_upload(user=user, upload=validated, original_filename=name, **kw)


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """A fresh private media folder per test, so 'nothing was stored' can be checked."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "base_url": None},
        },
    }
    return tmp_path / "media"


def stored_files(media: Any) -> list[str]:
    if not media.exists():
        return []
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


@pytest.fixture
def extractor() -> None:
    """Tests of the structured step need the local extractor (resumes.extraction)."""
    pytest.importorskip("resumes.extraction", reason="the local extractor is not installed")
