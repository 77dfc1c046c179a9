#!/usr/bin/env python3
"""Benchmark: the electronic-supervision scan over 1,000,000 open case steps (target < 10 s).

A scratch SQLite database gets one body with 20 departments, 100,000 cases (open, with a due date)
and 1,000,000 open steps, ten per case, written in bulk (the benchmark measures the scan, not the
services). Due dates spread from 5 days ago to 55 days ahead (about 8 % overdue, a few per cent within the
yellow lead), none alerted yet. The timed part is oversight.services.scan() with its
notifications; then a second scan, which must create nothing. Prints a human line and
``RESULT oversight.scan_1m_tasks_s <seconds> s`` (BENCH_QUICK=1: 100,000 steps).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _setup import QUICK, sqlite_django

TASKS = 100_000 if QUICK else 1_000_000
PER_CASE = 10
# Due dates from 5 days ago to 55 days ahead: about 8 % of the steps late, a few per cent within
# the yellow lead (a bureau in arrears; the first scan raises all their alerts at once).
LATE_DAYS, AHEAD_DAYS = 5, 55


def build(tasks: int):
    from django.db import connection

    from sunshine.cases.models import Case, CaseTask
    from sunshine.catalog.models import PowerItem, PowerVersion
    from sunshine.core import clock
    from sunshine.org.choices import DataScope, UnitKind
    from sunshine.org.models import Unit
    from sunshine.org.tests.factories import account_with_role

    body = Unit.objects.create(name="县应急管理局", code="B1", kind=UnitKind.BODY, path="/")
    Unit.objects.filter(pk=body.pk).update(body=body, path=f"/{body.pk}/")
    body.refresh_from_db()
    departments = []
    for n in range(20):
        dept = Unit.objects.create(
            name=f"业务{n}股", code=f"D{n}", kind=UnitKind.DEPARTMENT, parent=body, body=body, depth=1
        )
        Unit.objects.filter(pk=dept.pk).update(path=f"{body.path}{dept.pk}/")
        departments.append(dept)
    item = PowerItem.objects.create(body=body, code="XK-1")
    version = PowerVersion.objects.create(
        item=item,
        number=1,
        status="published",
        name="烟花爆竹经营许可",
        category="permit",
        department=departments[0],
    )
    account_with_role("discipline_inspector", unit=body, scope=DataScope.OWN_BODY, username="inspector")
    account_with_role("principal_leader", unit=body, scope=DataScope.OWN_BODY, username="leader")
    now = clock.now()
    rng = random.Random(6)
    cases = Case.objects.bulk_create(
        [
            Case(
                body=body,
                department=departments[n % 20],
                power_version=version,
                number=f"B1-2026-{n:07d}",
                check_code="000000",
                subject="申请烟花爆竹零售经营许可",
                applicant_kind="organisation",
                applicant_name="示范店",
                applicant_contact="13800000000",
                status="accepted",
                received_at=now - dt.timedelta(days=40),
                due_at=now + dt.timedelta(days=rng.uniform(-LATE_DAYS, AHEAD_DAYS)),
                workflow_state="{}",
            )
            for n in range(tasks // PER_CASE)
        ],
        batch_size=5000,
    )
    batch: list = []
    for case in cases:
        for k in range(PER_CASE):
            batch.append(
                CaseTask(
                    case=case,
                    spiff_id=f"t{k}",
                    element_id=f"Task_{k}",
                    name="审查",
                    opened_at=now - dt.timedelta(days=35),
                    due_at=now + dt.timedelta(days=rng.uniform(-LATE_DAYS, AHEAD_DAYS)),
                )
            )
        if len(batch) >= 50_000:
            CaseTask.objects.bulk_create(batch, batch_size=5000)
            batch = []
    CaseTask.objects.bulk_create(batch, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    workdir = sqlite_django()
    from sunshine.core import clock
    from sunshine.oversight.models import Alert
    from sunshine.oversight.services import scan

    started = time.perf_counter()
    build(TASKS)
    print(f"set-up: {TASKS:,} open steps in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    now = clock.now()
    started = time.perf_counter()
    result = scan(now)
    seconds = time.perf_counter() - started
    print(f"first scan: {seconds:.2f} s", file=sys.stderr)  # shown even if the check below fails
    again = time.perf_counter()
    second = scan(now)  # the same instant: nothing may be new (later, steps pass their limits)
    repeat = time.perf_counter() - again
    assert second.counts["red"] == second.counts["yellow"] == 0, second.counts
    print(
        f"oversight scan over {TASKS:,} open steps: {seconds:.2f} s "
        f"({result.counts['red']:,} red, {result.counts['yellow']:,} yellow, "
        f"{result.counts['superseded']:,} superseded, {result.counts['notified']:,} notified; "
        f"{Alert.objects.count():,} alerts); a second scan {repeat:.2f} s, nothing new"
    )
    print(f"RESULT oversight.scan_1m_tasks_s {seconds:.2f} s")
    workdir.cleanup()


if __name__ == "__main__":
    main()
