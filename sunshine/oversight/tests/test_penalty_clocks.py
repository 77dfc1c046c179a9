"""The penalty limits reach the scan through Case.due_at (cases.penalty, ADR 0008): a case past its
filing limit (CASE-146) or its case duration (CASE-157) gets a red case alert, one within the
warning lead a yellow one; an approved extension moves the alert's due date on the next scan."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import penalty
from sunshine.cases.tests.test_penalty import FILED, filed, penalty_version, reported  # noqa: F401
from sunshine.core import clock
from sunshine.oversight import services
from sunshine.oversight.choices import AlertLevel, SubjectType
from sunshine.oversight.models import Alert

pytestmark = pytest.mark.django_db


def case_alerts(case):
    return Alert.objects.filter(case=case, subject_type=SubjectType.CASE)


def test_a_penalty_case_past_its_filing_limit_gets_a_red_alert(reported):  # noqa: F811
    """CASE-146: reported 2 March 2026, not filed by 11 March."""
    services.scan(now=dt.datetime(2026, 3, 12, 9, 0, tzinfo=clock.LOCAL_TZ), notify_people=False)
    alert = case_alerts(reported).get()
    assert alert.level == AlertLevel.RED
    assert alert.due_at == reported.due_at


def test_a_penalty_case_near_its_duration_gets_a_yellow_alert(filed):  # noqa: F811
    """CASE-157: due 9 April 2026; on 8 April it is within the 2-working-day lead."""
    services.scan(now=dt.datetime(2026, 4, 8, 9, 0, tzinfo=clock.LOCAL_TZ), notify_people=False)
    assert case_alerts(filed).get().level == AlertLevel.YELLOW


def test_an_extension_takes_the_case_out_of_the_red(leader, filed):  # noqa: F811
    when = dt.datetime(2026, 4, 10, 9, 0, tzinfo=clock.LOCAL_TZ)
    services.scan(now=when, notify_people=False)
    assert case_alerts(filed).filter(level=AlertLevel.RED).exists()
    with clock.as_of(when):
        penalty.penalty_extend(
            actor=leader, case=filed, total_days=60, authority="principal", reason="需鉴定"
        )
    filed.refresh_from_db()
    services.scan(now=when, notify_people=False)
    assert not case_alerts(filed).filter(level=AlertLevel.RED, due_at=filed.due_at).exists()
