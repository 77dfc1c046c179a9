"""Core pages: log-in and log-out, password change, workbench, inbox, audit browser."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from sunshine.core import clock
from sunshine.core.errors import DomainError, FieldError
from sunshine.core.forms import AuditFilterForm, LoginForm, PasswordChangeForm
from sunshine.core.models import Notification, User
from sunshine.core.notifications import notification_mark_all_read, notification_mark_read
from sunshine.core.rules import get_rule
from sunshine.core.selectors import (
    audit_get,
    audit_head,
    audit_list,
    audit_pending_count,
    get_or_not_found,
    notification_list,
)
from sunshine.core.services import SESSION_LAST_ACTIVITY, login_attempt, logout_record, password_change
from sunshine.core.workbench import workbench_panels


def apply_domain_error(form, error: DomainError) -> None:
    """Put a service's refusal on the form: each message on its field when the form has that field,
    else at the top; the rule (依据) beside them."""
    items = error.errors or [FieldError(error.field, error.code, str(error.message))]
    for item in items:
        form.add_error(item.field if item.field in form.fields else None, str(item.message))
    form.domain_rule = get_rule(error.rule).as_dict() if error.rule else None


def page_not_found(request, exception=None):
    """handler404: the API's JSON error under /api/, a page in the user's language elsewhere."""
    message = _("页面或记录不存在")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "not_found", "message": message, "field": None}, status=404)
    error = DomainError("not_found", message)
    return render(request, "core/domain_error.html", {"error": error, "rule": None}, status=404)


def server_error(request):
    """handler500: no template context processors (the database may be what failed)."""
    message = _("服务器内部错误，请稍后再试；如果问题持续，请联系系统管理员")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "server_error", "message": message, "field": None}, status=500)
    return HttpResponseServerError(loader.get_template("core/server_error.html").render({"message": message}))


def csrf_failure(request, reason: str = ""):
    """CSRF_FAILURE_VIEW: a page in the user's language (or the API's JSON error), never Django's
    English debugging page. The usual cause is a form left open across a log-in or a time-out."""
    message = _("页面已过期或请求来源无法验证，请刷新页面后重试")
    if request.path.startswith("/api/"):
        return JsonResponse({"code": "csrf_failed", "message": message, "field": None}, status=403)
    error = DomainError("csrf_failed", message)
    return render(request, "core/domain_error.html", {"error": error, "rule": None}, status=403)


class LoginView(View):
    template_name = "registration/login.html"

    def get(self, request):
        if request.user.is_authenticated:
            return redirect("core:workbench")
        return render(request, self.template_name, {"form": LoginForm(), "next": request.GET.get("next", "")})

    def post(self, request):
        form = LoginForm(request.POST)
        next_url = request.POST.get("next", "")
        if form.is_valid():
            result = login_attempt(
                username=form.cleaned_data["username"], password=form.cleaned_data["password"]
            )
            if result.user is not None:
                login(request, result.user, backend="sunshine.core.auth.AccountBackend")
                request.session[SESSION_LAST_ACTIVITY] = int(clock.now().timestamp())
                if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                    next_url = reverse("core:workbench")
                return HttpResponseRedirect(next_url or reverse("core:workbench"))
            form.add_error(None, result.message)
            form.domain_rule = get_rule(result.rule).as_dict() if result.rule else None
        return render(request, self.template_name, {"form": form, "next": next_url}, status=200)


class LogoutView(View):
    def post(self, request):
        if request.user.is_authenticated:
            logout_record(user=request.user)
        logout(request)
        messages.info(request, _("您已安全退出"))
        return redirect("login")


class PasswordChangeView(LoginRequiredMixin, View):
    template_name = "registration/password_change.html"

    def get(self, request):
        return render(request, self.template_name, {"form": PasswordChangeForm()})

    def post(self, request):
        form = PasswordChangeForm(request.POST)
        if form.is_valid():
            try:
                user = password_change(
                    actor=request.user,
                    old_password=form.cleaned_data["old_password"],
                    new_password=form.cleaned_data["new_password"],
                )
            except DomainError as error:
                apply_domain_error(form, error)
            else:
                update_session_auth_hash(request, user)
                messages.success(request, _("口令已修改"))
                return redirect("core:workbench")
        return render(request, self.template_name, {"form": form}, status=422)


class WorkbenchView(LoginRequiredMixin, View):
    def get(self, request):
        return render(
            request,
            "core/workbench.html",
            {
                "recent": notification_list(actor=request.user, unread_only=True)[:8],
                "panels": workbench_panels(request),
            },
        )


class NotificationListView(LoginRequiredMixin, View):
    def get(self, request):
        page = Paginator(notification_list(actor=request.user), 30).get_page(request.GET.get("page"))
        return render(request, "core/notification_list.html", {"page": page})


class NotificationReadView(LoginRequiredMixin, View):
    """Open a message: record the read receipt, then follow its link (or come back to the inbox)."""

    def post(self, request, pk: int):
        note = get_or_not_found(Notification.objects.filter(recipient=request.user), pk=pk)
        notification_mark_read(actor=request.user, notification=note)
        if request.htmx:
            return render(request, "core/notification_list.html#item", {"note": note})
        target = note.link if url_has_allowed_host_and_scheme(note.link, {request.get_host()}) else ""
        return redirect(target or "core:notification_list")


class NotificationReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = notification_mark_all_read(actor=request.user)
        messages.success(request, _("已将%(n)d条消息标为已读") % {"n": count})
        return redirect("core:notification_list")


class AuditListView(LoginRequiredMixin, View):
    """The audit browser of the audit administrator: filter by person, object, action, time."""

    def get(self, request):
        form = AuditFilterForm(request.GET)
        filters: dict = {}
        if form.is_valid():
            data = form.cleaned_data
            if data["actor"]:
                # A person is named by user name or full name; nobody by that name finds nothing.
                filters["actor_ids"] = list(
                    User.objects.filter(
                        Q(username__iexact=data["actor"]) | Q(full_name=data["actor"])
                    ).values_list("pk", flat=True)
                )
            filters.update(
                action=data["action"], object_type=data["object_type"], object_id=data["object_id"]
            )
            if data["since"]:
                filters["since"] = _day_start(data["since"])
            if data["until"]:
                filters["until"] = _day_start(data["until"] + dt.timedelta(days=1))
        records = audit_list(actor=request.user, **filters)
        if not form.is_valid():
            records = records.none()
        page = Paginator(records, 50).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "form": form,
            "page": page,
            "head": audit_head(actor=request.user),
            "pending": audit_pending_count(actor=request.user),
            "query": query.urlencode(),
            "filtered": any(form.cleaned_data.values()) if form.is_valid() else True,
        }
        template = "core/audit_list.html#browser" if request.htmx else "core/audit_list.html"
        return render(request, template, context)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=clock.LOCAL_TZ)


class AuditDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        record = audit_get(actor=request.user, record_id=pk)
        pretty = json.dumps(record.data, ensure_ascii=False, indent=2, sort_keys=True)
        return render(request, "core/audit_detail.html", {"record": record, "pretty": pretty})
