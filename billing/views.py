"""Billing pages: plans and the user's subscription, Stripe checkout and portal, usage."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from billing import charts
from billing.forms import CheckoutForm
from billing.selectors import (
    ai_usage_for_user,
    billing_period_for_user,
    grace_ends_at,
    match_scores_for_user,
    plan_for_user,
    plans_public,
    stripe_credentials,
    subscription_for_user,
    subscription_is_effective,
    usage_for_user,
    usage_history_for_user,
)
from billing.services import BillingError, checkout_start, portal_start
from billing.stripe_gateway import StripeGatewayError, StripeNotConfigured


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _billing_context(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    subscription = subscription_for_user(user=user)
    plan = plan_for_user(user=user, subscription=subscription)
    return {
        "plans": list(plans_public()),
        "current_plan": plan,
        "subscription": subscription,
        "subscription_effective": subscription is not None
        and subscription_is_effective(subscription),
        "grace_ends": grace_ends_at(subscription) if subscription else None,
        "period": billing_period_for_user(user=user, subscription=subscription),
        "usage": usage_for_user(user=user),
        "payments_enabled": stripe_credentials() is not None,
    }


@login_required
@require_GET
def billing_home(request: HttpRequest) -> HttpResponse:
    checkout = request.GET.get("checkout")
    if checkout == "success":
        messages.success(
            request,
            _("Thank you! Your payment went through; your plan updates in a moment."),
        )
    elif checkout == "cancelled":
        messages.info(request, _("Checkout was cancelled: nothing was charged."))
    return render(request, "billing/home.html", _billing_context(request))


@login_required
@require_POST
def billing_checkout(request: HttpRequest) -> HttpResponse:
    form = CheckoutForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a plan and a billing interval."))
        return redirect("billing")
    base = request.build_absolute_uri(reverse("billing"))
    try:
        url = checkout_start(
            user=_user(request),
            plan=form.cleaned_data["plan"],
            interval=form.cleaned_data["interval"],
            success_url=f"{base}?checkout=success",
            cancel_url=f"{base}?checkout=cancelled",
        )
    except StripeNotConfigured:
        messages.error(request, _("Online payments are not enabled here yet."))
        return redirect("billing")
    except BillingError as error:
        messages.error(request, str(error))
        return redirect("billing")
    except StripeGatewayError:
        messages.error(request, _("We could not reach the payment provider. Try again shortly."))
        return redirect("billing")
    return redirect(url, permanent=False)


@login_required
@require_POST
def billing_portal(request: HttpRequest) -> HttpResponse:
    try:
        url = portal_start(
            user=_user(request), return_url=request.build_absolute_uri(reverse("billing"))
        )
    except StripeNotConfigured:
        messages.error(request, _("Online payments are not enabled here yet."))
        return redirect("billing")
    except BillingError as error:
        messages.error(request, str(error))
        return redirect("billing")
    except StripeGatewayError:
        messages.error(request, _("We could not reach the payment provider. Try again shortly."))
        return redirect("billing")
    return redirect(url, permanent=False)


@login_required
@require_GET
def billing_usage(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    context = _billing_context(request)
    history = usage_history_for_user(user=user)
    since = timezone.now() - timedelta(days=365)
    ai_rows = ai_usage_for_user(user=user, since=since)
    scores = match_scores_for_user(user=user)
    context.update(
        history_chart=charts.monthly_bars(history, months=12),
        scores_chart=charts.score_line(scores),
        ai_rows=ai_rows,
        ai_tokens=sum((r["input_tokens"] or 0) + (r["output_tokens"] or 0) for r in ai_rows),
        ai_calls=sum(r["calls"] for r in ai_rows),
        scores=scores,
    )
    return render(request, "billing/usage.html", context)
