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

from django.db import transaction

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.system import system_actor
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import deadline_due

ACTION = "cadres.clock_recompute"


def _move(obj, field: str, due, extra: dict) -> bool:
    if getattr(obj, field) == due:
        return False
    before = audit_snapshot(obj, fields=[field, "version"])
    type(obj).objects.filter(pk=obj.pk).update(**{field: due, "version": obj.version + 1})
    setattr(obj, field, due)
    obj.version += 1
    audit_record(actor=None, action=ACTION, target=obj, before=before, after={field: due}, extra=extra)
    return True


def _written_due(day: dt.date, days: int) -> dt.date:
    from sunshine.cadres.reports.services import _due

    return _due(day, days)


def recompute_after_calendar_change(*, start: dt.date, end: dt.date, **kwargs) -> int:
    """workdays.calendar_changed receiver: recompute the open clocks whose due day is on or after the
    first edited day; returns how many moved."""
    from sunshine.cadres.integrity.models import OpinionStatus, PromotionOpinion
    from sunshine.cadres.reports.models import AbsenceRequest, PersonalMatterReport, ReportRules
    from sunshine.cadres.talks.choices import Kind, Status
    from sunshine.cadres.talks.models import Talk
    from sunshine.cadres.talks.services import reply_due

    horizon = dt.datetime.combine(start, dt.time.min, tzinfo=clock.LOCAL_TZ)
    extra = {"calendar_change": [start.isoformat(), end.isoformat()]}
    moved = 0
    with system_actor("cadres.recompute_clocks"), transaction.atomic():
        letters = Talk.objects.filter(
            kind=Kind.INQUIRY,
            status=Status.NOTIFIED,
            notice_received_at__isnull=False,
            reply_due_at__gte=horizon,
        )
        for talk in letters:
            moved += _move(talk, "reply_due_at", reply_due(talk), extra)

        rules: dict[int, ReportRules | None] = {}

        def rule(body_id: int, name: str, default: int) -> int:
            if body_id not in rules:
                rules[body_id] = ReportRules.objects.filter(body_id=body_id).first()
            return getattr(rules[body_id], name, default) if rules[body_id] else default

        absences = AbsenceRequest.objects.filter(
            oral=True, written_at__isnull=True, written_due__gte=start, oral_reported_at__isnull=False
        )
        for request in absences:
            days = request.written_days or rule(request.body_id, "absence_written_days", 3)
            due = _written_due(clock.local(request.oral_reported_at).date(), days)
            moved += _move(request, "written_due", due, extra)
        matters = PersonalMatterReport.objects.filter(
            oral=True, written_at__isnull=True, written_due__gte=start
        )
        for report in matters:
            days = report.written_days or rule(report.body_id, "matter_written_days", 5)
            moved += _move(report, "written_due", _written_due(report.matter_date, days), extra)

        opinions = PromotionOpinion.objects.filter(status=OpinionStatus.REQUESTED, due_at__gte=horizon)
        for opinion in opinions:
            due = deadline_due(start=opinion.requested_at, amount=opinion.workdays, unit=PeriodUnit.WORKDAYS)
            moved += _move(opinion, "due_at", due, extra)
    return moved
