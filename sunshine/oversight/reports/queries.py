"""The figures of an efficiency report (效能报告, issue #6 §7; ACC-22 day-to-day evaluation of power
operation, CASE-14 post responsibility), computed in the database with grouped aggregates: one
query per kind of record and level, never a Python loop over the rows: a report is eight queries
(grouped steps, closed cases, alerts and orders; the groups' names; alerts by rule; the monthly
trend of steps and of alerts), plus four aggregates for the total at post and person level,
whatever the number of cases.

Definitions (shown on the page):

* 办理环节 (steps): case steps completed in the period (``completed_at``), counted for the body and
  department of their case, the post of the step and the person who completed it;
* 办件数 (cases): distinct cases in which such a step was completed;
* 按时率 (on-time rate): steps completed by their due date (``completed_at <= due_at``; the due date
  already counts working days, holidays, suspensions and extensions) among the steps that had one;
* 办理用时 (handling time): hours from the step's arrival to its completion (elapsed hours, not
  working days: the due date carries the working-day rule), average and slowest;
* 办结 (closed cases, body and department only): cases closed in the period, and those closed by
  their own limit;
* 预警 (alerts): alerts raised in the period, all and red, by the alert's department, post and
  responsible person; and by rule (依据);
* 督办 (orders): supervision orders issued in the period to the department / responsible person,
  those replied, replied late (after ``reply_due``) and unanswered past their reply deadline.

Indexes: a year's report reads most of a body's rows, which PostgreSQL rightly does with sequential
scans and hash joins (bench/oversight_report.py); a month's or quarter's report over years of data
wants cases_casetask (completed_at) and cases_case (body, closed_at) [cases app: not added here],
oversight_alert (body, raised_at) [oversight_alert_report_idx, added with this module] and
oversight_supervisionorder (body, issued_at) [not added: the order model belongs to oversight.orders].
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from sunshine.cases.models import Case, CaseTask
from sunshine.core import clock
from sunshine.core.permissions import scope_q
from sunshine.org.models import Post, Unit
from sunshine.oversight.choices import AlertLevel
from sunshine.oversight.models import Alert, SupervisionOrder
from sunshine.oversight.reports import periods

LEVELS = ("body", "department", "post", "person")
PERM = "oversight.view"

# The group key of each kind of record at each level (None: the level does not apply).
STEP_KEY = {
    "body": "case__body_id",
    "department": "case__department_id",
    "post": "post_id",
    "person": "completed_by_id",
}
CASE_KEY = {"body": "body_id", "department": "department_id", "post": None, "person": None}
ALERT_KEY = {"body": "body_id", "department": "department_id", "post": "post_id", "person": "responsible_id"}
ORDER_KEY = {"body": "body_id", "department": "department_id", "post": None, "person": "responsible_id"}

HANDLING = ExpressionWrapper(F("completed_at") - F("opened_at"), output_field=DurationField())


def _hours(value: dt.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 1)


def _rate(part: int, whole: int) -> float | None:
    return None if not whole else round(100 * part / whole, 1)


def _scoped(queryset, actor, unit_field: str):
    """Rows in the actor's data scope (SEC-7); ``actor=None`` is the system (stored reports)."""
    return queryset if actor is None else queryset.filter(scope_q(actor, PERM, unit_field))


def _steps(body, period, actor):
    steps = CaseTask.objects.filter(
        case__body=body, completed_at__gte=period.start, completed_at__lt=period.end
    )
    return _scoped(steps, actor, "case__department")


STEP_FIGURES = {
    "cases": Count("case_id", distinct=True),
    "steps": Count("id"),
    "timed": Count("id", filter=Q(due_at__isnull=False)),
    "on_time": Count("id", filter=Q(completed_at__lte=F("due_at"))),
    "handling_total": Sum(HANDLING),
    "slowest": Max(HANDLING),
}


def _cases(body, period, actor):
    cases = Case.objects.filter(body=body, closed_at__gte=period.start, closed_at__lt=period.end)
    return _scoped(cases, actor, "department")


CASE_FIGURES = {
    "closed": Count("id"),
    "closed_timed": Count("id", filter=Q(due_at__isnull=False)),
    "closed_on_time": Count("id", filter=Q(closed_at__lte=F("due_at"))),
}


def _alerts(body, period, actor):
    alerts = Alert.objects.filter(body=body, raised_at__gte=period.start, raised_at__lt=period.end)
    return _scoped(alerts, actor, "department")


ALERT_FIGURES = {"alerts": Count("id"), "red": Count("id", filter=Q(level=AlertLevel.RED))}


def _orders(body, period, actor):
    orders = SupervisionOrder.objects.filter(body=body, issued_at__gte=period.start, issued_at__lt=period.end)
    return _scoped(orders, actor, "department")


def order_figures(now: dt.datetime) -> dict:
    return {
        "orders": Count("id"),
        "replied": Count("id", filter=Q(replied_at__isnull=False)),
        "replied_late": Count("id", filter=Q(replied_at__gt=F("reply_due"))),
        "unanswered_overdue": Count("id", filter=Q(replied_at__isnull=True, reply_due__lt=now)),
    }


EMPTY = {
    "cases": 0, "steps": 0, "timed": 0, "on_time": 0, "handling_total": None, "slowest": None,
    "closed": None, "closed_timed": None, "closed_on_time": None,
    "alerts": 0, "red": 0, "orders": None, "replied": None, "replied_late": None, "unanswered_overdue": None,
}  # fmt: skip


def _grouped(queryset, key: str | None, figures: dict, rows: dict) -> None:
    """Add one grouped aggregate (a single GROUP BY query) to ``rows`` keyed by the group id."""
    if key is None:
        return
    for values in queryset.values(key).annotate(**figures).order_by():
        group = values.pop(key)
        rows.setdefault(group, dict(EMPTY)).update(values)


def _finish(figures: dict) -> dict:
    """Derived figures (rates, hours) of one row; JSON-ready, so that a stored report can keep it."""
    total = figures.pop("handling_total")
    done = figures["steps"]
    figures["on_time_rate"] = _rate(figures["on_time"], figures["timed"])
    figures["avg_hours"] = _hours(total / done) if total is not None and done else None
    figures["slowest_hours"] = _hours(figures.pop("slowest"))
    if figures["closed"] is not None:
        figures["closed_on_time_rate"] = _rate(figures["closed_on_time"], figures["closed_timed"])
    else:
        figures["closed_on_time_rate"] = None
    return figures


def _names(level: str, ids) -> dict:
    """The label of each group: its name, the name of the unit it belongs to (a post's, a person's)
    and that unit's id (``unit_id``: the unit itself at body and department level), by which a
    stored evaluation is later shown to a section head only for their own department (SEC-7)."""
    ids = [i for i in ids if i is not None]
    if level in ("body", "department"):
        return {u.pk: {"name": u.name, "unit": "", "unit_id": u.pk} for u in Unit.objects.filter(pk__in=ids)}
    if level == "post":
        posts = Post.objects.filter(pk__in=ids).select_related("unit")
        return {p.pk: {"name": p.name, "unit": p.unit.name, "unit_id": p.unit_id} for p in posts}
    users = get_user_model().objects.filter(pk__in=ids).select_related("person__unit")
    named = {}
    for user in users:
        person = getattr(user, "person", None)
        named[user.pk] = {
            "name": user.full_name or user.username,
            "unit": person.unit.name if person is not None else "",
            "unit_id": person.unit_id if person is not None else None,
        }
    return named


def _raw_rows(body, period, level, actor, now) -> dict:
    rows: dict = {}
    _grouped(_steps(body, period, actor), STEP_KEY[level], STEP_FIGURES, rows)
    _grouped(_cases(body, period, actor), CASE_KEY[level], CASE_FIGURES, rows)
    _grouped(_alerts(body, period, actor), ALERT_KEY[level], ALERT_FIGURES, rows)
    _grouped(_orders(body, period, actor), ORDER_KEY[level], order_figures(now), rows)
    return rows


def _labelled(level: str, rows: dict) -> list[dict]:
    names = _names(level, rows)
    result = []
    for group, figures in rows.items():
        label = names.get(group, {"name": "", "unit": "", "unit_id": None})
        if group is None:  # a step without a post, an alert without a responsible person
            label = {"name": "（未指定）", "unit": "", "unit_id": None}
        result.append({"id": group, **label, **_finish(dict(figures))})
    result.sort(key=lambda r: (-r["steps"], r["unit"], r["name"]))
    return result


def rows_for(body, period: periods.Period, level: str, *, actor=None, now=None) -> list[dict]:
    """One row per group of ``level`` that had any step, closed case, alert or order in the period."""
    return _labelled(level, _raw_rows(body, period, level, actor, now or clock.now()))


# Counts that are None on a post or person row (not counted there) but 0 in an empty total.
COUNTED_AT_ALL_LEVELS_ABOVE_POST = (
    "closed", "closed_timed", "closed_on_time", "orders", "replied", "replied_late", "unanswered_overdue",
)  # fmt: skip


def _summed(rows: dict) -> dict:
    """The total of body or department rows: these groups split every record exactly once (a case
    has one body and one department), so even the distinct cases add up; no second scan needed."""
    total = {**EMPTY, **dict.fromkeys(COUNTED_AT_ALL_LEVELS_ABOVE_POST, 0)}
    for figures in rows.values():
        for key, value in figures.items():
            if value is None:
                continue
            if key == "slowest":
                total[key] = value if total[key] is None else max(total[key], value)
            elif total[key] is None:
                total[key] = value
            else:
                total[key] += value
    return total


def totals(body, period: periods.Period, *, actor=None, now=None) -> dict:
    """The figures of the whole scope (the body, or the part of it the actor may see)."""
    now = now or clock.now()
    figures = dict(EMPTY)
    figures.update(_steps(body, period, actor).aggregate(**STEP_FIGURES))
    figures.update(_cases(body, period, actor).aggregate(**CASE_FIGURES))
    figures.update(_alerts(body, period, actor).aggregate(**ALERT_FIGURES))
    figures.update(_orders(body, period, actor).aggregate(**order_figures(now)))
    return _finish(figures)


def alerts_by_rule(body, period: periods.Period, *, actor=None) -> list[dict]:
    rows = (
        _alerts(body, period, actor)
        .values("rule", "kind")
        .annotate(alerts=Count("id"), red=Count("id", filter=Q(level=AlertLevel.RED)))
        .order_by("-alerts", "rule", "kind")
    )
    return list(rows)


def alerts_by_rule_per_department(body, period: periods.Period) -> list[dict]:
    """Alerts by rule split by department (one grouped query), frozen with a stored evaluation so
    that a section head sees the alerts of their own department only (SEC-7)."""
    rows = (
        _alerts(body, period, None)
        .values("department_id", "rule", "kind")
        .annotate(alerts=Count("id"), red=Count("id", filter=Q(level=AlertLevel.RED)))
        .order_by("department_id", "-alerts", "rule", "kind")
    )
    return [{**row, "department": row.pop("department_id")} for row in rows]


def trend(body, period: periods.Period, *, actor=None) -> list[dict]:
    """Month by month over the period (at least the 12 months ending with it): steps completed,
    their on-time rate and alerts raised."""
    first = periods.add_months(period.last_day.replace(day=1), -11)
    first = min(first, period.first_day.replace(day=1))
    span = periods.Period("range", first, period.end_day)
    tz = timezone.get_current_timezone()
    steps = (
        _steps(body, span, actor)
        .annotate(month=TruncMonth("completed_at", tzinfo=tz))
        .values("month")
        .annotate(steps=Count("id"), timed=STEP_FIGURES["timed"], on_time=STEP_FIGURES["on_time"])
        .order_by()
    )
    alerts = (
        _alerts(body, span, actor)
        .annotate(month=TruncMonth("raised_at", tzinfo=tz))
        .values("month")
        .annotate(alerts=Count("id"))
        .order_by()
    )
    by_month: dict[str, dict] = {}
    day = first
    while day < period.end_day:
        by_month[f"{day:%Y-%m}"] = {"month": f"{day:%Y-%m}", "steps": 0, "on_time_rate": None, "alerts": 0}
        day = periods.add_months(day, 1)
    for row in steps:
        entry = by_month.get(f"{timezone.localtime(row['month'], tz):%Y-%m}") if row["month"] else None
        if entry is not None:
            entry.update(steps=row["steps"], on_time_rate=_rate(row["on_time"], row["timed"]))
    for row in alerts:
        entry = by_month.get(f"{timezone.localtime(row['month'], tz):%Y-%m}") if row["month"] else None
        if entry is not None:
            entry["alerts"] = row["alerts"]
    return list(by_month.values())


def report(body, period: periods.Period, level: str, *, actor=None, now=None, with_trend=True) -> dict:
    """Everything the page, the workbook and a stored report show, as plain JSON-ready data."""
    if level not in LEVELS:
        raise ValueError(level)
    now = now or clock.now()
    raw = _raw_rows(body, period, level, actor, now)
    if level in ("body", "department"):
        total = _finish(_summed(raw))
    else:
        total = totals(body, period, actor=actor, now=now)
    return {
        "body": {"id": body.pk, "name": body.name},
        "period": {**period.as_dict(), "label": period.label},
        "level": level,
        "rows": _labelled(level, raw),
        "totals": total,
        "alerts_by_rule": alerts_by_rule(body, period, actor=actor),
        "trend": trend(body, period, actor=actor) if with_trend else [],
        "computed_at": now.isoformat(),
    }
