"""Serializers of /api/v1/cadres/talks/ (input parsing and output shape only). The output hides what
the reader may not see (SUP-248): the content unless ``may_read_content``, the approval form from the
subject."""

from __future__ import annotations

from rest_framework import serializers

from sunshine.cadres.talks import services
from sunshine.cadres.talks.choices import Escalation, FollowUpMethod, Kind, Outcome, SourceKind
from sunshine.cadres.talks.models import Talk, TalkFollowUp

CONTENT_FIELDS = [
    "record_content", "record_problems", "record_requirements", "reply_answers", "reply_measures",
    "plan_text", "conclusion", "follow_ups",
]  # fmt: skip
FORM_FIELDS = ["reason", "outline", "source_kind", "source_id", "approval_opinion"]


class TalkFollowUpOutput(serializers.ModelSerializer):
    class Meta:
        model = TalkFollowUp
        fields = ["id", "at", "by", "method", "finding"]


class TalkOutput(serializers.ModelSerializer):
    follow_ups = TalkFollowUpOutput(many=True, read_only=True, allow_null=True)
    overdue = serializers.SerializerMethodField()
    content_visible = serializers.SerializerMethodField()

    class Meta:
        model = Talk
        fields = [
            "id", "number", "body", "kind", "status", "subject", "subject_post", "participants", "reason",
            "outline", "questions", "source_kind", "source_id", "talker", "approver", "approved_at",
            "approval_opinion", "notice_issued_at", "scheduled_at", "place", "notice_received_at",
            "reply_workdays", "extension_workdays", "reply_due_at", "overdue", "held_at", "effect_until",
            "replied_at", "reply_late", "plan_submitted_at", "plan_late", "rectify_by", "concluded_at",
            "outcome", "escalation", "version", "content_visible", *CONTENT_FIELDS[:-1], "follow_ups",
        ]  # fmt: skip
        extra_kwargs = {name: {"allow_null": True} for name in CONTENT_FIELDS[:-1] + FORM_FIELDS}

    def get_overdue(self, talk) -> bool:
        return services.is_overdue(talk)

    def get_content_visible(self, talk) -> bool:
        return services.may_read_content(self.context["actor"], talk)

    def to_representation(self, talk):
        data = super().to_representation(talk)
        actor = self.context["actor"]
        if not services.may_read_content(actor, talk):
            for name in CONTENT_FIELDS:
                data[name] = None
        if services.audience(actor, talk) == services.SUBJECT:
            for name in FORM_FIELDS:
                data[name] = None
        return data


class TalkListQuery(serializers.Serializer):
    open = serializers.BooleanField(required=False)
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    status = serializers.CharField(required=False)


class TalkRegisterInput(serializers.Serializer):
    body = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    subject = serializers.IntegerField(required=False, allow_null=True)
    subject_post = serializers.CharField(required=False, allow_blank=True, default="")
    participants = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    reason = serializers.CharField(allow_blank=True)
    outline = serializers.CharField(required=False, allow_blank=True, default="")
    questions = serializers.ListField(
        child=serializers.CharField(allow_blank=True), required=False, default=list
    )
    talker = serializers.IntegerField(required=False, allow_null=True)
    source_kind = serializers.ChoiceField(
        choices=SourceKind.choices, required=False, allow_blank=True, default=""
    )
    source_id = serializers.CharField(required=False, allow_blank=True, default="")


class Versioned(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False)


class TalkApproveInput(Versioned):
    opinion = serializers.CharField(required=False, allow_blank=True, default="")


class TalkNotifyInput(Versioned):
    scheduled_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class TalkRecordInput(Versioned):
    held_at = serializers.DateTimeField()
    talker = serializers.IntegerField()
    content = serializers.CharField(allow_blank=True)
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    requirements = serializers.CharField(required=False, allow_blank=True, default="")


class TalkExtendInput(Versioned):
    workdays = serializers.IntegerField()
    reason = serializers.CharField(allow_blank=True)


class TalkReplyInput(Versioned):
    answers = serializers.ListField(child=serializers.CharField(allow_blank=True))
    measures = serializers.CharField(required=False, allow_blank=True, default="")
    replied_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class TalkPlanInput(Versioned):
    plan = serializers.CharField(allow_blank=True)
    rectify_by = serializers.DateField(required=False, allow_null=True, default=None)
    submitted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class TalkFollowUpInput(Versioned):
    method = serializers.ChoiceField(choices=FollowUpMethod.choices)
    finding = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class TalkConcludeInput(Versioned):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    escalation = serializers.ChoiceField(
        choices=Escalation.choices, required=False, allow_blank=True, default=""
    )
    conclusion = serializers.CharField(allow_blank=True)
