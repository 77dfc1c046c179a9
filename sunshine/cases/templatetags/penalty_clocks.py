"""The penalty case's stage clocks and the one-time notice's correction deadline on the case page
(the hook cases/_penalty_clocks.html): what cases.penalty and cases.notice_deadline compute."""

from __future__ import annotations

from django import template

from sunshine.cases import notice_deadline, penalty, penalty_steps
from sunshine.cases.choices import CaseStatus, HearingAnswer
from sunshine.cases.models import Decision
from sunshine.cases.views import due_badge
from sunshine.core.permissions import has_permission

register = template.Library()


def _badge(row: penalty.StageClock) -> dict | None:
    if row.state == "pending":
        return None
    if row.suspended and row.end is None:
        return {"tag": "tag-grey", "label": "", "late": False, "suspended": True}
    return due_badge(row.due, done_at=row.end, step=True)


@register.inclusion_tag("cases/_penalty_clocks_panel.html", takes_context=True)
def penalty_panel(context, case):
    user = context["request"].user
    rows = penalty.stage_clocks(case)
    running = case.status == CaseStatus.ACCEPTED
    duration = next((r for r in rows if r.key == "duration"), None)
    notice = getattr(case, "notice", None)
    lapse = getattr(notice, "lapse", None) if notice is not None else None
    overdue = notice is not None and notice_deadline.may_lapse(case)
    is_penalty = bool(rows)
    hearing_notice = penalty_steps.current_notice(case) if is_penalty else None
    hearing = penalty_steps.hearing_of(hearing_notice)
    open_for_hearing = (
        running
        and is_penalty
        and has_permission(user, "cases.handle", case)
        and not Decision.objects.filter(case=case).exists()
    )
    return {
        "penalty": is_penalty,
        "investigators": penalty_steps.investigators_of(case) if is_penalty else [],
        "hearing_notice": hearing_notice,
        "hearing_major": hearing_notice is not None
        and penalty_steps.is_major_penalty(
            hearing_notice.measure, hearing_notice.amount, case.applicant_kind
        ),
        "hearing": hearing,
        "can_notify_hearing": open_for_hearing and (hearing_notice is None or hearing is None),
        "can_answer": open_for_hearing
        and hearing_notice is not None
        and hearing_notice.answer == HearingAnswer.PENDING,
        "can_hold": open_for_hearing
        and hearing_notice is not None
        and hearing_notice.answer == HearingAnswer.REQUESTED
        and hearing is None,
        "case": case,
        "rows": [{"clock": r, "badge": _badge(r)} for r in rows],
        "can_extend": running
        and duration is not None
        and duration.state == "running"
        and has_permission(user, "cases.approve_extension", case),
        "notice": notice,
        "correction": notice_deadline.correction_deadline(notice) if notice is not None else None,
        "correction_days": notice_deadline.correction_period(),
        "lapse": lapse,
        "overdue": overdue,
        "can_lapse": overdue and has_permission(user, "cases.handle", case),
    }


@register.simple_tag
def correction_deadline(notice):
    """For the printable notice: the applicant's correction deadline (CASE-105A)."""
    return notice_deadline.correction_deadline(notice)
