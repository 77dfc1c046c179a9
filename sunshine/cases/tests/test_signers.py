"""加签 (TASK-6) and 会签/或签 (TASK-7), ADR 0006: who may be asked, every refusal, the owner held
until "before" co-signers sign, the flowchart waiting for "after" co-signers and moving on exactly
once, countersign steps read from the chart, "my tasks" of a signer."""

from __future__ import annotations

import pytest

from sunshine.cases import selectors, services, signals
from sunshine.cases.action_models import ActionKind, TaskAction
from sunshine.cases.actions import delegate, sign, sign_state
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import CaseTask, HeldCompletion, Signature
from sunshine.cases.tests import test_actions
from sunshine.cases.tests.test_actions import colleague, open_task
from sunshine.cases.tests.test_services import register
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role

pytestmark = pytest.mark.django_db

permit, at_site_check = test_actions.permit, test_actions.at_site_check  # the same fixtures


@pytest.fixture
def completions():
    """Every task_completed signal, as (task name, actor username)."""
    seen = []

    def receiver(sender, case, task, actor, **kwargs):
        seen.append((task.name, actor.username))

    signals.task_completed.connect(receiver, weak=False)
    yield seen
    signals.task_completed.disconnect(receiver)


@pytest.fixture
def team(clerk, department, body):
    """The clerk and two colleagues of the department, a body leader, and one outsider."""
    PersonFactory(unit=department, user=clerk, name="张承办")
    leader = account_with_role("deputy_leader", unit=body, username="boss", full_name="王副局长")
    PostHoldingFactory(
        person=PersonFactory(unit=body, user=leader, name="王副局长"),
        post=PostFactory(unit=body, name="分管领导"),
        start_date="2024-01-01",
    )
    other_unit = PostFactory(unit__parent=body, unit__body=body).unit
    outsider = account_with_role(
        "clerk", unit=other_unit, scope="department", username="out", full_name="外科室"
    )
    PersonFactory(unit=other_unit, user=outsider, name="外科室")
    return {
        "a": colleague(department, "a1", "同事甲"),
        "b": colleague(department, "b1", "同事乙"),
        "leader": leader,
        "outsider": outsider,
    }


# --- 前加签 ---------------------------------------------------------------------------------------


def test_before_signer_signs_then_the_owner_completes(clerk, team, at_site_check, completions):
    _case, task = at_site_check, open_task(at_site_check)
    assert {u.username for u in sign.co_signer_candidates(task, clerk)} >= {"a1", "b1", "boss"}
    sign.signer_add(actor=clerk, task=task, signer=team["leader"], phase="before", note="请领导把关")
    with pytest.raises(RuleViolated) as refused:
        services.task_complete(actor=clerk, task=task, opinion="核查属实")
    assert refused.value.rule == "TASK-6"
    assert "王副局长" in str(refused.value.message)
    # The signer sees the request in "my tasks" though the step is not of their post.
    assert list(selectors.my_tasks(actor=team["leader"])) == [task]
    with pytest.raises(InvalidInput):
        sign.signature_sign(actor=team["leader"], task=task, opinion="maybe")
    sign.signature_sign(actor=team["leader"], task=task, opinion="agree", text="同意现场核查意见")
    assert list(selectors.my_tasks(actor=team["leader"])) == []
    with pytest.raises(Conflict):  # signed once
        sign.signature_sign(actor=team["leader"], task=task, opinion="agree")
    services.task_complete(actor=clerk, task=task, opinion="核查属实")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_by == clerk
    assert completions == [("现场核查", "clerk")]
    kinds = list(TaskAction.objects.filter(task=task).values_list("kind", flat=True))
    assert kinds == [ActionKind.ADD_SIGNER, ActionKind.SIGN]
    assert AuditRecord.objects.filter(action="cases.task_add_signer").exists()
    assert AuditRecord.objects.filter(action="cases.task_sign").exists()


def test_add_signer_refusals(clerk, team, permit, at_site_check):
    task = open_task(at_site_check)
    with pytest.raises(RuleViolated) as refused:  # another department
        sign.signer_add(actor=clerk, task=task, signer=team["outsider"], phase="before")
    assert refused.value.rule == "TASK-6"
    assert refused.value.field == "signer"
    with pytest.raises(InvalidInput) as refused:
        sign.signer_add(actor=clerk, task=task, signer=team["a"], phase="sideways")
    assert refused.value.field == "phase"
    with pytest.raises(InvalidInput):  # no such person: the field's error, not a 500
        sign.signer_add(actor=clerk, task=task, signer="x", phase="before")
    with pytest.raises(NotFound):  # only who may do the step adds a co-signer; out of scope (SEC-7)
        sign.signer_add(actor=team["outsider"], task=task, signer=team["a"], phase="before")
    sign.signer_add(actor=clerk, task=task, signer=team["a"], phase="before")
    with pytest.raises(Conflict):  # asked already
        sign.signer_add(actor=clerk, task=task, signer=team["a"], phase="after")
    with pytest.raises(NotPermitted):  # a signer cannot sign what is not asked of them
        sign.signature_sign(actor=team["b"], task=task, opinion="agree")
    # The acceptance step: its decision has its own remedies, no co-signer.
    fresh = register(clerk, permit)
    with pytest.raises(RuleViolated) as refused:
        sign.signer_add(actor=clerk, task=open_task(fresh), signer=team["a"], phase="after")
    assert refused.value.rule == "TASK-6"
    # A delegated step waits for the delegate: nor co-signers meanwhile.
    other = at_site_check.tasks.get(pk=task.pk)
    sign.signature_sign(actor=team["a"], task=other, opinion="agree")
    delegate.task_delegate(actor=clerk, task=other, to_user=team["b"])
    with pytest.raises(NotPermitted):
        sign.signer_add(actor=clerk, task=other, signer=team["leader"], phase="before")


# --- 后加签 ---------------------------------------------------------------------------------------


def test_after_signers_the_flow_waits_and_moves_on_once(clerk, team, at_site_check, completions):
    case, task = at_site_check, open_task(at_site_check)
    completions.clear()
    sign.signer_add(actor=clerk, task=task, signer=team["a"], phase="after")
    sign.signer_add(actor=clerk, task=task, signer=team["leader"], phase="after")
    with pytest.raises(Conflict) as early:  # the owner first
        sign.signature_sign(actor=team["a"], task=task, opinion="agree")
    assert early.value.rule == "TASK-6"
    services.task_complete(actor=clerk, task=task, opinion="现场与材料一致")
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN
    assert completions == []
    assert HeldCompletion.objects.get(task=task).opinion == "现场与材料一致"
    assert [t.name for t in case.tasks.filter(status=TaskStatus.OPEN)] == ["现场核查"]
    with pytest.raises(Conflict):  # done already: not again, nor a new co-signer
        services.task_complete(actor=clerk, task=task, opinion="再办一次")
    with pytest.raises(Conflict):
        sign.signer_add(actor=clerk, task=task, signer=team["b"], phase="after")
    assert not services.may_handle(clerk, task)
    sign.signature_sign(actor=team["a"], task=task, opinion="disagree", text="建议复核消防通道")
    assert completions == []
    assert open_task(case).pk == task.pk
    sign.signature_sign(actor=team["leader"], task=task, opinion="agree")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.completed_by == clerk
    assert task.opinion == "现场与材料一致"
    assert completions == [("现场核查", "clerk")]  # exactly once
    assert open_task(case).name == "审核"
    with pytest.raises(Conflict):  # the step is done: a late signature is told so
        sign.signature_sign(actor=team["leader"], task=task, opinion="agree")


# --- 会签 / 或签 ----------------------------------------------------------------------------------


def countersign_chart(version, element_id: str, mode: str) -> None:
    """Mark one step of the version's chart as a countersign step (a chart made in the test)."""
    flowchart = version.flowchart
    marker = f'id="{element_id}" '
    assert marker in flowchart.xml
    flowchart.xml = flowchart.xml.replace(marker, f'{marker}sunshine:countersign="{mode}" ', 1)
    flowchart.save(update_fields=["xml"])


@pytest.fixture
def handlers(department, team):
    """The post 承办岗 of the chart's handling lane, held by the two colleagues."""
    post = PostFactory(unit=department, name="承办岗")
    for user in (team["a"], team["b"]):
        PostHoldingFactory(person=user.person, post=post, start_date="2024-01-01")
    return post


def reach(clerk, version, step: str, holder):
    """A case at ``step``; the steps of 承办岗 before it done by ``holder``."""
    case = register(clerk, version, received=["申请书", "营业执照复印件"])
    services.task_complete(actor=clerk, task=open_task(case), choice="受理")
    while (task := case.tasks.filter(status=TaskStatus.OPEN).first()).name != step:
        services.task_complete(actor=holder if task.post_id else clerk, task=task, opinion="同意")
    return case, task


def test_countersign_all_completes_when_everyone_has_signed(clerk, team, handlers, permit, completions):
    countersign_chart(permit, "Task_onsite", "all")
    case, task = reach(clerk, permit, "现场核查", team["a"])
    assert {s.signer.username for s in sign_state.pending(task)} == {"a1", "b1"}
    assert task in selectors.my_tasks(actor=team["a"])
    with pytest.raises(RuleViolated) as refused:  # signed, not handled
        services.task_complete(actor=team["a"], task=task, opinion="同意")
    assert refused.value.rule == "TASK-7"
    with pytest.raises(RuleViolated):
        sign.signer_add(actor=team["a"], task=task, signer=team["leader"], phase="before")
    completions.clear()
    sign.signature_sign(actor=team["a"], task=task, opinion="agree", text="现场符合")
    assert completions == []
    assert open_task(case).pk == task.pk
    sign.signature_sign(actor=team["b"], task=task, opinion="disagree", text="仓储距离不足")
    task.refresh_from_db()
    # A disagreement does not stop the step: it is recorded in the combined opinion.
    assert task.status == TaskStatus.DONE
    assert task.completed_by == team["b"]
    assert task.opinion == "同事甲（同意）：现场符合\n同事乙（不同意）：仓储距离不足"
    assert completions == [("现场核查", "b1")]
    assert open_task(case).name == "审核"


def test_countersign_any_with_a_choice_and_named_signers(
    clerk, department, team, handlers, permit, completions
):
    countersign_chart(permit, "Task_check", "any")  # 审核 is followed by the gateway 重大事项？
    reviewers = PostFactory(unit=department, name="审核岗（科室负责人）")
    for user in (team["a"], team["b"]):
        PostHoldingFactory(person=user.person, post=reviewers, start_date="2024-01-01")
    _case, task = reach(clerk, permit, "审核", team["a"])
    # The handler names the signers before anyone signs: the post's holders or the department.
    with pytest.raises(RuleViolated) as refused:
        sign.countersign_set(actor=team["a"], task=task, signers=[team["outsider"].pk])
    assert refused.value.rule == "TASK-7"
    with pytest.raises(InvalidInput):
        sign.countersign_set(actor=team["a"], task=task, signers=[])
    with pytest.raises(NotPermitted):
        sign.countersign_set(actor=team["leader"], task=task, signers=[team["a"].pk])
    sign.countersign_set(actor=team["a"], task=task, signers=[team["a"].pk, clerk.pk])
    assert {s.signer.username for s in sign_state.pending(task)} == {"a1", "clerk"}
    with pytest.raises(NotPermitted):  # withdrawn
        sign.signature_sign(actor=team["b"], task=task, opinion="agree")
    with pytest.raises(InvalidInput) as refused:  # this signature completes: choose the way out
        sign.signature_sign(actor=clerk, task=task, opinion="agree")
    assert refused.value.field == "choice"
    completions.clear()
    sign.signature_sign(actor=clerk, task=task, opinion="agree", text="材料齐全", choice="否")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert task.choice == "否"
    assert completions == [("审核", "clerk")]
    assert not sign_state.pending(task)  # the other request withdrawn
    with pytest.raises(Conflict):
        sign.signature_sign(actor=team["a"], task=task, opinion="agree")
    with pytest.raises(Conflict):
        sign.countersign_set(actor=team["a"], task=task, signers=[team["a"].pk])
    assert Signature.objects.filter(task=task, withdrawn_at__isnull=False).count() == 2


def test_countersign_set_refused_once_someone_signed(clerk, team, handlers, permit):
    countersign_chart(permit, "Task_onsite", "all")
    _case, task = reach(clerk, permit, "现场核查", team["a"])
    sign.signature_sign(actor=team["a"], task=task, opinion="agree")
    with pytest.raises(Conflict) as refused:
        sign.countersign_set(actor=team["b"], task=task, signers=[team["b"].pk])
    assert refused.value.rule == "TASK-7"
    assert CaseTask.objects.get(pk=task.pk).status == TaskStatus.OPEN


def test_a_plain_step_has_no_countersign(clerk, permit, at_site_check):
    assert sign_state.countersign_mode(at_site_check, "Task_onsite") is None
    with pytest.raises(Conflict):
        sign.countersign_set(actor=clerk, task=open_task(at_site_check), signers=[clerk.pk])


# --- 代理 of a signer ----------------------------------------------------------------------------


def test_a_stand_in_signs_for_the_person_away_and_sees_it_in_my_tasks(clerk, team, at_site_check):
    """TASK-4 with TASK-6: a co-signer on leave is signed for by their stand-in, recorded as such."""
    from sunshine.cases.actions import stand_in
    from sunshine.core import clock

    task = open_task(at_site_check)
    away, backup = team["a"], team["b"]
    sign.signer_add(actor=clerk, task=task, signer=away, phase="before")
    with pytest.raises(NotPermitted):  # not yet their stand-in
        sign.signature_sign(actor=backup, task=task, opinion="agree")
    assert task not in selectors.my_tasks(actor=backup)
    today = clock.today()
    stand_in.stand_in_name(
        actor=away, person=away, stand_in=backup, starts_on=today, ends_on=today, reason="休假"
    )
    assert task in selectors.my_tasks(actor=backup)
    signature = sign.signature_sign(actor=backup, task=task, opinion="agree", text="代为签署")
    assert (signature.signer, signature.signed_at is not None) == (away, True)
    action = TaskAction.objects.filter(kind=ActionKind.SIGN).latest("pk")
    assert (action.actor, action.on_behalf_of) == (backup, away)
    services.task_complete(actor=clerk, task=task, opinion="核查属实")  # the owner may go on
