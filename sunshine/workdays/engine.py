"""The calendar in memory: arrays that make working-day arithmetic O(1), cached in each process.

For the span from 1 January of the first loaded year to 31 December of the last, with ``i`` a day's
offset from the start of the span:

* ``upto[i]``   working days in [start of span, day i] (inclusive),
* ``before[i]`` working days strictly before day i,
* ``wd[k]``     the k-th working day (0-based), as a ``date``,
* ``roll[i]``   the first working day on or after day i (CAL-2's "next working day"), or None,
* ``run[i]``    which run of consecutive loaded years day i lies in (-1 in a year not loaded).

So "the n-th working day after d" is ``wd[upto[i] + n - 1]`` and "working days in (a, b]" is
``upto[ib] - upto[ia]``. A result is valid only if it lies in the same run of loaded years as the
day it was counted from; otherwise the computation crossed a year that is not loaded and raises
CalendarYearMissing naming that year (CAL-1).

Provisional years (CAL-6): the years not loaded from the first loaded one up to two years after
today count Monday to Friday until their schedule is loaded. Each year's schedule is announced only
weeks before it starts, while 20- and 30-working-day limits reach into it from early December: refusing every
such deadline stopped the work (and the demo) for weeks. A provisional year is never silent: it is
listed in ``Calendar.provisional``, every deadline that touches it says so, and loading the year
recomputes the open clocks (workdays.signals.calendar_changed). Counting Monday to Friday can only
put a deadline earlier than the schedule will (holidays outnumber adjusted working days), except
when a 调休 Saturday precedes its holiday within the same period: the recompute corrects both.

Freshness: the services clear this process's cache as soon as they change the calendar (and again
on commit); other processes compare ``CalendarRevision.token`` at most once every
``CHECK_INTERVAL`` seconds and reload when it changed. Only a computation made inside a transaction
that changed the calendar and then rolled back can see the abandoned change, and then for at most
``CHECK_INTERVAL`` seconds (the token read after the rollback differs from the cached one). A load
that an edit overtakes (``clear()`` while it reads) answers its caller but is not kept.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass
from time import monotonic

from sunshine.workdays.choices import DayKind
from sunshine.workdays.errors import CalendarYearMissing

CHECK_INTERVAL = 1.0  # seconds between two reads of the revision token
PROVISIONAL_AHEAD = 2  # CAL-6: years after today's that may count provisionally


@dataclass(frozen=True, eq=False)
class Calendar:
    """One immutable snapshot of the calendar. Build with :func:`build`."""

    token: int | None
    years: frozenset[int]  # the years whose schedule is loaded
    base: int  # ordinal of the first day of the span (0 when nothing is loaded)
    size: int  # days in the span
    upto: list[int]
    before: list[int]
    wd: list[dt.date]
    wd_run: list[int]
    roll: list[dt.date | None]
    run: list[int]
    runs: list[tuple[int, int]]  # (first year, last year) of each run of consecutive loaded years
    special: dict[dt.date, tuple[str, str]]  # date -> (kind, name), loaded years only
    add: Callable[[dt.date, int], dt.date]  # add_working_days
    # (base, size, upto, before, run, wd, wd_run, len(wd)): unpacked in one step by the hot path
    arrays: tuple
    after: Callable[[dt.date, int], dt.date]  # n ≥ 1 working days counted from a start day
    days_after: Callable[[dt.date, int], dt.date]  # n ≥ 1 calendar days, then CAL-2
    provisional: frozenset[int] = frozenset()  # counted Monday to Friday until loaded (CAL-6)

    # --- Single days --------------------------------------------------------------------------

    def index(self, day: dt.date) -> int:
        """The day's offset in the span; raises CalendarYearMissing outside the loaded years."""
        i = day.toordinal() - self.base
        if 0 <= i < self.size and self.run[i] >= 0:
            return i
        raise CalendarYearMissing(day.year)

    def is_working(self, day: dt.date) -> bool:
        i = self.index(day)
        return self.upto[i] != self.before[i]

    def describe(self, day: dt.date) -> tuple[str, str]:
        """(kind, name) of a day: 'workday', 'adjusted_workday', 'holiday' or 'weekend'."""
        self.index(day)
        kind, name = self.special.get(day, ("", ""))
        if kind == DayKind.HOLIDAY:
            return "holiday", name
        if kind == DayKind.WORKDAY:
            return "adjusted_workday", name
        return ("weekend", "") if day.weekday() >= 5 else ("workday", "")

    # --- Arithmetic on ordinals (the deadline computations) ------------------------------------

    def check_loaded(self, first: int, last: int) -> None:
        """Raise CalendarYearMissing for the first year of the days [first, last] not loaded."""
        i = first - self.base
        if not (0 <= i < self.size and self.run[i] >= 0):
            raise CalendarYearMissing(dt.date.fromordinal(first).year)
        j = last - self.base
        if not (j < self.size and self.run[j] == self.run[i]):
            raise CalendarYearMissing(self.runs[self.run[i]][1] + 1)

    def nth_after(self, ordinal: int, n: int) -> int:
        """The n-th (n ≥ 1) working day after the day ``ordinal``, which itself need not be loaded."""
        return self.after(dt.date.fromordinal(ordinal), n).toordinal()

    def count_between(self, first: int, last: int) -> int:
        """Working days in [first, last] (0 when last < first)."""
        if last < first:
            return 0
        self.check_loaded(first, last)
        return self.upto[last - self.base] - self.before[first - self.base]

    def count(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]; when end < start, minus those in [end, start)."""
        ia, ib = self.index(start), self.index(end)
        if self.run[ia] != self.run[ib]:
            first, last = self.runs[self.run[ia]]
            raise CalendarYearMissing(last + 1 if ib > ia else first - 1)
        if ib >= ia:
            return self.upto[ib] - self.upto[ia]
        return self.before[ib] - self.before[ia]

    def first_working_on_or_after(self, ordinal: int) -> int:
        """CAL-2: the day itself if it is a working day, else the next working day."""
        i = ordinal - self.base
        if not (0 <= i < self.size and self.run[i] >= 0):
            raise CalendarYearMissing(dt.date.fromordinal(ordinal).year)
        found = self.roll[i]
        if found is None:
            raise CalendarYearMissing(self.runs[self.run[i]][1] + 1)
        return found.toordinal()


def missing_after_add(runs, run, size, i, day, n) -> CalendarYearMissing:
    """The year an addition from ``day`` (offset ``i``) needed but that is not loaded."""
    if not (0 <= i < size) or run[i] < 0:
        return CalendarYearMissing(day.year)
    first, last = runs[run[i]]
    return CalendarYearMissing(last + 1 if n > 0 else first - 1)


def build(
    *,
    years: set[int] | frozenset[int],
    days: list[tuple[dt.date, str, str]],
    token: int | None,
    provisional: set[int] | frozenset[int] = frozenset(),
) -> Calendar:
    """Build the arrays for ``years`` from the special days (date, kind, name) of the schedule, and
    for the ``provisional`` years (CAL-6) Monday to Friday."""
    loaded = frozenset(years)
    provisional = frozenset(provisional) - loaded
    years = loaded | provisional
    special = {day: (kind, name) for day, kind, name in days if day.year in loaded}
    if not years:
        return _finish(token, loaded, 0, 0, [], [], [], [], [], [], [], special)
    first_year, last_year = min(years), max(years)
    base = dt.date(first_year, 1, 1).toordinal()
    end = dt.date(last_year, 12, 31).toordinal()
    size = end - base + 1

    runs: list[tuple[int, int]] = []
    run_of_year: dict[int, int] = {}
    for year in range(first_year, last_year + 1):
        if year not in years:
            continue
        if runs and runs[-1][1] == year - 1:
            runs[-1] = (runs[-1][0], year)
        else:
            runs.append((year, year))
        run_of_year[year] = len(runs) - 1

    upto = [0] * size
    before = [0] * size
    run = [-1] * size
    wd: list[dt.date] = []
    wd_run: list[int] = []
    count = 0
    for i in range(size):
        day = dt.date.fromordinal(base + i)
        r = run_of_year.get(day.year, -1)
        run[i] = r
        before[i] = count
        if r >= 0:
            kind = special.get(day, ("",))[0]
            working = kind == DayKind.WORKDAY or (kind != DayKind.HOLIDAY and day.weekday() < 5)
            if working:
                count += 1
                wd.append(day)
                wd_run.append(r)
        upto[i] = count

    # roll[i]: the first working day on or after day i within the same run (CAL-2), filled backwards.
    roll: list[dt.date | None] = [None] * size
    following: dt.date | None = None
    following_run = -2
    for i in range(size - 1, -1, -1):
        if run[i] != following_run:
            following, following_run = None, run[i]
        if run[i] >= 0 and upto[i] != before[i]:
            following = wd[before[i]]
        roll[i] = following if run[i] >= 0 else None
    return _finish(token, loaded, base, size, upto, before, wd, wd_run, roll, run, runs, special, provisional)


def _finish(
    token, years, base, size, upto, before, wd, wd_run, roll, run, runs, special, provisional=frozenset()
) -> Calendar:
    return Calendar(
        token=token,
        years=years,
        provisional=provisional,
        base=base,
        size=size,
        upto=upto,
        before=before,
        wd=wd,
        wd_run=wd_run,
        roll=roll,
        run=run,
        runs=runs,
        special=special,
        add=_make_add(base, size, upto, before, wd, wd_run, run, runs),
        arrays=(base, size, upto, before, run, wd, wd_run, len(wd)),
        after=_make_after(base, size, before, wd, wd_run, run, runs),
        days_after=_make_days_after(base, size, roll, run, runs),
    )


def _make_add(base, size, upto, before, wd, wd_run, run, runs) -> Callable[[dt.date, int], dt.date]:
    """The n-th working day after ``day`` (before it when n < 0; ``day`` itself when n == 0).

    A closure over local names: this is the hot path (≥ 1,000,000 calls/s on one core).
    """
    nwd = len(wd)

    def add(day: dt.date, n: int) -> dt.date:
        i = day.toordinal() - base
        if 0 <= i < size:
            r = run[i]
            if n > 0:
                k = upto[i] + n - 1
            elif n < 0:
                k = before[i] + n
            elif r >= 0:
                return day
            else:
                k = -1
            if r >= 0 and 0 <= k < nwd and wd_run[k] == r:
                return wd[k]
        raise missing_after_add(runs, run, size, i, day, n)

    return add


def _make_after(base, size, before, wd, wd_run, run, runs) -> Callable[[dt.date, int], dt.date]:
    """The n-th (n ≥ 1) working day after a start day that is itself not counted (CAL-2).

    Unlike ``add`` it needs only the days it counts: the start day's year may be missing.
    """
    nwd = len(wd)

    def after(day: dt.date, n: int) -> dt.date:
        i = day.toordinal() + 1 - base
        if 0 <= i < size:
            r = run[i]
            k = before[i] + n - 1
            if r >= 0 and 0 <= k < nwd and wd_run[k] == r:
                return wd[k]
        return _raise_after(runs, run, size, i, day, n)

    return after


def _raise_after(runs, run, size, i, day, n):
    if n < 1:
        raise ValueError("a period counts at least one day")
    if not (0 <= i < size) or run[i] < 0:
        raise CalendarYearMissing((day + dt.timedelta(days=1)).year)
    raise CalendarYearMissing(runs[run[i]][1] + 1)


def _make_days_after(base, size, roll, run, runs) -> Callable[[dt.date, int], dt.date]:
    """n (≥ 1) calendar days after a start day; a last day off moves to the next working day (CAL-2)."""

    def days_after(day: dt.date, n: int) -> dt.date:
        i = day.toordinal() + n - base
        if 0 <= i < size and n > 0:
            found = roll[i]
            if found is not None:
                return found
        if n < 1:
            raise ValueError("a period counts at least one day")
        if not (0 <= i < size) or run[i] < 0:
            raise CalendarYearMissing(dt.date.fromordinal(i + base).year)
        raise CalendarYearMissing(runs[run[i]][1] + 1)

    return days_after


# --- The per-process cache ------------------------------------------------------------------------


class _Cache:
    calendar: Calendar | None = None
    check_at: float = 0.0
    generation: int = 0  # bumped by clear(): a load begun before it must not be stored after it


# Read directly by services.add_working_days, the hot path (one attribute read instead of a call).
CACHE = _Cache()
_load_lock = threading.Lock()


def current() -> Calendar:
    """The calendar, reloaded when another process changed it (checked at most once a second)."""
    cal = CACHE.calendar
    if cal is not None and monotonic() < CACHE.check_at:
        return cal
    return refresh()


def refresh() -> Calendar:
    """Compare the revision token now; reload the calendar if it changed."""
    with _load_lock:
        generation = CACHE.generation
        cal = CACHE.calendar
        token = read_token()
        if cal is None or cal.token != token:
            cal = load(token)
        if CACHE.generation == generation:  # else an edit committed meanwhile: use it once, keep nothing
            CACHE.calendar = cal
            CACHE.check_at = monotonic() + CHECK_INTERVAL
        return cal


def clear() -> None:
    """Forget the cached calendar: the next computation reloads it (after an edit, in tests)."""
    CACHE.generation += 1
    CACHE.calendar = None
    CACHE.check_at = 0.0


def read_token() -> int | None:
    from sunshine.workdays.models import CalendarRevision

    return CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first()


def load(token: int | None) -> Calendar:
    """Read the loaded years and their special days. Read the token first (the caller did): a
    change committed in between then only causes one more reload, never a stale cache."""
    from sunshine.workdays.models import CalendarYear, SpecialDay

    years = set(CalendarYear.objects.values_list("year", flat=True))
    days: list[tuple[dt.date, str, str]] = []
    if years:
        days = list(
            SpecialDay.objects.filter(
                date__gte=dt.date(min(years), 1, 1), date__lte=dt.date(max(years), 12, 31)
            ).values_list("date", "kind", "name")
        )
    return build(years=years, days=days, token=token, provisional=provisional_years(years))


def provisional_years(loaded: set[int] | frozenset[int]) -> frozenset[int]:
    """CAL-6: the years not loaded from the first loaded one up to two years after today (none when
    nothing is loaded: an installation without any schedule has not been set up)."""
    from sunshine.core import clock

    if not loaded:
        return frozenset()
    last = max(max(loaded), clock.today().year + PROVISIONAL_AHEAD)
    return frozenset(range(min(loaded), last + 1)) - frozenset(loaded)
