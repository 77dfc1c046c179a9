"""Periodic jobs: a small registry that apps fill in ``AppConfig.ready()``, run by the worker.

``register_periodic("core.retry_failed_deliveries", every=timedelta(minutes=5), task=...)`` asks for
the task to be enqueued once every five minutes. Every worker process's housekeeper calls
:func:`run_due_jobs` about once a second; a run is claimed with a conditional UPDATE of the job's
``next_run_at`` (compare-and-set on the value read), so that however many workers run, each job is
enqueued at most once per interval, and the task row is written in the same transaction as the claim.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F

from sunshine.core import clock
from sunshine.core.models import PeriodicJob

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    interval: dt.timedelta
    task: object  # a django_tasks Task, enqueued without arguments


JOBS: dict[str, Job] = {}


def register_periodic(name: str, *, every: dt.timedelta, task) -> Job:
    """Declare that ``task`` is enqueued once every ``every`` (at most once across all workers)."""
    if every <= dt.timedelta(0):
        raise ValueError(f"periodic job {name!r}: the interval must be positive")
    if not hasattr(task, "enqueue"):
        raise TypeError(f"periodic job {name!r}: {task!r} is not a task (use @django_tasks.task)")
    job = Job(name, every, task)
    if JOBS.get(name, job) != job:
        raise ValueError(f"periodic job {name!r} is registered twice")
    JOBS[name] = job
    return job


def run_due_jobs(
    *, worker_id: str = "", now: dt.datetime | None = None, jobs: dict[str, Job] | None = None
) -> list[str]:
    """Enqueue every job whose time has come and that no other worker claimed first; return their names.

    A job seen for the first time is due at once. After a run the next one is due one interval
    later, counted from now: a worker that was down does not make up missed runs in a burst.
    """
    jobs = JOBS if jobs is None else jobs
    if not jobs:
        return []
    now = now or clock.now()
    due = dict(PeriodicJob.objects.filter(name__in=list(jobs)).values_list("name", "next_run_at"))
    missing = [name for name in jobs if name not in due]
    if missing:
        PeriodicJob.objects.bulk_create(
            [PeriodicJob(name=name, next_run_at=now) for name in missing], ignore_conflicts=True
        )
        due = dict(PeriodicJob.objects.filter(name__in=list(jobs)).values_list("name", "next_run_at"))
    ran = []
    for name, next_run_at in sorted(due.items()):
        job = jobs[name]
        if next_run_at <= now and claim_run(job, seen_next_run_at=next_run_at, now=now, worker_id=worker_id):
            ran.append(name)
    return ran


def claim_run(job: Job, *, seen_next_run_at: dt.datetime, now: dt.datetime, worker_id: str = "") -> bool:
    """Claim this run of ``job`` and enqueue its task, unless another worker claimed it first.

    The claim moves ``next_run_at`` on only if it still holds the value this worker read: of several
    workers that read the same value, exactly one UPDATE matches a row. The task row is written in
    the same transaction, so a claimed run is never lost and an enqueued one never unclaimed.
    """
    with transaction.atomic():
        claimed = PeriodicJob.objects.filter(name=job.name, next_run_at=seen_next_run_at).update(
            next_run_at=now + job.interval, last_run_at=now, last_worker=worker_id[:64], runs=F("runs") + 1
        )
        if claimed:
            job.task.enqueue()
    if claimed:
        logger.info("periodic job %s enqueued by worker %s", job.name, worker_id)
    return bool(claimed)
