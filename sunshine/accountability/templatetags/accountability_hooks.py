"""What the "立案问责" buttons on oversight's alert and order pages need (their hook templates)."""

from __future__ import annotations

from django import template

from sunshine.accountability import services
from sunshine.accountability.models import AccountabilityCase

register = template.Library()


@register.simple_tag(takes_context=True)
def accountability_of(context, alert=None, order=None) -> dict:
    """The cases opened from ``alert`` or ``order`` and whether the viewer may open one (ACT-1)."""
    user = context["request"].user
    source = alert or order
    if source is None or not services.may_manage(user, source.body):
        return {"cases": [], "can_register": False}
    cases = AccountabilityCase.objects.filter(**({"alert": alert} if alert else {"order": order}))
    return {"cases": list(cases), "can_register": True}
