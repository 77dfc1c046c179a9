"""{% oversight_hooks "cards" as hooks %}: templates that apps built on oversight add to its pages.

An app lists them on its AppConfig, e.g. ``oversight_hooks = {"cards": ["app/_card.html"],
"alert_actions": [...], "order_actions": [...]}``; the page includes each one with its own context
(``request``, ``user``, and ``alert`` or ``order`` on their pages). So the discipline office sees the
late petitions beside the case alerts on the dashboard, and an alert's page offers 立案问责, while
oversight imports nothing of those apps (ARCHITECTURE: an app never imports the apps that depend on
it), the way cases.templatetags.case_hooks does for the case page.

Places: ``cards`` (under the dashboard's counts), ``alert_actions`` and ``order_actions`` (the
action buttons in the head of an alert's and an order's page).
"""

from __future__ import annotations

from django import template
from django.apps import apps

register = template.Library()

PLACES = ("cards", "alert_actions", "order_actions")


@register.simple_tag
def oversight_hooks(place: str) -> list[str]:
    """The templates of ``place``, in INSTALLED_APPS order."""
    if place not in PLACES:
        raise template.TemplateSyntaxError(f"unknown oversight hook place {place!r}")
    return [
        name
        for config in apps.get_app_configs()
        for name in getattr(config, "oversight_hooks", {}).get(place, ())
    ]
