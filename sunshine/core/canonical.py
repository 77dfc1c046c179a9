"""Canonical JSON: one byte-exact text per value, so that a hash over it can be checked later.

Keys sorted, no insignificant whitespace, UTF-8 kept as is; datetimes in UTC ISO 8601 with
microseconds and a ``Z``; decimals, UUIDs and dates as strings. Two equal values always give the
same text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import uuid
from typing import Any


def _default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError("naive datetime in canonical JSON")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    if hasattr(value, "__str__") and type(value).__name__ == "__proxy__":  # lazy translation
        return str(value)
    raise TypeError(f"{type(value).__name__} is not canonical-JSON serialisable")


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)
