"""Serializers of /api/v1/accountability/ (input parsing and output shape only)."""

from __future__ import annotations

from rest_framework import serializers

from sunshine.accountability import clocks
from sunshine.accountability.choices import (
    FactorCode,
    FactorKind,
    ReviewOutcome,
    Source,
    Status,
    Target,
    Tier,
)
from sunshine.accountability.models import (
    AccountabilityCase,
    Factor,
    Ground,
    Responsibility,
    Sanction,
    Statement,
    TeamMember,
)


class AccGroundOutput(serializers.ModelSerializer):
    class Meta:
        model = Ground
        fields = ["id", "catalogue", "number", "text", "rule"]


class AccSanctionOutput(serializers.ModelSerializer):
    class Meta:
        model = Sanction
        fields = ["id", "body", "target", "rank", "name", "tier", "rule"]


class AccMemberOutput(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "user", "is_leader", "added_at", "withdrawn_at", "withdrawal_reason"]


class AccStatementOutput(serializers.ModelSerializer):
    class Meta:
        model = Statement
        fields = [
            "id", "statement", "defence", "verification", "adopted", "ceiling_tier", "ceiling_rank",
            "ceiling_names", "heard_at", "heard_by",
        ]  # fmt: skip


class AccResponsibilityOutput(serializers.ModelSerializer):
    class Meta:
        model = Responsibility
        fields = ["id", "split", "user", "role", "share", "rule", "reason", "opinion", "task", "computed_at"]


class AccFactorOutput(serializers.ModelSerializer):
    class Meta:
        model = Factor
        fields = ["id", "kind", "code", "reason", "detected", "recorded_at", "recorded_by"]


class AccClockOutput(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    rule = serializers.CharField()
    start = serializers.DateTimeField(allow_null=True)
    end = serializers.DateTimeField(allow_null=True)
    amount = serializers.IntegerField()
    due = serializers.DateTimeField(allow_null=True)
    state = serializers.CharField()
    late = serializers.BooleanField()
    lines = serializers.ListField(child=serializers.CharField())


class AccCaseOutput(serializers.ModelSerializer):
    members = AccMemberOutput(many=True, read_only=True)
    statements = AccStatementOutput(many=True, read_only=True)
    factors = AccFactorOutput(many=True, read_only=True)
    responsibilities = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField()

    class Meta:
        model = AccountabilityCase
        fields = [
            "id", "number", "body", "year", "seq", "status", "source", "source_ref", "source_note",
            "alert", "order", "case", "subject", "target", "person", "team", "grounds", "verification",
            "dismissed_reason", "opened_at", "opened_by", "extended_at", "extension_approved_by",
            "extension_reason", "proposed_tier", "proposed_sanctions", "report_facts", "report_conclusion",
            "report_recommendation", "reported_at", "tier", "sanctions", "deciding_body", "decision_text",
            "decided_at", "transfer_note", "served_at", "received_at", "appealed_at", "appeal_reason",
            "review_outcome", "review_text", "review_decided_at", "closed_at", "members", "statements",
            "responsibilities", "factors", "clocks", "version",
        ]  # fmt: skip

    def get_responsibilities(self, acase) -> list[dict]:
        rows = acase.responsibilities.filter(superseded_at__isnull=True)
        return AccResponsibilityOutput(rows, many=True).data

    def get_clocks(self, acase) -> list[dict]:
        return AccClockOutput(clocks.case_clocks(acase), many=True).data


class AccCaseListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    open = serializers.BooleanField(required=False, default=False)


class AccCaseRegisterInput(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)
    body = serializers.IntegerField(
        required=False, min_value=1, help_text="not needed with an alert or order"
    )
    alert = serializers.IntegerField(required=False, min_value=1)
    order = serializers.IntegerField(required=False, min_value=1)
    case = serializers.IntegerField(required=False, min_value=1, help_text="the case concerned")
    source_ref = serializers.CharField(required=False, default="", allow_blank=True)
    source_note = serializers.CharField(required=False, default="", allow_blank=True)
    subject = serializers.CharField(allow_blank=True)
    target = serializers.ChoiceField(choices=Target.choices, default=Target.INDIVIDUAL)
    person = serializers.IntegerField(required=False, min_value=1)
    team = serializers.IntegerField(required=False, min_value=1)
    grounds = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)


class AccVersioned(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False, min_value=1)


class AccDismissInput(AccVersioned):
    verification = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)


class AccOpenInput(AccVersioned):
    verification = serializers.CharField(allow_blank=True)
    approved_by = serializers.IntegerField(min_value=1)
    grounds = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False, default=list)


class AccMemberInput(AccVersioned):
    user = serializers.IntegerField(min_value=1)
    is_leader = serializers.BooleanField(default=False)
    conflict = serializers.CharField(required=False, default="", allow_blank=True)


class AccWithdrawInput(AccVersioned):
    member = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(allow_blank=True)


class AccExtendInput(AccVersioned):
    approved_by = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(allow_blank=True)


class AccSanctionsInput(AccVersioned):
    tier = serializers.ChoiceField(choices=Tier.choices)
    sanctions = serializers.ListField(child=serializers.IntegerField(min_value=1))


class AccStatementInput(AccVersioned):
    statement = serializers.CharField(allow_blank=True)
    defence = serializers.CharField(required=False, default="", allow_blank=True)
    verification = serializers.CharField(required=False, default="", allow_blank=True)
    adopted = serializers.BooleanField(default=False)


class AccChainInput(AccVersioned):
    handler_task = serializers.IntegerField(min_value=1)
    reviewer_task = serializers.IntegerField(required=False, min_value=1)
    approver_task = serializers.IntegerField(required=False, min_value=1)
    correct = serializers.ChoiceField(choices=["handler", "reviewer", "none"])
    handler_fault = serializers.BooleanField(default=False)


class AccParticipant(serializers.Serializer):
    user = serializers.IntegerField(min_value=1)
    objected = serializers.BooleanField(default=False)


class AccCollectiveInput(AccVersioned):
    chair = serializers.IntegerField(min_value=1)
    participants = AccParticipant(many=True)


class AccLeadersInput(AccVersioned):
    principal = serializers.IntegerField(min_value=1)
    in_charge = serializers.IntegerField(min_value=1)
    cause = serializers.ChoiceField(choices=["principal", "in_charge"])


class AccFactorInput(AccVersioned):
    kind = serializers.ChoiceField(choices=FactorKind.choices)
    code = serializers.ChoiceField(choices=FactorCode.choices)
    reason = serializers.CharField(allow_blank=True)


class AccReportInput(AccVersioned):
    facts = serializers.CharField(allow_blank=True)
    conclusion = serializers.CharField(allow_blank=True)
    recommendation = serializers.CharField(allow_blank=True)


class AccDecideInput(AccSanctionsInput):
    deciding_body = serializers.CharField(allow_blank=True)
    decision_text = serializers.CharField(allow_blank=True)
    transfer_note = serializers.CharField(required=False, default="", allow_blank=True)


class AccServeInput(AccVersioned):
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    rights_stated = serializers.BooleanField()


class AccAppealInput(AccVersioned):
    reason = serializers.CharField(allow_blank=True)
    appealed_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class AccReviewInput(AccVersioned):
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    text = serializers.CharField(allow_blank=True)
    tier = serializers.ChoiceField(choices=Tier.choices, required=False, default="")
    sanctions = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list
    )


class AccCloseInput(AccVersioned):
    pass
