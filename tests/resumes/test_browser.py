"""A job seeker's CV in a real browser with a real Celery worker: drop a PDF on the upload
zone, watch it being read (live status, no reload by hand), fix a field, save. Selectors are
accessible names, not CSS classes."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from accounts.models import Tenant
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from resumes.models import Resume
from tests.e2e.conftest import acme, browser, new_session, url_for
from tests.resumes.files import make_pdf, make_png
from tests.tenancy.test_celery_worker import celery_worker

pytestmark = [pytest.mark.e2e, pytest.mark.celery_worker]

__all__ = ["acme", "browser", "celery_worker", "new_session", "url_for"]
PASSWORD = "lantern-quartz-river-58"

_DROP = """(bytes) => {
  const transfer = new DataTransfer();
  transfer.items.add(new File([new Uint8Array(bytes)], "Ada CV.pdf", {type: "application/pdf"}));
  return transfer;
}"""


def test_seeker_drops_a_cv_watches_it_parse_and_fixes_a_field(
    celery_worker: str, acme: Tenant, new_session: Any, url_for: Any, extractor: None
) -> None:
    user = user_create_in_tenant(tenant=acme, email="ada@seeker.example", password=PASSWORD)
    page = new_session().page
    page.goto(url_for(acme, "/accounts/login/"))
    page.get_by_label("Email").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="CVs").click()
    expect(page.get_by_role("heading", name="Your CVs")).to_be_visible()

    # A picture renamed .pdf, through the file picker: refused with the reason.
    page.get_by_label("CV file").set_input_files(
        {"name": "photo.pdf", "mimeType": "application/pdf", "buffer": make_png()}
    )
    page.get_by_role("button", name="Upload CV").click()
    expect(page.get_by_text("This file is not a PDF or Word (.docx) document.")).to_be_visible()

    # The real CV, dropped on the zone.
    transfer = page.evaluate_handle(_DROP, list(make_pdf()))
    page.dispatch_event("[data-dropzone]", "drop", {"dataTransfer": transfer})
    expect(page).to_have_url(re.compile(r"/cvs/\d+/$"))
    expect(page.get_by_role("heading", name="What we found")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Ready", exact=True).first).to_be_visible()

    name = page.get_by_label("Full name")
    expect(name).to_have_value("Ada Lovelace")
    name.fill("Ada King Lovelace")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("Your changes were saved.")).to_be_visible()

    with tenant_context(acme.pk):
        resume = Resume.objects.get()
    assert resume.title == "Ada CV"
    assert resume.edited_data is not None
    assert resume.edited_data["basics"]["name"] == "Ada King Lovelace"
    assert resume.parsed_data is not None
    assert resume.parsed_data["basics"]["name"] == "Ada Lovelace"
    resume.file.delete(save=False)
