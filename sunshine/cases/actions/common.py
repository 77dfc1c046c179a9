"""What every task action does first: the case and the step locked (cases.locks order: case, then
task), the step still open, the actor allowed to act on it; and the people a step may go to."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

from sunshine.cases import services
from sunshine.cases.actions import access
from sunshine.catalog.services._inputs import text
from sunshine.core.errors import InvalidInput, NotPermitted
from sunshine.core.permissions import has_permission, require_permission


def locked_for_owner(actor, task):
    """(case, task, principal): the step locked and open, and the actor someone who may do it
    (principal: the person they stand in for, or None). Refused while the step is delegated."""
    require_permission(actor, "cases.handle", task)
    case, task = services._locked(task)
    if not access.may_handle(actor, task):
        if access.open_delegation(task) is not None:
            raise NotPermitted("task_delegated", _("该环节已委派他人，待其答复或收回后才能办理"))
        raise NotPermitted(
            "not_your_post", _("该环节由“%(lane)s”岗位办理，您不在该岗位") % {"lane": task.lane or task.name}
        )
    return case, task, access.acting_for(actor, task)


def reason(value, *, field: str = "reason", label=None, required: bool = True) -> str:
    return text(value, field=field, label=label or _("理由"), max_length=2000, required=required)


def account(value, *, field: str):
    """The account a form or request names, by id; a bad id is the field's error, not a 500."""
    if hasattr(value, "pk"):
        return value
    try:
        return get_user_model().objects.get(pk=int(value), is_active=True)
    except (TypeError, ValueError, get_user_model().DoesNotExist):
        raise InvalidInput("unknown_person", _("请选择人员"), field=field) from None


def may_work_on(user, task) -> bool:
    return has_permission(user, "cases.handle", task)


def name_of(user) -> str:
    return getattr(user, "full_name", "") or user.get_username()
