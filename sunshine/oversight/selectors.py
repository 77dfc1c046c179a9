"""Reads of the oversight app: the alert list, one alert, "my alerts" and the dashboard's counts,
scope-filtered by the case's department (SEC-7)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.core.errors import NotFound
from sunshine.core.permissions import has_permission, require_permission, scope_filter, scope_q
from sunshine.core.selectors import get_or_not_found
from sunshine.org.models import PostHolding
from sunshine.oversight.choices import AlertStatus
from sunshine.oversight.models import Alert, RecordAlert
from sunshine.oversight.services import is_responsible

RELATED = ("case", "task", "department", "responsible", "post__unit")


def _filtered(alerts: QuerySet, *, level: str = "", status: str = "", department=None, kind: str = ""):
    if level:
        alerts = alerts.filter(level=level)
    if kind:
        alerts = alerts.filter(kind=kind)
    if status == "all":
        pass
    elif status:
        alerts = alerts.filter(status=status)
    else:  # the default: everything not yet closed
        alerts = alerts.exclude(status=AlertStatus.CLOSED)
    if department is not None:
        alerts = alerts.filter(department=department)
    return alerts


def alert_list(
    *, actor, level: str = "", status: str = "", department=None, kind: str = ""
) -> QuerySet[Alert]:
    """Alerts in the actor's scope (oversight.view), newest first; by default the live ones."""
    require_permission(actor, "oversight.view")
    alerts = scope_filter(Alert.objects.all(), actor, "oversight.view", "department")
    alerts = _filtered(alerts, level=level, status=status, department=department, kind=kind)
    return alerts.select_related(*RELATED).order_by("-raised_at", "-id")


def my_alerts(*, actor, status: str = "") -> QuerySet[Alert]:
    """Alerts the actor answers for: theirs as assignee, or unassigned ones of a post they hold
    now, or (for a case's own limit) of a department they head."""
    require_permission(actor, "oversight.handle")
    holdings = PostHolding.objects.filter(person__user=actor, end_date__isnull=True)
    posts = holdings.values("post_id")
    headed = holdings.filter(post__kind="section_head").values("post__unit_id")
    mine = (
        Q(responsible=actor)
        | Q(responsible__isnull=True, post_id__in=posts)
        | Q(responsible__isnull=True, post__isnull=True, department_id__in=headed)
    )
    alerts = scope_filter(Alert.objects.filter(mine), actor, "oversight.handle", "department")
    return _filtered(alerts, status=status).select_related(*RELATED).order_by("-raised_at", "-id")


def alert_get(*, actor, pk: int) -> Alert:
    """One alert: for those who may view alerts over its department, or its responsible people."""
    if has_permission(actor, "oversight.view"):
        visible = scope_filter(Alert.objects.all(), actor, "oversight.view", "department")
        alert = visible.select_related(*RELATED).filter(pk=pk).first()
        if alert is not None:
            return alert
    require_permission(actor, "oversight.handle")
    candidates = Alert.objects.filter(scope_q(actor, "oversight.handle", "department"))
    alert = get_or_not_found(candidates.select_related(*RELATED), pk=pk)
    if not is_responsible(actor, alert):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return alert


def dashboard_counts(*, actor) -> dict:
    """Live alerts by level, by state and by department (for the discipline office's dashboard)."""
    require_permission(actor, "oversight.view")
    live = scope_filter(Alert.objects.all(), actor, "oversight.view", "department").exclude(
        status=AlertStatus.CLOSED
    )
    by_level = dict(live.values_list("level").annotate(n=Count("id")).order_by())
    by_status = dict(live.values_list("status").annotate(n=Count("id")).order_by())
    rows = (
        live.values("department_id", "department__name", "level")
        .annotate(n=Count("id"))
        .order_by("department__path", "level")
    )
    departments: dict[int, dict] = {}
    for row in rows:
        entry = departments.setdefault(
            row["department_id"],
            {"id": row["department_id"], "name": row["department__name"], "yellow": 0, "red": 0},
        )
        entry[row["level"]] = row["n"]
    return {"by_level": by_level, "by_status": by_status, "departments": list(departments.values())}


def record_alert_list(*, actor, level: str = "", status: str = "") -> QuerySet[RecordAlert]:
    """Record alerts (other records' clocks, oversight.records) of the bodies in the actor's scope
    (oversight.view), newest first; by default the live ones."""
    require_permission(actor, "oversight.view")
    alerts = scope_filter(RecordAlert.objects.all(), actor, "oversight.view", "body")
    alerts = _filtered(alerts, level=level, status=status)
    return alerts.select_related("body", "responsible").order_by("-raised_at", "-id")


def record_alert_get(*, actor, pk: int) -> RecordAlert:
    """One record alert: for those who may view alerts over its body, or its named responsible user
    (whom the record's own app holds responsible, with or without oversight permissions)."""
    related = RecordAlert.objects.select_related("body", "responsible")
    if has_permission(actor, "oversight.view"):
        alert = scope_filter(related, actor, "oversight.view", "body").filter(pk=pk).first()
        if alert is not None:
            return alert
    return get_or_not_found(related.filter(responsible_id=actor.pk), pk=pk)


def my_record_alerts(*, actor) -> QuerySet[RecordAlert]:
    """The live record alerts naming the actor as responsible, newest first."""
    alerts = RecordAlert.objects.filter(responsible_id=actor.pk).exclude(status=AlertStatus.CLOSED)
    return alerts.select_related("body", "responsible").order_by("-raised_at", "-id")
