"""Input and output shapes of /api/v1/decisions/ (STYLE §5): inputs are parsed here, rules are
in decisions.services."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sunshine.decisions import services
from sunshine.decisions.choices import (
    Attendance,
    Confidentiality,
    LegalConclusion,
    MeetingKind,
    Outcome,
    Position,
    RiskLevel,
    TopicKind,
    VoteMethod,
    VoteStatus,
)
from sunshine.decisions.models import AgendaItem, Meeting, Minutes, Participant, Topic, Vote


class DecisionPersonRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user.full_name or user.username


class DecisionUnitRef(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MissingOutput(serializers.Serializer):
    key = serializers.CharField()
    message = serializers.CharField()
    rule = serializers.CharField()


# --- Topics --------------------------------------------------------------------------------------


class TopicOutput(serializers.ModelSerializer):
    department = DecisionUnitRef()
    responsible_leader = DecisionPersonRef()
    proposer = DecisionPersonRef()
    missing = serializers.SerializerMethodField(help_text="prerequisites still missing (DEC-60)")

    class Meta:
        model = Topic
        fields = [
            "id",
            "title",
            "kind",
            "is_major",
            "amount",
            "background",
            "draft_decision",
            "alternatives",
            "legal_basis",
            "department",
            "responsible_leader",
            "proposer",
            "status",
            "submitted_at",
            "check_due",
            "return_reason",
            "decided_at",
            "amends",
            "version",
            "missing",
        ]

    @extend_schema_field(MissingOutput(many=True))
    def get_missing(self, topic) -> list[dict]:
        return [
            {"key": m.key, "message": m.message, "rule": m.rule}
            for m in services.missing_prerequisites(topic)
        ]


class TopicListQuery(serializers.Serializer):
    status = serializers.CharField(required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=TopicKind.choices, required=False)


class TopicProposeInput(serializers.Serializer):
    department = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=TopicKind.choices)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    background = serializers.CharField()
    draft_decision = serializers.CharField()
    alternatives = serializers.CharField(required=False, allow_blank=True, default="")
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")
    responsible_leader = serializers.IntegerField()
    amends = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="the adopted decision (agenda item) this topic changes (DEC-63)",
    )


class TopicUpdateInput(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    title = serializers.CharField(max_length=200, required=False)
    amount = serializers.DecimalField(max_digits=16, decimal_places=2, required=False, allow_null=True)
    background = serializers.CharField(required=False)
    draft_decision = serializers.CharField(required=False)
    alternatives = serializers.CharField(required=False, allow_blank=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True)


class DecisionVersionInput(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class TopicCheckInput(DecisionVersionInput):
    accept = serializers.BooleanField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ResearchInput(serializers.Serializer):
    summary = serializers.CharField()


class LegalityInput(serializers.Serializer):
    basis = serializers.CharField()
    analysis = serializers.CharField()
    conclusion = serializers.ChoiceField(choices=LegalConclusion.choices)
    suggestions = serializers.CharField(required=False, allow_blank=True, default="")


class RiskInput(serializers.Serializer):
    legality = serializers.CharField()
    reasonableness = serializers.CharField()
    feasibility = serializers.CharField()
    controllability = serializers.CharField()
    level = serializers.ChoiceField(choices=RiskLevel.choices)
    measures = serializers.CharField()


# --- Meetings ------------------------------------------------------------------------------------------


class ParticipantOutput(serializers.ModelSerializer):
    user = DecisionPersonRef()

    class Meta:
        model = Participant
        fields = ["id", "user", "voting", "is_principal", "attendance", "absence_reason", "written_opinion"]


class VoteOutput(serializers.ModelSerializer):
    counts_hidden = serializers.SerializerMethodField(
        help_text="a secret ballot shows its counts once closed"
    )

    class Meta:
        model = Vote
        fields = ["id", "method", "status", "members_due", "yes", "no", "abstain", "passed", "counts_hidden"]

    def get_counts_hidden(self, vote) -> bool:
        return vote.method == VoteMethod.SECRET and vote.status == VoteStatus.OPEN

    def to_representation(self, vote):
        data = super().to_representation(vote)
        if data["counts_hidden"]:
            data["yes"] = data["no"] = data["abstain"] = None
        return data


class OpinionOutput(serializers.Serializer):
    seq = serializers.IntegerField()
    participant = serializers.IntegerField(source="participant_id")
    position = serializers.ChoiceField(choices=Position.choices)
    reason = serializers.CharField()


class ItemOutput(serializers.ModelSerializer):
    topic = serializers.SerializerMethodField()
    opinions = OpinionOutput(many=True)
    vote = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "order",
            "topic",
            "urgent",
            "urgent_reason",
            "outcome",
            "outcome_reason",
            "changes",
            "opinions",
            "vote",
        ]

    @extend_schema_field(DecisionUnitRef())
    def get_topic(self, item) -> dict:
        return {"id": item.topic_id, "name": item.topic.title}

    @extend_schema_field(VoteOutput(allow_null=True))
    def get_vote(self, item) -> dict | None:
        vote = Vote.objects.filter(item=item).first()
        return VoteOutput(vote).data if vote else None


class MeetingOutput(serializers.ModelSerializer):
    chair = DecisionPersonRef()
    recorder = DecisionPersonRef()
    participants = ParticipantOutput(many=True)
    items = ItemOutput(many=True)
    minutes = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = [
            "id",
            "kind",
            "title",
            "starts_at",
            "place",
            "chair",
            "recorder",
            "status",
            "notice_sent_at",
            "participants",
            "items",
            "minutes",
            "version",
        ]

    def get_minutes(self, meeting) -> int | None:
        minutes = Minutes.objects.filter(meeting=meeting).first()
        return minutes.pk if minutes else None


class MeetingListOutput(serializers.ModelSerializer):
    class Meta:
        model = Meeting
        fields = ["id", "kind", "title", "starts_at", "place", "status"]


class MeetingCreateInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=100)
    chair = serializers.IntegerField()
    recorder = serializers.IntegerField()
    members = serializers.ListField(child=serializers.IntegerField(), min_length=1)
    attendees = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class AgendaInput(serializers.Serializer):
    topic = serializers.IntegerField()
    urgent = serializers.BooleanField(required=False, default=False)
    urgent_reason = serializers.CharField(required=False, allow_blank=True, default="")


class AttendanceInput(serializers.Serializer):
    participant = serializers.IntegerField()
    attendance = serializers.ChoiceField(choices=Attendance.choices)
    absence_reason = serializers.CharField(required=False, allow_blank=True, default="")
    written_opinion = serializers.CharField(required=False, allow_blank=True, default="")


class DecisionOpinionInput(serializers.Serializer):
    participant = serializers.IntegerField()
    position = serializers.ChoiceField(choices=Position.choices)
    reason = serializers.CharField(allow_blank=True)


class VoteOpenInput(serializers.Serializer):
    method = serializers.ChoiceField(choices=VoteMethod.choices)


class BallotInput(serializers.Serializer):
    participant = serializers.IntegerField(
        required=False, help_text="open votes: the member (recorder enters it)"
    )
    choice = serializers.ChoiceField(choices=Position.choices)


class OutcomeInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    changes = serializers.CharField(required=False, allow_blank=True, default="")


# --- Minutes -------------------------------------------------------------------------------------------


class MinutesDraftInput(serializers.Serializer):
    confidentiality = serializers.ChoiceField(
        choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )


class AddendumOutput(serializers.Serializer):
    text = serializers.CharField()
    reason = serializers.CharField()
    author = DecisionPersonRef()
    at = serializers.DateTimeField()


class MinutesOutput(serializers.ModelSerializer):
    addenda = AddendumOutput(many=True)

    class Meta:
        model = Minutes
        fields = [
            "id",
            "meeting",
            "number",
            "year",
            "seq",
            "confidentiality",
            "status",
            "content",
            "chair_signed_at",
            "recorder_signed_at",
            "locked_at",
            "addenda",
            "version",
        ]


class AddendumInput(serializers.Serializer):
    text = serializers.CharField()
    reason = serializers.CharField()


class DisciplineNoticeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    rule = serializers.CharField()
    action = serializers.CharField()
    message = serializers.CharField()
    actor = DecisionPersonRef(allow_null=True)
    topic = serializers.IntegerField(source="topic_id", allow_null=True)
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True)
    at = serializers.DateTimeField()


class DecisionTaskInput(serializers.Serializer):
    department = serializers.IntegerField()
    responsible = serializers.IntegerField()
    requirement = serializers.CharField()
    reply_workdays = serializers.IntegerField(required=False, default=5)


class DecisionTaskOutput(serializers.Serializer):
    id = serializers.IntegerField()
    order = serializers.IntegerField(source="order_id")
    number = serializers.CharField(source="order.number")
    status = serializers.CharField(source="order.status")
    department = serializers.CharField(source="order.department.name")
    responsible = DecisionPersonRef(source="order.responsible")
    reply_due = serializers.DateTimeField(source="order.reply_due")


# --- The other prerequisites ----------------------------------------------------------------------------


class ExpertOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    field = serializers.CharField()
    title = serializers.CharField()
    senior_title = serializers.BooleanField()
    years_in_field = serializers.IntegerField()
    organisation = serializers.CharField()
    status = serializers.CharField()
    revoke_reason = serializers.CharField()


class ExpertInput(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    field = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=50)
    senior_title = serializers.BooleanField()
    years_in_field = serializers.IntegerField(min_value=0, max_value=80)
    organisation = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField()


class ArgumentationInput(serializers.Serializer):
    materials_sent_on = serializers.DateField()
    session_on = serializers.DateField()
    chair = serializers.CharField(max_length=50)
    summary = serializers.CharField(required=False, allow_blank=True, default="")


class ExpertOpinionInput(serializers.Serializer):
    expert = serializers.IntegerField()
    opinion = serializers.CharField()
    signed_on = serializers.DateField()


class ExpertConflictInput(serializers.Serializer):
    expert = serializers.IntegerField()
    reason = serializers.CharField(max_length=300)


class ConsultationInput(serializers.Serializer):
    consultee = serializers.IntegerField()
    deadline = serializers.DateField()


class ConsultationAnswerInput(serializers.Serializer):
    agree = serializers.BooleanField()
    answer_text = serializers.CharField(required=False, allow_blank=True, default="")


class HandlingInput(serializers.Serializer):
    handling = serializers.CharField()


class PublicCommentInput(serializers.Serializer):
    published_on = serializers.DateField()
    closes_on = serializers.DateField()
    channel = serializers.CharField(max_length=100, required=False, default="门户网站")


class PublicCommentEntryInput(serializers.Serializer):
    text = serializers.CharField()
    commenter = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    answer = serializers.CharField(required=False, allow_blank=True, default="")


class AnswerInput(serializers.Serializer):
    answer = serializers.CharField()


# --- Tracking evaluation (EXE-13..EXE-19) -------------------------------------------------------------


class DecisionEvaluationPlanInput(serializers.Serializer):
    evaluator = serializers.CharField(max_length=100)
    plan = serializers.CharField()
    methods = serializers.ListField(child=serializers.CharField(), allow_empty=True)


class DecisionEvaluationReportInput(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    report = serializers.CharField()
    recommendation = serializers.CharField(allow_blank=True)


class DecisionEvaluationConcludeInput(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    result = serializers.CharField(allow_blank=True)
    basis = serializers.CharField(allow_blank=True)


class DecisionEvaluationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    seq = serializers.IntegerField()
    status = serializers.CharField()
    evaluator = serializers.CharField()
    plan = serializers.CharField()
    methods = serializers.ListField(child=serializers.CharField())
    report = serializers.CharField()
    recommendation = serializers.CharField()
    result = serializers.CharField()
    result_basis = serializers.CharField()
    planned_at = serializers.DateTimeField()
    reported_at = serializers.DateTimeField(allow_null=True)
    concluded_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()
