"""The schedule the installed ``chinese-calendar`` package knows, in Chinese.

The package lists, per date, the holidays (放假) and the adjusted working days (调休上班) the State
Council announced, with English names. This module only reads it; workdays.services.calendar_seed
writes it to the database (the database, not the package, is what computations use, so that an
administrator can load a new year before the package knows it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from django.utils.translation import gettext_noop

from sunshine.workdays.choices import DayKind

# The package's English names, in the words of the State Council's notices.
NAMES = {
    "New Year's Day": gettext_noop("元旦"),
    "Spring Festival": gettext_noop("春节"),
    "Tomb-sweeping Day": gettext_noop("清明节"),
    "Labour Day": gettext_noop("劳动节"),
    "Dragon Boat Festival": gettext_noop("端午节"),
    "Mid-autumn Festival": gettext_noop("中秋节"),
    "National Day": gettext_noop("国庆节"),
    "Anti-Fascist 70th Day": gettext_noop("中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日"),
}
# 国办发明电〔2020〕1号 extended the 2020 Spring Festival holiday to 2 February to fight the epidemic;
# the package files these days under "Spring Festival".
SPECIAL_NAMES = {
    dt.date(2020, 1, 31): gettext_noop("春节延长假期（抗击新冠肺炎疫情）"),
    dt.date(2020, 2, 1): gettext_noop("春节延长假期（抗击新冠肺炎疫情）"),
    dt.date(2020, 2, 2): gettext_noop("春节延长假期（抗击新冠肺炎疫情）"),
}


@dataclass(frozen=True)
class PackageDay:
    date: dt.date
    kind: str
    name: str


def package_version() -> str:
    try:
        return version("chinese-calendar")
    except PackageNotFoundError:  # pragma: no cover - a dependency of the project
        return "unknown"


def chinese_name(day: dt.date, english: str) -> str:
    if day in SPECIAL_NAMES:
        return SPECIAL_NAMES[day]
    if english in NAMES:
        return NAMES[english]
    from chinese_calendar.constants import Holiday

    try:  # a holiday a newer package adds: its own Chinese name
        return Holiday(english).chinese
    except ValueError:
        return english


def package_schedule() -> dict[int, dict[dt.date, PackageDay]]:
    """Every year the package knows: {year: {date: PackageDay}}."""
    from chinese_calendar import constants

    schedule: dict[int, dict[dt.date, PackageDay]] = {}
    for table, kind in ((constants.holidays, DayKind.HOLIDAY), (constants.workdays, DayKind.WORKDAY)):
        for day, english in table.items():
            schedule.setdefault(day.year, {})[day] = PackageDay(day, str(kind), chinese_name(day, english))
    return schedule
