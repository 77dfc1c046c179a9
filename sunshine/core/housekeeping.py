"""The worker's housekeeper: a thread beside the task loop of ``sunshine worker`` that links pending
audit records (deferred mode, every ~0.2 s) and enqueues the periodic jobs that are due (core.periodic).
"""

from __future__ import annotations

import logging
import threading
import time

from django.db import connection

from sunshine.core.audit import link_mode, link_pending
from sunshine.core.periodic import run_due_jobs

logger = logging.getLogger(__name__)


class Housekeeper:
    """Links the audit chain and runs periodic jobs; :meth:`tick` does one round (tests call it)."""

    def __init__(
        self,
        *,
        worker_id: str,
        link_interval: float = 0.2,
        jobs_interval: float = 1.0,
        link: bool | None = None,
    ) -> None:
        self.worker_id = worker_id
        self.link_interval = link_interval
        self.jobs_interval = jobs_interval
        # Inline mode links in the business transaction; nothing is ever left for the housekeeper.
        self.link = link_mode() == "deferred" if link is None else link
        self._next_jobs_at = 0.0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def tick(self) -> tuple[int, list[str]]:
        """Link what is pending, then run the due jobs if their check is due; return both outcomes."""
        linked, ran = 0, []
        if self.link:
            try:
                linked = link_pending(wait=False)
            except Exception:  # the database may be restarting: log, reconnect, try again next tick
                logger.exception("audit linking failed; retrying")
                connection.close()
        if time.monotonic() >= self._next_jobs_at:
            self._next_jobs_at = time.monotonic() + self.jobs_interval
            try:
                ran = run_due_jobs(worker_id=self.worker_id)
            except Exception:
                logger.exception("periodic jobs failed; retrying")
                connection.close()
        return linked, ran

    def run(self) -> None:
        """Tick every ``link_interval`` seconds until stopped."""
        try:
            while not self._stop.wait(self.link_interval):
                self.tick()
        finally:
            connection.close()  # this thread's own connection

    def start(self) -> threading.Thread:
        """Do a first round here (catch up before the worker takes tasks), then go on in a thread."""
        self.tick()
        self._thread = threading.Thread(target=self.run, name="sunshine-housekeeper", daemon=True)
        self._thread.start()
        logger.info(
            "housekeeper started (audit linking %s, periodic jobs)", "on" if self.link else "inline, off"
        )
        return self._thread

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
