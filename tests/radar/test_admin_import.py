"""Tenant admins curate listings: CSV/JSON import with a preview and per-row errors, scoped to
their tenant."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import AuditLog, Tenant, User
from jobmentis.tenancy.context import tenant_context
from jobs.radar.models import Listing, Source
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
URL = "/admin/radar/listing/import/"

CSV = (
    "title,company,location,description,url,country,salary_min,salary_max,workplace_type\n"
    "Python Developer,Acme Ltd,Leeds,Django and PostgreSQL,https://jobs.test/1,gb,40000,50000,remote\n"
    ",No Title Inc,York,Something,https://jobs.test/2,gb,,,\n"
    "Tester,Beta,Hull,QA work,not a url,gb,60000,50000,\n"
    "Python Developer,ACME,leeds,Same job again,https://jobs.test/3,gb,,,\n"
    "Data Analyst,Gamma,London,SQL,https://jobs.test/4,xx,,,sometimes\n"
)


def _upload(client: object, name: str, content: bytes) -> object:
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})  # type: ignore[attr-defined]


def test_csv_preview_shows_every_row_error_and_imports_nothing(
    tenant_a: Tenant, admin_a: User
) -> None:
    client = client_for(tenant_a, admin_a)
    response = _upload(client, "jobs.csv", CSV.encode())
    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "1 of 5 rows can be imported." in body
    assert "title: This field is required." in body
    assert "url: Enter a valid URL." in body
    assert "salary_max: must not be lower than salary_min" in body
    assert "duplicates row 1" in body
    assert "country: Select a valid choice." in body and "workplace_type: Select" in body
    with tenant_context(tenant_a.pk):
        assert not Listing.objects.exists()


def test_confirm_imports_the_valid_rows_into_this_tenant_only(
    tenant_a: Tenant, tenant_b: Tenant, admin_a: User
) -> None:
    client = client_for(tenant_a, admin_a)
    response = client.post(URL, {"content": CSV, "filename": "jobs.csv", "confirm": "1"})
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        (listing,) = Listing.objects.all()
        assert (listing.source, listing.title, listing.salary_currency) == (
            Source.CURATED,
            "Python Developer",
            "GBP",
        )
        assert listing.workplace_type == "remote"
        assert AuditLog.objects.filter(object_type="radar.listing", action="add").count() == 1
    with tenant_context(tenant_b.pk):
        assert not Listing.objects.exists()
    # Importing the same file again: the row is now a duplicate of the stored listing.
    body = _upload(client, "jobs.csv", CSV.encode()).content.decode()  # type: ignore[attr-defined]
    assert "already listed" in body


def test_json_import_and_unreadable_files(tenant_a: Tenant, admin_a: User) -> None:
    client = client_for(tenant_a, admin_a)
    rows = [
        {
            "title": "Nurse",
            "company": "Clinic",
            "description": "ICU",
            "url": "https://jobs.test/n",
            "reference": "N-1",
        }
    ]
    body = _upload(client, "l.json", json.dumps({"listings": rows}).encode()).content.decode()  # type: ignore[attr-defined]
    assert "1 of 1 rows can be imported." in body
    body = _upload(client, "l.json", b"{not json").content.decode()  # type: ignore[attr-defined]
    assert "This is not valid JSON" in body
    body = _upload(client, "l.csv", b"name,place\nx,y\n").content.decode()  # type: ignore[attr-defined]
    assert "missing: title, company, description, url" in body
    body = _upload(client, "l.csv", "\xff\xfe".encode("latin-1")).content.decode()  # type: ignore[attr-defined]
    assert "Save the file as UTF-8" in body


def test_seeker_cannot_import(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).post(URL, {"content": CSV, "confirm": "1"})
    assert response.status_code in (302, 403)
    with tenant_context(tenant_a.pk):
        assert not Listing.objects.exists()
