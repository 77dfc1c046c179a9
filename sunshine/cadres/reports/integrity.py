"""The cadre's reports in his integrity file (廉政档案, cadres.file_sources): each absence request
(外出请示报备) and personal major-matter report (个人重大事项报告) that is not withdrawn, with what
went wrong noted — a written form completed late after an oral report or still missing (SUP-229,
SUP-233), an absence not returned from on time (SUP-224). Reads through the person indexes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cadres.file_sources import FileEntry
from sunshine.cadres.reports.models import AbsenceRequest, AbsenceStatus, PersonalMatterReport


def entries(person, *, today):
    for r in (
        AbsenceRequest.objects.filter(person=person)
        .exclude(status=AbsenceStatus.WITHDRAWN)
        .order_by("start_date")
    ):
        notes = [r.get_status_display()]
        if r.abroad:
            notes.append(_("出国（境）"))
        if r.oral:
            notes.append(_("紧急情况口头报告"))
        if r.written_late:
            notes.append(_("书面手续逾期补办（SUP-229）"))
        if r.written_missing(today):
            notes.append(_("逾期未补办书面手续（SUP-229）"))
        if r.returned_late:
            notes.append(_("逾期返岗（SUP-224）"))
        if r.status == AbsenceStatus.APPROVED and r.end_date < today:
            notes.append(_("未销假（SUP-224）"))
        yield FileEntry(
            section="absence",
            occurred_on=r.start_date,
            title=_("外出请示报备：%(place)s，%(start)s至%(end)s，%(days)d天")
            % {"place": r.destination, "start": r.start_date, "end": r.end_date, "days": r.days},
            summary="；".join(notes),
            source=f"cadres.absencerequest:{r.pk}",
            url=reverse("cadres:reports_absence_detail", args=[r.pk]),
        )
    for m in PersonalMatterReport.objects.filter(person=person).order_by("matter_date"):
        notes = [_("先口头报告") if m.oral else _("事前书面报告")]
        if m.written_late:
            notes.append(_("书面报告逾期补报（SUP-233）"))
        if m.written_missing(today):
            notes.append(_("逾期未书面补报（SUP-233）"))
        yield FileEntry(
            section="personal_matters",
            occurred_on=m.matter_date,
            title=_("个人重大事项报告：%(type)s") % {"type": m.get_matter_type_display()},
            summary="；".join(notes),
            source=f"cadres.personalmatterreport:{m.pk}",
            url=reverse("cadres:reports_matter_detail", args=[m.pk]),
        )
