"""The calendar admin in the browser: an administrator adds an adjusted workday and sees it on the grid,
a reader cannot edit, a CSV import with mistakes lists them line by line."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from sunshine.workdays import engine
from sunshine.workdays.models import CalendarYear, SpecialDay


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """The live server runs in this process: start each test from the (re-seeded) database."""
    engine.clear()
    yield
    engine.clear()


def test_admin_adds_an_adjusted_workday_and_sees_it_on_the_grid(page, login, sysadmin):
    login(sysadmin)
    page.goto("/workdays/?year=2026")
    cell = page.locator('[data-testid="calendar-grid"] td[data-date="2026-11-28"]')
    expect(cell).to_have_class("day-weekend")
    form = page.get_by_test_id("add-form")
    form.get_by_label("日期").fill("2026-11-28")
    form.get_by_label("类别").select_option("workday")
    form.get_by_label("名称").fill("测试调休")
    form.get_by_role("button", name="添加").click()
    # with htmx the year panel is swapped in with the message; without it the page reloads with it
    expect(page.locator("main")).to_contain_text("已添加 2026-11-28 测试调休")
    expect(cell).to_have_class("day-workday")
    expect(page.get_by_test_id("day-2026-11-28")).to_contain_text("测试调休")
    assert SpecialDay.objects.get(date=dt.date(2026, 11, 28)).created_by == sysadmin

    page.get_by_test_id("compute-add").get_by_label("日期").fill("2026-11-27")
    page.get_by_test_id("compute-add").get_by_label("工作日数").fill("1")
    page.get_by_test_id("compute-add").get_by_role("button", name="计算").click()
    expect(page.get_by_test_id("compute-headline")).to_contain_text("2026-11-28")


def test_admin_sees_the_rule_when_an_adjusted_workday_falls_on_a_weekday(page, login, sysadmin):
    login(sysadmin)
    page.goto("/workdays/?year=2026")
    form = page.get_by_test_id("add-form")
    form.get_by_label("日期").fill("2026-11-26")
    form.get_by_label("类别").select_option("workday")
    form.get_by_label("名称").fill("错误")
    form.get_by_role("button", name="添加").click()
    expect(page.get_by_test_id("error-date")).to_contain_text("周六或周日")
    expect(page.get_by_test_id("rule-basis")).to_contain_text("CAL-3")
    expect(page.locator('td[data-date="2026-11-26"]')).not_to_have_class("day-workday")


def test_reader_sees_the_calendar_but_cannot_edit(page, login, clerk):
    login(clerk)
    page.get_by_role("link", name="工作日历").click()
    expect(page.get_by_test_id("calendar-grid")).to_be_visible()
    page.goto("/workdays/?year=2026")
    expect(page.locator('td[data-date="2026-10-01"]')).to_have_class("day-holiday")
    expect(page.get_by_test_id("add-form")).to_have_count(0)
    expect(page.get_by_role("link", name="编辑")).to_have_count(0)
    expect(page.get_by_role("link", name="作废")).to_have_count(0)
    page.goto("/workdays/import/")
    expect(page.get_by_test_id("domain-error")).to_contain_text("没有执行此操作的权限")


def test_csv_import_lists_the_bad_lines_and_imports_nothing(page, login, sysadmin, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text(
        "date,kind,name\n2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n2027-02-08,workday,春节\n",
        encoding="utf-8",
    )
    login(sysadmin)
    page.goto("/workdays/?year=2027")
    expect(page.get_by_test_id("upcoming-missing")).to_be_visible()
    page.get_by_test_id("manage").get_by_role("link", name="导入 CSV").click()
    form = page.get_by_test_id("import-form")
    form.get_by_label("年度").fill("2027")
    form.get_by_label("CSV 文件").set_input_files(str(path))
    form.get_by_role("button", name="导入").click()
    errors = page.get_by_test_id("error-file")
    expect(errors).to_contain_text("第3行")
    expect(errors).to_contain_text("2027-02-30")
    expect(errors).to_contain_text("第4行")
    expect(errors).to_contain_text("周六或周日")
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not SpecialDay.objects.filter(date__year=2027).exists()

    path.write_text("date,kind,name\n2027-01-01,holiday,元旦\n2027-02-07,workday,春节\n", encoding="utf-8")
    form.get_by_label("CSV 文件").set_input_files(str(path))
    form.get_by_role("button", name="导入").click()
    expect(page.get_by_role("status")).to_contain_text("已导入2027年的安排")
    expect(page.locator('td[data-date="2027-02-07"]')).to_have_class("day-workday")


def test_admin_removes_a_day_giving_a_reason(page, login, sysadmin):
    login(sysadmin)
    page.goto("/workdays/?year=2026")
    page.get_by_test_id("day-2026-10-10").get_by_role("link", name="作废").click()
    form = page.get_by_test_id("remove-form")  # under the row (htmx) or on a page of its own
    form.get_by_label("作废原因").fill("通知更正")
    form.get_by_role("button", name="确认作废").click()
    expect(page.locator("main")).to_contain_text("已作废 2026-10-10 国庆节")
    expect(page.locator('td[data-date="2026-10-10"]')).to_have_class("day-weekend")
    assert SpecialDay.all_objects.get(date=dt.date(2026, 10, 10)).delete_reason == "通知更正"
