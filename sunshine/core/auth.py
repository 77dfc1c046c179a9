"""Authentication backend: passwords checked by core.services.login_attempt (lock-out, audit)."""

from __future__ import annotations

from sunshine.core.models import User
from sunshine.core.services import login_attempt


class AccountBackend:
    """Authenticates only; permissions come from org.backends.RoleBackend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        result = login_attempt(username=username, password=password)
        if request is not None:
            request.login_result = result
        return result.user

    def get_user(self, user_id):
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and user.is_active else None
