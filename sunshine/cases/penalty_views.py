"""Pages for the penalty case's clocks (cases.penalty) and the one-time notice's correction
deadline (cases.notice_deadline): extending the case duration with the approving authority's
decision (CASE-157), and ending a case whose correction period lapsed (CASE-105A)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases import notice_deadline, penalty
from sunshine.cases.choices import PenaltyAuthority
from sunshine.cases.clock_views import ClockPage


class PenaltyExtendForm(forms.Form):
    total_days = forms.IntegerField(
        label=gettext_lazy("延长后办案期限（日）"),
        min_value=1,
        max_value=penalty.SUPERIOR_CAP,
        help_text=gettext_lazy("自立案之日起的总日数：局主要负责人批准最多90日，上级主管部门批准最多180日"),
    )
    authority = forms.ChoiceField(label=gettext_lazy("批准机关"), choices=PenaltyAuthority.choices)
    document = forms.CharField(
        label=gettext_lazy("批准文书"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("上级主管部门批准的，填写批复文号"),
    )
    reason = forms.CharField(label=gettext_lazy("延期理由"), widget=forms.Textarea(attrs={"rows": 3}))


class PenaltyExtendView(ClockPage):
    form_class = PenaltyExtendForm
    permission = "cases.approve_extension"
    title = gettext_lazy("延长办案期限")
    submit_label = gettext_lazy("批准延期")
    intro = gettext_lazy(
        "行政处罚案件自立案之日起30日内作出决定；因客观原因不能完成的，经局主要负责人书面批准可延长至90日，"
        "特殊情况经上级主管部门（市局）批准可延长至180日（CASE-157）。"
    )

    def initial(self, case) -> dict:
        return {"total_days": min(penalty.duration_days(case) + 30, penalty.PRINCIPAL_CAP)}

    def perform(self, form, case):
        return penalty.penalty_extend(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("办案期限已延长至%(n)d日") % {"n": result.total_days}


class NoticeLapseForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class NoticeLapseView(ClockPage):
    form_class = NoticeLapseForm
    title = gettext_lazy("逾期未补正，终止办件")
    submit_label = gettext_lazy("终止办件")
    intro = gettext_lazy(
        "申请人在补正期限内未补齐一次性告知书所列材料的，视为撤回申请，按不予受理终止办件（CASE-105A）。"
    )

    def perform(self, form, case):
        return notice_deadline.notice_lapse(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已按逾期未补正终止办件")
