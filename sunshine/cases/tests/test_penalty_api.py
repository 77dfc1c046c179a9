"""The penalty clocks API: stage clocks with explanations, the extension of the case duration
(CASE-157) with its refusals as 4xx naming the field, and the lapse of a correction period."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cases.tests.test_api import client_for
from sunshine.cases.tests.test_notice_deadline import correcting  # noqa: F401 (fixture)
from sunshine.cases.tests.test_penalty import FILED, filed, penalty_version, reported  # noqa: F401
from sunshine.core import clock

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


def test_the_stage_clocks_of_a_penalty_case(clerk, filed):  # noqa: F811
    response = client_for(clerk).get(f"{API}/{filed.pk}/penalty-clocks")
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["penalty"] is True
    assert data["duration_days"] == 30
    stages = {s["key"]: s for s in data["stages"]}
    assert stages["filing"]["rule"] == "CASE-146"
    assert stages["filing"]["state"] == "done"
    assert stages["duration"]["unit"] == "days"
    assert stages["duration"]["due"] == data["due_at"]
    assert any("起算" in line for line in stages["duration"]["explanation"])
    assert data["correction"] is None


def test_extending_through_the_api(clerk, leader, filed):  # noqa: F811
    url = f"{API}/{filed.pk}/penalty-extensions"
    body = {"total_days": 60, "authority": "principal", "reason": "需要技术鉴定"}
    assert client_for(clerk).post(url, body, content_type="application/json").status_code == 403
    over = client_for(leader).post(url, {**body, "total_days": 120}, content_type="application/json")
    assert over.status_code in (400, 409, 422)
    assert over.json()["field"] == "total_days"
    assert over.json()["rule"]["id"] == "CASE-157"
    done = client_for(leader).post(url, body, content_type="application/json")
    assert done.status_code == 201, done.content
    assert done.json()["duration_days"] == 60
    assert done.json()["extensions"][0]["authority"] == "principal"


def test_the_correction_deadline_and_lapse_through_the_api(clerk, correcting):  # noqa: F811
    api = client_for(clerk)
    data = api.get(f"{API}/{correcting.pk}/penalty-clocks").json()
    assert data["penalty"] is False
    assert data["stages"] == []
    assert data["correction"]["period_workdays"] == 20
    with clock.as_of(dt.datetime(2026, 3, 10, 9, 0, tzinfo=clock.LOCAL_TZ)):
        early = api.post(f"{API}/{correcting.pk}/notice-lapse", {}, content_type="application/json")
    assert early.status_code in (400, 409, 422)
    assert early.json()["rule"]["id"] == "CASE-105A"
    with clock.as_of(dt.datetime(2026, 4, 1, 9, 0, tzinfo=clock.LOCAL_TZ)):
        ended = api.post(
            f"{API}/{correcting.pk}/notice-lapse", {"note": "未补正"}, content_type="application/json"
        )
    assert ended.status_code == 200, ended.content
    assert ended.json()["status"] == "refused"


def test_unknown_case_is_404(clerk):
    assert client_for(clerk).get(f"{API}/999999/penalty-clocks").status_code == 404
