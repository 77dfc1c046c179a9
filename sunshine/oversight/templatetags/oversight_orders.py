"""Template tags of supervision orders: what a red alert's page and a case's page show about their
orders (so those pages only include a template, without their views knowing about orders)."""

from __future__ import annotations

from django import template

from sunshine.core.permissions import has_permission
from sunshine.oversight.choices import AlertLevel, OrderStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def alert_order(context, alert) -> dict:
    """The alert's live (else latest) order, and whether the viewer may issue one (a red alert,
    no live order, oversight.order over its department)."""
    user = context["request"].user
    orders = alert.orders.order_by("-issued_at", "-id")
    order = orders.exclude(status=OrderStatus.CLOSED).first() or orders.first()
    live = order is not None and order.status != OrderStatus.CLOSED
    can_issue = alert.level == AlertLevel.RED and not live and has_permission(user, "oversight.order", alert)
    return {"order": order, "can_issue": can_issue}


@register.simple_tag(takes_context=True)
def case_order(context, case) -> dict:
    """On the case page (cases' "actions" hook): the case's live orders the viewer may read, and
    whether the viewer may issue one from the case (oversight.order over its department)."""
    from sunshine.oversight.orders.selectors import case_orders

    user = context["request"].user
    return {
        "orders": list(case_orders(actor=user, case=case)[:3]),
        "can_issue": has_permission(user, "oversight.order", case),
    }
