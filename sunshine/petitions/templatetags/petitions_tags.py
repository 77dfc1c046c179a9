"""{% petition_alert_counts as counts %}: the late petitions the user may see (for the card that the
petitions app adds to the oversight dashboard)."""

from __future__ import annotations

from django import template

from sunshine.core.permissions import has_permission

register = template.Library()


@register.simple_tag(takes_context=True)
def petition_alert_counts(context) -> dict | None:
    user = context.get("user")
    if user is None or not user.is_authenticated or not has_permission(user, "petitions.supervise"):
        return None
    from sunshine.petitions.selectors import alert_counts

    return alert_counts(actor=user)
