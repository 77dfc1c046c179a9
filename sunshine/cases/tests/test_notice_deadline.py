"""The one-time notice's correction deadline (CASE-105A, product default 20 working days) and the
end of a case whose correction period passed without the materials."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import notice_deadline, services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import NoticeLapse
from sunshine.cases.tests.test_services import open_task, register
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.core.errors import Conflict, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.core.system import system_actor
from sunshine.workdays import engine
from sunshine.workdays.services import special_day_add

pytestmark = pytest.mark.django_db
TZ = clock.LOCAL_TZ
GIVEN = dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday


@pytest.fixture(autouse=True)
def fresh_calendar():
    engine.clear()
    yield
    engine.clear()


@pytest.fixture
def correcting(clerk, department, legal_reviewer, inspector, leader):
    version = published(clerk, department, legal_reviewer, inspector, leader)
    with clock.as_of(GIVEN):
        case = register(clerk, version, received_at=GIVEN)
        missing = [m.pk for m in case.materials.filter(received_at__isnull=True)]
        services.task_complete(actor=clerk, task=open_task(case), choice="一次性告知补正", missing=missing)
    case.refresh_from_db()
    return case


def test_the_applicant_has_20_working_days_from_the_notice(correcting):
    """CASE-105A: 20 working days from 2 March 2026 (no holidays in March) is 30 March."""
    deadline = notice_deadline.correction_deadline(correcting.notice)
    assert deadline.due_date == dt.date(2026, 3, 30)
    assert deadline.unit == "workdays"


def test_the_deadline_skips_a_holiday_and_follows_the_setting(correcting, settings):
    with system_actor("test"):
        special_day_add(actor=None, date=dt.date(2026, 3, 10), kind="holiday", name="临时假日")
    assert notice_deadline.correction_deadline(correcting.notice).due_date == dt.date(2026, 3, 31)
    settings.SUNSHINE_CORRECTION_PERIOD_WORKDAYS = 5
    assert notice_deadline.correction_deadline(correcting.notice).due_date == dt.date(2026, 3, 9)


def test_the_case_cannot_be_ended_while_the_period_runs(clerk, correcting):
    with clock.as_of(dt.datetime(2026, 3, 30, 17, 0, tzinfo=TZ)), pytest.raises(RuleViolated) as early:
        notice_deadline.notice_lapse(actor=clerk, case=correcting)
    assert early.value.rule == "CASE-105A"
    correcting.refresh_from_db()
    assert correcting.status == CaseStatus.CORRECTING
    assert not NoticeLapse.objects.exists()


def test_a_lapsed_period_ends_the_case_as_not_accepted(clerk, inspector, correcting):
    """CASE-105A: after the deadline, the case ends (不予受理), its open steps are cancelled, audited."""
    with clock.as_of(dt.datetime(2026, 3, 31, 9, 0, tzinfo=TZ)):
        with pytest.raises(NotPermitted):
            notice_deadline.notice_lapse(actor=inspector, case=correcting)
        assert notice_deadline.may_lapse(correcting)
        lapse = notice_deadline.notice_lapse(actor=clerk, case=correcting, note="电话联系未果")
    correcting.refresh_from_db()
    assert correcting.status == CaseStatus.REFUSED
    assert correcting.closed_at is not None
    assert not correcting.tasks.filter(status=TaskStatus.OPEN).exists()
    assert correcting.tasks.filter(status=TaskStatus.CANCELLED).exists()
    assert lapse.due_at.astimezone(TZ).date() == dt.date(2026, 3, 30)
    record = AuditRecord.objects.get(action="cases.notice_lapse")
    assert record.object_id == str(correcting.pk)
    with pytest.raises(Conflict):
        notice_deadline.notice_lapse(actor=clerk, case=correcting)


def test_a_case_deemed_accepted_cannot_lapse(clerk, department, legal_reviewer, inspector, leader):
    """CASE-105: a notice later than 5 working days: the case counts as accepted and must be decided."""
    version = published(clerk, department, legal_reviewer, inspector, leader)
    with clock.as_of(GIVEN + dt.timedelta(days=20)):
        case = register(clerk, version, received_at=GIVEN)
        missing = [m.pk for m in case.materials.filter(received_at__isnull=True)]
        services.task_complete(actor=clerk, task=open_task(case), choice="一次性告知补正", missing=missing)
    case.refresh_from_db()
    assert case.deemed_accepted
    with clock.as_of(GIVEN + dt.timedelta(days=80)), pytest.raises(RuleViolated) as refused:
        notice_deadline.notice_lapse(actor=clerk, case=case)
    assert refused.value.rule == "CASE-105"
