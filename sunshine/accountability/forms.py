"""Forms of the accountability pages: input shape only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.accountability import clocks, printing, services
from sunshine.accountability.choices import FactorCode, FactorKind, ReviewOutcome, Source, Target, Tier
from sunshine.accountability.models import Ground
from sunshine.cases.choices import TaskStatus
from sunshine.core import clock
from sunshine.core.models import User
from sunshine.org.models import Unit


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


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegisterForm(forms.Form):
    source = forms.ChoiceField(label=_("线索来源"), choices=Source.choices)
    subject = forms.CharField(label=_("问责事项"), max_length=300)
    target = forms.ChoiceField(label=_("问责对象类别"), choices=Target.choices, initial=Target.INDIVIDUAL)
    person = PersonChoice(label=_("被问责人"), queryset=User.objects.none(), required=False)
    team = forms.ModelChoiceField(label=_("被问责班子（单位）"), queryset=Unit.objects.none(), required=False)
    source_ref = forms.CharField(
        label=_("来源记录编号"), required=False, help_text=_("信访件、决策事项等的编号")
    )
    source_note = forms.CharField(
        label=_("来源说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    grounds = forms.ModelMultipleChoiceField(
        label=_("问责情形"),
        queryset=Ground.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, body=None, fixed_source: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            self.fields["person"].queryset = people_of(body)
            self.fields["team"].queryset = Unit.objects.filter(path__startswith=body.path).order_by("path")
        if fixed_source:
            self.fields["source"].widget = forms.HiddenInput()


class DismissForm(Versioned):
    verification = forms.CharField(label=_("初步核实情况"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("不予问责理由"), widget=forms.Textarea(attrs={"rows": 3}))


class OpenForm(Versioned):
    verification = forms.CharField(label=_("初步核实情况"), widget=forms.Textarea(attrs={"rows": 3}))
    approved_by = PersonChoice(label=_("决定启动的主要负责人"), queryset=User.objects.none())
    grounds = forms.ModelMultipleChoiceField(
        label=_("问责情形"),
        queryset=Ground.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = people_of(acase.body)


class MemberForm(Versioned):
    user = PersonChoice(label=_("调查组成员"), queryset=User.objects.none())
    is_leader = forms.BooleanField(label=_("组长"), required=False)
    conflict = forms.CharField(
        label=_("利害关系"), required=False, help_text=_("成员申报与被调查人有利害关系的，应当回避（ACC-12）")
    )

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = people_of(acase.body)


class WithdrawForm(Versioned):
    member = forms.ModelChoiceField(label=_("回避成员"), queryset=None)
    reason = forms.CharField(label=_("回避理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = acase.members.filter(withdrawn_at__isnull=True).select_related(
            "user"
        )


class ExtendForm(Versioned):
    approved_by = PersonChoice(label=_("批准延长的主要负责人"), queryset=User.objects.none())
    reason = forms.CharField(label=_("延长理由"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = people_of(acase.body)


class SanctionLabel(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name}（{Tier(obj.tier).label}，{obj.rule}）"


class SanctionsForm(Versioned):
    tier = forms.ChoiceField(label=_("情节"), choices=Tier.choices)
    sanctions = SanctionLabel(label=_("问责方式"), queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sanctions"].queryset = services.catalogue(acase.body, acase.target)


class StatementForm(Versioned):
    statement = forms.CharField(label=_("陈述"), widget=forms.Textarea(attrs={"rows": 3}))
    defence = forms.CharField(label=_("申辩意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    verification = forms.CharField(
        label=_("核实情况"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    adopted = forms.BooleanField(label=_("申辩理由成立，予以采纳"), required=False)


class TaskChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        who = obj.completed_by.full_name or obj.completed_by.username
        return f"{obj.name}：{who}（{obj.choice or obj.opinion or '—'}）"


class ChainForm(Versioned):
    handler_task = TaskChoice(label=_("承办环节"), queryset=None)
    reviewer_task = TaskChoice(label=_("审核环节"), queryset=None, required=False)
    approver_task = TaskChoice(label=_("批准环节"), queryset=None, required=False)
    correct = forms.ChoiceField(
        label=_("调查认定正确的意见"),
        choices=[("handler", _("承办人的意见")), ("reviewer", _("审核人的意见")), ("none", _("均不正确"))],
    )
    handler_fault = forms.BooleanField(label=_("承办人直接作出错误决定或弄虚作假、徇私舞弊"), required=False)

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        tasks = (
            acase.case.tasks.filter(status=TaskStatus.DONE, completed_by__isnull=False)
            .select_related("completed_by")
            .order_by("completed_at", "id")
        )
        for name in ("handler_task", "reviewer_task", "approver_task"):
            self.fields[name].queryset = tasks


class LeadersForm(Versioned):
    principal = PersonChoice(label=_("主要负责人"), queryset=User.objects.none())
    in_charge = PersonChoice(label=_("分管领导"), queryset=User.objects.none())
    cause = forms.ChoiceField(
        label=_("过错因谁工作不力"), choices=[("principal", _("主要负责人")), ("in_charge", _("分管领导"))]
    )

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = self.fields["in_charge"].queryset = people_of(acase.body)


class FactorForm(Versioned):
    kind = forms.ChoiceField(label=_("类别"), choices=FactorKind.choices)
    code = forms.ChoiceField(label=_("情节"), choices=FactorCode.choices)
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}))


class ReportForm(Versioned):
    facts = forms.CharField(label=_("具体事实"), widget=forms.Textarea(attrs={"rows": 4}))
    conclusion = forms.CharField(label=_("基本结论"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(label=_("问责建议"), widget=forms.Textarea(attrs={"rows": 3}))


class DecideForm(SanctionsForm):
    deciding_body = forms.CharField(label=_("决定机关"), max_length=100)
    decision_text = forms.CharField(label=_("决定内容"), widget=forms.Textarea(attrs={"rows": 3}))
    transfer_note = forms.CharField(
        label=_("移送纪律审查或司法机关"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


def _day(moment) -> str:
    return clock.local(moment).strftime("%Y-%m-%d") if moment else "—"


class ServeForm(Versioned):
    """送达 (ACC-10): the rights the decision states are shown beside the box that confirms them."""

    received_at = forms.DateTimeField(label=_("被问责人签收时间"), required=False)
    rights_stated = forms.BooleanField(label=_("决定书已告知申诉等权利（ACC-10）"), required=False)

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_at"].help_text = _(
            "空为现在；送达期限至%(due)s（作出决定之日起10个工作日，ACC-10）"
        ) % {"due": _day(clocks.service_due(acase))}
        self.fields["rights_stated"].help_text = printing.rights_text(acase)


class AppealForm(Versioned):
    """申诉 (ACC-11): the window's last day is shown; the decision keeps applying meanwhile."""

    reason = forms.CharField(label=_("申诉理由"), widget=forms.Textarea(attrs={"rows": 3}))
    appealed_at = forms.DateTimeField(label=_("申诉时间"), required=False)

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["appealed_at"].help_text = _(
            "空为现在；申诉期限至%(due)s（收到决定之日起15个工作日，ACC-11），申诉期间不停止问责决定的执行"
        ) % {"due": _day(clocks.appeal_due(acase))}


class ReviewForm(Versioned):
    outcome = forms.ChoiceField(label=_("复核结论"), choices=ReviewOutcome.choices)
    text = forms.CharField(label=_("复核决定"), widget=forms.Textarea(attrs={"rows": 3}))
    tier = forms.ChoiceField(label=_("变更后的情节"), choices=[("", "—"), *Tier.choices], required=False)
    sanctions = SanctionLabel(
        label=_("变更后的问责方式"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, acase=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sanctions"].queryset = services.catalogue(acase.body, acase.target)
        self.fields["text"].help_text = _(
            "复核期限至%(due)s（申诉之日起30个工作日，ACC-11）；复核只能维持、减轻或撤销，不得加重（ACT-2）"
        ) % {"due": _day(clocks.review_due(acase))}


class CloseForm(Versioned):
    pass


class SanctionForm(forms.Form):
    """A sanction of the body's own catalogue (SUP-38); ``rank`` only when adding."""

    target = forms.ChoiceField(label=_("适用对象"), choices=Target.choices)
    name = forms.CharField(label=_("问责方式"), max_length=100)
    tier = forms.ChoiceField(
        label=_("适用情节"), choices=Tier.choices, help_text=_("ACC-3：情节限定可选的问责方式")
    )
    rank = forms.IntegerField(
        label=_("轻重次序"), min_value=1, required=False, help_text=_("1为最轻；留空排在最重")
    )
    rule = forms.CharField(label=_("依据"), max_length=60, required=False)
    active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # the place in the order and the target stay; a new place is a new row
            del self.fields["rank"]
            del self.fields["target"]
        else:
            del self.fields["active"]
