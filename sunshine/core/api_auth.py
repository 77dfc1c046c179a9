"""API authentication and the base permission (kept apart from core.api, which imports DRF's views:
DRF imports these classes while it loads its own views)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from sunshine.core.errors import DomainError, NotPermitted


class TokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>`` with a token from ``POST /api/v1/auth/token``."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1").split()
        if not header or header[0].lower() not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Authorization 头格式应为：Bearer <令牌>"))
        from sunshine.core.services import api_token_authenticate

        try:
            user, token = api_token_authenticate(header[1])
        except DomainError as error:
            raise exceptions.AuthenticationFailed(error.message, code=error.code) from None
        return user, token

    def authenticate_header(self, request):
        return 'Bearer realm="api"'


class SessionAuthentication(authentication.SessionAuthentication):
    """The browser session, with CSRF enforced for unsafe methods."""


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "sunshine.core.api_auth.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/token"}


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "sunshine.core.api_auth.SessionAuthentication"
    name = "sessionAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": "sessionid",
            "description": "the web UI's session; unsafe methods also need the X-CSRFToken header",
        }


class IsAuthenticatedAccount(permissions.BasePermission):
    """Logged in, active, and not held back by a forced password change (SEC-5)."""

    def has_permission(self, request, view):
        user = request.user
        if user is None or not user.is_authenticated:
            return False
        if user.must_change_password and not getattr(view, "allowed_before_password_change", False):
            raise NotPermitted("password_change_required", _("首次登录须先修改口令"), rule="SEC-5")
        return True
