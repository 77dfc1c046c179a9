"""Pages of record alerts (other records' clocks, oversight.records): one alert with its handling
forms. The list is a section of the discipline office's dashboard (views.DashboardView) and of
"my alerts"."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse

from sunshine.core import clock
from sunshine.core.pages import StaffView
from sunshine.core.permissions import has_permission
from sunshine.core.rules import get_rule
from sunshine.oversight import records, selectors
from sunshine.oversight.choices import AlertAction, AlertLevel, AlertStatus
from sunshine.oversight.views import ACTIONS, LEVEL_TAGS, STATUS_TAGS, AlertActionView, _call


def record_row(alert) -> dict:
    return {
        "alert": alert,
        "level": {"label": AlertLevel(alert.level).label, "tag": LEVEL_TAGS[alert.level]},
        "status": {"label": AlertStatus(alert.status).label, "tag": STATUS_TAGS[alert.status]},
        "responsible": (alert.responsible.full_name or alert.responsible.username)
        if alert.responsible_id
        else "—",
        "url": records.alert_url(alert),
        "overdue": alert.resolved_at is None and clock.now() > alert.due_at,
    }


def render_record_alert(request, alert, bound: dict | None = None, status: int = 200):
    action_forms = {}
    for action in records.available_actions(request.user, alert):
        action_forms[action] = (bound or {}).get(action) or ACTIONS[action](
            initial={"version": alert.version}, prefix=action
        )
    context = {
        "alert": alert,
        "row": record_row(alert),
        "rule": get_rule(alert.rule).as_dict(),
        "forms": action_forms,
        "action_base": reverse("oversight:record_alert_action", args=[alert.pk, "x"])[:-2],
        "can_view_all": has_permission(request.user, "oversight.view"),
    }
    return render(request, "oversight/record_alert_detail.html", context, status=status)


class RecordAlertDetailView(StaffView):
    def get(self, request, pk: int):
        return render_record_alert(request, selectors.record_alert_get(actor=self.actor, pk=pk))


class RecordAlertActionView(AlertActionView):
    """签收, 说明, 关闭 of a record alert: the case alert's action view with the record services."""

    calls = {
        AlertAction.ACKNOWLEDGE: _call(records.record_alert_acknowledge),
        AlertAction.EXPLAIN: _call(records.record_alert_explain, explanation="explanation"),
        AlertAction.CLOSE: _call(records.record_alert_close, note="note"),
    }

    def get_alert(self, pk: int):
        return selectors.record_alert_get(actor=self.actor, pk=pk)

    def render_page(self, request, alert, bound, status):
        return render_record_alert(request, alert, bound=bound, status=status)

    def url(self, alert) -> str:
        return records.alert_url(alert)
