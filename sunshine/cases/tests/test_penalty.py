"""A penalty case's stage clocks (cases.penalty): filing within 7 working days of discovery
(CASE-146), the case decided within 30 days of filing (CASE-157) with the principal leader's (90)
and the superior bureau's (180) extensions, suspensions (CAL-4), explanations across holidays and
adjusted working days, and the recomputation when the calendar changes."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import clocks, penalty, services
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.outcome import decisions
from sunshine.cases.tests.officers import prepare_step
from sunshine.cases.tests.test_services import register
from sunshine.catalog.choices import Category
from sunshine.catalog.models import DiscretionTier
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.core.system import system_actor
from sunshine.workdays import engine
from sunshine.workdays.services import special_day_add

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Special days added by a test are rolled back with it: forget them in the cache too."""
    engine.clear()
    yield
    engine.clear()


TZ = clock.LOCAL_TZ
RECEIVED = dt.datetime(2026, 3, 2, 10, 0, tzinfo=TZ)  # a Monday
FILED = dt.datetime(2026, 3, 10, 15, 0, tzinfo=TZ)


def at(y, m, d, h=12):
    return dt.datetime(y, m, d, h, 0, tzinfo=TZ)


def day(instant):
    return instant.astimezone(TZ).date()


@pytest.fixture
def penalty_version(clerk, department, legal_reviewer, inspector, leader):
    return published(
        clerk,
        department,
        legal_reviewer,
        inspector,
        leader,
        code="CF-001",
        name="对未按规定储存烟花爆竹的行政处罚",
        category=Category.PENALTY,
    )


def step(case, actor, when, choice=""):
    """Do the case's open step at ``when``."""
    task = case.tasks.get(status=TaskStatus.OPEN)
    with clock.as_of(when):
        extra = prepare_step(case, task, actor)  # 调查取证: two officers (CASE-147)
        services.task_complete(actor=actor, task=task, opinion="同意", choice=choice, **extra)
    case.refresh_from_db()
    return task


@pytest.fixture
def reported(clerk, penalty_version):
    with clock.as_of(RECEIVED):
        return register(
            clerk, penalty_version, subject="未按规定储存烟花爆竹", received=[], received_at=RECEIVED
        )


@pytest.fixture
def filed(clerk, reported):
    step(reported, clerk, FILED)
    return reported


def holiday(date, name="临时假日"):
    with system_actor("test"):
        special_day_add(actor=None, date=date, kind="holiday", name=name)


def test_the_filing_clock_runs_7_working_days_from_discovery(reported):
    """CASE-146: 7 working days from the report; the case is not running yet."""
    assert reported.status == CaseStatus.RECEIVED
    assert day(reported.due_at) == dt.date(2026, 3, 11)
    rows = penalty.stage_clocks(reported)
    assert [r.key for r in rows] == ["filing", "duration"]
    assert rows[0].state == "running"
    assert rows[0].rule == "CASE-146"
    assert rows[1].state == "pending"


def test_the_filing_clock_skips_holidays_and_counts_adjusted_working_days(clerk, penalty_version):
    """CASE-146 with CAL-1: two holidays (Wed, Thu) skipped, a 调休 Saturday counted: 12 March."""
    holiday(dt.date(2026, 3, 4))
    holiday(dt.date(2026, 3, 5))
    with system_actor("test"):
        special_day_add(actor=None, date=dt.date(2026, 3, 7), kind="workday", name="调休上班")
    with clock.as_of(RECEIVED):
        case = register(clerk, penalty_version, received=[], received_at=RECEIVED)
    assert day(case.due_at) == dt.date(2026, 3, 12)
    text = "\n".join(penalty.stage_clocks(case)[0].lines)
    assert "2026-03-04" in text
    assert "2026-03-07" in text


def test_filing_starts_the_case_and_its_30_day_duration(filed):
    """CASE-157: filing is the acceptance; 30 calendar days from the filing day: 9 April."""
    assert filed.status == CaseStatus.ACCEPTED
    assert filed.accepted_at == FILED
    assert day(filed.due_at) == dt.date(2026, 4, 9)
    assert clocks.case_clock(filed).due == filed.due_at
    rows = {r.key: r for r in penalty.stage_clocks(filed)}
    assert rows["filing"].state == "done"
    assert not rows["filing"].late
    assert rows["duration"].unit == "days"
    assert rows["duration"].amount == 30
    assert rows["investigation"].source == "flowchart"
    assert rows["investigation"].state == "running"
    assert AuditRecord.objects.filter(action="cases.penalty_clock", object_id=str(filed.pk)).exists()


def test_late_filing_is_shown_late(clerk, reported):
    """CASE-146: filed on the 8th working day: the filing stage is late."""
    step(reported, clerk, at(2026, 3, 12))
    filing = penalty.stage_clocks(reported)[0]
    assert filing.state == "done"
    assert filing.late


def test_a_duration_ending_on_a_holiday_rolls_to_the_next_working_day(filed):
    """CASE-157 with CAL-2: 9 April is made a holiday: the case is due on 10 April."""
    holiday(dt.date(2026, 4, 9))
    assert day(penalty.penalty_due(filed)) == dt.date(2026, 4, 10)
    assert "顺延" in "\n".join(clocks.case_clock(filed).lines())


def test_a_hearing_stops_the_duration(clerk, filed):
    """CAL-4 (DOMAIN product default 1): a hearing suspends the case; its days are not counted."""
    with clock.as_of(at(2026, 3, 20, 9)):
        suspension = clocks.case_suspend(actor=clerk, case=filed, kind="hearing", note="当事人申请听证")
    filed.refresh_from_db()
    assert filed.due_at is None
    with clock.as_of(at(2026, 3, 23, 9)):
        clocks.case_resume(actor=clerk, case=filed)
    filed.refresh_from_db()
    suspended = clocks.case_clock(filed).suspended_days
    assert suspended
    assert day(filed.due_at) == dt.date(2026, 4, 9) + dt.timedelta(days=len(suspended))
    assert suspension.kind == "hearing"


def test_extensions_by_the_principal_up_to_90_days_then_the_superior_up_to_180(clerk, leader, filed):
    """CASE-157: totals from filing; the principal leader up to 90, the municipal bureau up to 180."""
    with pytest.raises(NotPermitted):
        penalty.penalty_extend(actor=clerk, case=filed, total_days=60, authority="principal", reason="鉴定")
    penalty.penalty_extend(actor=leader, case=filed, total_days=60, authority="principal", reason="需鉴定")
    filed.refresh_from_db()
    assert day(filed.due_at) == dt.date(2026, 5, 9)  # a Saturday, but a 调休 working day in 2026
    with pytest.raises(RuleViolated) as over:
        penalty.penalty_extend(actor=leader, case=filed, total_days=91, authority="principal", reason="再延")
    assert over.value.rule == "CASE-157"
    assert over.value.field == "total_days"
    with pytest.raises(InvalidInput) as shorter:
        penalty.penalty_extend(actor=leader, case=filed, total_days=60, authority="principal", reason="再延")
    assert shorter.value.field == "total_days"
    with pytest.raises(InvalidInput) as no_document:
        penalty.penalty_extend(actor=leader, case=filed, total_days=120, authority="superior", reason="特殊")
    assert no_document.value.field == "document"
    with pytest.raises(RuleViolated):
        penalty.penalty_extend(
            actor=leader,
            case=filed,
            total_days=181,
            authority="superior",
            reason="特殊",
            document="郴安监〔2026〕1号",
        )
    penalty.penalty_extend(
        actor=leader,
        case=filed,
        total_days=180,
        authority="superior",
        reason="特殊",
        document="郴安监〔2026〕1号",
    )
    filed.refresh_from_db()
    assert penalty.duration_days(filed) == 180
    assert day(filed.due_at) == dt.date(2026, 9, 7)  # 6 September is a Sunday
    assert AuditRecord.objects.filter(action="cases.penalty_extend", object_id=str(filed.pk)).count() == 2
    duration = next(r for r in penalty.stage_clocks(filed) if r.key == "duration")
    assert [e.total_days for e in duration.extensions] == [60, 180]


def test_no_extension_before_filing_after_the_decision_or_of_the_permit_kind(clerk, leader, reported, filed):
    with pytest.raises(Conflict):
        clocks.case_extend(actor=leader, case=filed, amount=3, reason="许可式延期")
    for _n in range(2):  # investigation, legal review
        step(filed, clerk, at(2026, 3, 20))
    step(filed, clerk, at(2026, 3, 21), choice="否")  # notification, then not major → decision
    decide = filed.tasks.get(status=TaskStatus.OPEN)
    assert decide.element_id == "Task_decide"
    tier = DiscretionTier.objects.filter(benchmark__version=filed.power_version, grade="轻微").get()
    with clock.as_of(at(2026, 3, 22)):  # the deciding step is done with its decision (OUT-1)
        decisions.decision_record(
            actor=clerk,
            task=decide,
            kind="penalty",
            measure="fine",
            amount="3000",
            tier=tier,
            reasons="储存超量",
            legal_basis="条例第三十六条",
        )
    filed.refresh_from_db()
    assert filed.due_at is None  # decided: the duration has ended
    with pytest.raises(Conflict) as decided:
        penalty.penalty_extend(actor=leader, case=filed, total_days=60, authority="principal", reason="x")
    assert decided.value.code == "already_decided"


def test_extension_refused_before_filing(leader, clerk, penalty_version):
    with clock.as_of(RECEIVED):
        case = register(clerk, penalty_version, received=[], received_at=RECEIVED)
    with pytest.raises(Conflict) as refused:
        penalty.penalty_extend(actor=leader, case=case, total_days=60, authority="principal", reason="x")
    assert refused.value.code == "not_filed"


def test_a_calendar_edit_recomputes_the_filing_clock_with_audit(reported, django_capture_on_commit_callbacks):
    """A holiday added inside the filing period moves it one working day, audited as the system."""
    with system_actor("test"), django_capture_on_commit_callbacks(execute=True):
        special_day_add(actor=None, date=dt.date(2026, 3, 6), kind="holiday", name="临时调整")
    reported.refresh_from_db()
    assert day(reported.due_at) == dt.date(2026, 3, 12)
    record = AuditRecord.objects.get(
        action="cases.clock_recompute", object_type="cases.case", object_id=str(reported.pk)
    )
    assert record.actor is None


def test_a_calendar_edit_recomputes_the_running_duration(filed, django_capture_on_commit_callbacks):
    with clock.as_of(at(2026, 3, 25)), system_actor("test"), django_capture_on_commit_callbacks(execute=True):
        special_day_add(actor=None, date=dt.date(2026, 4, 9), kind="holiday", name="临时调整")
    filed.refresh_from_db()
    assert day(filed.due_at) == dt.date(2026, 4, 10)
    assert AuditRecord.objects.filter(action="cases.clock_recompute", object_id=str(filed.pk)).exists()


def test_permit_cases_have_no_stage_clocks(clerk, department, legal_reviewer, inspector, leader):
    version = published(clerk, department, legal_reviewer, inspector, leader)
    case = register(clerk, version)
    assert penalty.stage_clocks(case) == []
    assert case.due_at is None
