"""One shape for the modules' ``calendar_changed`` receivers (CAL-6, issue #6 §2, issue #9 §1).

A module that stores working-day due dates of open records passes them here with a function that
computes the stored values again from what the record keeps (its start, its length, an approved
extension); the records whose stored due is on or after the first changed day are recomputed, each
change saved and audited as the system with the ``calendar_change`` extra, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import models, transaction
from django.db.models import F

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.system import system_actor
from sunshine.workdays.errors import CalendarYearMissing

logger = logging.getLogger(__name__)


def horizon(start: dt.date) -> dt.datetime:
    """The first instant of ``start`` (local): a due before it cannot be moved by the change."""
    return dt.datetime.combine(start, dt.time.min, tzinfo=clock.LOCAL_TZ)


def recompute_due_dates(
    records: models.QuerySet,
    *,
    due_field: str,
    compute: Callable[[Any], dict[str, Any]],
    action: str,
    start: dt.date,
    end: dt.date,
) -> int:
    """Recompute the open ``records`` (already narrowed to the open ones) whose ``due_field`` is on or
    after ``start``: ``compute(record)`` returns the stored fields' new values. A record whose values
    changed is saved (its version bumped, as any write) and audited as the system with ``action`` and
    ``extra={"calendar_change": [start, end]}``. A record whose limit reaches a year the calendar
    cannot count (CAL-1, beyond the provisional span of CAL-6) keeps its values and is logged.
    Returns how many records moved."""
    moved = 0
    change = {"calendar_change": [start.isoformat(), end.isoformat()]}
    has_version = any(f.name == "version" for f in records.model._meta.concrete_fields)
    has_updated = any(f.name == "updated_at" for f in records.model._meta.concrete_fields)
    with system_actor(action), transaction.atomic():
        for record in records.filter(**{f"{due_field}__gte": horizon(start)}).order_by("pk"):
            try:
                values = compute(record)
            except CalendarYearMissing:
                logger.warning("%s %s: limit not countable after the calendar change", action, record.pk)
                continue
            if all(getattr(record, name) == value for name, value in values.items()):
                continue
            fields = list(values)
            before = audit_snapshot(record, fields=fields)
            for name, value in values.items():
                setattr(record, name, value)
            if has_version:
                record.version = F("version") + 1
            extra_fields = ["version"] * has_version + ["updated_at"] * has_updated
            record.save(update_fields=[*fields, *extra_fields])
            if has_version:
                record.refresh_from_db(fields=["version"])
            audit_record(
                actor=None,
                action=action,
                target=record,
                before=before,
                after=audit_snapshot(record, fields=fields),
                extra=change,
            )
            moved += 1
    return moved
