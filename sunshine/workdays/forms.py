"""Forms of the calendar pages. They parse input only; the services decide (STYLE §4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sunshine.workdays.choices import DayKind, PeriodUnit
from sunshine.workdays.models import FIRST_YEAR, LAST_YEAR
from sunshine.workdays.services.compute import MAX_DAYS, MAX_HOURS

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PageForm(forms.Form):
    """A form that shares its page with others: its own id prefix keeps every label on its input."""

    id_prefix = "form"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class SpecialDayForm(PageForm):
    id_prefix = "day"
    date = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    kind = forms.ChoiceField(label=_("类别"), choices=DayKind.choices)
    name = forms.CharField(
        label=_("名称"), max_length=100, help_text=_("如：国庆节；调休上班日写其所属的节日")
    )


class SpecialDayChangeForm(SpecialDayForm):
    id_prefix = "edit"
    version = forms.IntegerField(widget=forms.HiddenInput)


class RemoveForm(PageForm):
    id_prefix = "remove"
    reason = forms.CharField(
        label=_("作废原因"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("必填，记入审计日志"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class YearMarkForm(PageForm):
    id_prefix = "mark"
    year = forms.IntegerField(widget=forms.HiddenInput, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    note = forms.CharField(
        label=_("依据"),
        max_length=500,
        help_text=_("如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕X号）"),
    )


class CsvImportForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    file = forms.FileField(
        label=_("CSV 文件"),
        help_text=_(
            "每行：日期,类别,名称，如 2027-10-01,holiday,国庆节；"
            "类别为 holiday（节假日）或 workday（调休上班）；可有表头；UTF-8 或 GB18030 编码。"
            "导入将替换该年的全部安排，并将该年标记为已载入。"
        ),
    )
    note = forms.CharField(
        label=_("依据"), max_length=500, required=False, help_text=_("如国务院办公厅通知文号")
    )


class AddComputeForm(PageForm):
    id_prefix = "compute_add"
    date = forms.DateField(label=_("日期"), widget=DATE_WIDGET)
    n = forms.IntegerField(
        label=_("工作日数"),
        min_value=-MAX_DAYS,
        max_value=MAX_DAYS,
        help_text=_("负数表示往前推"),
    )


class BetweenComputeForm(PageForm):
    id_prefix = "compute_between"
    start = forms.DateField(label=_("起始日期（不计入）"), widget=DATE_WIDGET)
    end = forms.DateField(label=_("截止日期（计入）"), widget=DATE_WIDGET)


class DeadlineComputeForm(PageForm):
    id_prefix = "compute_deadline"
    start = forms.DateTimeField(label=_("起算时间"), widget=DATETIME_WIDGET)
    amount = forms.IntegerField(label=_("期限"), min_value=1, max_value=MAX_HOURS)
    unit = forms.ChoiceField(label=pgettext_lazy("期限", "单位"), choices=PeriodUnit.choices)
    suspension_start = forms.DateTimeField(
        label=_("中止开始（可选）"), required=False, widget=DATETIME_WIDGET
    )
    suspension_end = forms.DateTimeField(label=_("中止结束（可选）"), required=False, widget=DATETIME_WIDGET)

    def clean(self):
        data = super().clean()
        start, end = data.get("suspension_start"), data.get("suspension_end")
        if bool(start) != bool(end):
            self.add_error(
                "suspension_end" if start else "suspension_start", _("中止须同时填写开始和结束时间")
            )
        return data

    @property
    def suspensions(self) -> list:
        data = self.cleaned_data
        if data.get("suspension_start") and data.get("suspension_end"):
            return [(data["suspension_start"], data["suspension_end"])]
        return []
