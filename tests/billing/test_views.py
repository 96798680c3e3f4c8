"""Billing pages, checkout and portal through the real SDK, admin plan assignment, usage."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import Tenant, User
from billing.models import Plan, Subscription
from billing.services import plan_assign
from jobmentis.tenancy.context import tenant_context
from tests.billing.conftest import PRO_MONTHLY, PRO_YEARLY
from tests.conftest import client_for
from tests.fakes.stripe import FakeStripe
from tests.resumes.conftest import upload_cv
from tests.resumes.files import make_pdf


def test_without_keys_the_page_lists_plans_and_says_payments_are_off(
    tenant_a: Tenant, seeker_a: User, pro_a: Plan, settings: Any
) -> None:
    settings.STRIPE_SECRET_KEY = ""
    response = client_for(tenant_a, seeker_a).get("/billing/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Online payments are not enabled" in content
    assert "Pro" in content and "Free" in content
    assert "billing/checkout" not in content


def test_checkout_redirects_to_stripe_with_subscription_trial_and_promotion_codes(
    fake_stripe: FakeStripe, tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    client = client_for(tenant_a, seeker_a)
    page = client.get("/billing/").content.decode()
    assert 'action="/billing/checkout/"' in page
    response = client.post("/billing/checkout/", {"plan": pro_a.pk, "interval": "year"})
    assert response.status_code == 302
    assert response["Location"].startswith(f"{fake_stripe.base_url}/c/pay/cs_test_")
    (params,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert params["mode"] == "subscription"
    assert params["line_items[0][price]"] == PRO_YEARLY
    assert params["allow_promotion_codes"] == "true"
    assert params["subscription_data[trial_period_days]"] == "7"
    assert params["metadata[tenant_id]"] == str(tenant_a.pk)
    assert params["metadata[user_id]"] == str(seeker_a.pk)
    assert params["subscription_data[metadata][tenant_id]"] == str(tenant_a.pk)
    assert params["customer_email"] == seeker_a.email
    assert params["success_url"] == "http://acme.localhost/billing/?checkout=success" or params[
        "success_url"
    ].endswith("/billing/?checkout=success")
    assert not any("card" in key for key in params)


def test_a_returning_customer_gets_no_second_trial(
    fake_stripe: FakeStripe, tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    with tenant_context(tenant_a.pk):
        Subscription.objects.create(
            user=seeker_a,
            plan=pro_a,
            source=Subscription.Source.STRIPE,
            status=Subscription.Status.CANCELED,
            stripe_customer_id="cus_old",
            stripe_subscription_id="sub_old",
        )
    client_for(tenant_a, seeker_a).post(
        "/billing/checkout/", {"plan": pro_a.pk, "interval": "month"}
    )
    (params,) = fake_stripe.calls("POST", "/v1/checkout/sessions")
    assert params["customer"] == "cus_old"
    assert params["line_items[0][price]"] == PRO_MONTHLY
    assert "subscription_data[trial_period_days]" not in params


def test_portal_opens_for_a_stripe_customer(
    fake_stripe: FakeStripe, tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    customer = fake_stripe.customer_add(email=seeker_a.email)
    with tenant_context(tenant_a.pk):
        Subscription.objects.create(
            user=seeker_a,
            plan=pro_a,
            source=Subscription.Source.STRIPE,
            status=Subscription.Status.ACTIVE,
            stripe_customer_id=customer,
            stripe_subscription_id="sub_x",
        )
    response = client_for(tenant_a, seeker_a).post("/billing/portal/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{fake_stripe.base_url}/p/session/")
    (params,) = fake_stripe.calls("POST", "/v1/billing_portal/sessions")
    assert params["customer"] == customer


def test_portal_without_a_customer_explains(
    fake_stripe: FakeStripe, tenant_a: Tenant, seeker_a: User
) -> None:
    response = client_for(tenant_a, seeker_a).post("/billing/portal/", follow=True)
    assert "no Stripe billing account" in response.content.decode()


def test_tenant_keys_override_the_platform_keys(
    fake_stripe: FakeStripe, tenant_a: Tenant, seeker_a: User, pro_a: Plan
) -> None:
    from billing.models import TenantBillingSettings

    fake_stripe.secret_key = "sk_test_tenant_own"
    with tenant_context(tenant_a.pk):
        TenantBillingSettings.objects.create(
            stripe_secret_key="sk_test_tenant_own", stripe_webhook_secret="whsec_tenant"
        )
    response = client_for(tenant_a, seeker_a).post(
        "/billing/checkout/", {"plan": pro_a.pk, "interval": "month"}
    )
    assert response["Location"].startswith(fake_stripe.base_url)


def test_usage_page_shows_counts_against_limits_and_local_svg_charts(
    tenant_a: Tenant, seeker_a: User
) -> None:
    from billing.entitlements import entitlement_consume

    with tenant_context(tenant_a.pk):
        entitlement_consume(user=seeker_a, tenant=tenant_a, feature="cv_optimisation")
    response = client_for(tenant_a, seeker_a).get("/billing/usage/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "1 of 3" in content
    assert "<svg" in content and "chart-s0" in content
    assert "http" not in content.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org", ""
    )


@pytest.mark.usefixtures("media")
def test_upload_beyond_the_stored_cv_limit_is_refused_with_an_upgrade_link(
    tenant_a: Tenant, seeker_a: User
) -> None:
    for index in range(3):
        upload_cv(tenant_a, seeker_a, content=make_pdf([[f"Person {index}"]]), name=f"{index}.pdf")
    client = client_for(tenant_a, seeker_a)
    import io

    upload = io.BytesIO(make_pdf([["Fourth person"]]))
    upload.name = "fourth.pdf"
    response = client.post("/cvs/upload/", {"file": upload})
    content = response.content.decode()
    assert response.status_code == 403
    assert "Your plan lets you keep 3 CVs" in content
    assert 'href="/billing/#plans"' in content
    with tenant_context(tenant_a.pk):
        from resumes.models import Resume

        assert Resume.objects.filter(user=seeker_a).count() == 3


def test_tenant_admin_assigns_a_plan_in_admin(
    tenant_a: Tenant, admin_a: User, seeker_a: User, pro_a: Plan
) -> None:
    client = client_for(tenant_a, admin_a)
    response = client.post(
        "/admin/billing/subscription/add/", {"user": seeker_a.pk, "plan": pro_a.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(tenant_a.pk):
        subscription = Subscription.objects.select_related("plan").get(user=seeker_a)
    assert subscription.plan == pro_a and subscription.source == "admin"
    page = client_for(tenant_a, seeker_a).get("/billing/").content.decode()
    assert 'data-testid="current-plan">Pro<' in page


def test_admin_usage_report_lists_plan_distribution(
    tenant_a: Tenant, admin_a: User, seeker_a: User, pro_a: Plan
) -> None:
    with tenant_context(tenant_a.pk):
        plan_assign(user=seeker_a, plan=pro_a)
    response = client_for(tenant_a, admin_a).get("/admin/billing/plan/usage/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Plan distribution" in content
    assert "<td>Pro</td><td>1</td>" in content


def test_seeker_cannot_open_the_admin_usage_report(tenant_a: Tenant, seeker_a: User) -> None:
    response = client_for(tenant_a, seeker_a).get("/admin/billing/plan/usage/")
    assert response.status_code in (302, 403)


def test_saved_search_beyond_the_plan_limit_is_refused_with_an_upgrade_link(
    tenant_a: Tenant, seeker_a: User
) -> None:
    from jobs.radar.models import SavedSearch
    from jobs.radar.services import saved_search_create

    with tenant_context(tenant_a.pk):
        for name in ("One", "Two"):  # the free plan keeps 2
            saved_search_create(user=seeker_a, data={"name": name, "keywords": name})
    client = client_for(tenant_a, seeker_a)
    form = client.get("/jobs/radar/searches/new/").content.decode()
    assert 'data-testid="quota-exhausted"' in form
    response = client.post(
        "/jobs/radar/searches/new/",
        {"name": "Three", "keywords": "python", "country": "gb", "is_active": "on"},
    )
    assert response.status_code == 403
    assert "Your plan lets you keep 2 saved job searches" in response.content.decode()
    with tenant_context(tenant_a.pk):
        assert SavedSearch.objects.filter(user=seeker_a).count() == 2
