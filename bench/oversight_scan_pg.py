#!/usr/bin/env python3
"""Benchmark: the electronic-supervision scan over 1,000,000 open case steps on PostgreSQL (target
< 10 s, one process; the scan itself runs its chunks on services.SCAN_CONNECTIONS connections).

A scratch PostgreSQL database (_pg.py) gets one body with 20 departments, 100,000 cases (open, with
a due date) and 1,000,000 open steps, ten per case, written by INSERT … SELECT (the benchmark
measures the scan, not the services). Due dates spread from 5 days ago to 55 days ahead (about 8 %
overdue, a few per cent within the yellow lead), none alerted yet. The timed part is
oversight.services.scan(), which records the alerts and queues their notification
(tasks.oversight_notify); that task is then run and timed on its own (what a worker does next),
then a second scan, which must create and queue nothing. Prints a human line (with the machine's
load average: the figures are only comparable on a quiet machine),
``RESULT oversight.scan_1m_tasks_s <seconds> s`` and ``RESULT oversight.notify_after_scan_s``
(BENCH_QUICK=1: 20,000 steps).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import QUICK, analyze, clone, django_on, on_scratch_database

TASKS = 20_000 if QUICK else 1_000_000
PER_CASE = 10
# Due dates from 5 days ago to 55 days ahead: about 8 % of the steps late, a few per cent within
# the yellow lead (a bureau in arrears; the first scan raises all their alerts at once).
LATE_DAYS, AHEAD_DAYS = 5, 55


def build(tasks: int):
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
    template = Case.objects.create(
        body=body,
        department=departments[0],
        power_version=version,
        number="B1-2026-T",
        check_code="000000",
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范店",
        applicant_contact="13800000000",
        status="accepted",
        received_at=now - dt.timedelta(days=40),
        workflow_state="{}",
    )
    task = CaseTask.objects.create(
        case=template, spiff_id="t0", element_id="Task_0", name="审查", opened_at=now - dt.timedelta(days=35)
    )
    # Written by SQL (the benchmark measures the scan, not the services): the cases round the 20
    # departments, each with PER_CASE open steps; due dates uniform from LATE_DAYS ago to AHEAD_DAYS on.
    dept_ids = "ARRAY[" + ",".join(str(d.pk) for d in departments) + "]"
    spread = f"(random() * {LATE_DAYS + AHEAD_DAYS} - {LATE_DAYS}) * 86400"
    due = f"%s::timestamptz + make_interval(secs => {spread})"
    clone(
        Case,
        template.pk,
        source=f"generate_series(1, {tasks // PER_CASE}) g",
        overrides={
            "number": "'B1-2026-' || lpad(g::text, 7, '0')",
            "department_id": f"({dept_ids})[1 + mod(g, 20)]",
            "due_at": due,
        },
        params=[now],
    )
    clone(
        CaseTask,
        task.pk,
        source=f"(SELECT id FROM {Case._meta.db_table} WHERE id <> {template.pk}) c, "
        f"generate_series(0, {PER_CASE - 1}) k",
        overrides={
            "case_id": "c.id",
            "spiff_id": "'t' || k",
            "element_id": "'Task_' || k",
            "due_at": due,
        },
        params=[now],
    )
    analyze()  # the templates stay: no due date, never alerted


def main() -> None:
    on_scratch_database(run, __file__)


def run(url: str) -> None:
    django_on(url)
    from django_tasks_db.models import DBTaskResult

    from sunshine.core import clock
    from sunshine.core.models import Notification
    from sunshine.oversight.models import Alert
    from sunshine.oversight.services import SCAN_CONNECTIONS, scan
    from sunshine.oversight.tasks import oversight_notify

    started = time.perf_counter()
    build(TASKS)
    print(f"set-up: {TASKS:,} open steps in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    now = clock.now()
    started = time.perf_counter()
    result = scan(now)
    seconds = time.perf_counter() - started
    print(f"first scan: {seconds:.2f} s", file=sys.stderr)  # shown even if the checks below fail
    assert result.counts["notify_queued"] == 1
    assert DBTaskResult.objects.count() == 1
    # What the worker then runs (before issue #6's change, the scan did this itself).
    started = time.perf_counter()
    notified = oversight_notify.call()
    notify_seconds = time.perf_counter() - started
    again = time.perf_counter()
    second = scan(now)  # the same instant: nothing may be new (later, steps pass their limits)
    repeat = time.perf_counter() - again
    assert second.counts["red"] == second.counts["yellow"] == second.counts["notify_queued"] == 0, second
    assert notified == Alert.objects.exclude(status="closed").count() > 0
    print(
        f"oversight scan over {TASKS:,} open steps: {seconds:.2f} s "
        f"({result.counts['red']:,} red, {result.counts['yellow']:,} yellow, "
        f"{result.counts['superseded']:,} superseded; {Alert.objects.count():,} alerts); "
        f"the queued notification of {notified:,} alerts: {notify_seconds:.2f} s "
        f"({Notification.objects.count():,} messages); a second scan {repeat:.2f} s, nothing new; "
        f"{SCAN_CONNECTIONS} connections, load average {os.getloadavg()[0]:.1f}"
    )
    print(f"RESULT oversight.scan_1m_tasks_s {seconds:.2f} s")
    print(f"RESULT oversight.notify_after_scan_s {notify_seconds:.2f} s")


if __name__ == "__main__":
    main()
