"""The clocks of an accountability case, on the working-day calendar (ACC-9, ACC-10, ACC-11).

Each stage is a cases.penalty.StageClock (the same shape the penalty clocks use, so the pages show
them alike) whose deadline is explained by sunshine.workdays (CAL-1, CAL-2):

* 调查 (ACC-9): from the opening, 10 working days; once extended with approval, 20 in all.
* 送达 (ACC-10): from the decision, 10 working days.
* 申诉期 (ACC-11): from the person's receipt, 15 working days (the person's window, not a duty).
* 复核 (ACC-11): from the appeal, 30 working days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sunshine.cases.penalty import StageClock
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.recompute import recompute_due_dates
from sunshine.workdays.services import deadline_due, deadline_explain

INVESTIGATION_DAYS = 10  # ACC-9
EXTENSION_DAYS = 10  # ACC-9: once, with approval
SERVICE_DAYS = 10  # ACC-10
APPEAL_DAYS = 15  # ACC-11: from receipt of the decision
REVIEW_DAYS = 30  # ACC-11: from the appeal


def investigation_days(acase) -> int:
    return INVESTIGATION_DAYS + (EXTENSION_DAYS if acase.extended_at else 0)


def due(start: dt.datetime | None, amount: int) -> dt.datetime | None:
    return deadline_due(start=start, amount=amount, unit=PeriodUnit.WORKDAYS) if start else None


def investigation_due(acase) -> dt.datetime | None:
    return due(acase.opened_at, investigation_days(acase))


def service_due(acase) -> dt.datetime | None:
    return due(acase.decided_at, SERVICE_DAYS)


def appeal_due(acase) -> dt.datetime | None:
    return due(acase.received_at, APPEAL_DAYS)


def review_due(acase) -> dt.datetime | None:
    return due(acase.appealed_at, REVIEW_DAYS)


# The clock each open status runs on (the appeal window too: it is shown and checked, not watched).
RUNNING_DUE = {
    "investigating": investigation_due,
    "decided": service_due,
    "served": appeal_due,
    "appealed": review_due,
}


def running_due(acase) -> dt.datetime | None:
    """The due date of the clock ``acase`` runs on now, None when none runs (ACC-9, ACC-10, ACC-11)."""
    due_of = RUNNING_DUE.get(acase.status)
    return due_of(acase) if due_of else None


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver: the running clock of every open case counted again from
    its start (CAL-1; CAL-6: a clock counted provisionally is corrected once the year is loaded),
    each change audited as the system; returns how many moved."""
    from sunshine.accountability.models import AccountabilityCase

    return recompute_due_dates(
        AccountabilityCase.objects.filter(status__in=list(RUNNING_DUE)),
        due_field="due_at",
        compute=lambda acase: {"due_at": running_due(acase)},
        action="accountability.clock_recompute",
        start=start,
        end=end,
    )


def _stage(key, label, rule, start, end, amount, note="") -> StageClock:
    return StageClock(
        key=key,
        label=label,
        rule=rule,
        start=start,
        end=end,
        amount=amount,
        unit=PeriodUnit.WORKDAYS,
        deadline=deadline_explain(start=start, amount=amount, unit=PeriodUnit.WORKDAYS) if start else None,
        note=note,
    )


def case_clocks(acase) -> list[StageClock]:
    """The four clocks of the case with how each due date was reached."""
    note = ""
    if acase.extended_at:
        note = _("经%(who)s批准延长%(n)d个工作日：%(reason)s") % {
            "who": acase.extension_approved_by.full_name or acase.extension_approved_by.username,
            "n": EXTENSION_DAYS,
            "reason": acase.extension_reason,
        }
    return [
        _stage(
            "investigation",
            _("调查（启动至提交调查报告）"),
            "ACC-9",
            acase.opened_at,
            acase.reported_at,
            investigation_days(acase),
            note,
        ),
        _stage("service", _("送达问责决定"), "ACC-10", acase.decided_at, acase.served_at, SERVICE_DAYS),
        _stage(
            "appeal",
            _("申诉期（自收到决定之日起）"),
            "ACC-11",
            acase.received_at,
            acase.appealed_at,
            APPEAL_DAYS,
            _("申诉期间不停止问责决定的执行"),
        ),
        _stage("review", _("复核决定"), "ACC-11", acase.appealed_at, acase.review_decided_at, REVIEW_DAYS),
    ]


@dataclass(frozen=True)
class Current:
    """The clock a case runs on now, without the explanation (for lists: O(1) per case)."""

    key: str
    label: str
    rule: str
    due: dt.datetime
    late: bool  # never for the appeal window: it is the person's, not a duty


def current(acase) -> Current | None:
    """The running stage of an open case, by its status (ACC-9, ACC-10, ACC-11)."""
    from sunshine.accountability.choices import Status
    from sunshine.core import clock

    stages = {
        Status.INVESTIGATING: ("investigation", _("调查（启动至提交调查报告）"), "ACC-9", investigation_due),
        Status.DECIDED: ("service", _("送达问责决定"), "ACC-10", service_due),
        Status.SERVED: ("appeal", _("申诉期（自收到决定之日起）"), "ACC-11", appeal_due),
        Status.APPEALED: ("review", _("复核决定"), "ACC-11", review_due),
    }
    if acase.status not in stages:
        return None
    key, label, rule, due_of = stages[acase.status]
    due_at = due_of(acase)
    return Current(key, label, rule, due_at, key != "appeal" and clock.now() > due_at)


def running_clock(acase) -> StageClock | None:
    """The clock the discipline office watches now (the appeal window is the person's, so it is shown
    but never counted as late)."""
    for clock_ in case_clocks(acase):
        if clock_.state == "running":
            return clock_
    return None


# The duties electronic supervision watches (issue #9 §1): the discipline office's clocks, not the
# person's appeal window. Labels are stored in the alerts as the record, in Chinese.
WATCHED = {
    # status: (clock key, label, rule, due date)
    "investigating": ("investigation", "问责调查报告", "ACC-9", investigation_due),
    "decided": ("service", "送达问责决定", "ACC-10", service_due),
    "appealed": ("review", "申诉复核决定", "ACC-11", review_due),
}


def _responsible_id(acase) -> int | None:
    """Who must act: for the report, the investigation team's leader (not withdrawn), else whoever
    registered the case; for service and review, whoever registered it (the discipline office)."""
    if acase.status == "investigating":
        for member in acase.members.all():
            if member.is_leader and member.withdrawn_at is None:
                return member.user_id
    return acase.created_by_id


def open_clocks(*, due_before: dt.datetime):
    """oversight.watched source (AccountabilityConfig.watched_clocks): the running duty clock of
    every open case — report (ACC-9: 10 working days, 20 once extended), service (ACC-10: 10),
    review (ACC-11: 30) — due before ``due_before``. A met clock is not returned: the case has left
    the status that runs it."""
    from django.db.models import Q
    from django.urls import reverse

    from sunshine.accountability.models import AccountabilityCase
    from sunshine.oversight.watched import WatchedClock

    # The stored running due (kept by the services and calendar edits) narrows the cases read.
    cases = (
        AccountabilityCase.objects.filter(status__in=list(WATCHED))
        .filter(Q(due_at__isnull=True) | Q(due_at__lt=due_before))
        .prefetch_related("members")
    )
    for acase in cases.order_by("id"):
        key, label, rule, due_of = WATCHED[acase.status]
        due_at = due_of(acase)
        if due_at is None or due_at >= due_before:
            continue
        yield WatchedClock(
            key=f"accountability.case:{acase.pk}:{key}",
            body_id=acase.body_id,
            due_at=due_at,
            rule=rule,
            label=f"问责案件{acase.number}的{label}",
            url=reverse("accountability:detail", args=[acase.pk]),
            responsible_id=_responsible_id(acase),
        )
