"""/api/v1/cases/<pk>/penalty-clocks, …/penalty-extensions and …/notice-lapse: a penalty case's
stage clocks with their explanations (cases.penalty, CASE-146/157), the extension of its duration,
and the one-time notice's correction deadline and lapse (cases.notice_deadline, CASE-105A);
…/hearing-notice, …/hearing-answer and …/hearing: the hearing before a major penalty
(cases.penalty_steps, CASE-149/150). The investigators (CASE-147) are given when completing the
调查取证 step (tasks/<id>/complete, ``investigators``) and read here."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers as drf
from rest_framework.response import Response

from sunshine.cases import notice_deadline, penalty, penalty_steps, selectors
from sunshine.cases.api import CasesAPIView
from sunshine.cases.choices import HearingAnswer, PenaltyAuthority
from sunshine.cases.outcome.choices import PenaltyMeasure, ServiceMethod
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


class InvestigatorOutput(drf.Serializer):
    person = drf.IntegerField(source="person_id")
    name = drf.CharField(source="person.name")
    post = drf.IntegerField(source="post_id")
    task = drf.IntegerField(source="task_id")


class HearingOutput(drf.Serializer):
    id = drf.IntegerField()
    held_at = drf.DateTimeField()
    place = drf.CharField()
    chair = drf.IntegerField(source="chair_id")
    chair_name = drf.CharField(source="chair.name")
    attendees = drf.CharField()
    record = drf.CharField()
    opinion = drf.CharField()
    recorded_by = drf.IntegerField(source="recorded_by_id")


class HearingNoticeOutput(drf.Serializer):
    id = drf.IntegerField()
    measure = drf.CharField()
    amount = drf.DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    measure_text = drf.CharField()
    major = drf.BooleanField(help_text="the proposed penalty is major by measure or amount (CASE-149)")
    method = drf.CharField()
    given_at = drf.DateTimeField()
    request_days = drf.IntegerField()
    request_due = drf.DateTimeField(help_text="the party may ask for a hearing until then")
    answer = drf.CharField(help_text="pending, requested or waived")
    answered_at = drf.DateTimeField(allow_null=True)
    answer_note = drf.CharField()
    hearing = HearingOutput(allow_null=True)


class PenaltyClocksOutput(drf.Serializer):
    penalty = drf.BooleanField(help_text="the case's power is of the category 行政处罚")
    due_at = drf.DateTimeField(allow_null=True, help_text="Case.due_at: the running rule stage's due")
    duration_days = drf.IntegerField(allow_null=True)
    stages = StageOutput(many=True)
    extensions = ExtensionOutput(many=True)
    correction = CorrectionOutput(allow_null=True)
    investigators = InvestigatorOutput(
        many=True, help_text="调查取证执法人员 of the latest investigation (CASE-147)"
    )
    hearing_notice = HearingNoticeOutput(allow_null=True, help_text="听证告知 in force (CASE-149/150)")


class HearingNoticeInput(drf.Serializer):
    measure = drf.ChoiceField(PenaltyMeasure.choices)
    amount = drf.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    measure_text = drf.CharField(required=False, allow_blank=True)
    method = drf.ChoiceField(ServiceMethod.choices)
    given_at = drf.DateTimeField(required=False, allow_null=True, help_text="default: now")


class HearingAnswerInput(drf.Serializer):
    answer = drf.ChoiceField([HearingAnswer.REQUESTED, HearingAnswer.WAIVED])
    answered_at = drf.DateTimeField(required=False, allow_null=True, help_text="default: now")
    note = drf.CharField(required=False, allow_blank=True)


class HearingInput(drf.Serializer):
    held_at = drf.DateTimeField(required=False, allow_null=True, help_text="default: now")
    place = drf.CharField()
    chair = drf.IntegerField(help_text="org person id; of the body, not an investigator (CASE-150)")
    attendees = drf.CharField()
    record = drf.CharField(help_text="听证笔录")
    opinion = drf.CharField(help_text="听证会报告书's opinion")


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
    hearing_notice = None
    notice = penalty_steps.current_notice(case) if is_penalty else None
    if notice is not None:
        hearing_notice = {
            **{f: getattr(notice, f) for f in HearingNoticeOutput().fields if f not in ("major", "hearing")},
            "major": penalty_steps.is_major_penalty(notice.measure, notice.amount, case.applicant_kind),
            "hearing": penalty_steps.hearing_of(notice),
        }
    return PenaltyClocksOutput(
        {
            "investigators": penalty_steps.investigators_of(case) if is_penalty else [],
            "hearing_notice": hearing_notice,
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


class HearingNoticeAPI(CasesAPIView):
    @extend_schema(request=HearingNoticeInput, responses={201: PenaltyClocksOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """Record that the party was told of the right to a hearing on the proposed penalty (CASE-149)."""
        case = selectors.case_get(actor=self.actor, pk=pk)
        penalty_steps.hearing_notice_give(actor=self.actor, case=case, **self.parse(HearingNoticeInput))
        return Response(clocks_data(selectors.case_get(actor=self.actor, pk=pk)), status=201)


class HearingAnswerAPI(CasesAPIView):
    @extend_schema(request=HearingAnswerInput, responses={200: PenaltyClocksOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """The party asks for a hearing within the period, or waives it (CASE-149)."""
        case = selectors.case_get(actor=self.actor, pk=pk)
        penalty_steps.hearing_answer(actor=self.actor, case=case, **self.parse(HearingAnswerInput))
        return Response(clocks_data(selectors.case_get(actor=self.actor, pk=pk)))


class HearingAPI(CasesAPIView):
    @extend_schema(request=HearingInput, responses={201: PenaltyClocksOutput, **ERROR_RESPONSES})
    def post(self, request, pk: int):
        """Record the hearing held on the party's request (CASE-150); its chair never investigated."""
        case = selectors.case_get(actor=self.actor, pk=pk)
        penalty_steps.hearing_record(actor=self.actor, case=case, **self.parse(HearingInput))
        return Response(clocks_data(selectors.case_get(actor=self.actor, pk=pk)), status=201)
