"""Core services: log-in security, passwords, API tokens, and the helpers every app's services use
(optimistic-lock updates, soft delete)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, FieldError, InvalidInput, NotAuthenticated, RuleViolated
from sunshine.core.models import ApiToken, User
from sunshine.core.text import sentences

# --- Generic helpers for every app's services ----------------------------------------------------


def versioned_update(obj: models.Model, *, expected_version: int, **changes) -> models.Model:
    """Save ``changes`` on ``obj`` only if nobody saved it since ``expected_version`` (AUD-3).

    Zero rows updated means someone else saved first: refuse with Conflict, never overwrite.
    """
    model = type(obj)
    manager = getattr(model, "all_objects", model._default_manager)
    if "updated_at" in {f.name for f in model._meta.concrete_fields}:
        changes.setdefault("updated_at", clock.now())
    updated = manager.filter(pk=obj.pk, version=expected_version).update(version=F("version") + 1, **changes)
    if not updated:
        raise Conflict(
            "stale_version",
            _("该记录已被他人修改，请刷新后重试"),
            field="version",
            rule="AUD-3",
        )
    obj.refresh_from_db()
    return obj


def soft_delete(*, actor, obj: models.Model, reason: str, expected_version: int, action: str) -> models.Model:
    """Mark a record deleted (作废) with who, when and why; it stays in the database (AUD-2)."""
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("reason_required", _("请填写作废原因"), field="reason", rule="AUD-2")
    if obj.deleted_at is not None:
        raise Conflict("already_deleted", _("该记录已作废"))
    before = audit_snapshot(obj)
    versioned_update(
        obj, expected_version=expected_version, deleted_at=clock.now(), deleted_by=actor, delete_reason=reason
    )
    audit_record(actor=actor, action=action, target=obj, before=before, note=reason)
    return obj


def validation_error_to_domain(error: ValidationError, *, field: str) -> InvalidInput:
    messages = [str(m) for m in error.messages]
    return InvalidInput(
        error.error_list[0].code or "invalid",
        sentences(messages),
        field=field,
        errors=[
            FieldError(field, e.code or "invalid", str(e.message % (e.params or {})))
            for e in error.error_list
        ],
    )


# --- Log-in and lock-out (SEC-2) -----------------------------------------------------------------


@dataclass
class LoginResult:
    user: User | None
    code: str = ""
    message: str = ""
    rule: str | None = None


def _lock_message(until: dt.datetime) -> str:
    return _("连续%(n)d次登录失败，账号已锁定至 %(time)s，请稍后再试") % {
        "n": settings.LOGIN_MAX_FAILURES,
        "time": clock.local(until).strftime("%H:%M"),
    }


def login_attempt(*, username: str, password: str) -> LoginResult:
    """Check a username and password, counting failures and locking the account after too many.

    Every outcome is audited: success, failure, refusal of a locked or disabled account, lock-out.
    The message for an unknown user is the same as for a wrong password.
    """
    username = (username or "").strip()
    wrong = LoginResult(None, "invalid_credentials", _("用户名或口令错误"))
    user = User.objects.filter(username__iexact=username).first() if username else None
    if user is None:
        User().set_password(password)  # spend the same time as a real check
        audit_record(
            actor=None, action="auth.login_failed", object_type="core.user", extra={"username": username}
        )
        return wrong
    now = clock.now()
    if user.locked_until and user.locked_until > now:
        audit_record(actor=None, action="auth.login_refused", target=user, after=None, note="locked")
        return LoginResult(None, "account_locked", _lock_message(user.locked_until), rule="SEC-2")
    if not user.check_password(password):
        return _login_failed(user, now) or wrong
    if not user.is_active:
        audit_record(actor=None, action="auth.login_refused", target=user, after=None, note="inactive")
        return LoginResult(None, "account_inactive", _("账号已停用，请联系系统管理员"))
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None, last_login=now)
        user.refresh_from_db()
        audit_record(actor=user, action="auth.login", target=user, after=None)
    return LoginResult(user)


def _login_failed(user: User, now: dt.datetime) -> LoginResult | None:
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
        user.refresh_from_db(fields=["failed_login_count", "locked_until"])
        audit_record(
            actor=None,
            action="auth.login_failed",
            target=user,
            after=None,
            extra={"username": user.username, "failures": user.failed_login_count},
        )
        if user.failed_login_count < settings.LOGIN_MAX_FAILURES:
            return None
        until = now + dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=until)
        audit_record(
            actor=None,
            action="auth.locked",
            target=user,
            after={"locked_until": until},
            note=f"{settings.LOGIN_MAX_FAILURES} failed log-ins",
        )
    return LoginResult(None, "account_locked", _lock_message(until), rule="SEC-2")


def logout_record(*, user: User, reason: str = "logout") -> None:
    """Audit the end of a session: ``logout`` by the user or ``timeout`` after idling (SEC-3)."""
    if reason not in ("logout", "timeout"):
        raise ValueError(f"unknown end of session {reason!r}")
    action = "auth.session_timeout" if reason == "timeout" else "auth.logout"
    audit_record(
        actor=user,
        action=action,
        target=user,
        after=None,
        extra={"idle_limit": settings.SESSION_IDLE_TIMEOUT} if reason == "timeout" else None,
    )


# --- Idle sessions (SEC-3) ------------------------------------------------------------------------

# Kept in the session: when its last request came (epoch seconds), and a flag that the session was
# ended for idling while nobody was looking (the next request shows the notice).
SESSION_LAST_ACTIVITY = "_last_activity"
SESSION_TIMEOUT_NOTICE = "_idle_timeout_notice"


def session_is_idle(last_activity: float | None, now: dt.datetime | None = None) -> bool:
    if last_activity is None:
        return False
    return (now or clock.now()).timestamp() - last_activity > settings.SESSION_IDLE_TIMEOUT


def sessions_end_idle(*, now: dt.datetime | None = None) -> int:
    """End every logged-in session idle for longer than SESSION_IDLE_TIMEOUT and audit each (SEC-3).

    IdleTimeoutMiddleware ends an idle session when its next request comes; this sweep (a periodic
    job) ends the ones whose holder never comes back, so that each ends on time and is audited.
    The session keeps only a notice, which the next request shows.
    """
    from importlib import import_module

    from django.contrib.auth import SESSION_KEY
    from django.contrib.sessions.backends.base import UpdateError
    from django.contrib.sessions.models import Session

    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0  # sessions not in the database: the middleware alone ends them
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    now = now or clock.now()
    ended = 0
    for session in Session.objects.filter(expire_date__gt=now).iterator():
        data = session.get_decoded()
        if SESSION_KEY not in data or not session_is_idle(data.get(SESSION_LAST_ACTIVITY), now):
            continue
        store = store_class(session_key=session.session_key)
        store.clear()
        store[SESSION_TIMEOUT_NOTICE] = True
        try:
            store.save()
        except UpdateError:  # logged out meanwhile: nothing left to end
            continue
        user = User.objects.filter(pk=data[SESSION_KEY]).first()
        if user is not None:
            logout_record(user=user, reason="timeout")
        ended += 1
    return ended


# --- Passwords (SEC-4, SEC-5) ---------------------------------------------------------------------


def validate_new_password(password: str, *, user: User, field: str = "new_password") -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise validation_error_to_domain(error, field=field) from None


@transaction.atomic
def password_change(
    *, actor: User, old_password: str, new_password: str, keep_token: ApiToken | None = None
) -> User:
    """The account holder changes their own password; clears the forced-change flag (SEC-5).

    The account's other API tokens are revoked (``keep_token``, the one making the change, stays),
    as Django ends its other sessions: whoever knew the old password loses access too.
    """
    if not actor.check_password(old_password or ""):
        raise InvalidInput("wrong_password", _("原口令不正确"), field="old_password")
    if old_password == new_password:
        raise InvalidInput(
            "password_unchanged", _("新口令不能与原口令相同"), field="new_password", rule="SEC-4"
        )
    validate_new_password(new_password, user=actor)
    actor.set_password(new_password)
    User.objects.filter(pk=actor.pk).update(
        password=actor.password,
        must_change_password=False,
        password_changed_at=clock.now(),
        version=F("version") + 1,
    )
    actor.refresh_from_db()
    others = ApiToken.objects.filter(user=actor, revoked_at__isnull=True)
    if keep_token is not None:
        others = others.exclude(pk=keep_token.pk)
    revoked = others.update(revoked_at=clock.now())
    audit_record(
        actor=actor,
        action="auth.password_changed",
        target=actor,
        after=None,
        extra={"tokens_revoked": revoked} if revoked else None,
    )
    return actor


# --- API tokens -----------------------------------------------------------------------------------

TOKEN_PREFIX = "sun_"


def _token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def api_token_issue(*, user: User) -> tuple[ApiToken, str]:
    """Issue a token to an authenticated account; the key is shown once and only its hash kept."""
    key = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        key_hash=_token_hash(key),
        prefix=key[:10],
        expires_at=clock.now() + dt.timedelta(seconds=settings.API_TOKEN_TTL_SECONDS),
    )
    audit_record(actor=user, action="auth.token_issued", target=token, after={"expires_at": token.expires_at})
    return token, key


def api_token_authenticate(key: str) -> tuple[User, ApiToken]:
    token = (
        ApiToken.objects.select_related("user").filter(key_hash=_token_hash(key)).first()
        if key.startswith(TOKEN_PREFIX)
        else None
    )
    if token is None or not token.is_valid:
        raise NotAuthenticated("invalid_token", _("令牌无效或已过期，请重新获取"))
    user = token.user
    if not user.is_active or user.is_locked:
        raise NotAuthenticated("account_unavailable", _("账号已停用或已锁定"), rule="SEC-2")
    now = clock.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return user, token


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise RuleViolated("not_your_token", _("只能吊销自己的令牌"))
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=clock.now())
        token.refresh_from_db()
        audit_record(actor=actor, action="auth.token_revoked", target=token, after=None)
    return token
