"""Reads of the org app (STYLE §2): ordered, scope-filtered QuerySets with their joins done.

Two kinds of function live here:

* **Selectors for an actor** (``actor`` first, keyword-only): they check the permission (``org.view``
  unless noted) and keep only rows in the actor's data scope (SEC-7). A single record outside the
  scope is NotFound, never "forbidden", so its existence does not leak.
* **Lookups for other modules' services** (no actor): who is the principal leader of a body, who
  holds posts of a kind in a unit, who is in charge of an area. They read current facts and apply
  no scope: the calling service has already checked its own permission and scope. Their signatures
  are stable:

  - ``principal_leader_of(body) -> Person | None``
  - ``principal_leaders_of(body) -> QuerySet[Person]``
  - ``leaders_of(body) -> QuerySet[Person]``  (principal first, then deputies)
  - ``people_holding(*, post_kind, unit, include_subunits=False) -> QuerySet[Person]``
  - ``portfolio_leader_of(*, body, area) -> Person | None``
  - ``overseeing_leaders_of(unit) -> QuerySet[Person]``
  - ``person_of(user) -> Person | None``
  - ``body_of(unit) -> Unit``
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, TextChoices, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sunshine.core import clock
from sunshine.core.errors import NotFound, NotPermitted
from sunshine.core.models import User
from sunshine.core.permissions import admin_kind, has_permission, require_permission, scope_q
from sunshine.core.selectors import get_or_not_found
from sunshine.org.choices import PostKind, RoleKind
from sunshine.org.models import Person, Portfolio, Post, PostHolding, Role, RoleAssignment, Unit

# Rows in force (no end date) before ended ones, on SQLite and PostgreSQL alike.
CURRENT_FIRST = F("end_date").desc(nulls_first=True)

# --- Current facts --------------------------------------------------------------------------------


def current_holdings() -> QuerySet[PostHolding]:
    """Holdings in force: not ended, not removed, of a live post."""
    return PostHolding.objects.filter(end_date__isnull=True, post__deleted_at__isnull=True)


def current_portfolios() -> QuerySet[Portfolio]:
    return Portfolio.objects.filter(end_date__isnull=True)


def _is_principal_q(body_field: str = "unit__body") -> Exists:
    """Annotation: the person holds a current principal post in the body of ``body_field``."""
    return Exists(
        current_holdings().filter(
            person=OuterRef("pk"), post__kind=PostKind.PRINCIPAL, post__unit__body=OuterRef(body_field)
        )
    )


# --- Lookups for other modules (no actor, no scope) -----------------------------------------------


def body_of(unit: Unit) -> Unit:
    """The body (单位) a unit belongs to: itself when it is one."""
    return unit if unit.is_body else Unit.all_objects.get(pk=unit.body_id)


def principal_leaders_of(body: Unit) -> QuerySet[Person]:
    """Everyone holding a current principal post (主要负责人) in ``body``, in post order. A township
    has two (党委书记 and 乡长); a bureau usually one."""
    holdings = current_holdings().filter(post__kind=PostKind.PRINCIPAL, post__unit__body=body)
    return (
        Person.objects.filter(Exists(holdings.filter(person=OuterRef("pk"))))
        .select_related("unit")
        .order_by("unit__path", "sort_order", "id")
    )


def principal_leader_of(body: Unit) -> Person | None:
    """The principal leader (一把手) of ``body``: the holder of its first principal post, or None."""
    holding = (
        current_holdings()
        .filter(post__kind=PostKind.PRINCIPAL, post__unit__body=body, person__deleted_at__isnull=True)
        .select_related("person", "person__unit")
        .order_by("post__sort_order", "post__id", "start_date")
        .first()
    )
    return holding.person if holding else None


def leaders_of(body: Unit) -> QuerySet[Person]:
    """The leadership team of ``body``: holders of its principal and deputy-leader posts, principal
    first, each once."""
    holdings = current_holdings().filter(
        post__kind__in=[PostKind.PRINCIPAL, PostKind.DEPUTY_LEADER], post__unit__body=body
    )
    return (
        Person.objects.filter(Exists(holdings.filter(person=OuterRef("pk"))))
        .annotate(is_principal=Exists(holdings.filter(person=OuterRef("pk"), post__kind=PostKind.PRINCIPAL)))
        .select_related("unit")
        .order_by("-is_principal", "sort_order", "id")
    )


def people_holding(*, post_kind: str, unit: Unit, include_subunits: bool = False) -> QuerySet[Person]:
    """People holding a current post of ``post_kind`` in ``unit`` (and the units under it), e.g. the
    section heads (科室负责人) of a department or the discipline inspectors of a body."""
    holdings = current_holdings().filter(post__kind=post_kind)
    holdings = (
        holdings.filter(post__unit__path__startswith=unit.path)
        if include_subunits
        else holdings.filter(post__unit=unit)
    )
    return (
        Person.objects.filter(Exists(holdings.filter(person=OuterRef("pk"))))
        .select_related("unit", "user")
        .order_by("unit__path", "sort_order", "id")
    )


def portfolio_leader_of(*, body: Unit, area: str) -> Person | None:
    """The leader currently in charge of ``area`` (a PortfolioArea) in ``body``, or None."""
    portfolio = (
        current_portfolios().filter(body=body, area=area).select_related("leader", "leader__unit").first()
    )
    return portfolio.leader if portfolio else None


def overseeing_leaders_of(unit: Unit) -> QuerySet[Person]:
    """The leaders whose current portfolios name ``unit`` among the departments they oversee."""
    portfolios = current_portfolios().filter(departments=unit)
    return (
        Person.objects.filter(Exists(portfolios.filter(leader=OuterRef("pk"))))
        .select_related("unit")
        .order_by("sort_order", "id")
    )


def person_of(user: User) -> Person | None:
    """The person an account belongs to, if it is linked to one."""
    return Person.objects.filter(user=user).select_related("unit", "unit__body").first()


# --- Units ----------------------------------------------------------------------------------------


def unit_list(*, actor: User, kind: str | None = None, perm: str = "org.view") -> QuerySet[Unit]:
    """The units in the actor's scope, in tree order."""
    require_permission(actor, perm)
    qs = Unit.objects.filter(scope_q(actor, perm, "")).select_related("parent", "body")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("path")


def unit_get(*, actor: User, unit_id: int, perm: str = "org.view") -> Unit:
    require_permission(actor, perm)
    return get_or_not_found(
        Unit.objects.filter(scope_q(actor, perm, "")).select_related("parent", "body"), pk=unit_id
    )


@dataclass
class TreeNode:
    unit: Unit
    children: list[TreeNode] = field(default_factory=list)


def unit_tree(*, actor: User) -> list[TreeNode]:
    """The units in the actor's scope as a forest: a unit whose parent is out of scope is a root.
    Siblings in their sort order, then by name."""
    units = list(unit_list(actor=actor))
    nodes = {u.pk: TreeNode(u) for u in units}
    roots: list[TreeNode] = []
    for unit in units:
        parent = nodes.get(unit.parent_id)
        (parent.children if parent else roots).append(nodes[unit.pk])
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.unit.sort_order, n.unit.pk))
    roots.sort(key=lambda n: (n.unit.sort_order, n.unit.pk))
    return roots


def unit_children(*, actor: User, unit: Unit) -> QuerySet[Unit]:
    return unit_list(actor=actor).filter(parent=unit).order_by("sort_order", "id")


# --- Posts and holdings ---------------------------------------------------------------------------


def post_list(
    *,
    actor: User,
    unit: Unit | None = None,
    kind: str | None = None,
    include_subunits: bool = False,
    with_holders: bool = False,
) -> QuerySet[Post]:
    """Posts in scope, by unit and sort order; ``with_holders`` prefetches the current holders
    (``post.current_holdings``)."""
    require_permission(actor, "org.view")
    qs = Post.objects.filter(scope_q(actor, "org.view", "unit")).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path) if include_subunits else qs.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    if with_holders:
        qs = qs.prefetch_related(
            Prefetch(
                "holdings",
                queryset=current_holdings().select_related("person").order_by("start_date", "id"),
                to_attr="current_holdings",
            )
        )
    return qs.order_by("unit__path", "sort_order", "id")


def post_get(*, actor: User, post_id: int) -> Post:
    return get_or_not_found(post_list(actor=actor, with_holders=True), pk=post_id)


def holding_list(
    *,
    actor: User,
    person: Person | None = None,
    post: Post | None = None,
    unit: Unit | None = None,
    current: bool | None = True,
) -> QuerySet[PostHolding]:
    """Holdings (任职) whose post is in scope; ``current=None`` includes ended ones."""
    require_permission(actor, "org.view")
    qs = PostHolding.objects.filter(scope_q(actor, "org.view", "post__unit")).select_related(
        "person", "person__unit", "post", "post__unit"
    )
    if person is not None:
        qs = qs.filter(person=person)
    if post is not None:
        qs = qs.filter(post=post)
    if unit is not None:
        qs = qs.filter(post__unit__path__startswith=unit.path)
    if current is True:
        qs = qs.filter(end_date__isnull=True)
    elif current is False:
        qs = qs.filter(end_date__isnull=False)
    return qs.order_by(CURRENT_FIRST, "post__unit__path", "post__sort_order", "-start_date", "id")


def holding_get(*, actor: User, holding_id: int) -> PostHolding:
    return get_or_not_found(holding_list(actor=actor, current=None), pk=holding_id)


# --- People ---------------------------------------------------------------------------------------


def filter_people(
    qs: QuerySet[Person],
    *,
    unit: Unit | None = None,
    include_subunits: bool = True,
    name: str = "",
    post_kind: str = "",
) -> QuerySet[Person]:
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path) if include_subunits else qs.filter(unit=unit)
    if name:
        qs = qs.filter(name__contains=name.strip())
    if post_kind:
        qs = qs.filter(Exists(current_holdings().filter(person=OuterRef("pk"), post__kind=post_kind)))
    return qs


def person_list(
    *,
    actor: User,
    unit: Unit | None = None,
    include_subunits: bool = True,
    name: str = "",
    post_kind: str = "",
) -> QuerySet[Person]:
    """People in scope with their unit, current posts (``person.current_holdings``) and whether they
    are the principal leader of their body (``is_principal``)."""
    require_permission(actor, "org.view")
    qs = (
        Person.objects.filter(scope_q(actor, "org.view", "unit"))
        .select_related("unit", "unit__body")
        .annotate(is_principal=_is_principal_q())
        .prefetch_related(
            Prefetch(
                "holdings",
                queryset=current_holdings()
                .select_related("post", "post__unit")
                .order_by("post__sort_order", "id"),
                to_attr="current_holdings",
            )
        )
    )
    qs = filter_people(qs, unit=unit, include_subunits=include_subunits, name=name, post_kind=post_kind)
    return qs.order_by("unit__path", "sort_order", "id")


def person_get(*, actor: User, person_id: int) -> Person:
    return get_or_not_found(person_list(actor=actor), pk=person_id)


# --- Portfolios -----------------------------------------------------------------------------------


def portfolio_list(
    *,
    actor: User,
    body: Unit | None = None,
    leader: Person | None = None,
    area: str = "",
    current: bool | None = True,
) -> QuerySet[Portfolio]:
    """Leaders' portfolios (分管) of bodies in scope, with the departments overseen prefetched and
    ``leader_is_principal`` annotated (the view marks the principal leader)."""
    require_permission(actor, "org.view")
    qs = (
        Portfolio.objects.filter(scope_q(actor, "org.view", "body"))
        .select_related("body", "leader", "leader__unit")
        .annotate(
            leader_is_principal=Exists(
                current_holdings().filter(
                    person=OuterRef("leader"),
                    post__kind=PostKind.PRINCIPAL,
                    post__unit__body=OuterRef("body"),
                )
            )
        )
        .prefetch_related(Prefetch("departments", queryset=Unit.objects.order_by("sort_order", "id")))
    )
    if body is not None:
        qs = qs.filter(body=body)
    if leader is not None:
        qs = qs.filter(leader=leader)
    if area:
        qs = qs.filter(area=area)
    if current is True:
        qs = qs.filter(end_date__isnull=True)
    elif current is False:
        qs = qs.filter(end_date__isnull=False)
    # The principal's portfolios first, then each leader's in the order of the leadership team.
    return qs.order_by(
        "body__path", CURRENT_FIRST, "-leader_is_principal", "leader__sort_order", "leader_id", "area", "id"
    )


def portfolio_get(*, actor: User, portfolio_id: int) -> Portfolio:
    return get_or_not_found(portfolio_list(actor=actor, current=None), pk=portfolio_id)


# --- Roles, assignments, accounts -----------------------------------------------------------------


def role_list(*, actor: User, kind: str = "") -> QuerySet[Role]:
    """Every role (roles have no unit: the security administrator sees them all)."""
    require_permission(actor, "roles.manage")
    qs = Role.objects.annotate(
        kind_order=Case(
            *[When(kind=k, then=Value(i)) for i, k in enumerate(RoleKind.values)], default=Value(9)
        )
    )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("kind_order", "code")


def role_get(*, actor: User, role_id: int) -> Role:
    require_permission(actor, "roles.manage")
    return get_or_not_found(Role.objects.all(), pk=role_id)


def assignment_list(
    *, actor: User, user: User | None = None, role: Role | None = None, unit: Unit | None = None
) -> QuerySet[RoleAssignment]:
    """Live role assignments whose unit is in the security administrator's scope."""
    require_permission(actor, "roles.manage")
    qs = RoleAssignment.objects.filter(scope_q(actor, "roles.manage", "unit")).select_related(
        "user", "role", "unit"
    )
    if user is not None:
        qs = qs.filter(user=user)
    if role is not None:
        qs = qs.filter(role=role)
    if unit is not None:
        qs = qs.filter(unit=unit)
    return qs.order_by("user__username", "role__kind", "role__code", "id")


def assignment_get(*, actor: User, assignment_id: int) -> RoleAssignment:
    return get_or_not_found(assignment_list(actor=actor), pk=assignment_id)


ACCOUNT_PERMISSIONS = ("accounts.manage", "roles.manage")


def account_scope_q(actor: User, perms: Iterable[str]) -> Q:
    """Accounts an administrator may see for ``perms``: those whose person, or one of whose live role
    assignments, is in scope; accounts tied to neither (just opened) are visible to all of them."""
    query = Q(pk__in=[])
    for perm in perms:
        if not has_permission(actor, perm):
            continue
        unit_q = scope_q(actor, perm, "unit")
        if not unit_q:  # scope "all"
            return Q()
        query |= scope_q(actor, perm, "person__unit")
        query |= Exists(RoleAssignment.objects.filter(unit_q, user=OuterRef("pk")))
        query |= Q(person__isnull=True) & ~Exists(RoleAssignment.objects.filter(user=OuterRef("pk")))
    return query


class AccountStatus(TextChoices):
    ACTIVE = "active", gettext_lazy("正常")
    DISABLED = "disabled", gettext_lazy("已停用")
    LOCKED = "locked", gettext_lazy("已锁定")


def _require_any(actor: User, perms: Iterable[str]) -> list[str]:
    held = [p for p in perms if has_permission(actor, p)]
    if not held:
        rule = "SEC-6" if admin_kind(actor) else None  # an administrator asking for another's work
        raise NotPermitted("permission_denied", _("您没有执行此操作的权限"), rule=rule)
    return held


def account_list(
    *,
    actor: User,
    q: str = "",
    status: str = "",
    must_change: bool | None = None,
    perms: Iterable[str] = ACCOUNT_PERMISSIONS,
) -> QuerySet[User]:
    """Accounts for the system administrator (accounts.manage) and the security administrator
    (roles.manage), with their person and live role assignments (``user.live_assignments``).

    ``status``: "active" (enabled, not locked), "disabled" or "locked"; ``q`` matches the user name
    or the name of the holder.
    """
    held = _require_any(actor, perms)
    qs = (
        User.objects.filter(account_scope_q(actor, held))
        .select_related("person", "person__unit")
        .prefetch_related(
            Prefetch(
                "role_assignments",
                queryset=RoleAssignment.objects.select_related("role", "unit").order_by("role__kind", "id"),
                to_attr="live_assignments",
            )
        )
    )
    return filter_accounts(qs, q=q, status=status, must_change=must_change).order_by("username")


def filter_accounts(
    qs: QuerySet[User], *, q: str = "", status: str = "", must_change: bool | None = None
) -> QuerySet[User]:
    if q:
        qs = qs.filter(Q(username__icontains=q.strip()) | Q(full_name__contains=q.strip()))
    now = clock.now()
    if status == AccountStatus.ACTIVE:
        qs = qs.filter(is_active=True).exclude(locked_until__gt=now)
    elif status == AccountStatus.DISABLED:
        qs = qs.filter(is_active=False)
    elif status == AccountStatus.LOCKED:
        qs = qs.filter(is_active=True, locked_until__gt=now)
    if must_change is not None:
        qs = qs.filter(must_change_password=must_change)
    return qs


def account_status(user: User) -> str:
    """ "disabled", "locked" or "active" (disabled wins: a disabled account cannot log in anyway)."""
    if not user.is_active:
        return AccountStatus.DISABLED
    if user.is_locked:
        return AccountStatus.LOCKED
    return AccountStatus.ACTIVE


def account_get(*, actor: User, user_id: int, perms: Iterable[str] = ACCOUNT_PERMISSIONS) -> User:
    user = account_list(actor=actor, perms=perms).filter(pk=user_id).first()
    if user is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return user


def account_disable_reason(user: User) -> str:
    """The reason given when the account was last disabled (kept in its audit record)."""
    from sunshine.core.models import AuditRecord

    record = (
        AuditRecord.objects.filter(
            action="org.account_disable", object_type="core.user", object_id=str(user.pk)
        )
        .order_by("-id")
        .first()
    )
    return (record.data.get("note") or "") if record is not None else ""
