"""Open deadlines of cadres' reports handed to electronic supervision (oversight.watched): an oral
report whose written form is still due — an absence (SUP-229) or a personal major matter (SUP-233) —
and an approved absence whose return (销假, SUP-224) is due the day after it ends. Met clocks are no
longer returned, so their alerts resolve."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cadres.reports.models import AbsenceRequest, AbsenceStatus, PersonalMatterReport
from sunshine.core import clock
from sunshine.oversight.watched import WatchedClock


def _end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=clock.LOCAL_TZ)


def open_clocks(*, due_before: dt.datetime):
    last_day = clock.local(due_before).date()
    for r in AbsenceRequest.objects.filter(
        oral=True, written_at__isnull=True, written_due__lte=last_day
    ).exclude(status=AbsenceStatus.WITHDRAWN):
        yield WatchedClock(
            key=f"cadres.absencerequest:{r.pk}:written",
            body_id=r.body_id,
            due_at=_end_of(r.written_due),
            rule="SUP-229",
            label=_("外出口头报告补办书面手续（%(name)s）") % {"name": r.person_name},
            url=reverse("cadres:reports_absence_detail", args=[r.pk]),
            responsible_id=r.person_id,
        )
    for r in AbsenceRequest.objects.filter(status=AbsenceStatus.APPROVED, end_date__lt=last_day):
        due = r.end_date + dt.timedelta(days=1)
        if due > last_day:
            continue
        yield WatchedClock(
            key=f"cadres.absencerequest:{r.pk}:return",
            body_id=r.body_id,
            due_at=_end_of(due),
            rule="SUP-224",
            label=_("外出返岗销假（%(name)s）") % {"name": r.person_name},
            url=reverse("cadres:reports_absence_detail", args=[r.pk]),
            responsible_id=r.person_id,
        )
    for m in PersonalMatterReport.objects.filter(
        oral=True, written_at__isnull=True, written_due__lte=last_day
    ):
        yield WatchedClock(
            key=f"cadres.personalmatterreport:{m.pk}:written",
            body_id=m.body_id,
            due_at=_end_of(m.written_due),
            rule="SUP-233",
            label=_("个人重大事项书面补报（%(name)s）") % {"name": m.person_name},
            url=reverse("cadres:reports_matter_detail", args=[m.pk]),
            responsible_id=m.person_id,
        )
