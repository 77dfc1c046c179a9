"""委派 and 收回 (TASK-3): the owner of a step asks a person of their department for an opinion.
While delegated the step waits: nobody completes it (access.may_handle). The delegate answers with
an opinion and the step is the owner's again to complete; until then the owner may take it back.
An answer and a take-back at the same moment: both lock the case, the second is told (Conflict)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases import services
from sunshine.cases.action_models import ActionKind, Delegation
from sunshine.cases.actions import access, common
from sunshine.cases.models import CaseTask
from sunshine.core import clock
from sunshine.core.errors import Conflict, NotPermitted, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.org.models import Person


def _department_of(user, task: CaseTask):
    person = Person.objects.filter(user=user).first()
    return person.unit_id if person is not None else task.case.department_id


def candidates(task: CaseTask, owner) -> list:
    """The people of the owner's department (the case's department if the owner has no person
    record) allowed to handle cases, the owner left out."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, person__unit_id=_department_of(owner, task))
        .exclude(pk=owner.pk)
        .order_by("pk")
    )
    return [u for u in users if common.may_work_on(u, task)]


@transaction.atomic
def task_delegate(*, actor, task: CaseTask, to_user, note: str = "") -> Delegation:
    case, task, principal = common.locked_for_owner(actor, task)
    owner = principal or actor  # a stand-in delegates for the person they stand in for
    to_user = common.account(to_user, field="to_user")
    note = common.reason(note, field="note", label=_("委派说明"), required=False)
    if to_user.pk not in {u.pk for u in candidates(task, owner)}:
        raise RuleViolated(
            "not_same_department",
            _("只能委派给本科室的人员，“%(name)s”不是") % {"name": common.name_of(to_user)},
            field="to_user",
            rule="TASK-3",
        )
    delegation = Delegation.objects.create(
        task=task, owner=owner, delegate=to_user, note=note, created_by=actor
    )
    access.record(
        case=case,
        task=task,
        kind=ActionKind.DELEGATE,
        actor=actor,
        on_behalf_of=principal,
        person=to_user,
        reason=note,
    )
    return delegation


def _locked_delegation(task: CaseTask):
    case, task = services._locked(task)
    delegation = access.open_delegation(task)
    if delegation is None:
        last = Delegation.objects.filter(task=task).order_by("-pk").first()
        if last is not None and last.replied_at is not None:
            raise Conflict("delegation_answered", _("受委派人已答复，不能再收回或答复"), rule="TASK-3")
        if last is not None and last.taken_back_at is not None:
            raise Conflict("delegation_taken_back", _("委派已被收回"), rule="TASK-3")
        raise Conflict("not_delegated", _("该环节没有待答复的委派"))
    return case, task, delegation


@transaction.atomic
def delegation_reply(*, actor, task: CaseTask, opinion: str = "") -> Delegation:
    """The delegate's opinion: the step returns to its owner."""
    require_permission(actor, "cases.handle", task)
    case, task, delegation = _locked_delegation(task)
    if delegation.delegate_id != actor.pk:
        raise NotPermitted("not_the_delegate", _("该环节不是委派给您的"))
    delegation.opinion = common.reason(opinion, field="opinion", label=_("委派意见"))
    delegation.replied_at = clock.now()
    delegation.version += 1
    delegation.save()
    access.record(
        case=case,
        task=task,
        kind=ActionKind.DELEGATE_REPLY,
        actor=actor,
        person=delegation.owner,
        reason=delegation.opinion,
    )
    return delegation


@transaction.atomic
def delegation_take_back(*, actor, task: CaseTask) -> Delegation:
    """收回: the owner (or their stand-in) takes the step back before the delegate has answered."""
    require_permission(actor, "cases.handle", task)
    case, task, delegation = _locked_delegation(task)
    principal = None
    if delegation.owner_id != actor.pk:
        if delegation.owner_id not in access.principals(actor):
            raise NotPermitted("not_the_owner", _("只有委派人可以收回"))
        principal = delegation.owner
    delegation.taken_back_at = clock.now()
    delegation.version += 1
    delegation.save()
    access.record(
        case=case,
        task=task,
        kind=ActionKind.TAKE_BACK,
        actor=actor,
        on_behalf_of=principal,
        person=delegation.delegate,
    )
    return delegation
