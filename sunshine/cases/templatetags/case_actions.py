"""What the case page's action hooks show (cases/_task_actions.html, _task_actions_log.html):
the actions the viewer may take on an open step, its delegation, the reason it was sent back, and
the case's action log. Reads only; the rules are cases.actions'."""

from __future__ import annotations

from django import template

from sunshine.cases.action_models import ActionKind, CaseCopy, TaskAction
from sunshine.cases.actions import access, send_back
from sunshine.core.permissions import has_permission

register = template.Library()


@register.simple_tag
def task_actions(task, user) -> dict:
    delegation = access.open_delegation(task)
    owner = has_permission(user, "cases.handle", task) and access.may_handle(user, task)
    sent_back = (
        TaskAction.objects.filter(kind=ActionKind.SEND_BACK, reopened=task).select_related("actor").first()
    )
    standing_for = access.acting_for(user, task) if owner else None
    return {
        "delegation": delegation,
        "may_reply": delegation is not None and delegation.delegate_id == user.pk,
        "may_take_back": delegation is not None
        and (delegation.owner_id == user.pk or delegation.owner_id in access.principals(user)),
        "may_act": owner,
        "may_send_back": owner and bool(send_back.targets(task)),
        "sent_back": sent_back,
        "standing_for": standing_for,
    }


@register.simple_tag
def case_action_log(case) -> list:
    return list(
        TaskAction.objects.filter(case=case)
        .select_related("task", "actor", "on_behalf_of", "person", "reopened")
        .order_by("created_at", "pk")
    )


@register.simple_tag
def my_copy(case, user):
    """The copy of ``case`` to ``user`` (抄送), if any."""
    return CaseCopy.objects.filter(case=case, reader=user).select_related("sent_by").first()
