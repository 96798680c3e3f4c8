"""Tenants (global), users (global, allauth) and what ties a user to a tenant (tenant-owned)."""

from __future__ import annotations

from typing import Any, ClassVar
from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobmentis.tenancy.models import TenantOwnedModel

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a hex colour such as #2f5bea."))
slug_label = RegexValidator(
    r"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$",
    _("Lower-case letters, digits and hyphens; it becomes part of the host name."),
)


def tenant_logo_path(instance: Tenant, filename: str) -> str:
    return f"tenants/{instance.pk or 'new'}/branding/{filename}"


class Tenant(models.Model):
    """A career centre or coaching brand. Global: it *is* the tenant."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=40, unique=True, validators=[slug_label])
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    logo = models.ImageField(_("logo"), upload_to=tenant_logo_path, blank=True)
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#2f5bea", validators=[hex_colour]
    )
    is_active = models.BooleanField(_("active"), default=True)
    allow_self_signup = models.BooleanField(
        _("job seekers may sign up and join"),
        default=True,
        help_text=_("When off, only invited users (created by an admin) can use this tenant."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tenant")
        verbose_name_plural = _("tenants")

    def __str__(self) -> str:
        return self.name

    @property
    def brand_name(self) -> str:
        return self.display_name or self.name


class TenantDomain(models.Model):
    """Host names that serve a tenant: `<slug>.<TENANT_BASE_DOMAIN>` plus custom domains."""

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("domain"), max_length=253, unique=True)
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        ordering = ["-is_primary", "domain"]
        verbose_name = _("tenant domain")
        verbose_name_plural = _("tenant domains")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant"],
                condition=models.Q(is_primary=True),
                name="accounts_tenantdomain_one_primary",
            ),
            models.CheckConstraint(
                condition=models.Q(domain=Lower("domain")), name="accounts_tenantdomain_lowercase"
            ),
        ]

    def __str__(self) -> str:
        return self.domain

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.domain = self.domain.strip().lower()
        super().save(*args, **kwargs)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """Global identity (DESIGN.md: users are global). Per-tenant data lives in Profile."""

    email = models.EmailField(_("email address"), unique=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("platform staff"),
        default=False,
        help_text=_("Platform staff may use the platform admin."),
    )
    is_support = models.BooleanField(
        _("support staff"),
        default=False,
        help_text=_("Support staff may open any tenant's admin; every access is audited."),
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email


class Membership(TenantOwnedModel):
    class Role(models.TextChoices):
        MEMBER = "member", _("Job seeker")
        ADMIN = "admin", _("Tenant admin")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("joined"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="accounts_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


def _timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in sorted(available_timezones())]


def profile_picture_path(instance: Profile, filename: str) -> str:
    # Tenant id first: storage paths carry the tenant (DESIGN.md), so erasure and S3 prefixes
    # can be scoped per tenant.
    return f"tenants/{instance.tenant_id}/profiles/{instance.user_id}/{filename}"


class Profile(TenantOwnedModel):
    """What a user tells *this* tenant about themselves; another tenant never sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profiles"
    )
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    picture = models.ImageField(_("picture"), upload_to=profile_picture_path, blank=True)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    target_roles = models.CharField(
        _("target roles"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated, e.g. Data analyst, BI developer"),
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    timezone = models.CharField(
        _("time zone"), max_length=64, default="UTC", choices=_timezone_choices
    )
    language = models.CharField(
        _("language"), max_length=8, default="en", choices=settings.LANGUAGES
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="accounts_profile_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or str(self.user)

    @property
    def target_role_list(self) -> list[str]:
        return [role.strip() for role in self.target_roles.split(",") if role.strip()]


class AuditLog(TenantOwnedModel):
    """Who did what to whose personal data, through admin or support tools.

    Holds field *names*, never values, so the log itself stays free of personal data.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed")
        ADD = "add", _("Added")
        CHANGE = "change", _("Changed")
        DELETE = "delete", _("Deleted")
        SUPPORT_ACCESS = "support_access", _("Support access")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_role = models.CharField(_("actor role"), max_length=32, blank=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    changed_fields = models.JSONField(_("changed fields"), default=list, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_type} {self.object_id}"
