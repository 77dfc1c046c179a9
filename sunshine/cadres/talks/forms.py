"""Forms of the talks pages: input shape only; the rules are the services'."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sunshine.cadres.talks.choices import Escalation, FollowUpMethod, Kind, Outcome, SourceKind
from sunshine.core.models import User

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class PeopleChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.username


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RegisterForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Kind.choices)
    subject = PersonChoice(label=_("谈话（函询）对象"), queryset=User.objects.none(), required=False)
    participants = PeopleChoice(
        label=_("参加集体廉政谈话人员"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    subject_post = forms.CharField(label=_("单位及职务"), max_length=100, required=False)
    reason = forms.CharField(label=_("事由"), widget=forms.Textarea(attrs={"rows": 3}))
    outline = forms.CharField(label=_("谈话提纲"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    questions = forms.CharField(
        label=_("函询问题"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("每行一个问题，被函询人须逐条说明（SUP-247）"),
    )
    talker = PersonChoice(label=_("谈话人"), queryset=User.objects.none(), required=False)
    source_kind = forms.ChoiceField(
        label=_("来源类别"), choices=[("", "—"), *SourceKind.choices], required=False
    )
    source_id = forms.CharField(
        label=_("来源记录"), max_length=100, required=False, help_text=_("如民主测评结果、信访件的编号")
    )

    def __init__(self, *args, body=None, **kwargs):
        super().__init__(*args, **kwargs)
        if body is not None:
            people = people_of(body)
            for name in ("subject", "participants", "talker"):
                self.fields[name].queryset = people

    def clean_questions(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class ApproveForm(Versioned):
    opinion = forms.CharField(label=_("审批意见"), required=False, initial=_("同意"))


class NotifyForm(Versioned):
    scheduled_at = forms.DateTimeField(label=_("谈话时间"), required=False, widget=DATETIME)
    place = forms.CharField(label=_("谈话地点"), max_length=200, required=False)
    received_at = forms.DateTimeField(
        label=_("收到函询通知时间"), required=False, widget=DATETIME, help_text=_("函询：空为现在（SUP-247）")
    )


class RecordForm(Versioned):
    held_at = forms.DateTimeField(label=_("谈话时间"), widget=DATETIME)
    talker = PersonChoice(label=_("谈话人"), queryset=User.objects.none())
    content = forms.CharField(label=_("谈话内容"), widget=forms.Textarea(attrs={"rows": 5}))
    problems = forms.CharField(
        label=_("指出的问题"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    requirements = forms.CharField(
        label=_("提出的要求"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, talk=None, **kwargs):
        super().__init__(*args, **kwargs)
        if talk is not None:
            self.fields["talker"].queryset = people_of(talk.body)


class ExtendForm(Versioned):
    workdays = forms.IntegerField(label=_("延长工作日数"), min_value=1, max_value=30)
    reason = forms.CharField(label=_("特殊情况"), widget=forms.Textarea(attrs={"rows": 3}))


class ReplyForm(Versioned):
    measures = forms.CharField(label=_("整改措施"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    replied_at = forms.DateTimeField(
        label=_("收到书面回复时间"),
        required=False,
        widget=DATETIME,
        help_text=_("纪检组登记纸质回复时填写，空为现在"),
    )

    def __init__(self, *args, talk=None, office: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.count = len(talk.questions) if talk is not None else 0
        answers = {}
        for i, question in enumerate(talk.questions if talk is not None else [], start=1):
            answers[f"answer_{i}"] = forms.CharField(
                label=_("问题%(n)d：%(q)s") % {"n": i, "q": question},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        self.fields = {**answers, **self.fields}
        if not office:
            del self.fields["replied_at"]

    def clean(self):
        data = super().clean()
        data["answers"] = [data.get(f"answer_{i}", "") for i in range(1, self.count + 1)]
        data.setdefault("replied_at", None)
        return data


class PlanForm(Versioned):
    plan = forms.CharField(label=_("整改方案"), widget=forms.Textarea(attrs={"rows": 5}))
    rectify_by = forms.DateField(
        label=_("整改期限"), required=False, widget=DATE, help_text=_("空为最长期限")
    )
    submitted_at = forms.DateTimeField(
        label=_("提交时间"), required=False, widget=DATETIME, help_text=_("空为现在")
    )


class FollowUpForm(Versioned):
    method = forms.ChoiceField(label=_("方式"), choices=FollowUpMethod.choices)
    finding = forms.CharField(label=_("整改情况"), widget=forms.Textarea(attrs={"rows": 4}))
    at = forms.DateTimeField(label=_("跟踪时间"), required=False, widget=DATETIME, help_text=_("空为现在"))


class ConcludeForm(Versioned):
    outcome = forms.ChoiceField(label=_("办理结果"), choices=Outcome.choices)
    escalation = forms.ChoiceField(
        label=_("另行处理方式"), choices=[("", "—"), *Escalation.choices], required=False
    )
    conclusion = forms.CharField(label=_("办结意见"), widget=forms.Textarea(attrs={"rows": 3}))
