"""The one source of the current time, so that tests can freeze it (STYLE §6)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

LOCAL_TZ = ZoneInfo("Asia/Shanghai")


def now() -> dt.datetime:
    """The current instant, timezone-aware (UTC)."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in Asia/Shanghai, where every body using Sunshine works."""
    return now().astimezone(LOCAL_TZ).date()


def local(instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(LOCAL_TZ)
