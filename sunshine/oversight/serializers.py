"""Serializers of /api/v1/oversight/ (input parsing and output shape only)."""

from __future__ import annotations

from rest_framework import serializers

from sunshine.oversight.choices import AlertKind, AlertLevel, AlertStatus, EscalationTarget
from sunshine.oversight.models import Alert, RecordAlert


class AlertOutput(serializers.ModelSerializer):
    case_number = serializers.CharField(source="case.number", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    task_name = serializers.CharField(source="task.name", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Alert
        fields = [
            "id", "kind", "level", "status", "rule", "subject_type", "case", "case_number", "task",
            "task_name", "department", "department_name", "responsible", "post", "due_at", "message",
            "raised_at", "acknowledged_by", "acknowledged_at", "explanation", "explained_by",
            "explained_at", "escalated_to", "escalation_note", "escalated_by", "escalated_at",
            "close_note", "closed_by", "closed_at", "superseded_by", "version",
        ]  # fmt: skip


class AlertListQuery(serializers.Serializer):
    level = serializers.ChoiceField(choices=AlertLevel.choices, required=False)
    kind = serializers.ChoiceField(choices=AlertKind.choices, required=False)
    status = serializers.ChoiceField(choices=[*AlertStatus.choices, ("all", "all")], required=False)
    department = serializers.IntegerField(required=False, min_value=1)


class AlertVersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False, min_value=1)


class AlertExplainInput(AlertVersionInput):
    explanation = serializers.CharField(allow_blank=True)


class AlertEscalateInput(AlertVersionInput):
    escalated_to = serializers.ChoiceField(choices=EscalationTarget.choices)
    note = serializers.CharField(allow_blank=True)


class AlertCloseInput(AlertVersionInput):
    note = serializers.CharField(allow_blank=True, required=False, default="")


class RecordAlertOutput(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = RecordAlert
        fields = [
            "id", "clock_key", "level", "status", "rule", "label", "message", "url", "body", "body_name",
            "responsible", "due_at", "raised_at", "resolved_at", "acknowledged_by", "acknowledged_at",
            "explanation", "explained_by", "explained_at", "close_note", "closed_by", "closed_at",
            "superseded_by", "version",
        ]  # fmt: skip


class RecordAlertListQuery(serializers.Serializer):
    level = serializers.ChoiceField(choices=AlertLevel.choices, required=False)
    status = serializers.ChoiceField(choices=[*AlertStatus.choices, ("all", "all")], required=False)
