"""Shared set-up of the PostgreSQL benchmarks (run_all.py skips files whose name starts with an
underscore): a scratch database beside DATABASE_URL, Django on it, and bulk rows written by SQL.

``on_scratch_database(run)`` re-runs the calling script under .ci/with-postgres when DATABASE_URL is
not a postgres URL, creates a scratch database, calls ``run(url)`` and drops the database again.
``clone(...)`` copies one template row written by the ORM into many with INSERT … SELECT over
generate_series: every column the model has (also those other parts of the project add later)
comes from the template unless overridden, so the benchmarks keep working as the models grow.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUICK = os.environ.get("BENCH_QUICK") == "1"


def on_scratch_database(run, script: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit(subprocess.call([str(ROOT / ".ci" / "with-postgres"), sys.executable, script]))
    import psycopg

    base, _, _name = url.rpartition("/")
    scratch = f"sunshine_bench_{Path(script).stem}_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {scratch}")
    try:
        run(f"{base}/{scratch}")
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE {scratch}")


def django_on(url: str) -> None:
    """Django on ``url`` with the production settings (the database task queue, deferred audit
    linking), migrated."""
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="sunshine.settings",
        SUNSHINE_AUDIT_LINK_MODE="deferred",
        SUNSHINE_VAR_DIR=tempfile.mkdtemp(prefix="sunshine-bench-"),
        LOG_LEVEL="WARNING",
    )
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-0123456789-0123456789")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def clone(model, template_pk: int, *, source: str, overrides: dict[str, str], params=()) -> int:
    """INSERT INTO the model's table one row per row of ``source`` (SQL after FROM, e.g.
    ``generate_series(1, 1000) g``), each a copy of the template row ``t`` with the ``overrides``
    (column → SQL expression over ``t`` and the source's aliases). Returns the rows written."""
    from django.db import connection

    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if not f.primary_key]
    unknown = set(overrides) - set(columns)
    if unknown:
        raise ValueError(f"{table} has no column {sorted(unknown)}")
    values = [overrides.get(c, f't."{c}"') for c in columns]
    quoted = ", ".join(f'"{c}"' for c in columns)
    select = f"SELECT {', '.join(values)} FROM {table} t, {source} WHERE t.id = %s"
    sql = f"INSERT INTO {table} ({quoted}) {select}"
    with connection.cursor() as cursor:
        # Rows consistent by construction: no per-row foreign-key triggers (the scratch database's
        # superuser may; a million rows' checks took longer than writing them).
        cursor.execute("SET session_replication_role = replica")
        try:
            cursor.execute(sql, [*params, template_pk])
            return cursor.rowcount
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def vacuum_analyze(*models) -> None:
    """VACUUM (ANALYZE) the models' tables: what autovacuum does to a table some time after a bulk
    load, done now so that each run measures the same steady state (statistics, and the visibility
    map that lets an index-only scan skip the table) instead of racing the autovacuum daemon."""
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")
