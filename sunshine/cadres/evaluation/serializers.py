"""Serializers of /api/v1/cadres/evaluation/ (input parsing and output shape only)."""

from __future__ import annotations

from rest_framework import serializers

from sunshine.cadres.evaluation.choices import Category, Grade, Scale
from sunshine.cadres.evaluation.models import (
    EvaluatedCadre,
    EvaluationOutcome,
    EvaluationParticipant,
    EvaluationRound,
)


class EvalOutcomeOutput(serializers.ModelSerializer):
    class Meta:
        model = EvaluationOutcome
        fields = ["id", "round", "result", "cadre", "kind", "rule", "reason", "triggered_at", "talk"]


class EvalCadreOutput(serializers.ModelSerializer):
    """A cadre of the round; the counts and result only once counted (none while voting)."""

    name = serializers.SerializerMethodField()
    result = serializers.SerializerMethodField()

    class Meta:
        model = EvaluatedCadre
        fields = [
            "id", "cadre", "name", "position", "seq", "report_text", "report_filed_at", "attachment_name",
            "complaints_concentrated", "complaints_note", "result",
        ]  # fmt: skip

    def get_name(self, obj) -> str:
        return obj.cadre.full_name or obj.cadre.username

    def get_result(self, obj) -> dict | None:
        if obj.valid is None:
            return None
        return {
            "excellent": obj.excellent,
            "competent": obj.competent,
            "basic": obj.basic,
            "poor": obj.poor,
            "invalid": obj.invalid,
            "valid": obj.valid,
            "pass_rate": str(obj.pass_rate) if obj.pass_rate is not None else None,
            "poor_over_third": obj.poor_over_third,
            "below_threshold": obj.below_threshold,
        }


class EvalParticipantOutput(serializers.ModelSerializer):
    class Meta:
        model = EvaluationParticipant
        fields = ["id", "user", "name", "category"]


class EvalRoundOutput(serializers.ModelSerializer):
    cadres = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()
    composition = serializers.SerializerMethodField()

    class Meta:
        model = EvaluationRound
        fields = [
            "id", "body", "year", "title", "meeting_date", "place", "scale", "status", "pass_rate_threshold",
            "ballots_online", "ballots_paper", "ballots_invalid", "opened_at", "counted_at", "version",
            "cadres", "participants", "composition", "outcomes",
        ]  # fmt: skip

    def _organiser(self) -> bool:
        return bool(self.context.get("organiser"))

    def get_cadres(self, obj) -> list[dict]:
        return EvalCadreOutput(obj.cadres.select_related("cadre").order_by("seq"), many=True).data

    def get_participants(self, obj) -> list[dict]:
        if not self._organiser():
            return []
        return EvalParticipantOutput(obj.participants.all(), many=True).data

    def get_composition(self, obj) -> dict:
        from sunshine.cadres.evaluation.services import composition

        make_up = composition(obj)
        return {k: make_up[k] for k in ("total", "outside", "needed", "ok")}

    def get_outcomes(self, obj) -> list[dict]:
        return EvalOutcomeOutput(obj.outcomes.all(), many=True).data


class EvalRoundCreateInput(serializers.Serializer):
    body = serializers.IntegerField()
    year = serializers.IntegerField()
    title = serializers.CharField(required=False, allow_blank=True, default="")
    meeting_date = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    scale = serializers.ChoiceField(choices=Scale.choices, default=Scale.COMPETENCE)


class EvalCadreInput(serializers.Serializer):
    cadre = serializers.IntegerField()
    position = serializers.CharField(required=False, allow_blank=True, default="")


class EvalReportInput(serializers.Serializer):
    cadre = serializers.IntegerField(help_text="id of the round's cadre row (cadres[].id)")
    text = serializers.CharField(allow_blank=True)
    attachment = serializers.FileField(required=False, help_text="multipart: PDF, Word or image")


class EvalParticipantInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    user = serializers.IntegerField(required=False, allow_null=True, default=None)
    name = serializers.CharField(required=False, allow_blank=True, default="")


class EvalComplaintsInput(serializers.Serializer):
    cadre = serializers.IntegerField(help_text="id of the round's cadre row (cadres[].id)")
    concentrated = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class EvalGradeInput(serializers.Serializer):
    cadre = serializers.IntegerField(help_text="id of the round's cadre row (cadres[].id)")
    grade = serializers.ChoiceField(choices=Grade.choices, allow_null=True, required=False)


class EvalBallotInput(serializers.Serializer):
    grades = EvalGradeInput(many=True)


class EvalPaperBallotInput(serializers.Serializer):
    invalid = serializers.BooleanField(default=False)
    grades = EvalGradeInput(many=True, required=False, default=list)


class EvalVersionInput(serializers.Serializer):
    expected_version = serializers.IntegerField(required=False, allow_null=True, default=None)
