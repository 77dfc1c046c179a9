"""{% oversight_dashboard_hooks "cards" as hooks %}: templates that apps built on oversight add to its
dashboard.

An app lists them on its AppConfig, ``oversight_dashboard_hooks = {"cards": ["app/_card.html"]}``;
the dashboard includes each one with its own context (``request``, ``user``). So the discipline
office sees, say, the late petitions beside the case alerts while oversight imports nothing of the
petitions app (ARCHITECTURE: an app never imports the apps that depend on it), the way
cases.templatetags.case_hooks does for the case page."""

from __future__ import annotations

from django import template
from django.apps import apps

register = template.Library()

PLACES = ("cards",)


@register.simple_tag
def oversight_dashboard_hooks(place: str) -> list[str]:
    """The templates of ``place`` (cards under the dashboard's counts), in INSTALLED_APPS order."""
    if place not in PLACES:
        raise template.TemplateSyntaxError(f"unknown oversight dashboard hook place {place!r}")
    return [
        name
        for config in apps.get_app_configs()
        for name in getattr(config, "oversight_dashboard_hooks", {}).get(place, ())
    ]
