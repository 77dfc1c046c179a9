"""{% oversight_page_hooks "alert_actions" as hooks %}: templates that apps built on oversight add to
the alert's and the order's page (like cases.templatetags.case_hooks for the case page).

An app lists them on its AppConfig, ``oversight_page_hooks = {"alert_actions": [...], "order_actions":
[...]}``; the page includes each with its own context (``alert`` or ``order``, ``request``). So the
page can offer what such an app does with an alert or an order (accountability: 立案问责) while
oversight imports nothing of it (ARCHITECTURE: an app never imports the apps that depend on it)."""

from __future__ import annotations

from django import template
from django.apps import apps

register = template.Library()

PLACES = ("alert_actions", "order_actions")


@register.simple_tag
def oversight_page_hooks(place: str) -> list[str]:
    """The templates of ``place`` (the page head's action buttons), in INSTALLED_APPS order."""
    if place not in PLACES:
        raise template.TemplateSyntaxError(f"unknown oversight page hook place {place!r}")
    return [
        name
        for config in apps.get_app_configs()
        for name in getattr(config, "oversight_page_hooks", {}).get(place, ())
    ]
