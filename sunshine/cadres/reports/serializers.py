"""Serializers of /api/v1/cadres/reports/ (input parsing and output shape only)."""

from __future__ import annotations

from rest_framework import serializers

from sunshine.cadres.reports.models import (
    AbsenceChange,
    AbsenceKind,
    AbsenceRequest,
    AbsenceStep,
    MatterType,
    PersonalMatterReport,
)


class CadreAbsenceStepOutput(serializers.ModelSerializer):
    class Meta:
        model = AbsenceStep
        fields = [
            "order",
            "kind",
            "label",
            "rule",
            "assignee",
            "office_body",
            "status",
            "acted_by",
            "acted_at",
            "opinion",
        ]


class CadreAbsenceChangeOutput(serializers.ModelSerializer):
    class Meta:
        model = AbsenceChange
        fields = [
            "id", "reported_at", "reason", "old_destination", "new_destination", "old_end_date",
            "new_end_date", "old_days", "new_days", "status",
        ]  # fmt: skip


class CadreAbsenceOutput(serializers.ModelSerializer):
    steps = CadreAbsenceStepOutput(many=True, read_only=True)
    changes = CadreAbsenceChangeOutput(many=True, read_only=True)
    written_late = serializers.BooleanField(read_only=True)
    returned_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = AbsenceRequest
        fields = [
            "id", "version", "person", "person_name", "post_name", "body", "rank", "kind", "abroad",
            "destination", "reason",
            "start_date", "end_date", "days", "contact_phone", "stand_in", "stand_in_post",
            "stand_in_phone", "overlap_reason", "oral", "oral_reported_at", "written_at", "written_due",
            "written_late", "status", "decided_at", "returned_on", "returned_at", "returned_late", "steps",
            "changes",
        ]  # fmt: skip


class CadreAbsenceInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=AbsenceKind.choices)
    abroad = serializers.BooleanField(default=False)
    destination = serializers.CharField(allow_blank=True, max_length=200)
    reason = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    contact_phone = serializers.CharField(allow_blank=True, max_length=30)
    stand_in = serializers.IntegerField(allow_null=True, required=False)
    stand_in_phone = serializers.CharField(allow_blank=True, max_length=30)
    overlap_reason = serializers.CharField(allow_blank=True, required=False, default="")
    oral = serializers.BooleanField(default=False)
    oral_reported_at = serializers.DateTimeField(allow_null=True, required=False)


class CadreDecideInput(serializers.Serializer):
    approve = serializers.BooleanField()
    opinion = serializers.CharField(allow_blank=True, required=False, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


class CadreVersionInput(serializers.Serializer):
    version = serializers.IntegerField(required=False, allow_null=True)


class CadreChangeInput(CadreVersionInput):
    reason = serializers.CharField(allow_blank=True)
    destination = serializers.CharField(allow_blank=True, required=False, default="", max_length=200)
    end_date = serializers.DateField(required=False, allow_null=True, default=None)
    contact_phone = serializers.CharField(allow_blank=True, required=False, default="", max_length=30)


class CadreReturnInput(CadreVersionInput):
    returned_on = serializers.DateField()


class CadreHalfYearQuery(serializers.Serializer):
    body = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    half = serializers.ChoiceField(choices=[1, 2])


class CadreSummaryRowOutput(serializers.Serializer):
    id = serializers.IntegerField(source="request.id")
    name = serializers.CharField()
    post = serializers.CharField()
    kind = serializers.CharField()
    destination = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    days = serializers.IntegerField()
    stand_in = serializers.CharField()
    approvers = serializers.CharField()
    filed = serializers.CharField()
    notes = serializers.CharField()


class CadreMatterOutput(serializers.ModelSerializer):
    written_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = PersonalMatterReport
        fields = [
            "id", "version", "person", "person_name", "post_name", "body", "leading_cadre", "matter_type",
            "matter_date", "place", "funds_source", "handling", "description", "oral", "oral_reported_at",
            "written_at", "written_due", "written_late", "leader", "status", "acknowledged_at",
            "leader_opinion",
        ]  # fmt: skip


class CadreMatterInput(serializers.Serializer):
    matter_type = serializers.ChoiceField(choices=MatterType.choices)
    matter_date = serializers.DateField()
    description = serializers.CharField(allow_blank=True)
    place = serializers.CharField(allow_blank=True, required=False, default="")
    funds_source = serializers.CharField(allow_blank=True, required=False, default="")
    handling = serializers.CharField(allow_blank=True, required=False, default="")
    oral = serializers.BooleanField(default=False)
    oral_reported_at = serializers.DateTimeField(allow_null=True, required=False)


class CadreMatterWrittenInput(CadreVersionInput):
    place = serializers.CharField(allow_blank=True)
    funds_source = serializers.CharField(allow_blank=True)
    handling = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True, required=False, default="")


class CadreAcknowledgeInput(CadreVersionInput):
    opinion = serializers.CharField(allow_blank=True, required=False, default="")
