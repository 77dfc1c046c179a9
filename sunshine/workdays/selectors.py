"""Reads of the working-day calendar (workdays.view). The calendar is national, not per unit, so there
is no data scope beyond the permission."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.models import User
from sunshine.core.permissions import require_permission
from sunshine.core.selectors import get_or_not_found
from sunshine.workdays.choices import DayKind
from sunshine.workdays.models import CalendarYear, SpecialDay


def calendar_year_list(*, actor: User) -> QuerySet[CalendarYear]:
    """The loaded years, oldest first."""
    require_permission(actor, "workdays.view")
    return CalendarYear.objects.select_related("created_by").order_by("year")


def calendar_year_get(*, actor: User, year: int) -> CalendarYear:
    require_permission(actor, "workdays.view")
    return get_or_not_found(CalendarYear.objects.all(), year=year)


def special_day_list(
    *, actor: User, year: int | None = None, kind: str | None = None
) -> QuerySet[SpecialDay]:
    """The live special days, by date; of one year and one kind when given."""
    require_permission(actor, "workdays.view")
    days = SpecialDay.objects.all()
    if year is not None:
        days = days.filter(date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
    if kind:
        days = days.filter(kind=kind)
    return days.order_by("date", "pk")


def special_day_get(*, actor: User, pk: int) -> SpecialDay:
    require_permission(actor, "workdays.view")
    return get_or_not_found(SpecialDay.objects.all(), pk=pk)


def next_year_loaded(*, years: set[int] | None = None) -> tuple[int, bool]:
    """(next year, whether its schedule is loaded): the State Council announces it each winter."""
    upcoming = clock.today().year + 1
    if years is None:
        return upcoming, CalendarYear.objects.filter(year=upcoming).exists()
    return upcoming, upcoming in years


# --- The year view: twelve month grids ------------------------------------------------------------


@dataclass(frozen=True)
class DayCell:
    date: dt.date
    css: str  # day-holiday / day-workday / day-weekend / ""
    title: str
    is_today: bool


@dataclass
class MonthGrid:
    month: int
    weeks: list[list[DayCell | None]] = field(default_factory=list)


def month_grids(year: int, days: list[SpecialDay]) -> list[MonthGrid]:
    """Twelve months of ``year``, weeks starting on Monday, each day coloured by the schedule."""
    by_date = {day.date: day for day in days}
    today = clock.today()
    grids = []
    for month in range(1, 13):
        grid = MonthGrid(month)
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            row: list[DayCell | None] = []
            for date in week:
                if date.month != month:
                    row.append(None)
                    continue
                special = by_date.get(date)
                if special is not None and special.kind == DayKind.HOLIDAY:
                    css, title = "day-holiday", _("%(name)s（放假）") % {"name": special.name}
                elif special is not None:
                    css, title = "day-workday", _("%(name)s（调休上班）") % {"name": special.name}
                elif date.weekday() >= 5:
                    css, title = "day-weekend", _("周末")
                else:
                    css, title = "", ""
                row.append(DayCell(date, css, title, date == today))
            grid.weeks.append(row)
        grids.append(grid)
    return grids
