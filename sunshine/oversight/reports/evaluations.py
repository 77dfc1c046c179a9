"""The stored quarterly evaluation (季度效能考核报告, ACC-22/ACC-16): services and reads.

A report freezes the figures of one body and quarter (queries.report at every level) as they were
when it was made. The periodic job (periodic.quarterly_evaluation) makes revision 1 for every body
once the quarter has ended; the unique constraint (body, year, quarter, revision) makes the job
idempotent under repeated and concurrent runs. An authorised person (oversight.evaluate over the
body) may make it on demand; when one exists already, a new revision is added with a stated reason
(OVS-20), audited, and the earlier revisions stay as they were.

Who reads one (SEC-7, like the report pages): whoever may report on the body (reports.selectors.
bodies_for). A leader or the discipline office (oversight.view over the body) reads it whole; a
section head (scope: their department) reads the rows of their own department only: the
department's row, the posts and people belonging to it, its alerts by rule, and the total of those
rows (evaluation_figures). Rows name the unit they belong to (``unit_id``, frozen with them);
evaluations stored before that are matched by the post's or person's unit of today.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission, scope_q
from sunshine.core.selectors import get_or_not_found
from sunshine.org.choices import UnitKind
from sunshine.org.models import Person, Post, Unit
from sunshine.oversight.models import QuarterlyEvaluation
from sunshine.oversight.reports import periods, queries, selectors

PERM_VIEW = "oversight.view"
PERM_MAKE = "oversight.evaluate"


def freeze(body, year: int, quarter: int, *, now) -> dict:
    """The figures of the quarter at every level, computed over the whole body (no viewer's scope)."""
    period = periods.quarter(year, quarter)
    whole = queries.report(body, period, "department", now=now)
    whole["levels"] = {"department": whole.pop("rows")}
    for level in ("post", "person"):
        whole["levels"][level] = queries.rows_for(body, period, level, now=now)
    whole["alerts_by_rule_by_department"] = queries.alerts_by_rule_per_department(body, period)
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


def _visible(actor) -> QuerySet[QuarterlyEvaluation]:
    require_permission(actor, PERM_VIEW)
    return QuarterlyEvaluation.objects.filter(body__in=selectors.bodies_for(actor))


def evaluation_list(*, actor, body=None, year=None, quarter=None) -> QuerySet[QuarterlyEvaluation]:
    """Stored evaluations of the bodies the actor may report on, newest quarter first (a section
    head's too: evaluation_figures keeps the rows of their department)."""
    evaluations = _visible(actor)
    if body is not None:
        evaluations = evaluations.filter(body=body)
    if year is not None:
        evaluations = evaluations.filter(year=year)
    if quarter is not None:
        evaluations = evaluations.filter(quarter=quarter)
    return evaluations.select_related("body", "generated_by").defer("figures")


def evaluation_get(*, actor, pk) -> QuarterlyEvaluation:
    return get_or_not_found(_visible(actor).select_related("body", "generated_by"), pk=pk)


def _unit_of_rows(level: str, rows: list[dict]) -> dict:
    """Group id → the unit it belongs to: frozen in the row, else (evaluations stored before rows
    named it) the unit of today of the post or of the person's record."""
    units = {row["id"]: row.get("unit_id") for row in rows if row["id"] is not None}
    if level in ("body", "department"):
        return {group: group for group in units}
    unknown = [group for group, unit in units.items() if unit is None]
    if unknown and level == "post":
        units.update(Post.objects.filter(pk__in=unknown).values_list("pk", "unit_id"))
    elif unknown and level == "person":
        units.update(Person.objects.filter(user_id__in=unknown).values_list("user_id", "unit_id"))
    return units


def _rows_in_scope(actor, level: str, rows: list[dict]) -> list[dict]:
    unit_of = _unit_of_rows(level, rows)
    seen = set(
        Unit.objects.filter(pk__in={u for u in unit_of.values() if u is not None})
        .filter(scope_q(actor, PERM_VIEW, ""))
        .values_list("pk", flat=True)
    )
    return [row for row in rows if unit_of.get(row["id"]) in seen]


def _summed(rows: list[dict]) -> dict:
    """The total of department rows (each case and record counted in one department only): counts
    add up, rates come from the summed counts, the average handling time is weighted by steps
    (from averages kept to 0.1 h), the slowest is the largest."""
    total = {key: 0 for key in ("cases", "steps", "timed", "on_time", "alerts", "red")}
    for key in queries.COUNTED_AT_ALL_LEVELS_ABOVE_POST:
        total[key] = 0
    hours, timed_steps, slowest = 0.0, 0, None
    for row in rows:
        for key in total:
            total[key] += row.get(key) or 0
        if row.get("avg_hours") is not None and row["steps"]:
            hours += row["avg_hours"] * row["steps"]
            timed_steps += row["steps"]
        if row.get("slowest_hours") is not None:
            slowest = row["slowest_hours"] if slowest is None else max(slowest, row["slowest_hours"])
    total["on_time_rate"] = queries._rate(total["on_time"], total["timed"])
    total["avg_hours"] = round(hours / timed_steps, 1) if timed_steps else None
    total["slowest_hours"] = slowest
    total["closed_on_time_rate"] = queries._rate(total["closed_on_time"], total["closed_timed"])
    return total


def _rules_of(rows: list[dict], departments: set) -> list[dict]:
    merged: dict[tuple, dict] = {}
    for row in rows:
        if row["department"] in departments:
            entry = merged.setdefault(
                (row["rule"], row["kind"]), {"rule": row["rule"], "kind": row["kind"], "alerts": 0, "red": 0}
            )
            entry["alerts"] += row["alerts"]
            entry["red"] += row["red"]
    return sorted(merged.values(), key=lambda r: (-r["alerts"], r["rule"], r["kind"]))


def evaluation_figures(*, actor, evaluation: QuarterlyEvaluation) -> dict:
    """The part of a stored evaluation the actor may read (SEC-7): everything for a viewer of the
    whole body; for a section head the rows of units in their scope at each level, the total of
    their department rows and the alerts by rule of those departments (None when the evaluation
    was stored before alerts were kept per department)."""
    figures = evaluation.figures
    if selectors.whole_body(actor, evaluation.body):
        return {
            "whole_body": True,
            "levels": figures["levels"],
            "totals": figures["totals"],
            "alerts_by_rule": figures["alerts_by_rule"],
        }
    levels = {level: _rows_in_scope(actor, level, rows) for level, rows in figures["levels"].items()}
    per_department = figures.get("alerts_by_rule_by_department")
    departments = {row["id"] for row in levels["department"]}
    return {
        "whole_body": False,
        "levels": levels,
        "totals": _summed(levels["department"]),
        "alerts_by_rule": None if per_department is None else _rules_of(per_department, departments),
    }
