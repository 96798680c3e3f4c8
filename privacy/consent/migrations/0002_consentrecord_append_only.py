"""The consent ledger is append-only, enforced by PostgreSQL rather than by convention: a row
trigger refuses every UPDATE and DELETE, whoever runs it (the app role, the owner, raw SQL).

One exception, because the right to erasure (Art. 17) outranks the ledger's immutability for
the *link to the person*, not for the record of the decision: the proof that "someone on this
tenant granted analytics under cookie policy v3 on that day" is kept (Art. 7(1), we must be able
to show consent was given), but once the subject is erased it must no longer say who.
  * UPDATE is allowed when it changes nothing but `user_id` / `device_id`, each either unchanged
    or set to NULL (erasure's anonymise step, retention's anonymise rule, and the ON DELETE SET
    NULL Django runs when a user row is deleted);
  * DELETE is allowed only for rows already detached from any subject (user_id and device_id
    both NULL): nobody's evidence can be destroyed, and anonymous leftovers can be purged.
TRUNCATE is not covered (statement-level, owner-only; the app role has no TRUNCATE privilege in
production, and the test suite needs it to reset the database).
"""

from __future__ import annotations

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION consent_record_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    subject_to_rls boolean;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF (to_jsonb(NEW) - 'user_id' - 'device_id') = (to_jsonb(OLD) - 'user_id' - 'device_id')
           AND (NEW.user_id IS NULL OR NEW.user_id = OLD.user_id)
           AND (NEW.device_id IS NULL OR NEW.device_id = OLD.device_id) THEN
            RETURN NEW;
        END IF;
        -- Changes the tenant walls are certain to refuse are left to them, so the error names
        -- the real violation (and tests/tenancy can prove those walls on this table too):
        --   * another tenant_id, for a role subject to RLS: the row was visible, so its
        --     tenant_id is the GUC's, and WITH CHECK refuses any other value;
        --   * a policy version that does not exist in the row's tenant: the composite FK
        --     (tenant_id, policy_version_id) refuses it at commit.
        -- Neither can ever commit, so the ledger stays append-only.
        SELECT NOT (rolsuper OR rolbypassrls) INTO subject_to_rls
            FROM pg_roles WHERE rolname = current_user;
        IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id AND subject_to_rls THEN
            RETURN NEW;
        END IF;
        IF NEW.policy_version_id IS DISTINCT FROM OLD.policy_version_id
           AND NEW.policy_version_id IS NOT NULL
           AND NOT EXISTS (
               SELECT 1 FROM consent_policyversion p
               WHERE p.tenant_id = NEW.tenant_id AND p.id = NEW.policy_version_id
           ) THEN
            RETURN NEW;
        END IF;
        RAISE EXCEPTION 'consent records are append-only: only detaching the subject is allowed'
            USING ERRCODE = 'restrict_violation';
    END IF;
    IF OLD.user_id IS NULL AND OLD.device_id IS NULL THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'consent records are append-only: detach the subject before deleting'
        USING ERRCODE = 'restrict_violation';
END;
$$;
CREATE TRIGGER consent_record_append_only
    BEFORE UPDATE OR DELETE ON consent_consentrecord
    FOR EACH ROW EXECUTE FUNCTION consent_record_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS consent_record_append_only ON consent_consentrecord;
DROP FUNCTION IF EXISTS consent_record_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("consent", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
