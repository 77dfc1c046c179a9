"""Forms of the report pages: they parse input only; periods/selectors/evaluations decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.oversight.reports.columns import LEVEL_LABELS

PERIOD_CHOICES = [("month", _("月度")), ("quarter", _("季度")), ("year", _("年度")), ("range", _("自定义"))]
QUARTER_CHOICES = [(str(q), _("第%(q)d季度") % {"q": q}) for q in range(1, 5)]
MONTH_CHOICES = [(str(m), _("%(m)d月") % {"m": m}) for m in range(1, 13)]


class ReportForm(forms.Form):
    """The report's filters (GET): body, period and level."""

    body = forms.ChoiceField(label=_("单位"), required=False)
    level = forms.ChoiceField(label=_("统计层级"), required=False, choices=list(LEVEL_LABELS.items()))
    period = forms.ChoiceField(label=_("统计期间"), required=False, choices=PERIOD_CHOICES)
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    quarter = forms.ChoiceField(label=_("季度"), required=False, choices=QUARTER_CHOICES)
    month = forms.ChoiceField(label=_("月份"), required=False, choices=MONTH_CHOICES)
    start = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, bodies=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(str(b.pk), b.name) for b in bodies]
        self.fields["year"].widget.attrs["style"] = "min-width:6rem;width:6rem"


class EvaluationForm(forms.Form):
    """Make a quarter's evaluation now (POST); a reason is needed when one exists (OVS-20)."""

    body = forms.ChoiceField(label=_("单位"))
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    quarter = forms.ChoiceField(label=_("季度"), choices=QUARTER_CHOICES)
    note = forms.CharField(
        label=_("生成说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("该季度已有报告时必填：说明重新生成的原因"),
    )

    def __init__(self, *args, bodies=(), **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["body"].choices = [(str(b.pk), b.name) for b in bodies]
