"""Working-day arithmetic and deadlines (期限计算): what other modules call.

Conventions (DOMAIN product default 1; rules CAL-1 … CAL-5 in core.rules):

* A date is a working day when it is Monday to Friday and not a holiday, or a weekend day listed as
  an adjusted working day (调休上班). Years whose schedule is not loaded, from the first loaded year
  up to two years after today, count Monday to Friday provisionally (CAL-6, see engine) and every
  explanation says so; a computation that needs any other year raises
  :class:`~sunshine.workdays.errors.CalendarYearMissing` naming it (CAL-1).
* The start day is never counted (CAL-2): "5 working days from 30 September" counts from 1 October.
* A calendar-day period (日) whose last day is a weekend or holiday ends on the next working day (CAL-2).
* An hour period runs from the start instant, through nights, weekends and holidays (CAL-5).
* Suspensions (中止: 补正, 整改, 听证, 检验检测, 鉴定, 专家评审) stop the clock (CAL-4). A suspension is a
  half-open span of instants [start, end). For day units, a day counts only if the clock runs for the
  whole of it (Asia/Shanghai): every day that a suspension touches, from the day it starts to the day
  it ends, is not counted (a span ending exactly at midnight does not touch the day that midnight
  begins). The same principle is why the start day is not counted. For an hour period the suspended
  time is added back. Spans before the start are ignored, overlapping spans merged, and a suspension
  that starts after the deadline has passed changes nothing: a suspension never shortens a deadline.
  When a calendar-day period ends on a day off, the end moves to the next working day that is not
  suspended.
* Day-unit deadlines fall due at the end of the due day in Asia/Shanghai (23:59:59.999999).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from time import monotonic

from django.utils.translation import gettext as _

from sunshine.core.clock import LOCAL_TZ
from sunshine.core.errors import InvalidInput
from sunshine.core.text import enumeration, sentences
from sunshine.workdays import engine
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.errors import (
    AMOUNT_INVALID,
    START_NOT_AWARE,
    SUSPENSION_INVALID,
    UNIT_INVALID,
    CalendarYearMissing,
)

MAX_DAYS = 3660  # ten years: longer periods are typing mistakes
MAX_HOURS = 24 * 3660
_CACHE = engine.CACHE
_WORKDAYS = PeriodUnit.WORKDAYS.value
_DAYS = PeriodUnit.DAYS.value
_HOURS = PeriodUnit.HOURS.value


# --- Dates ----------------------------------------------------------------------------------------


def add_working_days(*, date: dt.date, n: int) -> dt.date:
    """The n-th working day after ``date`` (CAL-1, CAL-2): the date itself is not counted.

    ``n`` may be negative (the |n|-th working day before ``date``) or 0 (``date`` itself, whatever
    it is). ``count_working_days(start=date, end=add_working_days(date=date, n=n)) == n`` for every n.
    Raises CalendarYearMissing naming the first year it needed that is not loaded. O(1): the hot path
    of the calendar (≥ 1,000,000 calls/s on one core, bench/workdays_add.py).
    """
    cal = _CACHE.calendar
    if cal is None or monotonic() >= _CACHE.check_at:
        cal = engine.refresh()
    # engine.Calendar.add, inlined: one call less is a third more calls per second.
    base, size, upto, before, run, wd, wd_run, nwd = cal.arrays
    i = date.toordinal() - base
    if 0 <= i < size:
        r = run[i]
        if n > 0:
            k = upto[i] + n - 1
        elif n < 0:
            k = before[i] + n
        elif r >= 0:
            return date
        else:
            k = -1
        if r >= 0 and 0 <= k < nwd and wd_run[k] == r:
            return wd[k]
    raise engine.missing_after_add(cal.runs, run, size, i, date, n)


def count_working_days(*, start: dt.date, end: dt.date) -> int:
    """Working days in (start, end] (CAL-1, CAL-2): ``start`` not counted, ``end`` counted.

    When ``end`` is before ``start`` the count is negative, mirrored: minus the working days in
    [end, start), so that counting back from ``add_working_days(date=d, n=n)`` gives ``n`` again.
    """
    return engine.current().count(start, end)


def is_working_day(*, date: dt.date) -> bool:
    """Whether people work on ``date`` (CAL-1): weekday and not a holiday, or an adjusted workday."""
    return engine.current().is_working(date)


def working_day_on_or_after(*, date: dt.date) -> dt.date:
    """``date`` if it is a working day, else the next working day (CAL-2's rule, CAL-1)."""
    cal = engine.current()
    return dt.date.fromordinal(cal.first_working_on_or_after(date.toordinal()))


def day_status(*, date: dt.date) -> tuple[str, str]:
    """(kind, name) of ``date``: 'workday', 'adjusted_workday', 'holiday' (with its name) or 'weekend'."""
    return engine.current().describe(date)


def loaded_years() -> frozenset[int]:
    """The years whose schedule is loaded, as the computations see them (CAL-1)."""
    return engine.current().years


def provisional_years() -> frozenset[int]:
    """The years counted Monday to Friday until their schedule is loaded (CAL-6)."""
    return engine.current().provisional


def is_provisional(day: dt.date) -> bool:
    """Whether ``day`` lies in a year counted provisionally (CAL-6)."""
    return day.year in engine.current().provisional


# --- Deadlines ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DayNote:
    """One day a deadline skipped or counted specially: kind 'weekend', 'holiday' or 'adjusted_workday'."""

    date: dt.date
    kind: str
    name: str = ""


@dataclass(frozen=True)
class Suspension:
    """A span [start, end) during which the clock stood still (CAL-4), as it acted on the deadline."""

    start: dt.datetime
    end: dt.datetime
    days: tuple[dt.date, ...] = ()  # day units: the days it kept from being counted
    hours: float = 0.0  # hour units: by how much it moved the deadline


@dataclass(frozen=True)
class Deadline:
    """A deadline and how it was reached: what the clerk, the applicant and the inspector can read."""

    start: dt.datetime
    unit: str
    amount: int
    due: dt.datetime  # aware, Asia/Shanghai
    due_date: dt.date
    start_date: dt.date  # Asia/Shanghai; never counted (CAL-2)
    skipped: tuple[DayNote, ...] = ()  # weekends and holidays not counted, or passed over by CAL-2
    adjusted_workdays: tuple[DayNote, ...] = ()  # weekend days counted because they are 调休上班
    suspended_days: tuple[dt.date, ...] = ()
    suspensions: tuple[Suspension, ...] = ()
    rolled_over_from: dt.date | None = None  # CAL-2: the last day was a day off
    provisional_years: tuple[int, ...] = ()  # CAL-6: counted Monday to Friday until loaded
    rules: tuple[str, ...] = field(default=("CAL-1", "CAL-2"))

    def lines(self) -> list[str]:
        """The explanation in plain Chinese, one statement per line."""
        local_start = self.start.astimezone(LOCAL_TZ)
        out = [
            _("起算：%(start)s（%(weekday)s）")
            % {"start": _fmt_instant(local_start), "weekday": _weekday(local_start)}
        ]
        if self.unit == _HOURS:
            out.append(
                _("期限：%(n)d小时，自起算时刻起连续计算，节假日和周末照常计算（CAL-5）") % {"n": self.amount}
            )
        else:
            period = (_("%(n)d个工作日") if self.unit == _WORKDAYS else _("%(n)d日（自然日）")) % {
                "n": self.amount
            }
            out.append(
                _("期限：%(period)s，起算当日（%(day)s）不计入，自次日起算（CAL-2）")
                % {"period": period, "day": self.start_date.isoformat()}
            )
        if self.skipped and self.unit == _WORKDAYS:
            out.append(_("不计入的周末和节假日：%(days)s") % {"days": _ranges(self.skipped)})
        if self.adjusted_workdays:
            out.append(_("计入的调休上班日：%(days)s") % {"days": _ranges(self.adjusted_workdays)})
        for span in self.suspensions:
            values = {"start": _fmt_instant(span.start), "end": _fmt_instant(span.end)}
            if self.unit == _HOURS:
                values["hours"] = _fmt_hours(span.hours)
                out.append(_("中止：%(start)s 至 %(end)s，期限顺延%(hours)s小时（CAL-4）") % values)
            elif span.days:
                values["days"] = _date_ranges(span.days)
                out.append(_("中止：%(start)s 至 %(end)s，不计入 %(days)s（CAL-4）") % values)
            else:
                out.append(_("中止：%(start)s 至 %(end)s，未影响期限（CAL-4）") % values)
        if self.rolled_over_from is not None:
            last = next(n for n in self.skipped if n.date == self.rolled_over_from)
            out.append(
                _("期限末日 %(day)s 为%(what)s，顺延至下一个工作日 %(due)s（CAL-2）")
                % {
                    "day": self.rolled_over_from.isoformat(),
                    "what": _("节假日（%(name)s）") % {"name": last.name}
                    if last.kind == "holiday"
                    else _("周末"),
                    "due": self.due_date.isoformat(),
                }
            )
            if len(self.skipped) > 1:
                out.append(_("顺延经过的周末和节假日：%(days)s") % {"days": _ranges(self.skipped)})
        out.append(_("届满：%(due)s") % {"due": self.due_text})
        if self.provisional_years:
            out.append(
                _(
                    "暂定：%(years)s年的节假日和调休安排尚未载入，暂按周一至周五为工作日计算；载入后自动重新计算（CAL-6）"
                )
                % {"years": "、".join(str(y) for y in self.provisional_years)}
            )
        return out

    @property
    def provisional(self) -> bool:
        """Whether the due date counts a year whose schedule is not loaded yet (CAL-6)."""
        return bool(self.provisional_years)

    @property
    def due_text(self) -> str:
        """'2026-10-13 23:59:59（星期二）': the end of the due day, or the instant for hours."""
        due_local = self.due.astimezone(LOCAL_TZ)
        when = due_local.strftime("%Y-%m-%d 23:59:59") if self.unit != _HOURS else _fmt_instant(due_local)
        return f"{when}（{_weekday(due_local)}）"


def _weekday(day: dt.date) -> str:
    return [_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日")][
        day.weekday()
    ]


def _fmt_instant(instant: dt.datetime) -> str:
    local = instant.astimezone(LOCAL_TZ)
    return local.strftime("%Y-%m-%d %H:%M:%S" if local.second or local.microsecond else "%Y-%m-%d %H:%M")


def _fmt_hours(hours: float) -> str:
    return f"{hours:.2f}".rstrip("0").rstrip(".")


def _date_ranges(days: Sequence[dt.date]) -> str:
    """'2026-10-01至2026-10-07、2026-10-11' for consecutive runs of dates."""
    parts, run = [], [days[0]]
    for day in days[1:]:
        if (day - run[-1]).days == 1:
            run.append(day)
        else:
            parts.append(run)
            run = [day]
    parts.append(run)
    return enumeration(
        p[0].isoformat()
        if len(p) == 1
        else _("%(a)s至%(b)s") % {"a": p[0].isoformat(), "b": p[-1].isoformat()}
        for p in parts
    )


def _ranges(notes: Sequence[DayNote]) -> str:
    """Group consecutive days of the same kind and name: '2026-10-01至2026-10-07 国庆节（7天）；…'."""
    groups: list[list[DayNote]] = []
    for note in notes:
        last = groups[-1][-1] if groups else None
        if (
            last is not None
            and (note.date - last.date).days == 1
            and (note.kind, note.name) == (last.kind, last.name)
        ):
            groups[-1].append(note)
        else:
            groups.append([note])
    parts = []
    for group in groups:
        first, last = group[0], group[-1]
        label = first.name or (_("周末") if first.kind == "weekend" else "")
        when = (
            first.date.isoformat()
            if len(group) == 1
            else _("%(a)s至%(b)s") % {"a": first.date.isoformat(), "b": last.date.isoformat()}
        )
        count = _("（%(n)d天）") % {"n": len(group)} if len(group) > 1 else ""
        parts.append(f"{when} {label}{count}".strip())
    return sentences(parts)


_UNITS = frozenset(PeriodUnit.values)  # ChoicesType.values builds a list on every call


def _validate(start, amount, unit, suspensions) -> tuple[str, list[tuple[dt.datetime, dt.datetime]]]:
    if not isinstance(start, dt.datetime) or start.tzinfo is None or start.utcoffset() is None:
        raise InvalidInput(START_NOT_AWARE, _("起算时间须为带时区的时刻"), field="start")
    if unit not in _UNITS:
        raise InvalidInput(UNIT_INVALID, _("期限单位应为工作日、日或小时"), field="unit")
    limit = MAX_HOURS if unit == _HOURS else MAX_DAYS
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= limit:
        raise InvalidInput(AMOUNT_INVALID, _("期限应为1至%(max)d之间的整数") % {"max": limit}, field="amount")
    return str(unit), _merge_spans(start, suspensions)


def _merge_spans(start: dt.datetime, suspensions) -> list[tuple[dt.datetime, dt.datetime]]:
    """Validate, clip to the start, sort and merge the suspended spans (CAL-4)."""
    spans = []
    for index, pair in enumerate(suspensions or ()):
        name = f"suspensions[{index}]"
        try:
            begin, end = pair
        except (TypeError, ValueError):
            raise InvalidInput(
                SUSPENSION_INVALID, _("中止期间应为（开始, 结束）两个时刻"), field=name
            ) from None
        for value in (begin, end):
            if not isinstance(value, dt.datetime) or value.utcoffset() is None:
                raise InvalidInput(SUSPENSION_INVALID, _("中止的起止时间须为带时区的时刻"), field=name)
        if end < begin:
            raise InvalidInput(SUSPENSION_INVALID, _("中止的结束时间不能早于开始时间"), field=name)
        begin = max(begin, start)
        if end > begin:
            spans.append((begin, end))
    spans.sort()
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for begin, end in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


_TICK = dt.timedelta(microseconds=1)


def _span_days(begin: dt.datetime, end: dt.datetime) -> tuple[int, int]:
    """The days (ordinals, inclusive) a span [begin, end) touches in Asia/Shanghai."""
    return begin.astimezone(LOCAL_TZ).date().toordinal(), (end - _TICK).astimezone(
        LOCAL_TZ
    ).date().toordinal()


def _day_intervals(spans) -> list[tuple[int, int]]:
    """Touched days of the spans, as merged inclusive ordinal intervals (adjacent ones joined)."""
    intervals: list[tuple[int, int]] = []
    for begin, end in spans:
        first, last = _span_days(begin, end)
        if intervals and first <= intervals[-1][1] + 1:
            intervals[-1] = (intervals[-1][0], max(intervals[-1][1], last))
        else:
            intervals.append((first, last))
    return intervals


def _end_of_day(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max, tzinfo=LOCAL_TZ)


def _hours_due(start: dt.datetime, amount: int, spans) -> tuple[dt.datetime, list[float]]:
    due = start + dt.timedelta(hours=amount)
    moved = []
    for begin, end in spans:
        if begin >= due:  # the deadline had passed when the clock was stopped
            moved.append(0.0)
            continue
        due += end - begin
        moved.append((end - begin).total_seconds() / 3600)
    return due, moved


def _due_ordinal(cal: engine.Calendar, start_day: int, amount: int, unit: str, intervals) -> int:
    """The due day of a day-unit period: the fast path, O(number of suspensions)."""
    c, remaining = start_day, amount
    if unit == _WORKDAYS:
        for first, last in intervals:
            if last <= c:
                continue
            if first <= c:
                cal.check_loaded(c + 1, last)
                c = last
                continue
            due = cal.nth_after(c, remaining)
            if due < first:
                return due
            remaining -= cal.count_between(c + 1, first - 1)
            cal.check_loaded(first, last)
            c = last
        return cal.nth_after(c, remaining)
    due = None
    for first, last in intervals:
        if last <= c:
            continue
        if first <= c:
            c = last
            continue
        if c + remaining < first:
            due = c + remaining
            break
        remaining -= first - 1 - c
        c = last
    if due is None:
        due = c + remaining
    day = cal.first_working_on_or_after(due)
    for first, last in intervals:  # CAL-2's next working day must be one on which the clock runs
        if first <= day <= last:
            day = cal.first_working_on_or_after(last + 1)
    return day


def deadline_due(
    *,
    start: dt.datetime,
    amount: int,
    unit: str,
    suspensions: Iterable[tuple[dt.datetime, dt.datetime]] = (),
) -> dt.datetime:
    """When a period of ``amount`` ``unit``s from ``start`` falls due (CAL-1, CAL-2, CAL-4, CAL-5).

    The fast path (no explanation) of :func:`deadline_explain`, with the same result: the end of the due
    day in Asia/Shanghai for day units, the exact instant for hours. O(1) without suspensions.
    """
    unit, spans = _validate(start, amount, unit, suspensions)
    if unit == _HOURS:
        return _hours_due(start, amount, spans)[0].astimezone(LOCAL_TZ)
    start_day = start.astimezone(LOCAL_TZ).date().toordinal()
    due = _due_ordinal(engine.current(), start_day, amount, unit, _day_intervals(spans))
    return _end_of_day(dt.date.fromordinal(due))


def deadline_explain(
    *,
    start: dt.datetime,
    amount: int,
    unit: str,
    suspensions: Iterable[tuple[dt.datetime, dt.datetime]] = (),
) -> Deadline:
    """The deadline of a period from ``start`` with every step that led to it (CAL-1, CAL-2, CAL-4, CAL-5).

    ``start`` is a timezone-aware instant; ``unit`` a PeriodUnit value ('workdays', 'days', 'hours');
    ``amount`` ≥ 1; ``suspensions`` spans (start, end) of aware instants (see the module docstring for
    how they map to days). Walks the days one by one, so O(days): use :func:`deadline_due` or
    :func:`due_dates_bulk` where no explanation is wanted.
    """
    unit, spans = _validate(start, amount, unit, suspensions)
    start_local = start.astimezone(LOCAL_TZ)
    if unit == _HOURS:
        due, moved = _hours_due(start, amount, spans)
        due = due.astimezone(LOCAL_TZ)
        return Deadline(
            start=start_local,
            unit=unit,
            amount=amount,
            due=due,
            due_date=due.date(),
            start_date=start_local.date(),
            suspensions=tuple(Suspension(b, e, hours=h) for (b, e), h in zip(spans, moved, strict=True)),
            rules=("CAL-4", "CAL-5") if spans else ("CAL-5",),
        )
    cal = engine.current()
    touched = [_span_days(b, e) for b, e in spans]
    suspended = {o for first, last in touched for o in range(first, last + 1)}
    skipped: list[DayNote] = []
    adjusted: list[DayNote] = []
    suspended_days: list[dt.date] = []
    o = start_local.date().toordinal()
    counted = 0
    while counted < amount:
        o += 1
        day = dt.date.fromordinal(o)
        if o in suspended:
            if unit == _WORKDAYS:
                cal.index(day)  # the fast path needs the days it jumps over too (CAL-1)
            suspended_days.append(day)
            continue
        if unit == _DAYS:
            counted += 1
            continue
        kind, name = cal.describe(day)
        if kind in ("workday", "adjusted_workday"):
            counted += 1
            if kind == "adjusted_workday":
                adjusted.append(DayNote(day, kind, name))
        else:
            skipped.append(DayNote(day, kind, name))
    rolled_from = None
    if unit == _DAYS:
        kind, name = cal.describe(day)
        if kind in ("holiday", "weekend"):
            rolled_from = day
            skipped.append(DayNote(day, kind, name))
            while True:
                o += 1
                day = dt.date.fromordinal(o)
                if o in suspended:
                    suspended_days.append(day)
                    continue
                kind, name = cal.describe(day)
                if kind in ("workday", "adjusted_workday"):
                    break
                skipped.append(DayNote(day, kind, name))
        if kind == "adjusted_workday":
            adjusted.append(DayNote(day, kind, name))
    suspended_set = set(suspended_days)
    provisional = tuple(y for y in range(start_local.date().year, day.year + 1) if y in cal.provisional)
    return Deadline(
        start=start_local,
        unit=unit,
        amount=amount,
        due=_end_of_day(day),
        due_date=day,
        start_date=start_local.date(),
        skipped=tuple(skipped),
        adjusted_workdays=tuple(adjusted),
        suspended_days=tuple(suspended_days),
        suspensions=tuple(
            Suspension(
                b,
                e,
                days=tuple(
                    d for d in (dt.date.fromordinal(x) for x in range(first, last + 1)) if d in suspended_set
                ),
            )
            for (b, e), (first, last) in zip(spans, touched, strict=True)
        ),
        rolled_over_from=rolled_from,
        provisional_years=provisional,
        rules=("CAL-1", "CAL-2", *(("CAL-4",) if spans else ()), *(("CAL-6",) if provisional else ())),
    )


def due_dates_bulk(
    items: Iterable[tuple[dt.date, int, str]], *, on_missing: str = "raise"
) -> list[dt.date | None]:
    """Due dates of many day-unit periods at once (CAL-1, CAL-2): recomputing clocks after an edit.

    ``items`` are (start day, amount ≥ 1, unit 'workdays' or 'days'), the start day being the local
    (Asia/Shanghai) date of the start instant; no suspensions (use :func:`deadline_due` for clocks
    that have them). Hour periods do not depend on the calendar and are refused. ``on_missing``:
    'raise' raises CalendarYearMissing for the first period that needs a year not loaded; 'none' puts
    None in its place and goes on. About 1,000,000 periods in well under 2 s on one core
    (bench/workdays_recompute.py).
    """
    if on_missing not in ("raise", "none"):
        raise ValueError("on_missing is 'raise' or 'none'")
    cal = engine.current()
    after, days_after = cal.after, cal.days_after
    out: list[dt.date | None] = []
    append = out.append
    for start, amount, unit in items:
        if amount < 1 or amount > MAX_DAYS:
            raise InvalidInput(
                AMOUNT_INVALID, _("期限应为1至%(max)d之间的整数") % {"max": MAX_DAYS}, field="amount"
            )
        try:
            if unit == _WORKDAYS:
                append(after(start, amount))
            elif unit == _DAYS:
                append(days_after(start, amount))
            else:
                raise InvalidInput(UNIT_INVALID, _("批量计算只支持工作日和日"), field="unit")
        except CalendarYearMissing:
            if on_missing == "raise":
                raise
            append(None)
    return out
