"""Serializers of the disclosure API (/api/v1/disclosure/, staff): inputs parse, outputs show."""

from __future__ import annotations

from rest_framework import serializers as drf

from sunshine.disclosure.choices import AnswerKind, RequestChannel, WithholdReason
from sunshine.disclosure.models import DisclosurePlan, InformationRequest, PlanItem, Publication


class DisclosurePublicationOutput(drf.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["id", "item", "period", "title", "text", "published_at", "published_by", "file_name"]


class DuePeriodOutput(drf.Serializer):
    period = drf.CharField()
    label = drf.CharField()
    due_at = drf.DateTimeField()
    state = drf.ChoiceField(choices=["published", "late_published", "late", "due", "future"])
    publication = drf.IntegerField(allow_null=True)


class PlanItemOutput(drf.ModelSerializer):
    class Meta:
        model = PlanItem
        fields = ["id", "title", "category", "frequency", "department", "channel", "sort_order", "version"]


class PlanItemDetailOutput(PlanItemOutput):
    periods = DuePeriodOutput(many=True, read_only=True)

    class Meta(PlanItemOutput.Meta):
        fields = [*PlanItemOutput.Meta.fields, "periods"]


class PlanOutput(drf.ModelSerializer):
    class Meta:
        model = DisclosurePlan
        fields = ["id", "body", "year", "note", "version"]


class PlanDetailOutput(PlanOutput):
    items = PlanItemDetailOutput(many=True, read_only=True)

    class Meta(PlanOutput.Meta):
        fields = [*PlanOutput.Meta.fields, "items"]


class PublishInput(drf.Serializer):
    period = drf.CharField(
        max_length=10, help_text="e.g. 2026-Q1, 2026-03, 2026-H1, 2026; a day for on-change items"
    )
    title = drf.CharField(max_length=200)
    text = drf.CharField()


class RequestOutput(drf.ModelSerializer):
    """A request without the applicant's identity (read it through /identity, audited)."""

    class Meta:
        model = InformationRequest
        fields = [
            "id", "code", "body", "unit", "channel", "description", "purpose", "delivery_form", "status",
            "received_at", "registered_by", "handler", "limit_workdays", "due_at", "extended",
            "extension_workdays", "extension_reason", "extension_approved_by", "answered_at", "answered_by",
            "answer_kind", "withhold_reason", "answer_text", "file_name", "version",
        ]  # fmt: skip


class RequestListQuery(drf.Serializer):
    status = drf.ChoiceField(
        choices=["", "open", "received", "assigned", "answered"], required=False, default=""
    )
    mine = drf.BooleanField(required=False, default=False)
    late = drf.BooleanField(required=False, default=False)


class RequestRegisterInput(drf.Serializer):
    body = drf.IntegerField()
    channel = drf.ChoiceField(choices=[c for c in RequestChannel.values if c != RequestChannel.PORTAL])
    name = drf.CharField(max_length=100)
    contact = drf.CharField(max_length=50)
    address = drf.CharField(max_length=200, required=False, default="", allow_blank=True)
    description = drf.CharField()
    purpose = drf.CharField(max_length=500, required=False, default="", allow_blank=True)
    delivery_form = drf.CharField(max_length=20)


class RequestRegisteredOutput(drf.Serializer):
    request = RequestOutput()
    secret = drf.CharField(help_text="shown once: the applicant follows the request with code and secret")


class RequestAssignInput(drf.Serializer):
    handler = drf.IntegerField()
    note = drf.CharField(max_length=1000, required=False, default="", allow_blank=True)
    expected_version = drf.IntegerField(required=False, allow_null=True, default=None)


class RequestExtendInput(drf.Serializer):
    workdays = drf.IntegerField(min_value=1)
    reason = drf.CharField(max_length=1000)
    expected_version = drf.IntegerField(required=False, allow_null=True, default=None)


class RequestAnswerInput(drf.Serializer):
    kind = drf.ChoiceField(choices=AnswerKind.values)
    withhold_reason = drf.ChoiceField(choices=["", *WithholdReason.values], required=False, default="")
    text = drf.CharField()
    expected_version = drf.IntegerField(required=False, allow_null=True, default=None)


class RequestIdentityOutput(drf.Serializer):
    name = drf.CharField()
    contact = drf.CharField()
    address = drf.CharField(allow_blank=True)
