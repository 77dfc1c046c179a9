"""Carrying out an adopted decision (决策实施, DEC-226; 分解立项, EXE-3): each task is a supervision
order of the oversight app (numbered, with a responsible unit and person, a reply deadline in
working days and written progress replies, escalated when late), so that decisions' follow-up is
tracked where every other 督办 is, and linked back to the agenda item here."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core.audit import audit_record
from sunshine.core.errors import InvalidInput, RuleViolated
from sunshine.decisions import errors
from sunshine.decisions.choices import Outcome
from sunshine.decisions.models import AgendaItem, ImplementationTask
from sunshine.decisions.services._common import text
from sunshine.decisions.services.evaluation import refuse_stopped
from sunshine.oversight.choices import OrderSource
from sunshine.oversight.orders import services as order_services

ADOPTED = (Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES)


@transaction.atomic
def implementation_task_assign(
    *, actor, item: AgendaItem, department, responsible, requirement: str, reply_workdays: int = 5
) -> ImplementationTask:
    """Break an adopted decision into a task for a responsible unit and person with a deadline
    (DEC-226, EXE-3). The order's own rules apply (who may issue it, who may answer it)."""
    item = AgendaItem.objects.select_for_update().select_related("topic", "meeting").get(pk=item.pk)
    if item.outcome not in ADOPTED:
        raise RuleViolated(
            errors.WRONG_STATE, _("只有通过的决定才能分解落实任务"), field="item", rule="DEC-226"
        )
    refuse_stopped(item)
    if department is None or department.body_id != item.meeting.body_id:
        raise InvalidInput("not_found", _("请选择本单位的责任科室"), field="department")
    requirement = text(requirement, "requirement", _("请填写落实要求"), rule="DEC-226")
    order = order_services.order_issue(
        actor=actor,
        department=department,
        responsible=responsible,
        subject=_("落实决定：%(title)s") % {"title": item.topic.title},
        requirement=requirement,
        reply_workdays=reply_workdays,
        source=OrderSource.DECISION,
        source_ref=f"decisions.item:{item.pk}",
    )
    task = ImplementationTask.objects.create(item=item, order=order, created_by=actor)
    audit_record(actor=actor, action="decisions.implementation_task_assign", target=task)
    return task
