"""Demo data of the cadres app: each area's ``demo`` module (``sunshine.cadres.<area>.demo``) in the
order of ``apps.AREAS``, so that the integrity files come after the records they gather."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from sunshine.cadres.apps import AREAS


def load() -> dict[str, int]:
    summary: dict[str, int] = {}
    for area in AREAS:
        name = f"sunshine.cadres.{area}.demo"
        if find_spec(name) is None:
            continue
        summary.update(import_module(name).load() or {})
    return summary
