"""Forms of the oversight pages: they parse input only; the services decide (STYLE §4)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cases.choices import SuspensionKind
from sunshine.oversight.choices import AlertKind, AlertLevel, AlertStatus, EscalationTarget


class OversightForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class AlertFilterForm(OversightForm):
    """The dashboard's filters (GET). Anything unreadable is dropped, never an error page."""

    level = forms.ChoiceField(
        label=_("预警等级"), required=False, choices=[("", _("全部")), *AlertLevel.choices]
    )
    kind = forms.ChoiceField(
        label=_("预警类型"), required=False, choices=[("", _("全部")), *AlertKind.choices]
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
        return {
            "level": data["level"],
            "kind": data["kind"],
            "status": data["status"],
            "department": data["department"],
        }


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


def _number_field(label, help_text=""):
    # Text, not IntegerField: the service checks the value and says what is wrong, in Chinese,
    # beside the field (OVS-1, ANO-5, ANO-6).
    return forms.CharField(
        label=label,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "input-short"}),
    )


class OversightSettingsForm(OversightForm):
    """A body's oversight settings (sunshine.oversight.configure)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    warning_lead_workdays = _number_field(
        _("黄牌预警提前量（工作日）"), _("距办理期限不超过该工作日数时发出黄牌预警（OVS-1，默认2）")
    )
    refusal_count = _number_field(
        _("重复拒绝预警次数"), _("同一申请人在统计期内被拒绝达到该次数时预警（ANO-6，默认3）")
    )
    refusal_window_days = _number_field(_("重复拒绝统计期（日）"), _("ANO-6，默认180日"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in SuspensionKind.choices:
            self.fields[f"suspension_{kind}"] = _number_field(
                _("中止时限：%(kind)s（日）") % {"kind": label}, _("ANO-5，自然日")
            )

    def suspension_limits(self) -> dict:
        return {kind: self.cleaned_data[f"suspension_{kind}"] for kind in SuspensionKind.values}
