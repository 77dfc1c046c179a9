"""Forms of the oversight pages: they parse input only; the services decide (STYLE §4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.oversight.choices import AlertLevel, AlertStatus, EscalationTarget


class OversightForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AlertFilterForm(OversightForm):
    """The dashboard's filters (GET). Anything unreadable is dropped, never an error page."""

    level = forms.ChoiceField(
        label=_("预警等级"), required=False, choices=[("", _("全部")), *AlertLevel.choices]
    )
    status = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("未关闭")), *AlertStatus.choices, ("all", _("全部"))],
    )
    department = forms.ModelChoiceField(
        label=_("承办科室"), required=False, queryset=None, empty_label=_("全部")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = units

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"level": data["level"], "status": data["status"], "department": data["department"]}


class VersionForm(OversightForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class AcknowledgeForm(VersionForm):
    pass


class ExplainForm(VersionForm):
    explanation = forms.CharField(
        label=_("情况说明"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("说明临近或超过期限的原因、目前进展和预计办结时间（CASE-10）"),
    )


class EscalateForm(VersionForm):
    to = forms.ChoiceField(label=_("上报对象"), choices=EscalationTarget.choices)
    note = forms.CharField(label=_("上报意见"), widget=forms.Textarea(attrs={"rows": 3}))


class CloseForm(VersionForm):
    note = forms.CharField(label=_("关闭意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
