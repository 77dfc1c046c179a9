"""``sunshine serve``: the development server on 127.0.0.1 with the background worker beside it.

``make run`` calls ``DEBUG=1 sunshine serve --port $PORT``. The worker is a child process in a session
of its own, started once by the first process: runserver's autoreloader re-runs this command in a
child process (with RUN_MAIN=true) on every code change, and that child only serves. When the server
stops (Ctrl+C, SIGTERM, or the server failing), the worker is stopped too.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV


def _default_port() -> int:
    value = os.environ.get("PORT", "8000")
    if not value.isdigit():
        raise CommandError(f"PORT={value!r} is not a port number")
    return int(value)


def _die_with_parent() -> None:
    """In the worker child: get SIGTERM if the server process dies without stopping it (Linux)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: serve's own clean-up still stops the worker
        pass


class Command(BaseCommand):
    help = "Serve on 127.0.0.1:PORT (development server) with the background worker running beside it."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--port", type=int, default=None, help="port on 127.0.0.1 (default: $PORT or 8000)"
        )
        parser.add_argument(
            "--noreload", action="store_true", help="do not restart the server on code changes"
        )
        parser.add_argument(
            "--no-worker", action="store_true", help="serve only; run `sunshine worker` yourself"
        )

    def handle(self, *args, port: int | None, noreload: bool, no_worker: bool, **options) -> None:
        port = port if port is not None else _default_port()
        if not 0 < port < 65536:
            raise CommandError(f"port {port} is out of range")
        addrport = f"127.0.0.1:{port}"
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The autoreloader's child: the first process started the worker and keeps it.
            call_command("runserver", addrport, use_reloader=True)
            return
        worker = None if no_worker else self.start_worker()
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
        try:
            call_command("runserver", addrport, use_reloader=not noreload)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if worker is not None:
                self.stop_worker(worker)

    def start_worker(self) -> subprocess.Popen:
        # In DEBUG the worker reloads on code changes by itself, like the server.
        reload = "--reload" if settings.DEBUG else "--no-reload"
        command = [sys.executable, "-m", "sunshine", "worker", reload, "--no-startup-delay"]
        self.stdout.write(f"starting the background worker: {' '.join(command[1:])}")
        return subprocess.Popen(command, start_new_session=True, preexec_fn=_die_with_parent)

    def stop_worker(self, worker: subprocess.Popen) -> None:
        if worker.poll() is not None:
            self.stderr.write(f"the background worker had stopped (exit {worker.returncode})")
            return
        try:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()
        except ProcessLookupError:
            pass
        self.stdout.write("background worker stopped")
