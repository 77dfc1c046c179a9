"""The one source of the current time, so that tests can freeze it (STYLE §6)."""

import datetime as dt
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


_AS_OF: ContextVar[dt.datetime | None] = ContextVar("sunshine_clock_as_of", default=None)


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC); inside ``as_of``, that instant."""
    return _AS_OF.get() or timezone.now()


@contextmanager
def as_of(instant: dt.datetime):
    """Run a block as if it were ``instant``: the demo replays a case's history on its dates. Not for
    business code: a service never chooses its own time."""
    token = _AS_OF.set(instant)
    try:
        yield
    finally:
        _AS_OF.reset(token)


def today() -> dt.date:
    """Today's date in Asia/Shanghai, where every body using Sunshine works."""
    return now().astimezone(LOCAL_TZ).date()


def local(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(LOCAL_TZ)
