"""A case's clock: from acceptance in the power's unit, stopped while suspended (CASE-114), longer
by approved extensions within their caps (CASE-115/117), explained, and recomputed when the
working-day calendar changes."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import clocks, services
from sunshine.cases.tests.test_services import open_task, register
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.core.errors import Conflict, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.core.system import system_actor
from sunshine.workdays.services import add_working_days, special_day_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(clerk, department, legal_reviewer, inspector, leader):
    version = published(
        clerk, department, legal_reviewer, inspector, leader
    )  # promised 10, statutory 20 workdays
    case = register(
        clerk, version, received=["申请书", "营业执照复印件"], received_at=clock.now() - dt.timedelta(days=1)
    )
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    case.refresh_from_db()
    return case


def local_day(instant):
    return instant.astimezone(clock.LOCAL_TZ).date()


def test_the_clock_runs_from_acceptance_and_explains_itself(accepted):
    deadline = clocks.case_clock(accepted)
    assert deadline.due == accepted.due_at
    assert local_day(accepted.due_at) == add_working_days(date=local_day(accepted.accepted_at), n=10)
    text = "\n".join(deadline.lines())
    assert "起算" in text


def test_a_suspension_stops_the_clock_and_its_days_do_not_count(clerk, accepted):
    """CASE-114: the due date is gone while suspended, and later by the suspended working days."""
    before = accepted.due_at
    suspension = clocks.case_suspend(actor=clerk, case=accepted, kind="rectification", note="现场整改")
    accepted.refresh_from_db()
    assert accepted.due_at is None
    with pytest.raises(Conflict):
        clocks.case_suspend(actor=clerk, case=accepted, kind="test")
    # resume three days later
    suspension.started_at = clock.now() - dt.timedelta(days=3)
    suspension.save(update_fields=["started_at"])
    clocks.case_resume(actor=clerk, case=accepted)
    accepted.refresh_from_db()
    assert accepted.due_at > before
    assert AuditRecord.objects.filter(action="cases.case_resume", object_id=str(accepted.pk)).exists()


def test_extensions_need_the_principal_and_stay_within_their_caps(clerk, leader, accepted):
    with pytest.raises(NotPermitted):
        clocks.case_extend(actor=clerk, case=accepted, amount=3, reason="需专家论证")
    before = accepted.due_at
    clocks.case_extend(actor=leader, case=accepted, amount=6, reason="需专家论证")
    accepted.refresh_from_db()
    assert local_day(accepted.due_at) == add_working_days(date=local_day(before), n=6)
    with pytest.raises(RuleViolated) as refused:
        clocks.case_extend(actor=leader, case=accepted, amount=5, reason="再延")
    assert refused.value.rule == "CASE-115"


def test_an_extension_never_passes_the_statutory_limit(leader, accepted, settings):
    """CASE-117: promised 10 + extensions ≤ statutory 20 working days."""
    settings.SUNSHINE_CASE_MAX_EXTENSION = 15
    with pytest.raises(RuleViolated) as refused:
        clocks.case_extend(actor=leader, case=accepted, amount=11, reason="特殊情况")
    assert refused.value.rule == "CASE-117"
    assert refused.value.field == "amount"


def test_a_calendar_edit_moves_the_open_clocks_it_touches(accepted, django_capture_on_commit_callbacks):
    """An administrator adds a holiday inside the case's period: the due date moves one working day
    later, and the recomputation is audited."""
    before = accepted.due_at
    start = local_day(accepted.accepted_at)
    holiday = next(
        add_working_days(date=start, n=k)
        for k in range(2, 8)
        if add_working_days(date=start, n=k).weekday() < 5
    )
    with system_actor("test"), django_capture_on_commit_callbacks(execute=True):
        special_day_add(actor=None, date=holiday, kind="holiday", name="临时调整")
    accepted.refresh_from_db()
    assert local_day(accepted.due_at) == add_working_days(date=local_day(before), n=1)
    assert AuditRecord.objects.filter(action="cases.clock_recompute", object_id=str(accepted.pk)).exists()
