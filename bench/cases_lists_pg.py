#!/usr/bin/env python3
"""Benchmark: "my tasks" and the case list with 1,000,000 cases on PostgreSQL (issue #6: p95 under
150 ms).

A scratch PostgreSQL database (_pg.py) gets a county: 10 bodies of 8 departments each, a window
post (受理岗) with two holders in every department, and 1,000,000 cases written by INSERT … SELECT
(from one template case and step written by the ORM), spread unevenly like a real county (a few
large departments: the largest holds about a sixth of all cases), received over three years, a
quarter of them still open. Each case has its current step: open for an open case (half of them
assigned to one of the post's holders, half waiting for the post), done for a finished one.

Timed (the real selectors and pages, through the Django test client with a logged-in account):
the clerk of the largest department (holding its window post; own-department scope) and the
principal leader of its body (own-body scope): "my tasks" first and a deep page, the case list
unfiltered, filtered by state and searched by number, first and deep pages. The two tables are
vacuumed after the load, as autovacuum would have done long before in a database that grew over
three years (cases.selectors read a page's ids from the indexes alone). Prints p50/p95 of each
and ``RESULT cases.my_tasks_p95_ms`` / ``RESULT cases.case_list_p95_ms`` (the worst p95 of the
pages of each kind). BENCH_QUICK=1: 20,000 cases.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import QUICK, analyze, clone, django_on, on_scratch_database, vacuum_analyze

CASES = 20_000 if QUICK else 1_000_000
BODIES, DEPARTMENTS = 10, 8  # departments per body
SKEW = 2.5  # department index = n * random() ** SKEW: the first departments are the large ones
ROUNDS = 10 if QUICK else 30
YEARS_SECONDS = 3 * 365 * 86400  # cases received over three years


def build(cases: int) -> dict:
    from sunshine.cases.models import Case, CaseTask
    from sunshine.catalog.models import PowerItem, PowerVersion
    from sunshine.core import clock
    from sunshine.core.models import User
    from sunshine.org.choices import DataScope, UnitKind
    from sunshine.org.models import Person, Post, PostHolding, Unit
    from sunshine.org.tests.factories import account_with_role

    departments = []  # (department, body, post, [holder user ids])
    for b in range(BODIES):
        body = Unit.objects.create(name=f"县第{b}局", code=f"B{b}", kind=UnitKind.BODY, path="/")
        Unit.objects.filter(pk=body.pk).update(body=body, path=f"/{body.pk}/")
        body.refresh_from_db()
        for d in range(DEPARTMENTS):
            dept = Unit.objects.create(
                name=f"第{b}局业务{d}股",
                code=f"B{b}D{d}",
                kind=UnitKind.DEPARTMENT,
                parent=body,
                body=body,
                depth=1,
            )
            Unit.objects.filter(pk=dept.pk).update(path=f"{body.path}{dept.pk}/")
            post = Post.objects.create(unit=dept, name="受理岗")
            holders = []
            for h in range(2):
                user = User.objects.create(username=f"h{b}-{d}-{h}", full_name=f"窗口{b}{d}{h}")
                person = Person.objects.create(name=user.full_name, unit=dept, user=user)
                PostHolding.objects.create(person=person, post=post, start_date=dt.date(2024, 1, 1))
                holders.append(user.pk)
            departments.append((dept, body, post, holders))
    big_dept, big_body, big_post, _holders = departments[0]
    clerk = account_with_role("clerk", unit=big_dept, scope=DataScope.OWN_DEPARTMENT, username="clerk")
    clerk_person = Person.objects.create(name="窗口办事员", unit=big_dept, user=clerk)
    PostHolding.objects.create(person=clerk_person, post=big_post, start_date=dt.date(2024, 1, 1))
    departments[0][3].append(clerk.pk)
    leader = account_with_role("principal_leader", unit=big_body, scope=DataScope.OWN_BODY, username="leader")
    item = PowerItem.objects.create(body=big_body, code="XK-1")
    version = PowerVersion.objects.create(
        item=item,
        number=1,
        status="published",
        name="烟花爆竹经营许可",
        category="permit",
        department=big_dept,
    )
    now = clock.now()
    template = Case.objects.create(
        body=big_body,
        department=big_dept,
        power_version=version,
        number="T-0",
        check_code="000000",
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范店",
        applicant_contact="13800000000",
        status="closed",
        received_at=now - dt.timedelta(days=2000),
        workflow_state="{}",
    )
    step = CaseTask.objects.create(
        case=template,
        spiff_id="t0",
        element_id="Task_0",
        name="受理审查",
        lane="受理岗",
        opened_at=now,
        status="done",
    )
    # department n → (department, body, post, holder a, holder b), as a VALUES list joined by SQL
    rows = ", ".join(
        f"({n}, {d.pk}, {b.pk}, {p.pk}, {h[0]}, {h[1]})" for n, (d, b, p, h) in enumerate(departments)
    )
    depts = f"(VALUES {rows}) AS m(n, dept, body, post, holder_a, holder_b)"
    n_depts = len(departments)
    step_seconds = YEARS_SECONDS // cases
    clone(
        Case,
        template.pk,
        source=(
            f"(SELECT g, random() AS r, floor({n_depts} * power(random(), {SKEW}))::int AS n "
            f"FROM generate_series(1, {cases}) g) s JOIN {depts} ON m.n = s.n"
        ),
        overrides={
            "number": "'C' || lpad(g::text, 8, '0')",
            "department_id": "m.dept",
            "body_id": "m.body",
            # received in order of g over three years; the newest quarter still open
            "received_at": f"%s::timestamptz - make_interval(secs => ({cases} - g) * {step_seconds})",
            "status": (
                f"CASE WHEN g > {cases} * 0.75 THEN (CASE WHEN r < 0.8 THEN 'accepted' "
                "WHEN r < 0.9 THEN 'received' ELSE 'correcting' END) "
                "WHEN r < 0.05 THEN 'refused' ELSE 'closed' END"
            ),
            "applicant_name": "'申请人' || g",
            # due from 10 days ago to 30 days on: within the calendar years loaded (CAL-1)
            "due_at": "%s::timestamptz + make_interval(days => (r * 40)::int - 10)",
        },
        params=[now, now],
    )
    clone(
        CaseTask,
        step.pk,
        source=(
            f"(SELECT c.id, c.status, c.received_at, c.due_at, c.department_id, random() AS r "
            f"FROM {Case._meta.db_table} c WHERE c.id <> {template.pk}) c "
            f"JOIN {depts} ON m.dept = c.department_id"
        ),
        overrides={
            "case_id": "c.id",
            "post_id": "m.post",
            "status": "CASE WHEN c.status IN ('closed', 'refused') THEN 'done' ELSE 'open' END",
            "assignee_id": "CASE WHEN c.r < 0.5 THEN NULL WHEN c.r < 0.75 THEN m.holder_a "
            "ELSE m.holder_b END",
            "opened_at": "c.received_at",
            "due_at": "c.due_at",
        },
    )
    # the clerk's own share of the large department's steps
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {CaseTask._meta.db_table} SET assignee_id = %s "
            "WHERE post_id = %s AND assignee_id = %s AND mod(id, 3) = 0",
            [clerk.pk, big_post.pk, departments[0][3][0]],
        )
    analyze()
    vacuum_analyze(Case, CaseTask)  # three years of cases: long since vacuumed in a real database
    return {"clerk": clerk, "leader": leader}


def timed(fn, rounds: int) -> tuple[float, float, float]:
    """p50 and p95 of the wall time, and p50 of this process's CPU time (the page's Python work,
    which the test client runs here; PostgreSQL's is apart): on a loaded machine the wall time
    grows with the other processes, the CPU time much less."""
    fn()  # warm: the first request also loads templates and translations
    samples, cpu = [], []
    for _ in range(rounds):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)], statistics.median(cpu)


def main() -> None:
    on_scratch_database(run, __file__)


def run(url: str) -> None:
    import os

    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SUNSHINE_HTTPS", "0")
    django_on(url)
    from django.conf import settings

    # the pages' static files from the sources, as in the tests (the benchmark runs no collectstatic)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.test import Client
    from django.urls import reverse

    from sunshine.cases import selectors
    from sunshine.cases.models import Case, CaseTask

    started = time.perf_counter()
    people = build(CASES)
    print(
        f"set-up: {Case.objects.count():,} cases, {CaseTask.objects.count():,} steps "
        f"in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    clients = {}
    for name, user in people.items():
        clients[name] = Client()
        clients[name].force_login(user)

    def page(who: str, view: str, **params):
        def get():
            response = clients[who].get(reverse(f"cases:{view}"), params)
            assert response.status_code == 200, (response.status_code, view, params)

        return get

    def rows(queryset):
        return lambda: list(queryset[:50])

    clerk, leader = people["clerk"], people["leader"]
    mine = selectors.my_tasks(actor=clerk).count()
    deep_tasks = max(1, mine // 50 // 2)
    scope = {who: selectors.case_list(actor=people[who]).count() for who in people}
    print(f"my tasks of the clerk: {mine:,}; cases in scope: {scope}", file=sys.stderr)
    scenarios = {
        "my_tasks": [
            ("selector my_tasks, clerk, first 50", rows(selectors.my_tasks(actor=clerk))),
            ("page my tasks, clerk, first page", page("clerk", "my_tasks")),
            (f"page my tasks, clerk, page {deep_tasks}", page("clerk", "my_tasks", page=deep_tasks)),
        ],
        "case_list": [
            ("selector case_list, leader, first 50", rows(selectors.case_list(actor=leader))),
            ("page case list, clerk, first page", page("clerk", "case_list")),
            ("page case list, leader, first page", page("leader", "case_list")),
            ("page case list, leader, page 100", page("leader", "case_list", page=100)),
            ("page case list, leader, accepted", page("leader", "case_list", status="accepted")),
            (
                "page case list, leader, accepted, page 50",
                page("leader", "case_list", status="accepted", page=50),
            ),
            ("page case list, clerk, closed", page("clerk", "case_list", status="closed")),
            ("page case list, leader, number search", page("leader", "case_list", q="C00012345")),
        ],
    }
    print("load average {:.2f} {:.2f} {:.2f} before the timings".format(*os.getloadavg()), file=sys.stderr)
    for kind, cases in scenarios.items():
        worst = 0.0
        for label, fn in cases:
            p50, p95, cpu = timed(fn, ROUNDS)
            worst = max(worst, p95)
            print(f"{label}: p50 {p50:.1f} ms, p95 {p95:.1f} ms (CPU p50 {cpu:.1f} ms)")
        print(f"RESULT cases.{kind}_p95_ms {worst:.1f} ms")
    print("load average {:.2f} {:.2f} {:.2f} after the timings".format(*os.getloadavg()), file=sys.stderr)


if __name__ == "__main__":
    main()
