"""The correction deadline of the one-time notice (补正期限, CASE-105/CASE-105A): the applicant hands
in everything the notice lists within SUNSHINE_CORRECTION_PERIOD_WORKDAYS working days of the notice
(20 by default; the seeds give no number, docs/decisions/0008-penalty-clocks.md). When it passes
without the materials, a handler ends the case as not accepted (不予受理: the application counts as
withdrawn), with audit. A case the notice came too late for counts as accepted (CASE-105) and
cannot be ended this way."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, CorrectionNotice, NoticeLapse
from sunshine.catalog.services._inputs import text
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import Deadline, deadline_explain

FIELDS = ["status", "due_at", "closed_at"]


def correction_period() -> int:
    return settings.SUNSHINE_CORRECTION_PERIOD_WORKDAYS


def correction_deadline(notice: CorrectionNotice) -> Deadline:
    """When the applicant's correction period ends, with how it was counted (CAL-1, CAL-2)."""
    return deadline_explain(start=notice.given_at, amount=correction_period(), unit=PeriodUnit.WORKDAYS)


def may_lapse(case: Case) -> bool:
    """The correction period has passed without the materials and the case may be ended."""
    notice = getattr(case, "notice", None)
    return (
        notice is not None
        and case.status == CaseStatus.CORRECTING
        and not case.deemed_accepted
        and notice.completed_at is None
        and clock.now() > correction_deadline(notice).due
    )


@transaction.atomic
def notice_lapse(*, actor, case: Case, note: str = "") -> NoticeLapse:
    """End a case whose correction period passed without the materials (CASE-105A): the case is
    not accepted (不予受理, the application counts as withdrawn), its open steps are cancelled.
    Not a refusal on the merits, so no case_refused signal (oversight's repeated-refusal rule)."""
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    notice = CorrectionNotice.objects.filter(case=case).first()
    if notice is None or case.status != CaseStatus.CORRECTING or notice.completed_at is not None:
        raise Conflict("not_correcting", _("该办件不在等待补正材料"), rule="CASE-105A")
    if case.deemed_accepted:
        raise RuleViolated(
            "deemed_accepted",
            _("一次性告知逾期作出，办件视为自收件之日受理，不能按逾期未补正终止"),
            rule="CASE-105",
        )
    due = correction_deadline(notice).due
    now = clock.now()
    if now <= due:
        raise RuleViolated(
            "correction_period_running",
            _("补正期限至%(due)s，尚未届满") % {"due": due.strftime("%Y-%m-%d")},
            rule="CASE-105A",
        )
    note = text(note, field="note", label=_("说明"), max_length=2000, required=False)
    before = audit_snapshot(case, fields=FIELDS)
    cancelled = list(case.tasks.filter(status=TaskStatus.OPEN).values_list("pk", flat=True))
    case.tasks.filter(pk__in=cancelled).update(status=TaskStatus.CANCELLED, updated_at=now)
    case.status, case.closed_at, case.due_at = CaseStatus.REFUSED, now, None
    case.version += 1
    case.save(update_fields=["status", "closed_at", "due_at", "version", "updated_at"])
    lapse = NoticeLapse.objects.create(
        notice=notice, due_at=due, ended_at=now, ended_by=actor, note=note, created_by=actor
    )
    audit_record(
        actor=actor,
        action="cases.notice_lapse",
        target=case,
        before=before,
        after=audit_snapshot(case, fields=FIELDS),
        note=note or _("逾期未补正"),
        extra={"correction_due": due.isoformat(), "cancelled_tasks": cancelled},
    )
    return lapse
