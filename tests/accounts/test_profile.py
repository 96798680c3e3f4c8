"""Settings > Profile: edits are saved per tenant; pictures are judged by content and private."""

from __future__ import annotations

import io
import struct
import zlib
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from accounts.models import Profile, Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from tests.conftest import TEST_PASSWORD, client_for

pytestmark = pytest.mark.django_db

PROFILE_POST = {
    "full_name": "Ada Lovelace",
    "headline": "Analyst moving into product",
    "target_roles": "Data analyst,  BI developer ,",
    "location": "Milan",
    "timezone": "Europe/Rome",
    "language": "en",
}


def _profile(tenant: Tenant, user: User) -> Profile:
    with tenant_context(tenant.pk):
        return Profile.objects.get(user=user)


def _stored_pictures(tenant: Tenant, user: User) -> list[str]:
    folder = f"tenants/{tenant.pk}/profiles/{user.pk}"
    if not default_storage.exists(folder):
        return []
    return default_storage.listdir(folder)[1]


def _image_bytes(fmt: str, size: tuple[int, int] = (800, 600), exif: bool = False) -> bytes:
    image = Image.new("RGB", size, (40, 90, 200))
    out = io.BytesIO()
    kwargs: dict[str, object] = {}
    if exif:
        exif_data = Image.Exif()
        exif_data[0x010F] = "SpyCam"  # Make
        kwargs["exif"] = exif_data
    image.save(out, format=fmt, **kwargs)
    return out.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature + IHDR declaring a huge canvas, with a tiny IDAT: a bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _upload(client: Client, name: str, content: bytes, content_type: str = "image/png") -> Any:
    return client.post(
        "/settings/profile/picture/upload/",
        {"picture": SimpleUploadedFile(name, content, content_type=content_type)},
    )


def test_profile_edit_saves_fields_for_current_tenant(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).post("/settings/profile/", PROFILE_POST)
    assert response.status_code == 302
    profile = _profile(tenant_a, seeker_a)
    assert profile.full_name == "Ada Lovelace"
    assert profile.target_roles == "Data analyst, BI developer"
    assert profile.timezone == "Europe/Rome"


def test_profile_edit_leaves_other_tenant_profile_of_same_user_untouched(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User
) -> None:
    user_create_in_tenant(tenant=tenant_b, email=seeker_a.email, password=TEST_PASSWORD)
    with tenant_context(tenant_b.pk):
        Profile.objects.filter(user=seeker_a).update(full_name="Globex name")

    client_for(tenant_a, seeker_a).post("/settings/profile/", PROFILE_POST)

    assert _profile(tenant_b, seeker_a).full_name == "Globex name"
    assert _profile(tenant_a, seeker_a).full_name == "Ada Lovelace"


def test_profile_edit_with_htmx_returns_only_the_form_partial(
    tenant_a: Tenant, seeker_a: User
) -> None:
    response = client_for(tenant_a, seeker_a).post(
        "/settings/profile/", PROFILE_POST, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith("<form")
    assert "<html" not in body
    assert "Saved" in body
    assert _profile(tenant_a, seeker_a).headline == "Analyst moving into product"


def test_profile_edit_rejects_unknown_time_zone(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).post(
        "/settings/profile/", {**PROFILE_POST, "timezone": "Mars/Olympus"}
    )
    assert response.status_code == 400
    assert _profile(tenant_a, seeker_a).timezone == "UTC"


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("JPEG", "jpg"), ("WEBP", "webp")])
def test_picture_upload_accepts_real_image_resizes_and_strips_metadata(
    tenant_a: Tenant, seeker_a: User, fmt: str, extension: str
) -> None:
    client = client_for(tenant_a, seeker_a)
    response = _upload(client, "photo.bin", _image_bytes(fmt, (1600, 1200), exif=fmt == "JPEG"))
    assert response.status_code == 302

    profile = _profile(tenant_a, seeker_a)
    name = profile.picture.name or ""
    assert name.startswith(f"tenants/{tenant_a.pk}/profiles/{seeker_a.pk}/")
    assert name.endswith(f".{extension}")
    assert _stored_pictures(tenant_a, seeker_a) == [name.rsplit("/", 1)[1]]
    with default_storage.open(name) as handle:
        stored = Image.open(handle)
        stored.load()
    assert max(stored.size) == 512
    assert not stored.getexif()


def test_picture_replace_deletes_previous_file(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    with pytest.MonkeyPatch.context() as mp:
        # on_commit callbacks run at once: the test transaction never commits.
        mp.setattr("django.db.transaction.on_commit", lambda func, using=None: func())
        _upload(client, "a.png", _image_bytes("PNG"))
        first = _profile(tenant_a, seeker_a).picture.name or ""
        _upload(client, "b.png", _image_bytes("PNG"))
    second = _profile(tenant_a, seeker_a).picture.name or ""
    assert first != second
    assert not default_storage.exists(first)
    assert default_storage.exists(second)


def test_picture_remove_clears_picture(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    _upload(client, "a.png", _image_bytes("PNG"))
    assert client.post("/settings/profile/picture/remove/").status_code == 302
    assert not _profile(tenant_a, seeker_a).picture
    assert client.get("/settings/profile/picture/").status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text, honestly\n" * 10, "not a supported picture"),
        (_image_bytes("PNG")[:300], "corrupt or incomplete"),
        (_png_header_only(30_000, 30_000), "dimensions are too large"),
        (_image_bytes("GIF"), "not a supported picture"),
        (b"", "The submitted file is empty"),
    ],
    ids=["text-renamed-png", "truncated-png", "decompression-bomb", "gif", "empty"],
)
def test_picture_upload_rejects_bad_content_with_specific_message(
    tenant_a: Tenant, seeker_a: User, content: bytes, message: str
) -> None:
    response = _upload(client_for(tenant_a, seeker_a), "photo.png", content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not _profile(tenant_a, seeker_a).picture
    assert _stored_pictures(tenant_a, seeker_a) == []


def test_picture_upload_rejects_oversize_file(
    tenant_a: Tenant, seeker_a: User, settings: object
) -> None:
    settings.PROFILE_PICTURE_MAX_BYTES = 10_000  # type: ignore[attr-defined]
    big = _image_bytes("PNG")
    big += b"\x00" * (10_001 - len(big))
    response = _upload(client_for(tenant_a, seeker_a), "photo.png", big)
    assert response.status_code == 400
    assert "too large" in response.content.decode()
    assert not _profile(tenant_a, seeker_a).picture
    assert _stored_pictures(tenant_a, seeker_a) == []


def test_picture_view_serves_own_picture_privately(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    _upload(client, "a.png", _image_bytes("PNG"))
    response = client.get("/settings/profile/picture/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]


def test_other_user_of_same_tenant_gets_404_for_profile_picture(
    tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    _upload(client_for(tenant_a, seeker_a), "a.png", _image_bytes("PNG"))
    assert client_for(tenant_a, admin_a).get("/settings/profile/picture/").status_code == 404


def test_user_gets_404_for_profile_picture_on_other_tenant(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User
) -> None:
    user_create_in_tenant(tenant=tenant_b, email=seeker_a.email, password=TEST_PASSWORD)
    _upload(client_for(tenant_a, seeker_a), "a.png", _image_bytes("PNG"))
    assert client_for(tenant_b, seeker_a).get("/settings/profile/picture/").status_code == 404


def test_anonymous_user_cannot_fetch_profile_picture(tenant_a: Tenant, seeker_a: User) -> None:
    _upload(client_for(tenant_a, seeker_a), "a.png", _image_bytes("PNG"))
    response = client_for(tenant_a).get("/settings/profile/picture/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_picture_processing_applies_exif_orientation_before_dropping_metadata() -> None:
    from accounts.images import picture_process

    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    exif[0x8825] = {1: "N"}  # a GPS block that must not survive
    buffer = io.BytesIO()
    Image.new("RGB", (200, 100), (200, 30, 30)).save(buffer, format="JPEG", exif=exif)

    result = picture_process(io.BytesIO(buffer.getvalue()))

    stored = Image.open(io.BytesIO(result.content))
    assert stored.size == (100, 200)
    assert not stored.getexif()
    assert "icc_profile" not in stored.info
