"""Request-level security: audit context, idle time-out (SEC-3), forced password change (SEC-5)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_context
from sunshine.core.services import (
    SESSION_LAST_ACTIVITY,
    SESSION_TIMEOUT_NOTICE,
    logout_record,
    session_is_idle,
)


class AuditContextMiddleware:
    """Attach the client address and user agent to every audit record written for this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with audit_context(
            ip=request.META.get("REMOTE_ADDR", ""), user_agent=request.META.get("HTTP_USER_AGENT", "")[:200]
        ):
            return self.get_response(request)


def _redirect_to_login(request):
    url = reverse("login")
    if request.path.startswith("/api/"):
        return None  # the API answers 401 itself
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")


def _timeout_message() -> str:
    return _("会话空闲超过%(m)d分钟，已自动退出，请重新登录（SEC-3）") % {
        "m": settings.SESSION_IDLE_TIMEOUT // 60
    }


class IdleTimeoutMiddleware:
    """End a session after SESSION_IDLE_TIMEOUT seconds without a request, and audit it (SEC-3).

    The time of the last request is kept in the session (refreshed at most every RESOLUTION seconds,
    to spare a session write per request). A session the periodic sweep ended meanwhile
    (core.services.sessions_end_idle) carries a notice that the next request shows.
    """

    RESOLUTION = 30

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if session.pop(SESSION_TIMEOUT_NOTICE, False):
            messages.warning(request, _timeout_message())
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = clock.now()
            last = session.get(SESSION_LAST_ACTIVITY)
            if session_is_idle(last, now):
                logout_record(user=user, reason="timeout")
                logout(request)
                messages.warning(request, _timeout_message())
                response = _redirect_to_login(request)
                if response is not None:
                    return response
            elif last is None or now.timestamp() - last >= self.RESOLUTION:
                session[SESSION_LAST_ACTIVITY] = int(now.timestamp())
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Send an account that must change its password to the change page first (SEC-5)."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/api/", "/accounts/logout/", "/accounts/password/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.must_change_password
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            url = reverse("password_change")
            if getattr(request, "htmx", False):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = url
                return response
            return redirect(url)
        return self.get_response(request)


class DomainErrorMiddleware:
    """A service's refusal that reaches a page view becomes a clear page, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.shortcuts import render

        from sunshine.core.errors import DomainError
        from sunshine.core.rules import get_rule

        if not isinstance(exception, DomainError):
            return None
        context = {"error": exception, "rule": get_rule(exception.rule).as_dict() if exception.rule else None}
        template = (
            "core/domain_error.html#message" if getattr(request, "htmx", False) else "core/domain_error.html"
        )
        return render(request, template, context, status=exception.status)
