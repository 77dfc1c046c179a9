"""Permissions from role assignments, limited by each assignment's data scope (SEC-7)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from sunshine.org.choices import DataScope, RoleKind


@dataclass(frozen=True)
class Grant:
    """One live role assignment, reduced to what permission checks need."""

    permissions: frozenset[str]
    scope: str
    anchor_path: str
    body_id: int | None
    body_path: str
    admin_kind: str

    def covers(self, unit) -> bool:
        if self.scope == DataScope.ALL:
            return True
        if self.scope == DataScope.OWN_BODY:
            return unit.body_id == self.body_id
        if self.scope == DataScope.BODY_AND_SUBORDINATES:
            return unit.path.startswith(self.body_path)
        return unit.path.startswith(self.anchor_path) and unit.body_id == self.body_id

    def q(self, prefix: str) -> Q:
        if self.scope == DataScope.ALL:
            return Q()
        if self.scope == DataScope.OWN_BODY:
            return Q(**{f"{prefix}body_id": self.body_id})
        if self.scope == DataScope.BODY_AND_SUBORDINATES:
            return Q(**{f"{prefix}path__startswith": self.body_path})
        return Q(**{f"{prefix}path__startswith": self.anchor_path, f"{prefix}body_id": self.body_id})


def grants_for(user) -> list[Grant]:
    """The user's live grants, computed once per user object (that is, once per request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_sunshine_grants", None)
    if cached is not None:
        return cached
    from sunshine.org.models import RoleAssignment

    grants = []
    assignments = RoleAssignment.objects.filter(role__deleted_at__isnull=True, user=user).select_related(
        "role", "unit", "unit__body"
    )
    for a in assignments:
        body = a.unit.body or a.unit
        grants.append(
            Grant(
                permissions=frozenset(a.role.permissions),
                scope=a.data_scope,
                anchor_path=a.unit.path,
                body_id=body.pk,
                body_path=body.path,
                admin_kind=a.admin_kind,
            )
        )
    user._sunshine_grants = grants
    return grants


def forget_grants(user) -> None:
    if hasattr(user, "_sunshine_grants"):
        del user._sunshine_grants
    user.__dict__.pop("_sunshine_scope_units", None)


def scope_unit_of(obj, user=None):
    """The unit that decides ``obj``'s scope. A record that names it by id (``scope_unit_id``, e.g.
    a case step: its case's department) is looked up once per user object, like the grants (once
    per request; a service doing many steps for one actor does not re-read the same department)."""
    from sunshine.org.models import Unit

    if isinstance(obj, Unit):
        return obj
    unit_id = getattr(obj, "scope_unit_id", None) if user is not None else None
    if unit_id is None:
        return getattr(obj, "scope_unit", None)
    units = user.__dict__.setdefault("_sunshine_scope_units", {})
    if unit_id not in units:
        units[unit_id] = Unit.objects.only("id", "path", "body_id").filter(pk=unit_id).first()
    return units[unit_id]


class RoleBackend:
    """Answers ``user.has_perm(code, obj)``; authenticates nobody."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        return None

    def has_perm(self, user, perm: str, obj=None) -> bool:
        grants = [g for g in grants_for(user) if perm in g.permissions]
        if not grants:
            return False
        if obj is None:
            return True
        unit = scope_unit_of(obj, user)
        if unit is None:
            return False
        return any(g.covers(unit) for g in grants)

    def scope_q(self, user, perm: str, unit_field: str) -> Q:
        grants = [g for g in grants_for(user) if perm in g.permissions]
        if not grants:
            return Q(pk__in=[])
        prefix = f"{unit_field}__" if unit_field else ""
        query = Q(pk__in=[])
        for grant in grants:
            q = grant.q(prefix)
            if not q:  # ALL
                return Q()
            query |= q
        return query

    def admin_kind(self, user) -> str:
        kinds = [g.admin_kind for g in grants_for(user) if g.admin_kind]
        return kinds[0] if kinds else ""


def admin_kind_of(user) -> str:
    """'' for business accounts, else the one administrator kind the account holds."""
    return RoleBackend().admin_kind(user)


__all__ = ["RoleBackend", "RoleKind", "admin_kind_of", "forget_grants", "grants_for"]
