"""Workbench panels contributed by apps: an AppConfig lists ``workbench_panels``, dotted paths of
functions ``panel(request) -> {"template": ..., **context} | None``."""

from __future__ import annotations

from django.apps import apps
from django.utils.module_loading import import_string


def workbench_panels(request) -> list[dict]:
    panels = []
    for config in apps.get_app_configs():
        for path in getattr(config, "workbench_panels", []):
            panel = import_string(path)(request)
            if panel:
                panels.append(panel)
    return panels
