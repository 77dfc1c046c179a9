"""Staff pages of accountability under /accountability/ (Chinese, server-rendered): the discipline
office's list of open matters with their clocks, registering a matter (from an alert or an order
through oversight's page hooks, or by hand), a case's page and one form per stage action. Thin
views: the rules and their refusals are the services'."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.accountability import clocks, forms, printing, selectors, services
from sunshine.accountability.choices import Action, Source, Status, Target
from sunshine.core.pages import FormPage, StaffView
from sunshine.oversight import selectors as alert_selectors
from sunshine.oversight.orders import selectors as order_selectors

STATUS_TAGS = {
    Status.VERIFYING: "tag-blue",
    Status.INVESTIGATING: "tag-orange",
    Status.REPORTED: "tag-orange",
    Status.DECIDED: "tag-red",
    Status.SERVED: "tag-blue",
    Status.APPEALED: "tag-orange",
    Status.CLOSED: "tag-grey",
    Status.DISMISSED: "tag-grey",
}


def case_url(acase) -> str:
    return reverse("accountability:detail", args=[acase.pk])


def row(acase) -> dict:
    running = clocks.current(acase)
    return {
        "acase": acase,
        "url": case_url(acase),
        "status": {"label": Status(acase.status).label, "tag": STATUS_TAGS[acase.status]},
        "clock": running,
        "late": bool(running and running.late),
    }


class CaseListView(StaffView):
    """问责案件: the open matters of the actor's bodies with the clock each runs on (ACC-9..11);
    ``?all=1`` includes closed and dismissed ones."""

    def get(self, request):
        show_all = request.GET.get("all") == "1"
        cases = selectors.case_list(actor=self.actor, open_only=not show_all)[:500]
        rows = [row(c) for c in cases]
        return render(
            request,
            "accountability/case_list.html",
            {"rows": rows, "show_all": show_all, "late": sum(r["late"] for r in rows)},
        )


class RegisterView(FormPage):
    """登记问责线索 (ACC-5): ``?alert=`` or ``?order=`` prefills the source and its links."""

    form_class = forms.RegisterForm
    template_name = "org/form.html"
    title = gettext_lazy("登记问责线索")
    submit_label = gettext_lazy("登记")

    def load(self, **kwargs):
        get = self.request.GET
        alert = order = None
        if get.get("alert", "").isdigit():
            alert = alert_selectors.alert_get(actor=self.actor, pk=int(get["alert"]))
        elif get.get("order", "").isdigit():
            order = order_selectors.order_get(actor=self.actor, pk=int(get["order"]))
        return {"alert": alert, "order": order}

    def check(self, obj) -> None:
        source = obj["alert"] or obj["order"]
        services.require_manage(self.actor, source.body if source else None)

    def body(self, obj):
        source = obj["alert"] or obj["order"]
        if source is not None:
            return source.body
        from sunshine.org import selectors as org_selectors

        units = org_selectors.unit_list(actor=self.actor, perm=services.MANAGE).filter(kind="body")
        return units.first()

    def form_kwargs(self, obj) -> dict:
        return {"body": self.body(obj), "fixed_source": bool(obj["alert"] or obj["order"])}

    def initial(self, obj) -> dict:
        if obj["alert"]:
            alert = obj["alert"]
            return {"source": Source.ALERT, "subject": alert.message, "person": alert.responsible_id}
        if obj["order"]:
            order = obj["order"]
            return {"source": Source.ORDER, "subject": order.subject, "person": order.responsible_id}
        return {"target": Target.INDIVIDUAL}

    def get_title(self, obj) -> str:
        if obj["alert"]:
            return _("立案问责：预警")
        if obj["order"]:
            return _("立案问责：督办通知书%(number)s") % {"number": obj["order"].number}
        return str(self.title)

    def perform(self, form, obj):
        d = form.cleaned_data
        return services.case_register(
            actor=self.actor,
            body=self.body(obj),
            source=d["source"],
            subject=d["subject"],
            target=d["target"],
            person=d["person"],
            team=d["team"],
            alert=obj["alert"],
            order=obj["order"],
            source_ref=d["source_ref"],
            source_note=d["source_note"],
            grounds=list(d["grounds"]),
        )

    def done(self, result, obj) -> str:
        return case_url(result)

    def success_message(self, result, obj) -> str:
        return _("已登记问责线索%(number)s") % {"number": result.number}

    def cancel_url(self, obj) -> str:
        return reverse("accountability:list")


MANY = {"grounds", "sanctions"}  # multiple-choice fields: their services take lists


@dataclass(frozen=True)
class StageAction:
    """One stage action of the case page: its button, form, the statuses it applies in, and the
    service it calls with the form's ``fields`` (named as the service's arguments)."""

    label: str
    form: type
    statuses: tuple[str, ...]
    service: Callable
    fields: tuple[str, ...] = ()

    def call(self, actor, acase, data: dict):
        values = {f: list(data[f] or []) if f in MANY else data[f] for f in self.fields}
        return self.service(actor=actor, acase=acase, expected_version=data.get("version"), **values)


A = StageAction
INVESTIGATING, SPLITTING = (Status.INVESTIGATING,), (Status.INVESTIGATING, Status.REPORTED)
ACTIONS = {
    "open": A(gettext_lazy("启动问责"), forms.OpenForm, (Status.VERIFYING,), services.case_open,
              ("verification", "approved_by", "grounds")),
    "dismiss": A(gettext_lazy("不予问责"), forms.DismissForm, (Status.VERIFYING,), services.case_dismiss,
                 ("verification", "reason")),
    "members": A(gettext_lazy("确定调查组成员"), forms.MemberForm, INVESTIGATING, services.member_add,
                 ("user", "is_leader", "conflict")),
    "withdraw": A(gettext_lazy("成员回避"), forms.WithdrawForm, INVESTIGATING, services.member_withdraw,
                  ("member", "reason")),
    "extend": A(gettext_lazy("延长调查期限"), forms.ExtendForm, INVESTIGATING, services.case_extend,
                ("approved_by", "reason")),
    "propose": A(gettext_lazy("拟定问责意见"), forms.SanctionsForm, INVESTIGATING, services.case_propose,
                 ("tier", "sanctions")),
    "statement": A(gettext_lazy("听取陈述申辩"), forms.StatementForm, INVESTIGATING,
                   services.statement_record, ("statement", "defence", "verification", "adopted")),
    "split-chain": A(gettext_lazy("认定承办、审核、批准责任"), forms.ChainForm, SPLITTING,
                     services.split_chain,
                     ("handler_task", "reviewer_task", "approver_task", "correct", "handler_fault")),
    "split-leaders": A(gettext_lazy("认定主要、次要责任"), forms.LeadersForm, SPLITTING,
                       services.split_leaders, ("principal", "in_charge", "cause")),
    "factors": A(gettext_lazy("记录从重从轻情节"), forms.FactorForm, SPLITTING, services.factor_record,
                 ("kind", "code", "reason")),
    "report": A(gettext_lazy("提交调查报告"), forms.ReportForm, INVESTIGATING, services.case_report,
                ("facts", "conclusion", "recommendation")),
    "decide": A(gettext_lazy("作出问责决定"), forms.DecideForm, (Status.REPORTED,), services.case_decide,
                ("tier", "sanctions", "deciding_body", "decision_text", "transfer_note")),
    "serve": A(gettext_lazy("送达问责决定"), forms.ServeForm, (Status.DECIDED,), services.case_serve,
               ("received_at", "rights_stated")),
    "appeal": A(gettext_lazy("登记申诉"), forms.AppealForm, (Status.SERVED,), services.case_appeal,
                ("reason", "appealed_at")),
    "close": A(gettext_lazy("办结"), forms.CloseForm, (Status.SERVED,), services.case_close),
    "review": A(gettext_lazy("作出复核决定"), forms.ReviewForm, (Status.APPEALED,), services.case_review,
                ("outcome", "text", "tier", "sanctions")),
}  # fmt: skip
NEEDS_CASE = {"split-chain"}  # reads the task records of the case concerned


def actions_for(acase) -> list[tuple[str, str]]:
    return [
        (name, action.label)
        for name, action in ACTIONS.items()
        if acase.status in action.statuses and (name not in NEEDS_CASE or acase.case_id)
    ]


class CaseDetailView(StaffView):
    def get(self, request, pk: int):
        acase = selectors.case_get(actor=self.actor, pk=pk)
        context = {
            "acase": acase,
            "row": row(acase),
            "clocks": clocks.case_clocks(acase),
            "actions": actions_for(acase),
            "members": acase.members.select_related("user"),
            "statements": acase.statements.all(),
            "split": services.current_split(acase),
            "factors": acase.factors.all(),
            "earlier": services.earlier_outcomes(acase),
            "events": acase.events.select_related("actor"),
            "grounds": acase.grounds.all(),
            "proposed": acase.proposed_sanctions.order_by("rank"),
            "sanctions": acase.sanctions.order_by("rank"),
            "Action": Action,
            "documents": printing.available(acase),
            "rights": printing.rights_text(acase) if acase.served_at else "",
            "appeal_due": clocks.appeal_due(acase),
        }
        return render(request, "accountability/case_detail.html", context)


class CaseActionView(FormPage):
    """One stage action of a case: its form, its service, the refusal on the form with its rule."""

    def load(self, pk: int, action: str, **kwargs):
        if action not in ACTIONS:
            raise Http404
        self.action = action
        return selectors.case_get(actor=self.actor, pk=pk)

    @property
    def form_class(self):
        return ACTIONS[self.action].form

    def check(self, obj) -> None:
        services.require_manage(self.actor, obj)

    def form_kwargs(self, obj) -> dict:
        return {"acase": obj} if "acase" in self.form_class.__init__.__code__.co_varnames else {}

    def get_title(self, obj) -> str:
        return f"{ACTIONS[self.action].label}：{obj.number}"

    @property
    def submit_label(self):
        return ACTIONS[self.action].label

    def perform(self, form, obj):
        return ACTIONS[self.action].call(self.actor, obj, form.cleaned_data)

    def done(self, result, obj) -> str:
        return case_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已%(action)s") % {"action": ACTIONS[self.action].label}

    def cancel_url(self, obj) -> str:
        return case_url(obj)


class PrintView(StaffView):
    """A case's printable document as PDF or Word (printing.DOCUMENTS: 启动问责通知书, 问责调查报告,
    问责决定书, 申诉复核决定书), once the case has reached it (else 409 with the rule)."""

    def get(self, request, pk: int, fmt: str, doc: str = "decision"):
        acase = selectors.case_get(actor=self.actor, pk=pk)
        if doc not in printing.DOCUMENTS or fmt not in ("pdf", "docx"):
            raise Http404
        data = printing.document(acase, doc, fmt)
        kind = (
            "application/pdf"
            if fmt == "pdf"
            else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        return FileResponse(
            iter([data]),
            content_type=kind,
            as_attachment=fmt == "docx",
            filename=f"{acase.number}-{doc}.{fmt}",
        )


DecisionPrintView = PrintView
