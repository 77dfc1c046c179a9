"""Forms of the reports pages: input shapes only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cadres.reports.models import AbsenceKind, MatterType
from sunshine.core.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.username


def colleagues(body, exclude):
    """Accounts of the people of ``body`` (the stand-in is one of them, SUP-226)."""
    return (
        User.objects.filter(
            is_active=True, person__unit__path__startswith=body.path, person__deleted_at__isnull=True
        )
        .exclude(pk=exclude.pk)
        .order_by("person__unit__path", "person__sort_order", "id")
    )


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("外出事由类别"), choices=AbsenceKind.choices)
    abroad = forms.BooleanField(label=_("出国（境）（须先经同意，SUP-14）"), required=False)
    destination = forms.CharField(label=_("外出地点"), max_length=200, required=False)
    reason = forms.CharField(label=_("外出事由"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    start_date = forms.DateField(label=_("起始日期"), widget=DATE)
    end_date = forms.DateField(
        label=_("结束日期"), widget=DATE, help_text=_("天数含节假日和双休日（SUP-228）")
    )
    contact_phone = forms.CharField(label=_("外出期间联系电话"), max_length=30, required=False)
    stand_in = UserChoice(label=_("主持工作/AB角代理人"), queryset=User.objects.none(), required=False)
    stand_in_phone = forms.CharField(label=_("代理人联系电话"), max_length=30, required=False)
    overlap_reason = forms.CharField(
        label=_("党政主要负责人同时外出的理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("仅党政主要负责人同期外出时填写（SUP-227）"),
    )
    oral = forms.BooleanField(label=_("紧急情况，已先口头报告（SUP-229）"), required=False)
    oral_reported_at = forms.DateTimeField(
        label=_("口头报告时间"),
        widget=DATETIME,
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args, body=None, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            self.fields["stand_in"].queryset = colleagues(body, actor)


class DecideForm(forms.Form):
    opinion = forms.CharField(label=_("意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    returned_on = forms.DateField(label=_("返岗日期"), widget=DATE)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ChangeForm(forms.Form):
    """行程变更 (SUP-229): what changes and why; blank keeps the itinerary's value."""

    destination = forms.CharField(label=_("变更后外出地点"), max_length=200, required=False)
    end_date = forms.DateField(label=_("变更后结束日期"), widget=DATE, required=False)
    contact_phone = forms.CharField(label=_("外出期间联系电话"), max_length=30, required=False)
    reason = forms.CharField(label=_("变更理由"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class MatterForm(forms.Form):
    matter_type = forms.ChoiceField(label=_("事项类别（SUP-232）"), choices=MatterType.choices)
    matter_date = forms.DateField(label=_("事项时间"), widget=DATE)
    description = forms.CharField(
        label=_("事项内容"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    funds_source = forms.CharField(label=_("经费来源"), max_length=200, required=False)
    handling = forms.CharField(label=_("操办方式"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    oral = forms.BooleanField(label=_("来不及事前书面报告，已先口头报告（SUP-233）"), required=False)
    oral_reported_at = forms.DateTimeField(
        label=_("口头报告时间"),
        widget=DATETIME,
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )


class MatterWrittenForm(forms.Form):
    place = forms.CharField(label=_("地点"), max_length=200, required=False)
    funds_source = forms.CharField(label=_("经费来源"), max_length=200, required=False)
    handling = forms.CharField(label=_("操办方式"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    description = forms.CharField(
        label=_("事项内容（补充）"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class HalfYearForm(forms.Form):
    body = forms.ModelChoiceField(label=_("单位"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    half = forms.TypedChoiceField(label=_("半年"), choices=[(1, _("上半年")), (2, _("下半年"))], coerce=int)

    def __init__(self, *args, bodies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
