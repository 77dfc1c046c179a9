"""Staff pages of accountability under /accountability/ (Chinese, server-rendered): the discipline
office's list of open matters with their clocks, registering a matter (from an alert or an order
through oversight's page hooks, or by hand), a case's page and one form per stage action. Thin
views: the rules and their refusals are the services'."""

from __future__ import annotations

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


def _v(d):
    return d.get("version")


# name → (button label, form, the statuses it applies in, the service call)
ACTIONS = {
    "open": (
        gettext_lazy("启动问责"),
        forms.OpenForm,
        (Status.VERIFYING,),
        lambda a, c, d: services.case_open(
            actor=a,
            acase=c,
            verification=d["verification"],
            approved_by=d["approved_by"],
            grounds=list(d["grounds"]),
            expected_version=_v(d),
        ),
    ),
    "dismiss": (
        gettext_lazy("不予问责"),
        forms.DismissForm,
        (Status.VERIFYING,),
        lambda a, c, d: services.case_dismiss(
            actor=a, acase=c, verification=d["verification"], reason=d["reason"], expected_version=_v(d)
        ),
    ),
    "members": (
        gettext_lazy("确定调查组成员"),
        forms.MemberForm,
        (Status.INVESTIGATING,),
        lambda a, c, d: services.member_add(
            actor=a,
            acase=c,
            user=d["user"],
            is_leader=d["is_leader"],
            conflict=d["conflict"],
            expected_version=_v(d),
        ),
    ),
    "withdraw": (
        gettext_lazy("成员回避"),
        forms.WithdrawForm,
        (Status.INVESTIGATING,),
        lambda a, c, d: services.member_withdraw(
            actor=a, acase=c, member=d["member"], reason=d["reason"], expected_version=_v(d)
        ),
    ),
    "extend": (
        gettext_lazy("延长调查期限"),
        forms.ExtendForm,
        (Status.INVESTIGATING,),
        lambda a, c, d: services.case_extend(
            actor=a, acase=c, approved_by=d["approved_by"], reason=d["reason"], expected_version=_v(d)
        ),
    ),
    "propose": (
        gettext_lazy("拟定问责意见"),
        forms.SanctionsForm,
        (Status.INVESTIGATING,),
        lambda a, c, d: services.case_propose(
            actor=a, acase=c, tier=d["tier"], sanctions=list(d["sanctions"]), expected_version=_v(d)
        ),
    ),
    "statement": (
        gettext_lazy("听取陈述申辩"),
        forms.StatementForm,
        (Status.INVESTIGATING,),
        lambda a, c, d: services.statement_record(
            actor=a,
            acase=c,
            statement=d["statement"],
            defence=d["defence"],
            verification=d["verification"],
            adopted=d["adopted"],
            expected_version=_v(d),
        ),
    ),
    "split-chain": (
        gettext_lazy("认定承办、审核、批准责任"),
        forms.ChainForm,
        (Status.INVESTIGATING, Status.REPORTED),
        lambda a, c, d: services.split_chain(
            actor=a,
            acase=c,
            handler_task=d["handler_task"],
            reviewer_task=d["reviewer_task"],
            approver_task=d["approver_task"],
            correct=d["correct"],
            handler_fault=d["handler_fault"],
            expected_version=_v(d),
        ),
    ),
    "split-leaders": (
        gettext_lazy("认定主要、次要责任"),
        forms.LeadersForm,
        (Status.INVESTIGATING, Status.REPORTED),
        lambda a, c, d: services.split_leaders(
            actor=a,
            acase=c,
            principal=d["principal"],
            in_charge=d["in_charge"],
            cause=d["cause"],
            expected_version=_v(d),
        ),
    ),
    "factors": (
        gettext_lazy("记录从重从轻情节"),
        forms.FactorForm,
        (Status.INVESTIGATING, Status.REPORTED),
        lambda a, c, d: services.factor_record(
            actor=a, acase=c, kind=d["kind"], code=d["code"], reason=d["reason"], expected_version=_v(d)
        ),
    ),
    "report": (
        gettext_lazy("提交调查报告"),
        forms.ReportForm,
        (Status.INVESTIGATING,),
        lambda a, c, d: services.case_report(
            actor=a,
            acase=c,
            facts=d["facts"],
            conclusion=d["conclusion"],
            recommendation=d["recommendation"],
            expected_version=_v(d),
        ),
    ),
    "decide": (
        gettext_lazy("作出问责决定"),
        forms.DecideForm,
        (Status.REPORTED,),
        lambda a, c, d: services.case_decide(
            actor=a,
            acase=c,
            tier=d["tier"],
            sanctions=list(d["sanctions"]),
            deciding_body=d["deciding_body"],
            decision_text=d["decision_text"],
            transfer_note=d["transfer_note"],
            expected_version=_v(d),
        ),
    ),
    "serve": (
        gettext_lazy("送达问责决定"),
        forms.ServeForm,
        (Status.DECIDED,),
        lambda a, c, d: services.case_serve(
            actor=a,
            acase=c,
            received_at=d["received_at"],
            rights_stated=d["rights_stated"],
            expected_version=_v(d),
        ),
    ),
    "appeal": (
        gettext_lazy("登记申诉"),
        forms.AppealForm,
        (Status.SERVED,),
        lambda a, c, d: services.case_appeal(
            actor=a, acase=c, reason=d["reason"], appealed_at=d["appealed_at"], expected_version=_v(d)
        ),
    ),
    "close": (
        gettext_lazy("办结"),
        forms.CloseForm,
        (Status.SERVED,),
        lambda a, c, d: services.case_close(actor=a, acase=c, expected_version=_v(d)),
    ),
    "review": (
        gettext_lazy("作出复核决定"),
        forms.ReviewForm,
        (Status.APPEALED,),
        lambda a, c, d: services.case_review(
            actor=a,
            acase=c,
            outcome=d["outcome"],
            text=d["text"],
            tier=d["tier"],
            sanctions=list(d["sanctions"] or []),
            expected_version=_v(d),
        ),
    ),
}
NEEDS_CASE = {"split-chain"}  # reads the task records of the case concerned


def actions_for(acase) -> list[tuple[str, str]]:
    return [
        (name, label)
        for name, (label, _form, statuses, _call) in ACTIONS.items()
        if acase.status in statuses and (name not in NEEDS_CASE or acase.case_id)
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
        return ACTIONS[self.action][1]

    def check(self, obj) -> None:
        services.require_manage(self.actor, obj)

    def form_kwargs(self, obj) -> dict:
        return {"acase": obj} if "acase" in self.form_class.__init__.__code__.co_varnames else {}

    def get_title(self, obj) -> str:
        return f"{ACTIONS[self.action][0]}：{obj.number}"

    @property
    def submit_label(self):
        return ACTIONS[self.action][0]

    def perform(self, form, obj):
        return ACTIONS[self.action][3](self.actor, obj, form.cleaned_data)

    def done(self, result, obj) -> str:
        return case_url(obj)

    def success_message(self, result, obj) -> str:
        return _("已%(action)s") % {"action": ACTIONS[self.action][0]}

    def cancel_url(self, obj) -> str:
        return case_url(obj)


class DecisionPrintView(StaffView):
    """问责决定书 as PDF or Word (ACC-10), once the decision is made."""

    def get(self, request, pk: int, fmt: str):
        acase = selectors.case_get(actor=self.actor, pk=pk)
        if fmt == "pdf":
            data, kind = printing.decision_pdf(acase), "application/pdf"
        elif fmt == "docx":
            data = printing.decision_docx(acase)
            kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            raise Http404
        return FileResponse(
            iter([data]), content_type=kind, as_attachment=fmt == "docx", filename=f"{acase.number}.{fmt}"
        )
