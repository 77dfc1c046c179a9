"""Canonical JSON: one byte-exact text per value, so that a hash over it can be checked later.

Keys sorted, no insignificant whitespace, UTF-8 kept as is; datetimes in UTC ISO 8601 with
microseconds and a ``Z``; decimals, UUIDs and dates as strings; floats in their shortest exact form
(NaN and infinities, which JSON cannot say, are written as null); str, int and dict subclasses
(TextChoices members, for one) as their plain values. Two equal values always give the same text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

import orjson


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError("naive datetime in canonical JSON")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):  # a tuple: `A | B` builds a new union per call
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if hasattr(value, "__str__") and type(value).__name__ == "__proxy__":  # lazy translation
        return str(value)
    raise TypeError(f"{type(value).__name__} is not canonical-JSON serialisable")


# orjson writes exactly this form (sorted keys, compact, UTF-8 as is) several times faster than
# the standard library, and every audited state change serialises its record. Datetimes pass
# through to _default so that they always carry microseconds; orjson would drop a zero fraction.
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


def canonical_json(value: Any) -> str:
    return orjson.dumps(value, default=_default, option=_OPTIONS).decode()
