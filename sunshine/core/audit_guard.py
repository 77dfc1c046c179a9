"""The database refuses to change or remove audit records (AUD-1), on both engines.

PostgreSQL: a row trigger (migration core 0002) and a TRUNCATE trigger (0003). SQLite: row
triggers (0003) written from the table's columns at migration time; a migration that adds a
column to ``core_auditrecord`` must call :func:`sqlite_guard_sql` again (a test compares the
trigger with the table).

The one way round them is :func:`maintenance`: emptying the whole database for a test (Django's
flush: TRUNCATE on PostgreSQL, DELETE on SQLite) or an administrator's deliberate reset. Single
rows stay guarded on PostgreSQL even then. It is a switch of this connection only (a
PostgreSQL setting of the session, a SQLite function registered per connection), not a
privilege: whoever can run SQL as the owner can drop a trigger anyway. The guard stops mistakes
and the application's own code; `sunshine audit verify` detects the rest.
"""

from __future__ import annotations

import contextlib
import threading

from django.db import connections

LINK_COLUMNS = ("seq", "prev_hash", "hash")
SETTING = "sunshine.audit_maintenance"
SQLITE_FUNCTION = "sunshine_audit_maintenance"

_state = threading.local()


def _in_maintenance() -> int:
    return 1 if getattr(_state, "on", False) else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created receiver: the SQLite triggers call this function; a connection without
    it (the sqlite3 shell) cannot change an audit record at all."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 0, _in_maintenance)


@contextlib.contextmanager
def maintenance(using: str = "default"):
    """Let this connection delete audit records while the block runs (a whole-database flush)."""
    connection = connections[using]
    _state.on = True
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', false)", [SETTING])
        yield
    finally:
        _state.on = False
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [SETTING])


def sqlite_guard_sql(columns: list[str]) -> list[str]:
    """The SQLite triggers for a table of ``columns``: no DELETE; UPDATE only to link an unlinked
    record once, every other column unchanged (the same rule as PostgreSQL's row trigger)."""
    unchanged = " AND ".join(f'OLD."{c}" IS NEW."{c}"' for c in columns if c not in LINK_COLUMNS)
    linking = (
        "OLD.seq IS NULL AND OLD.prev_hash IS NULL AND OLD.hash IS NULL"
        " AND NEW.seq IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.hash IS NOT NULL"
    )
    return [
        "DROP TRIGGER IF EXISTS core_auditrecord_no_delete",
        "DROP TRIGGER IF EXISTS core_auditrecord_no_update",
        f"CREATE TRIGGER core_auditrecord_no_delete BEFORE DELETE ON core_auditrecord "
        f"WHEN NOT {SQLITE_FUNCTION}() "
        f"BEGIN SELECT RAISE(ABORT, 'audit records are never deleted (AUD-1)'); END",
        f"CREATE TRIGGER core_auditrecord_no_update BEFORE UPDATE ON core_auditrecord "
        f"WHEN NOT ({linking} AND {unchanged}) "
        f"BEGIN SELECT RAISE(ABORT, 'audit records are never changed (AUD-1)'); END",
    ]


POSTGRES_TRUNCATE_GUARD = f"""
CREATE OR REPLACE FUNCTION core_auditrecord_truncate_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('{SETTING}', true), '') = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit records are never deleted (AUD-1)'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
DROP TRIGGER IF EXISTS core_auditrecord_truncate_guard ON core_auditrecord;
CREATE TRIGGER core_auditrecord_truncate_guard BEFORE TRUNCATE ON core_auditrecord
    FOR EACH STATEMENT EXECUTE FUNCTION core_auditrecord_truncate_guard();
"""

POSTGRES_TRUNCATE_UNGUARD = """
DROP TRIGGER IF EXISTS core_auditrecord_truncate_guard ON core_auditrecord;
DROP FUNCTION IF EXISTS core_auditrecord_truncate_guard();
"""
