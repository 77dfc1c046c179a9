"""Report pages under /oversight/reports/: the efficiency report with its filters, table and charts
(ECharts, vendored) and its Excel download; the stored quarterly evaluations (list, make, detail,
Excel). Thin: figures come from selectors/queries, stored reports from evaluations."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.core.errors import DomainError, InvalidInput
from sunshine.core.pages import StaffView, apply_error
from sunshine.core.permissions import has_permission, require_permission
from sunshine.org.models import Unit
from sunshine.oversight.choices import AlertKind
from sunshine.oversight.reports import evaluations, excel, periods, queries, selectors
from sunshine.oversight.reports.columns import COLUMNS, LEVEL_LABELS
from sunshine.oversight.reports.forms import EvaluationForm, ReportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _show(value, kind: str) -> str:
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value:.1f}%"
    if kind == "hours":
        return f"{value:.1f}"
    return str(value)


def _cells(row: dict) -> list:
    return [{"key": key, "text": _show(row.get(key), kind)} for key, _label, kind in COLUMNS]


def _rules(rows: list[dict]) -> list[dict]:
    return [
        {
            **row,
            "kind_label": AlertKind(row["kind"]).label if row["kind"] in AlertKind.values else row["kind"],
        }
        for row in rows
    ]


class ReportMixin:
    """Reads the filters, checks the scope and computes the report (None with errors on the form)."""

    def build(self, request, *, with_trend=True):
        actor = request.user
        bodies = list(selectors.bodies_for(actor).order_by("path"))
        params = request.GET
        body = selectors.body_for(actor, params.get("body") or None)
        today = timezone.localdate()
        whole = selectors.whole_body(actor, body)
        level = params.get("level") or ("body" if whole else "department")
        initial = {"body": str(body.pk), "level": level, "period": "quarter", "year": today.year,
                   "quarter": str(periods.quarter_of(today)[1]), "month": str(today.month)}  # fmt: skip
        data = {**initial, **{k: v for k, v in params.items() if v}}
        form = ReportForm(data, bodies=bodies)
        report = None
        if form.is_valid():
            try:
                period = periods.parse(data, today=today)
                report = selectors.report_for(
                    actor=actor, body=body, period=period, level=level, with_trend=with_trend
                )
            except InvalidInput as error:
                apply_error(form, error)
        return form, body, report, whole


class ReportView(ReportMixin, StaffView):
    def get(self, request):
        form, body, report, whole = self.build(request)
        context = {
            "form": form,
            "body": body,
            "report": report,
            "whole_body": whole,
            "stored": _stored(request.user, body),
            "title": _("效能报告"),
        }
        if report is not None:
            departments = report["rows"]
            if report["level"] != "department":
                departments = queries.rows_for(body, _period_of(report), "department", actor=request.user)
            context.update(
                columns=COLUMNS,
                level_label=LEVEL_LABELS[report["level"]],
                rows=[{"row": row, "cells": _cells(row)} for row in report["rows"]],
                total_cells=_cells(report["totals"]),
                rules=_rules(report["alerts_by_rule"]),
                charts={
                    "departments": [
                        {"name": d["name"], "rate": d["on_time_rate"], "steps": d["steps"]}
                        for d in departments
                    ],
                    "rules": [
                        {"name": f"{r['rule']} {r['kind_label']}", "value": r["alerts"]}
                        for r in _rules(report["alerts_by_rule"])
                    ],
                    "trend": report["trend"],
                    "labels": {"rate": _("按时率(%)"), "steps": _("办理环节数"), "alerts": _("预警")},
                },
                export_query=request.GET.urlencode(),
            )
        return render(request, "oversight/reports/report.html", context)


STORED_SHOWN = 4


def _stored(actor, body) -> dict:
    """The body's latest stored quarterly evaluations (newest quarter, newest revision first) and
    the totals of the newest one as far as the viewer may read them (a section head: theirs)."""
    rows = list(evaluations.evaluation_list(actor=actor, body=body)[:STORED_SHOWN])
    if not rows:
        return {"rows": [], "latest": None, "cells": {}}
    latest = rows[0]
    totals = evaluations.evaluation_figures(actor=actor, evaluation=latest)["totals"]
    cells = {key: _show(totals.get(key), kind) for key, _label, kind in COLUMNS}
    return {"rows": rows, "latest": latest, "cells": cells}


def _period_of(report) -> periods.Period:
    import datetime as dt

    p = report["period"]
    first, last = dt.date.fromisoformat(p["first_day"]), dt.date.fromisoformat(p["last_day"])
    return periods.Period(p["kind"], first, last + dt.timedelta(days=1))


class ReportExportView(ReportMixin, StaffView):
    def get(self, request):
        form, body, report, _whole = self.build(request)
        if report is None:
            first = next(iter(form.errors.values()))[0] if form.errors else _("统计条件不正确")
            raise InvalidInput("report_invalid", first)
        name = f"效能统计-{body.name}-{report['period']['first_day']}-{report['period']['last_day']}.xlsx"
        from urllib.parse import quote

        return _download(excel.report_workbook(report), quote(name))


class EvaluationListView(StaffView):
    def get(self, request):
        return self.show(request, None)

    def post(self, request):
        require_permission(self.actor, evaluations.PERM_MAKE)
        form = EvaluationForm(request.POST, bodies=self.bodies())
        if form.is_valid():
            data = form.cleaned_data
            try:
                made = evaluations.evaluation_generate(
                    actor=self.actor,
                    body=Unit.objects.filter(pk=data["body"]).first(),
                    year=data["year"],
                    quarter=data["quarter"],
                    note=data["note"],
                )
            except DomainError as error:
                if error.field is None and not isinstance(error, InvalidInput):
                    raise
                apply_error(form, error)
            else:
                messages.success(request, _("已生成季度效能考核报告（第%(n)d版）") % {"n": made.revision})
                return HttpResponseRedirect(reverse("oversight:evaluation_detail", args=[made.pk]))
        return self.show(request, form, status=400)

    def bodies(self):
        return [b for b in selectors.bodies_for(self.actor).order_by("path")
                if has_permission(self.actor, evaluations.PERM_MAKE, b)]  # fmt: skip

    def show(self, request, form, status=200):
        can_make = has_permission(self.actor, evaluations.PERM_MAKE)
        if can_make and form is None:
            year, quarter = periods.previous_quarter(timezone.localdate())
            form = EvaluationForm(initial={"year": year, "quarter": str(quarter)}, bodies=self.bodies())
        page = Paginator(evaluations.evaluation_list(actor=self.actor), 50).get_page(request.GET.get("page"))
        context = {"page": page, "form": form if can_make else None, "title": _("季度效能考核报告")}
        return render(request, "oversight/reports/evaluations.html", context, status=status)


class EvaluationDetailView(StaffView):
    def get(self, request, pk):
        evaluation = evaluations.evaluation_get(actor=self.actor, pk=pk)
        figures = evaluations.evaluation_figures(actor=self.actor, evaluation=evaluation)
        level = request.GET.get("level", "department")
        if level not in figures["levels"]:
            level = "department"
        revisions = evaluations.evaluation_list(actor=self.actor, body=evaluation.body).filter(
            year=evaluation.year, quarter=evaluation.quarter
        )
        context = {
            "evaluation": evaluation,
            "level": level,
            "levels": [(key, LEVEL_LABELS[key]) for key in figures["levels"]],
            "level_label": LEVEL_LABELS[level],
            "columns": COLUMNS,
            "rows": [{"row": row, "cells": _cells(row)} for row in figures["levels"][level]],
            "total_cells": _cells(figures["totals"]),
            "rules": _rules(figures["alerts_by_rule"] or []),
            "rules_kept": figures["alerts_by_rule"] is not None,
            "whole_body": figures["whole_body"],
            "revisions": revisions,
            "title": _("季度效能考核报告"),
        }
        return render(request, "oversight/reports/evaluation_detail.html", context)


class EvaluationExportView(StaffView):
    def get(self, request, pk):
        from urllib.parse import quote

        evaluation = evaluations.evaluation_get(actor=self.actor, pk=pk)
        e = evaluation
        name = f"季度效能考核-{e.body.name}-{e.year}Q{e.quarter}-第{e.revision}版.xlsx"
        figures = evaluations.evaluation_figures(actor=self.actor, evaluation=evaluation)
        return _download(excel.evaluation_workbook(evaluation, figures), quote(name))
