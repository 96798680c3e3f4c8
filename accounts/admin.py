"""Admin for accounts on both sites (see jobmentis.admin_sites).

Tenant site (`/admin/` on a tenant host): the tenant's users (as members: role, profile), its
memberships and profiles, its own branding and feature toggles, and its audit log (read-only).
Global security fields of a user (password, staff/support/superuser flags, active) are not
editable by a tenant admin: the account is shared with every other tenant the user belongs to.

Platform site (`/admin/` on a platform host): tenants with their domains, and global users.
"""

from __future__ import annotations

from typing import Any

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.audit import ActorRole
from accounts.invitations import AlreadyMember, membership_invite
from accounts.models import AuditLog, Membership, Profile, Tenant, TenantDomain, User
from accounts.selectors import tenant_primary_domain
from accounts.services import tenant_create
from jobmentis.admin_sites import platform_admin_site, tenant_admin_site
from jobmentis.tenancy.admin import (
    ReadOnlyTenantModelAdmin,
    TenantScopedModelAdmin,
    TenantScopedStackedInline,
    TenantScopedTabularInline,
    tenant_member_users,
)
from jobmentis.tenancy.context import require_tenant_id

# === Tenant admin site =========================================================================

PROFILE_FIELDS = (
    "full_name",
    "headline",
    "target_roles",
    "location",
    "timezone",
    "language",
)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("role",)

    def clean_role(self) -> str:
        role: str = self.cleaned_data["role"]
        current = self.instance
        if current.pk and current.role == Membership.Role.ADMIN and role != current.role:
            # Scoped to the tenant in context by the default manager.
            other_admins = Membership.objects.filter(role=Membership.Role.ADMIN).exclude(
                pk=current.pk
            )
            if not other_admins.exists():
                raise forms.ValidationError(
                    _("This is the tenant's only admin: make someone else an admin first.")
                )
        return role


class MembershipInline(TenantScopedTabularInline):
    model = Membership
    form = MembershipForm
    fields = ("role", "created_at")
    readonly_fields = ("created_at",)
    can_delete = False
    max_num = 1

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProfileInline(TenantScopedStackedInline):
    model = Profile
    fields = PROFILE_FIELDS
    can_delete = False
    max_num = 1

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoleListFilter(admin.SimpleListFilter):
    title = _("role")
    parameter_name = "role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return Membership.Role.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in Membership.Role.values:
            # One filter() call: both conditions apply to the same membership row.
            return queryset.filter(
                memberships__tenant_id=require_tenant_id(), memberships__role=self.value()
            )
        return queryset


class InviteForm(forms.ModelForm):
    """ "Add user" on the tenant site: an invitation, not an account editor."""

    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )

    class Meta:
        model = User
        fields = ("email",)

    def _post_clean(self) -> None:
        # No model validation: this form never saves its instance (membership_invite does),
        # and someone who already has a global account may be invited (unique email is fine).
        return None

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if Membership.objects.filter(user__email__iexact=email).exists():
            raise forms.ValidationError(_("This person is already a member."))
        return email


class TenantUserAdmin(TenantScopedModelAdmin):
    """This tenant's members. The account itself is global, so it is shown, not edited; "add"
    invites someone (accounts.invitations)."""

    add_form = InviteForm
    add_fieldsets = ((None, {"fields": ("email", "full_name", "role")}),)

    # "Joined" is the membership's date: when the account was created or last signed in
    # (anywhere) is the platform's business, not this tenant's.
    list_display = ("email", "tenant_full_name", "tenant_role", "tenant_joined", "is_active")
    list_filter = (RoleListFilter, "is_active")
    search_fields = ("email", "tenant_full_name")
    ordering = ("email",)
    fields = ("email", "is_active")
    readonly_fields = fields
    inlines = (MembershipInline, ProfileInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        profiles = Profile.objects.filter(user=OuterRef("pk"))
        memberships = Membership.objects.filter(user=OuterRef("pk"))
        return (
            tenant_member_users()
            .annotate(
                tenant_full_name=Subquery(profiles.values("full_name")[:1]),
                tenant_role=Subquery(memberships.values("role")[:1]),
                tenant_joined=Subquery(memberships.values("created_at")[:1]),
            )
            .order_by(*self.get_ordering(request))
        )

    @admin.display(description=_("full name"), ordering="tenant_full_name")
    def tenant_full_name(self, obj: Any) -> str:
        return obj.tenant_full_name or ""

    @admin.display(description=_("joined"), ordering="tenant_joined")
    def tenant_joined(self, obj: Any) -> Any:
        return obj.tenant_joined

    @admin.display(description=_("role"), ordering="tenant_role")
    def tenant_role(self, obj: Any) -> str:
        return str(Membership.Role(obj.tenant_role).label) if obj.tenant_role else ""

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is None:
            kwargs["form"] = self.add_form
            kwargs["fields"] = ("email",)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.readonly_fields

    def get_inlines(self, request: HttpRequest, obj: Any) -> Any:
        return () if obj is None else self.inlines

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting the global account would remove the user from every tenant; a tenant admin
        # removes them from *this* tenant by deleting the membership.
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            # Every field of the global account is read-only here; only inlines are saved.
            return
        try:
            user, _created = membership_invite(
                tenant=request.tenant,  # type: ignore[attr-defined]
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                full_name=form.cleaned_data["full_name"],
            )
        except AlreadyMember as exc:  # raced with another admin since the form was validated
            raise PermissionDenied from exc
        # The admin goes on with the invited account (redirect, audit entry).
        obj.pk = user.pk
        obj.__dict__.update({k: v for k, v in user.__dict__.items() if k != "_state"})
        obj._state.adding = False


class MembershipAdmin(TenantScopedModelAdmin):
    form = MembershipForm
    list_display = ("user", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email",)
    ordering = ("-created_at",)
    autocomplete_fields = ("user",)
    fields = ("user", "role", "created_at")
    readonly_fields = ("user", "created_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Members join through sign-up or an invitation, which also creates their profile.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if not super().has_delete_permission(request, obj):
            return False
        # Removing your own membership would lock you out of this admin mid-click.
        return obj is None or obj.user_id != request.user.pk


class ProfileAdmin(TenantScopedModelAdmin):
    list_display = ("__str__", "user", "headline", "location", "updated_at")
    list_filter = ("language", "user")
    search_fields = ("full_name", "user__email", "headline", "location")
    ordering = ("full_name",)
    autocomplete_fields = ("user",)
    fields = ("user", *PROFILE_FIELDS, "updated_at")
    readonly_fields = ("user", "updated_at")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A member without a profile is a broken state; erasure belongs to the privacy engine.
        return False


class TenantSettingsAdmin(TenantScopedModelAdmin):
    """The tenant's own row of the global Tenant table: branding and sign-up. (Analytics and ads
    switches live with their keys in Consent → Tracking settings.)"""

    fields = (
        "name",
        "slug",
        "display_name",
        "logo",
        "primary_colour",
        "allow_self_signup",
    )
    readonly_fields = ("name", "slug")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return Tenant.objects.filter(pk=require_tenant_id())

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        extra = {"title": _("Branding and settings"), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A list of one row is noise: go straight to the form.
        url = reverse(
            f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
            args=[require_tenant_id()],
            current_app=self.admin_site.name,
        )
        return HttpResponseRedirect(url)


class ActorRoleListFilter(admin.SimpleListFilter):
    title = _("actor role")
    parameter_name = "actor_role"

    def lookups(self, request: HttpRequest, model_admin: Any) -> Any:
        return ActorRole.choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() in ActorRole.values:
            return queryset.filter(actor_role=self.value())
        return queryset


class AuditLogAdmin(ReadOnlyTenantModelAdmin):
    list_display = ("created_at", "actor", "role_label", "action", "object_label", "fields_label")
    list_filter = ("action", ActorRoleListFilter, "actor")
    list_select_related = ("actor",)
    search_fields = ("object_type", "object_id")
    date_hierarchy = "created_at"
    fields = (
        "created_at",
        "actor",
        "actor_role",
        "action",
        "object_type",
        "object_id",
        "changed_fields",
        "path",
    )
    readonly_fields = fields

    @admin.display(description=_("actor role"), ordering="actor_role")
    def role_label(self, obj: AuditLog) -> str:
        return str(ActorRole(obj.actor_role).label) if obj.actor_role in ActorRole.values else ""

    @admin.display(description=_("object"), ordering="object_type")
    def object_label(self, obj: AuditLog) -> str:
        return f"{obj.object_type} #{obj.object_id}" if obj.object_id else obj.object_type

    @admin.display(description=_("changed fields"))
    def fields_label(self, obj: AuditLog) -> str:
        return ", ".join(obj.changed_fields or [])


tenant_admin_site.register(User, TenantUserAdmin)
tenant_admin_site.register(Membership, MembershipAdmin)
tenant_admin_site.register(Profile, ProfileAdmin)
tenant_admin_site.register(Tenant, TenantSettingsAdmin)
tenant_admin_site.register(AuditLog, AuditLogAdmin)


# === Platform admin site ======================================================================


class TenantDomainInline(admin.TabularInline):
    model = TenantDomain
    extra = 0
    fields = ("domain", "is_primary")


class PlatformTenantAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "primary_domain", "is_active", "allow_self_signup")
    list_filter = ("is_active", "allow_self_signup")
    search_fields = ("name", "slug", "domains__domain")
    ordering = ("name",)
    inlines = (TenantDomainInline,)
    fields = (
        "name",
        "slug",
        "display_name",
        "logo",
        "primary_colour",
        "is_active",
        "allow_self_signup",
        "created_at",
    )
    readonly_fields = ("created_at",)

    @admin.display(description=_("primary domain"))
    def primary_domain(self, obj: Tenant) -> str:
        return tenant_primary_domain(tenant=obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # The slug is part of the tenant's host name and storage paths: fixed once created.
        return (*self.readonly_fields, "slug") if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Tenant, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # Creation goes through the service so the primary domain exists from the start; the
        # form's remaining fields (display name, logo, toggles) are then saved onto that row.
        created = tenant_create(
            name=obj.name,
            slug=obj.slug,
            primary_colour=obj.primary_colour,
            allow_self_signup=obj.allow_self_signup,
        )
        obj.pk = created.pk
        obj._state.adding = False
        obj.save()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Tenant data is PROTECTed; retiring a tenant is deactivation (is_active), not delete.
        return False


class PlatformUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class PlatformUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = ("email", "password", "is_active", "is_staff", "is_support", "is_superuser")


class PlatformUserAdmin(DjangoUserAdmin):
    form = PlatformUserChangeForm
    add_form = PlatformUserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            _("Platform roles"),
            {"fields": ("is_active", "is_staff", "is_support", "is_superuser")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "usable_password", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    list_display = ("email", "is_active", "is_staff", "is_support", "is_superuser", "date_joined")
    list_filter = ("is_active", "is_staff", "is_support", "is_superuser")
    search_fields = ("email",)
    ordering = ("email",)
    filter_horizontal = ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A user's tenant data (memberships, profiles, CVs…) is erased by the privacy engine,
        # tenant by tenant; a bare delete here could not reach it (no tenant context).
        return False


platform_admin_site.register(Tenant, PlatformTenantAdmin)
platform_admin_site.register(User, PlatformUserAdmin)
# Global allauth rows: superusers may fix an address or mark it verified for a user.
platform_admin_site.register(EmailAddress, EmailAddressAdmin)
