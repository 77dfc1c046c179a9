"""The background worker: periodic jobs claimed once per interval across workers, the housekeeper
that links the audit chain, and `sunshine worker` itself."""

from __future__ import annotations

import datetime as dt
import signal
import threading
import time

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django_tasks import task

from sunshine.core import housekeeping, periodic
from sunshine.core.audit import audit_record
from sunshine.core.housekeeping import Housekeeper
from sunshine.core.models import AuditRecord, PeriodicJob
from sunshine.core.periodic import Job, claim_run, register_periodic, run_due_jobs

CALLS: list[str] = []
T0 = dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC)


@task()
def note_a_run() -> None:
    CALLS.append("ran")


@pytest.fixture
def calls():
    CALLS.clear()
    yield CALLS
    CALLS.clear()


@pytest.fixture
def job():
    return Job("test.note", dt.timedelta(minutes=5), note_a_run)


# --- Periodic jobs ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_new_job_runs_at_once_and_then_once_per_interval(job, calls):
    jobs = {job.name: job}
    assert run_due_jobs(worker_id="w1", now=T0, jobs=jobs) == ["test.note"]
    assert run_due_jobs(worker_id="w1", now=T0 + dt.timedelta(minutes=4), jobs=jobs) == []
    assert run_due_jobs(worker_id="w1", now=T0 + dt.timedelta(minutes=5), jobs=jobs) == ["test.note"]
    assert calls == ["ran", "ran"]
    row = PeriodicJob.objects.get(name="test.note")
    assert row.runs == 2
    assert row.next_run_at == T0 + dt.timedelta(minutes=10)


@pytest.mark.django_db
def test_of_two_workers_due_at_the_same_time_only_one_runs_the_job(job, calls):
    jobs = {job.name: job}
    assert run_due_jobs(worker_id="w1", now=T0, jobs=jobs) == ["test.note"]
    assert run_due_jobs(worker_id="w2", now=T0, jobs=jobs) == []
    assert calls == ["ran"]
    assert PeriodicJob.objects.get(name="test.note").last_worker == "w1"


@pytest.mark.django_db
def test_a_claim_on_a_stale_reading_fails(job, calls):
    """Two workers read the same next_run_at; the second one's conditional UPDATE matches nothing."""
    PeriodicJob.objects.create(name=job.name, next_run_at=T0)
    assert claim_run(job, seen_next_run_at=T0, now=T0, worker_id="w1")
    assert not claim_run(job, seen_next_run_at=T0, now=T0, worker_id="w2")
    assert calls == ["ran"]


@pytest.mark.django_db
def test_a_worker_back_after_a_long_stop_runs_a_missed_job_once(job, calls):
    jobs = {job.name: job}
    run_due_jobs(now=T0, jobs=jobs)
    later = T0 + dt.timedelta(hours=3)
    assert run_due_jobs(now=later, jobs=jobs) == ["test.note"]
    assert run_due_jobs(now=later + dt.timedelta(seconds=1), jobs=jobs) == []
    assert calls == ["ran", "ran"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_a_due_job_run_it_once(job, calls):
    jobs = {job.name: job}
    PeriodicJob.objects.create(name=job.name, next_run_at=T0)
    barrier = threading.Barrier(6)
    results: list[list[str]] = []

    def worker(n):
        try:
            barrier.wait()
            results.append(run_due_jobs(worker_id=f"w{n}", now=T0, jobs=jobs))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(map(len, results)) == [0, 0, 0, 0, 0, 1]
    assert calls == ["ran"]
    assert PeriodicJob.objects.get(name=job.name).runs == 1


def test_core_registers_the_retry_of_failed_deliveries():
    from sunshine.core.tasks import end_idle_sessions, retry_failed_deliveries

    assert periodic.JOBS["core.retry_failed_deliveries"].task is retry_failed_deliveries
    assert periodic.JOBS["core.retry_failed_deliveries"].interval == dt.timedelta(minutes=5)
    assert periodic.JOBS["core.end_idle_sessions"].task is end_idle_sessions


def test_registering_a_job_checks_interval_task_and_name(monkeypatch):
    monkeypatch.setattr(periodic, "JOBS", {})
    with pytest.raises(ValueError, match="positive"):
        register_periodic("test.zero", every=dt.timedelta(0), task=note_a_run)
    with pytest.raises(TypeError, match="not a task"):
        register_periodic("test.plain", every=dt.timedelta(minutes=1), task=print)
    register_periodic("test.twice", every=dt.timedelta(minutes=1), task=note_a_run)
    register_periodic("test.twice", every=dt.timedelta(minutes=1), task=note_a_run)  # same: harmless
    with pytest.raises(ValueError, match="registered twice"):
        register_periodic("test.twice", every=dt.timedelta(minutes=2), task=note_a_run)


# --- The housekeeper -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_housekeeper_links_pending_records_in_deferred_mode(settings, clerk, monkeypatch):
    settings.AUDIT_LINK_MODE = "deferred"
    monkeypatch.setattr(housekeeping, "run_due_jobs", lambda **kwargs: [])
    record = audit_record(actor=clerk, action="test.pending", target=clerk)
    keeper = Housekeeper(worker_id="w1")
    assert keeper.link
    assert keeper.tick() == (1, [])
    assert AuditRecord.objects.get(pk=record.pk).seq is not None


@pytest.mark.django_db
def test_housekeeper_does_not_link_in_inline_mode(settings, monkeypatch):
    settings.AUDIT_LINK_MODE = "inline"
    monkeypatch.setattr(housekeeping, "link_pending", lambda **kwargs: pytest.fail("linked in inline mode"))
    monkeypatch.setattr(housekeeping, "run_due_jobs", lambda **kwargs: [])
    keeper = Housekeeper(worker_id="w1")
    assert not keeper.link
    assert keeper.tick() == (0, [])


@pytest.mark.django_db
def test_housekeeper_checks_jobs_once_per_jobs_interval(monkeypatch):
    checks = []
    monkeypatch.setattr(housekeeping, "run_due_jobs", lambda **kwargs: checks.append(kwargs) or ["x"])
    keeper = Housekeeper(worker_id="w7", link=False, jobs_interval=60)
    assert keeper.tick() == (0, ["x"])
    assert keeper.tick() == (0, [])
    assert checks == [{"worker_id": "w7"}]


@pytest.mark.django_db
def test_housekeeper_survives_a_database_error(monkeypatch):
    def broken(**kwargs):
        raise OperationalError("the server closed the connection")

    monkeypatch.setattr(housekeeping, "link_pending", broken)
    monkeypatch.setattr(housekeeping, "run_due_jobs", broken)
    monkeypatch.setattr(housekeeping.connection, "close", lambda: None)  # the test's own connection
    keeper = Housekeeper(worker_id="w1", link=True)
    assert keeper.tick() == (0, [])
    monkeypatch.setattr(housekeeping, "link_pending", lambda **kwargs: 2)
    assert keeper.tick()[0] == 2


def _seq(pk: int) -> int | None:
    """The record's chain position, or None while unlinked. The test database is SQLite in memory
    with a shared cache, where a read while the housekeeper's thread writes fails at once with
    "table is locked" instead of waiting (a file database waits its busy timeout): read again."""
    try:
        return AuditRecord.objects.get(pk=pk).seq
    except OperationalError as error:
        if "locked" not in str(error):
            raise
        return None


@pytest.mark.django_db(transaction=True)
def test_housekeeper_thread_links_while_it_runs_and_stops_when_asked(settings, clerk):
    settings.AUDIT_LINK_MODE = "deferred"
    keeper = Housekeeper(worker_id="w1", link_interval=0.05, jobs_interval=3600)
    thread = keeper.start()
    try:
        record = audit_record(actor=clerk, action="test.background", target=clerk)
        deadline = time.monotonic() + 5
        while _seq(record.pk) is None:
            assert time.monotonic() < deadline, "the housekeeper did not link the record"
            time.sleep(0.05)
    finally:
        keeper.stop()
    assert not thread.is_alive()


# --- sunshine worker -------------------------------------------------------------------------------


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    yield
    for sig, handler in handlers.items():
        signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_worker_runs_queued_tasks_with_the_housekeeper_beside_it(database_tasks, settings, clerk, calls):
    from django_tasks_db.models import DBTaskResult

    settings.AUDIT_LINK_MODE = "deferred"
    result = note_a_run.enqueue()
    record = audit_record(actor=clerk, action="test.before_the_worker", target=clerk)
    call_command(
        "worker", "--batch", "--no-startup-delay", "--no-reload", "--link-interval", "0.05", verbosity=0
    )
    assert calls == ["ran"]
    assert DBTaskResult.objects.get(pk=result.id).status == "SUCCESSFUL"
    assert AuditRecord.objects.get(pk=record.pk).seq is not None  # linked by the housekeeper
    assert PeriodicJob.objects.filter(name="core.retry_failed_deliveries", runs=1).exists()
    assert not any(t.name == "sunshine-housekeeper" and t.is_alive() for t in threading.enumerate())
