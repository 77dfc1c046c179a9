"""Roles and role assignments, and the separation of the three administrators (三员分立).

SEC-1: the system, security and audit administrators are different accounts; one account holds
at most one administrator role. SEC-6: an administrator account holds no business role (it reads no
business data), and a business account gets no administrator role. Nobody grants or revokes roles
on their own account. SEC-8: the last enabled holder of an administrator role is never revoked, and
a built-in administrator role keeps its own management permission.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.validators import validate_slug
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.core.models import User
from sunshine.core.permissions import PERMISSIONS, allowed_permissions, require_permission
from sunshine.core.services import soft_delete, versioned_update
from sunshine.core.text import enumeration
from sunshine.org import errors
from sunshine.org.backends import forget_grants
from sunshine.org.choices import DataScope, RoleKind
from sunshine.org.models import Role, RoleAssignment, Unit
from sunshine.org.services._common import alive, choice, text

# The permission without which each administrator role could no longer do its job (SEC-8).
ADMIN_KEY_PERMISSIONS = {
    RoleKind.SYSTEM_ADMIN: "accounts.manage",
    RoleKind.SECURITY_ADMIN: "roles.manage",
    RoleKind.AUDIT_ADMIN: "audit.view",
}


def _permissions(kind: str, codes: Iterable[str]) -> list[str]:
    codes = sorted(set(codes))
    unknown = [c for c in codes if c not in PERMISSIONS]
    if unknown:
        raise InvalidInput(
            errors.INVALID, _("未知的权限：%(codes)s") % {"codes": enumeration(unknown)}, field="permissions"
        )
    refused = [c for c in codes if c not in allowed_permissions(kind)]
    if refused:
        labels = enumeration(PERMISSIONS[c]["label"] for c in refused)
        # An administrator role asking for another administrator's powers breaks 三员分立 (SEC-1);
        # any mix of administration and business breaks SEC-6.
        other_admin_only = kind != RoleKind.BUSINESS and all(PERMISSIONS[c]["admin_kind"] for c in refused)
        rule = "SEC-1" if other_admin_only else "SEC-6"
        raise RuleViolated(
            errors.PERMISSION_NOT_ALLOWED,
            _("%(kind)s不能拥有以下权限：%(labels)s") % {"kind": RoleKind(kind).label, "labels": labels},
            field="permissions",
            rule=rule,
        )
    return codes


@transaction.atomic
def role_create(
    *,
    actor: User | None,
    code: str,
    name: str,
    kind: str = RoleKind.BUSINESS,
    description: str = "",
    permissions: Iterable[str] = (),
) -> Role:
    """Define a role. The permissions a role may hold are limited by its kind (SEC-1, SEC-6)."""
    require_permission(actor, "roles.manage")
    code = text(code, field="code", label=_("角色代码"), max_length=50)
    try:
        validate_slug(code)
    except Exception:
        raise InvalidInput(
            errors.INVALID, _("角色代码只能包含字母、数字、下划线和连字符"), field="code"
        ) from None
    if Role.objects.filter(code=code).exists():
        raise Conflict(errors.ROLE_CODE_TAKEN, _("角色代码“%(code)s”已被使用") % {"code": code}, field="code")
    kind = choice(kind, RoleKind, field="kind", label=_("类别"))
    role = Role.objects.create(
        code=code,
        name=text(name, field="name", label=_("角色名称"), max_length=50),
        kind=kind,
        description=(description or "").strip(),
        permissions=_permissions(kind, permissions),
        created_by=actor,
    )
    audit_record(actor=actor, action="org.role_create", target=role)
    return role


@transaction.atomic
def role_update(
    *,
    actor: User | None,
    role: Role,
    expected_version: int,
    name: str | None = None,
    description: str | None = None,
    permissions: Iterable[str] | None = None,
) -> Role:
    """Edit a role, built-in ones included. Its kind never changes (assignments depend on it)."""
    require_permission(actor, "roles.manage")
    alive(role, field="role")
    changes: dict = {}
    if name is not None:
        changes["name"] = text(name, field="name", label=_("角色名称"), max_length=50)
    if description is not None:
        changes["description"] = description.strip()
    if permissions is not None:
        codes = _permissions(role.kind, permissions)
        key = ADMIN_KEY_PERMISSIONS.get(role.kind)
        if role.is_builtin and key and key not in codes:
            raise RuleViolated(
                errors.ADMIN_ROLE_KEEPS_PERMISSION,
                _("内置的%(role)s必须保留“%(perm)s”权限，否则系统将失去该项管理职能")
                % {"role": role.name, "perm": PERMISSIONS[key]["label"]},
                field="permissions",
                rule="SEC-8",
            )
        changes["permissions"] = codes
    before = audit_snapshot(role)
    versioned_update(role, expected_version=expected_version, **changes)
    audit_record(actor=actor, action="org.role_update", target=role, before=before)
    return role


@transaction.atomic
def role_delete(*, actor: User | None, role: Role, reason: str, expected_version: int) -> Role:
    """Remove (作废) a role nobody holds. Built-in roles stay: they can be edited, not removed."""
    require_permission(actor, "roles.manage")
    alive(role, field="role")
    if role.is_builtin:
        raise Conflict(errors.BUILTIN_ROLE_UNDELETABLE, _("内置角色不能作废，可以修改其名称、说明和权限"))
    if role.assignments.filter(deleted_at__isnull=True).exists():
        raise Conflict(errors.ROLE_IN_USE, _("仍有账号担任该角色，请先撤销授权"))
    return soft_delete(
        actor=actor, obj=role, reason=reason, expected_version=expected_version, action="org.role_delete"
    )


def _refuse_own_account(actor: User | None, user: User) -> None:
    if actor is not None and actor.pk == user.pk:
        raise RuleViolated(
            errors.OWN_ACCOUNT,
            _("不能为自己的账号授权或撤销授权，请由另一名安全管理员办理"),
            field="user",
            rule="SEC-1",
        )


def _check_separation(user: User, role: Role) -> None:
    """三员分立 (SEC-1) and no business data for administrators (SEC-6), checked before the
    database's own constraint (org_roleassignment_one_admin_role) would refuse."""
    held = list(
        RoleAssignment.objects.filter(user=user, role__deleted_at__isnull=True)
        .select_related("role")
        .order_by("pk")
    )
    admin = next((a for a in held if a.admin_kind), None)
    if role.is_admin and admin is not None:
        raise RuleViolated(
            errors.SECOND_ADMIN_ROLE,
            _("该账号已担任%(held)s；三员分立，一个账号不得兼任两个管理员角色")
            % {"held": RoleKind(admin.admin_kind).label},
            field="role",
            rule="SEC-1",
        )
    if role.is_admin and held:
        raise RuleViolated(
            errors.BUSINESS_WITH_ADMIN_ROLE,
            _("该账号已有业务角色（%(role)s），不能再担任%(kind)s；管理员不办理、不查阅业务数据")
            % {"role": held[0].role.name, "kind": RoleKind(role.kind).label},
            field="role",
            rule="SEC-6",
        )
    if not role.is_admin and admin is not None:
        raise RuleViolated(
            errors.ADMIN_WITH_BUSINESS_ROLE,
            _("该账号是%(kind)s，不能担任业务角色；管理员不办理、不查阅业务数据")
            % {"kind": RoleKind(admin.admin_kind).label},
            field="role",
            rule="SEC-6",
        )


@transaction.atomic
def role_assignment_create(
    *,
    actor: User | None,
    user: User,
    role: Role,
    unit: Unit,
    data_scope: str,
    note: str = "",
) -> RoleAssignment:
    """Grant ``role`` to an account over ``unit`` with a data scope (SEC-7) measured from it."""
    from sunshine.org.services.accounts import require_account

    require_permission(actor, "roles.manage", alive(unit, field="unit"))
    require_account(actor, "roles.manage", user)
    _refuse_own_account(actor, user)
    alive(role, field="role")
    data_scope = choice(data_scope, DataScope, field="data_scope", label=_("数据范围"))
    User.objects.select_for_update().filter(pk=user.pk).first()  # one grant at a time per account
    _check_separation(user, role)
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise Conflict(
            errors.ASSIGNMENT_EXISTS,
            _("该账号已在%(unit)s担任%(role)s") % {"unit": unit.name, "role": role.name},
            field="role",
        )
    assignment = RoleAssignment.objects.create(
        user=user,
        role=role,
        unit=unit,
        data_scope=data_scope,
        admin_kind=role.kind if role.is_admin else "",
        note=text(note, field="note", label=_("备注"), max_length=200, required=False),
        created_by=actor,
    )
    forget_grants(user)
    audit_record(actor=actor, action="org.role_assign", target=assignment)
    return assignment


def refuse_last_administrator(*, admin_kind: str, leaving_user: User) -> None:
    """Refuse a change that would leave no enabled account holding ``admin_kind`` (SEC-8)."""
    # Lock the holders of this kind, so two administrators cannot remove the last two at once.
    list(
        RoleAssignment.objects.select_for_update()
        .filter(admin_kind=admin_kind)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    others = RoleAssignment.objects.filter(
        admin_kind=admin_kind, user__is_active=True, role__deleted_at__isnull=True
    ).exclude(user=leaving_user)
    if not others.exists():
        raise RuleViolated(
            errors.LAST_ADMINISTRATOR,
            _("这是最后一个启用的%(kind)s账号，撤销或停用后系统将失去该项管理职能；请先为另一账号授予该角色")
            % {"kind": RoleKind(admin_kind).label},
            rule="SEC-8",
        )


@transaction.atomic
def role_assignment_revoke(
    *, actor: User | None, assignment: RoleAssignment, reason: str, expected_version: int
) -> RoleAssignment:
    """Withdraw a role from an account (撤销授权), with the reason; the row stays (AUD-2)."""
    from sunshine.org.services.accounts import require_account

    require_permission(actor, "roles.manage", alive(assignment, field="assignment"))
    require_account(actor, "roles.manage", assignment.user)
    _refuse_own_account(actor, assignment.user)
    if assignment.admin_kind:
        refuse_last_administrator(admin_kind=assignment.admin_kind, leaving_user=assignment.user)
    revoked = soft_delete(
        actor=actor,
        obj=assignment,
        reason=reason,
        expected_version=expected_version,
        action="org.role_revoke",
    )
    forget_grants(assignment.user)
    return revoked
