"""The in-memory calendar (workdays.engine): arrays built from a schedule, runs of loaded years, and a
cache that never keeps a calendar loaded across an edit."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.workdays import engine
from sunshine.workdays.errors import CalendarYearMissing

D = dt.date
# 2030 and 2032 loaded, 2031 not: two runs. 2030-01-01 (Tue) a holiday, Sat 2030-01-05 worked.
DAYS = [
    (D(2030, 1, 1), "holiday", "元旦"),
    (D(2030, 1, 5), "workday", "元旦"),
    (D(2032, 1, 1), "holiday", "元旦"),
]


@pytest.fixture
def cal() -> engine.Calendar:
    return engine.build(years={2030, 2032}, days=DAYS, token=7)


def test_runs_of_consecutive_loaded_years(cal):
    assert cal.runs == [(2030, 2030), (2032, 2032)]


def test_add_counts_working_days_only(cal):
    # Mon 2029-12-31 not loaded; from Tue 1 Jan (holiday): Wed 2 (1), Thu 3 (2), Fri 4 (3), Sat 5 worked (4)
    assert cal.add(D(2030, 1, 1), 4) == D(2030, 1, 5)
    assert cal.add(D(2030, 1, 5), -1) == D(2030, 1, 4)


def test_add_from_a_year_not_loaded_names_it(cal):
    with pytest.raises(CalendarYearMissing) as caught:
        cal.add(D(2031, 6, 1), 1)
    assert caught.value.year == 2031


def test_add_across_the_gap_names_the_missing_year(cal):
    with pytest.raises(CalendarYearMissing) as caught:
        cal.add(D(2030, 12, 30), 5)
    assert caught.value.year == 2031
    with pytest.raises(CalendarYearMissing) as caught:
        cal.add(D(2032, 1, 2), -5)
    assert caught.value.year == 2031


def test_after_needs_only_the_days_it_counts(cal):
    """A period starting on 31 Dec 2031 (not loaded) counts from 1 Jan 2032 (loaded)."""
    assert cal.after(D(2031, 12, 31), 1) == D(2032, 1, 2)
    with pytest.raises(CalendarYearMissing):
        cal.add(D(2031, 12, 31), 1)


def test_days_after_rolls_to_the_next_working_day(cal):
    assert cal.days_after(D(2029, 12, 31), 1) == D(2030, 1, 2)  # lands on the 1 Jan holiday


def test_days_after_past_the_last_loaded_day_names_the_next_year(cal):
    assert cal.days_after(D(2032, 12, 30), 1) == D(2032, 12, 31)  # a Friday
    with pytest.raises(CalendarYearMissing) as caught:
        cal.days_after(D(2032, 12, 30), 5)
    assert caught.value.year == 2033


def test_count_mirrors_add(cal):
    assert cal.count(D(2030, 1, 1), D(2030, 1, 5)) == 4
    assert cal.count(D(2030, 1, 5), D(2030, 1, 1)) == -3  # [1 Jan, 5 Jan) holds 2, 3, 4 Jan


def test_an_empty_calendar_refuses_everything():
    empty = engine.build(years=set(), days=[], token=None)
    with pytest.raises(CalendarYearMissing) as caught:
        empty.add(D(2030, 1, 1), 1)
    assert caught.value.year == 2030


@pytest.mark.django_db
def test_a_load_overtaken_by_an_edit_is_not_kept(monkeypatch):
    """If an edit clears the cache while a load is reading, the (possibly old) result is not kept."""
    real_load = engine.load

    def load_during_an_edit(token):
        calendar = real_load(token)
        engine.clear()  # the edit commits now
        return calendar

    monkeypatch.setattr(engine, "load", load_during_an_edit)
    engine.clear()
    assert engine.current().years  # the caller still gets an answer
    assert engine.CACHE.calendar is None  # but the next call reloads
