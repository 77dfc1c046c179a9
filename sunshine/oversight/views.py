"""Staff pages of the oversight app under /oversight/: the discipline office's dashboard (counts
by level and department, the live alerts with filters), "my alerts" for the responsible people,
and an alert's page with its history and the forms to acknowledge, explain, escalate and close."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.pages import StaffView, apply_error, on_the_form
from sunshine.core.permissions import has_permission
from sunshine.core.rules import get_rule
from sunshine.org import selectors as org_selectors
from sunshine.oversight import anomalies, forms, selectors, services
from sunshine.oversight.choices import AlertAction, AlertKind, AlertLevel, AlertStatus, SubjectType

PAGE_SIZE = 50
LEVEL_TAGS = {AlertLevel.YELLOW: "tag-yellow", AlertLevel.RED: "tag-red"}
STATUS_TAGS = {
    AlertStatus.OPEN: "tag-red",
    AlertStatus.ACKNOWLEDGED: "tag-orange",
    AlertStatus.EXPLAINED: "tag-blue",
    AlertStatus.ESCALATED: "tag-orange",
    AlertStatus.CLOSED: "tag-grey",
}


def alert_url(alert) -> str:
    return reverse("oversight:alert_detail", args=[alert.pk])


def case_url(alert) -> str:
    return reverse("cases:case_detail", args=[alert.case_id])


def describe(alert) -> str:
    """What the alert says, in the page's language (the stored ``message`` is the Chinese record)."""
    if anomalies.is_anomaly(alert):
        return anomalies.describe(alert)
    values = {"number": alert.case.number, "step": alert.task.name if alert.task_id else ""}
    if alert.subject_type == SubjectType.TASK:
        if alert.level == AlertLevel.RED:
            return _("办件%(number)s的“%(step)s”环节已超过办理期限") % values
        return _("办件%(number)s的“%(step)s”环节临近办理期限") % values
    if alert.level == AlertLevel.RED:
        return _("办件%(number)s已超过办结期限") % values
    return _("办件%(number)s临近办结期限") % values


def responsible_label(alert, people: dict | None = None) -> str:
    if alert.responsible_id:
        return alert.responsible.full_name or alert.responsible.username
    if alert.post_id:
        return _("%(post)s岗位") % {"post": alert.post.name}
    return _("科室负责人")


def alert_row(alert) -> dict:
    anomaly = anomalies.is_anomaly(alert)
    short = alert.task.name if alert.task_id else _("办结期限")
    return {
        "alert": alert,
        "text": describe(alert),
        "short": AlertKind(alert.kind).label if anomaly else short,
        "kind": (short if alert.task_id else "") if anomaly else AlertKind(alert.kind).label,
        "anomaly": anomaly,
        "level": {"label": AlertLevel(alert.level).label, "tag": LEVEL_TAGS[alert.level]},
        "status": {"label": AlertStatus(alert.status).label, "tag": STATUS_TAGS[alert.status]},
        "responsible": responsible_label(alert),
        "url": alert_url(alert),
        "case_url": case_url(alert),
        "overdue": not anomaly and clock.now() > alert.due_at,  # an anomaly is not about a deadline
    }


class DashboardView(StaffView):
    """The discipline office's dashboard: live alerts by level, state and department; the list
    filtered by level, department and state (htmx refreshes the list only)."""

    def get(self, request):
        actor = self.actor
        counts = selectors.dashboard_counts(actor=actor)
        units = org_selectors.unit_list(actor=actor, perm="oversight.view").exclude(kind="body")
        form = forms.AlertFilterForm(request.GET or None, units=units)
        alerts = selectors.alert_list(actor=actor, **form.filters())
        page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        by_status = counts["by_status"]
        context = {
            "form": form,
            "page": page,
            "rows": [alert_row(a) for a in page.object_list],
            "query": query.urlencode(),
            "red": counts["by_level"].get(AlertLevel.RED, 0),
            "yellow": counts["by_level"].get(AlertLevel.YELLOW, 0),
            "waiting": by_status.get(AlertStatus.OPEN, 0) + by_status.get(AlertStatus.ACKNOWLEDGED, 0),
            "explained": by_status.get(AlertStatus.EXPLAINED, 0),
            "escalated": by_status.get(AlertStatus.ESCALATED, 0),
            "departments": counts["departments"],
            "title": _("电子监察"),
        }
        if not request.htmx:  # other records' clocks (oversight.records), beside the case alerts
            from sunshine.oversight.record_views import record_row

            live = selectors.record_alert_list(actor=actor)[:PAGE_SIZE]
            context["record_rows"] = [record_row(a) for a in live]
        template = "oversight/dashboard.html#rows" if request.htmx else "oversight/dashboard.html"
        return render(request, template, context)


class MyAlertsView(StaffView):
    """The alerts I answer for, newest first; by default those not yet closed."""

    def get(self, request):
        status = request.GET.get("status", "")
        if status not in ("", "all", *AlertStatus.values):
            status = ""
        alerts = selectors.my_alerts(actor=self.actor, status=status)
        page = Paginator(alerts, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "rows": [alert_row(a) for a in page.object_list],
            "status": status,
            "query": f"status={status}" if status else "",
            "can_view_all": has_permission(self.actor, "oversight.view"),
        }
        from sunshine.oversight.record_views import record_row

        context["record_rows"] = [
            record_row(a) for a in selectors.my_record_alerts(actor=self.actor)[:PAGE_SIZE]
        ]
        return render(request, "oversight/my_alerts.html", context)


ACTIONS = {
    AlertAction.ACKNOWLEDGE: forms.AcknowledgeForm,
    AlertAction.EXPLAIN: forms.ExplainForm,
    AlertAction.ESCALATE: forms.EscalateForm,
    AlertAction.CLOSE: forms.CloseForm,
}


def available_actions(actor, alert) -> set[str]:
    """What the viewer may do with the alert now (the services check it again)."""
    if alert.status == AlertStatus.CLOSED or not has_permission(actor, "oversight.handle", alert):
        return set()
    responsible = services.is_responsible(actor, alert)
    closer = has_permission(actor, "oversight.close", alert)
    actions = set()
    if responsible and alert.status == AlertStatus.OPEN:
        actions.add(AlertAction.ACKNOWLEDGE)
    if responsible and alert.status in (AlertStatus.OPEN, AlertStatus.ACKNOWLEDGED, AlertStatus.ESCALATED):
        actions.add(AlertAction.EXPLAIN)
    if (responsible or closer) and alert.status != AlertStatus.ESCALATED:
        actions.add(AlertAction.ESCALATE)
    if closer and alert.status in (AlertStatus.EXPLAINED, AlertStatus.ESCALATED):
        actions.add(AlertAction.CLOSE)
    return actions


def history(alert) -> list[dict]:
    """The alert's life: raised by the scan, each handling step, superseded by a red alert."""
    rows = [
        {
            "at": alert.raised_at,
            "label": _("系统发出预警"),
            "actor": _("电子监察系统"),
            "note": describe(alert),
            "status": AlertStatus.OPEN.label,
        }
    ]
    for event in alert.events.select_related("actor"):
        rows.append(
            {
                "at": event.at,
                "label": AlertAction(event.action).label,
                "actor": (event.actor.full_name or event.actor.username) if event.actor else _("系统"),
                "note": event.note,
                "status": AlertStatus(event.to_status).label,
            }
        )
    if alert.superseded_by_id:
        rows.append(
            {
                "at": alert.closed_at,
                "label": _("由红牌预警取代"),
                "actor": _("电子监察系统"),
                "note": alert.close_note,
                "status": AlertStatus.CLOSED.label,
            }
        )
    return rows


class AlertDetailView(StaffView):
    def get(self, request, pk: int):
        alert = selectors.alert_get(actor=self.actor, pk=pk)
        return render_alert(request, alert)


def render_alert(request, alert, bound: dict | None = None, status: int = 200):
    actor = request.user
    allowed = available_actions(actor, alert)
    action_forms = {}
    for action in allowed:
        if bound and action in bound:
            action_forms[action] = bound[action]
        else:
            action_forms[action] = ACTIONS[action](initial={"version": alert.version}, prefix=action)
    people = services.recipients_of([alert])[alert.pk]
    context = {
        "alert": alert,
        "row": alert_row(alert),
        "history": history(alert),
        "rule": get_rule(alert.rule).as_dict(),
        "forms": action_forms,
        "responsible_names": _names(people.responsible),
        "leader_names": _names(people.leaders),
        "can_view_all": has_permission(actor, "oversight.view"),
    }
    return render(request, "oversight/alert_detail.html", context, status=status)


def _names(user_ids) -> str:
    from sunshine.core.models import User

    users = User.objects.filter(pk__in=user_ids).order_by("pk")
    return "、".join(u.full_name or u.username for u in users) or "—"


def _call(service, **fixed):
    """An action's service with the form's fields it takes (the same table serves both alert kinds)."""

    def call(actor, alert, data, expected):
        values = {name: data[field] for name, field in fixed.items()}
        return service(actor=actor, alert=alert, expected_version=expected, **values)

    return call


CALLS = {
    AlertAction.ACKNOWLEDGE: _call(services.alert_acknowledge),
    AlertAction.EXPLAIN: _call(services.alert_explain, explanation="explanation"),
    AlertAction.ESCALATE: _call(services.alert_escalate, to="to", note="note"),
    AlertAction.CLOSE: _call(services.alert_close, note="note"),
}


class AlertActionView(StaffView):
    """POST one of the actions; a refusal goes back on its form on the alert's page (422). Record
    alerts (record_views) use the same view with their own getter, calls and page."""

    calls = CALLS

    def get_alert(self, pk: int):
        return selectors.alert_get(actor=self.actor, pk=pk)

    def render_page(self, request, alert, bound, status):
        return render_alert(request, alert, bound=bound, status=status)

    def url(self, alert) -> str:
        return alert_url(alert)

    def post(self, request, pk: int, action: str):
        if action not in self.calls:
            raise Http404
        alert = self.get_alert(pk)
        form = ACTIONS[action](request.POST, prefix=action)
        if form.is_valid():
            expected = form.cleaned_data.get("version") or alert.version
            try:
                self.calls[action](self.actor, alert, form.cleaned_data, expected)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                alert.refresh_from_db()
                return self.render_page(request, alert, {action: form}, 422)
            messages.success(request, _("已%(action)s") % {"action": AlertAction(action).label})
            return HttpResponseRedirect(self.url(alert))
        return self.render_page(request, alert, {action: form}, 422)
