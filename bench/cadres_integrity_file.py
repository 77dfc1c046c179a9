#!/usr/bin/env python3
"""Benchmark: assembling one cadre's integrity file (廉政档案) among 1,000,000 cases and 100,000 other
records on PostgreSQL (issue #9 §9: p95 under 300 ms).

A scratch PostgreSQL database (_pg.py) gets one body of 8 departments, 1,000 cadres (accounts with a
staff record), 1,000,000 cases written by INSERT … SELECT from one template case, and 100,000 other
records spread over the cadres (each cadre is the responsible person of about a thousandth of
them): 60,000 alerts on the cases, 20,000 supervision orders, 10,000 accountability cases (the
cadre's own decided ones with their sanctions) and 10,000 三重一大 topics. Vacuumed after the load,
as autovacuum would have done.

Timed: ``services.file_read`` by the body's discipline office for one cadre — the access check, the
logged read (FileRead row and audit record), every source's entries, the grouping and the
SUP-116/118 findings: the whole work of a file page but the template. Prints p50/p95 and
``RESULT cadres.integrity_file_p95_ms``. BENCH_QUICK=1: 20,000 cases and 10,000 other records.
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
OTHER = 10_000 if QUICK else 100_000  # alerts 60%, orders 20%, accountability 10%, topics 10%
CADRES = 1_000
DEPARTMENTS = 8
ROUNDS = 10 if QUICK else 30


def build() -> dict:
    from sunshine.accountability.models import AccountabilityCase, Sanction
    from sunshine.cases.models import Case
    from sunshine.catalog.models import PowerItem, PowerVersion
    from sunshine.core import clock
    from sunshine.core.models import User
    from sunshine.decisions.models import Topic
    from sunshine.org.choices import UnitKind
    from sunshine.org.models import Person, Unit
    from sunshine.org.tests.factories import account_with_role
    from sunshine.oversight.models import Alert, SupervisionOrder

    now = clock.now()
    body = Unit.objects.create(name="县安全生产监督管理局", code="B0", kind=UnitKind.BODY, path="/")
    Unit.objects.filter(pk=body.pk).update(body=body, path=f"/{body.pk}/")
    body.refresh_from_db()
    departments = []
    for d in range(DEPARTMENTS):
        dept = Unit.objects.create(
            name=f"业务{d}股", code=f"B0D{d}", kind=UnitKind.DEPARTMENT, parent=body, body=body, depth=1
        )
        Unit.objects.filter(pk=dept.pk).update(path=f"{body.path}{dept.pk}/")
        departments.append(dept)
    dept = departments[0]
    users = User.objects.bulk_create(
        [User(username=f"cadre{i}", full_name=f"干部{i}") for i in range(CADRES)]
    )
    ids = sorted(u.pk for u in users)
    assert ids[-1] - ids[0] + 1 == CADRES, "user ids are not contiguous"
    u0 = ids[0]
    Person.objects.bulk_create(
        [Person(name=u.full_name, unit=departments[i % DEPARTMENTS], user=u) for i, u in enumerate(users)]
    )
    inspector = account_with_role("discipline_inspector", unit=body, username="inspector")
    item = PowerItem.objects.create(body=body, code="XK-1")
    version = PowerVersion.objects.create(
        item=item, number=1, status="published", name="烟花爆竹经营许可", category="permit", department=dept
    )
    template = Case.objects.create(
        body=body,
        department=dept,
        power_version=version,
        number="T-0",
        check_code="000000",
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范店",
        applicant_contact="13800000000",
        status="closed",
        received_at=now - dt.timedelta(days=1000),
        workflow_state="{}",
    )
    clone(
        Case,
        template.pk,
        source=f"generate_series(1, {CASES}) g",
        overrides={
            "number": "'C' || lpad(g::text, 8, '0')",
            "received_at": f"%s::timestamptz - make_interval(secs => ({CASES} - g) * 90)",
        },
        params=[now],
    )
    first_case = template.pk + 1
    alerts, orders, accs, topics = (int(OTHER * f) for f in (0.6, 0.2, 0.1, 0.1))

    alert = Alert.objects.create(
        kind="overdue",
        level="red",
        status="closed",
        closed_at=now,
        rule="OVS-1",
        subject_type="case",
        case=template,
        body=body,
        department=dept,
        responsible_id=u0,
        due_at=now,
        message="办件超过办结期限",
        raised_at=now,
    )
    clone(
        Alert,
        alert.pk,
        source=f"generate_series(1, {alerts}) g",
        overrides={
            "case_id": f"{first_case} + (g * 13) %% {CASES}",
            "responsible_id": f"{u0} + g %% {CADRES}",
            "raised_at": "%s::timestamptz - make_interval(hours => g %% 20000)",
            "message": "'办件超过办结期限 ' || g",
        },
        params=[now],
    )
    order = SupervisionOrder.objects.create(
        body=body,
        year=2026,
        seq=0,
        number="督办〔2026〕0号",
        status="closed",
        department=dept,
        responsible_id=u0,
        subject="督办逾期办件",
        requirement="限期办结并书面说明",
        issued_by=inspector,
        issued_at=now,
        reply_due=now,
        replied_at=now,
        closed_at=now,
    )
    clone(
        SupervisionOrder,
        order.pk,
        source=f"generate_series(1, {orders}) g",
        overrides={
            "seq": "g",
            "number": "'督办〔2026〕' || g || '号'",
            "responsible_id": f"{u0} + g %% {CADRES}",
            "case_id": f"{first_case} + (g * 7) %% {CASES}",
            "issued_at": "%s::timestamptz - make_interval(hours => g %% 20000)",
        },
        params=[now],
    )
    acase = AccountabilityCase.objects.create(
        body=body,
        year=2020,
        seq=0,
        number="问责〔2020〕0号",
        status="closed",
        source="instruction",
        subject="违规准予许可",
        target="individual",
        person_id=u0,
        deciding_body="局党组",
        decided_at=now - dt.timedelta(days=100),
    )
    clone(
        AccountabilityCase,
        acase.pk,
        source=f"generate_series(1, {accs}) g",
        overrides={
            "seq": "g",
            "number": "'问责〔2020〕' || g || '号'",
            "person_id": f"{u0} + g %% {CADRES}",
            "status": (
                "CASE WHEN g %% 7 = 0 THEN 'verifying' "
                "WHEN g %% 11 = 0 THEN 'investigating' ELSE 'closed' END"
            ),
            "decided_at": "%s::timestamptz - make_interval(days => g %% 900)",
        },
        params=[now],
    )
    criticism = Sanction.objects.get(body__isnull=True, target="individual", name="通报批评")
    warning = Sanction.objects.get(body__isnull=True, target="individual", name="警告")
    cadre_id = u0 + CADRES // 2  # the cadre timed: g % CADRES == CADRES // 2
    for c in AccountabilityCase.objects.filter(person_id=cadre_id, status="closed"):
        c.sanctions.add(criticism, warning)
    topic = Topic.objects.create(
        body=body,
        department=dept,
        title="修订财务管理办法",
        kind="decision",
        background="b",
        draft_decision="d",
        responsible_leader_id=u0,
        proposer=inspector,
        status="adopted",
        decided_at=now,
    )
    clone(
        Topic,
        topic.pk,
        source=f"generate_series(1, {topics}) g",
        overrides={
            "title": "'议题' || g",
            "responsible_leader_id": f"{u0} + g %% {CADRES}",
            "decided_at": "%s::timestamptz - make_interval(days => g %% 900)",
        },
        params=[now],
    )
    analyze()
    vacuum_analyze(Case, Alert, SupervisionOrder, AccountabilityCase, Topic)
    return {"inspector": inspector, "cadre": User.objects.get(pk=cadre_id)}


def main() -> None:
    on_scratch_database(run, __file__)


def run(url: str) -> None:
    django_on(url)
    from sunshine.accountability.models import AccountabilityCase
    from sunshine.cadres.integrity import services
    from sunshine.cases.models import Case
    from sunshine.oversight.models import Alert, SupervisionOrder

    started = time.perf_counter()
    people = build()
    print(
        f"set-up: {Case.objects.count():,} cases, {Alert.objects.count():,} alerts, "
        f"{SupervisionOrder.objects.count():,} orders, {AccountabilityCase.objects.count():,} "
        f"accountability cases in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    inspector, cadre = people["inspector"], people["cadre"]

    def read():
        return services.file_read(actor=inspector, cadre=cadre)

    file = read()  # warm
    print(
        f"the file: {len(file.entries)} entries in {len(file.sections)} sections, "
        f"findings {[f.kind for f in file.findings]}",
        file=sys.stderr,
    )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        read()
    samples, cpu = [], []
    for _ in range(ROUNDS):
        t, c = time.perf_counter(), time.process_time()
        read()
        samples.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    samples.sort()
    p50, p95 = statistics.median(samples), samples[max(0, round(0.95 * len(samples)) - 1)]
    # The CPU time of this process (the Python work; PostgreSQL's is apart): on a loaded machine the
    # wall time grows with the other processes, the CPU time much less.
    print(
        f"integrity file: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
        f"Python CPU p50 {statistics.median(cpu):.1f} ms, {len(queries)} queries ({ROUNDS} rounds)",
        file=sys.stderr,
    )
    print(f"RESULT cadres.integrity_file_p95_ms {p95:.1f}")


if __name__ == "__main__":
    main()
