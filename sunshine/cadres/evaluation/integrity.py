"""The evaluation's share of a cadre's integrity file (SUP-251, SUP-218: 民主测评 results go into the
廉政档案): one entry per counted round the cadre was evaluated in, with its grades, rates and the
outcomes it triggered. Registered on CadresConfig.integrity_sources (cadres.file_sources)."""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.cadres.evaluation.choices import Grade, RoundStatus, grade_label
from sunshine.cadres.evaluation.models import EvaluatedCadre, EvaluationOutcome
from sunshine.cadres.file_sources import FileEntry


def entries(person, *, today) -> Iterable[FileEntry]:
    """Read through the index on ``EvaluatedCadre.cadre`` (and the outcomes' on ``cadre``)."""
    results = list(
        EvaluatedCadre.objects.filter(cadre=person, round__status=RoundStatus.COUNTED)
        .select_related("round__body")
        .order_by("round__meeting_date", "pk")
    )
    if not results:
        return []
    triggered: dict[int, list[str]] = {}
    for outcome in EvaluationOutcome.objects.filter(cadre=person).order_by("id"):
        triggered.setdefault(outcome.result_id, []).append(f"{outcome.get_kind_display()}（{outcome.rule}）")
    out = []
    for r in results:
        evaluation = r.round
        counts = "，".join(f"{grade_label(evaluation.scale, g)}{getattr(r, g.value)}" for g in Grade)
        summary = _("有效票%(valid)d张：%(counts)s；优称率%(rate)s%%") % {
            "valid": r.valid or 0,
            "counts": counts,
            "rate": r.pass_rate if r.pass_rate is not None else "—",
        }
        if r.id in triggered:
            summary += _("；触发：%(what)s") % {"what": "、".join(triggered[r.id])}
        out.append(
            FileEntry(
                section="evaluation",
                occurred_on=evaluation.meeting_date,
                title=_("%(year)d年度述职述廉民主测评（%(body)s）")
                % {"year": evaluation.year, "body": evaluation.body.name},
                summary=summary,
                source=f"cadres.evaluatedcadre:{r.pk}",
                url=reverse("cadres:evaluation_detail", args=[evaluation.pk]),
            )
        )
    return out
