"""The calendar pages: who sees what, htmx partials, errors on the form with their rule, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sunshine.workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db
CALENDAR = "/workdays/"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_user(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def cell_class(html: str, date: str) -> str:
    match = re.search(rf'<td class="([^"]*)" data-date="{date}"', html)
    assert match, f"no grid cell for {date}"
    return match.group(1)


def test_calendar_is_at_the_named_url():
    assert reverse("workdays:calendar") == CALENDAR


def test_reader_sees_the_grid_but_no_edit_controls(as_user, clerk):
    response = as_user(clerk).get(CALENDAR, {"year": 2026})
    assert response.status_code == 200
    html = response.content.decode()
    assert "day-holiday" in cell_class(html, "2026-10-01")
    assert "day-workday" in cell_class(html, "2026-10-10")
    assert "day-weekend" in cell_class(html, "2026-10-11")
    assert 'data-testid="add-form"' not in html
    assert 'data-testid="manage"' not in html
    assert "/edit/" not in html
    assert 'data-testid="compute-add"' in html


def test_manager_sees_the_edit_controls(as_user, sysadmin):
    html = as_user(sysadmin).get(CALENDAR, {"year": 2026}).content.decode()
    assert 'data-testid="add-form"' in html
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 1))
    assert reverse("workdays:day_edit", args=[day.pk]) in html
    assert reverse("workdays:day_remove", args=[day.pk]) in html


def test_next_year_missing_is_warned(as_user, clerk, frozen_today):
    html = as_user(clerk).get(CALENDAR).content.decode()
    assert 'data-testid="upcoming-missing"' in html
    assert "2027年的节假日和调休安排尚未载入" in html


def test_a_year_not_loaded_says_so(as_user, sysadmin):
    html = as_user(sysadmin).get(CALENDAR, {"year": 2027}).content.decode()
    assert "未载入" in html
    assert 'data-testid="mark-form"' in html


def test_an_account_without_the_permission_is_refused(as_user, secadmin):
    assert as_user(secadmin).get(CALENDAR).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(CALENDAR)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_calendar_page_query_count_is_pinned(as_user, sysadmin, django_assert_num_queries):
    client = as_user(sysadmin)
    client.get(CALENDAR)  # the first request stores the session's activity time (SEC-3)
    # session, account, role assignments, loaded years, the year's days, unread messages
    with django_assert_num_queries(6):
        response = client.get(CALENDAR, {"year": 2026})
    assert response.status_code == 200


def test_htmx_year_navigation_returns_the_year_panel_only(as_user, clerk):
    response = as_user(clerk).get(CALENDAR, {"year": 2025}, **HTMX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="year-panel"')
    assert "<html" not in html
    assert "2025年" in html


# --- Adding -----------------------------------------------------------------------------------------


def test_manager_adds_an_adjusted_workday_and_sees_it(as_user, sysadmin):
    client = as_user(sysadmin)
    response = client.post(
        reverse("workdays:day_add"),
        {"date": "2026-11-28", "kind": "workday", "name": "测试调休", "year": 2026},
    )
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "day-workday" in cell_class(html, "2026-11-28")
    assert "已添加 2026-11-28 测试调休" in html


def test_htmx_add_returns_the_updated_year_panel(as_user, sysadmin):
    response = as_user(sysadmin).post(
        reverse("workdays:day_add"), {"date": "2026-11-28", "kind": "workday", "name": "测试调休"}, **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="year-panel"')
    assert "day-workday" in cell_class(html, "2026-11-28")
    blank_form = html[html.index('<form id="add-form"') :]
    assert 'hx-swap-oob="true"' in blank_form
    assert "测试调休" not in blank_form


def test_htmx_add_refused_by_a_rule_shows_it_on_the_form(as_user, sysadmin):
    response = as_user(sysadmin).post(
        reverse("workdays:day_add"), {"date": "2026-11-26", "kind": "workday", "name": "x"}, **HTMX
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == "#add-form"
    html = response.content.decode()
    assert 'data-testid="error-date"' in html
    assert "周六或周日" in html
    assert "CAL-3" in html  # the rule shown as 依据


def test_add_without_htmx_rerenders_the_page_with_the_error(as_user, sysadmin):
    response = as_user(sysadmin).post(
        reverse("workdays:day_add"), {"date": "2026-10-01", "kind": "holiday", "name": "x"}
    )
    assert response.status_code == 422
    assert "已有安排" in response.content.decode()


def test_reader_cannot_add(as_user, clerk):
    response = as_user(clerk).post(
        reverse("workdays:day_add"), {"date": "2026-11-28", "kind": "workday", "name": "x"}
    )
    assert response.status_code == 403
    assert not SpecialDay.objects.filter(date=dt.date(2026, 11, 28)).exists()


# --- Editing and removing ---------------------------------------------------------------------------


def test_edit_page_changes_the_day(as_user, sysadmin):
    client = as_user(sysadmin)
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 7))
    url = reverse("workdays:day_edit", args=[day.pk])
    assert 'value="国庆节"' in client.get(url).content.decode()
    response = client.post(
        url, {"date": "2026-10-07", "kind": "holiday", "name": "国庆节（调整）", "version": day.version}
    )
    assert response.status_code == 302
    assert SpecialDay.objects.get(pk=day.pk).name == "国庆节（调整）"


def test_edit_with_a_stale_version_says_so(as_user, sysadmin):
    client = as_user(sysadmin)
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 7))
    url = reverse("workdays:day_edit", args=[day.pk])
    client.post(url, {"date": "2026-10-07", "kind": "holiday", "name": "改一", "version": day.version})
    response = client.post(
        url, {"date": "2026-10-07", "kind": "holiday", "name": "改二", "version": day.version}
    )
    assert response.status_code == 422
    assert "已被他人修改" in response.content.decode()
    assert SpecialDay.objects.get(pk=day.pk).name == "改一"


def test_reader_cannot_open_the_edit_page(as_user, clerk):
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 7))
    assert as_user(clerk).get(reverse("workdays:day_edit", args=[day.pk])).status_code == 403


def test_edit_of_a_removed_day_is_404(as_user, sysadmin):
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 7))
    SpecialDay.objects.filter(pk=day.pk).update(deleted_at=day.updated_at, delete_reason="x")
    assert as_user(sysadmin).get(reverse("workdays:day_edit", args=[day.pk])).status_code == 404


def test_remove_asks_for_a_reason(as_user, sysadmin):
    client = as_user(sysadmin)
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 10))
    url = reverse("workdays:day_remove", args=[day.pk])
    form = client.get(url, **HTMX)
    assert 'name="reason"' in form.content.decode()
    assert "<html" not in form.content.decode()
    refused = client.post(url, {"reason": "", "version": day.version})
    assert refused.status_code == 422
    assert 'data-testid="error-reason"' in refused.content.decode()
    done = client.post(url, {"reason": "通知更正", "version": day.version})
    assert done.status_code == 302
    assert SpecialDay.all_objects.get(pk=day.pk).delete_reason == "通知更正"


def test_htmx_remove_success_redirects_the_whole_page(as_user, sysadmin):
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 10))
    response = as_user(sysadmin).post(
        reverse("workdays:day_remove", args=[day.pk]), {"reason": "通知更正", "version": day.version}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/workdays/?year=2026#days"


# --- Years and import -------------------------------------------------------------------------------


def test_mark_a_year_loaded_without_holidays_shows_the_rule(as_user, sysadmin):
    response = as_user(sysadmin).post(reverse("workdays:year_mark"), {"year": 2027, "note": "国办发明电"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "还没有录入任何节假日" in html
    assert "CAL-1" in html


def test_withdraw_a_year(as_user, sysadmin):
    record = CalendarYear.objects.get(year=2026)
    response = as_user(sysadmin).post(
        reverse("workdays:year_withdraw", args=[2026]), {"reason": "测试", "version": record.version}
    )
    assert response.status_code == 302
    assert not CalendarYear.objects.filter(year=2026).exists()


def test_import_page_lists_every_bad_line(as_user, sysadmin):
    client = as_user(sysadmin)
    assert client.get(reverse("workdays:import")).status_code == 200
    upload = SimpleUploadedFile(
        "2027.csv", "2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n2027-01-04,workday,x\n".encode()
    )
    response = client.post(reverse("workdays:import"), {"year": 2027, "file": upload})
    assert response.status_code == 422
    html = response.content.decode()
    assert "第2行" in html
    assert "第3行" in html
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_import_success_goes_to_the_year(as_user, sysadmin):
    upload = SimpleUploadedFile("2027.csv", "2027-01-01,holiday,元旦\n".encode())
    response = as_user(sysadmin).post(
        reverse("workdays:import"), {"year": 2027, "file": upload, "note": "通知"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/workdays/?year=2027"
    assert CalendarYear.objects.get(year=2027).note == "通知"


def test_reader_cannot_import(as_user, clerk):
    assert as_user(clerk).get(reverse("workdays:import")).status_code == 403


# --- The compute helper -----------------------------------------------------------------------------


def test_compute_add_partial(as_user, clerk):
    response = as_user(clerk).get(
        reverse("workdays:compute"), {"op": "add", "date": "2026-09-30", "n": 5}, **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="compute-result"')
    assert "2026-10-13" in html


def test_compute_deadline_shows_the_explanation(as_user, clerk):
    response = as_user(clerk).get(
        reverse("workdays:compute"),
        {"op": "deadline", "start": "2026-09-30T10:00", "amount": 5, "unit": "workdays"},
    )
    html = response.content.decode()
    assert 'data-testid="compute-explanation"' in html
    assert "国庆节" in html
    assert "2026-10-13 23:59:59" in html


def test_compute_missing_year_shows_the_rule(as_user, clerk):
    response = as_user(clerk).get(
        reverse("workdays:compute"), {"op": "add", "date": "2099-12-28", "n": 10}, **HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "2099年" in html
    assert "CAL-1" in html


def test_compute_between_bad_date_names_the_field(as_user, clerk):
    response = as_user(clerk).get(
        reverse("workdays:compute"), {"op": "between", "start": "x", "end": "2026-10-12"}, **HTMX
    )
    assert response.status_code == 422
    assert "起始日期" in response.content.decode()


# --- Workbench panel --------------------------------------------------------------------------------


def test_workbench_warns_the_administrator_about_next_year(as_user, sysadmin, frozen_today):
    html = as_user(sysadmin).get(reverse("core:workbench")).content.decode()
    assert 'data-testid="panel-next-year"' in html
    assert "2027年的节假日和调休安排尚未载入" in html


def test_workbench_panel_is_not_shown_to_readers(as_user, clerk, frozen_today):
    html = as_user(clerk).get(reverse("core:workbench")).content.decode()
    assert 'data-testid="panel-next-year"' not in html


def test_workbench_panel_disappears_once_next_year_is_loaded(as_user, sysadmin, frozen_today):
    CalendarYear.objects.create(year=2027, source="manual", note="测试")
    html = as_user(sysadmin).get(reverse("core:workbench")).content.decode()
    assert 'data-testid="panel-next-year"' not in html


def test_withdraw_without_a_reason_shows_the_error_open(as_user, sysadmin):
    record = CalendarYear.objects.get(year=2026)
    response = as_user(sysadmin).post(
        reverse("workdays:year_withdraw", args=[2026]), {"reason": "", "version": record.version}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert '<details class="inline-form" open>' in html
    assert 'data-testid="error-reason"' in html
    assert CalendarYear.objects.filter(year=2026).exists()
