"""Who may do a step (cases.services.may_handle): the post's holders and the assignee, as before;
nobody while the step is delegated (委派: it waits for the delegate's opinion or the owner's 收回);
and a stand-in (代理) of someone who may, during the stand-in's dates. Also the records of an act
done as a stand-in ("代理 for X"). Imports only models: cases.services imports this module."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q

from sunshine.cases.action_models import ActionKind, Delegation, StandIn, TaskAction
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.org.models import PostHolding


def holds(user_id: int, task) -> bool:
    """The person is the task's assignee, or holds its post now (a colleague of the same post); a
    step whose lane names no post of the body is open to those who may handle the case."""
    if task.assignee_id is not None and task.assignee_id == user_id:
        return True
    if task.post_id is None:
        return task.assignee_id is None
    return PostHolding.objects.filter(
        post_id=task.post_id, end_date__isnull=True, person__user_id=user_id
    ).exists()


def open_delegations():
    return Delegation.objects.filter(replied_at__isnull=True, taken_back_at__isnull=True)


def open_delegation(task) -> Delegation | None:
    if getattr(task, "flag_delegated", None) is False:  # read with the locked step (services._locked)
        return None
    return open_delegations().filter(task=task).first()


def stand_ins_for(actor):
    """The stand-ins (代理) in force today in which ``actor`` stands in for someone."""
    today = clock.today()
    return StandIn.objects.filter(
        stand_in=actor, starts_on__lte=today, ends_on__gte=today, revoked_at__isnull=True
    )


def principals(actor) -> list[int]:
    """The people ``actor`` stands in for today (代理), by account id."""
    return list(stand_ins_for(actor).values_list("person_id", flat=True))


def acting_for(actor, task):
    """The person ``actor`` does ``task`` for as their stand-in, or None when acting in their own
    right (or not at all)."""
    if actor is None or holds(actor.pk, task):
        return None
    for person_id in principals(actor):
        if holds(person_id, task):
            return get_user_model().objects.get(pk=person_id)
    return None


def may_handle(actor, task) -> bool:
    if actor is None or open_delegation(task) is not None:
        return False
    from sunshine.cases.actions.sign_state import blocks_owner  # it imports this module

    if blocks_owner(task):  # a countersign step, or done and waiting for co-signers (TASK-6/7)
        return False
    return holds(actor.pk, task) or acting_for(actor, task) is not None


def record(
    *, case, task, kind: str, actor, on_behalf_of=None, person=None, reopened=None, reason: str = ""
) -> TaskAction:
    """The action in the case's log and the audit trail (one transaction with the change)."""
    action = TaskAction.objects.create(
        case=case,
        task=task,
        kind=kind,
        actor=actor,
        on_behalf_of=on_behalf_of,
        person=person,
        reopened=reopened,
        reason=reason,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=f"cases.task_{kind}",
        target=task,
        extra={
            "case": case.pk,
            "on_behalf_of": getattr(on_behalf_of, "pk", None),
            "person": getattr(person, "pk", None),
            "reopened": getattr(reopened, "pk", None),
            "reason": reason,
        },
    )
    return action


def record_stand_in(*, case, task, actor, principal) -> None:
    """A step completed by a stand-in: "代理 for X" on the case page and in the audit."""
    record(case=case, task=task, kind=ActionKind.STAND_IN, actor=actor, on_behalf_of=principal)


def stand_in_parts(people: list[int]) -> list[Q]:
    """ "My tasks" of the people one stands in for today (cases.selectors.my_tasks), one filter per
    part: the steps assigned to each of them, and those waiting for each post they hold. Ids in
    hand, not subqueries: each part is read through its own index (issue #6)."""
    if not people:
        return []
    posts = PostHolding.objects.filter(person__user__in=people, end_date__isnull=True).values_list(
        "post_id", flat=True
    )
    return [
        *(Q(assignee=person) for person in sorted(set(people))),
        *(Q(assignee__isnull=True, post_id=post) for post in sorted(set(posts))),
    ]


def open_delegations_to(actor):
    """The delegations (委派) to ``actor`` awaiting their answer."""
    return Delegation.objects.filter(delegate=actor, replied_at__isnull=True, taken_back_at__isnull=True)
