"""``sunshine worker``: the background task worker (django-tasks-db's ``db_worker``) plus, in a thread
of the same process, the housekeeper that links the audit chain and enqueues periodic jobs.

Run one or more in production (systemd, supervisor); ``sunshine serve`` starts one for development.
"""

from __future__ import annotations

import logging
import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker, valid_interval

from sunshine.core.housekeeping import Housekeeper

logger = logging.getLogger("sunshine.worker")


class SunshineWorker(Worker):
    """db_worker's task loop, with the housekeeper running beside it for as long as it runs."""

    def __init__(self, *, link_interval: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.housekeeper = Housekeeper(worker_id=self.worker_id, link_interval=link_interval)

    def run(self) -> None:
        self.housekeeper.start()
        try:
            super().run()
        finally:
            self.housekeeper.stop()

    def shutdown(self, signum, frame) -> None:
        self.housekeeper.stop(timeout=2.0)
        super().shutdown(signum, frame)


class Command(DbWorkerCommand):
    help = "Run the background worker: tasks from the database queue, audit-chain linking and periodic jobs."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--link-interval",
            type=valid_interval,
            default=0.2,
            help="seconds between two rounds of audit linking and periodic-job checks (default: 0.2)",
        )

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        link_interval: float,
        **options,
    ) -> None:
        # Same as db_worker's handle, with SunshineWorker in place of Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning("--reload and --batch cannot be specified together; not reloading")
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            from django.core.management.base import CommandError

            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SunshineWorker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded,
            link_interval=link_interval,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
