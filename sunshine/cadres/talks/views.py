"""Staff pages of talks and letters under /cadres/talks/: the discipline office's list with the reply
clocks, the leader's approval queue, a cadre's own letters, a talk's page (as much as the reader may
see, SUP-248), one form per action and the printable notice and approval form. Thin views: the rules
and their refusals are the services'."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cadres.talks import actions, forms, printing, selectors, services
from sunshine.cadres.talks.choices import Kind, Status
from sunshine.core.errors import NotFound, NotPermitted
from sunshine.core.pages import FormPage, StaffView
from sunshine.core.permissions import has_permission

STATUS_TAGS = {
    Status.DRAFT: "tag-blue",
    Status.APPROVED: "tag-blue",
    Status.NOTIFIED: "tag-orange",
    Status.HELD: "tag-orange",
    Status.REPLIED: "tag-orange",
    Status.RECTIFYING: "tag-orange",
    Status.CONCLUDED: "tag-grey",
}


def talk_url(talk) -> str:
    return reverse("cadres:talks_detail", args=[talk.pk])


def row(talk) -> dict:
    return {
        "talk": talk,
        "url": talk_url(talk),
        "status": {"label": Status(talk.status).label, "tag": STATUS_TAGS[talk.status]},
        "overdue": services.is_overdue(talk),
        "late": talk.reply_late or talk.plan_late,
    }


class TalkListView(StaffView):
    """谈话函询: the office's talks and letters (open ones unless ``?all=1``), and the approval forms
    awaiting the reader's approval when he is a leader."""

    def get(self, request):
        office = has_permission(self.actor, services.SUPERVISE)
        leader = has_permission(self.actor, services.APPROVE)
        if not office and not leader:
            raise NotPermitted(
                "not_discipline_office", _("只有纪检监察机构和审批领导可以查看谈话函询"), rule="SUP-248"
            )
        show_all = request.GET.get("all") == "1"
        rows = []
        if office:
            rows = [row(t) for t in selectors.talk_list(actor=self.actor, open_only=not show_all)[:500]]
        pending = [row(t) for t in selectors.awaiting_approval(actor=self.actor)[:200]]
        return render(
            request,
            "cadres/talks/talk_list.html",
            {
                "rows": rows,
                "pending": pending,
                "office": office,
                "show_all": show_all,
                "overdue": sum(r["overdue"] for r in rows),
            },
        )


class MyLettersView(StaffView):
    """我的函询: the letters sent to the reader and his replies (SUP-248)."""

    def get(self, request):
        rows = [row(t) for t in selectors.my_letters(actor=self.actor)]
        return render(request, "cadres/talks/my_letters.html", {"rows": rows})


class RegisterView(FormPage):
    """填写审批表 (SUP-244): in the first body whose discipline office the reader belongs to."""

    form_class = forms.RegisterForm
    title = gettext_lazy("登记谈话函询（填写审批表）")
    submit_label = gettext_lazy("提交审批")

    def load(self, **kwargs):
        from sunshine.org import selectors as org_selectors

        units = org_selectors.unit_list(actor=self.actor, perm=services.SUPERVISE).filter(kind="body")
        return {"body": units.first()}

    def check(self, obj) -> None:
        services.require_supervise(self.actor, obj["body"])

    def initial(self, obj) -> dict:
        return {"kind": self.request.GET.get("kind") or Kind.INQUIRY}

    def form_kwargs(self, obj) -> dict:
        return {"body": obj["body"]}

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.talk_register(
            actor=self.actor,
            body=obj["body"],
            kind=d["kind"],
            subject=d["subject"],
            subject_post=d["subject_post"],
            participants=list(d["participants"]),
            reason=d["reason"],
            outline=d["outline"],
            questions=d["questions"],
            talker=d["talker"],
            source_kind=d["source_kind"],
            source_id=d["source_id"],
        )

    def done(self, result, obj) -> str:
        return talk_url(result)

    def success_message(self, result, obj) -> str:
        return _("已登记%(number)s，待领导审批") % {"number": result.number}

    def cancel_url(self, obj) -> str:
        return reverse("cadres:talks_list")


# name → (label, form, statuses, who: "office" | "approver" | "reply", kinds or None); the service
# each calls is in talks.actions
ACTIONS = {
    "approve": (
        gettext_lazy("审批同意"),
        forms.ApproveForm,
        (Status.DRAFT,),
        "approver",
        None,
    ),
    "notify": (
        gettext_lazy("发出通知书"),
        forms.NotifyForm,
        (Status.APPROVED,),
        "office",
        None,
    ),
    "record": (
        gettext_lazy("记录谈话"),
        forms.RecordForm,
        (Status.NOTIFIED,),
        "office",
        (Kind.INTEGRITY_COLLECTIVE, Kind.INTEGRITY, Kind.ADMONITION, Kind.SUMMONS),
    ),
    "extend": (
        gettext_lazy("同意延期回复"),
        forms.ExtendForm,
        (Status.NOTIFIED,),
        "office",
        (Kind.INQUIRY,),
    ),
    "reply": (
        gettext_lazy("书面回复"),
        forms.ReplyForm,
        (Status.NOTIFIED,),
        "reply",
        (Kind.INQUIRY,),
    ),
    "plan": (
        gettext_lazy("登记整改方案"),
        forms.PlanForm,
        (Status.HELD, Status.REPLIED),
        "office",
        None,
    ),
    "follow-up": (
        gettext_lazy("跟踪整改"),
        forms.FollowUpForm,
        (Status.RECTIFYING,),
        "office",
        None,
    ),
    "conclude": (
        gettext_lazy("办结"),
        forms.ConcludeForm,
        (Status.HELD, Status.REPLIED, Status.RECTIFYING),
        "office",
        None,
    ),
}


def actions_for(talk, level: str) -> list[tuple[str, str]]:
    who = {
        services.OFFICE: ("office", "reply"),
        services.SUBJECT: ("reply",),
        services.APPROVER: ("approver",),
    }
    return [
        (name, label)
        for name, (label, _form, statuses, role, kinds) in ACTIONS.items()
        if talk.status in statuses and role in who.get(level, ()) and (kinds is None or talk.kind in kinds)
    ]


class TalkDetailView(StaffView):
    def get(self, request, pk: int):
        talk = selectors.talk_get(actor=self.actor, pk=pk)
        level = services.audience(self.actor, talk)
        context = {
            "talk": talk,
            "row": row(talk),
            "level": level,
            "office": level == services.OFFICE,
            "show_form": level in (services.OFFICE, services.APPROVER),
            "show_content": services.may_read_content(self.actor, talk),
            "actions": actions_for(talk, level),
            "answers": list(
                zip(talk.questions, talk.reply_answers or [""] * len(talk.questions), strict=False)
            ),
            "follow_ups": talk.follow_ups.select_related("by"),
            "participants": talk.participants.all(),
            "plan_due": services.plan_due(talk),
            **_source(self.actor, talk),
        }
        return render(request, "cadres/talks/talk_detail.html", context)


def _source(actor, talk) -> dict:
    """The evaluation outcome that opened the talk (SUP-253, SUP-11), linked for whoever may see
    the round."""
    from sunshine.cadres.evaluation.services import may_see

    outcome = services.evaluation_outcome_of(talk)
    if outcome is None:
        return {"source_outcome": None, "source_url": ""}
    url = ""
    if may_see(actor, outcome.round):
        url = reverse("cadres:evaluation_detail", args=[outcome.round_id]) + "#outcomes"
    return {"source_outcome": outcome, "source_url": url}


class TalkActionView(FormPage):
    """One action on a talk: its form, its service, the refusal on the form with its rule."""

    def load(self, pk: int, action: str, **kwargs):
        if action not in ACTIONS:
            raise Http404
        self.action = action
        return selectors.talk_get(actor=self.actor, pk=pk)

    @property
    def form_class(self):
        return ACTIONS[self.action][1]

    def check(self, obj) -> None:
        level = services.audience(self.actor, obj)
        allowed = {
            "office": (services.OFFICE,),
            "reply": (services.OFFICE, services.SUBJECT),
            "approver": (services.OFFICE, services.APPROVER),
        }[ACTIONS[self.action][3]]
        if level not in allowed:
            raise NotPermitted("not_allowed", _("您不能办理此事项（SUP-248）"), rule="SUP-248")

    def form_kwargs(self, obj) -> dict:
        if self.action == "reply":
            return {"talk": obj, "office": services.audience(self.actor, obj) == services.OFFICE}
        if self.action == "record":
            return {"talk": obj}
        return {}

    def get_title(self, obj) -> str:
        return f"{ACTIONS[self.action][0]}：{obj.number}"

    @property
    def submit_label(self):
        return ACTIONS[self.action][0]

    def perform(self, form, obj):
        data = form.cleaned_data
        return actions.perform(
            self.action, actor=self.actor, talk=obj, data=data, expected_version=data.get("version")
        )

    def done(self, result, obj) -> str:
        return talk_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已%(action)s") % {"action": ACTIONS[self.action][0]}

    def cancel_url(self, obj) -> str:
        return talk_url(obj)


class PrintView(StaffView):
    """通知书 (SUP-244, with the reply once given) and 审批表, as PDF or Word."""

    def get(self, request, pk: int, doc: str, fmt: str):
        talk = selectors.talk_get(actor=self.actor, pk=pk)
        if fmt not in ("pdf", "docx"):
            raise Http404
        level = services.audience(self.actor, talk)
        if doc == "notice":
            content = printing.notice_sections(talk, with_reply=services.may_read_content(self.actor, talk))
        elif doc == "form" and level in (services.OFFICE, services.APPROVER):
            content = printing.approval_sections(
                talk, with_content=services.may_read_content(self.actor, talk)
            )
        else:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        kind = (
            "application/pdf"
            if fmt == "pdf"
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        return FileResponse(
            iter([printing.render(content, fmt)]),
            content_type=kind,
            as_attachment=fmt == "docx",
            filename=f"{talk.number}-{doc}.{fmt}",
        )
