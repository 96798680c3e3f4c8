"""The tenant admin site shows one tenant only; the platform admin is for superusers."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from accounts.models import AuditLog, Membership, Profile, Tenant, TenantDomain, User
from jobmentis.tenancy.context import tenant_context
from tests.conftest import TEST_PASSWORD, client_for

SENTINEL = "SENTINEL-B-7f3a"


@pytest.fixture
def planted_b(tenant_b: Tenant, admin_b: User) -> User:
    """A user of tenant B whose every visible string carries the sentinel."""
    from accounts.services import user_create_in_tenant

    user = user_create_in_tenant(
        tenant=tenant_b,
        email=f"{SENTINEL.lower()}@globex.test",
        password=TEST_PASSWORD,
        full_name=f"Zed {SENTINEL}",
    )
    with tenant_context(tenant_b.pk):
        Profile.objects.filter(user=user).update(
            headline=SENTINEL, location=SENTINEL, target_roles=SENTINEL
        )
    return user


def _ids_in(tenant: Tenant, model: type[Membership] | type[Profile], user: User) -> int:
    with tenant_context(tenant.pk):
        return int(model.objects.get(user=user).pk)


def _assert_clean(response: object) -> None:
    body = response.content.decode()  # type: ignore[attr-defined]
    assert SENTINEL.lower() not in body.lower()


ADMIN_PAGES = [
    "/admin/",
    "/admin/accounts/",
    "/admin/accounts/user/",
    "/admin/accounts/membership/",
    "/admin/accounts/profile/",
    "/admin/accounts/auditlog/",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_tenant_admin_pages_show_nothing_of_other_tenant(
    path: str, admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant
) -> None:
    response = client_for(tenant_a, admin_a).get(path)
    assert response.status_code == 200
    _assert_clean(response)


def test_user_changelist_lists_only_own_members(
    admin_a: User, seeker_a: User, seeker_b: User, tenant_a: Tenant
) -> None:
    response = client_for(tenant_a, admin_a).get("/admin/accounts/user/")
    assert b"seeker@acme.test" in response.content
    assert b"Ada Seeker" in response.content
    assert b"seeker@globex.test" not in response.content


def test_user_changelist_search_by_tenant_full_name(
    admin_a: User, seeker_a: User, tenant_a: Tenant, seeker_b: User
) -> None:
    response = client_for(tenant_a, admin_a).get("/admin/accounts/user/?q=Ada")
    assert f"/admin/accounts/user/{seeker_a.pk}/change/".encode() in response.content
    assert f"/admin/accounts/user/{admin_a.pk}/change/".encode() not in response.content


def test_profile_search_cannot_reach_other_tenant(
    admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant
) -> None:
    response = client_for(tenant_a, admin_a).get("/admin/accounts/profile/?q=Zed")
    assert response.status_code == 200
    assert b"0 results" in response.content
    _assert_clean(response)


@pytest.mark.parametrize(
    "path_template",
    [
        "/admin/accounts/user/{user}/change/",
        "/admin/accounts/user/{user}/history/",
        "/admin/accounts/profile/{profile}/change/",
        "/admin/accounts/profile/{profile}/delete/",
        "/admin/accounts/membership/{membership}/change/",
        "/admin/accounts/membership/{membership}/delete/",
        "/admin/accounts/tenant/{tenant}/change/",
    ],
)
def test_other_tenant_objects_look_missing(
    path_template: str, admin_a: User, planted_b: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    ids = {
        "user": planted_b.pk,
        "profile": _ids_in(tenant_b, Profile, planted_b),
        "membership": _ids_in(tenant_b, Membership, planted_b),
        "tenant": tenant_b.pk,
    }
    client = client_for(tenant_a, admin_a)
    other = client.get(path_template.format(**ids))
    missing = client.get(path_template.format(**dict.fromkeys(ids, 999_999)))
    # Django admin redirects to the index with a "does not exist" message for missing objects
    # (or refuses an action not allowed on any object): another tenant's object must get
    # exactly the same answer.
    assert other.status_code == missing.status_code
    assert other.status_code in (302, 403)
    assert other.get("Location") == missing.get("Location")
    _assert_clean(client.get("/admin/"))


def test_posting_to_other_tenants_membership_changes_nothing(
    admin_a: User, planted_b: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    membership_id = _ids_in(tenant_b, Membership, planted_b)
    client_for(tenant_a, admin_a).post(
        f"/admin/accounts/membership/{membership_id}/change/", {"role": "admin"}
    )
    with tenant_context(tenant_b.pk):
        assert Membership.objects.get(pk=membership_id).role == Membership.Role.MEMBER


def test_bulk_delete_ignores_other_tenants_ids(
    admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant, tenant_b: Tenant
) -> None:
    other_id = _ids_in(tenant_b, Membership, planted_b)
    own_id = _ids_in(tenant_a, Membership, seeker_a)
    response = client_for(tenant_a, admin_a).post(
        "/admin/accounts/membership/",
        {"action": "delete_selected", "_selected_action": [other_id, own_id], "post": "yes"},
    )
    assert response.status_code == 302
    with tenant_context(tenant_b.pk):
        assert Membership.objects.filter(pk=other_id).exists()
    with tenant_context(tenant_a.pk):
        assert not Membership.objects.filter(pk=own_id).exists()
        entry = AuditLog.objects.get(action=AuditLog.Action.DELETE)
    assert entry.object_id == str(own_id)
    assert entry.object_type == "accounts.membership"


def test_list_filter_choices_come_from_own_tenant(
    admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant
) -> None:
    response = client_for(tenant_a, admin_a).get("/admin/accounts/profile/")
    # The "user" filter is offered, with this tenant's users only.
    assert b"seeker@acme.test" in response.content
    assert b"?user__id__exact=" in response.content
    _assert_clean(response)


def test_autocomplete_returns_only_own_members(
    admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant
) -> None:
    client = client_for(tenant_a, admin_a)
    for model_name in ("membership", "profile"):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "accounts", "model_name": model_name, "field_name": "user", "term": ""},
        )
        assert response.status_code == 200
        texts = {row["text"] for row in response.json()["results"]}
        assert texts == {"seeker@acme.test", "admin@acme.test"}
    searched = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "accounts",
            "model_name": "profile",
            "field_name": "user",
            "term": "sentinel",
        },
    )
    assert searched.json()["results"] == []


def test_profile_change_form_has_no_other_tenant_choices(
    admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant
) -> None:
    profile_id = _ids_in(tenant_a, Profile, seeker_a)
    response = client_for(tenant_a, admin_a).get(f"/admin/accounts/profile/{profile_id}/change/")
    assert response.status_code == 200
    assert b"Ada Seeker" in response.content
    _assert_clean(response)


def test_fk_choices_for_users_are_this_tenants_members(
    rf: object, admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant
) -> None:
    from jobmentis.admin_sites import tenant_admin_site

    model_admin = tenant_admin_site.get_model_admin(Profile)
    request = rf.get("/admin/")  # type: ignore[attr-defined]
    request.user, request.tenant, request.membership = admin_a, tenant_a, None
    with tenant_context(tenant_a.pk):
        request.membership = Membership.objects.get(user=admin_a)
        field: Any = model_admin.formfield_for_foreignkey(Profile._meta.get_field("user"), request)
        emails = {user.email for user in field.queryset}
    assert emails == {"admin@acme.test", "seeker@acme.test"}


def test_tenant_admin_change_is_audited_with_field_names_only(
    admin_a: User, seeker_a: User, tenant_a: Tenant
) -> None:
    profile_id = _ids_in(tenant_a, Profile, seeker_a)
    response = client_for(tenant_a, admin_a).post(
        f"/admin/accounts/profile/{profile_id}/change/",
        {
            "full_name": "Ada Lovelace",
            "headline": "Analyst",
            "target_roles": "",
            "location": "Turin",
            "timezone": "UTC",
            "language": "en",
        },
    )
    assert response.status_code == 302, response.content
    with tenant_context(tenant_a.pk):
        entry = AuditLog.objects.get(action=AuditLog.Action.CHANGE)
        assert Profile.objects.get(pk=profile_id).full_name == "Ada Lovelace"
    assert entry.actor == admin_a
    assert entry.actor_role == "tenant_admin"
    assert entry.object_type == "accounts.profile"
    assert entry.object_id == str(profile_id)
    assert entry.changed_fields == ["full_name", "headline", "location"]
    assert "Lovelace" not in repr(entry.__dict__)


def test_inline_role_change_through_user_admin_is_audited(
    admin_a: User, seeker_a: User, tenant_a: Tenant
) -> None:
    with tenant_context(tenant_a.pk):
        membership = Membership.objects.get(user=seeker_a)
        profile = Profile.objects.get(user=seeker_a)
    data = {
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "1",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1",
        "memberships-0-id": str(membership.pk),
        "memberships-0-user": str(seeker_a.pk),
        "memberships-0-role": "admin",
        "profiles-TOTAL_FORMS": "1",
        "profiles-INITIAL_FORMS": "1",
        "profiles-MIN_NUM_FORMS": "0",
        "profiles-MAX_NUM_FORMS": "1",
        "profiles-0-id": str(profile.pk),
        "profiles-0-user": str(seeker_a.pk),
        "profiles-0-full_name": "Ada Seeker",
        "profiles-0-headline": "",
        "profiles-0-target_roles": "",
        "profiles-0-location": "",
        "profiles-0-timezone": "UTC",
        "profiles-0-language": "en",
    }
    response = client_for(tenant_a, admin_a).post(
        f"/admin/accounts/user/{seeker_a.pk}/change/", data
    )
    assert response.status_code == 302, response.content
    with tenant_context(tenant_a.pk):
        assert Membership.objects.get(pk=membership.pk).role == Membership.Role.ADMIN
        entries = list(AuditLog.objects.values_list("object_type", "object_id", "changed_fields"))
    assert entries == [("accounts.membership", str(membership.pk), ["role"])]


def test_tenant_admin_cannot_edit_global_account_fields(
    admin_a: User, seeker_a: User, tenant_a: Tenant
) -> None:
    response = client_for(tenant_a, admin_a).get(f"/admin/accounts/user/{seeker_a.pk}/change/")
    assert response.status_code == 200
    body = response.content.decode()
    for field in ("password", "is_superuser", "is_staff", "is_support", "is_active", "email"):
        assert f'name="{field}"' not in body
    # Global account activity (sign-ins anywhere) is not this tenant's business.
    assert "Last login" not in body


def test_tenant_settings_change_only_own_row(admin_a: User, tenant_a: Tenant) -> None:
    client = client_for(tenant_a, admin_a)
    assert client.get("/admin/accounts/tenant/")["Location"] == (
        f"/admin/accounts/tenant/{tenant_a.pk}/change/"
    )
    response = client.post(
        f"/admin/accounts/tenant/{tenant_a.pk}/change/",
        {
            "display_name": "Acme Careers Hub",
            "primary_colour": "#123456",
        },
    )
    assert response.status_code == 302, response.content
    tenant_a.refresh_from_db()
    assert (tenant_a.display_name, tenant_a.allow_self_signup) == ("Acme Careers Hub", False)
    assert client.get("/admin/accounts/tenant/add/").status_code == 403


def test_site_header_uses_tenant_brand(admin_a: User, tenant_a: Tenant) -> None:
    response = client_for(tenant_a, admin_a).get("/admin/")
    assert b"Acme Careers admin" in response.content
    assert b"Recent actions" not in response.content


def test_seeker_is_refused_tenant_admin(seeker_a: User, tenant_a: Tenant) -> None:
    assert client_for(tenant_a, seeker_a).get("/admin/").status_code == 403
    assert client_for(tenant_a, seeker_a).get("/admin/accounts/user/").status_code == 403


def test_admin_of_other_tenant_is_refused(admin_b: User, tenant_a: Tenant) -> None:
    response = client_for(tenant_a, admin_b).get("/admin/accounts/user/")
    assert response.status_code == 403


def test_anonymous_is_sent_to_allauth_login(tenant_a: Tenant) -> None:
    response = client_for(tenant_a).get("/admin/accounts/user/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/accounts/user/"


def test_support_user_enters_any_tenant_admin_audited(
    tenant_a: Tenant, seeker_a: User, admin_a: User
) -> None:
    support = User.objects.create_user(email="help@jobmentis.test", is_support=True)
    client = client_for(tenant_a, support)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200
    response = client.get(f"/admin/accounts/user/{seeker_a.pk}/change/")
    assert response.status_code == 200
    assert b"as platform staff" in response.content
    with tenant_context(tenant_a.pk):
        entries = list(
            AuditLog.objects.order_by("created_at", "id").values_list(
                "actor_id", "actor_role", "action", "object_type", "object_id"
            )
        )
    assert entries == [
        (support.pk, "support", "support_access", "accounts.tenant", str(tenant_a.pk)),
        (support.pk, "support", "view", "accounts.user", str(seeker_a.pk)),
    ]


def test_superuser_access_is_audited_as_superuser(tenant_a: Tenant) -> None:
    root = User.objects.create_superuser(email="root@jobmentis.test")
    assert client_for(tenant_a, root).get("/admin/").status_code == 200
    with tenant_context(tenant_a.pk):
        assert AuditLog.objects.get().actor_role == "superuser"


def test_tenant_admin_views_are_not_logged_as_support_access(
    admin_a: User, tenant_a: Tenant
) -> None:
    client_for(tenant_a, admin_a).get("/admin/")
    with tenant_context(tenant_a.pk):
        assert not AuditLog.objects.exists()


def test_django_global_log_entries_are_not_written(
    admin_a: User, seeker_a: User, tenant_a: Tenant
) -> None:
    from django.contrib.admin.models import LogEntry

    membership_id = _ids_in(tenant_a, Membership, seeker_a)
    client_for(tenant_a, admin_a).post(
        f"/admin/accounts/membership/{membership_id}/change/", {"role": "admin"}
    )
    assert not LogEntry.objects.exists()


# --- platform admin ---------------------------------------------------------------------------


def platform_client(user: User | None = None) -> Client:
    client = Client(HTTP_HOST="localhost")
    if user is not None:
        client.force_login(user)
    return client


def test_tenant_admin_cannot_use_platform_admin(admin_a: User) -> None:
    assert platform_client(admin_a).get("/admin/").status_code == 403


def test_support_user_cannot_use_platform_admin(db: None) -> None:
    support = User.objects.create_user(email="help@jobmentis.test", is_support=True)
    assert platform_client(support).get("/admin/").status_code == 403


def test_platform_admin_sends_anonymous_to_allauth_login(db: None) -> None:
    response = platform_client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/admin/"


def test_superuser_creates_tenant_with_primary_domain(db: None) -> None:
    root = User.objects.create_superuser(email="root@jobmentis.test")
    response = platform_client(root).post(
        "/admin/accounts/tenant/add/",
        {
            "name": "Initech Jobs",
            "slug": "initech",
            "display_name": "Initech",
            "primary_colour": "#aa3300",
            "is_active": "on",
            "allow_self_signup": "on",
            "domains-TOTAL_FORMS": "0",
            "domains-INITIAL_FORMS": "0",
            "domains-MIN_NUM_FORMS": "0",
            "domains-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content
    tenant = Tenant.objects.get(slug="initech")
    assert tenant.display_name == "Initech"
    assert list(TenantDomain.objects.filter(tenant=tenant).values_list("domain", "is_primary")) == [
        ("initech.localhost", True)
    ]


def test_platform_user_admin_never_shows_password_hash(db: None) -> None:
    root = User.objects.create_superuser(email="root@jobmentis.test", password=TEST_PASSWORD)
    response = platform_client(root).get(f"/admin/accounts/user/{root.pk}/change/")
    assert response.status_code == 200
    assert root.password.split("$")[-1].encode() not in response.content
    assert b'name="is_support"' in response.content


def test_platform_admin_lists_no_tenant_owned_models(db: None) -> None:
    root = User.objects.create_superuser(email="root@jobmentis.test")
    body = platform_client(root).get("/admin/").content.decode()
    assert re.search(r"/admin/accounts/(membership|profile|auditlog)/", body) is None
    assert "/admin/accounts/tenant/" in body
    assert "/admin/account/emailaddress/" in body
    assert platform_client(root).get("/admin/account/emailaddress/?q=root").status_code == 200


def test_only_admin_cannot_be_demoted(admin_a: User, seeker_a: User, tenant_a: Tenant) -> None:
    membership_id = _ids_in(tenant_a, Membership, admin_a)
    client = client_for(tenant_a, admin_a)
    response = client.post(
        f"/admin/accounts/membership/{membership_id}/change/", {"role": "member"}
    )
    assert response.status_code == 200
    assert b"only admin" in response.content
    with tenant_context(tenant_a.pk):
        assert Membership.objects.get(pk=membership_id).role == Membership.Role.ADMIN
        seeker_membership = Membership.objects.get(user=seeker_a)
    # With a second admin, the first may step down.
    client.post(f"/admin/accounts/membership/{seeker_membership.pk}/change/", {"role": "admin"})
    response = client.post(
        f"/admin/accounts/membership/{membership_id}/change/", {"role": "member"}
    )
    assert response.status_code == 302
    with tenant_context(tenant_a.pk):
        assert Membership.objects.get(pk=membership_id).role == Membership.Role.MEMBER


def test_superuser_grants_support_role_and_creates_users(db: None) -> None:
    root = User.objects.create_superuser(email="root@jobmentis.test")
    agent = User.objects.create_user(email="agent@jobmentis.test", password=TEST_PASSWORD)
    client = platform_client(root)
    response = client.post(
        f"/admin/accounts/user/{agent.pk}/change/",
        {"email": "agent@jobmentis.test", "is_active": "on", "is_support": "on"},
    )
    assert response.status_code == 302, response.content
    agent.refresh_from_db()
    assert (agent.is_support, agent.is_staff, agent.is_superuser) == (True, False, False)
    assert agent.check_password(TEST_PASSWORD)

    response = client.post(
        "/admin/accounts/user/add/",
        {
            "email": "new@jobmentis.test",
            "usable_password": "true",
            "password1": "a-long-demo-pass-42",
            "password2": "a-long-demo-pass-42",
        },
    )
    assert response.status_code == 302, response.content
    assert User.objects.get(email="new@jobmentis.test").check_password("a-long-demo-pass-42")


# --- invitations ------------------------------------------------------------------------------


def test_tenant_admin_invites_a_new_person(
    admin_a: User, tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    from allauth.account.models import EmailAddress
    from django.core import mail

    client = client_for(tenant_a, admin_a)
    assert client.get("/admin/accounts/user/add/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/accounts/user/add/",
            {"email": "New.Person@Example.test", "full_name": "Nova Person", "role": "member"},
        )
    assert response.status_code == 302, response.content
    invitee = User.objects.get(email="new.person@example.test")
    assert not invitee.has_usable_password()
    assert not EmailAddress.objects.get(user=invitee).verified
    with tenant_context(tenant_a.pk):
        assert Membership.objects.get(user=invitee).role == Membership.Role.MEMBER
        assert Profile.objects.get(user=invitee).full_name == "Nova Person"
        entry = AuditLog.objects.get(action=AuditLog.Action.ADD)
    assert (entry.object_type, entry.object_id) == ("accounts.user", str(invitee.pk))
    assert entry.changed_fields == ["email", "full_name"]
    assert response["Location"] == "/admin/accounts/user/"
    (message,) = mail.outbox
    assert message.to == ["new.person@example.test"]
    assert "Acme Careers" in message.subject
    assert "http://acme.localhost/accounts/password/reset/key/" in message.body


def test_inviting_someone_from_another_tenant_keeps_their_account(
    admin_a: User,
    seeker_b: User,
    tenant_a: Tenant,
    tenant_b: Tenant,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core import mail

    password_hash = seeker_b.password
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(tenant_a, admin_a).post(
            "/admin/accounts/user/add/",
            {"email": "seeker@globex.test", "full_name": "", "role": "admin"},
        )
    assert response.status_code == 302, response.content
    seeker_b.refresh_from_db()
    assert seeker_b.password == password_hash
    with tenant_context(tenant_a.pk):
        assert Membership.objects.get(user=seeker_b).role == Membership.Role.ADMIN
        # Their profile here starts empty: what they told tenant B stays in tenant B.
        assert Profile.objects.get(user=seeker_b).full_name == ""
    with tenant_context(tenant_b.pk):
        assert Profile.objects.get(user=seeker_b).full_name == "Bea Seeker"
    assert "/accounts/login/" in mail.outbox[0].body


def test_inviting_an_existing_member_is_refused(
    admin_a: User, seeker_a: User, tenant_a: Tenant
) -> None:
    response = client_for(tenant_a, admin_a).post(
        "/admin/accounts/user/add/", {"email": "seeker@acme.test", "full_name": "", "role": "admin"}
    )
    assert response.status_code == 200
    assert b"already a member" in response.content
    with tenant_context(tenant_a.pk):
        assert Membership.objects.get(user=seeker_a).role == Membership.Role.MEMBER


def test_seeker_cannot_invite(seeker_a: User, tenant_a: Tenant) -> None:
    response = client_for(tenant_a, seeker_a).post(
        "/admin/accounts/user/add/", {"email": "x@example.test", "full_name": "", "role": "admin"}
    )
    assert response.status_code == 403
    assert not User.objects.filter(email="x@example.test").exists()


def test_invitation_link_lets_the_invitee_choose_a_password(
    admin_a: User, tenant_a: Tenant, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client_for(tenant_a, admin_a).post(
            "/admin/accounts/user/add/",
            {"email": "nova@example.test", "full_name": "", "role": "member"},
        )
    link = re.search(r"http://acme\.localhost(/\S+)", mail.outbox[0].body)
    assert link is not None
    invitee_client = client_for(tenant_a)
    response = invitee_client.get(link.group(1), follow=True)
    assert response.status_code == 200
    set_password_path = response.redirect_chain[-1][0]
    response = invitee_client.post(
        set_password_path, {"password1": "lantern-quartz-58", "password2": "lantern-quartz-58"}
    )
    assert response.status_code == 302
    assert User.objects.get(email="nova@example.test").check_password("lantern-quartz-58")


# --- the reusable base class ------------------------------------------------------------------


def _admin_request(rf: Any, user: User, tenant: Tenant, path: str = "/admin/") -> Any:
    request = rf.get(path)
    request.user, request.tenant = user, tenant
    request.membership = Membership.objects.get(user=user)
    return request


def test_list_filters_across_relations_are_scoped(
    rf: Any, admin_a: User, seeker_a: User, planted_b: User, tenant_a: Tenant
) -> None:
    from django.contrib.admin.filters import RelatedFieldListFilter

    from jobmentis.admin_sites import tenant_admin_site
    from jobmentis.tenancy.admin import TenantScopedModelAdmin

    class ProbeAdmin(TenantScopedModelAdmin):
        list_filter = ("user", "user__email", ("user", RelatedFieldListFilter), "language")

    model_admin = ProbeAdmin(Profile, tenant_admin_site)
    with tenant_context(tenant_a.pk):
        request = _admin_request(rf, admin_a, tenant_a)
        changelist = model_admin.get_changelist_instance(request)
        offered = {
            str(choice)
            for spec in changelist.filter_specs
            for choice in getattr(spec, "lookup_choices", [])
        }
    assert "seeker@acme.test" in offered
    assert not [value for value in offered if SENTINEL.lower() in value.lower()]


def test_unknown_global_related_model_fails_closed(
    rf: Any, admin_a: User, tenant_a: Tenant
) -> None:
    from allauth.account.models import EmailAddress
    from django.core.exceptions import ImproperlyConfigured

    from jobmentis.admin_sites import tenant_admin_site
    from jobmentis.tenancy.admin import TenantScopedModelAdmin

    model_admin = TenantScopedModelAdmin(Profile, tenant_admin_site)
    with tenant_context(tenant_a.pk):
        request = _admin_request(rf, admin_a, tenant_a)
        with pytest.raises(ImproperlyConfigured):
            model_admin.scoped_related_queryset(request, EmailAddress)


def test_tenant_site_refuses_unscoped_model_admins() -> None:
    from django.contrib import admin
    from django.core.exceptions import ImproperlyConfigured

    from jobmentis.admin_sites import platform_admin_site, tenant_admin_site

    with pytest.raises(ImproperlyConfigured):
        tenant_admin_site.register(TenantDomain, admin.ModelAdmin)
    with pytest.raises(ImproperlyConfigured):
        platform_admin_site.register(AuditLog)


@pytest.mark.parametrize(
    "path", ["/admin/accounts/user/", "/admin/accounts/profile/", "/admin/accounts/membership/"]
)
def test_changelists_do_not_query_per_row(
    path: str, admin_a: User, seeker_a: User, tenant_a: Tenant
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.services import user_create_in_tenant

    client = client_for(tenant_a, admin_a)
    client.get(path)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(path).status_code == 200
    for number in range(5):
        user_create_in_tenant(
            tenant=tenant_a, email=f"more{number}@acme.test", password=TEST_PASSWORD
        )
    with CaptureQueriesContext(connection) as many:
        assert client.get(path).status_code == 200
    assert len(many) == len(few)


def test_object_history_comes_from_this_tenants_audit_log(
    admin_a: User, seeker_a: User, tenant_a: Tenant
) -> None:
    membership_id = _ids_in(tenant_a, Membership, seeker_a)
    client = client_for(tenant_a, admin_a)
    client.post(f"/admin/accounts/membership/{membership_id}/change/", {"role": "admin"})
    response = client.get(f"/admin/accounts/membership/{membership_id}/history/")
    assert response.status_code == 200
    entries = list(response.context["entries"])
    assert [(e.action, e.changed_fields, e.actor_id) for e in entries] == [
        ("change", ["role"], admin_a.pk)
    ]
    assert b"admin@acme.test" in response.content
