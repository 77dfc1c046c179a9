"""Accounts (账号): creation with a policy-compliant first password, editing, disabling and
enabling, password reset, unlocking, and the link to a person.

The system administrator manages accounts (accounts.manage); which roles an account holds is the
security administrator's (org.services.roles). An account is in an administrator's data scope
through its person's unit or the units of its role assignments; an account tied to neither is
visible to every account manager (see org.selectors.account_scope_q).
"""

from __future__ import annotations

from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, RuleViolated
from sunshine.core.models import User
from sunshine.core.permissions import RoleKind, require_permission
from sunshine.core.services import validate_new_password, versioned_update
from sunshine.org import errors
from sunshine.org.backends import admin_kind_of
from sunshine.org.models import Person
from sunshine.org.services._common import alive, reason_text, text
from sunshine.org.services.people import email_text
from sunshine.org.services.roles import refuse_last_administrator


def require_account(actor: User | None, perm: str, user: User) -> None:
    """``perm`` held, and ``user`` in the actor's scope for it; else NotFound (SEC-7)."""
    from sunshine.org.selectors import account_scope_q

    require_permission(actor, perm)
    if actor is not None and not User.objects.filter(account_scope_q(actor, [perm]), pk=user.pk).exists():
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")


def _username(value: str) -> str:
    username = text(value, field="username", label=_("用户名"), max_length=64)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise InvalidInput(
            errors.INVALID, _("用户名只能包含字母、数字和 @/./+/-/_"), field="username"
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(errors.USERNAME_TAKEN, _("用户名“%(u)s”已被使用") % {"u": username}, field="username")
    return username


def _check_person_free(person: Person, *, user: User | None = None) -> None:
    if person.user_id is not None and (user is None or person.user_id != user.pk):
        raise Conflict(
            errors.PERSON_ALREADY_LINKED,
            _("%(name)s已有登录账号") % {"name": person.name},
            field="person",
        )


@transaction.atomic
def account_create(
    *,
    actor: User | None,
    username: str,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    person: Person | None = None,
    must_change_password: bool = True,
) -> User:
    """Open an account with a first password that passes the policy (SEC-4); its holder must change
    it at the first log-in (SEC-5). Only the system (demo data) may open one without that duty."""
    require_permission(actor, "accounts.manage")
    if not must_change_password and actor is not None:
        raise ValueError("only system calls (sunshine demo) may skip the forced password change (SEC-5)")
    if person is not None:
        require_permission(actor, "accounts.manage", alive(person, field="person"))
        _check_person_free(person)
    user = User(
        username=_username(username),
        full_name=text(full_name, field="full_name", label=_("姓名"), max_length=100),
        email=email_text(email),
        phone=text(phone, field="phone", label=_("手机号码"), max_length=20, required=False),
        must_change_password=must_change_password,
    )
    validate_new_password(password or "", user=user, field="password")
    user.set_password(password)
    user.save(force_insert=True)
    if person is not None:
        Person.objects.filter(pk=person.pk).update(user=user)
        person.user = user
    audit_record(
        actor=actor,
        action="org.account_create",
        target=user,
        extra={"person": person.pk if person is not None else None},
    )
    return user


@transaction.atomic
def account_update(
    *,
    actor: User | None,
    user: User,
    expected_version: int,
    full_name: str | None = None,
    email: str | None = None,
    phone: str | None = None,
) -> User:
    """Edit an account's name and contact details (used by email and SMS notifications)."""
    require_account(actor, "accounts.manage", user)
    changes: dict = {}
    if full_name is not None:
        changes["full_name"] = text(full_name, field="full_name", label=_("姓名"), max_length=100)
    if email is not None:
        changes["email"] = email_text(email)
    if phone is not None:
        changes["phone"] = text(phone, field="phone", label=_("手机号码"), max_length=20, required=False)
    before = audit_snapshot(user)
    versioned_update(user, expected_version=expected_version, **changes)
    audit_record(actor=actor, action="org.account_update", target=user, before=before)
    return user


def _refuse_self(actor: User | None, user: User, message: str) -> None:
    if actor is not None and actor.pk == user.pk:
        raise RuleViolated(errors.OWN_ACCOUNT, message, field="user")


@transaction.atomic
def account_disable(*, actor: User | None, user: User, reason: str, expected_version: int) -> User:
    """Disable an account (停用): it can no longer log in or use its tokens. The last enabled
    holder of an administrator role cannot be disabled (SEC-8)."""
    require_account(actor, "accounts.manage", user)
    _refuse_self(actor, user, _("不能停用自己的账号"))
    reason = reason_text(reason)
    if not user.is_active:
        raise Conflict(errors.ACCOUNT_ALREADY_DISABLED, _("该账号已停用"))
    if kind := admin_kind_of(user):
        refuse_last_administrator(admin_kind=kind, leaving_user=user)
    before = audit_snapshot(user)
    versioned_update(user, expected_version=expected_version, is_active=False)
    audit_record(actor=actor, action="org.account_disable", target=user, before=before, note=reason)
    return user


@transaction.atomic
def account_enable(*, actor: User | None, user: User, reason: str, expected_version: int) -> User:
    """Enable a disabled account again (启用)."""
    require_account(actor, "accounts.manage", user)
    reason = reason_text(reason)
    if user.is_active:
        raise Conflict(errors.ACCOUNT_ALREADY_ENABLED, _("该账号已启用"))
    before = audit_snapshot(user)
    versioned_update(user, expected_version=expected_version, is_active=True)
    audit_record(actor=actor, action="org.account_enable", target=user, before=before, note=reason)
    return user


@transaction.atomic
def account_reset_password(
    *, actor: User | None, user: User, new_password: str, expected_version: int
) -> User:
    """Set a temporary password (SEC-4) that the holder must change at the next log-in (SEC-5).

    A system administrator cannot reset the password of a security or audit administrator: they
    could then act as that administrator too (三员分立, SEC-1).
    """
    require_account(actor, "accounts.manage", user)
    _refuse_self(actor, user, _("请通过“修改口令”修改自己的口令"))
    target_kind = admin_kind_of(user)
    if actor is not None and target_kind and target_kind != admin_kind_of(actor):
        raise RuleViolated(
            errors.OTHER_ADMINISTRATOR,
            _("不能重置%(kind)s的口令；三员分立，管理员口令由本人或通过 sunshine bootstrap 重置")
            % {"kind": RoleKind(target_kind).label},
            rule="SEC-1",
        )
    validate_new_password(new_password or "", user=user, field="new_password")
    user.set_password(new_password)
    versioned_update(
        user, expected_version=expected_version, password=user.password, must_change_password=True
    )
    audit_record(actor=actor, action="org.account_password_reset", target=user, after=None)
    return user


@transaction.atomic
def account_unlock(*, actor: User | None, user: User, expected_version: int) -> User:
    """Lift a lock-out after failed log-ins (SEC-2) before its time runs out."""
    require_account(actor, "accounts.manage", user)
    if not (user.locked_until and user.locked_until > clock.now()):
        raise Conflict(errors.ACCOUNT_NOT_LOCKED, _("该账号未被锁定"))
    before = audit_snapshot(user)
    versioned_update(user, expected_version=expected_version, locked_until=None, failed_login_count=0)
    audit_record(actor=actor, action="org.account_unlock", target=user, before=before)
    return user


@transaction.atomic
def account_link_person(
    *, actor: User | None, user: User, person: Person | None, expected_version: int
) -> User:
    """Tie an account to the person who uses it (or untie it with ``person=None``)."""
    require_account(actor, "accounts.manage", user)
    if person is not None:
        require_permission(actor, "accounts.manage", alive(person, field="person"))
        _check_person_free(person, user=user)
    previous = Person.all_objects.filter(user=user).first()
    before = {"person": previous.pk if previous else None}
    versioned_update(user, expected_version=expected_version)
    if previous is not None and (person is None or previous.pk != person.pk):
        Person.all_objects.filter(pk=previous.pk).update(user=None)
    if person is not None:
        Person.objects.filter(pk=person.pk).update(user=user)
    audit_record(
        actor=actor,
        action="org.account_link_person",
        target=user,
        before=before,
        after={"person": person.pk if person else None},
    )
    return user
