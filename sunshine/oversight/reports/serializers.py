"""Serializers of the report API (/api/v1/oversight/reports, /evaluations): the report's filters,
the same as the page's (reports.forms.ReportForm), and the shape of the figures (input parsing and
output shape only; reports.selectors and reports.evaluations decide)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from sunshine.oversight.reports import periods, queries

PERIOD_INVALID = _("统计期间不正确，请重新选择")


def _number(low: int, high: int, message) -> serializers.IntegerField:
    errors = {"invalid": message, "min_value": message, "max_value": message, "max_string_length": message}
    return serializers.IntegerField(required=False, min_value=low, max_value=high, error_messages=errors)


def _date(help_text: str) -> serializers.DateField:
    return serializers.DateField(
        required=False, help_text=help_text, error_messages={"invalid": _("日期格式应为 YYYY-MM-DD")}
    )


class ReportQuery(serializers.Serializer):
    body = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text="a body the viewer may report on; default: the first one",
        error_messages={"invalid": _("请选择单位"), "min_value": _("请选择单位")},
    )
    level = serializers.ChoiceField(
        choices=queries.LEVELS,
        required=False,
        help_text="default: body for a viewer of the whole body, else department",
        error_messages={"invalid_choice": _("统计层级不正确，请重新选择")},
    )
    period = serializers.ChoiceField(
        choices=periods.KINDS,
        required=False,
        help_text="default: quarter",
        error_messages={"invalid_choice": PERIOD_INVALID},
    )
    year = _number(2000, 2100, PERIOD_INVALID)
    quarter = _number(1, 4, PERIOD_INVALID)
    month = _number(1, 12, PERIOD_INVALID)
    start = _date("first day of a range (period=range)")
    end = _date("last day of a range (period=range), at most three years after start")
    trend = serializers.BooleanField(required=False, default=True, help_text="include the monthly trend")


def period_params(query: dict) -> dict:
    """A parsed ReportQuery's period fields as reports.periods.parse reads them (the page's query)."""
    keys = ("period", "year", "quarter", "month", "start", "end")
    return {key: str(query[key]) for key in keys if key in query}


class FiguresOutput(serializers.Serializer):
    """One row's figures (reports.queries; None where a figure does not apply or has no base)."""

    cases = serializers.IntegerField(help_text="distinct cases with a step completed in the period")
    steps = serializers.IntegerField(help_text="steps completed in the period")
    timed = serializers.IntegerField(help_text="of them, steps that had a due date")
    on_time = serializers.IntegerField(help_text="of them, steps completed by their due date")
    on_time_rate = serializers.FloatField(allow_null=True, help_text="on_time / timed, in %")
    avg_hours = serializers.FloatField(allow_null=True, help_text="average handling time, elapsed hours")
    slowest_hours = serializers.FloatField(allow_null=True)
    closed = serializers.IntegerField(allow_null=True, help_text="cases closed (body and department only)")
    closed_timed = serializers.IntegerField(allow_null=True)
    closed_on_time = serializers.IntegerField(allow_null=True)
    closed_on_time_rate = serializers.FloatField(allow_null=True)
    alerts = serializers.IntegerField()
    red = serializers.IntegerField()
    orders = serializers.IntegerField(allow_null=True, help_text="not counted per post")
    replied = serializers.IntegerField(allow_null=True)
    replied_late = serializers.IntegerField(allow_null=True)
    unanswered_overdue = serializers.IntegerField(allow_null=True)


class RowOutput(FiguresOutput):
    id = serializers.IntegerField(
        allow_null=True, help_text="the body, department, post or user; null: 未指定"
    )
    name = serializers.CharField()
    unit = serializers.CharField(help_text="the unit a post or person belongs to")
    unit_id = serializers.IntegerField(allow_null=True, required=False)


class RuleRowOutput(serializers.Serializer):
    rule = serializers.CharField()
    kind = serializers.CharField()
    alerts = serializers.IntegerField()
    red = serializers.IntegerField()


class TrendOutput(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    steps = serializers.IntegerField()
    on_time_rate = serializers.FloatField(allow_null=True)
    alerts = serializers.IntegerField()


class BodyRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class PeriodOutput(serializers.Serializer):
    kind = serializers.CharField()
    first_day = serializers.DateField()
    last_day = serializers.DateField()
    label = serializers.CharField()


class ReportOutput(serializers.Serializer):
    body = BodyRefOutput()
    period = PeriodOutput()
    level = serializers.ChoiceField(choices=queries.LEVELS)
    whole_body = serializers.BooleanField(help_text="false: the figures are limited to the viewer's scope")
    rows = RowOutput(many=True)
    totals = FiguresOutput()
    alerts_by_rule = RuleRowOutput(many=True)
    trend = TrendOutput(many=True)
    computed_at = serializers.DateTimeField()


# --- Stored quarterly evaluations -----------------------------------------------------------------


class EvaluationListQuery(serializers.Serializer):
    body = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)


class EvaluationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    body = serializers.IntegerField(source="body_id")
    body_name = serializers.CharField(source="body.name")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    revision = serializers.IntegerField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    note = serializers.CharField()
    generated_at = serializers.DateTimeField()
    generated_by = serializers.IntegerField(
        source="generated_by_id", allow_null=True, help_text="null: the periodic job"
    )
    generated_by_name = serializers.SerializerMethodField()

    def get_generated_by_name(self, evaluation) -> str:
        user = evaluation.generated_by
        return "" if user is None else (user.full_name or user.username)


class EvaluationLevelsOutput(serializers.Serializer):
    department = RowOutput(many=True)
    post = RowOutput(many=True)
    person = RowOutput(many=True)


class EvaluationFiguresOutput(serializers.Serializer):
    whole_body = serializers.BooleanField(
        help_text="false: a section head's view, the rows of units in their scope and their total"
    )
    levels = EvaluationLevelsOutput()
    totals = FiguresOutput()
    alerts_by_rule = RuleRowOutput(
        many=True, allow_null=True, help_text="null: stored before alerts were kept per department"
    )


class EvaluationDetailOutput(EvaluationOutput):
    figures = EvaluationFiguresOutput(
        source="figures_seen", help_text="frozen when the evaluation was made (OVS-20)"
    )
    revisions = EvaluationOutput(many=True, help_text="every revision of the same body and quarter")
