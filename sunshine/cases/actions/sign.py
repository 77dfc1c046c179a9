"""加签 and 会签/或签 (issue #6 §3, ADR 0006, TASK-6/7).

加签: the owner of a step asks a person of their department, or a leader of the body, to sign it
too — **before** them (the owner cannot complete until that person has signed) or **after** them
(the owner completes; the flowchart waits, services.task_complete holds the completion, and the
last "after" signature completes the step in the engine: it moves on once, task_completed once).

会签/或签: a step marked ``sunshine:countersign="all|any"`` in the chart opens with its post's
holders as signers (sign_state.open_countersign); the handler may name others (the post's holders
or people of the case's department) before anyone signs. 会签 completes when all have signed, 或签
when one has (the others' requests are withdrawn). A disagreeing signature does not stop the step:
it is recorded and shown, and the combined opinions are the step's opinion. The signature that
completes a step followed by a gateway chooses the way out.

Every action locks the case then the step (cases.services._locked): two last signatures at the
same moment complete the step once, the second is told it is done (409)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases import pinned, services
from sunshine.cases.action_models import ActionKind
from sunshine.cases.actions import access, common, sign_state
from sunshine.cases.actions.delegate import _department_of
from sunshine.cases.actions.send_back import is_acceptance
from sunshine.cases.models import CaseTask
from sunshine.cases.signer_models import Signature, SignOpinion, SignPhase
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.flows.engine import executor
from sunshine.org.models import PostHolding


def co_signer_candidates(task: CaseTask, owner) -> list:
    """加签 (TASK-6): people of the owner's department and the body's leaders (holders of a post of
    the body itself), allowed to handle cases; the owner and those already asked left out."""
    leaders = PostHolding.objects.filter(
        post__unit_id=task.case.body_id, end_date__isnull=True, person__user__isnull=False
    ).values("person__user")
    asked = [s.signer_id for s in sign_state.pending(task)]
    users = get_user_model().objects.filter(is_active=True).filter(
        person__unit_id=_department_of(owner, task)
    ) | get_user_model().objects.filter(is_active=True, pk__in=leaders)
    users = users.exclude(pk__in=[owner.pk, *asked]).distinct().order_by("pk")
    return [u for u in users if common.may_work_on(u, task)]


def countersign_candidates(task: CaseTask) -> list:
    """会签/或签 signers (TASK-7): the step's post holders and the people of the case's department."""
    users = get_user_model().objects.filter(is_active=True, person__unit_id=task.case.department_id)
    people = {u.pk: u for u in users if common.may_work_on(u, task)}
    people.update({u.pk: u for u in sign_state.post_holders(task)})
    return [people[pk] for pk in sorted(people)]


@transaction.atomic
def signer_add(*, actor, task: CaseTask, signer, phase: str, note: str = "") -> Signature:
    """加签: ``phase`` "before" (前加签) or "after" (后加签)."""
    require_permission(actor, "cases.handle", task)
    case, task = services._locked(task)
    if sign_state.is_countersign(task):
        raise RuleViolated("countersign_step", _("会签（或签）环节不能加签"), rule="TASK-7")
    if sign_state.held(task) is not None:
        raise Conflict("awaiting_co_signers", _("该环节已办理，待后加签人签署，不能再加签"), rule="TASK-6")
    if not access.may_handle(actor, task):
        raise NotPermitted("not_your_task", _("只有该环节的办理人可以加签"))
    principal = access.acting_for(actor, task)
    owner = principal or actor
    if phase not in (SignPhase.BEFORE, SignPhase.AFTER):
        raise InvalidInput("phase_required", _("请选择前加签或后加签"), field="phase", rule="TASK-6")
    signer = common.account(signer, field="signer")
    note = common.reason(note, field="note", label=_("加签说明"), required=False)
    if is_acceptance(pinned.xml(case), task.element_id):
        raise RuleViolated("acceptance_step", _("受理审查环节不能加签"), field="phase", rule="TASK-6")
    if any(s.signer_id == signer.pk for s in sign_state.pending(task)):
        raise Conflict("already_asked", _("已向该人员加签，待其签署"), field="signer", rule="TASK-6")
    if signer.pk not in {u.pk for u in co_signer_candidates(task, owner)}:
        raise RuleViolated(
            "not_a_co_signer",
            _("只能加签本科室人员或本机关领导，“%(name)s”不是") % {"name": common.name_of(signer)},
            field="signer",
            rule="TASK-6",
        )
    signature = Signature.objects.create(
        task=task, signer=signer, phase=phase, requested_by=owner, note=note, created_by=actor
    )
    access.record(
        case=case,
        task=task,
        kind=ActionKind.ADD_SIGNER,
        actor=actor,
        on_behalf_of=principal,
        person=signer,
        reason=f"{signature.get_phase_display()}" + (f"：{note}" if note else ""),
    )
    return signature


@transaction.atomic
def countersign_set(*, actor, task: CaseTask, signers) -> list[Signature]:
    """The handler names the signers of a countersign step before anyone has signed (TASK-7)."""
    require_permission(actor, "cases.handle", task)
    case, task = services._locked(task)
    rows = list(Signature.objects.filter(task=task, phase__in=sign_state.COUNTERSIGN))
    if not rows:
        raise Conflict("not_countersign", _("该环节不是会签（或签）环节"))
    if not (access.holds(actor.pk, task) or access.acting_for(actor, task) is not None):
        raise NotPermitted("not_your_task", _("只有该环节岗位的人员可以指定签署人"))
    if any(r.signed_at for r in rows):
        raise Conflict("already_signing", _("已有人签署，不能再更改签署人"), rule="TASK-7")
    people = [common.account(s, field="signers") for s in signers]
    if not people:
        raise InvalidInput("signers_required", _("请至少选择一名签署人"), field="signers", rule="TASK-7")
    allowed = {u.pk for u in countersign_candidates(task)}
    if outside := [p for p in people if p.pk not in allowed]:
        raise RuleViolated(
            "not_a_signer",
            _("签署人须为该岗位或承办科室的人员，“%(name)s”不是") % {"name": common.name_of(outside[0])},
            field="signers",
            rule="TASK-7",
        )
    mode, now = rows[0].phase, clock.now()
    wanted = {p.pk: p for p in people}
    for row in rows:
        if row.is_pending and row.signer_id not in wanted:
            row.withdrawn_at = now
            row.save(update_fields=["withdrawn_at", "updated_at"])
    kept = {r.signer_id for r in rows if r.is_pending}
    for person in people:
        if person.pk not in kept:
            Signature.objects.create(
                task=task, signer=person, phase=mode, requested_by=actor, created_by=actor
            )
    access.record(
        case=case,
        task=task,
        kind=ActionKind.SET_SIGNERS,
        actor=actor,
        reason="、".join(common.name_of(p) for p in people),
    )
    return sign_state.pending(task)


@transaction.atomic
def signature_sign(*, actor, task: CaseTask, opinion: str, text: str = "", choice: str = "") -> Signature:
    """The signer's opinion (同意/不同意) and words. The signature that completes the step moves the
    flowchart on (后加签: the last "after" one; 会签: the last one; 或签: the first one)."""
    require_permission(actor, "cases.handle", task)
    case, task = services._locked(task)
    mine, principal = sign_state.signature_for(actor, sign_state.pending(task))  # 代理: for them
    if mine is None:
        if Signature.objects.filter(task=task, signer=actor, signed_at__isnull=False).exists():
            raise Conflict("already_signed", _("您已签署该环节"))
        raise NotPermitted("not_a_signer", _("该环节没有请您签署"))
    held = sign_state.held(task)
    if mine.phase == SignPhase.AFTER and held is None:
        raise Conflict("owner_not_done", _("后加签须待办理人办理后再签署"), rule="TASK-6")
    if opinion not in SignOpinion.values:
        raise InvalidInput("opinion_required", _("请选择同意或不同意"), field="opinion")
    mine.opinion = opinion
    mine.text = common.reason(text, field="text", label=_("意见内容"), required=False)
    others = [s for s in sign_state.pending(task, mine.phase) if s.pk != mine.pk]
    completes = (mine.phase == SignPhase.AFTER and not others) or mine.phase == SignPhase.ANY
    completes = completes or (mine.phase == SignPhase.ALL and not others)
    xml = pinned.xml(case)
    options = {o.label: o for o in executor.options_after(xml, task.element_id)}
    if completes and mine.phase in sign_state.COUNTERSIGN and options and choice not in options:
        raise InvalidInput(
            "choice_required",
            _("您的签署将办结该环节，请选择办理结果：%(options)s") % {"options": "、".join(options)},
            field="choice",
        )
    now = clock.now()
    mine.signed_at = now
    mine.version += 1
    mine.save()
    access.record(
        case=case,
        task=task,
        kind=ActionKind.SIGN,
        actor=actor,
        on_behalf_of=principal,
        person=mine.requested_by,
        reason=f"{mine.get_opinion_display()}" + (f"：{mine.text}" if mine.text else ""),
    )
    if completes:
        _complete(case, task, actor, mine, held, options, choice, now)
    return mine


def _complete(case, task, actor, mine, held, options, choice, now) -> None:
    """The step done in the engine once, by the signature that completes it."""
    before_case = services._snapshot(case)
    if mine.phase == SignPhase.AFTER:
        doer, opinion, choice = held.owner, held.opinion, held.choice
    else:
        for other in sign_state.pending(task, SignPhase.ANY):  # 或签: the others need not sign
            other.withdrawn_at = now
            other.save(update_fields=["withdrawn_at", "updated_at"])
        doer, opinion = actor, combined_opinion(task)
        choice = choice if options else ""
    data = dict(options[choice].data) if choice in options else {}
    services._finish(
        case,
        task,
        actor=actor,
        doer=doer,
        data=data,
        opinion=opinion,
        choice=choice,
        now=now,
        before_case=before_case,
    )
    services._send_signals(case, task, doer, before_case)


def combined_opinion(task: CaseTask) -> str:
    """会签/或签: every signature as one line, "name（同意）：words", in the order signed."""
    rows = Signature.objects.filter(task=task, signed_at__isnull=False).select_related("signer")
    return "\n".join(
        f"{common.name_of(s.signer)}（{s.get_opinion_display()}）" + (f"：{s.text}" if s.text else "")
        for s in rows.order_by("signed_at", "pk")
    )
