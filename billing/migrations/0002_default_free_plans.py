"""Every existing tenant gets its free plan (new tenants get it from accounts.services.tenant_create).

The plan table is under FORCE ROW LEVEL SECURITY, which binds the owner running migrations too:
the transaction-local tenant GUC is set for each tenant before its row is written.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

FREE_LIMITS = {
    "cv_optimisation": 3,
    "cover_letter": 3,
    "interview_pack": 1,
    "coach_message": 20,
    "stored_cv": 3,
    "saved_search": 2,
}


def create_free_plans(apps: Any, schema_editor: Any) -> None:
    tenant_model = apps.get_model("accounts", "Tenant")
    plan_model = apps.get_model("billing", "Plan")
    connection = schema_editor.connection
    for tenant_id in tenant_model.objects.using(connection.alias).values_list("pk", flat=True):
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('app.tenant_id', %s, true)", [str(tenant_id)])
        manager = plan_model._base_manager.using(connection.alias)
        if not manager.filter(tenant_id=tenant_id, is_default=True).exists():
            manager.create(
                tenant_id=tenant_id,
                name="Free",
                description="Get started: a few AI optimisations every month.",
                is_default=True,
                **FREE_LIMITS,
            )
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('app.tenant_id', '', true)")


class Migration(migrations.Migration):
    dependencies = [
        ("billing", "0001_initial"),
        ("accounts", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_free_plans, migrations.RunPython.noop)]
