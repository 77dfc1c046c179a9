"""The stored quarterly evaluation (季度效能考核报告, ACC-22/ACC-16): services and reads.

A report freezes the figures of one body and quarter (queries.report at every level) as they were
when it was made. The periodic job (periodic.quarterly_evaluation) makes revision 1 for every body
once the quarter has ended; the unique constraint (body, year, quarter, revision) makes the job
idempotent under repeated and concurrent runs. An authorised person (oversight.evaluate over the
body) may make it on demand; when one exists already, a new revision is added with a stated reason
(OVS-20), audited, and the earlier revisions stay as they were.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission, scope_filter
from sunshine.core.selectors import get_or_not_found
from sunshine.org.choices import UnitKind
from sunshine.org.models import Unit
from sunshine.oversight.models import QuarterlyEvaluation
from sunshine.oversight.reports import periods, queries

PERM_VIEW = "oversight.view"
PERM_MAKE = "oversight.evaluate"


def freeze(body, year: int, quarter: int, *, now) -> dict:
    """The figures of the quarter at every level, computed over the whole body (no viewer's scope)."""
    period = periods.quarter(year, quarter)
    whole = queries.report(body, period, "department", now=now)
    whole["levels"] = {"department": whole.pop("rows")}
    for level in ("post", "person"):
        whole["levels"][level] = queries.rows_for(body, period, level, now=now)
    whole.pop("level")
    return whole


def _check_quarter(year, quarter, now) -> periods.Period:
    try:
        year, quarter = int(year), int(quarter)
    except (TypeError, ValueError):
        raise InvalidInput("quarter_invalid", _("请选择年度和季度"), field="quarter") from None
    if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
        raise InvalidInput("quarter_invalid", _("请选择年度和季度"), field="quarter")
    period = periods.quarter(year, quarter)
    if period.end > now:
        raise InvalidInput(
            "quarter_not_ended", _("该季度尚未结束，结束后才能生成考核报告"), field="quarter", rule="ACC-22"
        )
    return period


@transaction.atomic
def evaluation_generate(*, actor, body, year, quarter, note: str = "") -> QuarterlyEvaluation:
    """Make the body's evaluation of a past quarter: revision 1, or the next revision (with a reason)."""
    if body is None or body.kind != UnitKind.BODY:
        raise InvalidInput("body_required", _("请选择单位"), field="body")
    require_permission(actor, PERM_MAKE, body)
    now = clock.now()
    period = _check_quarter(year, quarter, now)
    year, quarter = period.first_day.year, (period.first_day.month - 1) // 3 + 1
    note = (note or "").strip()
    # Serialise the revision numbering of this body (PostgreSQL row lock; SQLite's write lock).
    Unit.objects.select_for_update().filter(pk=body.pk).first()
    existing = QuarterlyEvaluation.objects.filter(body=body, year=year, quarter=quarter)
    last = existing.aggregate(n=Max("revision"))["n"] or 0
    if last and not note:
        raise InvalidInput(
            "reason_required", _("该季度已有考核报告，重新生成须填写原因"), field="note", rule="OVS-20"
        )
    if len(note) > 1000:
        raise InvalidInput("note_too_long", _("生成说明不能超过1000字"), field="note")
    evaluation = QuarterlyEvaluation(
        body=body,
        year=year,
        quarter=quarter,
        revision=last + 1,
        period_start=period.first_day,
        period_end=period.last_day,
        figures=freeze(body, year, quarter, now=now),
        note=note,
        generated_at=now,
        generated_by=actor,
    )
    evaluation.save(force_insert=True)
    audit_record(
        actor=actor,
        action="oversight.evaluation_generate",
        target=evaluation,
        after={"body": body.pk, "year": year, "quarter": quarter, "revision": evaluation.revision},
        note=note,
    )
    return evaluation


def generate_due(*, now=None) -> list[QuarterlyEvaluation]:
    """The periodic job (system): revision 1 for every body whose last ended quarter has none.

    Idempotent: a body that has one is skipped, and a concurrent run's insert of the same revision 1
    fails on the unique constraint and is skipped too."""
    require_permission(None, PERM_MAKE)
    now = now or clock.now()
    year, quarter = periods.previous_quarter(timezone.localdate(now))
    period = periods.quarter(year, quarter)
    done = QuarterlyEvaluation.objects.filter(year=year, quarter=quarter).values("body_id")
    made = []
    for body in Unit.objects.filter(kind=UnitKind.BODY).exclude(pk__in=done).order_by("path"):
        try:
            with transaction.atomic():
                evaluation = QuarterlyEvaluation(
                    body=body,
                    year=year,
                    quarter=quarter,
                    revision=1,
                    period_start=period.first_day,
                    period_end=period.last_day,
                    figures=freeze(body, year, quarter, now=now),
                    note=_("季度结束后由系统定期生成"),
                    generated_at=now,
                )
                evaluation.save(force_insert=True)
                audit_record(
                    actor=None,
                    action="oversight.evaluation_generate",
                    target=evaluation,
                    after={"body": body.pk, "year": year, "quarter": quarter, "revision": 1},
                )
        except IntegrityError:  # another worker made it first
            continue
        made.append(evaluation)
    return made


def evaluation_list(*, actor, body=None) -> QuerySet[QuarterlyEvaluation]:
    """Stored evaluations of the bodies the actor may view as a whole (leaders, discipline office)."""
    require_permission(actor, PERM_VIEW)
    evaluations = scope_filter(QuarterlyEvaluation.objects.all(), actor, PERM_VIEW, "body")
    if body is not None:
        evaluations = evaluations.filter(body=body)
    return evaluations.select_related("body", "generated_by").defer("figures")


def evaluation_get(*, actor, pk) -> QuarterlyEvaluation:
    require_permission(actor, PERM_VIEW)
    visible = scope_filter(QuarterlyEvaluation.objects.all(), actor, PERM_VIEW, "body")
    return get_or_not_found(visible.select_related("body", "generated_by"), pk=pk)
