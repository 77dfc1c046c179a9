"""Calendar edits move the cadres app's open working-day clocks (CAL-6, ADR 0003): the
``workdays.signals.calendar_changed`` receiver of the app (connected in ``CadresConfig.ready``).

What it recomputes, for open records only, each from what the record kept when its clock started:

* an inquiry letter's reply deadline (``Talk.reply_due_at``, SUP-247): working days from receipt of
  the notice plus any consented extension, while the reply has not come (status 已通知);
* an oral absence report's written form (``AbsenceRequest.written_due``, SUP-229) and an oral
  personal-matter report's written report (``PersonalMatterReport.written_due``, SUP-233): calendar
  days, the last day rolled forward off a rest day (CAL-2), so a new holiday on it moves it; while
  the written form has not come;
* a pre-promotion opinion's answer deadline (``PromotionOpinion.due_at``, SUP-115): working days from
  the request, while unanswered.

Closed records (replied, completed in writing, answered) keep their deadline: it is what they were
judged against. Each move is audited as the system with the calendar change's dates.
"""

from __future__ import annotations

import datetime as dt

from sunshine.core import clock
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.recompute import recompute_due_dates
from sunshine.workdays.services import deadline_due

ACTION = "cadres.clock_recompute"


def _written_due(day: dt.date, days: int) -> dt.date:
    from sunshine.cadres.reports.services import _due

    return _due(day, days)


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver: recompute the open clocks whose due day is on or after the
    first edited day (workdays.recompute); returns how many moved."""
    from sunshine.cadres.integrity.models import OpinionStatus, PromotionOpinion
    from sunshine.cadres.reports.models import AbsenceRequest, PersonalMatterReport, ReportRules
    from sunshine.cadres.talks.choices import Kind, Status
    from sunshine.cadres.talks.models import Talk
    from sunshine.cadres.talks.services import reply_due

    rules: dict[int, ReportRules | None] = {}

    def rule(body_id: int, name: str, default: int) -> int:
        if body_id not in rules:
            rules[body_id] = ReportRules.objects.filter(body_id=body_id).first()
        return getattr(rules[body_id], name, default) if rules[body_id] else default

    def absence_due(request) -> dict:
        days = request.written_days or rule(request.body_id, "absence_written_days", 3)
        return {"written_due": _written_due(clock.local(request.oral_reported_at).date(), days)}

    def matter_due(report) -> dict:
        days = report.written_days or rule(report.body_id, "matter_written_days", 5)
        return {"written_due": _written_due(report.matter_date, days)}

    def opinion_due(opinion) -> dict:
        return {
            "due_at": deadline_due(
                start=opinion.requested_at, amount=opinion.workdays, unit=PeriodUnit.WORKDAYS
            )
        }

    span = {"action": ACTION, "start": start, "end": end}
    letters = Talk.objects.filter(kind=Kind.INQUIRY, status=Status.NOTIFIED, notice_received_at__isnull=False)
    absences = AbsenceRequest.objects.filter(
        oral=True, written_at__isnull=True, oral_reported_at__isnull=False
    )
    matters = PersonalMatterReport.objects.filter(oral=True, written_at__isnull=True)
    opinions = PromotionOpinion.objects.filter(status=OpinionStatus.REQUESTED)
    return (
        recompute_due_dates(
            letters, due_field="reply_due_at", compute=lambda t: {"reply_due_at": reply_due(t)}, **span
        )
        + recompute_due_dates(absences, due_field="written_due", compute=absence_due, **span)
        + recompute_due_dates(matters, due_field="written_due", compute=matter_due, **span)
        + recompute_due_dates(opinions, due_field="due_at", compute=opinion_due, **span)
    )
