"""Private files on S3: the production settings path (FILE_STORAGE_BACKEND=s3) with the real
django-storages/boto3 stack talking HTTP to a local S3-compatible server (moto_server).

Objects live under the tenant's prefix with a random name, are written with server-side
encryption and a private ACL, come back only through the authorised download view, and go away
with their CV.
"""

from __future__ import annotations

import io
import re
import runpy
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from storages.backends.s3 import S3Storage

from accounts.models import Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.settings import base as base_settings
from jobmentis.tenancy.context import tenant_context
from resumes.models import Resume
from resumes.services import resume_parse
from tests.conftest import TEST_PASSWORD, client_for
from tests.fakes.s3 import ACCESS_KEY, REGION, SECRET_KEY, LocalS3, start_local_s3
from tests.resumes.files import make_docx, make_pdf
from tests.test_security import PRODUCTION_ENV, _manage

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PUBLIC_GROUPS = (
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
)


@pytest.fixture(scope="session")
def local_s3() -> Iterator[LocalS3]:
    server = start_local_s3()
    yield server
    server.stop()


@pytest.fixture
def s3_client(local_s3: LocalS3) -> Any:
    return local_s3.client()


@pytest.fixture
def bucket(local_s3: LocalS3, s3_client: Any) -> str:
    name = f"jm-test-{uuid.uuid4().hex[:16]}"
    s3_client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def _production_storage_settings(
    monkeypatch: pytest.MonkeyPatch, *, bucket: str, endpoint_url: str
) -> dict[str, Any]:
    """STORAGES["default"] exactly as jobmentis.settings.base builds it from the environment a
    deployment sets, so the test covers the real settings path rather than a hand-made copy."""
    monkeypatch.setenv("FILE_STORAGE_BACKEND", "s3")
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", bucket)
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", endpoint_url)
    monkeypatch.setenv("AWS_S3_REGION_NAME", REGION)
    # Executed afresh from its file (the imported module keeps the test settings' values).
    values = runpy.run_path(str(Path(base_settings.__file__)))
    default: dict[str, Any] = values["STORAGES"]["default"]
    return default


@pytest.fixture
def s3_storage(
    settings: Any, monkeypatch: pytest.MonkeyPatch, local_s3: LocalS3, bucket: str
) -> Iterator[S3Storage]:
    """The default storage switched to S3 for one test.

    Credentials come the way production gets them: the standard AWS environment variables, read
    by boto3 (nothing from the host's ~/.aws, no instance metadata lookups). Assigning
    settings.STORAGES fires Django's setting_changed, whose storages_changed receiver drops the
    cached backends (`storages._backends`, `storages._storages`) and resets the lazy
    `default_storage`; the settings fixture's restore fires it again, so the next test gets the
    local folder back.
    """
    for variable in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    default = _production_storage_settings(
        monkeypatch, bucket=bucket, endpoint_url=local_s3.endpoint_url
    )
    settings.STORAGES = {**settings.STORAGES, "default": default}
    storage = storages["default"]
    assert isinstance(storage, S3Storage)
    assert default_storage.bucket_name == bucket  # the lazy default follows the override
    yield storage


@pytest.fixture
def put_requests(s3_storage: S3Storage) -> list[dict[str, str]]:
    """Headers of every PutObject the app sends (what it asked S3 for, on the wire)."""
    sent: list[dict[str, str]] = []

    def record(request: Any, **_: Any) -> None:
        sent.append(
            {
                key.lower(): value.decode() if isinstance(value, bytes) else str(value)
                for key, value in request.headers.items()
            }
        )

    events = s3_storage.connection.meta.client.meta.events
    events.register("before-send.s3.PutObject", record)
    return sent


def _keys(s3_client: Any, bucket: str) -> list[str]:
    listing = s3_client.list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def _upload(tenant: Tenant, user: User, name: str, content: bytes, content_type: str) -> Any:
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return client_for(tenant, user).post("/cvs/upload/", {"file": upload})


def _only_resume(tenant: Tenant) -> Resume:
    with tenant_context(tenant.pk):
        [resume] = list(Resume.objects.all())
    return resume


def test_settings_build_private_encrypted_s3_storage_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    default = _production_storage_settings(
        monkeypatch, bucket="cvs-bucket", endpoint_url="https://s3.example.test"
    )
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "cvs-bucket"
    assert options["endpoint_url"] == "https://s3.example.test"
    assert options["region_name"] == REGION
    assert options["default_acl"] == "private"
    assert options["object_parameters"] == {"ServerSideEncryption": "AES256"}
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    # Credentials are never settings: boto3 reads them from the environment or an instance role.
    assert not {"access_key", "secret_key", "security_token"} & set(options)


def test_unknown_storage_backend_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FILE_STORAGE_BACKEND", "S3 ")
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE_BACKEND"):
        runpy.run_path(str(Path(base_settings.__file__)))


def test_production_on_s3_needs_a_bucket_and_passes_deploy_checks_with_one() -> None:
    env = {**PRODUCTION_ENV, "FILE_STORAGE_BACKEND": "s3", "AWS_STORAGE_BUCKET_NAME": ""}
    refused = _manage("check", env=env)
    assert refused.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in refused.stderr

    env["AWS_STORAGE_BUCKET_NAME"] = "cvs-bucket"
    started = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert started.returncode == 0, started.stdout + started.stderr


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("Ada Lovelace CV (final).pdf", make_pdf(), "application/pdf", "pdf"),
        ("Ada Lovelace CV (final).docx", make_docx(), DOCX_TYPE, "docx"),
    ],
)
def test_uploaded_cv_is_stored_encrypted_and_private_under_the_tenant_prefix(
    tenant_a: Tenant,
    seeker_a: User,
    s3_client: Any,
    bucket: str,
    put_requests: list[dict[str, str]],
    name: str,
    content: bytes,
    content_type: str,
    extension: str,
) -> None:
    response = _upload(tenant_a, seeker_a, name, content, content_type)
    resume = _only_resume(tenant_a)
    assert response.status_code == 302
    assert re.fullmatch(
        rf"tenants/{tenant_a.pk}/resumes/{seeker_a.pk}/[0-9a-f]{{32}}\.{extension}",
        resume.file.name,
    )
    assert _keys(s3_client, bucket) == [resume.file.name]
    # The user's file name never becomes (part of) a key.
    assert not any("Lovelace" in key or "final" in key for key in _keys(s3_client, bucket))

    head = s3_client.head_object(Bucket=bucket, Key=resume.file.name)
    assert head["ServerSideEncryption"] == "AES256"
    assert head["ContentLength"] == len(content)
    grants = s3_client.get_object_acl(Bucket=bucket, Key=resume.file.name)["Grants"]
    assert [grant["Permission"] for grant in grants] == ["FULL_CONTROL"]
    assert not [grant for grant in grants if grant["Grantee"].get("URI") in PUBLIC_GROUPS]
    # What the app asked for on the wire, not only what this server happens to default to.
    [put] = put_requests
    assert put["x-amz-acl"] == "private"
    assert put["x-amz-server-side-encryption"] == "AES256"


def test_worker_parses_the_cv_it_reads_back_from_s3(
    tenant_a: Tenant, seeker_a: User, s3_storage: S3Storage
) -> None:
    _upload(tenant_a, seeker_a, "cv.pdf", make_pdf(), "application/pdf")
    resume = _only_resume(tenant_a)
    with tenant_context(tenant_a.pk):
        parsed = resume_parse(resume_id=resume.pk)
    assert parsed is not None
    assert parsed.status == Resume.Status.PARSED, parsed.error_code
    assert "Ada Lovelace" in parsed.extracted_text


def test_owner_downloads_the_cv_from_s3_and_no_one_else_can(
    tenant_a: Tenant,
    tenant_b: Tenant,
    seeker_a: User,
    seeker_b: User,
    s3_storage: S3Storage,
) -> None:
    content = make_pdf()
    _upload(tenant_a, seeker_a, "My CV.pdf", content, "application/pdf")
    resume = _only_resume(tenant_a)

    response = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="my-cv.pdf"'
    assert response["Cache-Control"] == "private, no-store"

    other = user_create_in_tenant(tenant=tenant_a, email="other@acme.test", password=TEST_PASSWORD)
    assert client_for(tenant_a, other).get(f"/cvs/{resume.pk}/download/").status_code == 404
    assert client_for(tenant_b, seeker_b).get(f"/cvs/{resume.pk}/download/").status_code == 404
    assert client_for(tenant_a).get(f"/cvs/{resume.pk}/download/").status_code == 302


def test_download_of_a_cv_whose_object_is_gone_is_404(
    tenant_a: Tenant, seeker_a: User, s3_client: Any, bucket: str, s3_storage: S3Storage
) -> None:
    _upload(tenant_a, seeker_a, "cv.pdf", make_pdf(), "application/pdf")
    resume = _only_resume(tenant_a)
    s3_client.delete_object(Bucket=bucket, Key=resume.file.name)
    assert client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/download/").status_code == 404


def test_deleting_a_cv_deletes_its_object_and_only_its_object(
    tenant_a: Tenant,
    seeker_a: User,
    s3_client: Any,
    bucket: str,
    s3_storage: S3Storage,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _upload(tenant_a, seeker_a, "kept.pdf", make_pdf(), "application/pdf")
    kept = _only_resume(tenant_a)
    other_pdf = make_pdf([["Grace Hopper", "Rear Admiral", "Navy"]])
    _upload(tenant_a, seeker_a, "deleted.pdf", other_pdf, "application/pdf")
    with tenant_context(tenant_a.pk):
        deleted = Resume.objects.exclude(pk=kept.pk).get()
    assert _keys(s3_client, bucket) == sorted([kept.file.name, deleted.file.name])

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(tenant_a, seeker_a).post(f"/cvs/{deleted.pk}/delete/")
    assert response.status_code == 302
    assert _keys(s3_client, bucket) == [kept.file.name]


def test_storage_override_is_undone_after_the_s3_tests(settings: Any) -> None:
    # Runs without the s3_storage fixture: the default storage is the local private folder.
    assert isinstance(storages["default"], FileSystemStorage)
    assert settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage")


def test_profile_picture_is_stored_encrypted_under_the_tenant_prefix_and_served_to_its_owner(
    tenant_a: Tenant,
    seeker_a: User,
    admin_a: User,
    s3_client: Any,
    bucket: str,
    put_requests: list[dict[str, str]],
) -> None:
    image = io.BytesIO()
    Image.new("RGB", (64, 48), (40, 90, 200)).save(image, format="PNG")
    client = client_for(tenant_a, seeker_a)
    upload = SimpleUploadedFile("me at the beach.png", image.getvalue(), content_type="image/png")
    assert client.post("/settings/profile/picture/upload/", {"picture": upload}).status_code == 302

    [key] = _keys(s3_client, bucket)
    assert key.startswith(f"tenants/{tenant_a.pk}/profiles/{seeker_a.pk}/")
    assert "beach" not in key
    assert s3_client.head_object(Bucket=bucket, Key=key)["ServerSideEncryption"] == "AES256"
    [put] = put_requests
    assert put["x-amz-acl"] == "private"

    response = client.get("/settings/profile/picture/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert client_for(tenant_a, admin_a).get("/settings/profile/picture/").status_code == 404
