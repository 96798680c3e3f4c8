"""Uploading CVs: real files, checked by content; every bad file gets its specific message and
leaves nothing behind (no row, no stored file, the user's other CVs untouched)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Tenant, User
from jobmentis.tenancy.context import tenant_context
from resumes.models import Resume
from tests.conftest import client_for
from tests.resumes.conftest import stored_files, upload_cv
from tests.resumes.files import (
    make_docx,
    make_docx_with_entities,
    make_docx_zip_bomb,
    make_encrypted_pdf,
    make_pdf,
    make_png,
)

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _post(tenant: Tenant, user: User, name: str, content: bytes, content_type: str) -> Any:
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client_for(tenant, user).post("/cvs/upload/", {"file": upload})


def _resumes(tenant: Tenant) -> list[Resume]:
    with tenant_context(tenant.pk):
        return list(Resume.objects.order_by("pk"))


def test_valid_pdf_is_stored_under_tenant_prefix_with_random_name_and_queued(
    tenant_a: Tenant, seeker_a: User, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = _post(tenant_a, seeker_a, "Ada Lovelace CV (final).pdf", make_pdf(), "x/y")
    [resume] = _resumes(tenant_a)
    assert response.status_code == 302
    assert response["Location"] == f"/cvs/{resume.pk}/"
    assert resume.user_id == seeker_a.pk
    assert resume.kind == "pdf"
    assert resume.status == Resume.Status.UPLOADED
    assert resume.is_primary  # the first CV is primary
    assert resume.page_count == 1
    assert resume.title == "Ada Lovelace CV (final)"
    assert resume.original_filename == "Ada Lovelace CV (final).pdf"
    assert re.fullmatch(
        rf"tenants/{tenant_a.pk}/resumes/{seeker_a.pk}/[0-9a-f]{{32}}\.pdf", resume.file.name
    )
    assert stored_files(media) == [resume.file.name]
    assert len(resume.sha256) == 64


def test_valid_docx_is_accepted_whatever_the_browser_says(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    response = _post(tenant_a, seeker_a, "cv.docx", make_docx(), "application/octet-stream")
    assert response.status_code == 302
    [resume] = _resumes(tenant_a)
    assert resume.kind == "docx"
    assert resume.file.name.endswith(".docx")


def test_upload_queues_parsing_after_commit(
    tenant_a: Tenant,
    seeker_a: User,
    media: Any,
    django_capture_on_commit_callbacks: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from resumes import tasks

    sent: list[dict[str, Any]] = []
    monkeypatch.setattr(
        tasks.resume_parse_start_task, "apply_async", lambda kwargs: sent.append(kwargs)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _post(tenant_a, seeker_a, "cv.pdf", make_pdf(), "application/pdf")
    [resume] = _resumes(tenant_a)
    assert sent == [{"resume_id": resume.pk, "tenant_id": tenant_a.pk}]


def _too_many_pages() -> bytes:
    return make_pdf([["page"]] * 21)


BAD_FILES: list[tuple[str, str, Callable[[], bytes], str]] = [
    ("png_renamed_pdf", "cv.pdf", make_png, "is not a PDF or Word (.docx) document"),
    ("text_renamed_pdf", "cv.pdf", lambda: b"Ada Lovelace\nData analyst\n", "is not a PDF"),
    ("text_renamed_docx", "cv.docx", lambda: b"PK but not a zip", "is not a PDF"),
    ("empty", "cv.pdf", lambda: b"", "The submitted file is empty."),
    ("encrypted_pdf", "cv.pdf", make_encrypted_pdf, "The PDF is password-protected."),
    ("truncated_pdf", "cv.pdf", lambda: make_pdf()[:-400], "appears to be damaged or incomplete"),
    (
        "garbage_pdf",
        "cv.pdf",
        lambda: b"%PDF-1.7\n" + b"\x00garbage" * 50 + b"\n%%EOF\n",
        "appears to be damaged or incomplete",
    ),
    ("too_many_pages", "cv.pdf", _too_many_pages, "The document has 21 pages"),
    ("docx_zip_bomb", "cv.docx", make_docx_zip_bomb, "could harm our servers"),
    ("docx_billion_laughs", "cv.docx", make_docx_with_entities, "DOCTYPE or entity"),
    (
        "docx_external_entity",
        "cv.docx",
        lambda: make_docx_with_entities("xxe"),
        "DOCTYPE or entity",
    ),
    (
        "legacy_doc",
        "cv.doc",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600),
        "old Word (.doc) file or a password-protected",
    ),
]


@pytest.mark.parametrize(
    ("name", "content_factory", "message"),
    [pytest.param(n, f, m, id=case) for case, n, f, m in BAD_FILES],
)
def test_bad_file_gets_specific_error_and_nothing_is_stored(
    tenant_a: Tenant,
    seeker_a: User,
    media: Any,
    name: str,
    content_factory: Callable[[], bytes],
    message: str,
) -> None:
    existing = upload_cv(tenant_a, seeker_a, name="keep.pdf")
    before = stored_files(media)

    response = _post(tenant_a, seeker_a, name, content_factory(), "application/pdf")

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert f"“{name}” was not uploaded. Nothing else was changed." in html
    assert [r.pk for r in _resumes(tenant_a)] == [existing.pk]  # the other CV is untouched
    assert stored_files(media) == before


def test_oversize_file_is_refused_before_parsing(
    tenant_a: Tenant, seeker_a: User, media: Any, settings: Any
) -> None:
    settings.RESUME_MAX_BYTES = 1000
    response = _post(tenant_a, seeker_a, "cv.pdf", make_pdf(), "application/pdf")
    assert response.status_code == 400
    assert "The file is too large: the maximum size is 1000" in response.content.decode()
    assert _resumes(tenant_a) == []
    assert stored_files(media) == []


def test_owner_password_only_pdf_is_accepted(tenant_a: Tenant, seeker_a: User, media: Any) -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="", owner_password="owner-only")
    out = io.BytesIO()
    writer.write(out)
    response = _post(tenant_a, seeker_a, "cv.pdf", out.getvalue(), "application/pdf")
    assert response.status_code == 302


def test_failed_storage_write_leaves_no_row(
    tenant_a: Tenant, seeker_a: User, media: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_save(self: Resume, *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(Resume, "save", broken_save)
    with pytest.raises(RuntimeError):
        upload_cv(tenant_a, seeker_a)
    monkeypatch.undo()
    assert _resumes(tenant_a) == []
    assert stored_files(media) == []


def test_second_upload_is_not_primary(tenant_a: Tenant, seeker_a: User, media: Any) -> None:
    first = upload_cv(tenant_a, seeker_a)
    second = upload_cv(tenant_a, seeker_a, make_docx(), name="other.docx")
    assert first.is_primary and not second.is_primary


def test_upload_form_works_without_javascript(tenant_a: Tenant, seeker_a: User) -> None:
    html = client_for(tenant_a, seeker_a).get("/cvs/").content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'action="/cvs/upload/"' in html
    assert 'type="file" name="file"' in html
    assert '<button type="submit" class="btn btn--primary btn--block"' in html
    assert "/static/js/resumes.js" in html  # drag and drop is an enhancement on top


def test_uploads_are_rate_limited_per_user(
    tenant_a: Tenant, seeker_a: User, admin_a: User, media: Any, settings: Any
) -> None:
    settings.RESUME_UPLOADS_PER_HOUR = 2
    for number in range(2):
        cv = make_pdf([[f"CV number {number}"]])
        assert _post(tenant_a, seeker_a, "cv.pdf", cv, "application/pdf").status_code == 302
    response = _post(tenant_a, seeker_a, "cv.pdf", make_pdf(), "application/pdf")
    assert response.status_code == 429
    assert "uploaded many files in the last hour" in response.content.decode()
    assert len(_resumes(tenant_a)) == 2
    # Another user of the tenant has their own allowance.
    assert _post(tenant_a, admin_a, "cv.pdf", make_pdf(), "application/pdf").status_code == 302


def test_uploading_the_same_file_again_points_to_the_existing_cv(
    tenant_a: Tenant, seeker_a: User, admin_a: User, media: Any
) -> None:
    content = make_pdf()
    client = client_for(tenant_a, seeker_a)
    first = client.post("/cvs/upload/", {"file": SimpleUploadedFile("cv.pdf", content)})
    again = client.post("/cvs/upload/", {"file": SimpleUploadedFile("copy.pdf", content)})
    [resume] = _resumes(tenant_a)
    assert again["Location"] == first["Location"] == f"/cvs/{resume.pk}/"
    page = client.get(again["Location"]).content.decode()
    assert "You have already uploaded this file as “cv”." in page
    # Another user uploading the same bytes gets their own CV.
    assert _post(tenant_a, admin_a, "cv.pdf", content, "application/pdf").status_code == 302
    assert len(_resumes(tenant_a)) == 2
