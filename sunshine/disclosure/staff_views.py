"""Staff pages of routine disclosure and information requests under /disclosure/ (issue #8 §4, §5):
the bodies' plans with their due periods and the publishing form; the discipline office's page of
late disclosures and late answers; the information requests with register, assign, extend and answer,
and the applicant's identity for the assigned handler (audited). Thin (STYLE §4)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core import clock
from sunshine.core.errors import Conflict, DomainError, NotFound, NotPermitted
from sunshine.core.pages import StaffView, apply_error, on_the_form
from sunshine.core.permissions import has_permission, scope_q
from sunshine.disclosure import forms, selectors, services
from sunshine.disclosure.choices import OPEN_REQUEST_STATUSES, Frequency
from sunshine.disclosure.models import PlanItem
from sunshine.disclosure.public_views import _file_response
from sunshine.org.choices import UnitKind
from sunshine.org.models import Unit

PAGE_SIZE = 50
STATE_LABELS = {
    "published": (gettext_lazy("已公开"), "tag-green"),
    "late_published": (gettext_lazy("逾期公开"), "tag-orange"),
    "late": (gettext_lazy("逾期未公开"), "tag-red"),
    "due": (gettext_lazy("待公开"), "tag-blue"),
    "future": (gettext_lazy("周期未结束"), "tag-grey"),
}


def _require_any(actor, *perms) -> None:
    if not any(has_permission(actor, p) for p in perms):
        raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))


def _bodies(actor, perm: str):
    return Unit.objects.filter(scope_q(actor, perm, ""), kind=UnitKind.BODY).order_by("path")


# --- Plans ---------------------------------------------------------------------------------------


class PlanListView(StaffView):
    template = "disclosure/staff/plan_list.html"

    def render_page(self, form=None, status=200):
        actor = self.actor
        bodies = _bodies(actor, "disclosure.plan")
        if form is None and bodies.exists():
            form = forms.PlanCreateForm(bodies=bodies, initial={"year": clock.today().year})
        context = {"plans": selectors.plan_list(actor=actor), "form": form}
        return render(self.request, self.template, context, status=status)

    def get(self, request):
        _require_any(self.actor, "disclosure.view", "disclosure.plan")
        return self.render_page()

    def post(self, request):
        form = forms.PlanCreateForm(request.POST, bodies=_bodies(self.actor, "disclosure.plan"))
        if form.is_valid():
            try:
                plan = services.plan_create(actor=self.actor, **form.cleaned_data)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                return self.render_page(form, status=409 if isinstance(error, Conflict) else 422)
            messages.success(request, _("已制定公开计划"))
            return HttpResponseRedirect(reverse("disclosure_staff:plan", args=[plan.pk]))
        return self.render_page(form, status=422)


def _departments(plan):
    return Unit.objects.filter(
        Q(pk=plan.body_id) | Q(body_id=plan.body_id), deleted_at__isnull=True
    ).order_by("path")


class PlanDetailView(StaffView):
    """A plan: its items, each period with its due date and state, and the form to add an item."""

    template = "disclosure/staff/plan_detail.html"

    def render_page(self, plan, form=None, status=200):
        actor = self.actor
        now = clock.now()
        items = list(plan.items.select_related("department", "plan", "plan__body"))
        rows = services.due_rows(items)
        by_item = {}
        for row in rows:
            state = row.state(now)
            label, tag = STATE_LABELS[state]
            open_period = row.publication is None and state != "future"
            by_item.setdefault(row.item.pk, []).append(
                {"row": row, "label": label, "tag": tag, "open": open_period}
            )
        can_plan = has_permission(actor, "disclosure.plan", plan)
        if can_plan and form is None:
            form = forms.PlanItemForm(departments=_departments(plan))
        context = {
            "plan": plan,
            "items": [
                {
                    "item": i,
                    "periods": by_item.get(i.pk, []),
                    "can_publish": has_permission(actor, "disclosure.publish", i),
                    "publications": (
                        i.publications.order_by("-published_at")[:5]
                        if i.frequency == Frequency.ON_CHANGE
                        else []
                    ),
                }
                for i in items
            ],
            "form": form if can_plan else None,
            "settings": services.settings_of(plan.body),
        }
        return render(self.request, self.template, context, status=status)

    def get(self, request, pk: int):
        return self.render_page(selectors.plan_get(actor=self.actor, pk=pk))

    def post(self, request, pk: int):
        plan = selectors.plan_get(actor=self.actor, pk=pk)
        form = forms.PlanItemForm(request.POST, departments=_departments(plan))
        if form.is_valid():
            try:
                services.plan_item_add(actor=self.actor, plan=plan, **form.cleaned_data)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                return self.render_page(plan, form, status=422)
            messages.success(request, _("已添加公开事项"))
            return HttpResponseRedirect(reverse("disclosure_staff:plan", args=[plan.pk]))
        return self.render_page(plan, form, status=422)


class PublishView(StaffView):
    """Publish an item for a period: text and one attachment (PUB-201, PUB-205)."""

    template = "disclosure/staff/publish.html"

    def load(self, pk: int, item_id: int) -> PlanItem:
        plan = selectors.plan_get(actor=self.actor, pk=pk)
        item = plan.items.select_related("plan", "plan__body", "department").filter(pk=item_id).first()
        if item is None:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"))
        return item

    def form(self, item, data=None, files=None):
        published = set(item.publications.values_list("period", flat=True))
        periods = [p for p in services.period_choices(item) if p.key not in published]
        initial = {"period": self.request.GET.get("period", "")}
        return forms.PublishForm(data, files, periods=periods, initial=initial)

    def render_page(self, item, form, status=200):
        return render(self.request, self.template, {"item": item, "form": form}, status=status)

    def get(self, request, pk: int, item_id: int):
        item = self.load(pk, item_id)
        if not has_permission(self.actor, "disclosure.publish", item):
            raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))
        return self.render_page(item, self.form(item))

    def post(self, request, pk: int, item_id: int):
        item = self.load(pk, item_id)
        form = self.form(item, request.POST, request.FILES)
        if form.is_valid():
            try:
                services.publication_publish(actor=self.actor, item=item, **form.cleaned_data)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                return self.render_page(item, form, status=409 if isinstance(error, Conflict) else 422)
            messages.success(request, _("已公开，门户网站上即可查看"))
            return HttpResponseRedirect(reverse("disclosure_staff:plan", args=[item.plan_id]))
        return self.render_page(item, form, status=422)


class LateView(StaffView):
    """The discipline office's page (PUB-201: the 监察室 supervises disclosure; PUB-209, PUB-210): a
    body's routine disclosures overdue or published late, and its information requests past their
    answer date."""

    template = "disclosure/staff/late.html"

    def get(self, request):
        actor = self.actor
        _require_any(actor, "disclosure.supervise")
        bodies = list(_bodies(actor, "disclosure.supervise"))
        if not bodies:
            raise NotPermitted("permission_denied", _("您没有执行此操作的权限"))
        chosen = next((b for b in bodies if str(b.pk) == request.GET.get("body", "")), bodies[0])
        now = clock.now()
        rows = []
        for row in services.late_rows(body=chosen, now=now):
            label, tag = STATE_LABELS[row.state(now)]
            rows.append({"row": row, "label": label, "tag": tag})
        late_requests = (
            selectors.request_list(actor=actor, late=True).filter(body=chosen).select_related("handler")
        )
        context = {"bodies": bodies, "body": chosen, "rows": rows, "late_requests": late_requests}
        return render(request, self.template, context)


# --- Information requests ------------------------------------------------------------------------


class RequestListView(StaffView):
    def get(self, request):
        actor = self.actor
        _require_any(actor, "disclosure.requests", "disclosure.answer", "disclosure.supervise")
        status = request.GET.get("status", "")
        if status not in ("", "open", "answered"):
            status = ""
        mine = request.GET.get("mine") == "on"
        items = selectors.request_list(actor=actor, status=status, mine=mine)
        page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
        context = {
            "page": page,
            "status": status,
            "mine": mine,
            "now": clock.now(),
            "can_register": has_permission(actor, "disclosure.requests"),
        }
        return render(request, "disclosure/staff/request_list.html", context)


class RequestRegisterView(StaffView):
    """A request received by letter, fax, e-mail, phone or in person (PUB-208)."""

    template = "disclosure/staff/request_register.html"

    def form(self, data=None):
        return forms.RequestRegisterForm(data, bodies=_bodies(self.actor, "disclosure.requests"))

    def get(self, request):
        _require_any(self.actor, "disclosure.requests")
        return render(request, self.template, {"form": self.form()})

    def post(self, request):
        _require_any(self.actor, "disclosure.requests")
        form = self.form(request.POST)
        if form.is_valid():
            try:
                info_request, secret = services.request_file(actor=self.actor, **form.cleaned_data)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                return render(request, self.template, {"form": form}, status=422)
            response = render(
                request,
                "disclosure/staff/request_registered.html",
                {"info_request": info_request, "secret": secret},
                status=201,
            )
            response["Cache-Control"] = "no-store"
            return response
        return render(request, self.template, {"form": form}, status=422)


def handler_choices(info_request):
    """Accounts that may be given the request: who may answer requests in its body."""
    User = get_user_model()
    path = info_request.body.path
    users = (
        User.objects.filter(is_active=True)
        .filter(
            Q(person__unit__path__startswith=path)
            | Q(role_assignments__unit__path__startswith=path, role_assignments__deleted_at__isnull=True)
        )
        .distinct()
    )
    ok = [u.pk for u in users if services.can_answer_in(u, info_request.body)]
    return User.objects.filter(pk__in=ok).order_by("username")


ACTIONS = {
    "assign": gettext_lazy("交办"),
    "extend": gettext_lazy("延期"),
    "answer": gettext_lazy("答复"),
}


class RequestDetailView(StaffView):
    template = "disclosure/staff/request_detail.html"

    def action_forms(self, info_request, bound=None) -> dict:
        actor = self.actor
        bound = bound or {}
        version = {"version": info_request.version}
        is_open = info_request.status in OPEN_REQUEST_STATUSES
        out = {}
        if is_open and has_permission(actor, "disclosure.requests", info_request):
            out["assign"] = bound.get("assign") or forms.AssignForm(
                initial=version, handlers=handler_choices(info_request)
            )
        if (
            is_open
            and not info_request.extended
            and has_permission(actor, "disclosure.approve_extension", info_request)
        ):
            out["extend"] = bound.get("extend") or forms.ExtendForm(initial=version)
        if is_open and services.is_handler(actor, info_request):
            out["answer"] = bound.get("answer") or forms.AnswerForm(initial=version)
        return out

    def render_page(self, info_request, bound=None, status=200, identity=None):
        context = {
            "r": info_request,
            "late": info_request.is_overdue,
            "actions": [
                {"name": name, "title": ACTIONS[name], "form": form}
                for name, form in self.action_forms(info_request, bound).items()
            ],
            "can_read_identity": services.is_handler(self.actor, info_request),
            "identity": identity,
        }
        return render(self.request, self.template, context, status=status)

    def get(self, request, pk: int):
        return self.render_page(selectors.request_get(actor=self.actor, pk=pk))


class RequestActionView(RequestDetailView):
    def post(self, request, pk: int, action: str):
        if action not in ACTIONS:
            raise NotFound("not_found", _("页面或记录不存在"))
        actor = self.actor
        info_request = selectors.request_get(actor=actor, pk=pk)
        data, files = request.POST, request.FILES
        if action == "assign":
            form = forms.AssignForm(data, handlers=handler_choices(info_request))
        elif action == "extend":
            form = forms.ExtendForm(data)
        else:
            form = forms.AnswerForm(data, files)
        if form.is_valid():
            values = dict(form.cleaned_data)
            expected = values.pop("version")
            service = {
                "assign": services.request_assign,
                "extend": services.request_extend,
                "answer": services.request_answer,
            }[action]
            try:
                service(actor=actor, request=info_request, expected_version=expected, **values)
            except DomainError as error:
                if not on_the_form(error, form):
                    raise
                apply_error(form, error)
                info_request = selectors.request_get(actor=actor, pk=pk)
                return self.render_page(
                    info_request, {action: form}, status=409 if isinstance(error, Conflict) else 422
                )
            messages.success(request, _("已%(action)s") % {"action": ACTIONS[action]})
            return HttpResponseRedirect(reverse("disclosure_staff:request", args=[pk]))
        return self.render_page(info_request, {action: form}, status=422)


class RequestIdentityView(RequestDetailView):
    """The applicant's name and contact for the assigned handler; each POST is one audited read."""

    def post(self, request, pk: int):
        info_request = selectors.request_get(actor=self.actor, pk=pk)
        identity = services.request_identity_read(actor=self.actor, request=info_request)
        response = self.render_page(info_request, identity=identity)
        response["Cache-Control"] = "no-store"
        return response


class RequestFileView(StaffView):
    def get(self, request, pk: int):
        info_request = selectors.request_get(actor=self.actor, pk=pk)
        return _file_response(info_request.file_sha256, info_request.file_name, info_request.file_type)
