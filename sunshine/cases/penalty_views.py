"""Pages for the penalty case's clocks (cases.penalty) and the one-time notice's correction
deadline (cases.notice_deadline): extending the case duration with the approving authority's
decision (CASE-157), ending a case whose correction period lapsed (CASE-105A), and the hearing
before a major penalty (cases.penalty_steps: 听证告知 CASE-149, 听证 CASE-150)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases import notice_deadline, penalty, penalty_steps
from sunshine.cases.choices import HearingAnswer, PenaltyAuthority
from sunshine.cases.clock_views import ClockPage
from sunshine.cases.outcome.choices import PenaltyMeasure, ServiceMethod
from sunshine.core import clock


def when_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def now_minute() -> str:
    return f"{clock.local(clock.now()):%Y-%m-%dT%H:%M}"


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


# --- 听证告知 and 听证 (CASE-149, CASE-150) -----------------------------------------------------------------


class HearingNoticeForm(forms.Form):
    measure = forms.ChoiceField(label=gettext_lazy("拟处罚种类"), choices=PenaltyMeasure.choices)
    amount = forms.DecimalField(
        label=gettext_lazy("拟罚款（没收）金额（元）"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    measure_text = forms.CharField(label=gettext_lazy("拟处罚内容"), required=False, max_length=300)
    method = forms.ChoiceField(label=gettext_lazy("告知方式"), choices=ServiceMethod.choices)
    given_at = when_field(gettext_lazy("告知时间"))


class HearingNoticeView(ClockPage):
    form_class = HearingNoticeForm
    title = gettext_lazy("登记听证告知")
    submit_label = gettext_lazy("登记听证告知")
    anchor = "#penalty-hearing"

    @property
    def intro(self):
        return _(
            "拟作出责令停产停业、暂扣或者吊销许可证、较大数额罚款等重大行政处罚的，应告知当事人有要求听证的权利；"
            "当事人自告知之日起%(n)d日内可以要求听证，期满前不得作出处罚决定（CASE-149）。"
        ) % {"n": penalty_steps.request_days()}

    def initial(self, case) -> dict:
        return {"given_at": now_minute(), "method": ServiceMethod.DIRECT}

    def perform(self, form, case):
        return penalty_steps.hearing_notice_give(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已登记听证告知，当事人可在%(due)s前要求听证") % {
            "due": f"{clock.local(result.request_due):%Y-%m-%d}"
        }


class HearingAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=gettext_lazy("当事人答复"),
        choices=[
            (HearingAnswer.REQUESTED, HearingAnswer.REQUESTED.label),
            (HearingAnswer.WAIVED, HearingAnswer.WAIVED.label),
        ],
        widget=forms.RadioSelect,
    )
    answered_at = when_field(gettext_lazy("答复时间"))
    note = forms.CharField(
        label=gettext_lazy("答复说明"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class HearingAnswerView(ClockPage):
    form_class = HearingAnswerForm
    title = gettext_lazy("登记当事人答复")
    submit_label = gettext_lazy("登记答复")
    anchor = "#penalty-hearing"
    intro = gettext_lazy(
        "当事人在期限内要求听证的，由办公室组织听证；逾期提出的不予受理（CASE-149、CASE-150）。"
    )

    def initial(self, case) -> dict:
        return {"answered_at": now_minute()}

    def perform(self, form, case):
        return penalty_steps.hearing_answer(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已登记当事人答复：%(answer)s") % {"answer": result.get_answer_display()}


class HearingForm(forms.Form):
    held_at = when_field(gettext_lazy("听证时间"))
    place = forms.CharField(label=gettext_lazy("听证地点"), max_length=200)
    chair = forms.TypedChoiceField(
        label=gettext_lazy("听证主持人"),
        coerce=int,
        help_text=gettext_lazy("由办公室（法制机构）人员主持，本案调查取证人员不得主持（CASE-150）"),
    )
    attendees = forms.CharField(
        label=gettext_lazy("参加人员"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("当事人及其代理人、案件调查人员、记录员等"),
    )
    record = forms.CharField(
        label=gettext_lazy("听证笔录"), max_length=20000, widget=forms.Textarea(attrs={"rows": 4})
    )
    opinion = forms.CharField(
        label=gettext_lazy("听证意见"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("听证会报告书的处理意见，报分管局长审核"),
    )

    def __init__(self, *args, chairs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chair"].choices = [("", _("请选择")), *chairs]


class HearingView(ClockPage):
    form_class = HearingForm
    title = gettext_lazy("登记听证")
    submit_label = gettext_lazy("登记听证")
    anchor = "#penalty-hearing"
    intro = gettext_lazy(
        "当事人要求听证的，由办公室发出听证会通知并主持听证，制作听证笔录和听证会报告书，报分管局长审核（CASE-150）。"
    )

    def initial(self, case) -> dict:
        return {"held_at": now_minute()}

    def form_kwargs(self, case) -> dict:
        chairs = [(p.pk, f"{p.name}（{p.unit.name}）") for p in penalty_steps.chair_choices(case)]
        return {**super().form_kwargs(case), "chairs": chairs}

    def perform(self, form, case):
        return penalty_steps.hearing_record(actor=self.actor, case=case, **form.cleaned_data)

    def success_message(self, result, case) -> str:
        return _("已登记听证（主持人：%(name)s）") % {"name": result.chair.name}
