"""Core pages: log-in and log-out, password change, workbench, inbox, audit browser."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View

from sunshine.core import clock
from sunshine.core.errors import DomainError
from sunshine.core.forms import AuditFilterForm, LoginForm, PasswordChangeForm
from sunshine.core.models import AuditRecord, Notification, User
from sunshine.core.notifications import notification_mark_all_read, notification_mark_read
from sunshine.core.rules import get_rule
from sunshine.core.selectors import audit_get, audit_list, get_or_not_found, notification_list
from sunshine.core.services import login_attempt, logout_record, password_change
from sunshine.core.workbench import workbench_panels


def apply_domain_error(form, error: DomainError) -> None:
    """Put a service's refusal on the form: on its field when there is one, with the rule (依据)."""
    items = error.errors or []
    if error.field and error.field in form.fields:
        form.add_error(error.field, str(error.message))
    elif not items:
        form.add_error(None, str(error.message))
    for item in items[1:] if error.field in form.fields else items:
        form.add_error(item.field if item.field in form.fields else None, str(item.message))
    form.domain_rule = get_rule(error.rule).as_dict() if error.rule else None


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
        form = AuditFilterForm(request.GET or None)
        filters = {}
        if form.is_valid():
            data = form.cleaned_data
            if data["actor"]:
                actor = User.objects.filter(username__iexact=data["actor"]).first()
                filters["actor_id"] = actor.pk if actor else -1
            filters.update(
                action=data["action"], object_type=data["object_type"], object_id=data["object_id"]
            )
            if data["since"]:
                filters["since"] = _day_start(data["since"])
            if data["until"]:
                filters["until"] = _day_start(data["until"] + dt.timedelta(days=1))
        records = audit_list(actor=request.user, **filters)
        if form.is_bound and not form.is_valid():
            records = records.none()
        page = Paginator(records, 50).get_page(request.GET.get("page"))
        head = AuditRecord.objects.filter(seq__isnull=False).order_by("-seq").values("seq", "hash").first()
        query = request.GET.copy()
        query.pop("page", None)
        context = {"form": form, "page": page, "head": head, "query": query.urlencode()}
        template = "core/audit_list.html#rows" if request.htmx else "core/audit_list.html"
        return render(request, template, context)


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=clock.LOCAL_TZ)


class AuditDetailView(LoginRequiredMixin, View):
    def get(self, request, pk: int):
        record = audit_get(actor=request.user, record_id=pk)
        pretty = json.dumps(record.data, ensure_ascii=False, indent=2, sort_keys=True)
        return render(request, "core/audit_detail.html", {"record": record, "pretty": pretty})
