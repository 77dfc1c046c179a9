"""Staff pages of supervision orders under /oversight/orders/: the register (台账) with filters,
"my orders" for the responsible person, an order's page with its replies and history, the forms to
issue (prefilled from a red alert or a case), reply, verify and close, and the printable order (PDF, Word)."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case
from sunshine.core import clock
from sunshine.core.errors import DomainError, NotPermitted
from sunshine.core.models import User
from sunshine.core.pages import FormPage, StaffView
from sunshine.core.permissions import has_permission, require_permission
from sunshine.org import selectors as org_selectors
from sunshine.org.models import RoleAssignment
from sunshine.oversight import selectors as alert_selectors
from sunshine.oversight import services as alert_services
from sunshine.oversight.choices import OrderAction, OrderStatus
from sunshine.oversight.models import Alert
from sunshine.oversight.orders import errors, forms, printing, selectors, services

PAGE_SIZE = 50
STATUS_TAGS = {
    OrderStatus.ISSUED: "tag-red",
    OrderStatus.REPLIED: "tag-blue",
    OrderStatus.VERIFIED: "tag-orange",
    OrderStatus.CLOSED: "tag-grey",
}


def order_row(order) -> dict:
    now = clock.now()
    return {
        "order": order,
        "url": services.order_url(order),
        "status": {"label": OrderStatus(order.status).label, "tag": STATUS_TAGS[order.status]},
        "overdue": order.status == OrderStatus.ISSUED and order.reply_due < now,
        "responsible": order.responsible.full_name or order.responsible.username,
    }


class OrderListView(StaffView):
    """督办台账 (CASE-21): every order in scope, filtered by state, overdue, department and year."""

    def get(self, request):
        actor = self.actor
        perm = "oversight.order" if has_permission(actor, "oversight.order") else "oversight.view"
        units = org_selectors.unit_list(actor=actor, perm=perm).exclude(kind="body")
        form = forms.OrderFilterForm(request.GET or None, units=units, years=selectors.years(actor=actor))
        orders = selectors.order_list(actor=actor, **form.filters())
        page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "rows": [order_row(o) for o in page.object_list],
            "query": query.urlencode(),
            "can_issue": has_permission(actor, "oversight.order"),
            "title": _("督办台账"),
        }
        return render(request, "oversight/orders/order_list.html", context)


class MyOrdersView(StaffView):
    """我的督办: the orders the viewer answers for (by default not yet closed)."""

    def get(self, request):
        show_all = request.GET.get("status") == "all"
        orders = selectors.my_orders(actor=self.actor, open_only=not show_all)
        page = Paginator(orders, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "rows": [order_row(o) for o in page.object_list],
            "show_all": show_all,
            "query": "status=all" if show_all else "",
            "title": _("我的督办"),
        }
        return render(request, "oversight/orders/my_orders.html", context)


def history(order) -> list[dict]:
    return [
        {
            "at": e.at,
            "label": OrderAction(e.action).label,
            "actor": (e.actor.full_name or e.actor.username) if e.actor else _("系统"),
            "status": OrderStatus(e.to_status).label,
            "note": e.note,
        }
        for e in order.events.select_related("actor")
    ]


def available_actions(actor, order) -> list[str]:
    actions = []
    if order.status == OrderStatus.ISSUED and services.is_responsible(actor, order):
        actions.append("reply")
    if services.may_manage(actor, order):
        if order.status == OrderStatus.REPLIED:
            actions.append("verify")
        if order.status == OrderStatus.VERIFIED:
            actions.append("close")
    return actions


class OrderDetailView(StaffView):
    def get(self, request, pk: int):
        order = selectors.order_get(actor=self.actor, pk=pk)
        context = {
            "order": order,
            "row": order_row(order),
            "replies": order.replies.select_related("replied_by", "verified_by"),
            "history": history(order),
            "actions": available_actions(self.actor, order),
            "can_register": has_permission(self.actor, "oversight.order"),
        }
        return render(request, "oversight/orders/order_detail.html", context)


def _people(units):
    """Accounts with a role in one of ``units`` (the service checks the chosen one again)."""
    users = RoleAssignment.objects.filter(unit__in=units, deleted_at__isnull=True).values("user_id")
    return User.objects.filter(is_active=True, pk__in=users).order_by("full_name", "username")


@dataclass(frozen=True)
class IssueSource:
    """Where an order is issued from: a red alert, a case (its page's 下达督办单), or by hand (both None)."""

    alert: Alert | None = None
    case: Case | None = None

    @property
    def department_id(self) -> int | None:
        origin = self.alert or self.case
        return origin.department_id if origin is not None else None


def _pk(raw) -> int | None:
    if not raw:
        return None
    if not str(raw).isdigit():
        raise Http404
    return int(raw)


def _is_late(case) -> bool:
    """The case, or one of its open steps, is past its limit (the order asks for the delay's reason)."""
    now = clock.now()
    if case.closed_at is None and case.due_at is not None and case.due_at < now:
        return True
    return case.tasks.filter(status=TaskStatus.OPEN, due_at__lt=now).exists()


LATE_REQUIREMENT = gettext_lazy(
    "该事项已超过期限。请于答复期限内书面报告延误原因、办理进展，并提出新的办结期限。"
)
CASE_REQUIREMENT = gettext_lazy("请于答复期限内书面报告该办件的办理进展和存在的问题，并提出办结期限。")


class OrderIssueView(FormPage):
    """发出督办: by hand, from a red alert (``?alert=ID``) or from a case (``?case=ID``, the case
    page's 下达督办单); either prefills the department, the responsible person and the subject,
    and the reply period is the default (DEFAULT_REPLY_WORKDAYS working days)."""

    form_class = forms.IssueForm
    title = gettext_lazy("发出督办通知书")
    submit_label = gettext_lazy("发出督办")
    template_name = "oversight/orders/order_form.html"

    def load(self, **kwargs) -> IssueSource:
        data = self.request.POST if self.request.method == "POST" else self.request.GET
        alert_pk, case_pk = _pk(data.get("alert")), _pk(data.get("case"))
        if alert_pk is not None:
            return IssueSource(alert=alert_selectors.alert_get(actor=self.actor, pk=alert_pk))
        if case_pk is not None:
            case = Case.objects.select_related("department", "body").filter(pk=case_pk).first()
            if case is None:
                raise Http404
            return IssueSource(case=case)
        return IssueSource()

    def check(self, source) -> None:
        # Outside the actor's oversight.order scope: 404, as for any record there (SEC-7).
        require_permission(self.actor, "oversight.order", source.alert or source.case)

    def form_kwargs(self, source) -> dict:
        units = org_selectors.unit_list(actor=self.actor, perm="oversight.order").exclude(kind="body")
        if source.department_id is not None:
            units = units.filter(pk=source.department_id)
        return {"units": units, "people": _people(units), "fixed_department": source.department_id}

    def initial(self, source) -> dict:
        if source.alert is not None:
            responsible = alert_services.responsible_ids(source.alert)
            subject, requirement = source.alert.message, LATE_REQUIREMENT
        elif source.case is not None:
            case = source.case
            responsible = selectors.case_responsible(case)
            subject = _("办件%(number)s“%(subject)s”") % {"number": case.number, "subject": case.subject}
            requirement = LATE_REQUIREMENT if _is_late(case) else CASE_REQUIREMENT
        else:
            return {}
        people = set(_people(self.form_kwargs(source)["units"]).values_list("pk", flat=True))
        return {
            "subject": subject,
            "requirement": str(requirement),
            "department": source.department_id,
            "responsible": next((pk for pk in responsible if pk in people), None),
            "reply_workdays": services.DEFAULT_REPLY_WORKDAYS,
        }

    def perform(self, form, source):
        data = form.cleaned_data
        return services.order_issue(
            actor=self.actor,
            department=data["department"] if source.department_id is None else None,
            responsible=data["responsible"],
            subject=data["subject"],
            requirement=data["requirement"],
            reply_workdays=data["reply_workdays"],
            alert=source.alert,
            case=source.case,
        )

    def done(self, order, source) -> str:
        return services.order_url(order)

    def success_message(self, order, source) -> str:
        return _("已发出督办通知书%(number)s") % {"number": order.number}

    def cancel_url(self, source) -> str:
        if source.alert is not None:
            return reverse("oversight:alert_detail", args=[source.alert.pk])
        if source.case is not None:
            return reverse("cases:case_detail", args=[source.case.pk])
        return reverse("oversight:order_list")

    def context(self, source) -> dict:
        default_due = None
        if source.case is not None:
            try:
                default_due = services.reply_deadline(clock.now(), services.DEFAULT_REPLY_WORKDAYS)
            except DomainError:  # a calendar year not loaded: the service will say so on issue
                default_due = None
        return {
            "alert": source.alert,
            "case": source.case,
            "default_due": default_due,
            "default_workdays": services.DEFAULT_REPLY_WORKDAYS,
        }


class OrderActionPage(FormPage):
    """Reply, verify or close one order (the services check who may)."""

    template_name = "oversight/orders/order_form.html"

    def load(self, pk: int):
        return selectors.order_get(actor=self.actor, pk=pk)

    def check(self, order) -> None:
        """403 for someone with no part in this step; a wrong state is refused by the service,
        on the form (e.g. someone else verified it meanwhile)."""
        if self.action == "reply":
            if not services.is_responsible(self.actor, order):
                raise NotPermitted(errors.NOT_RESPONSIBLE, _("您不是该督办事项的责任人"))
        else:
            services.require_issuing_office(self.actor, order)  # OVS-21

    def done(self, result, order) -> str:
        return services.order_url(order)

    def cancel_url(self, order) -> str:
        return services.order_url(order)

    def get_title(self, order) -> str:
        return f"{self.title}：{order.number}"

    def context(self, order) -> dict:
        return {"order": order}


class OrderReplyView(OrderActionPage):
    action = "reply"
    form_class = forms.ReplyForm
    title = gettext_lazy("书面答复")
    submit_label = gettext_lazy("提交答复")

    def perform(self, form, order):
        data = form.cleaned_data
        return services.order_reply(
            actor=self.actor,
            order=order,
            reason=data["reason"],
            progress=data["progress"],
            new_deadline=form.deadline(),
            expected_version=data.get("version"),
        )

    def success_message(self, result, order) -> str:
        return _("已提交书面答复")


class OrderVerifyView(OrderActionPage):
    action = "verify"
    form_class = forms.VerifyForm
    title = gettext_lazy("核实答复")
    submit_label = gettext_lazy("提交核实意见")

    def perform(self, form, order):
        data = form.cleaned_data
        return services.order_verify(
            actor=self.actor,
            order=order,
            accepted=data["accepted"],
            note=data["note"],
            expected_version=data.get("version"),
        )

    def success_message(self, result, order) -> str:
        return _("已核实通过") if result.status == OrderStatus.VERIFIED else _("已退回责任人重新答复")


class OrderCloseView(OrderActionPage):
    action = "close"
    form_class = forms.CloseForm
    title = gettext_lazy("办结督办")
    submit_label = gettext_lazy("办结")

    def perform(self, form, order):
        data = form.cleaned_data
        return services.order_close(
            actor=self.actor, order=order, note=data["note"], expected_version=data.get("version")
        )

    def success_message(self, result, order) -> str:
        return _("督办已办结")


class OrderPrintView(StaffView):
    """The order and its replies as PDF or Word (ARCHITECTURE: printable documents)."""

    def get(self, request, pk: int, fmt: str):
        order = selectors.order_get(actor=self.actor, pk=pk)
        if fmt == "pdf":
            data, kind = printing.order_pdf(order), "application/pdf"
        elif fmt == "docx":
            data = printing.order_docx(order)
            kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        else:
            raise Http404
        name = f"{order.number}.{fmt}"
        return FileResponse(iter([data]), content_type=kind, as_attachment=fmt == "docx", filename=name)
