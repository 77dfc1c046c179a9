"""{% case_page_hooks "actions" as hooks %}: templates that apps built on cases add to the case page.

An app lists them on its AppConfig, ``case_page_hooks = {"actions": ["app/_template.html"]}``; the
case page includes each one with its own context (``case``, ``request``). So the page can offer
what such an app does with a case (oversight: issue a supervision order, 下达督办单) while cases
imports nothing of it (ARCHITECTURE: an app never imports the apps that depend on it)."""

from __future__ import annotations

from django import template
from django.apps import apps

register = template.Library()

PLACES = ("actions",)


@register.simple_tag
def case_page_hooks(place: str) -> list[str]:
    """The templates of ``place`` (the page head's action buttons), in INSTALLED_APPS order."""
    if place not in PLACES:
        raise template.TemplateSyntaxError(f"unknown case page hook place {place!r}")
    return [
        name
        for config in apps.get_app_configs()
        for name in getattr(config, "case_page_hooks", {}).get(place, ())
    ]
