"""Supervision orders (督办通知书, CASE-15..21): issue, reply, verify, close, escalate; each rule and
each refusal."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord, Notification
from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, account_with_role
from sunshine.oversight import services as oversight
from sunshine.oversight.choices import AlertLevel, OrderAction, OrderSource, OrderStatus, ReplyVerdict
from sunshine.oversight.models import SupervisionOrder
from sunshine.oversight.orders import selectors, services
from sunshine.oversight.orders.services import order_close, order_issue, order_reply, order_verify

pytestmark = pytest.mark.django_db


def red_alert(case):
    oversight.scan(notify_people=False)
    return case.alerts.get(level=AlertLevel.RED, task__isnull=False)


def issue(actor, department, responsible, **kwargs):
    fields = {"subject": "办件逾期未办结", "requirement": "请说明延误原因并限期办结"}
    return order_issue(actor=actor, department=department, responsible=responsible, **{**fields, **kwargs})


def later(days=10):
    return clock.now() + dt.timedelta(days=days)


# --- Issue -----------------------------------------------------------------------------------------


def test_issue_by_hand_numbers_per_body_and_year(inspector, department, clerk, body):
    """CASE-21: numbered uniformly per body and year, 'X督〔YYYY〕N号'."""
    first = issue(inspector, department, clerk)
    second = issue(inspector, department, clerk)
    year = clock.local(first.issued_at).year
    assert (first.seq, second.seq) == (1, 2)
    assert first.number == f"{body.short_name or body.name}督〔{year}〕1号"
    assert first.status == OrderStatus.ISSUED
    assert first.source == OrderSource.MANUAL
    assert first.body == body
    assert first.reply_due > first.issued_at
    assert first.events.get().action == OrderAction.ISSUE
    assert AuditRecord.objects.filter(action="oversight.order_issue", object_id=str(first.pk)).exists()
    assert Notification.objects.filter(recipient=clerk, link__contains=f"/orders/{first.pk}/").exists()


def test_numbers_are_separate_per_body(inspector, department, clerk, other_body):
    issue(inspector, department, clerk)
    other_department = DepartmentFactory(name="综治办", code="BODY-2-D1", parent=other_body)
    other_inspector = account_with_role("discipline_inspector", unit=other_body, username="insp2")
    other_clerk = account_with_role(
        "clerk", unit=other_department, scope=DataScope.OWN_DEPARTMENT, username="clerk2"
    )
    order = issue(other_inspector, other_department, other_clerk)
    assert order.seq == 1
    assert order.body == other_body


def test_numbers_restart_each_year(inspector, department, clerk):
    with clock.as_of(clock.now() - dt.timedelta(days=366)):
        last_year = issue(inspector, department, clerk)
        issue(inspector, department, clerk)
    order = issue(inspector, department, clerk)
    assert (last_year.seq, order.seq, order.year) == (1, 1, last_year.year + 1)


def test_reply_due_counts_working_days(inspector, department, clerk):
    """CAL-1: the reply deadline is the end of the N-th working day after the issue."""
    from sunshine.workdays.services import deadline_due

    order = issue(inspector, department, clerk, reply_workdays=3)
    assert order.reply_due == deadline_due(start=order.issued_at, amount=3, unit="workdays")


def test_issue_from_red_alert_takes_its_case_and_department(inspector, late_case, clerk):
    alert = red_alert(late_case)
    order = issue(inspector, None, clerk, alert=alert)
    assert order.source == OrderSource.ALERT
    assert (order.alert, order.case, order.department) == (alert, late_case, late_case.department)


def test_issue_from_a_case(inspector, late_case, clerk):
    order = issue(inspector, None, clerk, case=late_case)
    assert order.source == OrderSource.CASE
    assert order.department == late_case.department


def test_issue_as_follow_up_of_another_module(inspector, department, clerk):
    """ARCHITECTURE: oversight owns follow-up tasks; a decision names its record in source_ref."""
    order = issue(
        inspector, department, clerk, source=OrderSource.DECISION, source_ref="decisions.decision:7"
    )
    assert (order.source, order.source_ref) == (OrderSource.DECISION, "decisions.decision:7")


def test_issue_refuses_a_yellow_alert(inspector, clerk, permit):
    """CASE-17: a supervision order is for an overdue matter (a red alert)."""
    from sunshine.oversight.tests.conftest import open_task, register

    case = register(clerk, permit, received_at=clock.now() - dt.timedelta(days=5))
    task = open_task(case)
    task.due_at = clock.now() + dt.timedelta(hours=2)
    task.save(update_fields=["due_at"])
    oversight.scan(notify_people=False)
    yellow = case.alerts.get(level=AlertLevel.YELLOW)
    with pytest.raises(RuleViolated) as error:
        issue(inspector, None, clerk, alert=yellow)
    assert error.value.rule == "CASE-17"
    assert error.value.field == "alert"


def test_issue_refuses_a_second_live_order_for_one_alert(inspector, late_case, clerk):
    alert = red_alert(late_case)
    issue(inspector, None, clerk, alert=alert)
    with pytest.raises(Conflict) as error:
        issue(inspector, None, clerk, alert=alert)
    assert error.value.field == "alert"
    assert SupervisionOrder.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"requirement": ""}, "requirement"),
        ({"reply_workdays": 0}, "reply_workdays"),
        ({"reply_workdays": 31}, "reply_workdays"),
        ({"responsible": None}, "responsible"),
        ({"source": "alert"}, "source"),
        ({"source": "case"}, "source"),
        ({"source": "nonsense"}, "source"),
    ],
)
def test_issue_refuses_bad_input(inspector, department, clerk, changes, field):
    kwargs = {"responsible": clerk, **changes}
    responsible = kwargs.pop("responsible")
    with pytest.raises(InvalidInput) as error:
        issue(inspector, department, responsible, **kwargs)
    assert error.value.field == field
    assert not SupervisionOrder.objects.exists()


def test_issue_refuses_a_responsible_person_outside_the_department(inspector, department, body):
    elsewhere = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    stranger = account_with_role("clerk", unit=elsewhere, scope=DataScope.OWN_DEPARTMENT, username="c2")
    with pytest.raises(InvalidInput) as error:
        issue(inspector, department, stranger)
    assert error.value.field == "responsible"


def test_only_the_discipline_office_and_leaders_issue(clerk, leader, department):
    with pytest.raises(NotPermitted):
        issue(clerk, department, clerk)
    assert issue(leader, department, clerk).issued_by == leader


def test_issue_refuses_a_department_out_of_scope(inspector, clerk, other_body):
    other_department = DepartmentFactory(name="综治办", code="BODY-2-D1", parent=other_body)
    with pytest.raises(NotFound):
        issue(inspector, other_department, clerk)


# --- Reply, verify, close ---------------------------------------------------------------------------


def test_reply_in_writing(inspector, department, clerk):
    """CASE-17: the reason for the delay, the progress and a new completion deadline, in writing."""
    order = issue(inspector, department, clerk)
    deadline = later()
    order = order_reply(actor=clerk, order=order, reason="材料不全", progress="已补正", new_deadline=deadline)
    assert order.status == OrderStatus.REPLIED
    assert order.replied_at is not None
    reply = order.replies.get()
    assert (reply.reason, reply.progress, reply.new_deadline) == ("材料不全", "已补正", deadline)
    assert reply.verdict == ReplyVerdict.PENDING
    assert Notification.objects.filter(recipient=inspector, title__contains="已书面答复").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"reason": ""}, "reason"), ({"progress": " "}, "progress"), ({"new_deadline": None}, "new_deadline")],
)
def test_reply_refuses_missing_parts(inspector, department, clerk, changes, field):
    order = issue(inspector, department, clerk)
    values = {"reason": "原因", "progress": "进展", "new_deadline": later(), **changes}
    with pytest.raises(InvalidInput) as error:
        order_reply(actor=clerk, order=order, **values)
    assert error.value.field == field
    order.refresh_from_db()
    assert order.status == OrderStatus.ISSUED
    assert not order.replies.exists()


def test_reply_refuses_a_past_deadline(inspector, department, clerk):
    order = issue(inspector, department, clerk)
    with pytest.raises(InvalidInput) as error:
        order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=later(-1))
    assert error.value.field == "new_deadline"


def test_only_the_responsible_person_replies(inspector, department, clerk):
    colleague = account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT, username="c3")
    order = issue(inspector, department, clerk)
    for actor in (colleague, inspector):
        with pytest.raises(NotPermitted):
            order_reply(actor=actor, order=order, reason="r", progress="p", new_deadline=later())


def test_reply_refuses_a_stale_version_and_a_second_reply(inspector, department, clerk):
    order = issue(inspector, department, clerk)
    with pytest.raises(Conflict):
        order_reply(
            actor=clerk, order=order, reason="r", progress="p", new_deadline=later(), expected_version=9
        )
    order = order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=later())
    with pytest.raises(Conflict) as error:
        order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=later())
    assert error.value.code == "order_wrong_state"


def test_accepted_reply_verifies_then_the_order_closes(inspector, department, clerk):
    order = issue(inspector, department, clerk)
    deadline = later(20)
    order = order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=deadline)
    order = order_verify(actor=inspector, order=order, accepted=True, note="情况属实")
    assert order.status == OrderStatus.VERIFIED
    assert order.new_deadline == deadline
    assert order.replies.get().verdict == ReplyVerdict.ACCEPTED
    order = order_close(actor=inspector, order=order, note="已按期办结")
    assert order.status == OrderStatus.CLOSED
    assert order.closed_at is not None
    assert [e.action for e in order.events.all()] == ["issue", "reply", "accept", "close"]
    assert SupervisionOrder.objects.filter(pk=order.pk).exists()  # kept in the register (CASE-21)


def test_rejected_reply_goes_back_with_the_reason(inspector, department, clerk):
    order = issue(inspector, department, clerk)
    order = order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=later())
    with pytest.raises(InvalidInput) as error:
        order_verify(actor=inspector, order=order, accepted=False, note="")
    assert error.value.field == "note"
    with clock.as_of(clock.now() + dt.timedelta(days=3)):
        order = order_verify(actor=inspector, order=order, accepted=False, note="进展不实")
        assert order.status == OrderStatus.ISSUED
        assert order.reply_due > clock.now()
    assert order.replies.get().verdict == ReplyVerdict.REJECTED
    assert Notification.objects.filter(recipient=clerk, title__contains="未通过核实").exists()
    order = order_reply(actor=clerk, order=order, reason="r2", progress="p2", new_deadline=later())
    assert order.replies.count() == 2


def test_verify_and_close_refusals(inspector, department, clerk):
    order = issue(inspector, department, clerk)
    with pytest.raises(Conflict):
        order_verify(actor=inspector, order=order, accepted=True)
    with pytest.raises(Conflict):
        order_close(actor=inspector, order=order)
    order = order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=later())
    with pytest.raises(NotPermitted):
        order_verify(actor=clerk, order=order, accepted=True)
    with pytest.raises(Conflict):
        order_close(actor=inspector, order=order)  # not verified yet


def _replied(issuer, department, responsible):
    order = issue(issuer, department, responsible)
    return order_reply(actor=responsible, order=order, reason="r", progress="p", new_deadline=later())


def test_the_responsible_person_may_not_verify_or_close_their_own_reply(inspector, department, body):
    """OVS-21: a deputy leader holds oversight.order, but never checks the reply they wrote."""
    deputy = account_with_role("deputy_leader", unit=body, username="deputy", full_name="陈副局长")
    order = _replied(inspector, department, deputy)
    with pytest.raises(NotPermitted) as error:
        order_verify(actor=deputy, order=order, accepted=True, note="自己核实")
    assert error.value.code == "order_self_verify"
    assert error.value.rule == "OVS-21"
    assert "不能核实或办结本人答复" in str(error.value.message)
    order.refresh_from_db()
    assert order.status == OrderStatus.REPLIED
    assert order.replies.get().verdict == ReplyVerdict.PENDING
    assert not services.may_manage(deputy, order)
    order = order_verify(actor=inspector, order=order, accepted=True)
    with pytest.raises(NotPermitted) as error:
        order_close(actor=deputy, order=order)
    assert error.value.code == "order_self_verify"
    order.refresh_from_db()
    assert order.status == OrderStatus.VERIFIED


def test_only_the_issuing_office_verifies_and_closes(inspector, leader, department, clerk, body):
    """OVS-21: a leader holding oversight.order who did not issue the order may not verify it; the
    issuer may, and so may every discipline inspector of the body."""
    order = _replied(inspector, department, clerk)
    with pytest.raises(NotPermitted) as error:
        order_verify(actor=leader, order=order, accepted=True)
    assert error.value.code == "order_not_issuing_office"
    assert "纪检监察机构" in str(error.value.message)
    assert not services.may_manage(leader, order)
    assert services.issuing_office(order) == [inspector.pk]
    # Issued by the leader: the leader verifies, another inspector of the body closes.
    own = _replied(leader, department, clerk)
    assert services.may_manage(leader, own)
    own = order_verify(actor=leader, order=own, accepted=True, note="属实")
    colleague = account_with_role("discipline_inspector", unit=body, username="insp-b", full_name="钱纪检")
    own = order_close(actor=colleague, order=own, note="办结")
    assert own.status == OrderStatus.CLOSED
    assert [e.actor for e in own.events.order_by("at", "id")][-2:] == [leader, colleague]


# --- Escalation -------------------------------------------------------------------------------------


def test_overdue_reply_escalates_once(inspector, leader, department, clerk):
    """An issued order past its reply deadline is escalated to the leader and the discipline
    office, once: a second run changes nothing."""
    order = issue(inspector, department, clerk, reply_workdays=1)
    assert services.escalate_overdue() == 0
    later_on = order.reply_due + dt.timedelta(hours=1)
    with clock.as_of(later_on):
        assert services.escalate_overdue() == 1
        assert services.escalate_overdue() == 0
    order.refresh_from_db()
    assert order.escalated_at == later_on
    assert order.status == OrderStatus.ISSUED
    assert order.events.filter(action=OrderAction.ESCALATE).count() == 1
    assert Notification.objects.filter(recipient=leader, title__contains="督办逾期未答复").count() == 1
    assert Notification.objects.filter(recipient=inspector, title__contains="督办逾期未答复").count() == 1


def test_replied_orders_do_not_escalate(inspector, department, clerk):
    order = issue(inspector, department, clerk, reply_workdays=1)
    order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=later(30))
    with clock.as_of(order.reply_due + dt.timedelta(days=1)):
        assert services.escalate_overdue() == 0


def test_periodic_job_is_registered_and_idempotent(inspector, department, clerk):
    from sunshine.core.periodic import JOBS
    from sunshine.oversight.orders.tasks import orders_escalate

    assert "oversight.orders_escalate" in JOBS
    order = issue(inspector, department, clerk, reply_workdays=1)
    with clock.as_of(order.reply_due + dt.timedelta(minutes=1)):
        assert orders_escalate.call() == {"escalated": 1}
        assert orders_escalate.call() == {"escalated": 0}


# --- Reads ------------------------------------------------------------------------------------------


def test_register_filters_and_scope(inspector, department, clerk, other_body):
    first = issue(inspector, department, clerk, reply_workdays=1)
    issue(inspector, department, clerk)
    assert selectors.order_list(actor=inspector).count() == 2
    with clock.as_of(first.reply_due + dt.timedelta(hours=1)):
        assert list(selectors.order_list(actor=inspector, overdue=True)) == [first]
    assert selectors.order_list(actor=inspector, status=OrderStatus.CLOSED).count() == 0
    assert selectors.order_list(actor=inspector, year=first.year - 1).count() == 0
    outsider = account_with_role("discipline_inspector", unit=other_body, username="insp3")
    assert selectors.order_list(actor=outsider).count() == 0
    with pytest.raises(NotFound):
        selectors.order_get(actor=outsider, pk=first.pk)
    assert next(iter(selectors.my_orders(actor=clerk))).responsible == clerk
    assert selectors.order_get(actor=clerk, pk=first.pk) == first
    with pytest.raises(NotPermitted):
        selectors.order_list(actor=clerk)


def test_body_short_name_in_number(inspector, clerk, department, body):
    body.short_name = "示范县安监局"
    body.save(update_fields=["short_name"])
    department.refresh_from_db()
    order = issue(inspector, department, clerk)
    assert order.number.startswith("示范县安监局督〔")


# --- Calendar edits (CAL-6, issue #6 §2) ------------------------------------------------------------


def test_a_calendar_edit_moves_an_open_reply_deadline(
    inspector, department, clerk, django_capture_on_commit_callbacks
):
    """A holiday added inside the reply period moves the deadline a working day later, audited as
    the system with the change; a replied order keeps its deadline."""
    from sunshine.workdays.services import add_working_days
    from sunshine.workdays.tests.calendar_edits import add_holiday_within, day_of

    waiting = issue(inspector, department, clerk, reply_workdays=5)
    replied = issue(inspector, department, clerk, reply_workdays=5)
    replied = order_reply(actor=clerk, order=replied, reason="r", progress="p", new_deadline=later())
    before, replied_due = waiting.reply_due, replied.reply_due
    holiday = add_holiday_within(django_capture_on_commit_callbacks, waiting.issued_at)
    waiting.refresh_from_db()
    replied.refresh_from_db()
    assert day_of(waiting.reply_due) == add_working_days(date=day_of(before), n=1)
    assert replied.reply_due == replied_due
    record = AuditRecord.objects.get(action="oversight.order_clock_recompute", actor=None)
    assert record.object_id == str(waiting.pk)
    assert record.data["extra"]["calendar_change"] == [holiday.isoformat(), holiday.isoformat()]


def test_a_rejected_reply_recounts_from_the_rejection(
    inspector, department, clerk, django_capture_on_commit_callbacks
):
    """The period running after a rejected reply starts at the rejection, not at the issue."""
    from sunshine.workdays.services import deadline_due
    from sunshine.workdays.tests.calendar_edits import add_holiday_within

    order = issue(inspector, department, clerk, reply_workdays=5)
    order = order_reply(actor=clerk, order=order, reason="r", progress="p", new_deadline=later())
    with clock.as_of(clock.now() + dt.timedelta(days=3)):
        order = order_verify(actor=inspector, order=order, accepted=False, note="进展不实")
    assert order.reply_from > order.issued_at
    add_holiday_within(django_capture_on_commit_callbacks, order.reply_from)
    order.refresh_from_db()
    assert order.reply_due == deadline_due(start=order.reply_from, amount=5, unit="workdays")


def test_loading_a_provisional_year_corrects_the_reply_deadline(
    inspector, department, clerk, sysadmin, django_capture_on_commit_callbacks
):
    """CAL-6: an order issued in late December counts 2027 Monday to Friday; loading 2027 (1 January
    a holiday) moves its deadline a day later."""
    from sunshine.workdays.tests.calendar_edits import LATE_DECEMBER, day_of, load_2027

    with clock.as_of(LATE_DECEMBER):
        order = issue(inspector, department, clerk, reply_workdays=10)
    assert day_of(order.reply_due) == dt.date(2027, 1, 4)  # provisional: 1 January counted
    load_2027(django_capture_on_commit_callbacks, sysadmin)
    order.refresh_from_db()
    assert day_of(order.reply_due) == dt.date(2027, 1, 5)
    assert AuditRecord.objects.filter(action="oversight.order_clock_recompute", actor=None).count() == 1
