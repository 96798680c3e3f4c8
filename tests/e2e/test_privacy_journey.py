"""Data & Privacy in a real browser with a real Celery worker: export my data and open the zip;
delete my account, see sign-in refused during the grace period, fast-forward it as staff would,
and watch the erasure complete with its receipt."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from privacy.models import ErasureRequest
from privacy.tasks import erasure_run_now
from tests.tenancy.test_celery_worker import celery_worker

pytestmark = [pytest.mark.e2e, pytest.mark.celery_worker]

__all__ = ["celery_worker"]
PASSWORD = "lantern-quartz-river-58"
EMAIL = "ada@seeker.example"
SHOTS = Path("/tmp/shots-privacy")


def _sign_in(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_seeker_exports_data_then_deletes_the_account_and_gets_a_receipt(
    celery_worker: str, acme: Tenant, new_session: Any, url_for: Any, tmp_path: Path
) -> None:
    SHOTS.mkdir(exist_ok=True)
    user = user_create_in_tenant(tenant=acme, email=EMAIL, password=PASSWORD, full_name="Ada L")
    page = new_session().page
    _sign_in(page, url_for(acme, "/accounts/login/"))
    page.goto(url_for(acme, "/settings/privacy/"))
    expect(page.get_by_role("heading", name="Data & Privacy", exact=True)).to_be_visible()

    # Export: queued, built by the worker, the list updates without a reload.
    page.get_by_role("button", name="Export my data").click()
    download_link = page.get_by_role("link", name="Download")
    expect(download_link).to_be_visible(timeout=30_000)
    page.screenshot(path=str(SHOTS / "privacy-export-ready.png"), full_page=True)
    download_link.click()
    # Downloads need a recent login: allauth asks for the password again.
    page.get_by_label("Password").fill(PASSWORD)
    with page.expect_download() as info:
        page.get_by_role("button", name="Confirm").click()
    archive_path = tmp_path / "export.zip"
    info.value.save_as(archive_path)
    with zipfile.ZipFile(archive_path) as archive:
        data = json.loads(archive.read("data.json"))
        assert "about-your-data.html" in archive.namelist()
        assert "schema.json" in archive.namelist()
    assert data["records"]["accounts.User"]["rows"][0]["email"] == EMAIL
    assert data["records"]["accounts.Profile"]["rows"][0]["full_name"] == "Ada L"

    # Delete: what goes, what stays and why, then confirm by typing the address.
    page.goto(url_for(acme, "/settings/privacy/"))
    page.get_by_role("link", name="Delete my account…").click()
    expect(page.get_by_role("heading", name="What is kept, and why")).to_be_visible()
    page.screenshot(path=str(SHOTS / "privacy-delete.png"), full_page=True)
    page.get_by_label("Type your email address to confirm").fill(EMAIL)
    page.get_by_role("button", name="Delete my account").click()
    expect(page.get_by_role("heading", name="Your account is closed")).to_be_visible()
    expect(page.get_by_text("will be erased on")).to_be_visible()
    status_url = page.url

    # Sign-in is refused while the erasure is pending, with the way back offered.
    other = new_session().page
    _sign_in(other, url_for(acme, "/accounts/login/"))
    expect(other.get_by_role("heading", name="Your account is closing")).to_be_visible()
    expect(other.get_by_role("button", name="Keep my account")).to_be_visible()
    other.screenshot(path=str(SHOTS / "privacy-closing.png"), full_page=True)

    # Staff fast-forward the grace period; the status page follows the worker to the receipt.
    with tenant_context(acme.pk):
        request = ErasureRequest.objects.get()
    erasure_run_now(tenant_id=acme.pk, request_id=request.pk)
    page.goto(status_url)
    expect(page.get_by_text("Erasure complete and verified.")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-"))).to_be_visible()
    page.screenshot(path=str(SHOTS / "privacy-receipt.png"), full_page=True)
    assert EMAIL not in page.content()
    assert not User.objects.filter(pk=user.pk).exists()
