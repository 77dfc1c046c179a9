"""The rules of a penalty case's steps at their edges (cases.penalty_steps): two or more enforcement
officers investigate (CASE-147); before a major penalty the party is told of the right to a hearing
and has 5 days to ask, the decision waits for the period, the answer or the hearing (CASE-149); the
hearing is chaired by someone who did not investigate (CASE-150); 送达 needs its service record
(CASE-153); a back-filed case's 立案 step carries the rule's 5 working days (CASE-146)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.cases import penalty, penalty_steps, services
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Investigator
from sunshine.cases.outcome import decisions, delivery
from sunshine.cases.tests.officers import officers
from sunshine.cases.tests.test_penalty import RECEIVED, at, day, filed, penalty_version, reported, step  # noqa: F401
from sunshine.cases.tests.test_services import register
from sunshine.catalog.models import DiscretionTier
from sunshine.core import clock
from sunshine.core.errors import InvalidInput, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.models import Person
from sunshine.org.tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def amounts(settings):
    """较大数额 inside the test item's tier 严重 (3,000 to 10,000 yuan), to try both sides of it."""
    settings.SUNSHINE_HEARING_AMOUNTS = {"person": 2000, "organisation": 5000}
    settings.SUNSHINE_HEARING_REQUEST_DAYS = 5


def open_step(case):
    return case.tasks.get(status=TaskStatus.OPEN)


def complete(case, actor, when, **kwargs):
    task = open_step(case)
    with clock.as_of(when):
        services.task_complete(actor=actor, task=task, opinion="同意", **kwargs)
    case.refresh_from_db()
    return task


@pytest.fixture
def notified(clerk, filed):  # noqa: F811
    """Filed, investigated by two officers and legally reviewed: waiting at 告知权利及听证."""
    task = open_step(filed)
    complete(filed, clerk, at(2026, 3, 12), investigators=officers(filed, task, clerk))
    complete(filed, clerk, at(2026, 3, 13))  # 法制审核
    assert open_step(filed).element_id == "Task_notify"
    return filed


def notify(clerk, case, amount, method="direct"):
    return penalty_steps.hearing_notice_give(
        actor=clerk, case=case, measure="fine", amount=amount, method=method
    )


def to_decision_step(case, clerk, when):
    complete(case, clerk, when, choice="否")
    assert open_step(case).element_id == "Task_decide"


def decide(case, clerk, when, amount="4000", measure="fine"):
    tier = DiscretionTier.objects.filter(benchmark__version=case.power_version, grade="严重").get()
    with clock.as_of(when):
        return decisions.decision_record(
            actor=clerk,
            task=open_step(case),
            kind="penalty",
            measure=measure,
            amount=amount if measure == "fine" else None,
            measure_text="" if measure == "fine" else "责令停产停业整顿一个月",
            tier=tier,
            range_reason="" if measure == "fine" else "情节严重，依法责令停产停业",
            reasons="储存超量且拒不改正",
            legal_basis="条例第三十六条",
        )


# --- CASE-147 ---------------------------------------------------------------------------------------------


def test_an_investigation_needs_two_holders_of_the_enforcement_post_CASE_147(clerk, filed):  # noqa: F811
    task = open_step(filed)
    assert task.element_id == "Task_investigate"
    two = officers(filed, task, clerk)
    stranger = PersonFactory(unit=filed.department, name="外单位人员")
    for chosen, code in (([], "too_few_investigators"), (two[:1], "too_few_investigators")):
        with pytest.raises(RuleViolated) as error, clock.as_of(at(2026, 3, 12)):
            services.task_complete(actor=clerk, task=task, investigators=chosen)
        assert (error.value.code, error.value.field, error.value.rule) == (code, "investigators", "CASE-147")
        assert "两名以上执法人员" in str(error.value.message)
    with pytest.raises(RuleViolated) as error, clock.as_of(at(2026, 3, 12)):
        services.task_complete(actor=clerk, task=task, investigators=[two[0], stranger.pk])
    assert error.value.code == "not_enforcement_officer"
    assert "外单位人员" in str(error.value.message)
    assert not Investigator.objects.exists()  # refused: nothing recorded, the step still open
    complete(filed, clerk, at(2026, 3, 12), investigators=[*two, two[0]])  # a repeat counts once
    assert sorted(i.person_id for i in penalty_steps.investigators_of(filed)) == sorted(two)
    assert AuditRecord.objects.filter(action="cases.investigators").count() == 1


def test_investigators_are_refused_on_any_other_step(clerk, filed):  # noqa: F811
    task = open_step(filed)
    two = officers(filed, task, clerk)
    complete(filed, clerk, at(2026, 3, 12), investigators=two)
    with pytest.raises(InvalidInput) as error, clock.as_of(at(2026, 3, 13)):
        services.task_complete(actor=clerk, task=open_step(filed), investigators=two)
    assert error.value.field == "investigators"


# --- CASE-149 ---------------------------------------------------------------------------------------------


def test_the_party_has_five_days_to_ask_ending_on_a_working_day_CASE_149(clerk, notified):
    with clock.as_of(at(2026, 3, 23)):  # a Monday: 5 days on is Saturday 28th → Monday 30th (CAL-2)
        notice = penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="fine", amount="5000", method="direct"
        )
    assert day(notice.request_due) == dt.date(2026, 3, 30)
    assert AuditRecord.objects.filter(action="cases.hearing_notice").exists()
    with clock.as_of(at(2026, 3, 24)):
        row = next(r for r in penalty.stage_clocks(notified) if r.key == "hearing_request")
    assert (row.rule, row.amount, row.unit, row.state) == ("CASE-149", 5, "days", "running")
    assert row.lines  # explains itself
    keys = [r.key for r in penalty.stage_clocks(notified)]
    assert keys.index("notification") < keys.index("hearing_request")
    assert "legal_review" in keys  # 法制审核 listed with its chart limit (CASE-151)


def test_the_decision_waits_for_the_period_to_pass(clerk, notified):
    with clock.as_of(at(2026, 3, 23)):
        penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="fine", amount="5000", method="post"
        )
    to_decision_step(notified, clerk, at(2026, 3, 24))
    with pytest.raises(RuleViolated) as error:
        decide(notified, clerk, at(2026, 3, 30, 17))  # the last day of the period
    assert (error.value.code, error.value.rule) == ("hearing_period_running", "CASE-149")
    assert not hasattr(notified, "decision")
    decide(notified, clerk, at(2026, 3, 31, 9))  # the party did not ask: the period has passed
    notified.refresh_from_db()
    assert notified.decision.amount == Decimal("4000")


def test_a_waiver_lets_the_decision_be_made_at_once(clerk, notified):
    with clock.as_of(at(2026, 3, 23)):
        penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="fine", amount="6000", method="direct"
        )
    with clock.as_of(at(2026, 3, 24)):
        penalty_steps.hearing_answer(actor=clerk, case=notified, answer="waived", note="书面放弃")
    to_decision_step(notified, clerk, at(2026, 3, 24))
    decide(notified, clerk, at(2026, 3, 24, 15), amount="6000")
    assert AuditRecord.objects.filter(action="cases.hearing_answer").count() == 1


@pytest.mark.parametrize(
    ("amount", "measure", "refused"),
    [("4999.99", "fine", False), ("5000", "fine", True), (None, "suspend_business", True)],
)
def test_a_major_penalty_without_the_notice_is_refused_at_its_edge(clerk, notified, amount, measure, refused):
    to_decision_step(notified, clerk, at(2026, 3, 16))
    if not refused:
        decide(notified, clerk, at(2026, 3, 16, 15), amount=amount, measure=measure)
        return
    with pytest.raises(RuleViolated) as error:
        decide(notified, clerk, at(2026, 3, 16, 15), amount=amount, measure=measure)
    assert (error.value.code, error.value.rule) == ("hearing_notice_required", "CASE-149")
    assert "听证" in str(error.value.message)


def test_a_person_is_major_from_a_smaller_fine():
    assert penalty_steps.is_major_penalty("fine", Decimal("2000"), "person")
    assert not penalty_steps.is_major_penalty("fine", Decimal("2000"), "organisation")
    assert not penalty_steps.is_major_penalty("warning", None, "organisation")
    assert penalty_steps.is_major_penalty("revoke_licence", None, "person")


def test_a_major_case_leaves_the_notification_only_after_the_notice(clerk, notified):
    with pytest.raises(RuleViolated) as error, clock.as_of(at(2026, 3, 16)):
        services.task_complete(actor=clerk, task=open_step(notified), choice="是")
    assert (error.value.code, error.value.rule) == ("hearing_notice_required", "CASE-149")
    with clock.as_of(at(2026, 3, 16)):
        penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="revoke_licence", method="direct", measure_text="吊销许可证"
        )
    complete(notified, clerk, at(2026, 3, 16, 15), choice="是")
    assert open_step(notified).element_id == "Task_collective"


def test_bad_notice_input_is_refused_with_its_field(clerk, notified):
    with pytest.raises(InvalidInput) as error, clock.as_of(at(2026, 3, 16)):
        penalty_steps.hearing_notice_give(actor=clerk, case=notified, measure="fine", method="direct")
    assert error.value.field == "amount"
    with pytest.raises(InvalidInput) as error, clock.as_of(at(2026, 3, 16)):
        penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="fine", amount="1", method="pigeon"
        )
    assert error.value.field == "method"
    with pytest.raises(InvalidInput) as error, clock.as_of(at(2026, 3, 16)):
        penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="warning", method="direct", given_at=at(2026, 3, 17)
        )
    assert error.value.field == "given_at"


# --- CASE-150 ---------------------------------------------------------------------------------------------


@pytest.fixture
def requested(clerk, notified):
    with clock.as_of(at(2026, 3, 23)):
        penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="fine", amount="8000", method="direct"
        )
    with clock.as_of(at(2026, 3, 25)):
        penalty_steps.hearing_answer(actor=clerk, case=notified, answer="requested")
    return notified


HEARING = {
    "place": "局会议室",
    "attendees": "当事人、调查人员、记录员",
    "record": "当事人陈述",
    "opinion": "维持",
}


def test_a_request_after_the_period_is_refused(clerk, notified):
    with clock.as_of(at(2026, 3, 23)):
        penalty_steps.hearing_notice_give(
            actor=clerk, case=notified, measure="fine", amount="8000", method="direct"
        )
    with pytest.raises(RuleViolated) as error, clock.as_of(at(2026, 3, 31)):
        penalty_steps.hearing_answer(actor=clerk, case=notified, answer="requested")
    assert (error.value.code, error.value.rule, error.value.field) == (
        "request_too_late",
        "CASE-149",
        "answered_at",
    )


def test_the_decision_waits_for_the_hearing_whose_chair_did_not_investigate(clerk, requested):
    to_decision_step(requested, clerk, at(2026, 3, 25))
    with pytest.raises(RuleViolated) as error:
        decide(requested, clerk, at(2026, 4, 2), amount="8000")
    assert (error.value.code, error.value.rule) == ("hearing_not_held", "CASE-150")
    investigator = penalty_steps.investigators_of(requested)[0].person
    office = PersonFactory(unit=requested.body, name="办公室主任甲")
    outsider = PersonFactory(unit=UnitFactory(), name="外单位主持人")
    for chair, code in ((investigator, "chair_investigated"), (outsider, "chair_not_of_body")):
        with pytest.raises((RuleViolated, InvalidInput)) as error, clock.as_of(at(2026, 3, 27)):
            penalty_steps.hearing_record(actor=clerk, case=requested, chair=chair.pk, **HEARING)
        assert (error.value.code, error.value.field, error.value.rule) == (code, "chair", "CASE-150")
    assert investigator not in penalty_steps.chair_choices(requested)
    assert office in penalty_steps.chair_choices(requested)
    # the clerk did the investigation step: their own person may not chair either
    clerk_person = Person.objects.get(user=clerk)
    with pytest.raises(RuleViolated), clock.as_of(at(2026, 3, 27)):
        penalty_steps.hearing_record(actor=clerk, case=requested, chair=clerk_person.pk, **HEARING)
    with clock.as_of(at(2026, 3, 27)):
        hearing = penalty_steps.hearing_record(actor=clerk, case=requested, chair=office.pk, **HEARING)
    assert (hearing.chair, hearing.notice.case_id) == (office, requested.pk)
    assert AuditRecord.objects.filter(action="cases.hearing_record").count() == 1
    decide(requested, clerk, at(2026, 3, 27, 15), amount="8000")


# --- CASE-153 and CASE-146 ---------------------------------------------------------------------------------


def test_service_is_done_only_with_its_record_CASE_153(clerk, notified):
    to_decision_step(notified, clerk, at(2026, 3, 16))
    decide(notified, clerk, at(2026, 3, 16, 15))
    task = open_step(notified)
    assert task.element_id == "Task_deliver"
    with pytest.raises(RuleViolated) as error, clock.as_of(at(2026, 3, 17)):
        services.task_complete(actor=clerk, task=task)
    assert (error.value.code, error.value.rule) == ("delivery_required", "CASE-153")
    with clock.as_of(at(2026, 3, 17)):
        delivery.delivery_record(actor=clerk, case=notified, method="direct", recipient="法定代表人")
    complete(notified, clerk, at(2026, 3, 17, 15))
    assert open_step(notified).element_id == "Task_execute"


def test_a_back_filed_case_shows_the_rules_five_working_days_on_its_filing_step(clerk, penalty_version):  # noqa: F811
    with clock.as_of(RECEIVED):
        case = register(
            clerk,
            penalty_version,
            subject="异地执法发现违法储存",
            received=[],
            received_at=RECEIVED,
            pre_filing_reason="out_of_area",
            pre_filing_note="在邻县联合执法时发现",
        )
    task = open_step(case)
    assert (task.time_limit, task.time_unit) == (5, "working_days")
    assert day(task.due_at) == day(case.due_at) == dt.date(2026, 3, 9)  # Monday + 5 working days
    assert AuditRecord.objects.filter(action="cases.task_limit", object_id=str(task.pk)).exists()
