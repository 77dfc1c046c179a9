"""Two scans at the same moment create each alert once (PostgreSQL: real concurrent writers)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sunshine.core import periodic
from sunshine.oversight import services
from sunshine.oversight.models import Alert


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
