#!/usr/bin/env python3
"""Benchmark: `sunshine audit verify` over a chain of about 1,000,000 records (target ≥ 200,000/s).

Builds the chain quickly on a temporary SQLite database (bulk inserts of realistic canonical payloads,
then ``link_pending`` in large batches), then times ``audit_verify`` (the whole check: sequence,
links, hashes and the filter columns against the payload). When DATABASE_URL is a postgres URL, the
same on PostgreSQL too (in a scratch database created beside the given one and dropped afterwards).

    .venv/bin/python bench/audit_verify.py [--records N]      (BENCH_QUICK=1: 100,000 records)

Prints a human line per database and ``RESULT audit.verify_rate[_pg] <records/s> records/s``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(database_url: str, var_dir: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SUNSHINE_VAR_DIR"] = var_dir
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-0123456789-0123456789")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sunshine.settings"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def payloads(count: int, start: dt.datetime):
    """(created_at, actor_id, action, object_type, object_id, payload) rows as audit_record writes them:
    a state change of a case-like record with a before/after snapshot of ten fields.

    The canonical text is rendered from a template (canonical_json would take most of the build
    time); the first records are checked against canonical_json, so the template cannot drift.
    """
    from sunshine.core.canonical import canonical_json

    rng = random.Random(4)
    actions = ["cases.accept", "cases.update", "org.person_update", "decisions.vote", "auth.login"]
    statuses = ["submitted", "accepted", "in_review", "decided", "archived"]
    snapshot = (
        '{{"deadline":"2026-03-20","fee":"120.00","handler_id":{actor},"id":{oid},"note":"",'
        '"received_at":"2026-03-02T01:15:00.000000Z","status":"{status}","title":"{title}",'
        '"unit_id":{unit},"version":{version}}}'
    )
    template = (
        '{{"acted_at":"{at}","action":"{action}",'
        '"actor":{{"id":{actor},"name":"工作人员{actor}","username":"user{actor}"}},'
        '"after":{after},"before":{before},'
        '"context":{{"ip":"10.1.2.3","user_agent":"Mozilla/5.0"}},"extra":null,"note":null,'
        '"object":{{"caption":"{title}","id":"{oid}","type":"cases.case"}}}}'
    )
    for i in range(count):
        at = start + dt.timedelta(microseconds=i * 1371)
        actor = 1 + i % 50
        action = actions[i % len(actions)]
        oid = 100000 + rng.randrange(50000)
        title = f"关于第{oid}号行政许可申请的办理"
        version = i % 7 + 1
        common = {"actor": actor, "oid": oid, "title": title, "unit": 3 + i % 11}
        before = snapshot.format(status=statuses[i % 5], version=version, **common)
        after = snapshot.format(status=statuses[(i + 1) % 5], version=version + 1, **common)
        payload = template.format(
            action=action, after=after, at=at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), before=before, **common
        )
        if i < 3:
            assert payload == canonical_json(json.loads(payload)), "the template is not canonical JSON"
        yield at, actor, action, "cases.case", str(oid), payload


def build_chain(count: int) -> float:
    """Insert ``count`` unlinked records in bulk and link them; return the seconds it took."""
    from django.db import connection, transaction

    from sunshine.core.audit import link_pending
    from sunshine.core.models import User

    started = time.perf_counter()
    User.objects.bulk_create(
        [User(username=f"user{n}", full_name=f"工作人员{n}", password="!") for n in range(1, 51)],
        ignore_conflicts=True,
    )
    user_ids = dict(User.objects.values_list("username", "pk"))
    start = dt.datetime(2026, 1, 5, 1, 0, tzinfo=dt.UTC)
    chunk = 100_000
    rows = payloads(count, start)
    table = connection.ops.quote_name("core_auditrecord")
    columns = "(created_at, actor_id, action, object_type, object_id, payload)"
    postgres = connection.vendor == "postgresql"
    connection.ensure_connection()
    if not postgres:  # a scratch database: no need to survive a power cut while it is built
        connection.connection.execute("PRAGMA synchronous=OFF")
    done = 0
    while done < count:
        batch = []
        for at, actor, action, object_type, object_id, payload in rows:
            created = at if postgres else at.strftime("%Y-%m-%d %H:%M:%S.%f")
            batch.append((created, user_ids[f"user{actor}"], action, object_type, object_id, payload))
            if len(batch) == chunk:
                break
        with transaction.atomic(), connection.cursor() as cursor:
            if postgres:
                with cursor.cursor.copy(f"COPY {table} {columns} FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                cursor.cursor.executemany(f"INSERT INTO {table} {columns} VALUES (?, ?, ?, ?, ?, ?)", batch)
        done += len(batch)
        link_pending(batch=chunk)
    if postgres:
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")
    return time.perf_counter() - started


def measure(label: str, metric: str, count: int) -> None:
    from django.db import connection

    from sunshine.core.audit import audit_verify

    build = build_chain(count)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT AVG(octet_length(payload)) FROM core_auditrecord"
            if connection.vendor == "postgresql"
            else "SELECT AVG(length(CAST(payload AS BLOB))) FROM core_auditrecord"
        )
        size = cursor.fetchone()[0]
    print(
        f"{label}: built and linked {count:,} records ({size:.0f} bytes of payload each) in {build:.1f} s",
        flush=True,
    )
    best = None
    for _ in range(3):  # the first pass also warms the page cache
        started = time.perf_counter()
        report = audit_verify()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    if not report.ok or report.count != count:
        raise SystemExit(f"{label}: verify did not pass: {report.summary()} (count {report.count})")
    rate = count / best
    print(
        f"{label}: `audit verify` checked {count:,} records in {best:.2f} s = {rate:,.0f} records/s",
        flush=True,
    )
    print(f"RESULT {metric} {rate:.0f} records/s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description="Benchmark `sunshine audit verify`.")
    quick = os.environ.get("BENCH_QUICK") == "1"
    parser.add_argument("--records", type=int, default=100_000 if quick else 1_000_000)
    args = parser.parse_args()
    given = os.environ.get("DATABASE_URL", "")

    if given.startswith(("postgres://", "postgresql://")):
        # Run the SQLite figure in a child process (one Django setup per database), then PostgreSQL.
        import subprocess

        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run([sys.executable, __file__, "--records", str(args.records)], env=env, check=True)
        measure_postgres(given, args.records)
        return

    with tempfile.TemporaryDirectory(prefix="sunshine-bench-") as tmp:
        os.environ["SUNSHINE_AUDIT_LINK_MODE"] = "inline"
        setup_django(f"sqlite:///{tmp}/bench.sqlite3", tmp)
        measure("SQLite", "audit.verify_rate", args.records)


def measure_postgres(url: str, count: int) -> None:
    import psycopg

    base, _, _name = url.rpartition("/")
    scratch = f"sunshine_bench_verify_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {scratch}")
    try:
        with tempfile.TemporaryDirectory(prefix="sunshine-bench-") as tmp:
            os.environ["SUNSHINE_AUDIT_LINK_MODE"] = "deferred"
            setup_django(f"{base}/{scratch}", tmp)
            measure("PostgreSQL", "audit.verify_rate_pg", count)
            from django.db import connections

            connections.close_all()
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {scratch}")


if __name__ == "__main__":
    main()
