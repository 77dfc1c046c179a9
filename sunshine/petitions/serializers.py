"""Serializers of the petitions API: inputs parse, outputs show (no rules here)."""

from __future__ import annotations

from rest_framework import serializers as drf

from sunshine.petitions.choices import Channel, PetitionKind, Satisfaction
from sunshine.petitions.models import Petition, PetitionAlert, PetitionEvent


class EventOutput(drf.ModelSerializer):
    class Meta:
        model = PetitionEvent
        fields = ["id", "kind", "public", "text", "actor", "from_body", "to_body", "at"]


class PetitionOutput(drf.ModelSerializer):
    handlers = drf.SerializerMethodField()

    class Meta:
        model = Petition
        fields = [
            "id", "code", "body", "unit", "kind", "channel", "anonymous", "subject", "content",
            "accused_name", "accused_person", "discipline_only", "status", "received_at", "registered_by",
            "limit_workdays", "due_at", "extended", "answered_at", "closed_at", "satisfaction",
            "handlers", "version",
        ]  # fmt: skip

    def get_handlers(self, obj) -> list[int]:
        return [a.handler_id for a in obj.assignments.all() if a.ended_at is None]


class PetitionDetailOutput(PetitionOutput):
    events = EventOutput(many=True, read_only=True)

    class Meta(PetitionOutput.Meta):
        fields = [*PetitionOutput.Meta.fields, "events"]


class RegisteredOutput(drf.Serializer):
    petition = PetitionOutput()
    secret = drf.CharField(help_text="shown once: the reporter follows the item with code and secret")


class IdentityOutput(drf.Serializer):
    anonymous = drf.BooleanField()
    name = drf.CharField(allow_blank=True)
    phone = drf.CharField(allow_blank=True)
    address = drf.CharField(allow_blank=True)


class PetitionAlertOutput(drf.ModelSerializer):
    code = drf.CharField(source="petition.code")

    class Meta:
        model = PetitionAlert
        fields = ["id", "petition", "code", "level", "due_at", "raised_at", "resolved_at"]


class ListQuery(drf.Serializer):
    status = drf.ChoiceField(
        choices=["", "open", "received", "assigned", "answered", "closed"], required=False
    )
    kind = drf.ChoiceField(choices=["", *PetitionKind.values], required=False)
    late = drf.BooleanField(required=False)
    mine = drf.BooleanField(required=False)


class RegisterInput(drf.Serializer):
    channel = drf.ChoiceField(
        choices=Channel.choices, help_text="visit, phone or letter (portal is the public's)"
    )
    body = drf.IntegerField()
    kind = drf.ChoiceField(choices=PetitionKind.choices)
    anonymous = drf.BooleanField(default=False)
    name = drf.CharField(required=False, allow_blank=True, default="", max_length=50)
    phone = drf.CharField(required=False, allow_blank=True, default="", max_length=30)
    address = drf.CharField(required=False, allow_blank=True, default="", max_length=200)
    subject = drf.CharField(max_length=200)
    content = drf.CharField(max_length=10000)
    accused_person = drf.IntegerField(required=False, allow_null=True, default=None)
    accused_name = drf.CharField(required=False, allow_blank=True, default="", max_length=100)


class VersionInput(drf.Serializer):
    expected_version = drf.IntegerField(required=False, allow_null=True, default=None)


class TriageInput(VersionInput):
    kind = drf.ChoiceField(choices=PetitionKind.choices)
    accused_person = drf.IntegerField(required=False, allow_null=True, default=None)
    note = drf.CharField(required=False, allow_blank=True, default="", max_length=1000)


class AssignInput(VersionInput):
    handler = drf.IntegerField()
    note = drf.CharField(required=False, allow_blank=True, default="", max_length=1000)


class TransferInput(VersionInput):
    to_body = drf.IntegerField()
    reason = drf.CharField(max_length=1000)


class ExtendInput(VersionInput):
    workdays = drf.IntegerField()
    reason = drf.CharField(max_length=1000)


class PetitionAnswerInput(VersionInput):
    text = drf.CharField(max_length=10000)


class CloseInput(VersionInput):
    satisfaction = drf.ChoiceField(choices=Satisfaction.choices, required=False, allow_blank=True, default="")
    note = drf.CharField(required=False, allow_blank=True, default="", max_length=2000)
