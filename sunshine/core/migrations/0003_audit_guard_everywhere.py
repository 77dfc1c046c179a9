"""AUD-1 on both engines: PostgreSQL refuses TRUNCATE of the audit table (its row trigger of 0002
never fires on TRUNCATE); SQLite gets the row triggers it lacked (see sunshine.core.audit_guard)."""

from django.db import migrations

from sunshine.core import audit_guard


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(audit_guard.POSTGRES_TRUNCATE_GUARD, params=None)
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            columns = [c.name for c in connection.introspection.get_table_description(cursor, "core_auditrecord")]
        for sql in audit_guard.sqlite_guard_sql(columns):
            schema_editor.execute(sql, params=None)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(audit_guard.POSTGRES_TRUNCATE_UNGUARD, params=None)
    elif connection.vendor == "sqlite":
        for sql in audit_guard.sqlite_guard_sql([])[:2]:
            schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_guard")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
