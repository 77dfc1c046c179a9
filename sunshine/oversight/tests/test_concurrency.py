"""Two scans at the same moment create each alert once (PostgreSQL: real concurrent writers)."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import CaseTask
from sunshine.core import clock, periodic
from sunshine.core.models import AuditRecord
from sunshine.oversight import services
from sunshine.oversight.models import Alert
from sunshine.oversight.tests.conftest import register


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_create_each_alert_once(late_case):
    barrier = threading.Barrier(2)
    results = []

    def run():
        try:
            barrier.wait()
            results.append(services.scan(notify_people=False).counts)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r["red"] for r in results) == Alert.objects.filter(level="red").count() >= 1
    assert Alert.objects.filter(case=late_case, task__isnull=False, level="red").count() == 1


def test_the_scan_is_a_periodic_job_every_five_minutes():
    from sunshine.oversight.tasks import oversight_scan

    job = periodic.JOBS["oversight.scan"]
    assert job.task is oversight_scan
    assert job.interval.total_seconds() == 300


@pytest.mark.django_db
def test_the_periodic_task_scans_as_the_system(late_case):
    from sunshine.core.models import AuditRecord
    from sunshine.oversight.tasks import oversight_scan

    counts = oversight_scan.call()
    assert counts["red"] >= 1
    record = AuditRecord.objects.get(action="oversight.scan")
    assert record.actor_id is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_chunks_run_on_two_connections_with_the_result_of_one(clerk, permit, monkeypatch):
    """Issue #6 §11: on PostgreSQL the scan's chunks run side by side (services.SCAN_CONNECTIONS);
    each late step and case is still alerted once (CASE-10), and each chunk that wrote keeps its
    one audit record (AUD-1)."""
    cases = [register(clerk, permit, received_at=clock.now() - dt.timedelta(days=30)) for _ in range(3)]
    monkeypatch.setattr(services, "CHUNK", 1)  # a chunk per subject id
    both_working = threading.Barrier(2, timeout=30)
    workers = set()
    scan_chunk = services._scan_chunk

    def spy(**kwargs):
        if threading.current_thread().name not in workers:
            workers.add(threading.current_thread().name)
            both_working.wait()  # fails the test if one connection did all the chunks
        scan_chunk(**kwargs)

    monkeypatch.setattr(services, "_scan_chunk", spy)
    result = services.scan(notify_people=False)
    assert len(workers) == 2
    late_steps = CaseTask.objects.filter(case__in=cases, status=TaskStatus.OPEN)
    assert Alert.objects.filter(task__in=late_steps, level="red").count() == late_steps.count() == 3
    alerts = Alert.objects.all()
    assert result.counts["red"] + result.counts["yellow"] == alerts.count()
    subjects = {(a.subject_type, a.task_id or a.case_id) for a in alerts}
    assert len(subjects) == alerts.count()  # no subject twice
    assert AuditRecord.objects.filter(action="oversight.scan").count() == len(subjects)  # one per chunk
    again = services.scan(notify_people=False)
    assert again.counts["red"] == again.counts["yellow"] == 0
