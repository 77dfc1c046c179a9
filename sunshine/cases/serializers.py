"""Shapes of the cases API (/api/v1/cases/)."""

from __future__ import annotations

from rest_framework import serializers as drf

from sunshine.cases.choices import ApplicantKind
from sunshine.cases.models import Case, CaseMaterial, CaseTask, CorrectionNotice


class CaseMaterialOutput(drf.ModelSerializer):
    class Meta:
        model = CaseMaterial
        fields = ["id", "name", "required", "received_at"]


class TaskOutput(drf.ModelSerializer):
    case_number = drf.CharField(source="case.number", read_only=True)
    assignee_name = drf.CharField(source="assignee.full_name", default=None, read_only=True)
    completed_by_name = drf.CharField(source="completed_by.full_name", default=None, read_only=True)

    class Meta:
        model = CaseTask
        fields = [
            "id",
            "case",
            "case_number",
            "element_id",
            "name",
            "lane",
            "post",
            "assignee",
            "assignee_name",
            "status",
            "opened_at",
            "due_at",
            "time_limit",
            "time_unit",
            "completed_at",
            "completed_by",
            "completed_by_name",
            "opinion",
            "choice",
        ]


class NoticeOutput(drf.ModelSerializer):
    class Meta:
        model = CorrectionNotice
        fields = ["missing", "note", "given_at", "completed_at"]


class CaseSummaryOutput(drf.ModelSerializer):
    power_name = drf.CharField(source="power_version.name", read_only=True)
    record_pending = drf.BooleanField(
        read_only=True, default=False, help_text="待备案: an archived major penalty not yet filed (CASE-156)"
    )

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "subject",
            "applicant_name",
            "power_version",
            "power_name",
            "department",
            "status",
            "received_at",
            "accepted_at",
            "due_at",
            "closed_at",
            "version",
            "record_pending",
        ]


class CaseOutput(CaseSummaryOutput):
    record_pending = drf.SerializerMethodField(help_text="待备案 (CASE-156)")
    materials = CaseMaterialOutput(many=True, read_only=True)
    tasks = TaskOutput(many=True, read_only=True)
    notice = NoticeOutput(read_only=True, default=None)

    class Meta(CaseSummaryOutput.Meta):
        fields = [
            *CaseSummaryOutput.Meta.fields,
            "applicant_kind",
            "applicant_contact",
            "first_contact",
            "deemed_accepted",
            "materials",
            "tasks",
            "notice",
        ]

    def get_record_pending(self, case) -> bool:
        from sunshine.cases.outcome.archive import record_filing_pending

        return record_filing_pending(case)


class CaseRegisterInput(drf.Serializer):
    power_version = drf.IntegerField()
    subject = drf.CharField(allow_blank=True)
    applicant_kind = drf.ChoiceField(ApplicantKind.choices)
    applicant_name = drf.CharField(allow_blank=True)
    applicant_contact = drf.CharField(allow_blank=True)
    applicant_id_number = drf.CharField(required=False, allow_blank=True)
    received = drf.ListField(child=drf.CharField(), required=False)
    pre_filing_reason = drf.CharField(
        required=False,
        allow_blank=True,
        help_text="penalty items only: out_of_area or immediate (先行调查取证, CASE-146); "
        "the filing is then a 5-working-day backfill",
    )
    pre_filing_note = drf.CharField(required=False, allow_blank=True, help_text="the circumstances")


class TaskCompleteInput(drf.Serializer):
    opinion = drf.CharField(required=False, allow_blank=True)
    choice = drf.CharField(required=False, allow_blank=True, help_text="one of the task's options")
    missing = drf.ListField(
        child=drf.IntegerField(), required=False, help_text="case material ids (one-time notice)"
    )
    note = drf.CharField(required=False, allow_blank=True)
    investigators = drf.ListField(
        child=drf.IntegerField(),
        required=False,
        help_text="调查取证 of a penalty case: ids of two or more holders of the enforcement post (CASE-147)",
    )


class OptionOutput(drf.Serializer):
    label = drf.CharField()
    flow_id = drf.CharField()
