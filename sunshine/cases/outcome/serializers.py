"""Shapes of the outcome API (/api/v1/cases/…)."""

from __future__ import annotations

from rest_framework import serializers as drf

from sunshine.cases.models import (
    Archive,
    CaseDocument,
    Decision,
    DecisionChange,
    Delivery,
    Publication,
    RecordFiling,
)
from sunshine.cases.outcome.choices import DecisionKind, PenaltyMeasure, ServiceMethod


class DecisionFields(drf.Serializer):
    kind = drf.ChoiceField(choices=DecisionKind.choices, required=False)
    tier = drf.IntegerField(required=False, allow_null=True)
    measure = drf.ChoiceField(choices=PenaltyMeasure.choices, required=False, allow_blank=True)
    amount = drf.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    measure_text = drf.CharField(required=False, allow_blank=True)
    range_reason = drf.CharField(required=False, allow_blank=True)
    reasons = drf.CharField(required=False, allow_blank=True)
    legal_basis = drf.CharField(required=False, allow_blank=True)


class DecisionInput(DecisionFields):
    opinion = drf.CharField(required=False, allow_blank=True)


class DecisionChangeInput(DecisionFields):
    reason = drf.CharField(allow_blank=True)
    expected_version = drf.IntegerField(required=False)


class DeliveryInput(drf.Serializer):
    method = drf.ChoiceField(choices=ServiceMethod.choices)
    recipient = drf.CharField(allow_blank=True)
    served_at = drf.DateTimeField(required=False)
    proof = drf.CharField(required=False, allow_blank=True)


class PublicationInput(drf.Serializer):
    channel = drf.CharField(required=False, allow_blank=True)
    starts_on = drf.DateField(required=False)
    content = drf.CharField(required=False, allow_blank=True)


class ArchiveInput(drf.Serializer):
    file_number = drf.CharField(allow_blank=True)
    note = drf.CharField(required=False, allow_blank=True)


class RecordFilingInput(drf.Serializer):
    recipient = drf.CharField(
        required=False, allow_blank=True, help_text="default: the superior bureau (the body's parent unit)"
    )
    document_number = drf.CharField(allow_blank=True)
    filed_on = drf.DateField(required=False, help_text="default: today")
    note = drf.CharField(required=False, allow_blank=True)


class DocumentsInput(drf.Serializer):
    documents = drf.ListField(child=drf.FileField(), help_text="multipart: one or more files")
    task = drf.IntegerField(required=False, allow_null=True)


class DecisionChangeOutput(drf.ModelSerializer):
    class Meta:
        model = DecisionChange
        fields = ["id", "before", "after", "reason", "changed_by", "changed_at"]


class DecisionOutput(drf.ModelSerializer):
    changes = DecisionChangeOutput(many=True, read_only=True)

    class Meta:
        model = Decision
        fields = [
            "id",
            "task",
            "kind",
            "measure",
            "measure_text",
            "amount",
            "tier",
            "out_of_range",
            "range_reason",
            "reasons",
            "legal_basis",
            "rights",
            "decided_by",
            "decided_at",
            "version",
            "changes",
        ]


class DeliveryOutput(drf.ModelSerializer):
    class Meta:
        model = Delivery
        fields = ["id", "method", "recipient", "served_at", "proof", "due_on", "late", "served_by"]


class PublicationOutput(drf.ModelSerializer):
    class Meta:
        model = Publication
        fields = [
            "id",
            "title",
            "content",
            "channel",
            "starts_on",
            "min_workdays",
            "earliest_end",
            "published_by",
        ]


class ArchiveOutput(drf.ModelSerializer):
    class Meta:
        model = Archive
        fields = ["id", "file_number", "archived_by", "archived_at", "note"]


class RecordFilingOutput(drf.ModelSerializer):
    class Meta:
        model = RecordFiling
        fields = ["id", "filed_on", "recipient", "document_number", "filed_by", "note", "created_at"]


class DocumentOutput(drf.ModelSerializer):
    class Meta:
        model = CaseDocument
        fields = ["id", "task", "name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


class OutcomeOutput(drf.Serializer):
    decision = DecisionOutput(allow_null=True)
    service_due = drf.DateField(allow_null=True)
    deliveries = DeliveryOutput(many=True)
    publication = PublicationOutput(allow_null=True)
    archive = ArchiveOutput(allow_null=True)
    major = drf.BooleanField(help_text="a major penalty: its 集体讨论 step was done (CASE-152)")
    record_filing_pending = drf.BooleanField(
        help_text="待备案: an archived major penalty not yet filed for the record (CASE-156)"
    )
    record_filing = RecordFilingOutput(allow_null=True)
    documents = DocumentOutput(many=True)
