"""The CV pages: list, live status, review and edit, primary, rename, delete, download, JSON
Resume import/export — and that only the CV's owner ever reaches any of it."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import Tenant, User
from accounts.services import user_create_in_tenant
from jobmentis.tenancy.context import tenant_context
from resumes.models import Resume
from resumes.services import resume_import_json, resume_mark_failed
from tests.conftest import TEST_PASSWORD, client_for
from tests.resumes.conftest import stored_files, upload_cv
from tests.resumes.files import make_docx, make_json_resume, make_pdf

pytestmark = pytest.mark.django_db


def _imported(tenant: Tenant, user: User, title: str = "") -> Resume:
    with tenant_context(tenant.pk):
        return resume_import_json(
            user=user, data=make_json_resume(), original_filename="grace.json", title=title
        )


def _reload(tenant: Tenant, resume: Resume) -> Resume:
    with tenant_context(tenant.pk):
        return Resume.objects.get(pk=resume.pk)


# --- list ------------------------------------------------------------------------------------


def test_list_shows_each_cv_with_status_primary_and_pages(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    upload_cv(tenant_a, seeker_a, name="First.pdf")
    _imported(tenant_a, seeker_a, title="Imported one")
    html = client_for(tenant_a, seeker_a).get("/cvs/").content.decode()
    assert "First" in html and "Imported one" in html
    assert "Primary" in html
    assert "Queued" in html and "Ready" in html
    assert "1 page" in html
    assert "Make primary" in html  # offered for the non-primary one


def test_list_shows_only_own_cvs(
    tenant_a: Tenant, seeker_a: User, admin_a: User, media: Any
) -> None:
    _imported(tenant_a, admin_a, title="Admin private CV")
    html = client_for(tenant_a, seeker_a).get("/cvs/").content.decode()
    assert "Admin private CV" not in html
    assert "No CVs yet" in html


def test_list_query_count_does_not_grow_with_cvs(
    tenant_a: Tenant, seeker_a: User, media: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(tenant_a, seeker_a)
    for index in range(2):
        _imported(tenant_a, seeker_a, title=f"CV {index}")
    client.get("/cvs/")
    # 12, plus the stored-CV quota note (the free plan, the CV count; the subscription is
    # shared with the billing banner), plus consent's one query (cookie banner, trackers).
    with django_assert_max_num_queries(15) as few:
        assert client.get("/cvs/").status_code == 200
    for index in range(6):
        _imported(tenant_a, seeker_a, title=f"More {index}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/cvs/").status_code == 200


# --- detail, live status, review ---------------------------------------------------------------


def test_pending_cv_page_polls_the_status_partial(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    html = client.get(f"/cvs/{resume.pk}/").content.decode()
    assert f'hx-get="/cvs/{resume.pk}/status/"' in html
    assert 'hx-trigger="every 1s"' in html

    partial = client.get(f"/cvs/{resume.pk}/status/", HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    body = partial.content.decode()
    assert body.lstrip().startswith("<section")  # only the partial, not the page
    assert "Your CV is in the queue" in body
    assert "<html" not in body


def test_status_partial_refreshes_page_once_parsed_or_failed(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk):
        resume_mark_failed(resume=resume, code="corrupt")
    response = client_for(tenant_a, seeker_a).get(
        f"/cvs/{resume.pk}/status/", HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"


def test_parsed_cv_shows_found_and_missing_fields_and_editor(
    tenant_a: Tenant, seeker_a: User
) -> None:
    resume = _imported(tenant_a, seeker_a)
    html = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/").content.decode()
    assert "What we found" in html
    assert "cv-found__item--found" in html
    # The sample has no certificates: reported as missing (amber).
    missing = html.split("cv-found__item--missing", 1)[1][:300]
    assert "Certificates" in missing
    assert 'name="basics-name"' in html and 'value="Grace Hopper"' in html
    assert 'name="work-0-position"' in html and 'value="Rear Admiral"' in html
    assert "Led COBOL standardisation\nFound the first bug" in html
    assert 'name="languages-0-cefr"' in html
    assert 'name="hx-get"' not in html and "hx-trigger" not in html  # not polling any more


def _editor_post(resume_data: dict[str, Any], **overrides: str) -> dict[str, str]:
    """The editor's form as the browser would submit it, from the current data."""
    from resumes.forms import ResumeEditor, edit_initial

    editor = ResumeEditor(initial=edit_initial(resume_data))
    post: dict[str, str] = {}
    for field in editor.basics:
        post[field.html_name] = str(field.value() or "")
    for _key, _heading, _add, formset in editor.sections:
        for field in formset.management_form:
            post[field.html_name] = str(field.value())
        for form in formset.forms:
            for field in form:
                if field.name != "DELETE" and field.value() is not None:
                    post[field.html_name] = str(field.value())
    post.update(overrides)
    return post


def test_saving_the_editor_stores_edited_data_and_keeps_the_parse(
    tenant_a: Tenant, seeker_a: User
) -> None:
    resume = _imported(tenant_a, seeker_a)
    post = _editor_post(
        resume.data or {},
        **{
            "basics-name": "Grace B. Hopper",
            "work-0-highlights": "Led COBOL standardisation\n• Coined 'debugging'",
            "skills-1-name": "Leadership",  # the empty extra row, filled in
            "skills-1-keywords": "Teaching, Public speaking",
            "languages-0-cefr": "C2",
            "education-0-DELETE": "on",
        },
    )
    response = client_for(tenant_a, seeker_a).post(f"/cvs/{resume.pk}/", post)
    assert response.status_code == 302
    resume = _reload(tenant_a, resume)
    assert resume.parsed_data is not None and resume.edited_data is not None
    assert resume.parsed_data["basics"]["name"] == "Grace Hopper"
    edited = resume.edited_data
    assert resume.data == edited
    assert edited["basics"]["name"] == "Grace B. Hopper"
    assert edited["work"][0]["highlights"] == ["Led COBOL standardisation", "Coined 'debugging'"]
    assert edited["skills"][1] == {
        "name": "Leadership",
        "level": "",
        "keywords": ["Teaching", "Public speaking"],
    }
    assert edited["languages"][0]["cefr"] == "C2"
    assert edited["education"] == []
    assert edited["basics"]["profiles"] == [
        {"network": "GitHub", "username": "", "url": "https://github.com/grace"}
    ]


def test_invalid_edit_shows_errors_and_saves_nothing(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _imported(tenant_a, seeker_a)
    post = _editor_post(resume.data or {}, **{"work-0-startDate": "spring 21"})
    response = client_for(tenant_a, seeker_a).post(f"/cvs/{resume.pk}/", post)
    assert response.status_code == 400
    assert "Use YYYY-MM, YYYY or YYYY-MM-DD" in response.content.decode()
    assert _reload(tenant_a, resume).edited_data is None


def test_discarding_edits_goes_back_to_the_parse(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _imported(tenant_a, seeker_a)
    client = client_for(tenant_a, seeker_a)
    client.post(f"/cvs/{resume.pk}/", _editor_post(resume.data or {}, **{"basics-name": "X Y"}))
    assert _reload(tenant_a, resume).edited_data is not None
    client.post(f"/cvs/{resume.pk}/edits/discard/")
    assert _reload(tenant_a, resume).edited_data is None


# --- primary, rename, delete ------------------------------------------------------------------


def test_making_another_cv_primary_moves_the_star(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    first = upload_cv(tenant_a, seeker_a)
    second = upload_cv(tenant_a, seeker_a, make_docx(), name="b.docx")
    client = client_for(tenant_a, seeker_a)
    assert client.post(f"/cvs/{second.pk}/primary/").status_code == 302
    assert not _reload(tenant_a, first).is_primary
    assert _reload(tenant_a, second).is_primary
    client.post(f"/cvs/{first.pk}/primary/", {"next": "detail"})
    with tenant_context(tenant_a.pk):
        primaries = list(Resume.objects.filter(is_primary=True).values_list("pk", flat=True))
    assert primaries == [first.pk]


def test_database_refuses_two_primary_cvs(tenant_a: Tenant, seeker_a: User, media: Any) -> None:
    from django.db import IntegrityError, transaction

    upload_cv(tenant_a, seeker_a)
    second = upload_cv(tenant_a, seeker_a)
    with tenant_context(tenant_a.pk), pytest.raises(IntegrityError), transaction.atomic():
        Resume.objects.filter(pk=second.pk).update(is_primary=True)


def test_rename(tenant_a: Tenant, seeker_a: User) -> None:
    resume = _imported(tenant_a, seeker_a)
    client_for(tenant_a, seeker_a).post(f"/cvs/{resume.pk}/rename/", {"title": "  For banks "})
    assert _reload(tenant_a, resume).title == "For banks"


def test_delete_asks_for_confirmation_then_removes_row_and_file_and_promotes_another(
    tenant_a: Tenant, seeker_a: User, media: Any, django_capture_on_commit_callbacks: Any
) -> None:
    older = upload_cv(tenant_a, seeker_a, name="older.pdf")
    primary = upload_cv(tenant_a, seeker_a, name="primary.pdf")
    client = client_for(tenant_a, seeker_a)
    client.post(f"/cvs/{primary.pk}/primary/")
    confirm = client.get(f"/cvs/{primary.pk}/delete/").content.decode()
    assert "This cannot be undone." in confirm
    assert _reload(tenant_a, primary)  # a GET deletes nothing

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cvs/{primary.pk}/delete/")
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        assert list(Resume.objects.values_list("pk", flat=True)) == [older.pk]
    assert _reload(tenant_a, older).is_primary
    assert stored_files(media) == [older.file.name]


# --- download and export ------------------------------------------------------------------------


def test_owner_downloads_the_original_as_a_private_attachment(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    content = make_pdf()
    resume = upload_cv(tenant_a, seeker_a, content, name="My CV.pdf")
    response = client_for(tenant_a, seeker_a).get(f"/cvs/{resume.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="my-cv.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_other_user_of_same_tenant_gets_404_for_every_cv_url(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    other = user_create_in_tenant(tenant=tenant_a, email="other@acme.test", password=TEST_PASSWORD)
    client = client_for(tenant_a, other)
    for suffix in ("", "status/", "download/", "export.json", "delete/"):
        assert client.get(f"/cvs/{resume.pk}/{suffix}").status_code == 404, suffix
    for suffix in ("primary/", "rename/", "retry/", "delete/", "edits/discard/"):
        assert client.post(f"/cvs/{resume.pk}/{suffix}").status_code == 404, suffix
    assert _reload(tenant_a, resume).is_primary  # nothing changed


def test_user_of_other_tenant_gets_404_for_resume_download(
    tenant_a: Tenant, tenant_b: Tenant, seeker_a: User, seeker_b: User, media: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    assert client_for(tenant_b, seeker_b).get(f"/cvs/{resume.pk}/download/").status_code == 404
    # A member of both tenants, on B's host, cannot reach A's CV by id either.
    user_create_in_tenant(tenant=tenant_b, email=seeker_a.email, password=TEST_PASSWORD)
    assert client_for(tenant_b, seeker_a).get(f"/cvs/{resume.pk}/download/").status_code == 404


def test_anonymous_download_redirects_to_sign_in(
    tenant_a: Tenant, seeker_a: User, media: Any
) -> None:
    resume = upload_cv(tenant_a, seeker_a)
    response = client_for(tenant_a).get(f"/cvs/{resume.pk}/download/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_json_resume_import_then_export_round_trips(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    source = make_json_resume()
    upload = SimpleUploadedFile("grace.json", json.dumps(source).encode(), "application/json")
    response = client.post("/cvs/import/", {"json_file": upload})
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        resume = Resume.objects.get()
    assert resume.kind == "json" and resume.status == Resume.Status.PARSED
    assert not resume.file

    exported = client.get(f"/cvs/{resume.pk}/export.json")
    assert exported["Content-Disposition"] == 'attachment; filename="grace.resume.json"'
    document = json.loads(exported.content)
    assert document.pop("$schema").startswith("https://")
    expected = {key: value for key, value in source.items() if value}
    expected["languages"] = [{"language": "English", "fluency": "Native speaker", "cefr": "Native"}]
    assert document == expected


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "the file is not valid JSON"),
        (b"[1, 2]", "the top level must be an object"),
        (b'{"hello": "world"}', "none of the JSON Resume sections"),
        (b'{"work": "lots"}', "must be a list"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_invalid_json_resume_import_is_refused_with_reason(
    tenant_a: Tenant, seeker_a: User, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile("cv.json", content, "application/json")
    response = client_for(tenant_a, seeker_a).post("/cvs/import/", {"json_file": upload})
    assert response.status_code == 400
    assert message in response.content.decode()
    with tenant_context(tenant_a.pk):
        assert not Resume.objects.exists()


def test_oversized_json_import_is_refused(tenant_a: Tenant, seeker_a: User, settings: Any) -> None:
    settings.RESUME_JSON_MAX_BYTES = 100
    upload = SimpleUploadedFile("cv.json", json.dumps(make_json_resume()).encode())
    response = client_for(tenant_a, seeker_a).post("/cvs/import/", {"json_file": upload})
    assert response.status_code == 400
    assert "too large" in response.content.decode()


# --- command and admin ------------------------------------------------------------------------


def test_parse_cv_command_prints_json_resume(
    tmp_path: Any, capsys: pytest.CaptureFixture[str], extractor: None
) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(make_pdf())
    call_command("parse_cv", str(path))
    document = json.loads(capsys.readouterr().out)
    assert document["basics"]["name"] == "Ada Lovelace"
    assert document["work"][0]["name"] == "Analytical Engines Ltd"


def test_parse_cv_command_reports_a_bad_file(tmp_path: Any) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "cv.pdf"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError, match="unsupported_type"):
        call_command("parse_cv", str(path))


def test_tenant_admin_sees_cv_metadata_not_content(
    tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    resume = _imported(tenant_a, seeker_a, title="Seeker CV")
    client = client_for(tenant_a, admin_a)
    listing = client.get("/admin/resumes/resume/").content.decode()
    assert "Seeker CV" in listing
    page = client.get(f"/admin/resumes/resume/{resume.pk}/change/").content.decode()
    assert "Seeker CV" in page
    assert "Grace Hopper" not in page  # parsed content stays private
    assert client.post(f"/admin/resumes/resume/{resume.pk}/delete/").status_code == 403


@pytest.mark.parametrize("state", ["queued", "failed", "parsed", "list", "delete"])
def test_cv_pages_are_csp_clean_labelled_and_complete(
    tenant_a: Tenant, seeker_a: User, media: Any, settings: Any, state: str
) -> None:
    import copy

    from tests.accounts.test_pages import INVALID_MARKER, _assert_clean

    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["string_if_invalid"] = f"{INVALID_MARKER}%s"
    settings.TEMPLATES = templates
    queued = upload_cv(tenant_a, seeker_a)
    parsed = _imported(tenant_a, seeker_a)
    path = {
        "queued": f"/cvs/{queued.pk}/",
        "failed": f"/cvs/{queued.pk}/",
        "parsed": f"/cvs/{parsed.pk}/",
        "list": "/cvs/",
        "delete": f"/cvs/{parsed.pk}/delete/",
    }[state]
    if state == "failed":
        with tenant_context(tenant_a.pk):
            resume_mark_failed(resume=queued, code="encrypted")
    response = client_for(tenant_a, seeker_a).get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert INVALID_MARKER not in html, html[html.index(INVALID_MARKER) - 200 :][:400]
    _assert_clean(html)
    assert '<a href="/cvs/" aria-current="page">' in html  # the nav shows the CVs section
