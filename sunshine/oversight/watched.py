"""Clocks of records other than cases that electronic supervision watches (问责、谈话函询、政务公开...).

Case clocks have their own tables and scan (oversight.services, docs/decisions/0009). Any other record
with a deadline contributes its open clocks by listing functions on its AppConfig::

    watched_clocks = ["sunshine.accountability.clocks.open_clocks"]

Each function is called as ``fn(*, due_before)`` and returns the record's OPEN clocks (not yet met)
whose due time is before ``due_before``, as ``WatchedClock``. The oversight scan turns them into
yellow (within the body's warning lead) and red (overdue) record alerts, once per clock and due time,
and resolves alerts whose clock is no longer returned (met, stopped, or moved by an extension).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class WatchedClock:
    key: str  # stable identity of the clock: "app_label.model:pk:clock", e.g. "accountability.case:7:report"
    body_id: int  # the org.Unit body whose discipline office sees the alert (data scope)
    due_at: datetime
    rule: str  # the rule that sets the limit, e.g. "ACC-20"
    label: str  # what is due, in Chinese, e.g. "问责调查报告"
    url: str = ""  # the record's staff page
    responsible_id: int | None = None  # the user who must act, when one is known


ClockSource = Callable[..., Iterable[WatchedClock]]


def clock_sources() -> list[ClockSource]:
    found = []
    for config in apps.get_app_configs():
        found.extend(import_string(path) for path in getattr(config, "watched_clocks", ()))
    return found
