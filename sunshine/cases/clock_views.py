"""The pages that stop, restart and lengthen a case's clock (cases.clocks): suspension for
correcting materials, rectification, hearings, tests or expert review (CASE-114), and an extension
approved by the principal leader (CASE-115/117)."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases import clocks, selectors
from sunshine.cases.choices import SuspensionKind
from sunshine.core.pages import FormPage
from sunshine.core.permissions import require_permission


class SuspendForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("中止事由"), choices=SuspensionKind.choices)
    note = forms.CharField(
        label=gettext_lazy("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ResumeForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class ExtendForm(forms.Form):
    amount = forms.IntegerField(label=gettext_lazy("延长工作日"), min_value=1, max_value=60)
    reason = forms.CharField(label=gettext_lazy("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class ClockPage(FormPage):
    """A form on one case (clocks, outcome…) that returns to the case page, at ``anchor``."""

    template_name = "catalog/form.html"
    permission = "cases.handle"
    anchor = ""

    def load(self, pk: int):
        return selectors.case_get(actor=self.actor, pk=pk)

    def check(self, case) -> None:
        require_permission(self.actor, self.permission, case)

    def initial(self, case) -> dict:
        return {}

    def done(self, result, case) -> str:
        return reverse("cases:case_detail", args=[case.pk]) + self.anchor

    def cancel_url(self, case) -> str:
        return reverse("cases:case_detail", args=[case.pk]) + self.anchor

    def get_title(self, case) -> str:
        return f"{self.title} · {case.number}"


class SuspendView(ClockPage):
    form_class = SuspendForm
    title = gettext_lazy("中止计时")
    submit_label = gettext_lazy("中止计时")
    intro = gettext_lazy("中止期间办理时限停止计算，恢复后中止的时间不计入时限（CASE-114）。")

    def perform(self, form, case):
        return clocks.case_suspend(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已中止计时：%(kind)s") % {"kind": result.get_kind_display()}


class ResumeView(ClockPage):
    form_class = ResumeForm
    title = gettext_lazy("恢复计时")
    submit_label = gettext_lazy("恢复计时")

    def perform(self, form, case):
        return clocks.case_resume(actor=self.actor, case=case)

    def success_message(self, result, case) -> str:
        return _("已恢复计时")


class ExtendView(ClockPage):
    form_class = ExtendForm
    permission = "cases.approve_extension"
    title = gettext_lazy("批准延期")
    submit_label = gettext_lazy("批准延期")
    intro = gettext_lazy(
        "特殊情况需延期的，由主要负责人书面批准，合计最多10个工作日，且不超过法定时限；请及时告知当事人（CASE-115、CASE-117）。"
    )

    def perform(self, form, case):
        return clocks.case_extend(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已批准延期%(n)d个工作日") % {"n": result.amount}
