"""Task actions (issue #6 §3, ADR 0006): send back (TASK-1), transfer (TASK-2), delegate and take
back (TASK-3), stand-ins (CASE-13, TASK-4), each refused where the chart or the post does not allow
it, recorded in the case's action log and the audit."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases import services, signals
from sunshine.cases.action_models import ActionKind, TaskAction
from sunshine.cases.actions import delegate, send_back, stand_in, transfer
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import CaseTask
from sunshine.cases.tests.test_services import register
from sunshine.catalog.tests.factories import published
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def colleague(department, username, name, role="clerk", post=None):
    user = account_with_role(role, unit=department, scope="department", username=username, full_name=name)
    person = PersonFactory(unit=department, user=user, name=name)
    if post is not None:
        PostHoldingFactory(person=person, post=post, start_date="2024-01-01")
    return user


def open_task(case) -> CaseTask:
    return case.tasks.get(status=TaskStatus.OPEN)


@pytest.fixture
def at_site_check(clerk, permit):
    """A case accepted and reviewed (审查), waiting at 现场核查."""
    case = register(clerk, permit, received=["申请书", "营业执照复印件"])
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    services.task_complete(actor=clerk, task=open_task(case), opinion="符合条件")
    assert open_task(case).name == "现场核查"
    return case


# --- 退回 (TASK-1) --------------------------------------------------------------------------------


def test_send_back_reopens_the_earlier_step_for_its_doer(clerk, at_site_check):
    case = at_site_check
    task = open_task(case)
    review = case.tasks.get(name="审查")
    assert [t.name for t in send_back.targets(task)] == ["审查"]  # not the acceptance step
    completed = []
    signals.task_completed.connect(lambda **kw: completed.append(kw["task"]), weak=False, dispatch_uid="t")
    try:
        reopened = send_back.task_send_back(actor=clerk, task=task, to_task=review, reason="核查依据不足")
    finally:
        signals.task_completed.disconnect(dispatch_uid="t")
    assert completed == []  # a send-back completes no step
    task.refresh_from_db()
    review.refresh_from_db()
    assert task.status == TaskStatus.SENT_BACK
    assert review.status == TaskStatus.DONE
    assert review.opinion == "符合条件"
    assert (reopened.name, reopened.status, reopened.assignee) == ("审查", TaskStatus.OPEN, clerk)
    action = TaskAction.objects.get(kind=ActionKind.SEND_BACK)
    assert (action.task, action.reopened, action.reason) == (task, reopened, "核查依据不足")
    assert AuditRecord.objects.filter(action="cases.task_send_back", object_id=str(task.pk)).exists()
    # The flowchart runs on from the reopened step as before.
    services.task_complete(actor=clerk, task=reopened, opinion="补充依据后符合条件")
    assert open_task(case).name == "现场核查"
    assert case.tasks.filter(name="审查", status=TaskStatus.DONE).count() == 2


def test_send_back_refusals(clerk, permit, at_site_check):
    case = at_site_check
    task = open_task(case)
    acceptance = case.tasks.get(name="受理审查")
    with pytest.raises(RuleViolated) as refused:
        send_back.task_send_back(actor=clerk, task=task, to_task=acceptance, reason="x")
    assert refused.value.rule == "TASK-1"
    with pytest.raises(InvalidInput) as no_reason:
        send_back.task_send_back(actor=clerk, task=task, to_task=case.tasks.get(name="审查"), reason=" ")
    assert no_reason.value.field == "reason"
    other = register(clerk, permit)
    with pytest.raises(RuleViolated):  # the acceptance step itself is never sent back
        send_back.task_send_back(actor=clerk, task=open_task(other), to_task=acceptance, reason="x")
    assert send_back.targets(open_task(other)) == []
    assert open_task(case) == task  # nothing changed


def test_send_back_only_by_who_may_do_the_step(clerk, department, at_site_check):
    outsider = account_with_role("clerk", unit=department, username="o", full_name="外人")
    task = open_task(at_site_check)
    services.task_claim(actor=clerk, task=task)
    task.refresh_from_db()
    task.post = PostFactory(unit=department, name="承办岗")
    task.save()
    with pytest.raises(NotPermitted):
        send_back.task_send_back(
            actor=outsider, task=task, to_task=at_site_check.tasks.get(name="审查"), reason="x"
        )


# --- 转办 (TASK-2) --------------------------------------------------------------------------------


def test_transfer_to_a_holder_of_the_same_post_only(clerk, department, permit):
    window = PostFactory(unit=department, name="窗口受理岗")
    first = colleague(department, "w1", "窗口甲", post=window)
    second = colleague(department, "w2", "窗口乙", post=window)
    elsewhere = colleague(department, "w3", "科员丙")
    case = register(clerk, permit)
    task = open_task(case)
    services.task_claim(actor=first, task=task)
    with pytest.raises(RuleViolated) as refused:
        transfer.task_transfer(actor=first, task=task, to_user=elsewhere, reason="出差")
    assert refused.value.rule == "TASK-2"
    assert refused.value.field == "to_user"
    with pytest.raises(InvalidInput):
        transfer.task_transfer(actor=first, task=task, to_user=second, reason="")
    with pytest.raises(NotPermitted):
        transfer.task_transfer(actor=elsewhere, task=task, to_user=second, reason="x")
    transfer.task_transfer(actor=first, task=task, to_user=second, reason="出差")
    task.refresh_from_db()
    assert task.assignee == second
    action = TaskAction.objects.get(kind=ActionKind.TRANSFER)
    assert (action.actor, action.person, action.reason) == (first, second, "出差")
    services.task_complete(actor=second, task=task, choice="受理")


# --- 委派 / 收回 (TASK-3) ------------------------------------------------------------------------


def test_delegate_answer_and_the_owner_completes(clerk, department, body, permit):
    PersonFactory(unit=department, user=clerk, name="张承办")
    helper = colleague(department, "h1", "协办甲")
    outside = account_with_role("clerk", unit=body, scope="body", username="b1", full_name="局机关乙")
    PersonFactory(unit=body, user=outside, name="局机关乙")
    case = register(clerk, permit)
    task = open_task(case)
    with pytest.raises(RuleViolated) as refused:
        delegate.task_delegate(actor=clerk, task=task, to_user=outside)
    assert refused.value.rule == "TASK-3"
    delegate.task_delegate(actor=clerk, task=task, to_user=helper, note="请核对营业执照")
    # While delegated nobody completes the step, and the delegate cannot either.
    with pytest.raises(NotPermitted):
        services.task_complete(actor=clerk, task=task, choice="受理")
    with pytest.raises(NotPermitted):
        services.task_complete(actor=helper, task=task, choice="受理")
    with pytest.raises(NotPermitted):
        delegate.delegation_reply(actor=clerk, task=task, opinion="我自己答")
    delegate.delegation_reply(actor=helper, task=task, opinion="执照有效")
    with pytest.raises(Conflict):  # answered: no more take-back
        delegate.delegation_take_back(actor=clerk, task=task)
    services.task_complete(actor=clerk, task=task, choice="受理")
    kinds = list(TaskAction.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == [ActionKind.DELEGATE, ActionKind.DELEGATE_REPLY]


def test_take_back_before_the_answer(clerk, department, permit):
    PersonFactory(unit=department, user=clerk, name="张承办")
    helper = colleague(department, "h1", "协办甲")
    case = register(clerk, permit)
    task = open_task(case)
    delegate.task_delegate(actor=clerk, task=task, to_user=helper)
    with pytest.raises(NotPermitted):
        delegate.delegation_take_back(actor=helper, task=task)
    delegate.delegation_take_back(actor=clerk, task=task)
    with pytest.raises(Conflict):
        delegate.delegation_reply(actor=helper, task=task, opinion="晚了")
    services.task_complete(actor=clerk, task=task, choice="受理")


# --- 代理 (CASE-13, TASK-4) ----------------------------------------------------------------------


def test_a_stand_in_does_the_persons_steps_for_them(clerk, department, permit):
    window = PostFactory(unit=department, name="窗口受理岗")
    away = colleague(department, "w1", "窗口甲", post=window)
    backup = colleague(department, "w2", "后备乙")
    case = register(clerk, permit)
    task = open_task(case)
    assert task.assignee == away
    with pytest.raises(NotPermitted):
        services.task_complete(actor=backup, task=task, choice="受理")
    today = clock.today()
    stand_in.stand_in_name(
        actor=away, person=away, stand_in=backup, starts_on=today, ends_on=today, reason="休假"
    )
    assert services.may_handle(backup, task)
    services.task_complete(actor=backup, task=task, choice="受理")
    action = TaskAction.objects.get(kind=ActionKind.STAND_IN)
    assert (action.actor, action.on_behalf_of, action.task) == (backup, away, task)


def test_stand_in_refusals(clerk, department, inspector, permit):
    away = colleague(department, "w1", "窗口甲")
    backup = colleague(department, "w2", "后备乙")
    today = clock.today()
    with pytest.raises(NotPermitted):  # only the person or their leader names one
        stand_in.stand_in_name(
            actor=backup, person=away, stand_in=backup, starts_on=today, ends_on=today, reason="x"
        )
    with pytest.raises(InvalidInput):
        stand_in.stand_in_name(
            actor=away, person=away, stand_in=away, starts_on=today, ends_on=today, reason="x"
        )
    with pytest.raises(InvalidInput):
        stand_in.stand_in_name(
            actor=away,
            person=away,
            stand_in=backup,
            starts_on=today,
            ends_on=today - dt.timedelta(1),
            reason="x",
        )
    with pytest.raises(RuleViolated) as cannot:
        stand_in.stand_in_name(
            actor=away, person=away, stand_in=inspector, starts_on=today, ends_on=today, reason="x"
        )
    assert cannot.value.rule == "TASK-4"
    record = stand_in.stand_in_name(
        actor=away, person=away, stand_in=backup, starts_on=today, ends_on=today, reason="休假"
    )
    with pytest.raises(Conflict):
        stand_in.stand_in_name(
            actor=away, person=away, stand_in=backup, starts_on=today, ends_on=today, reason="again"
        )
    stand_in.stand_in_revoke(actor=away, stand_in=record)
    case = register(clerk, permit)
    task = open_task(case)
    task.assignee = away
    task.save()
    assert not services.may_handle(backup, task)  # revoked: no longer


def test_a_leader_names_a_stand_in(department, body):
    head = account_with_role(
        "section_head", unit=department, scope="department", username="sh", full_name="科长"
    )
    away = colleague(department, "w1", "窗口甲")
    backup = colleague(department, "w2", "后备乙")
    today = clock.today()
    record = stand_in.stand_in_name(
        actor=head,
        person=away,
        stand_in=backup,
        starts_on=today,
        ends_on=today + dt.timedelta(3),
        reason="培训",
    )
    assert record.created_by == head


# --- 抄送 (TASK-5) -------------------------------------------------------------------------------


def test_copy_gives_read_access_only(clerk, department, body, permit):
    from sunshine.cases import selectors
    from sunshine.cases.actions import copy
    from sunshine.core.errors import NotFound
    from sunshine.org.tests.factories import DepartmentFactory

    other_dept = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    reader = account_with_role(
        "clerk", unit=other_dept, scope="department", username="r1", full_name="读者甲"
    )
    PersonFactory(unit=other_dept, user=reader, name="读者甲")
    case = register(clerk, permit)
    task = open_task(case)
    with pytest.raises(NotFound):  # outside the reader's scope before the copy
        selectors.case_get(actor=reader, pk=case.pk)
    with pytest.raises(InvalidInput):
        copy.case_copy(actor=clerk, task=task, readers=[], note="")
    outsider = account_with_role("clerk", unit=other_dept, username="x1", full_name="无人员")
    with pytest.raises(RuleViolated) as refused:
        copy.case_copy(actor=clerk, task=task, readers=[outsider], note="")
    assert refused.value.rule == "TASK-5"
    copy.case_copy(actor=clerk, task=task, readers=[reader.pk], note="请知悉")
    copy.case_copy(actor=clerk, task=task, readers=[reader.pk], note="again")  # once per reader
    assert selectors.case_get(actor=reader, pk=case.pk) == case
    assert [c.read_at for c in copy.copies_for(reader)] == [None]
    with pytest.raises(NotFound):  # read access only: handling stays within the data scope (SEC-7)
        services.task_complete(actor=reader, task=task, choice="受理")
    copy.copy_mark_read(actor=reader, case=case)
    assert copy.copies_for(reader).get().read_at is not None
    assert TaskAction.objects.filter(kind=ActionKind.COPY, person=reader).count() == 1


def test_a_stand_ins_step_raises_no_done_without_post_anomaly(clerk, department, permit):
    """ANO-3 with the task actions merged in: a stand-in (TASK-4) doing the person's step is given
    it by a recorded action, so oversight raises nothing; someone given the step by hand is flagged."""
    from sunshine.oversight.choices import AlertKind
    from sunshine.oversight.models import Alert

    window = PostFactory(unit=department, name="窗口受理岗")
    away = colleague(department, "w1", "窗口甲", post=window)
    backup = colleague(department, "w2", "后备乙")
    today = clock.today()
    stand_in.stand_in_name(
        actor=away, person=away, stand_in=backup, starts_on=today, ends_on=today, reason="休假"
    )
    case = register(clerk, permit)
    services.task_complete(actor=backup, task=open_task(case), choice="受理")
    assert not Alert.objects.filter(case=case, kind=AlertKind.DONE_WITHOUT_POST).exists()

    other = register(clerk, permit)
    task = open_task(other)
    CaseTask.objects.filter(pk=task.pk).update(assignee=backup)  # by hand, no recorded action
    task.refresh_from_db()
    services.task_complete(actor=backup, task=task, choice="受理")
    assert Alert.objects.filter(case=other, kind=AlertKind.DONE_WITHOUT_POST).exists()


def test_a_decided_case_is_not_sent_back_before_its_decision(clerk, at_site_check):
    """TASK-1 with OUT-1: once the deciding step recorded its decision, neither it nor the steps
    before it are targets (the decision is changed only through decision_change)."""
    from sunshine.cases.outcome import decisions

    case = at_site_check
    services.task_complete(actor=clerk, task=open_task(case), opinion="核查属实")  # 现场核查
    services.task_complete(actor=clerk, task=open_task(case), choice="否")  # 审核
    decide = open_task(case)
    assert decide.name == "作出决定"
    assert "审核" in [t.name for t in send_back.targets(decide)]  # not decided yet
    decisions.decision_record(
        actor=clerk, task=decide, kind="approve", reasons="符合条件", legal_basis="《行政许可法》"
    )
    deliver = open_task(case)
    assert deliver.name == "送达"
    assert send_back.targets(deliver) == []
    review = case.tasks.get(name="审核")
    with pytest.raises(RuleViolated) as refused:
        send_back.task_send_back(actor=clerk, task=deliver, to_task=review, reason="重新审核")
    assert refused.value.rule == "TASK-1"
