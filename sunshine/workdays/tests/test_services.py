"""The working-day rules (CAL-1 … CAL-5), the calendar's upkeep, its cache and what an edit publishes.

The 2026 schedule (chinese-calendar 1.11.0): National Day and the Mid-autumn Festival give Oct 1-7
off, with Sunday Sep 20 and Saturday Oct 10 worked instead (调休上班).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.core.clock import LOCAL_TZ
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.workdays import engine, package
from sunshine.workdays.choices import DayKind, ScheduleSource
from sunshine.workdays.errors import CalendarYearMissing
from sunshine.workdays.models import CalendarRevision, CalendarYear, SpecialDay
from sunshine.workdays.services import (
    add_working_days,
    calendar_import_csv,
    calendar_seed,
    calendar_year_mark_loaded,
    calendar_year_withdraw,
    count_working_days,
    day_status,
    deadline_due,
    deadline_explain,
    due_dates_bulk,
    is_provisional,
    is_working_day,
    loaded_years,
    provisional_years,
    special_day_add,
    special_day_change,
    special_day_remove,
    working_day_on_or_after,
)
from sunshine.workdays.signals import calendar_changed
from sunshine.workdays.tests.conftest import at

pytestmark = pytest.mark.django_db
D = dt.date


# --- CAL-1: what a working day is -----------------------------------------------------------------


def test_cal_1_national_day_2026_holidays_are_not_working_days():
    assert [is_working_day(date=D(2026, 10, day)) for day in range(1, 8)] == [False] * 7


def test_cal_1_adjusted_workdays_of_national_day_2026_are_working_days():
    assert is_working_day(date=D(2026, 9, 20))  # a Sunday
    assert is_working_day(date=D(2026, 10, 10))  # a Saturday


def test_cal_1_ordinary_weekdays_and_weekends():
    assert is_working_day(date=D(2026, 11, 25))
    assert not is_working_day(date=D(2026, 11, 28))


def test_cal_1_day_status_names_the_holiday():
    assert day_status(date=D(2026, 10, 1)) == ("holiday", "国庆节")
    assert day_status(date=D(2026, 10, 10)) == ("adjusted_workday", "国庆节")
    assert day_status(date=D(2026, 11, 29)) == ("weekend", "")


def test_cal_1_every_year_of_the_package_is_loaded():
    assert loaded_years() == frozenset(range(2004, 2027))


def test_cal_6_next_years_count_monday_to_friday_provisionally(frozen_today):
    """CAL-6: with 2026 the last loaded year and today in 2026, 2027 and 2028 are provisional."""
    assert provisional_years() == frozenset({2027, 2028})
    # 2026-12-28 (Mon) + 10: 29, 30, 31 Dec, then 1 Jan 2027 (a Friday: no holiday known) ... 11 Jan.
    assert add_working_days(date=D(2026, 12, 28), n=10) == D(2027, 1, 11)
    assert is_working_day(date=D(2027, 3, 1))
    assert not is_working_day(date=D(2027, 3, 6))
    assert is_provisional(D(2027, 3, 1))
    assert not is_provisional(D(2026, 12, 31))


def test_cal_6_a_provisional_deadline_says_so(frozen_today):
    deadline = deadline_explain(start=at("2026-12-20 09:00"), amount=15, unit="workdays")
    assert deadline.due_date == D(2027, 1, 8)
    assert deadline.provisional
    assert deadline.provisional_years == (2027,)
    assert "CAL-6" in deadline.rules
    assert any("暂定：2027年的节假日和调休安排尚未载入" in line for line in deadline.lines())
    inside = deadline_explain(start=at("2026-11-20 09:00"), amount=5, unit="workdays")
    assert not inside.provisional
    assert "CAL-6" not in inside.rules


def test_cal_1_years_beyond_the_provisional_ones_are_refused_with_their_name(frozen_today):
    with pytest.raises(CalendarYearMissing) as caught:
        add_working_days(date=D(2028, 12, 28), n=10)
    error = caught.value
    assert (error.year, error.code, error.rule) == (2029, "calendar_year_missing", "CAL-1")
    assert "2029年" in error.message
    with pytest.raises(CalendarYearMissing) as caught:
        is_working_day(date=D(2029, 3, 1))
    assert caught.value.year == 2029


def test_cal_1_counting_back_before_the_first_loaded_year_names_that_year():
    with pytest.raises(CalendarYearMissing) as caught:
        add_working_days(date=D(2004, 1, 5), n=-5)
    assert caught.value.year == 2003


def test_cal_6_a_gap_between_loaded_years_is_provisional(sysadmin, frozen_today):
    """2028 loaded while 2027 is not: 2027 counts Monday to Friday, 2028 by its schedule."""
    calendar_import_csv(actor=sysadmin, year=2028, content="2028-01-03,holiday,元旦\n")
    assert provisional_years() == frozenset({2027})
    assert not is_working_day(date=D(2028, 1, 3))
    assert add_working_days(date=D(2027, 12, 30), n=2) == D(2028, 1, 4)
    assert count_working_days(start=D(2027, 12, 30), end=D(2028, 1, 4)) == 2


def test_cal_1_working_day_on_or_after_skips_the_holiday():
    assert working_day_on_or_after(date=D(2026, 10, 3)) == D(2026, 10, 8)
    assert working_day_on_or_after(date=D(2026, 10, 8)) == D(2026, 10, 8)


# --- CAL-2: the start day is not counted ----------------------------------------------------------


def test_cal_2_five_working_days_after_30_september_2026_is_13_october():
    # Oct 8 (1), Oct 9 (2), Sat Oct 10 adjusted (3), Oct 12 (4), Oct 13 (5)
    assert add_working_days(date=D(2026, 9, 30), n=5) == D(2026, 10, 13)


def test_cal_2_working_days_between_30_september_and_12_october_2026_are_four():
    assert count_working_days(start=D(2026, 9, 30), end=D(2026, 10, 12)) == 4


def test_cal_2_start_day_not_counted_even_when_it_is_a_working_day():
    assert add_working_days(date=D(2026, 11, 23), n=1) == D(2026, 11, 24)


def test_adding_zero_working_days_gives_the_date_itself():
    assert add_working_days(date=D(2026, 10, 3), n=0) == D(2026, 10, 3)


def test_negative_amounts_count_backwards_from_the_day_before():
    assert add_working_days(date=D(2026, 10, 8), n=-1) == D(2026, 9, 30)
    assert add_working_days(date=D(2026, 10, 11), n=-1) == D(2026, 10, 10)  # Sunday -> adjusted Saturday
    assert count_working_days(start=D(2026, 10, 11), end=D(2026, 10, 10)) == -1


def test_counting_back_mirrors_counting_forward():
    start = D(2026, 10, 13)
    back = add_working_days(date=start, n=-5)
    assert back == D(2026, 9, 30)
    assert count_working_days(start=start, end=back) == -5


# --- Deadlines ------------------------------------------------------------------------------------


def test_deadline_in_working_days_explains_holidays_weekends_and_adjusted_days():
    deadline = deadline_explain(start=at("2026-09-30 10:00"), amount=5, unit="workdays")
    assert deadline.due_date == D(2026, 10, 13)
    assert deadline.due == dt.datetime.combine(D(2026, 10, 13), dt.time.max, tzinfo=deadline.due.tzinfo)
    assert deadline.due.utcoffset() == dt.timedelta(hours=8)
    holidays = [note.date for note in deadline.skipped if note.kind == "holiday"]
    assert holidays == [D(2026, 10, day) for day in range(1, 8)]
    assert {note.name for note in deadline.skipped if note.kind == "holiday"} == {"国庆节"}
    assert [(n.date, n.kind) for n in deadline.skipped if n.kind == "weekend"] == [
        (D(2026, 10, 11), "weekend")
    ]
    assert [note.date for note in deadline.adjusted_workdays] == [D(2026, 10, 10)]
    text = "\n".join(deadline.lines())
    assert "国庆节" in text
    assert "2026-10-13 23:59:59" in text
    assert "CAL-2" in text


def test_deadline_start_instant_late_in_the_day_still_starts_the_next_day():
    late = deadline_due(start=at("2026-11-23 23:30"), amount=1, unit="workdays")
    assert late.date() == D(2026, 11, 24)


def test_deadline_start_is_taken_in_asia_shanghai():
    utc_evening = dt.datetime(2026, 11, 23, 17, 0, tzinfo=dt.UTC)  # 01:00 on 24 Nov in Shanghai
    assert deadline_due(start=utc_evening, amount=1, unit="workdays").date() == D(2026, 11, 25)


def test_cal_2_calendar_days_ending_on_a_holiday_move_to_the_next_working_day():
    deadline = deadline_explain(start=at("2026-09-26 10:00"), amount=8, unit="days")
    assert deadline.rolled_over_from == D(2026, 10, 4)
    assert deadline.due_date == D(2026, 10, 8)
    assert [n.date for n in deadline.skipped] == [D(2026, 10, day) for day in range(4, 8)]
    assert any("顺延" in line for line in deadline.lines())


def test_calendar_days_count_holidays_inside_the_period():
    assert deadline_due(start=at("2026-09-28 09:00"), amount=10, unit="days").date() == D(2026, 10, 8)


def test_cal_2_calendar_days_ending_on_a_weekend_move_to_monday():
    # Wed 18 Nov + 3 days = Sat 21 Nov -> Mon 23 Nov
    assert deadline_due(start=at("2026-11-18 09:00"), amount=3, unit="days").date() == D(2026, 11, 23)


def test_cal_5_hours_run_from_the_instant_through_holidays():
    deadline = deadline_explain(start=at("2026-09-30 10:00"), amount=48, unit="hours")
    assert deadline.due == at("2026-10-02 10:00")
    assert deadline.rules == ("CAL-5",)


def test_cal_5_hours_do_not_need_a_loaded_year():
    assert deadline_due(start=at("2027-03-01 08:00"), amount=2, unit="hours") == at("2027-03-01 10:00")


def test_cal_4_suspension_adds_its_time_to_an_hour_period():
    deadline = deadline_explain(
        start=at("2026-09-30 10:00"),
        amount=48,
        unit="hours",
        suspensions=[(at("2026-10-01 09:00"), at("2026-10-01 12:30"))],
    )
    assert deadline.due == at("2026-10-02 13:30")
    assert deadline.suspensions[0].hours == 3.5


def test_cal_4_days_touched_by_a_suspension_are_not_counted():
    # Mon 2 Nov + 5 working days = Mon 9 Nov; suspended from Wed 15:00 to Thu 10:00: Wed and Thu do not count.
    suspension = (at("2026-11-04 15:00"), at("2026-11-05 10:00"))
    deadline = deadline_explain(
        start=at("2026-11-02 09:00"), amount=5, unit="workdays", suspensions=[suspension]
    )
    assert deadline.due_date == D(2026, 11, 11)
    assert deadline.suspended_days == (D(2026, 11, 4), D(2026, 11, 5))
    assert deadline.suspensions[0].days == (D(2026, 11, 4), D(2026, 11, 5))
    assert "CAL-4" in deadline.rules


def test_cal_4_a_suspension_ending_at_midnight_leaves_the_next_day_counted():
    suspension = (at("2026-11-04 09:00"), at("2026-11-05 00:00"))
    due = deadline_due(start=at("2026-11-02 09:00"), amount=5, unit="workdays", suspensions=[suspension])
    assert due.date() == D(2026, 11, 10)


def test_cal_4_suspensions_before_the_start_or_after_the_deadline_change_nothing():
    plain = deadline_due(start=at("2026-11-02 09:00"), amount=5, unit="workdays")
    spans = [
        (at("2026-10-20 09:00"), at("2026-11-01 09:00")),
        (at("2026-11-10 00:00"), at("2026-11-20 00:00")),
    ]
    assert deadline_due(start=at("2026-11-02 09:00"), amount=5, unit="workdays", suspensions=spans) == plain


def test_cal_4_a_suspension_starting_on_the_due_day_moves_the_deadline():
    due = deadline_due(
        start=at("2026-11-02 09:00"),
        amount=5,
        unit="workdays",
        suspensions=[(at("2026-11-09 16:00"), at("2026-11-09 17:00"))],
    )
    assert due.date() == D(2026, 11, 10)


def test_cal_4_overlapping_suspensions_are_merged():
    spans = [
        (at("2026-11-04 09:00"), at("2026-11-05 12:00")),
        (at("2026-11-05 10:00"), at("2026-11-06 08:00")),
    ]
    deadline = deadline_explain(start=at("2026-11-02 09:00"), amount=5, unit="workdays", suspensions=spans)
    assert len(deadline.suspensions) == 1
    assert deadline.suspended_days == (D(2026, 11, 4), D(2026, 11, 5), D(2026, 11, 6))


def test_cal_2_and_cal_4_calendar_days_never_end_on_a_suspended_day():
    # Thu 19 Nov + 2 days = Sat 21 Nov -> Mon 23 Nov, but Mon 23 Nov is suspended -> Tue 24 Nov.
    due = deadline_due(
        start=at("2026-11-19 09:00"),
        amount=2,
        unit="days",
        suspensions=[(at("2026-11-23 09:00"), at("2026-11-23 11:00"))],
    )
    assert due.date() == D(2026, 11, 24)


def test_deadline_reaching_a_missing_year_names_it(frozen_today):
    with pytest.raises(CalendarYearMissing) as caught:
        deadline_due(start=at("2028-12-20 09:00"), amount=15, unit="workdays")
    assert caught.value.year == 2029


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": dt.datetime(2026, 11, 2, 9, 0)}, "start"),
        ({"amount": 0}, "amount"),
        ({"amount": 5000}, "amount"),
        ({"unit": "weeks"}, "unit"),
        ({"suspensions": [(at("2026-11-05 09:00"), at("2026-11-04 09:00"))]}, "suspensions[0]"),
        ({"suspensions": [(at("2026-11-05 09:00"),)]}, "suspensions[0]"),
    ],
)
def test_deadline_bad_input_names_the_field(kwargs, field):
    arguments = {"start": at("2026-11-02 09:00"), "amount": 5, "unit": "workdays", **kwargs}
    with pytest.raises(InvalidInput) as caught:
        deadline_due(**arguments)
    assert caught.value.field == field


def test_bulk_due_dates_agree_with_single_deadlines():
    # Fri 13 Feb 2015: Sunday 15 Feb was worked before the Spring Festival
    items = [(D(2026, 9, 30), 5, "workdays"), (D(2026, 9, 26), 8, "days"), (D(2015, 2, 13), 3, "workdays")]
    expected = [
        deadline_due(start=dt.datetime.combine(day, dt.time(9), tzinfo=LOCAL_TZ), amount=n, unit=u).date()
        for day, n, u in items
    ]
    assert due_dates_bulk(items) == expected == [D(2026, 10, 13), D(2026, 10, 8), D(2015, 2, 17)]


def test_bulk_due_dates_mark_missing_years_or_raise(frozen_today):
    items = [(D(2028, 12, 28), 10, "workdays"), (D(2026, 11, 2), 1, "workdays")]
    assert due_dates_bulk(items, on_missing="none") == [None, D(2026, 11, 3)]
    with pytest.raises(CalendarYearMissing):
        due_dates_bulk(items)


def test_bulk_due_dates_refuse_hours():
    with pytest.raises(InvalidInput) as caught:
        due_dates_bulk([(D(2026, 11, 2), 5, "hours")])
    assert caught.value.field == "unit"


# --- Seeding from the package ---------------------------------------------------------------------


def test_seed_translates_holiday_names_to_chinese():
    names = dict(SpecialDay.objects.filter(date__year=2020).values_list("date", "name"))
    assert names[D(2020, 1, 1)] == "元旦"
    assert names[D(2020, 1, 24)] == "春节"
    assert names[D(2020, 1, 31)] == "春节延长假期（抗击新冠肺炎疫情）"
    assert names[D(2020, 4, 4)] == "清明节"
    assert names[D(2020, 5, 1)] == "劳动节"
    assert names[D(2020, 6, 25)] == "端午节"
    assert names[D(2020, 10, 1)] == "国庆节"
    assert SpecialDay.objects.get(date=D(2015, 9, 3)).name.startswith("中国人民抗日战争")
    assert SpecialDay.objects.get(date=D(2026, 9, 25)).name == "中秋节"


def test_seed_is_idempotent(as_system):
    before = SpecialDay.all_objects.count(), AuditRecord.objects.count()
    report = calendar_seed()
    assert (report.created, report.updated, report.removed, report.years_loaded) == (0, 0, 0, [])
    assert (SpecialDay.all_objects.count(), AuditRecord.objects.count()) == before


def test_seed_never_overwrites_an_administrators_edits(sysadmin, as_system):
    edited = SpecialDay.objects.get(date=D(2026, 10, 7))
    special_day_change(
        actor=sysadmin,
        day=edited,
        expected_version=edited.version,
        date=edited.date,
        kind="holiday",
        name="国庆节（调整）",
    )
    removed = SpecialDay.objects.get(date=D(2026, 10, 6))
    special_day_remove(actor=sysadmin, day=removed, expected_version=removed.version, reason="测试")
    calendar_seed()
    assert SpecialDay.objects.get(date=D(2026, 10, 7)).name == "国庆节（调整）"
    assert not SpecialDay.objects.filter(date=D(2026, 10, 6)).exists()


def test_seed_leaves_a_year_imported_from_csv_alone(sysadmin, as_system):
    calendar_import_csv(actor=sysadmin, year=2025, content="2025-01-01,holiday,元旦\n")
    report = calendar_seed()
    assert 2025 in report.years_kept
    assert SpecialDay.objects.filter(date__year=2025).count() == 1


def test_seed_after_a_package_upgrade_corrects_its_own_rows(monkeypatch, as_system):
    schedule = package.package_schedule()
    day = D(2026, 10, 7)
    del schedule[2026][day]
    renamed = D(2026, 10, 6)
    schedule[2026][renamed] = package.PackageDay(renamed, "holiday", "国庆节假期")
    monkeypatch.setattr("sunshine.workdays.services.edit.package_schedule", lambda: schedule)
    report = calendar_seed()
    assert (report.updated, report.removed) == (1, 1)
    assert SpecialDay.objects.get(date=renamed).name == "国庆节假期"
    assert SpecialDay.all_objects.get(date=day).delete_reason
    assert AuditRecord.objects.filter(action="workdays.seed").exists()
    assert is_working_day(date=day)


def test_seed_loads_a_new_year_of_the_package(monkeypatch, as_system):
    schedule = {2027: {D(2027, 1, 1): package.PackageDay(D(2027, 1, 1), "holiday", "元旦")}}
    monkeypatch.setattr("sunshine.workdays.services.edit.package_schedule", lambda: schedule)
    report = calendar_seed()
    assert report.years_loaded == [2027]
    assert CalendarYear.objects.get(year=2027).source == ScheduleSource.PACKAGE
    assert not is_working_day(date=D(2027, 1, 1))


# --- Administrators' edits ------------------------------------------------------------------------


def test_add_adjusted_workday_is_counted_at_once(sysadmin):
    """This process's cache is cleared by the edit itself, not a second later."""
    assert not is_working_day(date=D(2026, 11, 28))
    day = special_day_add(actor=sysadmin, date=D(2026, 11, 28), kind=DayKind.WORKDAY, name="测试调休")
    assert day.source == ScheduleSource.MANUAL
    assert day.created_by == sysadmin
    assert is_working_day(date=D(2026, 11, 28))
    assert add_working_days(date=D(2026, 11, 27), n=1) == D(2026, 11, 28)


def test_add_writes_an_audit_record(sysadmin):
    day = special_day_add(actor=sysadmin, date=D(2026, 12, 31), kind=DayKind.HOLIDAY, name="测试")
    record = AuditRecord.objects.get(action="workdays.special_day_add", object_id=str(day.pk))
    assert record.actor == sysadmin
    assert record.data["after"]["name"] == "测试"


def test_edit_publishes_calendar_changed_after_commit(sysadmin, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs)

    calendar_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            special_day_add(actor=sysadmin, date=D(2026, 12, 5), kind=DayKind.WORKDAY, name="测试")
            assert received == []  # not before commit
    finally:
        calendar_changed.disconnect(receiver)
    assert received == [
        {
            "signal": calendar_changed,
            "start": D(2026, 12, 5),
            "end": D(2026, 12, 5),
            "action": "workdays.special_day_add",
            "actor": sysadmin,
        }
    ]


def test_a_failing_receiver_does_not_undo_a_committed_edit(sysadmin, django_capture_on_commit_callbacks):
    def broken(sender, **kwargs):
        raise RuntimeError("receiver bug")

    calendar_changed.connect(broken)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            special_day_add(actor=sysadmin, date=D(2026, 12, 6), kind=DayKind.WORKDAY, name="测试")
    finally:
        calendar_changed.disconnect(broken)
    assert SpecialDay.objects.filter(date=D(2026, 12, 6)).exists()


def test_another_process_edit_is_seen_within_a_second(monkeypatch):
    """A change committed elsewhere only moves the revision token; the cache checks it once a second."""
    assert not is_working_day(date=D(2026, 11, 28))
    SpecialDay.objects.create(date=D(2026, 11, 28), kind=DayKind.WORKDAY, name="别的进程")
    CalendarRevision.objects.filter(pk=1).update(token=12345)
    assert not is_working_day(date=D(2026, 11, 28))  # still within the second
    later = engine.monotonic() + engine.CHECK_INTERVAL + 0.1
    monkeypatch.setattr("sunshine.workdays.engine.monotonic", lambda: later)
    monkeypatch.setattr("sunshine.workdays.services.compute.monotonic", lambda: later)
    assert is_working_day(date=D(2026, 11, 28))
    assert add_working_days(date=D(2026, 11, 27), n=1) == D(2026, 11, 28)


def test_unchanged_token_keeps_the_cache(monkeypatch, django_assert_num_queries):
    is_working_day(date=D(2026, 11, 28))
    later = engine.monotonic() + engine.CHECK_INTERVAL + 0.1
    monkeypatch.setattr("sunshine.workdays.engine.monotonic", lambda: later)
    with django_assert_num_queries(1):  # the token only
        is_working_day(date=D(2026, 11, 27))


def test_adding_a_date_twice_is_a_conflict(sysadmin):
    with pytest.raises(Conflict) as caught:
        special_day_add(actor=sysadmin, date=D(2026, 10, 1), kind=DayKind.HOLIDAY, name="国庆节")
    assert (caught.value.code, caught.value.field) == ("special_day_duplicate", "date")


def test_cal_3_adjusted_workday_on_a_weekday_is_refused(sysadmin):
    with pytest.raises(RuleViolated) as caught:
        special_day_add(actor=sysadmin, date=D(2026, 11, 26), kind=DayKind.WORKDAY, name="测试")
    assert (caught.value.code, caught.value.rule, caught.value.field) == (
        "workday_not_on_weekend",
        "CAL-3",
        "date",
    )


@pytest.mark.parametrize(("kwargs", "field"), [({"name": "  "}, "name"), ({"kind": "vacation"}, "kind")])
def test_add_bad_input_names_the_field(sysadmin, kwargs, field):
    with pytest.raises(InvalidInput) as caught:
        special_day_add(actor=sysadmin, **{"date": D(2026, 12, 5), "kind": "workday", "name": "x", **kwargs})
    assert caught.value.field == field


def test_a_reader_cannot_change_the_calendar(clerk):
    with pytest.raises(NotPermitted):
        special_day_add(actor=clerk, date=D(2026, 12, 5), kind=DayKind.WORKDAY, name="测试")


def test_change_with_a_stale_version_is_refused_aud_3(sysadmin):
    day = SpecialDay.objects.get(date=D(2026, 10, 7))
    special_day_change(
        actor=sysadmin, day=day, expected_version=day.version, date=day.date, kind="holiday", name="改一"
    )
    stale = SpecialDay.objects.get(pk=day.pk)
    with pytest.raises(Conflict) as caught:
        special_day_change(
            actor=sysadmin, day=stale, expected_version=1, date=day.date, kind="holiday", name="改二"
        )
    assert caught.value.code == "stale_version"
    assert SpecialDay.objects.get(pk=day.pk).name == "改一"


def test_moving_a_day_updates_the_computations(sysadmin):
    day = SpecialDay.objects.get(date=D(2026, 10, 10))  # adjusted Saturday
    special_day_change(
        actor=sysadmin,
        day=day,
        expected_version=day.version,
        date=D(2026, 10, 11),
        kind="workday",
        name="国庆节",
    )
    assert not is_working_day(date=D(2026, 10, 10))
    assert is_working_day(date=D(2026, 10, 11))
    assert AuditRecord.objects.filter(action="workdays.special_day_change", object_id=str(day.pk)).exists()


def test_remove_needs_a_reason_and_keeps_the_row_aud_2(sysadmin):
    day = SpecialDay.objects.get(date=D(2026, 10, 10))
    with pytest.raises(InvalidInput) as caught:
        special_day_remove(actor=sysadmin, day=day, expected_version=day.version, reason=" ")
    assert caught.value.field == "reason"
    special_day_remove(actor=sysadmin, day=day, expected_version=day.version, reason="通知更正")
    assert SpecialDay.all_objects.get(pk=day.pk).delete_reason == "通知更正"
    assert not is_working_day(date=D(2026, 10, 10))


def test_mark_loaded_refuses_a_year_without_holidays(sysadmin):
    with pytest.raises(RuleViolated) as caught:
        calendar_year_mark_loaded(actor=sysadmin, year=2027, note="国办发明电〔2026〕1号")
    assert (caught.value.code, caught.value.rule) == ("year_without_holidays", "CAL-1")


def test_mark_loaded_needs_the_source(sysadmin):
    with pytest.raises(InvalidInput) as caught:
        calendar_year_mark_loaded(actor=sysadmin, year=2027, note="")
    assert caught.value.field == "note"


def test_a_year_entered_by_hand_and_marked_loaded_is_computed(sysadmin):
    special_day_add(actor=sysadmin, date=D(2027, 1, 1), kind=DayKind.HOLIDAY, name="元旦")
    # Entered, not yet marked: 2027 still counts Monday to Friday (CAL-6), 1 January included.
    assert add_working_days(date=D(2026, 12, 28), n=10) == D(2027, 1, 11)
    record = calendar_year_mark_loaded(actor=sysadmin, year=2027, note="国办发明电〔2026〕1号")
    assert record.source == ScheduleSource.MANUAL
    assert add_working_days(date=D(2026, 12, 28), n=10) == D(2027, 1, 12)
    with pytest.raises(Conflict):
        calendar_year_mark_loaded(actor=sysadmin, year=2027, note="再次")


def test_withdrawing_a_year_makes_it_provisional_or_refused(sysadmin):
    """A withdrawn recent year counts Monday to Friday again (CAL-6: Labour Day, a Friday, counts);
    a withdrawn first year is outside the provisional span and refused (CAL-1)."""
    for year in (2026, 2004):
        record = CalendarYear.objects.get(year=year)
        calendar_year_withdraw(
            actor=sysadmin, calendar_year=record, expected_version=record.version, reason="测试"
        )
    assert is_provisional(D(2026, 5, 1))
    assert is_working_day(date=D(2026, 5, 1))
    with pytest.raises(CalendarYearMissing) as caught:
        is_working_day(date=D(2004, 5, 6))
    assert caught.value.year == 2004
    assert AuditRecord.objects.filter(action="workdays.year_withdraw").count() == 2


# --- CSV import -----------------------------------------------------------------------------------

GOOD_2027 = """date,kind,name
2027-01-01,holiday,元旦
2027-02-06,holiday,春节
2027-02-07,workday,春节
"""


def test_csv_import_loads_and_marks_the_year(sysadmin):
    result = calendar_import_csv(actor=sysadmin, year=2027, content=GOOD_2027, filename="2027.csv")
    assert result.rows == 3
    assert len(result.created) == 3
    assert result.calendar_year.source == ScheduleSource.CSV
    assert is_working_day(date=D(2027, 2, 7))  # a Sunday worked
    record = AuditRecord.objects.get(action="workdays.year_import")
    assert record.data["extra"]["created"] == ["2027-01-01", "2027-02-06", "2027-02-07"]


def test_csv_import_reports_every_bad_line_and_writes_nothing(sysadmin):
    content = (
        "日期,类别,名称\n"
        "2027-01-01,holiday,元旦\n"
        "2027-02-30,holiday,春节\n"
        "2027-02-08,workday,春节\n"
        "2026-10-01,holiday,国庆节\n"
        "2027-01-01,holiday,元旦\n"
        "2027-03-01,vacation,\n"
        "2027-03-02,holiday\n"
    )
    with pytest.raises(InvalidInput) as caught:
        calendar_import_csv(actor=sysadmin, year=2027, content=content)
    error = caught.value
    assert (error.code, error.field) == ("csv_invalid", "file")
    lines = [item.message for item in error.errors]
    assert [line.split("：")[0] for line in lines] == ["第3行", "第4行", "第5行", "第6行", "第7行", "第8行"]
    assert "2027-02-30" in lines[0]
    assert "周六或周日" in lines[1]
    assert "不属于2027年" in lines[2]
    assert "与第2行重复" in lines[3]
    assert "类别" in lines[4]
    assert "名称不能为空" in lines[4]
    assert "应有3列" in lines[5]
    assert "6处错误" in error.message
    assert not SpecialDay.objects.filter(date__year=2027).exists()
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_csv_import_reads_excel_gb18030_with_slash_dates(sysadmin):
    content = "日期,类别,名称\r\n2027/1/1,放假,元旦\r\n2027/2/7,上班,春节\r\n".encode("gb18030")
    result = calendar_import_csv(actor=sysadmin, year=2027, content=content)
    assert sorted(result.created) == [D(2027, 1, 1), D(2027, 2, 7)]
    assert SpecialDay.objects.get(date=D(2027, 2, 7)).kind == DayKind.WORKDAY


def test_csv_import_replaces_the_year(sysadmin):
    content = "2026-01-01,holiday,元旦\n2026-10-01,holiday,国庆节（修订）\n"
    result = calendar_import_csv(actor=sysadmin, year=2026, content=content)
    assert result.changed == [D(2026, 10, 1)]
    assert len(result.removed) == 39 - 2
    assert not SpecialDay.objects.filter(date=D(2026, 10, 2)).exists()
    assert CalendarYear.objects.get(year=2026).source == ScheduleSource.CSV
    assert is_working_day(date=D(2026, 10, 2))


def test_csv_import_refuses_an_empty_file(sysadmin):
    with pytest.raises(InvalidInput) as caught:
        calendar_import_csv(actor=sysadmin, year=2027, content="date,kind,name\n")
    assert "没有数据行" in caught.value.errors[0].message
