"""转办: hand the step in hand to a colleague holding the same post (TASK-2); a step whose lane
names no post of the body goes to a person of the case's department. The reason is recorded."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases.action_models import ActionKind
from sunshine.cases.actions import access, common
from sunshine.cases.models import CaseTask
from sunshine.core.errors import RuleViolated


def candidates(task: CaseTask, *, exclude=()) -> list:
    """The people ``task`` may be transferred to: the post's holders now (with an account allowed to
    handle cases), or the department's people for a step without a post."""
    users = get_user_model().objects.filter(is_active=True, person__isnull=False)
    if task.post_id is not None:
        users = users.filter(person__holdings__post_id=task.post_id, person__holdings__end_date__isnull=True)
    else:
        users = users.filter(person__unit_id=task.case.department_id)
    users = users.exclude(pk__in=[u.pk for u in exclude if u is not None]).distinct().order_by("pk")
    return [u for u in users if common.may_work_on(u, task)]


@transaction.atomic
def task_transfer(*, actor, task: CaseTask, to_user, reason: str = "") -> CaseTask:
    case, task, principal = common.locked_for_owner(actor, task)
    to_user = common.account(to_user, field="to_user")
    reason = common.reason(reason, label=_("转办理由"))
    allowed = {u.pk for u in candidates(task, exclude=[actor, task.assignee])}
    if to_user.pk not in allowed:
        raise RuleViolated(
            "not_a_colleague",
            _("“%(name)s”不在该环节的岗位上，不能转办给他") % {"name": common.name_of(to_user)},
            field="to_user",
            rule="TASK-2",
        )
    task.assignee = to_user
    task.version += 1
    task.save(update_fields=["assignee", "version", "updated_at"])
    access.record(
        case=case,
        task=task,
        kind=ActionKind.TRANSFER,
        actor=actor,
        on_behalf_of=principal,
        person=to_user,
        reason=reason,
    )
    return task
