"""What an integrity file (廉政档案) is made of: entries that other records give, never typed in.

An app contributes by listing functions on its AppConfig::

    integrity_sources = ["sunshine.cadres.talks.integrity.entries"]

Each function is called as ``fn(person, *, today)`` with ``person`` a user (the cadre) and returns an
iterable of ``FileEntry``. It must read through indexes on the person (the file of one cadre among a
million cases is assembled in well under 300 ms: issue #9 §9) and must not write.

The veto and deferral facts (SUP-116, SUP-118) travel on the entry, so the pre-promotion opinion
(党风廉政意见回复) is computed from the file alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class FileEntry:
    section: str  # e.g. "talks", "letters", "absence", "personal_matters", "evaluation", "accountability"
    occurred_on: date
    title: str
    summary: str = ""
    source: str = ""  # the record it comes from: "app_label.model:pk"
    url: str = ""  # the record's staff page
    vetoes_until: date | None = None  # SUP-116: vetoes promotion while today <= vetoes_until
    veto_open: bool = False  # SUP-116: vetoes until the matter is concluded (no end date yet)
    defers: bool = False  # SUP-118: suggests deferral (not a veto)
    rule: str = ""  # the rule behind a veto or deferral, e.g. "SUP-116(3)"


Source = Callable[..., Iterable[FileEntry]]


def sources() -> list[Source]:
    found = []
    for config in apps.get_app_configs():
        found.extend(import_string(path) for path in getattr(config, "integrity_sources", ()))
    return found
