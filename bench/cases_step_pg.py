#!/usr/bin/env python3
"""Benchmark: completing a case step through the service on PostgreSQL (issue #6: at least 250
steps/s in one process, and at most 4 times the cost of the bare SpiffWorkflow step measured in the
same run).

A scratch database (beside DATABASE_URL; the script re-runs itself under .ci/with-postgres when
DATABASE_URL is not a postgres URL) gets a published penalty item (ten user steps, the built-in
template) and N registered cases. Timed, alternating in rounds so that both meet the same machine:

* bare: flows.engine.executor.complete on a case's stored state: deserialize, run the step, serialize;
* service: cases.services.task_complete: lock the case, the same engine step, the task rows, the
  case's new state and two audit records, committed (deferred audit linking, as in production).

Prints both rates, the ratio and ``RESULT cases.step_service_per_s``, ``RESULT cases.step_cost_ratio``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _pg import QUICK, django_on, on_scratch_database


def main() -> None:
    on_scratch_database(run, __file__)


def run(url: str) -> None:
    django_on(url)
    from sunshine.cases import services
    from sunshine.cases.choices import TaskStatus
    from sunshine.cases.models import Case, CaseTask
    from sunshine.catalog.tests.factories import published
    from sunshine.core.system import system_actor
    from sunshine.flows.engine import executor
    from sunshine.org.choices import DataScope
    from sunshine.org.tests.factories import DepartmentFactory, UnitFactory, account_with_role

    body = UnitFactory(code="BENCH")
    department = DepartmentFactory(parent=body)
    clerk = account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="c1")
    legal = account_with_role("legal_reviewer", unit=body, username="l1")
    inspector = account_with_role("discipline_inspector", unit=body, username="i1")
    leader = account_with_role("principal_leader", unit=body, username="p1")
    version = published(
        clerk, department, legal, inspector, leader, category="penalty", code="CF-B", name="基准处罚"
    )
    cases = 60 if QUICK else 300
    with system_actor("bench"):
        for n in range(cases):
            services.case_register(
                actor=clerk,
                version=version,
                subject=f"案件{n}",
                applicant_kind="person",
                applicant_name=f"当事人{n}",
                applicant_contact="1",
            )
    xml = version.flowchart.xml
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        # A typical step is one inside a stage: move every case past its first step (filing) first.
        for task in CaseTask.objects.filter(status=TaskStatus.OPEN).select_related("case"):
            options = executor.options_after(xml, task.element_id)
            choice = options[-1].label if options else ""
            services.task_complete(actor=clerk, task=task, opinion="同意", choice=choice)
        tasks = list(CaseTask.objects.filter(status=TaskStatus.OPEN).select_related("case")[:20])
        profile = cProfile.Profile()
        profile.enable()
        for task in tasks:
            services.task_complete(actor=clerk, task=task, opinion="同意", choice="")
        profile.disable()
        pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        tasks = list(CaseTask.objects.filter(status=TaskStatus.OPEN).select_related("case")[:10])
        with CaptureQueriesContext(connection) as queries:
            for task in tasks:
                options = executor.options_after(xml, task.element_id)
                choice = options[-1].label if options else ""
                services.task_complete(actor=clerk, task=task, opinion="同意", choice=choice)
        for query in queries.captured_queries[: len(queries.captured_queries) // len(tasks)]:
            print(query["time"], query["sql"][:150])
        # audit inserts go through their own cursor (core.audit._insert): two per step, not captured
        print(f"RESULT cases.step_queries {len(queries.captured_queries) / len(tasks) + 2:.1f} queries")
        return
    bare, service = [], []
    rounds = 3 if QUICK else 8
    for _round in range(rounds):
        tasks = list(
            CaseTask.objects.filter(status=TaskStatus.OPEN).select_related("case")[: cases // rounds]
        )
        # bare: the engine alone on the same stored states (not saved)
        started = time.perf_counter()
        for task in tasks:
            executor.complete(xml, task.case.workflow_state, task.spiff_id, {"major": False})
        bare.append(len(tasks) / (time.perf_counter() - started))
        started = time.perf_counter()
        for task in tasks:
            options = executor.options_after(xml, task.element_id)
            choice = options[-1].label if options else ""
            services.task_complete(actor=clerk, task=task, opinion="同意", choice=choice)
        service.append(len(tasks) / (time.perf_counter() - started))
    bare_rate, service_rate = statistics.median(bare), statistics.median(service)
    ratio = bare_rate / service_rate
    print(f"case step, bare SpiffWorkflow (deserialize, run, serialize): {bare_rate:,.0f} steps/s")
    print(
        f"case step through cases.services.task_complete, committed: {service_rate:,.0f} steps/s "
        f"({ratio:.2f}x the bare cost)"
    )
    print(f"RESULT cases.step_bare_per_s {bare_rate:.0f} steps/s")
    print(f"RESULT cases.step_service_per_s {service_rate:.0f} steps/s")
    print(f"RESULT cases.step_cost_ratio {ratio:.2f} x")
    assert Case.objects.count() == cases


if __name__ == "__main__":
    main()
