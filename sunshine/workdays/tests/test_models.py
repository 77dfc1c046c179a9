"""The database refuses what the services refuse, even when they are bypassed (STYLE §3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sunshine.core import clock
from sunshine.workdays.choices import DayKind
from sunshine.workdays.models import CalendarRevision, CalendarYear, SpecialDay
from sunshine.workdays.tests.factories import CalendarYearFactory, SpecialDayFactory

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        SpecialDay.objects.create(
            **{"date": dt.date(2030, 3, 2), "kind": DayKind.HOLIDAY, "name": "测试", **fields}
        )


def test_special_day_kind_must_be_a_known_kind():
    refused(kind="vacation")


def test_special_day_source_must_be_a_known_source():
    refused(source="guess")


def test_special_day_name_is_required():
    refused(name="")


def test_adjusted_workday_on_a_weekday_is_refused_by_the_database_cal_3():
    refused(kind=DayKind.WORKDAY, date=dt.date(2030, 3, 4))  # a Monday


@pytest.mark.parametrize("date", [dt.date(2030, 3, 2), dt.date(2030, 3, 3)])  # Saturday, Sunday
def test_adjusted_workday_on_a_weekend_is_accepted(date):
    day = SpecialDay.objects.create(date=date, kind=DayKind.WORKDAY, name="测试")
    assert day.pk is not None


def test_two_live_rows_for_one_date_are_refused():
    SpecialDayFactory(date=dt.date(2030, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        SpecialDayFactory(date=dt.date(2030, 5, 1))


def test_a_removed_row_does_not_block_its_date():
    old = SpecialDayFactory(date=dt.date(2030, 5, 1))
    SpecialDay.objects.filter(pk=old.pk).update(deleted_at=clock.now(), delete_reason="测试")
    assert SpecialDayFactory(date=dt.date(2030, 5, 1)).pk != old.pk


def test_special_days_are_never_hard_deleted_aud_2():
    with pytest.raises(TypeError):
        SpecialDayFactory().delete()


def test_calendar_year_source_must_be_known():
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarYearFactory(source="guess")


@pytest.mark.parametrize("year", [1948, 2201])
def test_calendar_year_outside_the_supported_range_is_refused(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarYearFactory(year=year)


def test_a_year_has_one_live_loaded_mark():
    CalendarYearFactory(year=2030)
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarYearFactory(year=2030)


def test_a_withdrawn_year_can_be_loaded_again():
    first = CalendarYearFactory(year=2030)
    CalendarYear.objects.filter(pk=first.pk).update(deleted_at=clock.now(), delete_reason="测试")
    assert CalendarYearFactory(year=2030).pk != first.pk


def test_the_revision_row_is_a_singleton():
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarRevision.objects.create(pk=2, token=1, changed_at=clock.now())


def test_the_seeded_calendar_is_there_after_migrate():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(range(2004, 2027))
    assert SpecialDay.objects.get(date=dt.date(2026, 10, 1)).name == "国庆节"
