"""Anomaly alerts under real concurrent writers (PostgreSQL): two events or two suspension checks
at the same moment raise one alert, and neither fails its case step."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, transaction

from sunshine.cases import signals
from sunshine.cases.models import Case, Suspension
from sunshine.core import clock
from sunshine.oversight.choices import AlertKind
from sunshine.oversight.models import Alert
from sunshine.oversight.suspensions import check_suspensions

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def at_once(work, n=2) -> list:
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(work())
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return results


def test_two_changes_of_one_decision_at_once_raise_one_alert(fresh_case, leader):
    def change():
        with transaction.atomic():
            signals.decision_changed.send(
                sender=Case, case=fresh_case, actor=leader, decision=None, before={"a": 1}, after={"a": 2}
            )
            return True

    assert at_once(change) == [True, True]
    assert Alert.objects.filter(kind=AlertKind.DECISION_CHANGED, case=fresh_case).count() == 1


def test_two_suspension_checks_at_once_raise_one_alert(fresh_case):
    Suspension.objects.create(case=fresh_case, kind="hearing", started_at=clock.now() - dt.timedelta(days=40))
    assert sorted(at_once(check_suspensions)) == [0, 1]
    assert Alert.objects.filter(kind=AlertKind.SUSPENSION_OVERDUE).count() == 1
