"""Forms of the integrity pages: input shape only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import User


def people_of(body):
    """The active accounts holding a role somewhere in ``body``."""
    return (
        User.objects.filter(is_active=True, role_assignments__unit__path__startswith=body.path)
        .distinct()
        .order_by("full_name", "username")
    )


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.username


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GrantForm(forms.Form):
    reader = PersonChoice(label=_("查阅人"), queryset=User.objects.none())
    reason = forms.CharField(label=_("查阅事由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    starts_on = forms.DateField(label=_("起始日期"), widget=date_input())
    ends_on = forms.DateField(label=_("截止日期"), widget=date_input(), help_text=_("最长90天"))

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            self.fields["reader"].queryset = people_of(body)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class OpinionRequestForm(forms.Form):
    cadre = PersonChoice(label=_("拟提拔任用干部"), queryset=User.objects.none())
    current_post = forms.CharField(label=_("现任职务"), max_length=200)
    proposed_post = forms.CharField(label=_("拟任职务"), max_length=200)
    note = forms.CharField(label=_("征求意见说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, cadres=None, **kwargs):
        super().__init__(*args, **kwargs)
        if cadres is not None:
            self.fields["cadre"].queryset = cadres


class AnswerForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    collective_opinion = forms.CharField(
        label=_("纪委集体讨论意见"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000
    )
    discussed_on = forms.DateField(label=_("集体讨论日期"), widget=date_input())
    other_veto_reason = forms.CharField(
        label=_("其他否决理由（SUP-116（5））"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("违反廉洁自律规定未自查自纠、在群众中造成不良影响等档案中没有记录的情形"),
    )
