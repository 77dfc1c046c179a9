"""What a case runs on: the flowchart and category of its pinned power version (ADR 0005), read
once per process.

A case is registered only on a published version, and a published version's flowchart and category
never change afterwards (ADR 0004: a change is a new version; the engine's stored state only makes
sense against the chart it ran on). So every step of a case need not join the version and its
chart again: ``xml(case)`` and ``category(case)`` read them once per version and process. A write
of a version or a chart in this process drops its entry (post_save: drafts are edited before
publication; tests reuse ids after a rollback), and tests start empty (conftest).
"""

from __future__ import annotations

from functools import lru_cache

from sunshine.catalog.models import PowerVersion


@lru_cache(maxsize=2048)
def _chart(version_id: int) -> tuple[str, str]:
    return PowerVersion.objects.filter(pk=version_id).values_list("flowchart__xml", "category").get()


def xml(case) -> str:
    """The BPMN XML of the case's chart."""
    return _chart(case.power_version_id)[0]


def category(case) -> str:
    """The category of the case's power (行政许可, 行政处罚, …)."""
    return _chart(case.power_version_id)[1]


def forget(*_args, **_kwargs) -> None:
    """Drop every entry (a version or chart written in this process; the start of each test)."""
    _chart.cache_clear()
