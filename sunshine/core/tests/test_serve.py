"""`sunshine serve` and `sunshine audit verify` as real processes, on a scratch SQLite database.

``make run`` ends in ``DEBUG=1 sunshine serve --port $PORT``: the log-in page must be served, the
background worker must run beside the server (once, not once per autoreload) and process tasks, and
stopping the server must stop the worker.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.subprocess


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory, migrated_sqlite_template) -> dict:
    """A migrated scratch database and the environment of a fresh `make run`."""
    var = tmp_path_factory.mktemp("var")
    shutil.copyfile(migrated_sqlite_template, var / "sunshine.sqlite3")
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(var),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "SUNSHINE_VAR_DIR": str(var),
        "DATABASE_URL": f"sqlite:///{var / 'sunshine.sqlite3'}",
        "DEBUG": "1",
        "LOG_LEVEL": "INFO",
    }
    return {"env": env, "db": var / "sunshine.sqlite3", "var": var}


def sunshine(site, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sunshine", *args], env=site["env"], capture_output=True, text=True, timeout=60
    )


def descendants(pid: int) -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every descendant of ``pid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append((int(entry.name), parent, cmdline))
            found += descendants(int(entry.name))
    return found


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := condition():
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def stop(server: subprocess.Popen, log: Path, timeout: float = 30) -> None:
    """Ctrl-C, as a person at the terminal would; a server that does not stop in time fails the test
    and is killed with everything it started (no process outlives the test run)."""
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        for pid, _parent, _cmd in descendants(server.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        server.kill()
        server.wait()
        pytest.fail(f"the server did not stop within {timeout:.0f} s of Ctrl-C:\n{log.read_text()[-3000:]}")


def test_serve_serves_the_login_page_and_runs_one_worker_that_processes_tasks(site, tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "sunshine", "serve", "--port", str(port)],
        env=site["env"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:

        def login_page():
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/accounts/login/", timeout=2
                ) as response:
                    return response.status, response.read().decode()
            except OSError:
                return None

        status, html = wait_for(login_page, 20, "the log-in page")
        assert status == 200
        assert "登录" in html

        def periodic_task_done():
            with sqlite3.connect(site["db"]) as db:
                return db.execute(
                    "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'SUCCESSFUL' "
                    "AND task_path = 'sunshine.core.tasks.retry_failed_deliveries'"
                ).fetchone()[0]

        wait_for(periodic_task_done, 15, "the worker to run the periodic retry of deliveries")
        processes = descendants(server.pid)
        workers = [(pid, parent) for pid, parent, cmd in processes if " worker" in cmd]
        # One worker, started by the first process (in DEBUG its own autoreloader makes it a parent
        # and a child); the server's autoreloaded child, which serves, started none.
        assert [pid for pid, parent in workers if parent == server.pid], processes
        assert len([pid for pid, parent in workers if parent == server.pid]) == 1, processes
        server_children = [pid for pid, parent, cmd in processes if parent == server.pid and " serve" in cmd]
        assert server_children, processes
        assert not [pid for pid, parent in workers if parent in server_children], processes
    finally:
        stop(server, tmp_path / "serve.log")
        log.close()
    time.sleep(0.5)
    assert not any(Path(f"/proc/{pid}").exists() for pid, _ in workers), "the worker outlived the server"
    assert "background worker stopped" in (tmp_path / "serve.log").read_text()


def test_audit_verify_exits_zero_with_ok_and_non_zero_naming_a_broken_record(site):
    script = (
        "from sunshine.core.audit import audit_record\n"
        "for n in range(6):\n"
        "    audit_record(actor=None, action='test.step', object_type='test.item', object_id=str(n))"
    )
    # The site is shared with the server tests, whose worker's periodic jobs may have left records.
    before = int(sunshine(site, "audit", "verify").stdout.split()[1])
    assert sunshine(site, "shell", "-c", script).returncode == 0
    result = sunshine(site, "audit", "verify")
    assert result.returncode == 0, result.stderr
    ok, count, head = result.stdout.split()
    assert (ok, len(head)) == ("OK", 64)
    assert int(count) == before + 6
    # The same in two processes, each walking half of the chain (a long chain's default).
    assert sunshine(site, "audit", "verify", "--processes", "2").stdout == result.stdout

    with sqlite3.connect(site["db"]) as db:
        # The sqlite3 shell's view: the guard refuses (AUD-1) until the forger drops its trigger.
        with pytest.raises(sqlite3.IntegrityError, match="AUD-1"):
            db.execute("UPDATE core_auditrecord SET object_id = 'forged' WHERE seq = 1")
        db.execute("DROP TRIGGER core_auditrecord_no_update")
        db.execute("UPDATE core_auditrecord SET object_id = 'forged' WHERE seq = ?", [int(count) - 1])
    for processes in ("1", "2"):
        broken = sunshine(site, "audit", "verify", "--processes", processes)
        assert broken.returncode == 1
        assert f"BROKEN at record {int(count) - 1} (id " in broken.stderr
        assert "columns differ from its payload" in broken.stderr


def test_a_server_that_ignores_ctrl_c_fails_the_test_and_is_killed_with_its_children(tmp_path):
    log = tmp_path / "stubborn.log"
    log.write_text("started\n")
    stubborn = (  # ignores Ctrl-C, and has a child of its own
        "import signal, subprocess, sys, time\n"
        "signal.signal(signal.SIGINT, signal.SIG_IGN)\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", stubborn])
    wait_for(lambda: descendants(child.pid), 10, "the grandchild")
    grandchildren = [pid for pid, _parent, _cmd in descendants(child.pid)]
    with pytest.raises(pytest.fail.Exception, match="did not stop within 1 s"):
        stop(child, log, timeout=1)
    assert child.returncode is not None
    time.sleep(0.2)
    assert not [pid for pid in grandchildren if Path(f"/proc/{pid}").exists() and "Z" not in state(pid)]


def state(pid: int) -> str:
    """The process's state letter (Z: a zombie, dead but not yet reaped by its new parent)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
