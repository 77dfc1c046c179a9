#!/usr/bin/env python3
"""Benchmark: the efficiency report (oversight.reports) of one body over 1,000,000 cases, PostgreSQL.

A scratch database (beside DATABASE_URL; the script re-runs itself under .ci/with-postgres when
DATABASE_URL is not a postgres URL) gets one body with 20 departments and 60 posts, 200 staff,
1,000,000 cases received over the last two years (2,000,000 completed steps, two per case, about
15 % late; most cases closed), 100,000 alerts and 10,000 supervision orders, written in bulk. The
timed part is oversight.reports.queries.report() for the body over the last full year, at the body
level (the headline figure) and at the department and person levels, each run once cold and then
best of three. Prints human lines and ``RESULT oversight.report_body_year_s <seconds> s``
(BENCH_QUICK=1: 20,000 cases).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time

from _pg import QUICK, django_on, on_scratch_database

CASES = int(os.environ.get("BENCH_CASES") or (20_000 if QUICK else 1_000_000))
PER_CASE = 2
BATCH = 20_000


def build(now: dt.datetime):
    """The data set; returns the body."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from sunshine.cases.models import Case, CaseTask
    from sunshine.catalog.models import PowerItem, PowerVersion
    from sunshine.org.choices import UnitKind
    from sunshine.org.models import Post, Unit
    from sunshine.oversight.models import Alert, SupervisionOrder

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
    posts = [Post.objects.create(unit=departments[n % 20], name=f"岗位{n}") for n in range(60)]
    users = get_user_model().objects.bulk_create(
        [get_user_model()(username=f"u{n}", full_name=f"人员{n}") for n in range(200)]
    )
    item = PowerItem.objects.create(body=body, code="XK-1")
    version = PowerVersion.objects.create(
        item=item,
        number=1,
        status="published",
        name="烟花爆竹经营许可",
        category="permit",
        department=departments[0],
    )
    rng = random.Random(7)
    span = 730 * 86400  # two years, in seconds
    made = 0
    while made < CASES:
        size = min(BATCH, CASES - made)
        cases = []
        for n in range(made, made + size):
            received = now - dt.timedelta(seconds=rng.uniform(0, span))
            due = received + dt.timedelta(days=20)
            closed = received + dt.timedelta(days=rng.uniform(2, 24)) if rng.random() < 0.9 else None
            cases.append(
                Case(
                    body=body,
                    department=departments[n % 20],
                    power_version=version,
                    number=f"B1-{n:08d}",
                    check_code="000000",
                    subject="申请烟花爆竹零售经营许可",
                    applicant_kind="organisation",
                    applicant_name="示范店",
                    applicant_contact="13800000000",
                    status="closed" if closed else "accepted",
                    received_at=received,
                    accepted_at=received,
                    due_at=due,
                    closed_at=closed if closed and closed < now else None,
                    workflow_state="{}",
                )
            )
        cases = Case.objects.bulk_create(cases, batch_size=5000)
        steps = []
        for case in cases:
            opened = case.received_at
            for k in range(PER_CASE):
                took = dt.timedelta(hours=rng.uniform(1, 150))
                post = posts[(case.department_id + k) % 60]
                steps.append(
                    CaseTask(
                        case=case,
                        spiff_id=f"t{k}",
                        element_id=f"Task_{k}",
                        name="审查",
                        post=post,
                        status="done",
                        opened_at=opened,
                        due_at=opened + dt.timedelta(days=5),
                        completed_at=opened + took,
                        completed_by=users[rng.randrange(200)],
                    )
                )
                opened += took
        CaseTask.objects.bulk_create(steps, batch_size=5000)
        made += size
    tasks = list(
        CaseTask.objects.order_by("?").values_list("id", "case_id", "case__department_id", "post_id")[
            : CASES // 10
        ]
    )
    Alert.objects.bulk_create(
        [
            Alert(
                kind="overdue",
                level="red" if n % 3 else "yellow",
                rule="CASE-10" if n % 3 else "OVS-1",
                subject_type="task",
                case_id=case_id,
                task_id=task_id,
                body=body,
                department_id=dept_id,
                post_id=post_id,
                responsible=users[n % 200],
                due_at=now,
                message="预警",
                raised_at=now - dt.timedelta(seconds=rng.uniform(0, span)),
                status="closed",
                closed_at=now,
            )
            for n, (task_id, case_id, dept_id, post_id) in enumerate(tasks)
        ],
        batch_size=5000,
    )
    orders = []
    for n, (_task_id, case_id, dept_id, _post_id) in enumerate(tasks[: CASES // 100]):
        issued = now - dt.timedelta(seconds=rng.uniform(0, span))
        orders.append(
            SupervisionOrder(
                body=body,
                year=issued.year,
                seq=n + 1,
                number=f"督{n + 1}",
                case_id=case_id,
                department_id=dept_id,
                responsible=users[n % 200],
                subject="督办",
                requirement="按期办结",
                issued_by=users[0],
                issued_at=issued,
                reply_due=issued + dt.timedelta(days=5),
                replied_at=issued + dt.timedelta(days=rng.uniform(1, 8)) if n % 4 else None,
            )
        )
    SupervisionOrder.objects.bulk_create(orders, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return body


def timed(call) -> tuple[float, float, object]:
    started = time.perf_counter()
    result = call()
    cold = time.perf_counter() - started
    best = None
    for _ in range(3):
        started = time.perf_counter()
        call()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return cold, best, result


def run(url: str) -> None:
    django_on(url)
    from sunshine.core import clock
    from sunshine.oversight.reports import periods, queries

    now = clock.now()
    started = time.perf_counter()
    body = build(now)
    print(
        f"set-up: {CASES:,} cases, {CASES * PER_CASE:,} steps in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    last_year = periods.year_period(now.year - 1)
    figures = {}
    for level in ("body", "department", "person"):
        cold, best, report = timed(lambda level=level: queries.report(body, last_year, level))
        figures[level] = best
        totals = report["totals"]
        print(
            f"efficiency report {last_year.label}, {level} level ({len(report['rows'])} rows; "
            f"{totals['steps']:,} steps, {totals['on_time_rate']}% on time, {totals['alerts']:,} alerts, "
            f"{totals['orders']:,} orders): cold {cold:.2f} s, warm {best:.2f} s"
        )
    quarter = periods.quarter(now.year - 1, 4)
    cold, best, _ = timed(lambda: queries.report(body, quarter, "department"))
    print(f"efficiency report {quarter.label}, department level: cold {cold:.2f} s, warm {best:.2f} s")
    print(f"RESULT oversight.report_body_year_s {figures['body']:.2f} s")


if __name__ == "__main__":
    on_scratch_database(run, __file__)
