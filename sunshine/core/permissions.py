"""Permissions and data scope: the interface every service and view uses.

Permission codes are registered here by each app (``register``); which account holds which code, and
over which units, comes from role assignments (org.backends.RoleBackend). Services call
:func:`require_permission`; selectors call :func:`scope_filter` so that lists only hold records in
the actor's data scope (SEC-7).
"""

from __future__ import annotations

from django.contrib.auth import get_backends
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from sunshine.core.errors import NotFound, NotPermitted
from sunshine.core.system import system_source

PERMISSIONS: dict[str, dict] = {}


class RoleKind(models.TextChoices):
    """Business roles, and the three administrators that are kept apart (三员分立, SEC-1)."""

    BUSINESS = "business", _("业务角色")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


ADMIN_KINDS = frozenset({RoleKind.SYSTEM_ADMIN, RoleKind.SECURITY_ADMIN, RoleKind.AUDIT_ADMIN})


def register(code: str, label, *, admin_kind: str = "", shared: bool = False) -> None:
    """Declare a permission code.

    ``admin_kind`` reserves the code to one of the three administrators (system_admin,
    security_admin, audit_admin; SEC-1, SEC-6). ``shared`` codes (reading the organisation tree, the
    calendar) may be held by administrators and business roles alike. The rest are business
    permissions, which no administrator role may hold.
    """
    PERMISSIONS[code] = {"label": label, "admin_kind": admin_kind, "shared": shared}


def allowed_permissions(role_kind: str) -> set[str]:
    """The codes a role of ``role_kind`` ('business' or an administrator kind) may hold."""
    shared = {code for code, p in PERMISSIONS.items() if p["shared"]}
    if role_kind == "business":
        return shared | {code for code, p in PERMISSIONS.items() if not p["admin_kind"]}
    return shared | {code for code, p in PERMISSIONS.items() if p["admin_kind"] == role_kind}


def has_permission(actor, perm: str, obj=None) -> bool:
    if perm not in PERMISSIONS:
        raise KeyError(f"permission {perm!r} is not registered")
    return bool(actor is not None and actor.is_authenticated and actor.has_perm(perm, obj))


def require_permission(actor, perm: str, obj=None) -> None:
    """Raise NotPermitted unless ``actor`` holds ``perm`` (over ``obj``'s unit, when given).

    An object outside the actor's scope is reported as not found, so that its existence does not
    leak to someone who may hold the permission elsewhere. ``actor=None`` is the system itself and
    passes only inside core.system.system_actor().
    """
    if actor is None:
        if system_source() is None:
            raise NotPermitted("system_actor_required", _("系统操作只能由管理命令或后台任务发起"))
        if perm not in PERMISSIONS:
            raise KeyError(f"permission {perm!r} is not registered")
        return
    if has_permission(actor, perm, obj):
        return
    if obj is not None and has_permission(actor, perm):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    raise NotPermitted(
        "permission_denied", _("您没有执行此操作的权限"), rule="SEC-6" if _is_admin(actor) else None
    )


def admin_kind(actor) -> str:
    """The administrator kind the account holds ('' for a business account)."""
    for backend in get_backends():
        if hasattr(backend, "admin_kind") and (kind := backend.admin_kind(actor)):
            return kind
    return ""


def _is_admin(actor) -> bool:
    return bool(admin_kind(actor))


def scope_q(actor, perm: str, unit_field: str = "unit") -> Q:
    """A filter that keeps the rows whose ``unit_field`` lies in the actor's scope for ``perm``."""
    for backend in get_backends():
        if hasattr(backend, "scope_q"):
            return backend.scope_q(actor, perm, unit_field)
    return Q(pk__in=[])


def scope_filter(queryset: QuerySet, actor, perm: str, unit_field: str = "unit") -> QuerySet:
    return queryset.filter(scope_q(actor, perm, unit_field))
