"""Supervision-order numbers under concurrent issuers (CASE-21: uniform numbering): every order
gets its own number, without gaps, on PostgreSQL (row lock on the counter) and on SQLite
(IMMEDIATE transactions queue the writers); two inspectors verifying the same reply at once:
exactly one succeeds."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from sunshine.core import clock
from sunshine.core.errors import Conflict
from sunshine.org.tests.factories import account_with_role
from sunshine.oversight.models import SupervisionOrder
from sunshine.oversight.orders.services import order_issue, order_reply, order_verify

WRITERS = 6


def run_at_once(n: int, work) -> tuple[list, list]:
    barrier = threading.Barrier(n)
    results, failures = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(work(i))
        except Exception as error:  # collected: the assertions below say what went wrong
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, failures


def _issue(inspector, department, clerk, i):
    return order_issue(
        actor=inspector,
        department=department,
        responsible=clerk,
        subject=f"督办事项{i}",
        requirement="限期办结",
    ).seq


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_get_distinct_consecutive_numbers(inspector, department, clerk):
    seqs, failures = run_at_once(WRITERS, lambda i: _issue(inspector, department, clerk, i))
    assert failures == []
    assert sorted(seqs) == list(range(1, WRITERS + 1))
    numbers = list(SupervisionOrder.objects.values_list("number", flat=True))
    assert len(set(numbers)) == WRITERS


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_issuers_in_two_bodies(inspector, department, clerk, other_body):
    """Each body counts on its own, also while both issue at once."""
    from sunshine.org.choices import DataScope
    from sunshine.org.tests.factories import DepartmentFactory, account_with_role

    other_department = DepartmentFactory(name="综治办", code="BODY-2-D1", parent=other_body)
    other_inspector = account_with_role("discipline_inspector", unit=other_body, username="insp2")
    other_clerk = account_with_role(
        "clerk", unit=other_department, scope=DataScope.OWN_DEPARTMENT, username="clerk2"
    )
    people = [(inspector, department, clerk), (other_inspector, other_department, other_clerk)]
    seqs, failures = run_at_once(8, lambda i: (i % 2, _issue(*people[i % 2], i)))
    assert failures == []
    for body in (0, 1):
        assert sorted(seq for b, seq in seqs if b == body) == [1, 2, 3, 4]


# SQLite: the test database is in memory with a shared cache, whose table locks fail at once
# instead of waiting; a real installation uses a file with IMMEDIATE transactions (settings).
# So this test runs the writers against a migrated scratch file, as `make run` would.
SQLITE_SCRIPT = """
import json, threading
from django.db import connection
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, UnitFactory, account_with_role
from sunshine.oversight.orders.services import order_issue

body = UnitFactory(name="示范县安全生产监督管理局", code="BODY-1")
department = DepartmentFactory(name="安监一股", code="BODY-1-D1", parent=body)
inspector = account_with_role("discipline_inspector", unit=body, username="inspector")
clerk = account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="clerk")
connection.close()
barrier = threading.Barrier(%(n)d)
seqs, failures = [], []

def run(i):
    try:
        barrier.wait()
        seqs.append(order_issue(actor=inspector, department=department, responsible=clerk,
                                subject=f"督办事项{i}", requirement="限期办结").seq)
    except Exception as error:
        failures.append(repr(error))
    finally:
        connection.close()

threads = [threading.Thread(target=run, args=(i,)) for i in range(%(n)d)]
[t.start() for t in threads]
[t.join() for t in threads]
print(json.dumps({"seqs": sorted(seqs), "failures": failures}))
"""


@pytest.mark.subprocess
def test_concurrent_issuers_on_a_sqlite_file(tmp_path, migrated_sqlite):
    import json
    import os
    import subprocess
    import sys

    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "DJANGO_SETTINGS_MODULE": "sunshine.settings",
        "SUNSHINE_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        "DEBUG": "1",
    }
    run = [sys.executable, "-m", "sunshine"]
    script = SQLITE_SCRIPT % {"n": WRITERS}
    result = subprocess.run(
        [*run, "shell", "-c", script], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["failures"] == []
    assert outcome["seqs"] == list(range(1, WRITERS + 1))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_verifications_at_once_one_wins(inspector, body, department, clerk):
    order = order_issue(
        actor=inspector, department=department, responsible=clerk, subject="s", requirement="r"
    )
    order = order_reply(
        actor=clerk, order=order, reason="r", progress="p", new_deadline=clock.now() + dt.timedelta(days=5)
    )
    # Two people of the issuing office (OVS-21): the issuer and another discipline inspector.
    actors = [inspector, account_with_role("discipline_inspector", unit=body, username="insp-2")]
    results, failures = run_at_once(
        2, lambda i: order_verify(actor=actors[i], order=order, accepted=True, note=str(i))
    )
    assert len(results) == 1
    assert len(failures) == 1
    assert isinstance(failures[0], Conflict)
    order.refresh_from_db()
    assert order.status == "verified"
    assert order.replies.get().verdict == "accepted"
