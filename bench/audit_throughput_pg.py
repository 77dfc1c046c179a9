#!/usr/bin/env python3
"""Benchmark: what the audit chain costs a state change on PostgreSQL (targets ≥ 0.67 with 1 writer,
≥ 0.5 with 8 concurrent writer processes).

Side by side in one run, on a scratch database: single-row-UPDATE transactions on a business-like
table without an audit record, and the same change with its audit record (core.audit.audit_record,
deferred linking, with the worker's housekeeper linking concurrently in a process of its own, as
``sunshine worker`` does), with 1 writer and with 8 writer processes. The two kinds are interleaved in
short slots (all writers switch together every 0.25 s), so that the drift of the machine's disk
latency hits both alike. At the end the chain is linked and verified: every audited change must be
in it.

Run it under a throwaway cluster (it re-runs itself under .ci/with-postgres when DATABASE_URL is not a
postgres URL)::

    .ci/with-postgres .venv/bin/python bench/audit_throughput_pg.py [--seconds 30]   (BENCH_QUICK=1: 4 s)

Prints the four throughputs, the two ratios and ``RESULT audit.ratio_1_writer <ratio> ratio`` etc.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
ROWS = 10_000


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["SUNSHINE_AUDIT_LINK_MODE"] = "deferred"
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-0123456789-0123456789-0123456789")
    os.environ["SUNSHINE_VAR_DIR"] = tempfile.mkdtemp(prefix="sunshine-bench-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "sunshine.settings"
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()


def prepare() -> int:
    """Migrate, create the business-like table and the acting account; return the account's id."""
    from django.core.management import call_command
    from django.db import connection

    from sunshine.core.models import User

    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_case (id bigint PRIMARY KEY, status varchar(20) NOT NULL, "
            "version integer NOT NULL, amount numeric(12, 2) NOT NULL, handler_id bigint, "
            "updated_at timestamptz NOT NULL, note text NOT NULL DEFAULT '')"
        )
        cursor.execute("CREATE INDEX bench_case_status ON bench_case (status, updated_at)")
        cursor.execute(
            "INSERT INTO bench_case (id, status, version, amount, handler_id, updated_at) "
            "SELECT n, 'submitted', 1, 100 + n %% 1000, n %% 50, now() FROM generate_series(1, %s) n",
            [ROWS],
        )
        cursor.execute("VACUUM ANALYZE bench_case")
    user, _ = User.objects.get_or_create(
        username="bench", defaults={"full_name": "基准测试", "password": "!"}
    )
    return user.pk


STATUSES = ["submitted", "accepted", "in_review", "decided"]


def writer(seconds: float, slot: float, user_id: int, seed: int, start_at: float, counts) -> None:
    """One writer process: single-row UPDATE transactions until the time is up.

    Time is cut into slots of ``slot`` seconds; in even slots the change is made alone, in odd slots
    with its audit record. Every writer switches at the same instants, so both kinds meet the same
    machine (disk latency on these virtual machines drifts by a third over seconds).
    """
    from django.db import connection, transaction

    from sunshine.core.audit import audit_record
    from sunshine.core.models import User

    actor = User.objects.get(pk=user_id)
    rng = random.Random(seed)
    connection.ensure_connection()
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    done = [0, 0]  # plain, audited
    while (now := time.time()) < deadline:
        audited = int((now - start_at) / slot) % 2
        case_id = rng.randint(1, ROWS)
        status = STATUSES[rng.randrange(len(STATUSES))]
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE bench_case SET status = %s, version = version + 1, updated_at = now() "
                    "WHERE id = %s RETURNING version, amount, handler_id",
                    [status, case_id],
                )
                version, amount, handler_id = cursor.fetchone()
            if audited:
                audit_record(
                    actor=actor,
                    action="cases.update",
                    object_type="cases.case",
                    object_id=case_id,
                    label=f"办件 {case_id}",
                    before={"version": version - 1},
                    after={"status": status, "version": version, "amount": amount, "handler_id": handler_id},
                )
        done[audited] += 1
    counts.put(done)
    connection.close()


def linker(stop) -> None:
    """The worker's housekeeper, linking every 0.2 s, in a process of its own."""
    from django.db import connection

    from sunshine.core.housekeeping import Housekeeper

    keeper = Housekeeper(worker_id="bench-linker", link=True)
    keeper.jobs_interval = 1e9  # only the linking matters here
    while not stop.is_set():
        keeper.tick()
        stop.wait(keeper.link_interval)
    connection.close()


def measure(ctx, *, writers: int, seconds: float, slot: float, user_id: int) -> tuple[float, float]:
    """Throughput (transactions/s) without and with the audit record, interleaved slot by slot."""
    counts = ctx.Queue()
    start_at = time.time() + 0.5
    procs = [
        ctx.Process(target=writer, args=(seconds, slot, user_id, 1000 * writers + n, start_at, counts))
        for n in range(writers)
    ]
    for proc in procs:
        proc.start()
    plain = audited = 0
    for _ in procs:
        p, a = counts.get()
        plain, audited = plain + p, audited + a
    for proc in procs:
        proc.join()
        if proc.exitcode != 0:
            raise SystemExit(f"a writer failed (exit {proc.exitcode})")
    return plain / (seconds / 2), audited / (seconds / 2)


def main() -> None:
    parser = argparse.ArgumentParser(description="Audit-chain throughput on PostgreSQL.")
    quick = os.environ.get("BENCH_QUICK") == "1"
    parser.add_argument("--seconds", type=float, default=4.0 if quick else 30.0, help="length of each run")
    parser.add_argument("--slot", type=float, default=0.25, help="seconds of each kind before switching")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        wrapper = ROOT / ".ci" / "with-postgres"
        print(
            "no PostgreSQL in DATABASE_URL: starting a throwaway cluster with .ci/with-postgres", flush=True
        )
        os.execv(str(wrapper), [str(wrapper), sys.executable, __file__, *sys.argv[1:]])

    import psycopg

    base, _, _ = url.rpartition("/")
    scratch = f"sunshine_bench_throughput_{os.getpid()}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {scratch}")
    try:
        run(f"{base}/{scratch}", args.seconds, args.slot)
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {scratch} WITH (FORCE)")


def run(url: str, seconds: float, slot: float) -> None:
    setup_django(url)
    from django.db import connection, connections

    from sunshine.core.audit import audit_verify, link_pending
    from sunshine.core.models import AuditRecord

    user_id = prepare()
    with connection.cursor() as cursor:
        cursor.execute("SHOW fsync")
        fsync = cursor.fetchone()[0]
        cursor.execute("SHOW synchronous_commit")
        sync_commit = cursor.fetchone()[0]
    connections.close_all()  # the processes below open their own
    ctx = multiprocessing.get_context("fork")
    stop = ctx.Event()
    keeper = ctx.Process(target=linker, args=(stop,))
    keeper.start()
    results: dict[int, tuple[float, float]] = {}
    try:
        for writers in (1, 8):
            results[writers] = measure(ctx, writers=writers, seconds=seconds, slot=slot, user_id=user_id)
    finally:
        stop.set()
        keeper.join()

    link_pending()
    audited_total = AuditRecord.objects.count()
    report = audit_verify()
    if not report.ok or report.count != audited_total or report.pending:
        raise SystemExit(f"the chain is not complete: {report.summary()}, {report.pending} pending")

    print(
        f"PostgreSQL (fsync={fsync}, synchronous_commit={sync_commit}), {seconds:g} s per run, "
        f"kinds interleaved every {slot:g} s; chain verified: {report.summary()}"
    )
    for writers, (plain, audited) in results.items():
        ratio = audited / plain
        print(
            f"{writers} writer(s): {plain:,.0f}/s plain, {audited:,.0f}/s with the audit record: "
            f"ratio {ratio:.2f}",
            flush=True,
        )
        suffix = "1_writer" if writers == 1 else "8_writers"
        print(f"RESULT audit.plain_tps_{suffix} {plain:.0f} transactions/s")
        print(f"RESULT audit.audited_tps_{suffix} {audited:.0f} transactions/s")
        print(f"RESULT audit.ratio_{suffix} {ratio:.3f} ratio")


if __name__ == "__main__":
    main()
