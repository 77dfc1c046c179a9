"""The calendar API, /api/v1/workdays/…: years, special days, CSV import, computations (STYLE §5).

Reading needs workdays.view, changing workdays.manage (the system administrator). Errors use the one
format of core.api; a computation that needs a year not loaded answers 422 with rule CAL-1.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from sunshine.core.api import ERROR_RESPONSES, RuleSerializer, ServiceAPIView
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission
from sunshine.core.rules import get_rule
from sunshine.workdays.choices import DayKind, PeriodUnit
from sunshine.workdays.errors import CSV_INVALID
from sunshine.workdays.models import FIRST_YEAR, LAST_YEAR, CalendarYear, SpecialDay
from sunshine.workdays.selectors import (
    calendar_year_get,
    calendar_year_list,
    special_day_get,
    special_day_list,
)
from sunshine.workdays.services import (
    add_working_days,
    calendar_import_csv,
    calendar_year_mark_loaded,
    calendar_year_withdraw,
    count_working_days,
    deadline_explain,
    special_day_add,
    special_day_change,
    special_day_remove,
)
from sunshine.workdays.services.compute import MAX_DAYS, MAX_HOURS
from sunshine.workdays.services.csv_import import MAX_BYTES

# --- Serializers ----------------------------------------------------------------------------------


class CalendarYearSerializer(serializers.ModelSerializer):
    source_label = serializers.CharField(source="get_source_display", read_only=True)
    loaded_at = serializers.DateTimeField(source="created_at", read_only=True)

    class Meta:
        model = CalendarYear
        fields = ["year", "source", "source_label", "note", "version", "loaded_at", "updated_at"]


class SpecialDaySerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = SpecialDay
        fields = ["id", "date", "kind", "kind_label", "name", "source", "version", "created_at", "updated_at"]


class SpecialDayInputSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=DayKind.choices)
    name = serializers.CharField(max_length=100)


class SpecialDayChangeSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text="the version you read (optimistic lock)")
    date = serializers.DateField(required=False)
    kind = serializers.ChoiceField(choices=DayKind.choices, required=False)
    name = serializers.CharField(max_length=100, required=False)


class RemoveSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text="why it is removed (作废原因)")
    version = serializers.IntegerField(min_value=1)


class YearMarkSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    note = serializers.CharField(max_length=500, help_text="the source, e.g. the State Council notice")


class DayListQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False)
    kind = serializers.ChoiceField(choices=DayKind.choices, required=False)


class ImportInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR)
    file = serializers.FileField(required=False, help_text="CSV: date,kind,name (multipart)")
    content = serializers.CharField(
        required=False, trim_whitespace=False, max_length=MAX_BYTES, help_text="the CSV text (JSON)"
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True)

    def validate(self, attrs):
        if not attrs.get("file") and not attrs.get("content"):
            raise serializers.ValidationError({"file": _("请上传 CSV 文件或提供 content")})
        return attrs


class ImportOutputSerializer(serializers.Serializer):
    calendar_year = CalendarYearSerializer()
    rows = serializers.IntegerField()
    created = serializers.ListField(child=serializers.DateField())
    changed = serializers.ListField(child=serializers.DateField())
    removed = serializers.ListField(child=serializers.DateField())


class AddQuerySerializer(serializers.Serializer):
    date = serializers.DateField()
    n = serializers.IntegerField(min_value=-MAX_DAYS, max_value=MAX_DAYS, help_text="may be 0 or negative")


class AddOutputSerializer(serializers.Serializer):
    date = serializers.DateField()
    n = serializers.IntegerField()
    result = serializers.DateField(help_text="the n-th working day after date (date not counted)")


class BetweenQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="not counted")
    end = serializers.DateField(help_text="counted")


class BetweenOutputSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    count = serializers.IntegerField(help_text="working days in (start, end]; negative when end < start")


class SpanSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class DeadlineInputSerializer(serializers.Serializer):
    start = serializers.DateTimeField(
        help_text="the instant the period starts; without offset: Asia/Shanghai"
    )
    amount = serializers.IntegerField(min_value=1, max_value=MAX_HOURS)
    unit = serializers.ChoiceField(choices=PeriodUnit.choices)
    suspensions = SpanSerializer(many=True, required=False, help_text="spans that stop the clock (CAL-4)")

    def validate(self, attrs):
        if attrs["unit"] != PeriodUnit.HOURS and attrs["amount"] > MAX_DAYS:
            raise serializers.ValidationError(
                {"amount": _("以日计算的期限不能超过%(max)d") % {"max": MAX_DAYS}}
            )
        for index, span in enumerate(attrs.get("suspensions", [])):
            if span["end"] < span["start"]:
                # The full path as the field: one error, named like the input it is about.
                raise serializers.ValidationError(
                    {f"suspensions[{index}].end": _("中止的结束时间不能早于开始时间")}
                )
        return attrs


class DayNoteSerializer(serializers.Serializer):
    date = serializers.DateField()
    kind = serializers.CharField(help_text="weekend, holiday or adjusted_workday")
    name = serializers.CharField()


class SuspensionOutputSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    days = serializers.ListField(child=serializers.DateField(), help_text="day units: days not counted")
    hours = serializers.FloatField(help_text="hour units: by how much the deadline moved")


class DeadlineOutputSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    unit = serializers.CharField()
    amount = serializers.IntegerField()
    start_date = serializers.DateField(help_text="never counted (CAL-2)")
    due = serializers.DateTimeField(help_text="end of the due day in Asia/Shanghai; the instant for hours")
    due_date = serializers.DateField()
    skipped = DayNoteSerializer(many=True)
    adjusted_workdays = DayNoteSerializer(many=True)
    suspended_days = serializers.ListField(child=serializers.DateField())
    suspensions = SuspensionOutputSerializer(many=True)
    rolled_over_from = serializers.DateField(allow_null=True, help_text="CAL-2: the last day was a day off")
    provisional_years = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="CAL-6: years counted Monday to Friday until their schedule is loaded; recomputed then",
    )
    explanation = serializers.ListField(child=serializers.CharField())
    rules = RuleSerializer(many=True)


# --- Years ----------------------------------------------------------------------------------------


class YearListView(ServiceAPIView):
    """GET: the loaded years. POST: mark a year loaded once its days are entered (CAL-1)."""

    @extend_schema(responses={200: CalendarYearSerializer(many=True), **ERROR_RESPONSES})
    def get(self, request):
        return self.paginate(calendar_year_list(actor=request.user), CalendarYearSerializer)

    @extend_schema(request=YearMarkSerializer, responses={201: CalendarYearSerializer, **ERROR_RESPONSES})
    def post(self, request):
        require_permission(request.user, "workdays.manage")
        data = self.parse(YearMarkSerializer)
        record = calendar_year_mark_loaded(actor=request.user, year=data["year"], note=data["note"])
        return Response(CalendarYearSerializer(record).data, status=201)


class YearDetailView(ServiceAPIView):
    @extend_schema(responses={200: CalendarYearSerializer, **ERROR_RESPONSES})
    def get(self, request, year: int):
        return Response(CalendarYearSerializer(calendar_year_get(actor=request.user, year=year)).data)


class YearWithdrawView(ServiceAPIView):
    """Withdraw a year's loaded mark; computations then refuse the year (CAL-1)."""

    @extend_schema(request=RemoveSerializer, responses={200: CalendarYearSerializer, **ERROR_RESPONSES})
    def post(self, request, year: int):
        require_permission(request.user, "workdays.manage")
        data = self.parse(RemoveSerializer)
        record = calendar_year_get(actor=request.user, year=year)
        calendar_year_withdraw(
            actor=request.user, calendar_year=record, expected_version=data["version"], reason=data["reason"]
        )
        return Response(CalendarYearSerializer(record).data)


# --- Special days ---------------------------------------------------------------------------------


class DayListView(ServiceAPIView):
    """GET: special days (of a year, of a kind). POST: add a holiday or an adjusted working day."""

    @extend_schema(
        parameters=[DayListQuerySerializer],
        responses={200: SpecialDaySerializer(many=True), **ERROR_RESPONSES},
    )
    def get(self, request):
        query = self.parse(DayListQuerySerializer, data=request.query_params)
        days = special_day_list(actor=request.user, year=query.get("year"), kind=query.get("kind"))
        return self.paginate(days, SpecialDaySerializer)

    @extend_schema(
        request=SpecialDayInputSerializer, responses={201: SpecialDaySerializer, **ERROR_RESPONSES}
    )
    def post(self, request):
        require_permission(request.user, "workdays.manage")
        data = self.parse(SpecialDayInputSerializer)
        day = special_day_add(actor=request.user, **data)
        return Response(SpecialDaySerializer(day).data, status=201)


class DayDetailView(ServiceAPIView):
    """GET one day; PATCH changes it (send the version you read); DELETE removes it with a reason."""

    @extend_schema(responses={200: SpecialDaySerializer, **ERROR_RESPONSES})
    def get(self, request, pk: int):
        return Response(SpecialDaySerializer(special_day_get(actor=request.user, pk=pk)).data)

    @extend_schema(
        request=SpecialDayChangeSerializer, responses={200: SpecialDaySerializer, **ERROR_RESPONSES}
    )
    def patch(self, request, pk: int):
        require_permission(request.user, "workdays.manage")
        data = self.parse(SpecialDayChangeSerializer)
        day = special_day_get(actor=request.user, pk=pk)
        special_day_change(
            actor=request.user,
            day=day,
            expected_version=data["version"],
            date=data.get("date", day.date),
            kind=data.get("kind", day.kind),
            name=data.get("name", day.name),
        )
        return Response(SpecialDaySerializer(day).data)

    @extend_schema(
        request=RemoveSerializer,
        parameters=[RemoveSerializer],
        responses={200: SpecialDaySerializer, **ERROR_RESPONSES},
        description="The reason and version go in the JSON body or, for clients that send no body with "
        "DELETE, in the query string.",
    )
    def delete(self, request, pk: int):
        require_permission(request.user, "workdays.manage")
        data = self.parse(RemoveSerializer, data=request.data or request.query_params)
        day = special_day_get(actor=request.user, pk=pk)
        special_day_remove(
            actor=request.user, day=day, expected_version=data["version"], reason=data["reason"]
        )
        return Response(SpecialDaySerializer(day).data)


class ImportView(ServiceAPIView):
    """Replace a year's schedule with a CSV file and mark it loaded; all or nothing, every bad line
    listed in ``errors`` with its line number."""

    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(request=ImportInputSerializer, responses={201: ImportOutputSerializer, **ERROR_RESPONSES})
    def post(self, request):
        require_permission(request.user, "workdays.manage")
        data = self.parse(ImportInputSerializer)
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            raise InvalidInput(
                CSV_INVALID,
                _("文件超过%(kb)dKB，一年的安排不会这么大") % {"kb": MAX_BYTES // 1024},
                field="file",
            )
        result = calendar_import_csv(
            actor=request.user,
            year=data["year"],
            content=upload.read() if upload is not None else data["content"],
            note=data.get("note", ""),
            filename=upload.name if upload is not None else "",
        )
        return Response(ImportOutputSerializer(result).data, status=201)


# --- Computations ---------------------------------------------------------------------------------


class ComputeAddView(ServiceAPIView):
    """The n-th working day after a date, the date itself not counted (CAL-1, CAL-2)."""

    @extend_schema(parameters=[AddQuerySerializer], responses={200: AddOutputSerializer, **ERROR_RESPONSES})
    def get(self, request):
        require_permission(request.user, "workdays.view")
        query = self.parse(AddQuerySerializer, data=request.query_params)
        result = add_working_days(date=query["date"], n=query["n"])
        return Response(AddOutputSerializer({**query, "result": result}).data)


class ComputeBetweenView(ServiceAPIView):
    """Working days in (start, end] (CAL-1, CAL-2)."""

    @extend_schema(
        parameters=[BetweenQuerySerializer], responses={200: BetweenOutputSerializer, **ERROR_RESPONSES}
    )
    def get(self, request):
        require_permission(request.user, "workdays.view")
        query = self.parse(BetweenQuerySerializer, data=request.query_params)
        count = count_working_days(start=query["start"], end=query["end"])
        return Response(BetweenOutputSerializer({**query, "count": count}).data)


class ComputeDeadlineView(ServiceAPIView):
    """The deadline of a period in working days, days or hours, with its explanation (CAL-1 … CAL-5).

    A POST because the suspensions are a list; it changes nothing.
    """

    @extend_schema(
        request=DeadlineInputSerializer, responses={200: DeadlineOutputSerializer, **ERROR_RESPONSES}
    )
    def post(self, request):
        require_permission(request.user, "workdays.view")
        data = self.parse(DeadlineInputSerializer)
        deadline = deadline_explain(
            start=data["start"],
            amount=data["amount"],
            unit=data["unit"],
            suspensions=[(s["start"], s["end"]) for s in data.get("suspensions", [])],
        )
        body = {
            "start": deadline.start,
            "unit": deadline.unit,
            "amount": deadline.amount,
            "start_date": deadline.start_date,
            "due": deadline.due,
            "due_date": deadline.due_date,
            "skipped": deadline.skipped,
            "adjusted_workdays": deadline.adjusted_workdays,
            "suspended_days": deadline.suspended_days,
            "suspensions": deadline.suspensions,
            "rolled_over_from": deadline.rolled_over_from,
            "provisional_years": list(deadline.provisional_years),
            "explanation": deadline.lines(),
            "rules": [get_rule(rule).as_dict() for rule in deadline.rules],
        }
        return Response(DeadlineOutputSerializer(body).data)
