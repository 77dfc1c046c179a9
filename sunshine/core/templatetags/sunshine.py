"""Template helpers of the staff UI."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def translated(value) -> str:
    """A name stored in the database, in the active language when the product supplied it (the
    built-in roles, the holidays seeded from chinese-calendar: marked with gettext_noop where they
    are defined); a name an administrator typed is shown as typed."""
    text = "" if value is None else str(value)
    return gettext(text) if text else text
