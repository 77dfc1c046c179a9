"""The report API (/api/v1/oversight/): the efficiency report per body, department, post or person
over a period, with the filters of the report page, and the stored quarterly evaluations (list,
and one with its revisions). Scope-checked exactly as the pages (SEC-7): reports.selectors and
reports.evaluations decide; these views parse, call and answer."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response

from sunshine.core.api import ERROR_RESPONSES, ServiceAPIView
from sunshine.org.api import PAGE_PARAMETERS, paginated, ref
from sunshine.oversight.reports import evaluations, periods, queries, selectors
from sunshine.oversight.reports import serializers as s


class ReportAPI(ServiceAPIView):
    @extend_schema(
        operation_id="oversight_reports_retrieve",
        parameters=[
            OpenApiParameter(
                "body", OpenApiTypes.INT, description="default: the first body the viewer may see"
            ),
            OpenApiParameter("level", OpenApiTypes.STR, enum=list(queries.LEVELS)),
            OpenApiParameter(
                "period", OpenApiTypes.STR, enum=list(periods.KINDS), description="default: quarter"
            ),
            OpenApiParameter("year", OpenApiTypes.INT, description="default: this year"),
            OpenApiParameter("quarter", OpenApiTypes.INT, description="1-4 (period=quarter)"),
            OpenApiParameter("month", OpenApiTypes.INT, description="1-12 (period=month)"),
            OpenApiParameter("start", OpenApiTypes.DATE, description="period=range"),
            OpenApiParameter("end", OpenApiTypes.DATE, description="period=range"),
            OpenApiParameter(
                "trend", OpenApiTypes.BOOL, description="include the monthly trend (default true)"
            ),
        ],
        responses={200: s.ReportOutput, **ERROR_RESPONSES},
    )
    def get(self, request):
        """效能报告 (issue #6 §7): cases, steps, on-time rate, handling time, alerts and orders, per
        group of ``level``, limited to the viewer's scope (a section head: their department)."""
        query = self.parse(s.ReportQuery, data=request.query_params)
        actor = request.user
        body = selectors.body_for(actor, query.get("body"))
        whole = selectors.whole_body(actor, body)
        level = query.get("level") or ("body" if whole else "department")
        period = periods.parse(s.period_params(query), today=timezone.localdate())
        report = selectors.report_for(
            actor=actor, body=body, period=period, level=level, with_trend=query["trend"]
        )
        return Response(s.ReportOutput({**report, "whole_body": whole}).data)


class EvaluationListAPI(ServiceAPIView):
    @extend_schema(
        operation_id="oversight_evaluations_list",
        parameters=[
            OpenApiParameter("body", OpenApiTypes.INT),
            OpenApiParameter("year", OpenApiTypes.INT),
            OpenApiParameter("quarter", OpenApiTypes.INT, description="1-4"),
            *PAGE_PARAMETERS,
        ],
        responses={200: paginated(s.EvaluationOutput), **ERROR_RESPONSES},
    )
    def get(self, request):
        """季度效能考核报告 (ACC-22, OVS-20) of the bodies the viewer may report on, newest first."""
        query = self.parse(s.EvaluationListQuery, data=request.query_params)
        body = None
        if "body" in query:
            body = ref(selectors.body_for, "body", actor=request.user, body_id=query["body"])
        rows = evaluations.evaluation_list(
            actor=request.user, body=body, year=query.get("year"), quarter=query.get("quarter")
        )
        return self.paginate(rows, s.EvaluationOutput)


class EvaluationDetailAPI(ServiceAPIView):
    @extend_schema(
        operation_id="oversight_evaluations_retrieve",
        responses={200: s.EvaluationDetailOutput, **ERROR_RESPONSES},
    )
    def get(self, request, pk: int):
        """One stored evaluation, its frozen figures as far as the viewer may read them (a section
        head: their department's rows) and every revision of its body and quarter."""
        actor = request.user
        evaluation = evaluations.evaluation_get(actor=actor, pk=pk)
        evaluation.figures_seen = evaluations.evaluation_figures(actor=actor, evaluation=evaluation)
        evaluation.revisions = list(
            evaluations.evaluation_list(
                actor=actor, body=evaluation.body, year=evaluation.year, quarter=evaluation.quarter
            ).order_by("revision")
        )
        return Response(s.EvaluationDetailOutput(evaluation).data)
