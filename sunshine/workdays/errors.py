"""Stable error codes of the workdays app (STYLE §2) and the error every computation raises when a
year's schedule is missing (CAL-1)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sunshine.core.errors import RuleViolated

CALENDAR_YEAR_MISSING = "calendar_year_missing"
DATE_OUT_OF_RANGE = "date_out_of_range"
SPECIAL_DAY_DUPLICATE = "special_day_duplicate"
WORKDAY_NOT_ON_WEEKEND = "workday_not_on_weekend"
YEAR_ALREADY_LOADED = "year_already_loaded"
YEAR_NOT_LOADED = "year_not_loaded"
YEAR_WITHOUT_HOLIDAYS = "year_without_holidays"
CSV_INVALID = "csv_invalid"
AMOUNT_INVALID = "amount_invalid"
SUSPENSION_INVALID = "suspension_invalid"
START_NOT_AWARE = "start_not_aware"
UNIT_INVALID = "unit_invalid"


class CalendarYearMissing(RuleViolated):
    """A computation needs a year whose holiday schedule is not loaded (CAL-1).

    Never treat such a year as "weekends only": the State Council announces each year's holidays and
    adjusted workdays (调休) in the winter before, and a guess would move deadlines silently.
    """

    def __init__(self, year: int, *, field: str | None = None) -> None:
        self.year = year
        super().__init__(
            CALENDAR_YEAR_MISSING,
            _(
                "尚未载入%(year)d年的节假日和调休安排，无法计算该年的工作日；请系统管理员在“工作日历”中导入或录入%(year)d年的安排"
            )
            % {"year": year},
            field=field,
            rule="CAL-1",
        )
