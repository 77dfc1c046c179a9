"""PostgreSQL: a trigger that refuses DELETE of audit records and every UPDATE except linking an
unlinked record once (AUD-1). SQLite has no such trigger: `sunshine audit verify` catches changes
there (see docs/decisions/0002-audit-chain.md).

"All other columns unchanged" copies the new link columns into the old row and compares the two
rows, so a column added later is covered without editing the trigger, and no row is converted to
JSON (the linker runs this for every record).
"""

from django.db import migrations

GUARD = """
CREATE OR REPLACE FUNCTION core_auditrecord_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    linked core_auditrecord%ROWTYPE;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit records are never deleted (AUD-1)' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    -- The only permitted update: linking an unlinked record, every other column unchanged.
    IF OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL
       AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL THEN
        linked := OLD;
        linked.seq := NEW.seq;
        linked.prev_hash := NEW.prev_hash;
        linked.hash := NEW.hash;
        IF linked IS NOT DISTINCT FROM NEW THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit records are never changed (AUD-1)' USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
DROP TRIGGER IF EXISTS core_auditrecord_guard ON core_auditrecord;
CREATE TRIGGER core_auditrecord_guard BEFORE UPDATE OR DELETE ON core_auditrecord
    FOR EACH ROW EXECUTE FUNCTION core_auditrecord_guard();
"""

UNGUARD = """
DROP TRIGGER IF EXISTS core_auditrecord_guard ON core_auditrecord;
DROP FUNCTION IF EXISTS core_auditrecord_guard();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(GUARD, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNGUARD, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
