"""Factories for calendar records: the smallest valid objects (STYLE §6). Dates default to 2030, a
year the chinese-calendar package does not know, so they never collide with the seeded schedule."""

from __future__ import annotations

import datetime as dt

import factory

from sunshine.workdays.choices import DayKind, ScheduleSource
from sunshine.workdays.models import CalendarYear, SpecialDay


class SpecialDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecialDay

    date = factory.Sequence(lambda n: dt.date(2030, 1, 1) + dt.timedelta(days=n % 365))
    kind = DayKind.HOLIDAY
    name = "测试节"
    source = ScheduleSource.MANUAL

    class Params:
        adjusted_workday = factory.Trait(kind=DayKind.WORKDAY, date=dt.date(2030, 1, 5))  # a Saturday


class CalendarYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarYear

    year = 2030
    source = ScheduleSource.MANUAL
    note = "测试"
