"""Calendar edits for the modules' tests of their ``calendar_changed`` receivers (CAL-6): a holiday
added inside an open limit, and the provisional year 2027 loaded with 1 January a holiday."""

from __future__ import annotations

import datetime as dt

from sunshine.core import clock
from sunshine.core.system import system_actor
from sunshine.workdays.services import add_working_days, calendar_import_csv, special_day_add

# A Monday late in the last loaded year: a limit of 10 or more working days reaches 2027, whose
# holidays are not loaded, so it counts Monday to Friday provisionally (CAL-6).
LATE_DECEMBER = dt.datetime(2026, 12, 21, 10, 0, tzinfo=clock.LOCAL_TZ)


def day_of(instant: dt.datetime) -> dt.date:
    return clock.local(instant).date()


def add_holiday_within(capture, start: dt.datetime) -> dt.date:
    """Make the 2nd working day after ``start`` a holiday, its receivers run; returns the day."""
    holiday = add_working_days(date=day_of(start), n=2)
    with system_actor("test"), capture(execute=True):
        special_day_add(actor=None, date=holiday, kind="holiday", name="临时调整")
    return holiday


def load_2027(capture, actor) -> None:
    """Load 2027 with 1 January (a Friday) a holiday, its receivers run."""
    with capture(execute=True):
        calendar_import_csv(actor=actor, year=2027, content="2027-01-01,holiday,元旦\n", note="国办发明电")
