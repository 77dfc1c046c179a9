"""/api/v1/cases/<pk>/penalty-clocks, …/penalty-extensions and …/notice-lapse: a penalty case's
stage clocks with their explanations (cases.penalty, CASE-146/157), the extension of its duration,
and the one-time notice's correction deadline and lapse (cases.notice_deadline, CASE-105A)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response

from sunshine.cases import notice_deadline, penalty, selectors
from sunshine.cases.api import CasesAPIView
from sunshine.cases.choices import PenaltyAuthority
from sunshine.cases.serializers import CaseOutput
from sunshine.core.api import ERROR_RESPONSES


class StageOutput(drf.Serializer):
    key = drf.CharField(
        help_text="filing, investigation, notification, collective, decision, duration, closing"
    )
    label = drf.CharField()
    rule = drf.CharField()
    source = drf.CharField(help_text="rule: the seeds' limit; flowchart: the step's limit on the chart")
    state = drf.CharField(help_text="pending, running or done")
    start = drf.DateTimeField(allow_null=True)
    end = drf.DateTimeField(allow_null=True)
    amount = drf.IntegerField(allow_null=True)
    unit = drf.CharField(help_text="workdays, days or hours; empty without a limit")
    due = drf.DateTimeField(allow_null=True)
    late = drf.BooleanField()
    suspended = drf.BooleanField()
    explanation = drf.ListField(child=drf.CharField(), source="lines")
    note = drf.CharField(help_text="why the limit is not the stage's ordinary one (补办立案, CASE-146)")


class ExtensionOutput(drf.Serializer):
    id = drf.IntegerField()
    total_days = drf.IntegerField()
    authority = drf.CharField()
    document = drf.CharField()
    reason = drf.CharField()
    approved_by = drf.IntegerField(source="approved_by_id")
    created_at = drf.DateTimeField()


class CorrectionOutput(drf.Serializer):
    period_workdays = drf.IntegerField()
    due = drf.DateTimeField()
    completed_at = drf.DateTimeField(allow_null=True)
    lapsed_at = drf.DateTimeField(allow_null=True)
    explanation = drf.ListField(child=drf.CharField())


class PenaltyClocksOutput(drf.Serializer):
    penalty = drf.BooleanField(help_text="the case's power is of the category 行政处罚")
    due_at = drf.DateTimeField(allow_null=True, help_text="Case.due_at: the running rule stage's due")
    duration_days = drf.IntegerField(allow_null=True)
    stages = StageOutput(many=True)
    extensions = ExtensionOutput(many=True)
    correction = CorrectionOutput(allow_null=True)


class PenaltyExtendInput(drf.Serializer):
    total_days = drf.IntegerField(help_text="the new total in calendar days from filing (CASE-157)")
    authority = drf.ChoiceField(PenaltyAuthority.choices)
    reason = drf.CharField()
    document = drf.CharField(required=False, allow_blank=True, help_text="required for the superior bureau")


class NoticeLapseInput(drf.Serializer):
    note = drf.CharField(required=False, allow_blank=True)


def clocks_data(case) -> dict:
    is_penalty = penalty.is_penalty(case)
    notice = getattr(case, "notice", None)
    correction = None
    if notice is not None:
        deadline = notice_deadline.correction_deadline(notice)
        lapse = getattr(notice, "lapse", None)
        correction = {
            "period_workdays": deadline.amount,
            "due": deadline.due,
            "completed_at": notice.completed_at,
            "lapsed_at": lapse.ended_at if lapse is not None else None,
            "explanation": deadline.lines(),
        }
    return PenaltyClocksOutput(
        {
            "penalty": is_penalty,
            "due_at": case.due_at,
            "duration_days": penalty.duration_days(case) if is_penalty else None,
            "stages": penalty.stage_clocks(case),
            "extensions": list(case.penalty_extensions.all()),
            "correction": correction,
        }
    ).data


class PenaltyClocksAPI(CasesAPIView):
    @extend_schema(
        operation_id="cases_penalty_clocks", responses={200: PenaltyClocksOutput, **ERROR_RESPONSES}
    )
    def get(self, request, pk: int):
        """A case's stage clocks (penalty cases) and its correction deadline (one-time notice), each
        due date with its explanation."""
        return Response(clocks_data(selectors.case_get(actor=self.actor, pk=pk)))


class PenaltyExtendAPI(CasesAPIView):
    @extend_schema(request=PenaltyExtendInput, responses={201: PenaltyClocksOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """Extend a penalty case's duration (CASE-157): the principal leader up to 90 days in all,
        the superior bureau (with its document) up to 180."""
        case = selectors.case_get(actor=self.actor, pk=pk)
        penalty.penalty_extend(actor=self.actor, case=case, **self.parse(PenaltyExtendInput))
        return Response(clocks_data(selectors.case_get(actor=self.actor, pk=pk)), status=201)


class NoticeLapseAPI(CasesAPIView):
    @extend_schema(request=NoticeLapseInput, responses={200: CaseOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """End a case whose correction period passed without the materials (CASE-105A)."""
        case = selectors.case_get(actor=self.actor, pk=pk)
        notice_deadline.notice_lapse(actor=self.actor, case=case, **self.parse(NoticeLapseInput))
        return self.case(pk)
