"""The pages of the task actions (ADR 0006): a form page per action on a step, opened from the
step's card on the case page (cases/_task_actions.html), and the stand-in page (代理设置)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases import selectors
from sunshine.cases.action_models import StandIn
from sunshine.cases.actions import access, common, delegate, send_back, stand_in, transfer
from sunshine.cases.actions import copy as case_copies
from sunshine.cases.choices import TaskStatus
from sunshine.core import clock
from sunshine.core.errors import Conflict, NotFound, NotPermitted
from sunshine.core.pages import FormPage, StaffView
from sunshine.core.permissions import require_permission


def _textarea(label, required=True):
    return forms.CharField(label=label, widget=forms.Textarea(attrs={"rows": 3}), required=required)


def _people(users) -> list[tuple[str, str]]:
    return [("", "——")] + [(str(u.pk), common.name_of(u)) for u in users]


class SendBackForm(forms.Form):
    to_task = forms.ChoiceField(label=gettext_lazy("退回至"))
    reason = _textarea(gettext_lazy("退回理由"), required=False)

    def __init__(self, *args, targets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_task"].choices = [
            (str(t.pk), f"{t.name}（{common.name_of(t.completed_by) if t.completed_by else '—'}）")
            for t in targets
        ]


class PersonForm(forms.Form):
    to_user = forms.ChoiceField(label=gettext_lazy("办理人"))
    reason = _textarea(gettext_lazy("理由"), required=False)

    def __init__(self, *args, people=(), person_label=None, reason_label=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].choices = _people(people)
        self.fields["to_user"].required = False  # the service names the missing person
        if person_label:
            self.fields["to_user"].label = person_label
        if reason_label:
            self.fields["reason"].label = reason_label


class OpinionForm(forms.Form):
    opinion = _textarea(gettext_lazy("委派意见"), required=False)


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button confirms."""


class TaskActionPage(FormPage):
    template_name = "catalog/form.html"
    needs_owner = True  # only someone who may do the step opens the page

    def load(self, pk: int):
        task = selectors.task_get(actor=self.actor, pk=pk)
        self.case = selectors.case_get(actor=self.actor, pk=task.case_id)
        return task

    def check(self, task) -> None:
        require_permission(self.actor, "cases.handle", task)
        if task.status != TaskStatus.OPEN:
            raise Conflict("task_already_done", _("该环节已办理"))
        if self.needs_owner and not access.may_handle(self.actor, task):
            raise NotPermitted("not_your_task", _("您不能办理该环节"))

    def initial(self, task) -> dict:
        return {}

    def get_title(self, task) -> str:
        return f"{self.title}：{task.name} · {self.case.number}"

    def done(self, result, task) -> str:
        return reverse("cases:case_detail", args=[task.case_id])

    def cancel_url(self, task) -> str:
        return reverse("cases:case_detail", args=[task.case_id])


class SendBackView(TaskActionPage):
    form_class = SendBackForm
    title = gettext_lazy("退回")
    submit_label = gettext_lazy("退回")
    intro = gettext_lazy("只能退回到本办件已办理过的前序环节，须写明理由；该环节将重新由原办理人办理。")

    def form_kwargs(self, task) -> dict:
        return {"targets": send_back.targets(task, self.case)}

    def perform(self, form, task):
        target = self.case.tasks.filter(pk=form.cleaned_data["to_task"]).first()
        return send_back.task_send_back(
            actor=self.actor, task=task, to_task=target, reason=form.cleaned_data["reason"]
        )

    def success_message(self, result, task) -> str:
        return _("已退回至“%(step)s”") % {"step": result.name}


class TransferView(TaskActionPage):
    form_class = PersonForm
    title = gettext_lazy("转办")
    submit_label = gettext_lazy("转办")
    intro = gettext_lazy("只能转给同一岗位的在岗同事（环节未指定岗位的，转给承办科室的人员）。")

    def form_kwargs(self, task) -> dict:
        people = transfer.candidates(task, exclude=[self.actor, task.assignee])
        return {"people": people, "person_label": _("转办给"), "reason_label": _("转办理由")}

    def perform(self, form, task):
        data = form.cleaned_data
        return transfer.task_transfer(
            actor=self.actor, task=task, to_user=data["to_user"], reason=data["reason"]
        )

    def success_message(self, result, task) -> str:
        return _("已转办给%(name)s") % {"name": common.name_of(result.assignee)}


class DelegateView(TaskActionPage):
    form_class = PersonForm
    title = gettext_lazy("委派")
    submit_label = gettext_lazy("委派")
    intro = gettext_lazy("委派给本科室人员提出意见；答复前可以收回，答复后由您办理该环节。")

    def form_kwargs(self, task) -> dict:
        owner = access.acting_for(self.actor, task) or self.actor
        return {
            "people": delegate.candidates(task, owner),
            "person_label": _("委派给"),
            "reason_label": _("委派说明"),
        }

    def perform(self, form, task):
        data = form.cleaned_data
        return delegate.task_delegate(
            actor=self.actor, task=task, to_user=data["to_user"], note=data["reason"]
        )

    def success_message(self, result, task) -> str:
        return _("已委派给%(name)s") % {"name": common.name_of(result.delegate)}


class DelegationReplyView(TaskActionPage):
    form_class = OpinionForm
    title = gettext_lazy("答复委派")
    submit_label = gettext_lazy("提交意见")
    needs_owner = False

    def perform(self, form, task):
        return delegate.delegation_reply(actor=self.actor, task=task, opinion=form.cleaned_data["opinion"])

    def success_message(self, result, task) -> str:
        return _("已答复委派，环节交回%(name)s办理") % {"name": common.name_of(result.owner)}


class TakeBackView(TaskActionPage):
    form_class = ConfirmForm
    title = gettext_lazy("收回委派")
    submit_label = gettext_lazy("收回")
    needs_owner = False

    def perform(self, form, task):
        return delegate.delegation_take_back(actor=self.actor, task=task)

    def success_message(self, result, task) -> str:
        return _("已收回委派")


class CopyForm(forms.Form):
    readers = forms.MultipleChoiceField(
        label=gettext_lazy("抄送对象"), widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(label=gettext_lazy("抄送说明"), max_length=500, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["readers"].choices = _people(people)[1:]


class CopyView(TaskActionPage):
    form_class = CopyForm
    title = gettext_lazy("抄送")
    submit_label = gettext_lazy("抄送")
    intro = gettext_lazy("抄送对象可以查阅该办件（不能办理），办件列入其“抄送我的”。")

    def form_kwargs(self, task) -> dict:
        return {"people": case_copies.candidates(self.case, exclude=[self.actor])}

    def perform(self, form, task):
        data = form.cleaned_data
        return case_copies.case_copy(actor=self.actor, task=task, readers=data["readers"], note=data["note"])

    def success_message(self, result, task) -> str:
        return _("已抄送%(n)d人") % {"n": len(result)}


class CopiesView(StaffView):
    """抄送我的: the cases copied to me, unread first."""

    def get(self, request):
        require_permission(self.actor, "cases.view")
        rows = [
            {"copy": c, "url": reverse("cases:case_detail", args=[c.case_id])}
            for c in case_copies.copies_for(self.actor)[:200]
        ]
        return render(request, "cases/copies.html", {"rows": rows})


class CopyReadView(StaffView):
    """POST only: mark a copied case read (from its page)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        case = selectors.case_get(actor=self.actor, pk=pk)
        case_copies.copy_mark_read(actor=self.actor, case=case)
        messages.success(request, _("已标记为已读"))
        return redirect(reverse("cases:case_detail", args=[case.pk]))


# --- 代理 ---------------------------------------------------------------------------------------------


def date_widget():  # the browser's date picker wants ISO dates
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StandInForm(forms.Form):
    person = forms.ChoiceField(label=gettext_lazy("被代理人"))
    stand_in = forms.ChoiceField(label=gettext_lazy("代理人"), required=False)
    starts_on = forms.DateField(label=gettext_lazy("开始日期"), widget=date_widget())
    ends_on = forms.DateField(label=gettext_lazy("结束日期"), widget=date_widget())
    reason = forms.CharField(label=gettext_lazy("事由"), max_length=200, required=False)

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = _people(people)[1:]
        self.fields["stand_in"].choices = _people(people)


def _colleagues(actor) -> list:
    """The people of the actor's unit (the ones they may name a stand-in for or as one)."""
    from django.contrib.auth import get_user_model

    unit = getattr(getattr(actor, "person", None), "unit_id", None)
    users = get_user_model().objects.filter(is_active=True)
    users = users.filter(person__unit_id=unit) if unit else users.filter(pk=actor.pk)
    return sorted({actor, *users.order_by("pk")}, key=lambda u: (u.pk != actor.pk, u.pk))


class StandInView(FormPage):
    """代理设置 (CASE-13): the stand-ins for me, by me and those I named; a form to name one."""

    template_name = "cases/stand_ins.html"
    form_class = StandInForm
    title = gettext_lazy("代理设置")
    submit_label = gettext_lazy("指定代理人")

    def check(self, obj) -> None:
        require_permission(self.actor, "cases.handle")

    def initial(self, obj) -> dict:
        today = clock.today()
        return {"person": str(self.actor.pk), "starts_on": today, "ends_on": today}

    def form_kwargs(self, obj) -> dict:
        return {"people": _colleagues(self.actor)}

    def perform(self, form, obj):
        return stand_in.stand_in_name(actor=self.actor, **form.cleaned_data)

    def done(self, result, obj) -> str:
        return reverse("cases:stand_ins")

    def cancel_url(self, obj) -> str:
        return reverse("cases:my_tasks")

    def success_message(self, result, obj) -> str:
        return _("已指定%(name)s为代理人") % {"name": common.name_of(result.stand_in)}

    def context(self, obj) -> dict:
        today = clock.today()
        rows = [
            {
                "record": r,
                "active": r.revoked_at is None and r.starts_on <= today <= r.ends_on,
                "ended": r.revoked_at is not None or r.ends_on < today,
            }
            for r in stand_in.stand_ins_of(self.actor)
        ]
        return {"rows": rows}


class StandInRevokeView(StaffView):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        record = StandIn.objects.filter(pk=pk).first()
        if record is None:
            raise NotFound("no_stand_in", _("没有该代理"))
        try:
            stand_in.stand_in_revoke(actor=self.actor, stand_in=record)
        except Conflict as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("已撤销代理"))
        return redirect(reverse("cases:stand_ins"))
