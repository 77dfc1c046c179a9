"""Reads of supervision orders, scope-checked (SEC-7): the register (台账) for those who may view
oversight over the department or issue orders there, "my orders" for the responsible person, one
order for any of them."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.errors import NotFound
from sunshine.core.permissions import has_permission, require_permission, scope_q
from sunshine.oversight import services as alert_services
from sunshine.oversight.choices import OrderStatus
from sunshine.oversight.models import SupervisionOrder

RELATED = ("body", "department", "responsible", "issued_by", "alert", "case")


def _register_q(actor) -> Q | None:
    """Departments the actor may see the register of: oversight.view or oversight.order there."""
    perms = [p for p in ("oversight.view", "oversight.order") if has_permission(actor, p)]
    if not perms:
        return None
    q = Q(pk__in=[])
    for perm in perms:
        q |= scope_q(actor, perm, "department")
    return q


def overdue_q(now=None) -> Q:
    """Issued and past the reply deadline (the register's “逾期” filter)."""
    return Q(status=OrderStatus.ISSUED, reply_due__lt=now or clock.now())


def order_list(
    *, actor, status: str = "", overdue: bool = False, department=None, year: int | None = None
) -> QuerySet[SupervisionOrder]:
    """The register (台账, CASE-21) in scope, newest first; ``status`` '' means all."""
    q = _register_q(actor)
    if q is None:
        require_permission(actor, "oversight.view")
    orders = SupervisionOrder.objects.filter(q)
    if status:
        orders = orders.filter(status=status)
    if overdue:
        orders = orders.filter(overdue_q())
    if department is not None:
        orders = orders.filter(department=department)
    if year:
        orders = orders.filter(year=year)
    return orders.select_related(*RELATED).order_by("-issued_at", "-id")


def my_orders(*, actor, open_only: bool = True) -> QuerySet[SupervisionOrder]:
    """The orders the actor answers for; by default those not yet closed."""
    require_permission(actor, "oversight.handle")
    orders = SupervisionOrder.objects.filter(responsible=actor)
    if open_only:
        orders = orders.exclude(status=OrderStatus.CLOSED)
    return orders.select_related(*RELATED).order_by("reply_due", "-id")


def order_get(*, actor, pk: int) -> SupervisionOrder:
    """One order: for the register's readers in scope, its responsible person and its issuer."""
    order = SupervisionOrder.objects.select_related(*RELATED).filter(pk=pk).first()
    if order is not None and actor is not None and actor.is_authenticated:
        if actor.pk in (order.responsible_id, order.issued_by_id):
            return order
        if any(has_permission(actor, p, order) for p in ("oversight.view", "oversight.order")):
            return order
    raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")


def years(*, actor) -> list[int]:
    q = _register_q(actor)
    if q is None:
        return []
    return sorted(set(SupervisionOrder.objects.filter(q).values_list("year", flat=True)), reverse=True)


def case_responsible(case) -> list[int]:
    """Who answers for a case, most direct first (the prefilled responsible person of an order
    issued from the case page): the assignees of its open steps, soonest due first; the holders of
    those steps' posts; the department's section heads; the first-contact officer. The issue
    service checks the one chosen (oversight.handle over the department)."""
    from sunshine.cases.choices import TaskStatus

    steps = list(
        case.tasks.filter(status=TaskStatus.OPEN)
        .order_by(F("due_at").asc(nulls_last=True), "id")
        .values_list("assignee_id", "post_id")
    )
    holders = alert_services._post_holders({post for _a, post in steps if post})
    heads = alert_services._section_heads([case.department_id]).get(case.department_id, [])
    ids = [assignee for assignee, _p in steps]
    for _assignee, post in steps:
        ids += holders.get(post, [])
    ids += [*heads, case.first_contact_id]
    return [i for i in dict.fromkeys(ids) if i is not None]


def case_orders(*, actor, case) -> QuerySet[SupervisionOrder]:
    """The case's orders not yet closed that the actor may read (the case page's link to them)."""
    q = _register_q(actor)
    orders = SupervisionOrder.objects.filter(case=case).exclude(status=OrderStatus.CLOSED)
    mine = Q(responsible=actor) | Q(issued_by=actor)
    return orders.filter(mine if q is None else q | mine).order_by("-issued_at", "-id")
