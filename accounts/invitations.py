"""Tenant admins add people to their tenant (invite-only tenants have no other way in).

A write service like those in accounts.services, kept in its own module because it also owns
the invitation email. The person's account is global: an existing account is reused as it is
(its password and addresses are never touched by a tenant admin); a new one starts with no
usable password and an unverified address, and the email carries a password-reset link, so the
invitee proves they own the address before they can sign in.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.models import Membership, Profile, Tenant, User
from accounts.selectors import tenant_base_url
from accounts.services import membership_join
from jobmentis.tenancy.context import tenant_context


class AlreadyMember(ValueError):
    """The person already belongs to this tenant."""


def membership_invite(
    *,
    tenant: Tenant,
    email: str,
    role: str = Membership.Role.MEMBER,
    full_name: str = "",
) -> tuple[User, bool]:
    """Make the person with `email` a member of `tenant` and email them. Returns (user, created).

    Raises AlreadyMember when they are one already (so a role is never changed by accident).
    """
    email = email.strip().lower()
    with transaction.atomic(), tenant_context(tenant.pk):
        user = User.objects.filter(email__iexact=email).first()
        created = user is None
        if user is None:
            user = User.objects.create_user(email=email, password=None)
            EmailAddress.objects.create(user=user, email=email, primary=True, verified=False)
        elif Membership.objects.filter(user=user).exists():
            raise AlreadyMember(email)
        membership_join(user=user, role=role)
        if full_name:
            # Only fills a blank: the member's own words win over the admin's.
            Profile.objects.filter(user=user, full_name="").update(full_name=full_name)
        invitee = user
        transaction.on_commit(lambda: _send_invitation(tenant=tenant, user=invitee, new=created))
    return user, created


def _send_invitation(*, tenant: Tenant, user: User, new: bool) -> None:
    base = tenant_base_url(tenant=tenant)
    if new:
        key = default_token_generator.make_token(user)
        path = reverse(
            "account_reset_password_from_key",
            kwargs={"uidb36": user_pk_to_url_str(user), "key": key},
        )
    else:
        path = reverse("account_login")
    context = {"brand_name": tenant.brand_name, "url": f"{base}{path}", "new_account": new}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_message.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
