"""The pages of 加签 and 会签/或签 (ADR 0006, TASK-6/7), opened from the step's card on the case
page (cases/_signatures.html): add a co-signer, sign, name a countersign step's signers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases import pinned
from sunshine.cases.actions import access, common, sign, sign_state
from sunshine.cases.actions.views import TaskActionPage, _people, _textarea
from sunshine.cases.signer_models import SignOpinion, SignPhase
from sunshine.core.errors import NotPermitted
from sunshine.flows.engine import executor


class AddSignerForm(forms.Form):
    signer = forms.ChoiceField(label=gettext_lazy("加签人"), required=False)
    phase = forms.ChoiceField(
        label=gettext_lazy("加签方式"),
        widget=forms.RadioSelect,
        required=False,
        choices=[
            (SignPhase.BEFORE, gettext_lazy("前加签：加签人签署后，我再办理")),
            (SignPhase.AFTER, gettext_lazy("后加签：我办理后，加签人签署，流程才继续")),
        ],
    )
    note = _textarea(gettext_lazy("加签说明"), required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = _people(people)


class AddSignerView(TaskActionPage):
    form_class = AddSignerForm
    title = gettext_lazy("加签")
    submit_label = gettext_lazy("加签")
    intro = gettext_lazy("可以加签本科室人员或本机关领导。前加签人未签署前，您不能办理该环节。")

    def initial(self, task) -> dict:
        return {"phase": SignPhase.BEFORE}

    def form_kwargs(self, task) -> dict:
        owner = access.acting_for(self.actor, task) or self.actor
        return {"people": sign.co_signer_candidates(task, owner)}

    def perform(self, form, task):
        data = form.cleaned_data
        return sign.signer_add(
            actor=self.actor, task=task, signer=data["signer"], phase=data["phase"], note=data["note"]
        )

    def success_message(self, result, task) -> str:
        return _("已向%(name)s加签（%(phase)s）") % {
            "name": common.name_of(result.signer),
            "phase": result.get_phase_display(),
        }


class SignForm(forms.Form):
    opinion = forms.ChoiceField(
        label=gettext_lazy("签署意见"), widget=forms.RadioSelect, choices=SignOpinion.choices, required=False
    )
    text = _textarea(gettext_lazy("意见内容"), required=False)
    choice = forms.ChoiceField(label=gettext_lazy("办理结果"), required=False)

    def __init__(self, *args, options=(), **kwargs):
        super().__init__(*args, **kwargs)
        if options:
            self.fields["choice"].choices = [("", "——")] + [(o, o) for o in options]
            self.fields["choice"].help_text = _("您的签署办结该环节时（会签最后一人、或签），须选择办理结果")
        else:
            del self.fields["choice"]


class SignView(TaskActionPage):
    form_class = SignForm
    title = gettext_lazy("签署")
    submit_label = gettext_lazy("签署")
    needs_owner = False

    def check(self, task) -> None:
        super().check(task)
        if sign_state.signature_for(self.actor, sign_state.pending(task))[0] is None:
            raise NotPermitted("not_a_signer", _("该环节没有请您签署"))

    def initial(self, task) -> dict:
        return {"opinion": SignOpinion.AGREE}

    def form_kwargs(self, task) -> dict:
        options = []
        if sign_state.is_countersign(task):
            xml = pinned.xml(self.case)
            options = [o.label for o in executor.options_after(xml, task.element_id)]
        return {"options": options}

    def perform(self, form, task):
        data = form.cleaned_data
        return sign.signature_sign(
            actor=self.actor,
            task=task,
            opinion=data["opinion"],
            text=data["text"],
            choice=data.get("choice", ""),
        )

    def success_message(self, result, task) -> str:
        return _("已签署（%(opinion)s）") % {"opinion": result.get_opinion_display()}


class SignersForm(forms.Form):
    signers = forms.MultipleChoiceField(
        label=gettext_lazy("签署人"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signers"].choices = _people(people)[1:]


class CountersignersView(TaskActionPage):
    form_class = SignersForm
    title = gettext_lazy("指定会签人")
    submit_label = gettext_lazy("保存签署人")
    intro = gettext_lazy("默认由该岗位的全体在岗人员签署；在有人签署前，可以改为该岗位或承办科室的其他人员。")
    needs_owner = False

    def check(self, task) -> None:
        super().check(task)
        if not (access.holds(self.actor.pk, task) or access.acting_for(self.actor, task)):
            raise NotPermitted("not_your_task", _("只有该环节岗位的人员可以指定签署人"))

    def initial(self, task) -> dict:
        return {"signers": [str(s.signer_id) for s in sign_state.pending(task)]}

    def form_kwargs(self, task) -> dict:
        return {"people": sign.countersign_candidates(task)}

    def perform(self, form, task):
        return sign.countersign_set(actor=self.actor, task=task, signers=form.cleaned_data["signers"])

    def success_message(self, result, task) -> str:
        return _("已指定%(n)d名签署人") % {"n": len(result)}
