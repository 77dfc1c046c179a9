"""Forms of the supervision-order pages: they parse input only; the services decide (STYLE §4)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.core import clock
from sunshine.oversight.choices import OrderStatus
from sunshine.oversight.forms import OversightForm, VersionForm
from sunshine.oversight.orders.services import DEFAULT_REPLY_WORKDAYS, MAX_REPLY_WORKDAYS


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.username


class OrderFilterForm(OversightForm):
    """The register's filters (GET). Anything unreadable is dropped, never an error page."""

    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部")), *OrderStatus.choices]
    )
    overdue = forms.BooleanField(label=_("只看逾期未答复"), required=False)
    department = forms.ModelChoiceField(
        label=_("责任科室"), required=False, queryset=None, empty_label=_("全部")
    )
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, units=None, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = units
        self.fields["year"].choices = [("", _("全部")), *[(y, str(y)) for y in years]]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "overdue": data["overdue"],
            "department": data["department"],
            "year": data["year"],
        }


class IssueForm(OversightForm):
    subject = forms.CharField(label=_("督办事项"), max_length=300)
    requirement = forms.CharField(
        label=_("督办要求"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("责任人须书面报告延误原因、办理进展，并提出新的办结期限（CASE-17）"),
    )
    department = forms.ModelChoiceField(label=_("责任科室"), queryset=None)
    responsible = PersonChoice(label=_("责任人"), queryset=None)
    reply_workdays = forms.IntegerField(
        label=_("答复时限（工作日）"),
        initial=DEFAULT_REPLY_WORKDAYS,
        min_value=1,
        max_value=MAX_REPLY_WORKDAYS,
    )

    def __init__(self, *args, units=None, people=None, fixed_department=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = units
        self.fields["responsible"].queryset = people
        if fixed_department is not None:  # the alert or the case decides the department
            self.fields["department"].disabled = True
            self.fields["department"].initial = fixed_department


class ReplyForm(VersionForm):
    reason = forms.CharField(label=_("延误原因"), widget=forms.Textarea(attrs={"rows": 3}))
    progress = forms.CharField(label=_("办理进展"), widget=forms.Textarea(attrs={"rows": 3}))
    new_deadline = forms.DateField(
        label=_("新的办结期限"), widget=forms.DateInput(attrs={"type": "date"}), help_text=_("当日24时前办结")
    )

    def deadline(self) -> dt.datetime:
        """The end of the chosen day, local time."""
        day = self.cleaned_data["new_deadline"] + dt.timedelta(days=1)
        return dt.datetime.combine(day, dt.time(), tzinfo=clock.LOCAL_TZ) - dt.timedelta(seconds=1)


class VerifyForm(VersionForm):
    accepted = forms.TypedChoiceField(
        label=_("核实结果"),
        choices=[("1", _("通过")), ("0", _("不通过，退回责任人"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("核实意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("不通过时须写明理由"),
    )


class CloseForm(VersionForm):
    note = forms.CharField(label=_("办结意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
