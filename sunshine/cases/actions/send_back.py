"""退回: send a case back from the step in hand to a step done before it on its path, with a
reason (ADR 0006). The flowchart goes back (flows.engine.executor.send_back); the steps after the
earlier one are marked sent back (TaskStatus.SENT_BACK, their records kept); the earlier step opens
again as a new step for its post, assigned to the person who did it if they still hold the post."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases import pinned, services
from sunshine.cases.action_models import ActionKind
from sunshine.cases.actions import access, common
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseTask, Decision
from sunshine.cases.outcome import rules as outcome_rules
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import Conflict, RuleViolated
from sunshine.flows.engine import executor


def is_acceptance(xml: str, element_id: str) -> bool:
    """The acceptance step (受理审查): its decision (accept, one-time notice, refuse) stands once made
    and has its own remedies (CASE-105/106), so it is neither sent back nor sent back to."""
    return any("acceptance" in o.data for o in executor.options_after(xml, element_id))


def targets(task: CaseTask, case: Case | None = None) -> list[CaseTask]:
    """The steps ``task`` may be sent back to, nearest first: done on the path that led to it,
    not the acceptance step, and, once the case is decided, none at or before the deciding step
    (the decision is changed only through outcome.decisions.decision_change, OUT-1)."""
    if case is None:
        case = Case.objects.select_related("power_version__flowchart").get(pk=task.case_id)
    if task.status != TaskStatus.OPEN or case.status in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        return []
    xml = pinned.xml(case)
    if is_acceptance(xml, task.element_id):
        return []
    try:
        earlier = executor.earlier_steps(xml, case.workflow_state, task.spiff_id)
    except executor.StepNotReady:
        return []
    done = {t.spiff_id: t for t in case.tasks.filter(status=TaskStatus.DONE)}
    decided = Decision.objects.filter(case=case).exists()
    found = []
    for tid, element_id in earlier:  # nearest first
        if decided and outcome_rules.is_decision_step(xml, element_id):
            break  # a decision stands: it is changed only through decision_change (OUT-1)
        if tid in done and not is_acceptance(xml, element_id):
            found.append(done[tid])
    return found


@transaction.atomic
def task_send_back(*, actor, task: CaseTask, to_task: CaseTask, reason: str = "") -> CaseTask:
    """Send ``task`` back to ``to_task``; returns the reopened step. Refused: the acceptance step, a
    finished case, a step not done on this one's path, no reason."""
    case, task, principal = common.locked_for_owner(actor, task)
    xml = pinned.xml(case)
    if case.status in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        raise Conflict("case_finished", _("办件已办结，不能退回"))
    if is_acceptance(xml, task.element_id):
        raise RuleViolated(
            "acceptance_not_sent_back", _("受理审查环节不能退回：补正请用一次性告知"), rule="TASK-1"
        )
    reason = common.reason(reason, label=_("退回理由"))
    allowed = {t.pk: t for t in targets(task, case)}
    if getattr(to_task, "pk", None) not in allowed:
        raise RuleViolated(
            "not_an_earlier_step",
            _("只能退回到本办件流程中已办理过的前序环节（受理审查和已作出决定的环节及其之前的环节除外）"),
            field="to_task",
            rule="TASK-1",
        )
    to_task = allowed[to_task.pk]
    try:
        progress, removed = executor.send_back(xml, case.workflow_state, task.spiff_id, to_task.spiff_id)
    except executor.StepNotReady:
        raise Conflict("task_not_ready", _("该环节当前不能办理（流程已变化），请刷新")) from None
    now = clock.now()
    # The steps in between, open or done, left the run: their records stay, marked sent back.
    live = [TaskStatus.OPEN, TaskStatus.DONE]
    undone = list(case.tasks.filter(status__in=live, spiff_id__in=removed | {task.spiff_id}))
    case.tasks.filter(pk__in=[t.pk for t in undone]).update(status=TaskStatus.SENT_BACK, updated_at=now)
    # The earlier step's record keeps its result; the engine reopens it under the same id, so the
    # old record's engine id is set aside (cases_task_once: one record per engine task).
    CaseTask.objects.filter(pk=to_task.pk).update(spiff_id=f"{to_task.spiff_id}~{to_task.pk}")
    before_case = services._snapshot(case)
    case.workflow_state = progress.state
    case.version += 1
    case.save()
    opened = services._open_tasks(case, progress.reached, now)
    reopened = next((t for t in opened if t.element_id == to_task.element_id), opened[0] if opened else None)
    if reopened is not None and to_task.completed_by_id and access.holds(to_task.completed_by_id, reopened):
        reopened.assignee_id = to_task.completed_by_id  # back to the person who did it
        reopened.save(update_fields=["assignee", "updated_at"])
    access.record(
        case=case,
        task=task,
        kind=ActionKind.SEND_BACK,
        actor=actor,
        on_behalf_of=principal,
        reopened=reopened,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="cases.case_update",
        target=case,
        before=before_case,
        after=services._snapshot(case),
        extra={"sent_back": [t.pk for t in undone]},
    )
    return reopened
