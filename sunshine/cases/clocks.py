"""A case's clock (issue #6 §2): its time limit from the acceptance date in the unit the power
states (CASE-106, CASE-114), stopped while the case is suspended, lengthened by approved
extensions (CASE-115/117), and recomputed when the working-day calendar changes, with the change
audited. Every due date explains itself (workdays.services.deadline_explain)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases import pinned
from sunshine.cases.choices import BPMN_UNITS, CaseStatus, SuspensionKind, TaskStatus
from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, CaseTask, Extension, Suspension
from sunshine.catalog.services._inputs import choice, text
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.core.system import system_actor
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import deadline_due, deadline_explain


def case_limit(case: Case) -> tuple[int, str] | None:
    """The limit the case runs against: the promised one, else the statutory one (CASE-116)."""
    version = case.power_version
    if version.promised_limit:
        return version.promised_limit, version.promised_unit
    if version.statutory_limit:
        return version.statutory_limit, version.statutory_unit
    return None


def _spans(case: Case) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(s.started_at, s.ended_at) for s in case.suspensions.all() if s.ended_at is not None]


def _extended(case: Case, amount: int) -> int:
    return amount + sum(e.amount for e in case.extensions.all())


def case_due(case: Case) -> dt.datetime | None:
    """When the case falls due; None before acceptance, without a limit, or while suspended (the
    clock stands still, so there is no due date to watch until it runs again). A penalty case
    runs on its stages' limits instead (cases.penalty: CASE-146, CASE-157)."""
    from sunshine.cases import penalty

    if penalty.is_penalty(case):
        return penalty.penalty_due(case)
    limit = case_limit(case)
    if case.accepted_at is None or limit is None:
        return None
    suspensions = list(case.suspensions.all())  # one read: the running one and the ended spans
    if any(s.ended_at is None for s in suspensions):
        return None
    amount, unit = limit
    return deadline_due(
        start=case.accepted_at,
        amount=_extended(case, amount),
        unit=unit,
        suspensions=[(s.started_at, s.ended_at) for s in suspensions],
    )


def case_clock(case: Case):
    """The case's deadline with every step that led to it, or None when it has none (yet)."""
    from sunshine.cases import penalty

    if penalty.is_penalty(case):
        return penalty.running_deadline(case)
    limit = case_limit(case)
    if case.accepted_at is None or limit is None:
        return None
    amount, unit = limit
    return deadline_explain(
        start=case.accepted_at, amount=_extended(case, amount), unit=unit, suspensions=_spans(case)
    )


def _set_due(actor, case: Case, action: str, **extra) -> None:
    before = audit_snapshot(case, fields=["due_at", "status"])
    case.due_at = case_due(case)
    Case.objects.filter(pk=case.pk).update(due_at=case.due_at, version=case.version + 1)
    case.version += 1
    audit_record(
        actor=actor,
        action=action,
        target=case,
        before=before,
        after=audit_snapshot(case, fields=["due_at", "status"]),
        **extra,
    )


def _require_running(case: Case) -> None:
    if case.status != CaseStatus.ACCEPTED:
        raise Conflict("case_not_running", _("只有办理中的办件才能中止、恢复或延期计时"))


@transaction.atomic
def case_suspend(*, actor, case: Case, kind: str, note: str = "") -> Suspension:
    """Stop the clock (CASE-114): correcting materials, rectification, hearing, tests, expert review."""
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    _require_running(case)
    kind = choice(kind, SuspensionKind, field="kind", label=_("中止事由"))
    if case.suspensions.filter(ended_at__isnull=True).exists():
        raise Conflict("already_suspended", _("该办件已中止计时"), field="kind")
    suspension = Suspension.objects.create(
        case=case,
        kind=kind,
        note=text(note, field="note", label=_("说明"), max_length=2000, required=False),
        started_at=clock.now(),
        created_by=actor,
    )
    _set_due(actor, case, "cases.case_suspend", note=suspension.get_kind_display())
    return suspension


@transaction.atomic
def case_resume(*, actor, case: Case) -> Suspension:
    """Start the clock again; the suspended days are not counted (CASE-114, CAL-4)."""
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    suspension = case.suspensions.filter(ended_at__isnull=True).first()
    if suspension is None:
        raise Conflict("not_suspended", _("该办件未中止计时"))
    suspension.ended_at, suspension.ended_by = clock.now(), actor
    suspension.save(update_fields=["ended_at", "ended_by", "updated_at"])
    _set_due(actor, case, "cases.case_resume")
    return suspension


@transaction.atomic
def case_extend(*, actor, case: Case, amount: int, reason: str) -> Extension:
    """Lengthen the limit with the principal leader's written approval (CASE-115): at most
    SUNSHINE_CASE_MAX_EXTENSION working days in all (10 by default), and the promised limit with
    its extensions never past the statutory limit (CASE-117)."""
    require_permission(actor, "cases.approve_extension", case)
    case = lock_case(case.pk)
    _require_running(case)
    if pinned.category(case) == "penalty":  # its own extension rule: cases.penalty, CASE-157
        raise Conflict("penalty_extension", _("行政处罚案件请延长办案期限（CASE-157）"), rule="CASE-157")
    reason = text(reason, field="reason", label=_("延期理由"), max_length=2000)
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        amount = 0
    if amount < 1:
        raise InvalidInput("invalid", _("延长的工作日须为正整数"), field="amount")
    cap = settings.SUNSHINE_CASE_MAX_EXTENSION
    used = sum(e.amount for e in case.extensions.all())
    if used + amount > cap:
        raise RuleViolated(
            "extension_over_cap",
            _("延期合计不得超过%(cap)d个工作日（已延期%(used)d个）") % {"cap": cap, "used": used},
            field="amount",
            rule="CASE-115",
        )
    version, limit = case.power_version, case_limit(case)
    if (
        limit is not None
        and version.statutory_limit
        and limit[1] == version.statutory_unit == PeriodUnit.WORKDAYS
        and limit[0] + used + amount > version.statutory_limit
    ):
        raise RuleViolated(
            "extension_past_statutory",
            _("延期后的办理时限不得超过法定时限%(n)d个工作日") % {"n": version.statutory_limit},
            field="amount",
            rule="CASE-117",
        )
    extension = Extension.objects.create(
        case=case, amount=amount, reason=reason, approved_by=actor, created_by=actor
    )
    _set_due(actor, case, "cases.case_extend", note=reason)
    return extension


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver: recompute the open clocks the edited days may move (cases
    running and their open steps), each change audited as the system; returns how many moved."""
    moved = 0
    horizon = dt.datetime.combine(start, dt.time.min, tzinfo=clock.LOCAL_TZ)
    with system_actor("cases.recompute_clocks"), transaction.atomic():
        cases = (
            Case.objects.filter(status=CaseStatus.ACCEPTED, accepted_at__isnull=False, due_at__gte=horizon)
            .select_related("power_version")
            .prefetch_related("suspensions", "extensions")
        )
        for case in cases.defer("workflow_state"):
            due = case_due(case)
            if due != case.due_at:
                _set_due(
                    None,
                    case,
                    "cases.clock_recompute",
                    extra={"calendar_change": [start.isoformat(), end.isoformat()]},
                )
                moved += 1
        for task in CaseTask.objects.filter(
            status=TaskStatus.OPEN, due_at__gte=horizon, time_limit__isnull=False
        ):
            due = deadline_due(
                start=task.opened_at,
                amount=task.time_limit,
                unit=BPMN_UNITS.get(task.time_unit, task.time_unit),
            )
            if due != task.due_at:
                before = audit_snapshot(task, fields=["due_at"])
                CaseTask.objects.filter(pk=task.pk).update(due_at=due)
                task.due_at = due
                audit_record(
                    actor=None,
                    action="cases.clock_recompute",
                    target=task,
                    before=before,
                    after={"due_at": due},
                )
                moved += 1
    return moved
