"""allauth behaviour for a multi-tenant site: sign-up joins the tenant of the host."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.context import request_context as allauth_request_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.http import Http404, HttpRequest

from accounts.middleware import SESSION_TENANT_KEY
from accounts.models import User
from accounts.services import membership_join


def _tenant_open_for_signup(request: HttpRequest) -> bool:
    tenant = getattr(request, "tenant", None)
    return tenant is not None and tenant.allow_self_signup


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return _tenant_open_for_signup(request)

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            membership_join(user=user)
        return user

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth keys the per-login failure counter by site domain, which here is the request
        # host: every tenant host would grant a fresh set of guesses against the same global
        # user. Users are global, so the counter is too (the per-IP counter is unchanged).
        login = credentials.get("email", credentials.get("username", "")) or ""
        return str(login).lower()

    def get_login_stages(self) -> list[str]:
        # An account whose erasure is pending cannot sign in (password, code or social login
        # alike); once every other stage, MFA included, has passed, its owner is offered to keep
        # it instead.
        return [*super().get_login_stages(), "privacy.auth.ClosingAccountStage"]

    def login(self, request: HttpRequest, user: User) -> None:
        super().login(request, user)
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            request.session[SESSION_TENANT_KEY] = tenant.pk

    def get_email_confirmation_url(self, request: HttpRequest, emailconfirmation: Any) -> str:
        # Built from the request host, so the link lands on the tenant the user signed up on.
        return super().get_email_confirmation_url(request, emailconfirmation)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = (
            context.get("request") or allauth_context.request or getattr(self, "request", None)
        )
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            context.setdefault("tenant", tenant)
            context.setdefault("brand_name", tenant.brand_name)
        if allauth_context.request is None and request is not None:
            # allauth sends some notifications (e.g. "authenticator app activated") from
            # transaction.on_commit hooks. Our whole request is one transaction opened by
            # TenantMiddleware, so those hooks run after allauth's middleware has cleared its
            # request context, and allauth would build the mail from no request at all.
            with allauth_request_context(request):
                super().send_mail(template_prefix, email, context)
            return
        super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_provider(
        self, request: HttpRequest, provider: str, client_id: str | None = None
    ) -> Any:
        # Google is configured from the environment and may be absent: its login URLs then
        # answer 404 instead of crashing with SocialApp.DoesNotExist (a 500).
        try:
            return super().get_provider(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as exc:
            raise Http404(f"Sign-in with {provider} is not configured.") from exc

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return _tenant_open_for_signup(request)

    def save_user(self, request: HttpRequest, sociallogin: Any, form: Any = None) -> User:
        user: User = super().save_user(request, sociallogin, form)
        membership_join(user=user)
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            # The sign-in buttons say that continuing with a provider accepts the terms and
            # the privacy policy (templates/allauth/elements/provider_list.html).
            from privacy.consent import interfaces as consent

            consent.policies_accept(tenant=tenant, user=user)
            consent.track_event(
                request=request, user=user, tenant=tenant, event="CompleteRegistration"
            )
        return user
