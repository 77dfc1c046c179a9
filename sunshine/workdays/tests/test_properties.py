"""Properties of the calendar arithmetic over every loaded year (hypothesis, STYLE §6).

The database holds the seeded schedule 2004-2026; each property either holds or the computation
refuses with CalendarYearMissing (CAL-1) because it reached a year that is not loaded.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sunshine.core.clock import LOCAL_TZ
from sunshine.workdays.errors import CalendarYearMissing
from sunshine.workdays.services import (
    add_working_days,
    count_working_days,
    deadline_due,
    deadline_explain,
    due_dates_bulk,
    is_working_day,
)

pytestmark = pytest.mark.django_db
SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

dates = st.dates(min_value=dt.date(2003, 12, 1), max_value=dt.date(2027, 1, 31))
loaded_dates = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 12, 31))
amounts = st.integers(min_value=-400, max_value=400)
instants = st.datetimes(min_value=dt.datetime(2004, 1, 1), max_value=dt.datetime(2026, 6, 30)).map(
    lambda value: value.replace(tzinfo=LOCAL_TZ)
)
units = st.sampled_from(["workdays", "days", "hours"])
periods = st.integers(min_value=1, max_value=60)


@st.composite
def spans(draw, around: dt.datetime | None = None):
    """Up to three suspensions, from minutes to weeks long, near the start."""
    result = []
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        offset = dt.timedelta(minutes=draw(st.integers(min_value=-3 * 24 * 60, max_value=80 * 24 * 60)))
        length = dt.timedelta(minutes=draw(st.integers(min_value=0, max_value=20 * 24 * 60)))
        result.append((around + offset, around + offset + length))
    return result


def outcome(function, **kwargs):
    try:
        return function(**kwargs)
    except CalendarYearMissing as error:
        return ("missing", error.year)


@SETTINGS
@given(day=dates, n=amounts)
def test_adding_n_working_days_then_counting_back_gives_n(fresh_calendar_cache, day, n):
    result = outcome(add_working_days, date=day, n=n)
    if isinstance(result, tuple):
        assert result[1] not in range(2004, 2027)
        return
    assert count_working_days(start=day, end=result) == n


@SETTINGS
@given(day=loaded_dates, n=st.integers(min_value=1, max_value=400))
def test_the_result_of_adding_is_a_working_day(fresh_calendar_cache, day, n):
    for amount in (n, -n):
        result = outcome(add_working_days, date=day, n=amount)
        if not isinstance(result, tuple):
            assert is_working_day(date=result)


@SETTINGS
@given(day=loaded_dates, n=amounts)
def test_adding_is_strictly_monotonic_in_n(fresh_calendar_cache, day, n):
    first, second = outcome(add_working_days, date=day, n=n), outcome(add_working_days, date=day, n=n + 1)
    if not isinstance(first, tuple) and not isinstance(second, tuple):
        assert first < second


@SETTINGS
@given(first=loaded_dates, gap=st.integers(min_value=0, max_value=30), n=amounts)
def test_adding_is_monotonic_in_the_start_date(fresh_calendar_cache, first, gap, n):
    second = first + dt.timedelta(days=gap)
    a, b = outcome(add_working_days, date=first, n=n), outcome(add_working_days, date=second, n=n)
    if not isinstance(a, tuple) and not isinstance(b, tuple):
        assert a <= b


@SETTINGS
@given(start=loaded_dates, end=loaded_dates)
def test_counting_forward_counts_the_working_days_in_between(fresh_calendar_cache, start, end):
    if end < start:
        start, end = end, start
    end = min(end, start + dt.timedelta(days=120))
    expected = sum(
        1
        for offset in range(1, (end - start).days + 1)
        if is_working_day(date=start + dt.timedelta(days=offset))
    )
    assert count_working_days(start=start, end=end) == expected


@SETTINGS
@given(data=st.data(), start=instants, amount=periods, unit=units)
def test_a_suspension_never_shortens_a_deadline(fresh_calendar_cache, data, start, amount, unit):
    suspensions = data.draw(spans(around=start))
    extra = data.draw(spans(around=start))
    plain = outcome(deadline_due, start=start, amount=amount, unit=unit)
    suspended = outcome(deadline_due, start=start, amount=amount, unit=unit, suspensions=suspensions)
    more = outcome(deadline_due, start=start, amount=amount, unit=unit, suspensions=suspensions + extra)
    if not any(isinstance(r, tuple) for r in (plain, suspended, more)):
        assert plain <= suspended <= more


@SETTINGS
@given(data=st.data(), start=instants, amount=periods, unit=units)
def test_the_explanation_reaches_the_same_deadline_as_the_fast_path(
    fresh_calendar_cache, data, start, amount, unit
):
    suspensions = data.draw(spans(around=start))
    fast = outcome(deadline_due, start=start, amount=amount, unit=unit, suspensions=suspensions)
    slow = outcome(deadline_explain, start=start, amount=amount, unit=unit, suspensions=suspensions)
    if isinstance(fast, tuple) or isinstance(slow, tuple):
        assert isinstance(fast, tuple)
        assert isinstance(slow, tuple)
        return
    assert fast == slow.due
    if unit != "hours":
        assert is_working_day(date=slow.due_date)
        assert slow.due_date not in slow.suspended_days


@SETTINGS
@given(start=instants, amount=periods, unit=st.sampled_from(["workdays", "days"]))
def test_bulk_due_dates_agree_with_deadline_due(fresh_calendar_cache, start, amount, unit):
    single = outcome(deadline_due, start=start, amount=amount, unit=unit)
    bulk = due_dates_bulk([(start.date(), amount, unit)], on_missing="none")[0]
    assert bulk == (None if isinstance(single, tuple) else single.date())


@SETTINGS
@given(day=dates, n=amounts)
def test_the_inlined_service_agrees_with_the_engine(fresh_calendar_cache, day, n):
    """add_working_days inlines engine.Calendar.add for speed: the two must never drift apart."""
    from sunshine.workdays import engine

    calendar = engine.refresh()
    assert outcome(add_working_days, date=day, n=n) == outcome(
        lambda **kw: calendar.add(kw["d"], kw["n"]), d=day, n=n
    )
