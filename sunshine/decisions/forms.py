"""Forms of the decisions pages: they parse input only; the rules are in decisions.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.core.models import User
from sunshine.decisions.choices import (
    Attendance,
    Confidentiality,
    EvaluationMethod,
    EvaluationResult,
    LegalConclusion,
    MeetingKind,
    Outcome,
    Position,
    RiskLevel,
    TopicKind,
    VoteMethod,
)
from sunshine.decisions.models import AgendaItem


def body_users(body):
    """Active accounts holding a role in the body (its leaders, office, departments)."""
    return (
        User.objects.filter(
            is_active=True, role_assignments__unit__body=body, role_assignments__deleted_at__isnull=True
        )
        .distinct()
        .order_by("username")
    )


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return user.full_name or user.username


class UsersChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, user) -> str:
        return user.full_name or user.username


class TopicForm(forms.Form):
    department = forms.ModelChoiceField(label=_("提出科室"), queryset=None)
    title = forms.CharField(label=_("议题名称"), max_length=200)
    kind = forms.ChoiceField(label=_("事项类别"), choices=TopicKind.choices)
    amount = forms.DecimalField(label=_("涉及金额（元）"), required=False, max_digits=16, decimal_places=2)
    background = forms.CharField(label=_("背景和理由"), widget=forms.Textarea(attrs={"rows": 3}))
    draft_decision = forms.CharField(label=_("决定（草案）"), widget=forms.Textarea(attrs={"rows": 3}))
    alternatives = forms.CharField(
        label=_("比选方案"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("两个以上可供比较的方案"),
    )
    legal_basis = forms.CharField(
        label=_("法律政策依据"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible_leader = UserChoice(label=_("分管领导"), queryset=User.objects.none())
    amends = forms.ModelChoiceField(
        label=_("变更的决定"),
        queryset=None,
        required=False,
        help_text=_("提出变更议题时选择所变更的已通过决定（DEC-63）"),
    )

    def __init__(self, *args, departments, leaders, decisions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["responsible_leader"].queryset = leaders
        self.fields["amends"].queryset = decisions if decisions is not None else AgendaItem.objects.none()
        self.fields["amends"].label_from_instance = lambda item: item.topic.title


class ResearchForm(forms.Form):
    summary = forms.CharField(label=_("调研报告"), widget=forms.Textarea(attrs={"rows": 3}))


class LegalityForm(forms.Form):
    basis = forms.CharField(label=_("法律政策依据"), widget=forms.Textarea(attrs={"rows": 2}))
    analysis = forms.CharField(label=_("合法性分析和结论"), widget=forms.Textarea(attrs={"rows": 3}))
    conclusion = forms.ChoiceField(label=_("审查结论"), choices=LegalConclusion.choices)
    suggestions = forms.CharField(
        label=_("修改建议"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RiskForm(forms.Form):
    legality = forms.CharField(label=_("合法性"), widget=forms.Textarea(attrs={"rows": 2}))
    reasonableness = forms.CharField(label=_("合理性"), widget=forms.Textarea(attrs={"rows": 2}))
    feasibility = forms.CharField(label=_("可行性"), widget=forms.Textarea(attrs={"rows": 2}))
    controllability = forms.CharField(label=_("可控性"), widget=forms.Textarea(attrs={"rows": 2}))
    level = forms.ChoiceField(label=_("风险等级"), choices=RiskLevel.choices)
    measures = forms.CharField(label=_("防范化解措施"), widget=forms.Textarea(attrs={"rows": 2}))


class CheckForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("审核意见"),
        choices=[("1", _("材料齐全，列入待上会")), ("0", _("退回补充"))],
        coerce=lambda v: v == "1",
    )
    reason = forms.CharField(label=_("退回理由"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类型"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("开会时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    place = forms.CharField(label=_("地点"), max_length=100)
    chair = UserChoice(label=_("主持人"), queryset=User.objects.none())
    recorder = UserChoice(label=_("记录人"), queryset=User.objects.none())
    members = UsersChoice(label=_("应到会成员"), queryset=User.objects.none())
    attendees = UsersChoice(label=_("列席人员"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("chair", "recorder", "members", "attendees"):
            self.fields[name].queryset = users


class AgendaForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("议题"), queryset=None)
    urgent = forms.BooleanField(label=_("紧急议题（临时动议）"), required=False)
    urgent_reason = forms.CharField(label=_("紧急理由"), required=False, max_length=300)

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = topics


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(label=_("出席情况"), choices=Attendance.choices)
    absence_reason = forms.CharField(label=_("缺席原因"), required=False, max_length=300)
    written_opinion = forms.CharField(label=_("书面意见"), required=False)


class OpinionForm(forms.Form):
    participant = forms.IntegerField(label=_("成员"))
    position = forms.ChoiceField(label=_("表态"), choices=Position.choices)
    reason = forms.CharField(label=_("理由"), required=False)


class VoteForm(forms.Form):
    method = forms.ChoiceField(label=_("表决方式"), choices=VoteMethod.choices)


class BallotForm(forms.Form):
    participant = forms.IntegerField(label=_("成员"), required=False)
    choice = forms.ChoiceField(label=_("表决意见"), choices=Position.choices)


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("结果"), choices=Outcome.choices)
    reason = forms.CharField(label=_("理由"), required=False)
    changes = forms.CharField(label=_("修改意见"), required=False)


class MinutesForm(forms.Form):
    confidentiality = forms.ChoiceField(label=_("密级"), choices=Confidentiality.choices)


class AddendumForm(forms.Form):
    text = forms.CharField(label=_("更正内容"), widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("更正理由"), max_length=500)


class TaskForm(forms.Form):
    department = forms.ModelChoiceField(label=_("责任科室"), queryset=None)
    responsible = UserChoice(label=_("责任人"), queryset=User.objects.none())
    requirement = forms.CharField(label=_("落实要求"), widget=forms.Textarea(attrs={"rows": 2}))
    reply_workdays = forms.IntegerField(label=_("答复时限（工作日）"), min_value=1, max_value=30, initial=5)

    def __init__(self, *args, departments, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["responsible"].queryset = users


class ArgumentationForm(forms.Form):
    materials_sent_on = forms.DateField(
        label=_("材料送达日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    session_on = forms.DateField(label=_("论证日期"), widget=forms.DateInput(attrs={"type": "date"}))
    chair = forms.CharField(label=_("主持人"), max_length=50)
    summary = forms.CharField(
        label=_("专家意见汇总"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExpertOpinionForm(forms.Form):
    argumentation = forms.IntegerField(widget=forms.HiddenInput)
    expert = forms.ModelChoiceField(label=_("专家"), queryset=None)
    opinion = forms.CharField(label=_("论证意见"), widget=forms.Textarea(attrs={"rows": 2}))
    signed_on = forms.DateField(label=_("签名日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, experts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expert"].queryset = experts


class ConsultationForm(forms.Form):
    consultee = UserChoice(label=_("征求对象"), queryset=User.objects.none())
    deadline = forms.DateField(label=_("答复期限"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, users, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultee"].queryset = users


class ConsultationAnswerForm(forms.Form):
    consultation = forms.IntegerField(widget=forms.HiddenInput)
    agree = forms.TypedChoiceField(
        label=_("答复"), choices=[("1", _("同意")), ("0", _("有不同意见"))], coerce=lambda v: v == "1"
    )
    answer_text = forms.CharField(
        label=_("书面意见"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PublicCommentForm(forms.Form):
    published_on = forms.DateField(label=_("公开日期"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    channel = forms.CharField(label=_("公开渠道"), max_length=100, initial="门户网站")
    on_portal = forms.BooleanField(label=_("在门户网站征求意见"), required=False, initial=True)
    document = forms.CharField(
        label=_("征求意见稿"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("不填时公开议题的决定（草案）"),
    )
    explanation = forms.CharField(
        label=_("起草说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不填时公开议题的背景和理由"),
    )


class PublicCommentAnswerForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(label=_("答复"), widget=forms.Textarea(attrs={"rows": 2}))


def _fraction(value: str) -> list[int]:
    try:
        num, den = (int(x) for x in value.split("/"))
    except (ValueError, AttributeError):
        raise forms.ValidationError(_("请填写分数，如 1/2、2/3")) from None
    return [num, den]


class SettingsForm(forms.Form):
    """The body's 议事决策规范 (DEC-229): checked again by decisions.services.settings_save."""

    enabled_kinds = forms.MultipleChoiceField(
        label=_("启用的事项类别"), choices=TopicKind.choices, widget=forms.CheckboxSelectMultiple
    )
    project_threshold = forms.DecimalField(label=_("重大项目金额标准（元）"), max_digits=16, decimal_places=2)
    funds_threshold = forms.DecimalField(label=_("大额资金标准（元）"), max_digits=16, decimal_places=2)
    notice_workdays = forms.IntegerField(label=_("会议通知提前工作日"))
    public_comment_workdays = forms.IntegerField(label=_("决策公开征求意见最少工作日"))
    expert_lead_days = forms.IntegerField(label=_("专家论证材料提前天数"))
    office_check_days = forms.IntegerField(label=_("办公室审核期限（日）"))
    principal_leaving = forms.BooleanField(label=_("主要负责人已明确即将离任"), required=False)

    def __init__(self, *args, **kwargs):
        from sunshine.decisions.choices import MeetingKind, Prerequisite

        super().__init__(*args, **kwargs)
        for kind, label in TopicKind.choices:
            self.fields[f"prereq_{kind}"] = forms.MultipleChoiceField(
                label=_("%(kind)s的前置程序") % {"kind": label},
                choices=Prerequisite.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        for kind, label in MeetingKind.choices:
            self.fields[f"quorum_{kind}_general"] = forms.CharField(
                label=_("%(kind)s：一般事项到会比例") % {"kind": label}, max_length=7
            )
            self.fields[f"quorum_{kind}_personnel"] = forms.CharField(
                label=_("%(kind)s：人事事项到会比例") % {"kind": label}, max_length=7
            )

    @staticmethod
    def initial_from(settings) -> dict:
        initial = {
            name: getattr(settings, name)
            for name in (
                "enabled_kinds",
                "project_threshold",
                "funds_threshold",
                "notice_workdays",
                "public_comment_workdays",
                "expert_lead_days",
                "office_check_days",
                "principal_leaving",
            )
        }
        for kind, items in settings.prerequisites.items():
            initial[f"prereq_{kind}"] = items
        for kind, rules in settings.quorum.items():
            for key in ("general", "personnel"):
                initial[f"quorum_{kind}_{key}"] = "/".join(str(x) for x in rules[key])
        return initial

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        prerequisites = {
            k.removeprefix("prereq_"): data.pop(k) for k in list(data) if k.startswith("prereq_")
        }
        quorum: dict = {}
        for key in [k for k in list(data) if k.startswith("quorum_")]:
            kind, which = key.removeprefix("quorum_").rsplit("_", 1)
            try:
                quorum.setdefault(kind, {})[which] = _fraction(data.pop(key))
            except forms.ValidationError:
                quorum.setdefault(kind, {})[which] = None
        return {**data, "prerequisites": prerequisites, "quorum": quorum}


class EvaluationPlanForm(forms.Form):
    """评估方案 (EXE-14, EXE-17, EXE-18)."""

    evaluator = forms.CharField(label=_("评估机构"), max_length=100)
    plan = forms.CharField(
        label=_("评估方案"),
        help_text=_("目的、标准、方法和经费"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    methods = forms.MultipleChoiceField(
        label=_("评估方法"), choices=EvaluationMethod.choices, widget=forms.CheckboxSelectMultiple
    )


class EvaluationReportForm(forms.Form):
    """评估报告 (EXE-16, EXE-19)."""

    report = forms.CharField(
        label=_("评估报告"),
        help_text=_("总体评价及依据、存在问题和对策"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendation = forms.ChoiceField(label=_("评估建议"), choices=EvaluationResult.choices)


class EvaluationConcludeForm(forms.Form):
    """The collective's decision on the report (EXE-19)."""

    result = forms.ChoiceField(label=_("评估决定"), choices=EvaluationResult.choices)
    basis = forms.CharField(
        label=_("决定依据"), help_text=_("作出决定的会议和理由"), widget=forms.Textarea(attrs={"rows": 2})
    )
