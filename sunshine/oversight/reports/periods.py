"""Report periods (统计期间): a month, a quarter, a year or a custom range of days, as a half-open
span [start, end) of aware datetimes in the project's time zone (a day belongs to the local date)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from sunshine.core.errors import InvalidInput

KINDS = ("month", "quarter", "year", "range")
MAX_RANGE_DAYS = 366 * 3


@dataclass(frozen=True)
class Period:
    kind: str
    first_day: dt.date  # inclusive
    end_day: dt.date  # exclusive

    @property
    def start(self) -> dt.datetime:
        return _aware(self.first_day)

    @property
    def end(self) -> dt.datetime:
        return _aware(self.end_day)

    @property
    def last_day(self) -> dt.date:
        return self.end_day - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        d = self.first_day
        if self.kind == "month":
            return _("%(y)d年%(m)d月") % {"y": d.year, "m": d.month}
        if self.kind == "quarter":
            return _("%(y)d年第%(q)d季度") % {"y": d.year, "q": (d.month - 1) // 3 + 1}
        if self.kind == "year":
            return _("%(y)d年") % {"y": d.year}
        return f"{self.first_day:%Y-%m-%d} ~ {self.last_day:%Y-%m-%d}"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
        }


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def month(year: int, m: int) -> Period:
    first = dt.date(year, m, 1)
    return Period("month", first, add_months(first, 1))


def quarter(year: int, q: int) -> Period:
    first = dt.date(year, 3 * (q - 1) + 1, 1)
    return Period("quarter", first, add_months(first, 3))


def year_period(year: int) -> Period:
    return Period("year", dt.date(year, 1, 1), dt.date(year + 1, 1, 1))


def add_months(day: dt.date, n: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def previous_quarter(today: dt.date) -> tuple[int, int]:
    """The last quarter that has ended on ``today`` (the periodic evaluation's subject)."""
    year, q = quarter_of(today)
    return (year - 1, 4) if q == 1 else (year, q - 1)


def _int(value, field: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not low <= number <= high:
        raise InvalidInput("period_invalid", _("统计期间不正确，请重新选择"), field=field)
    return number


def _day(value, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("period_invalid", _("日期格式应为 YYYY-MM-DD"), field=field) from None


def parse(params, *, today: dt.date) -> Period:
    """The period a report's query string asks for; the current quarter by default."""
    kind = params.get("period") or "quarter"
    if kind not in KINDS:
        raise InvalidInput("period_invalid", _("统计期间不正确，请重新选择"), field="period")
    year = _int(params.get("year") or today.year, "year", 2000, 2100)
    if kind == "month":
        return month(year, _int(params.get("month") or today.month, "month", 1, 12))
    if kind == "quarter":
        return quarter(year, _int(params.get("quarter") or quarter_of(today)[1], "quarter", 1, 4))
    if kind == "year":
        return year_period(year)
    first = _day(params.get("start") or "", "start")
    last = _day(params.get("end") or "", "end")
    if last < first:
        raise InvalidInput("period_invalid", _("结束日期不能早于开始日期"), field="end")
    if (last - first).days > MAX_RANGE_DAYS:
        raise InvalidInput("period_invalid", _("自定义期间不能超过三年"), field="end")
    return Period("range", first, last + dt.timedelta(days=1))
