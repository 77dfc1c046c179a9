"""The calendar API: contract, the one error format, permissions (STYLE §5)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from sunshine.workdays.models import CalendarYear, SpecialDay

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workdays"


@pytest.fixture
def api():
    def as_user(user=None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return as_user


# --- Reading --------------------------------------------------------------------------------------


def test_years_lists_every_loaded_year(api, clerk):
    response = api(clerk).get(f"{BASE}/years", {"limit": 100})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 23
    assert body["results"][0]["year"] == 2004
    assert set(body["results"][-1]) == {
        "year",
        "source",
        "source_label",
        "note",
        "version",
        "loaded_at",
        "updated_at",
    }


def test_year_detail_and_missing_year(api, clerk):
    assert api(clerk).get(f"{BASE}/years/2026").json()["source"] == "package"
    response = api(clerk).get(f"{BASE}/years/2027")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_days_of_a_year_and_kind(api, clerk):
    body = api(clerk).get(f"{BASE}/days", {"year": 2026, "kind": "workday"}).json()
    assert [row["date"] for row in body["results"]] == [
        "2026-01-04",
        "2026-02-14",
        "2026-02-28",
        "2026-05-09",
        "2026-09-20",
        "2026-10-10",
    ]
    assert body["results"][-1]["kind_label"] == "调休上班"


def test_bad_filter_is_a_400_naming_the_field(api, clerk):
    response = api(clerk).get(f"{BASE}/days", {"year": "twenty"})
    assert response.status_code == 400
    assert response.json()["field"] == "year"


def test_an_account_without_the_calendar_permission_is_refused(api, secadmin):
    response = api(secadmin).get(f"{BASE}/years")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_anonymous_is_401(api):
    assert api().get(f"{BASE}/years").status_code == 401


# --- Computations ---------------------------------------------------------------------------------


def test_compute_add(api, clerk):
    response = api(clerk).get(f"{BASE}/compute/add", {"date": "2026-09-30", "n": 5})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-09-30", "n": 5, "result": "2026-10-13"}


def test_compute_between(api, clerk):
    response = api(clerk).get(f"{BASE}/compute/between", {"start": "2026-09-30", "end": "2026-10-12"})
    assert response.json()["count"] == 4


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date": "2026-02-30", "n": 1}, "date"),
        ({"date": "2026-09-30"}, "n"),
        ({"date": "2026-09-30", "n": "x"}, "n"),
    ],
)
def test_compute_add_bad_input_is_400_with_the_field(api, clerk, params, field):
    response = api(clerk).get(f"{BASE}/compute/add", params)
    assert response.status_code == 400
    assert response.json()["field"] == field


def test_compute_deadline_into_a_provisional_year_says_so(api, clerk, frozen_today):
    """CAL-6: the answer names the provisional year and the rule."""
    response = api(clerk).post(
        f"{BASE}/compute/deadline",
        {"start": "2026-12-20T09:00:00+08:00", "amount": 15, "unit": "workdays"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["due_date"], body["provisional_years"]) == ("2027-01-08", [2027])
    assert "CAL-6" in [rule["id"] for rule in body["rules"]]
    assert any("暂定" in line for line in body["explanation"])


def test_compute_missing_year_is_422_with_rule_cal_1(api, clerk):
    response = api(clerk).get(f"{BASE}/compute/add", {"date": "2099-12-28", "n": 10})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "calendar_year_missing"
    assert body["rule"]["id"] == "CAL-1"
    assert "2099" in body["message"]


def test_compute_deadline_explains_itself(api, clerk):
    response = api(clerk).post(
        f"{BASE}/compute/deadline",
        {"start": "2026-09-30T10:00:00+08:00", "amount": 5, "unit": "workdays"},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["due_date"] == "2026-10-13"
    assert body["due"].startswith("2026-10-13T23:59:59")
    assert {"date": "2026-10-01", "kind": "holiday", "name": "国庆节"} in body["skipped"]
    assert body["adjusted_workdays"] == [{"date": "2026-10-10", "kind": "adjusted_workday", "name": "国庆节"}]
    assert body["explanation"][-1].startswith("届满：2026-10-13")
    assert [rule["id"] for rule in body["rules"]] == ["CAL-1", "CAL-2"]


def test_compute_deadline_with_suspension_in_days(api, clerk):
    response = api(clerk).post(
        f"{BASE}/compute/deadline",
        {
            "start": "2026-11-02T09:00:00+08:00",
            "amount": 5,
            "unit": "workdays",
            "suspensions": [{"start": "2026-11-04T15:00:00+08:00", "end": "2026-11-05T10:00:00+08:00"}],
        },
        format="json",
    )
    body = response.json()
    assert body["due_date"] == "2026-11-11"
    assert body["suspended_days"] == ["2026-11-04", "2026-11-05"]
    assert body["suspensions"][0]["days"] == ["2026-11-04", "2026-11-05"]


def test_compute_deadline_naive_start_is_asia_shanghai(api, clerk):
    response = api(clerk).post(
        f"{BASE}/compute/deadline",
        {"start": "2026-09-30T10:00", "amount": 48, "unit": "hours"},
        format="json",
    )
    assert response.json()["due"] == "2026-10-02T10:00:00+08:00"


def test_compute_deadline_suspension_ending_before_it_starts_names_the_field(api, clerk):
    response = api(clerk).post(
        f"{BASE}/compute/deadline",
        {
            "start": "2026-11-02T09:00:00+08:00",
            "amount": 5,
            "unit": "workdays",
            "suspensions": [{"start": "2026-11-05T09:00:00+08:00", "end": "2026-11-04T09:00:00+08:00"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "suspensions[0].end"


def test_compute_deadline_too_many_days_is_400(api, clerk):
    response = api(clerk).post(
        f"{BASE}/compute/deadline",
        {"start": "2026-11-02T09:00", "amount": 5000, "unit": "days"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "amount"


def test_compute_needs_the_calendar_permission(api, auditor):
    response = api(auditor).get(f"{BASE}/compute/add", {"date": "2026-09-30", "n": 5})
    assert response.status_code == 403


# --- Changing -------------------------------------------------------------------------------------


def test_sysadmin_adds_an_adjusted_workday(api, sysadmin):
    response = api(sysadmin).post(
        f"{BASE}/days", {"date": "2026-11-28", "kind": "workday", "name": "测试调休"}
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["date"], body["kind"], body["source"], body["version"]) == (
        "2026-11-28",
        "workday",
        "manual",
        1,
    )
    result = api(sysadmin).get(f"{BASE}/compute/add", {"date": "2026-11-27", "n": 1}).json()["result"]
    assert result == "2026-11-28"


def test_a_reader_cannot_add(api, clerk):
    response = api(clerk).post(f"{BASE}/days", {"date": "2026-11-28", "kind": "workday", "name": "测试"})
    assert response.status_code == 403
    assert not SpecialDay.objects.filter(date=dt.date(2026, 11, 28)).exists()


@pytest.mark.parametrize(
    ("payload", "status", "field"),
    [
        ({"date": "2026-11-28", "kind": "workday"}, 400, "name"),
        ({"date": "2026-11-31", "kind": "workday", "name": "x"}, 400, "date"),
        ({"date": "2026-11-28", "kind": "weekend", "name": "x"}, 400, "kind"),
        ({"date": "2026-11-26", "kind": "workday", "name": "x"}, 422, "date"),
        ({"date": "2026-10-01", "kind": "holiday", "name": "国庆节"}, 409, "date"),
    ],
)
def test_add_errors_name_the_field(api, sysadmin, payload, status, field):
    response = api(sysadmin).post(f"{BASE}/days", payload)
    assert response.status_code == status
    assert response.json()["field"] == field


def test_weekday_adjusted_workday_carries_rule_cal_3(api, sysadmin):
    response = api(sysadmin).post(f"{BASE}/days", {"date": "2026-11-26", "kind": "workday", "name": "x"})
    assert response.json()["rule"]["id"] == "CAL-3"


def test_patch_changes_a_day_with_its_version(api, sysadmin):
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 7))
    response = api(sysadmin).patch(
        f"{BASE}/days/{day.pk}", {"version": day.version, "name": "国庆节（调整）"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["version"], response.json()["source"]) == (
        "国庆节（调整）",
        day.version + 1,
        "manual",
    )
    stale = api(sysadmin).patch(
        f"{BASE}/days/{day.pk}", {"version": day.version, "name": "又改"}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale_version"


def test_patch_by_a_reader_is_403(api, clerk):
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 7))
    response = api(clerk).patch(f"{BASE}/days/{day.pk}", {"version": day.version, "name": "x"}, format="json")
    assert response.status_code == 403


def test_delete_needs_a_reason_then_the_day_is_gone(api, sysadmin):
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 10))
    missing = api(sysadmin).delete(f"{BASE}/days/{day.pk}", {"version": day.version}, format="json")
    assert missing.status_code == 400
    assert missing.json()["field"] == "reason"
    done = api(sysadmin).delete(
        f"{BASE}/days/{day.pk}", {"version": day.version, "reason": "通知更正"}, format="json"
    )
    assert done.status_code == 200
    assert api(sysadmin).get(f"{BASE}/days/{day.pk}").status_code == 404
    assert SpecialDay.all_objects.get(pk=day.pk).delete_reason == "通知更正"


def test_delete_accepts_the_reason_in_the_query_string(api, sysadmin):
    day = SpecialDay.objects.get(date=dt.date(2026, 10, 10))
    response = api(sysadmin).delete(f"{BASE}/days/{day.pk}?version={day.version}&reason=更正")
    assert response.status_code == 200


def test_unknown_day_is_404(api, clerk):
    assert api(clerk).get(f"{BASE}/days/999999").status_code == 404


def test_import_lists_every_bad_line(api, sysadmin):
    upload = SimpleUploadedFile(
        "2027.csv",
        "2027-01-01,holiday,元旦\n2027-02-30,holiday,春节\n2027-01-04,workday,x\n".encode(),
        "text/csv",
    )
    response = api(sysadmin).post(f"{BASE}/import", {"year": 2027, "file": upload}, format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert (body["code"], body["field"]) == ("csv_invalid", "file")
    assert [item["message"][:3] for item in body["errors"]] == ["第2行", "第3行"]
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_import_from_json_content_marks_the_year(api, sysadmin):
    response = api(sysadmin).post(
        f"{BASE}/import",
        {"year": 2027, "content": "2027-01-01,holiday,元旦\n2027-02-07,workday,春节\n", "note": "国办发明电"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["calendar_year"]["source"] == "csv"
    assert body["created"] == ["2027-01-01", "2027-02-07"]


def test_import_without_a_file_is_400(api, sysadmin):
    response = api(sysadmin).post(f"{BASE}/import", {"year": 2027}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == "file"


def test_import_by_a_reader_is_403(api, clerk):
    response = api(clerk).post(
        f"{BASE}/import", {"year": 2027, "content": "2027-01-01,holiday,元旦\n"}, format="json"
    )
    assert response.status_code == 403


def test_mark_a_year_loaded_and_withdraw_it(api, sysadmin):
    api(sysadmin).post(f"{BASE}/days", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    marked = api(sysadmin).post(f"{BASE}/years", {"year": 2027, "note": "国办发明电〔2026〕1号"})
    assert marked.status_code == 201
    assert marked.json()["source"] == "manual"
    again = api(sysadmin).post(f"{BASE}/years", {"year": 2027, "note": "x"})
    assert again.status_code == 409
    withdrawn = api(sysadmin).post(f"{BASE}/years/2027/withdraw", {"version": 1, "reason": "测试"})
    assert withdrawn.status_code == 200
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_mark_a_year_without_holidays_is_422(api, sysadmin):
    response = api(sysadmin).post(f"{BASE}/years", {"year": 2029, "note": "x"})
    assert response.status_code == 422
    assert response.json()["rule"]["id"] == "CAL-1"


def test_openapi_schema_lists_the_calendar_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("years", "years/{year}", "days", "days/{id}", "import", "compute/add", "compute/deadline"):
        assert f"/api/v1/workdays/{path}" in paths


def test_a_reader_is_refused_before_the_input_is_checked(api, clerk):
    assert api(clerk).post(f"{BASE}/days", {"date": "not a date"}).status_code == 403
    assert api(clerk).post(f"{BASE}/years", {}).status_code == 403
