"""The clocks of a penalty case (行政处罚案件时限, issue #6 §2; docs/decisions/0008-penalty-clocks.md).

A case is a penalty case when its pinned power version is of the category 行政处罚. Its stages are
marked by the steps of the flowchart (the built-in penalty template's element ids, or the step's
name for a chart drawn by hand):

* 立案 (filing, CASE-146): from the day the matter was discovered or the report received (the case's
  receipt) until the filing step is done, within 7 working days. Filing is the penalty case's
  acceptance: the case then runs (status 办理中, ``accepted_at`` = filing time). A case marked at
  registration as investigated before filing (先行调查取证: out-of-area enforcement or a matter needing
  immediate action, ``PreFiling``) must have its 立案审批表 backfilled within 5 working days instead.
* 办案期限 (case duration, CASE-157): from filing until the decision step is done, within 30 calendar
  days; the principal leader may approve in writing up to 90 days in all, the superior (municipal)
  bureau up to 180 days in all. Suspensions (hearing, tests, expert review) stop it (CAL-4).
* 调查取证, 告知及听证, 集体讨论, 处罚决定, 结案 (CASE-147/148/150/152/155): the seeds give no limit;
  each runs on its step's flowchart limit (CaseTask.due_at) and is listed with its explanation.

``Case.due_at`` of a penalty case is the due date of the running rule stage (filing, then the case
duration), so the oversight scan watches it unchanged; cases.clocks.case_due dispatches here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases import pinned
from sunshine.cases.choices import BPMN_UNITS, CaseStatus, PenaltyAuthority, PreFilingReason, TaskStatus
from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, CaseTask, PenaltyExtension, PreFiling, Suspension
from sunshine.catalog.choices import Category
from sunshine.catalog.services._inputs import choice, text
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.compiled import CompiledQuery
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.core.system import system_actor
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import Deadline, deadline_due, deadline_explain

FILING_LIMIT = 7  # CASE-146: working days from discovery or receipt of the report
BACKFILL_LIMIT = 5  # CASE-146: working days to backfill the 立案审批表 after investigating first
DURATION_DAYS = 30  # CASE-157: calendar days from filing ("30日", unit unclear: calendar by default)
PRINCIPAL_CAP = 90  # CASE-157: in all, with the principal leader's written approval
SUPERIOR_CAP = 180  # CASE-157: in all, with the municipal bureau's approval
CAPS = {PenaltyAuthority.PRINCIPAL: PRINCIPAL_CAP, PenaltyAuthority.SUPERIOR: SUPERIOR_CAP}

# Steps marking the stages: the built-in template's element ids, or the step's name.
FILING_STEP = ({"Task_file"}, {"立案"})
DECISION_STEP = ({"Task_decide"}, {"作出处罚决定", "处罚决定"})
# 集体讨论: the built-in chart reaches it when the gateway variable ``major`` is true (CASE-152);
# its being done marks a major penalty (cases.outcome.archive.is_major, 备案 CASE-156).
COLLECTIVE_STEP = ({"Task_collective"}, {"集体讨论"})
STEP_STAGES = [  # (key, label, rule, step)
    ("investigation", gettext_lazy("调查取证"), "CASE-147", ({"Task_investigate"}, {"调查取证"})),
    ("legal_review", gettext_lazy("法制审核"), "CASE-151", ({"Task_legal_review"}, {"法制审核"})),
    ("notification", gettext_lazy("告知及听证"), "CASE-148", ({"Task_notify"}, {"告知权利及听证"})),
    ("collective", gettext_lazy("集体讨论"), "CASE-152", COLLECTIVE_STEP),
    ("decision", gettext_lazy("处罚决定"), "CASE-152", DECISION_STEP),
    ("closing", gettext_lazy("结案"), "CASE-155", ({"Task_close"}, {"结案"})),
]
# Audit fields of a penalty clock change.
FIELDS = ["due_at", "status", "accepted_at"]


def is_penalty(case: Case) -> bool:
    return pinned.category(case) == Category.PENALTY


def _matching(tasks, step) -> list[CaseTask]:
    ids, names = step
    return [t for t in tasks if t.element_id in ids or t.name in names]


def _ended(tasks, step) -> dt.datetime | None:
    """When the step was last done, unless it is open again (sent back): then it has not ended."""
    matching = _matching(tasks, step)
    if any(t.status == TaskStatus.OPEN for t in matching):
        return None
    done = [t.completed_at for t in matching if t.status == TaskStatus.DONE and t.completed_at]
    return max(done) if done else None


def step_done(tasks, step) -> bool:
    """The step was done and is not open again (not sent back)."""
    return _ended(tasks, step) is not None


def _tasks(case: Case) -> list[CaseTask]:
    return list(case.tasks.all())


def _spans(case: Case) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(s.started_at, s.ended_at) for s in case.suspensions.all() if s.ended_at is not None]


# penalty_due runs on every step that ends a stage (filing, the decision): its reads have their SQL
# written once per process (core.compiled), unless the caller prefetched them (a batch recompute).
_CLOCK_STEP_IDS = sorted(FILING_STEP[0] | DECISION_STEP[0])
_CLOCK_STEP_NAMES = sorted(FILING_STEP[1] | DECISION_STEP[1])
_CLOCK_TASKS = CompiledQuery(
    lambda pk: (
        CaseTask.objects.filter(case_id=pk)
        .filter(Q(element_id__in=_CLOCK_STEP_IDS) | Q(name__in=_CLOCK_STEP_NAMES))
        .values_list("pk", "element_id", "name", "status", "completed_at")
    )
)


class _ClockStep(NamedTuple):
    """What _ended reads of a step (a row, not a model instance: the read runs on every filing)."""

    pk: int
    element_id: str
    name: str
    status: str
    completed_at: dt.datetime | None


_SUSPENSIONS = CompiledQuery(lambda pk: Suspension.objects.filter(case_id=pk))
_EXTENSIONS = CompiledQuery(lambda pk: PenaltyExtension.objects.filter(case_id=pk))


def _prefetched(case: Case, name: str) -> bool:
    return name in getattr(case, "_prefetched_objects_cache", {})


def _clock_tasks(case: Case, done: CaseTask | None = None, read=None) -> list:
    """The case's filing and decision steps (all penalty_due looks at); ``done``: a step done but not
    yet written (cases.services writes it with the case), read as it is in memory; ``read``: their
    rows already read (:func:`clock_read`)."""
    if read is not None:
        tasks = [_ClockStep(*row) for row in read.rows]
    elif _prefetched(case, "tasks"):
        tasks = _tasks(case)
    else:
        tasks = [_ClockStep(*row) for row in _CLOCK_TASKS.rows(case.pk)]
    if done is not None:
        tasks = [done if t.pk == done.pk else t for t in tasks]
    return tasks


def duration_days(case: Case, *, extended: bool | None = None) -> int:
    """The case duration in force: 30 days, or the last approved total (CASE-157).
    ``extended=False``: the caller knows the case has no extension (read with its lock)."""
    if extended is False:
        return DURATION_DAYS
    extensions = (
        case.penalty_extensions.all()
        if _prefetched(case, "penalty_extensions")
        else _EXTENSIONS.objects(case.pk)
    )
    return max([DURATION_DAYS, *(e.total_days for e in extensions)])


@dataclass
class StageClock:
    """One stage of a penalty case with its limit and how its due date was reached."""

    key: str
    label: str
    rule: str
    start: dt.datetime | None
    end: dt.datetime | None
    amount: int | None = None
    unit: str = ""
    deadline: Deadline | None = None
    source: str = "rule"  # "rule": the seeds' limit; "flowchart": the step's limit on the chart
    suspended: bool = False
    extensions: list = field(default_factory=list)
    note: str = ""  # why this limit applies, when it is not the stage's ordinary one

    @property
    def due(self) -> dt.datetime | None:
        return self.deadline.due if self.deadline is not None else None

    @property
    def state(self) -> str:
        if self.start is None:
            return "pending"
        return "done" if self.end is not None else "running"

    @property
    def late(self) -> bool:
        if self.due is None or self.start is None:
            return False
        return (self.end or clock.now()) > self.due

    @property
    def lines(self) -> list[str]:
        return self.deadline.lines() if self.deadline is not None else []

    @property
    def unit_label(self) -> str:
        return str(PeriodUnit(self.unit).label) if self.unit else ""


def pre_filing_of(case: Case) -> PreFiling | None:
    try:
        return case.pre_filing
    except PreFiling.DoesNotExist:
        return None


def filing_limit(case: Case) -> int:
    """7 working days to decide on filing, or 5 to backfill the 立案审批表 after investigating first
    (先行调查取证, CASE-146)."""
    return BACKFILL_LIMIT if pre_filing_of(case) is not None else FILING_LIMIT


def _filing(case: Case, tasks) -> StageClock:
    pre = pre_filing_of(case)
    amount = BACKFILL_LIMIT if pre is not None else FILING_LIMIT
    note = ""
    if pre is not None:
        note = _("先行调查取证（%(reason)s：%(note)s），立案审批表须在%(n)d个工作日内补办") % {
            "reason": pre.get_reason_display(),
            "note": pre.note,
            "n": BACKFILL_LIMIT,
        }
    return StageClock(
        key="filing",
        label=_("补办立案") if pre is not None else _("立案"),
        rule="CASE-146",
        start=case.received_at,
        end=_ended(tasks, FILING_STEP),
        amount=amount,
        unit=PeriodUnit.WORKDAYS,
        deadline=deadline_explain(start=case.received_at, amount=amount, unit=PeriodUnit.WORKDAYS),
        note=note,
    )


def _duration(case: Case, tasks) -> StageClock:
    filed = _ended(tasks, FILING_STEP)
    days = duration_days(case)
    return StageClock(
        key="duration",
        label=_("办案期限（立案至处罚决定）"),
        rule="CASE-157",
        start=filed,
        end=_ended(tasks, DECISION_STEP) if filed else None,
        amount=days,
        unit=PeriodUnit.DAYS,
        deadline=deadline_explain(start=filed, amount=days, unit=PeriodUnit.DAYS, suspensions=_spans(case))
        if filed
        else None,
        suspended=any(s.ended_at is None for s in case.suspensions.all()),
        extensions=list(case.penalty_extensions.all()),
    )


def _step_stage(key, label, rule, step, tasks) -> StageClock | None:
    matching = _matching(tasks, step)
    if not matching:
        return None  # not reached (or not on this chart)
    task = matching[-1]  # the latest, if the step was sent back and done again
    unit = BPMN_UNITS.get(task.time_unit, task.time_unit)
    return StageClock(
        key=key,
        label=str(label),
        rule=rule,
        start=task.opened_at,
        end=task.completed_at if task.status == TaskStatus.DONE else None,
        amount=task.time_limit,
        unit=unit if task.time_limit else "",
        deadline=deadline_explain(start=task.opened_at, amount=task.time_limit, unit=unit)
        if task.time_limit and unit
        else None,
        source="flowchart",
    )


def stage_clocks(case: Case) -> list[StageClock]:
    """Every stage of the penalty case in order, each with its explanation; [] for other cases."""
    if not is_penalty(case):
        return []
    tasks = _tasks(case)
    rows = [_filing(case, tasks)]
    for key, label, rule, step in STEP_STAGES:
        row = _step_stage(key, label, rule, step, tasks)
        if row is not None:
            rows.append(row)
        if key == "notification":
            from sunshine.cases.penalty_steps import request_stage  # the hearing notice's clock

            hearing = request_stage(case)
            if hearing is not None:
                rows.append(hearing)
        if key == "decision":
            rows.append(_duration(case, tasks))  # the duration ends with the decision
    return rows


def running_deadline(case: Case) -> Deadline | None:
    """The deadline of the running rule stage (filing, then the case duration): what Case.due_at
    holds, with its explanation; None once decided or when the case is not running."""
    if case.status in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        return None
    tasks = _tasks(case)
    filed = _ended(tasks, FILING_STEP)
    if filed is None:
        return _filing(case, tasks).deadline
    if _ended(tasks, DECISION_STEP) is None:
        return _duration(case, tasks).deadline
    return None


def penalty_due(
    case: Case,
    *,
    suspended: bool | None = None,
    extended: bool | None = None,
    done: CaseTask | None = None,
    read=None,
) -> dt.datetime | None:
    """Case.due_at of a penalty case (cases.clocks.case_due): None while suspended (the clock stands
    still), once decided, or once the case has ended. ``suspended``/``extended`` False: the caller
    knows the case was never suspended / extended (read with its lock): neither is read. ``done``:
    a step done in memory, not yet written, and ``read`` its case's clock steps read with the step's
    other reads (:func:`clock_after_step`)."""
    if case.status in (CaseStatus.CLOSED, CaseStatus.REFUSED):
        return None
    tasks = _clock_tasks(case, done, read)
    filed = _ended(tasks, FILING_STEP)
    if filed is None:
        return deadline_due(start=case.received_at, amount=filing_limit(case), unit=PeriodUnit.WORKDAYS)
    if _ended(tasks, DECISION_STEP) is not None:
        return None
    # one read: the running suspension and the ended spans
    if suspended is False:
        suspensions = []
    elif _prefetched(case, "suspensions"):
        suspensions = case.suspensions.all()
    else:
        suspensions = _SUSPENSIONS.objects(case.pk)
    if any(s.ended_at is None for s in suspensions):
        return None
    return deadline_due(
        start=filed,
        amount=duration_days(case, extended=extended),
        unit=PeriodUnit.DAYS,
        suspensions=[(s.started_at, s.ended_at) for s in suspensions],
    )


def pre_filing_input(version, reason: str, note: str) -> tuple[str, str] | None:
    """The registration's 先行调查取证 mark, checked (CASE-146): None when not marked; only a penalty
    item may be marked, and the reason needs its circumstances written down."""
    if not reason:
        if note and note.strip():
            raise InvalidInput(
                "pre_filing_reason_required",
                _("请选择先行调查取证的事由"),
                field="pre_filing_reason",
                rule="CASE-146",
            )
        return None
    if version.category != Category.PENALTY:
        raise InvalidInput(
            "pre_filing_not_penalty",
            _("只有行政处罚案件可以先行调查取证、补办立案"),
            field="pre_filing_reason",
            rule="CASE-146",
        )
    reason = choice(reason, PreFilingReason, field="pre_filing_reason", label=_("先行调查取证事由"))
    note = text(note, field="pre_filing_note", label=_("情况说明"), max_length=2000)
    return reason, note


def pre_filing_record(*, actor, case: Case, reason: str, note: str) -> PreFiling:
    """Mark a just-registered penalty case as investigated before filing (inside the registration's
    transaction): its filing clock becomes the 5-working-day backfill (CASE-146). Audited."""
    pre = PreFiling.objects.create(case=case, reason=reason, note=note, recorded_by=actor, created_by=actor)
    case.pre_filing = pre
    before = audit_snapshot(case, fields=FIELDS)
    audit_record(actor=actor, action="cases.pre_filing", target=pre, note=note, extra={"reason": reason})
    case.due_at = penalty_due(case)
    if audit_snapshot(case, fields=FIELDS) != before:
        _update(actor, case, "cases.penalty_clock", before, note=str(_("补办立案")))
    _filing_step_on_rule(actor, case)
    return pre


def _filing_step_on_rule(actor, case: Case) -> None:
    """The open filing step of a back-filed case carries the rule's 5 working days, not the chart's
    7, so that the step, "my tasks" and the scan show the limit the rule clock counts (CASE-146)."""
    for task in _matching(_tasks(case), FILING_STEP):
        if task.status != TaskStatus.OPEN:
            continue
        before = audit_snapshot(task, fields=["time_limit", "time_unit", "due_at"])
        task.time_limit, task.time_unit = BACKFILL_LIMIT, "working_days"
        task.due_at = deadline_due(start=case.received_at, amount=BACKFILL_LIMIT, unit=PeriodUnit.WORKDAYS)
        task.save(update_fields=["time_limit", "time_unit", "due_at", "updated_at"])
        audit_record(
            actor=actor,
            action="cases.task_limit",
            target=task,
            before=before,
            after=audit_snapshot(task, fields=["time_limit", "time_unit", "due_at"]),
            note=str(_("补办立案")),
        )


def _update(actor, case: Case, action: str, before: dict, **extra) -> None:
    Case.objects.filter(pk=case.pk).update(
        due_at=case.due_at, status=case.status, accepted_at=case.accepted_at, version=case.version + 1
    )
    case.version += 1
    audit_record(
        actor=actor,
        action=action,
        target=case,
        before=before,
        after=audit_snapshot(case, fields=FIELDS),
        **extra,
    )


def on_case_created(sender, instance: Case, created: bool, **kwargs) -> None:
    """post_save of Case: a new penalty case's filing clock starts at its receipt (CASE-146)."""
    if created and is_penalty(instance) and instance.due_at is None:
        instance.due_at = penalty_due(instance)
        Case.objects.filter(pk=instance.pk).update(due_at=instance.due_at)


def _moves_clock(case: Case, task: CaseTask) -> bool:
    if not is_penalty(case):
        return False
    ends_stage = _matching([task], FILING_STEP) or _matching([task], DECISION_STEP)
    # a step inside a stage: the running stage's due date stands (no query per step)
    return bool(ends_stage) or case.status in (CaseStatus.CLOSED, CaseStatus.REFUSED)


def clock_read(case: Case, task: CaseTask):
    """What :func:`clock_after_step` will read for this step (its case's clock steps), sent now so
    that it goes with the step's other reads (core.prepared.batch); None when it reads nothing."""
    return _CLOCK_TASKS.later(case.pk) if _moves_clock(case, task) else None


def clock_after_step(case: Case, task: CaseTask, read=None) -> dict | None:
    """Filing makes the penalty case run (its acceptance, from which the case duration counts:
    CASE-157); each step may end a stage, so Case.due_at moves on. Called by cases.services with
    the step done in memory, before the step and the case are written (the step's one write of
    each): the case is changed in memory, and the clock's fields as they were are returned when
    they changed (the caller records them with :func:`clock_record` once the case is written),
    else None. ``read``: :func:`clock_read`'s rows, if the caller read them."""
    if not _moves_clock(case, task):
        return None
    before = audit_snapshot(case, fields=FIELDS)
    if case.status == CaseStatus.RECEIVED and _matching([task], FILING_STEP):
        case.status, case.accepted_at = CaseStatus.ACCEPTED, task.completed_at
    # whether the case was ever suspended or extended, read with the step's lock (cases.locks)
    facts = {name: getattr(task, f"flag_{name}", None) for name in ("suspended", "extended")}
    case.due_at = penalty_due(case, done=task, read=read, **facts)
    return before if audit_snapshot(case, fields=FIELDS) != before else None


def clock_record(actor, case: Case, task: CaseTask, before: dict) -> dict:
    """The audit record (core.audit.audit_record's keywords) of a clock moved by a step
    (:func:`clock_after_step`), the case written."""
    return {
        "actor": actor,
        "action": "cases.penalty_clock",
        "target": case,
        "before": before,
        "after": audit_snapshot(case, fields=FIELDS),
        "note": task.name,
    }


@transaction.atomic
def penalty_extend(
    *, actor, case: Case, total_days, authority: str, reason: str, document: str = ""
) -> PenaltyExtension:
    """Extend a penalty case's duration to ``total_days`` calendar days from filing (CASE-157): with
    the principal leader's written approval up to 90 days in all; beyond, up to 180 days in all,
    only with the superior (municipal) bureau's approval, whose document must be recorded. Only
    while the case is between filing and decision."""
    require_permission(actor, "cases.approve_extension", case)
    case = lock_case(case.pk)
    if not is_penalty(case):
        raise Conflict("not_penalty", _("只有行政处罚案件才能延长办案期限"))
    tasks = _tasks(case)
    if case.status != CaseStatus.ACCEPTED or _ended(tasks, FILING_STEP) is None:
        raise Conflict("not_filed", _("案件立案后才能延长办案期限"), rule="CASE-157")
    if _ended(tasks, DECISION_STEP) is not None:
        raise Conflict("already_decided", _("已作出处罚决定，办案期限不能再延长"), rule="CASE-157")
    authority = choice(authority, PenaltyAuthority, field="authority", label=_("批准机关"))
    reason = text(reason, field="reason", label=_("延期理由"), max_length=2000)
    document = text(document, field="document", label=_("批准文书"), max_length=200, required=False)
    try:
        total = int(total_days)
    except (TypeError, ValueError):
        total = 0
    current = duration_days(case)
    if total <= current:
        raise InvalidInput(
            "not_longer",
            _("延长后的办案期限须超过现在的%(n)d日") % {"n": current},
            field="total_days",
            rule="CASE-157",
        )
    cap = CAPS[authority]
    if total > cap:
        message = (
            _("局主要负责人批准的办案期限合计不得超过%(cap)d日，超过的须经上级主管部门（市局）批准")
            if authority == PenaltyAuthority.PRINCIPAL
            else _("办案期限合计不得超过%(cap)d日")
        )
        raise RuleViolated("extension_over_cap", message % {"cap": cap}, field="total_days", rule="CASE-157")
    if authority == PenaltyAuthority.SUPERIOR and not document:
        raise InvalidInput(
            "document_required", _("请填写上级主管部门的批准文书"), field="document", rule="CASE-157"
        )
    extension = PenaltyExtension.objects.create(
        case=case,
        total_days=total,
        authority=authority,
        document=document,
        reason=reason,
        approved_by=actor,
        created_by=actor,
    )
    before = audit_snapshot(case, fields=FIELDS)
    case.due_at = penalty_due(case)
    _update(actor, case, "cases.penalty_extend", before, note=reason, extra={"total_days": total})
    return extension


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver for penalty cases still in the filing stage (status 已收件;
    running ones are recomputed by cases.clocks, whose case_due dispatches here): each moved due
    date audited as the system; returns how many moved."""
    moved = 0
    horizon = dt.datetime.combine(start, dt.time.min, tzinfo=clock.LOCAL_TZ)
    with system_actor("cases.recompute_clocks"), transaction.atomic():
        cases = (
            Case.objects.filter(
                status=CaseStatus.RECEIVED,
                power_version__category=Category.PENALTY,
                due_at__gte=horizon,
            )
            .select_related("power_version", "pre_filing")
            .prefetch_related("tasks", "suspensions", "penalty_extensions")
            .defer("workflow_state")
        )
        for case in cases:
            before = audit_snapshot(case, fields=FIELDS)
            due = penalty_due(case)
            if due != case.due_at:
                case.due_at = due
                _update(
                    None,
                    case,
                    "cases.clock_recompute",
                    before,
                    extra={"calendar_change": [start.isoformat(), end.isoformat()]},
                )
                moved += 1
    return moved
