"""The interface follows the user's language: profile setting, the language picker, cookies."""

from __future__ import annotations

import pytest
from django.conf import settings

from accounts.models import Profile, Tenant, User
from jobmentis.tenancy.context import tenant_context
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PROFILE_POST = {
    "full_name": "Ada Seeker",
    "headline": "",
    "target_roles": "",
    "location": "",
    "timezone": "UTC",
}


def _set_profile_language(tenant: Tenant, user: User, language: str) -> None:
    with tenant_context(tenant.pk):
        Profile.objects.filter(user=user).update(language=language)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("it", "Pannello"), ("fr", "Tableau de bord"), ("en", "Dashboard")],
)
def test_profile_language_renders_pages_in_that_language(
    tenant_a: Tenant, seeker_a: User, language: str, expected: str
) -> None:
    _set_profile_language(tenant_a, seeker_a, language)
    html = client_for(tenant_a, seeker_a).get("/dashboard/").content.decode()
    assert f'<html lang="{language}"' in html
    assert expected in html


def test_saving_profile_language_sets_cookie_and_switches_ui(
    tenant_a: Tenant, seeker_a: User
) -> None:
    client = client_for(tenant_a, seeker_a)
    response = client.post("/settings/profile/", {**PROFILE_POST, "language": "fr"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"

    html = client.get(response["Location"]).content.decode()
    assert "Votre profil a été enregistré." in html
    assert "Paramètres" in html


def test_htmx_language_change_reloads_whole_page(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).post(
        "/settings/profile/", {**PROFILE_POST, "language": "it"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == "/settings/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "it"


def test_language_picker_posts_to_set_language(tenant_a: Tenant, seeker_a: User) -> None:
    client = client_for(tenant_a, seeker_a)
    html = client.get("/dashboard/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language"' in html

    response = client.post("/i18n/setlang/", {"language": "it", "next": "/dashboard/"})
    assert response.status_code == 302
    assert "Pannello" in client.get("/dashboard/").content.decode()


def test_language_cookie_wins_over_profile_language(tenant_a: Tenant, seeker_a: User) -> None:
    _set_profile_language(tenant_a, seeker_a, "it")
    client = client_for(tenant_a, seeker_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Tableau de bord" in client.get("/dashboard/").content.decode()


def test_anonymous_sign_in_page_is_translated_with_picker(tenant_a: Tenant) -> None:
    client = client_for(tenant_a)
    client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})
    html = client.get("/accounts/login/").content.decode()
    assert "Connexion" in html  # allauth's own French catalogue plus ours
    assert "Passer au contenu principal" in html


def test_picture_validation_message_is_translated(tenant_a: Tenant, seeker_a: User) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    _set_profile_language(tenant_a, seeker_a, "it")
    response = client_for(tenant_a, seeker_a).post(
        "/settings/profile/picture/upload/",
        {"picture": SimpleUploadedFile("cv.png", b"not an image at all", "image/png")},
    )
    assert "non è un&#x27;immagine supportata" in response.content.decode()
