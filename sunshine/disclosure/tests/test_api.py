"""The disclosure API (/api/v1/disclosure/): plan with due periods, publishing, requests and their
actions, identity for the handler only; errors with field and rule."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sunshine.core import clock
from sunshine.disclosure.tests.conftest import MONDAY

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_plan_shows_periods_with_due_dates_and_publish(office, quarterly):
    url = f"/api/v1/disclosure/plans/{quarterly.plan_id}"
    data = api(office).get(url).json()
    periods = data["items"][0]["periods"]
    assert [p["period"] for p in periods] == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]
    assert periods[0]["due_at"].startswith("2026-04-15")
    with clock.as_of(MONDAY.replace(month=4, day=1)):
        response = api(office).post(
            f"{url}/items/{quarterly.pk}/publish",
            {"period": "2026-Q1", "title": "一季度", "text": "内容"},
            format="json",
        )
    assert response.status_code == 201, response.content
    assert api(office).get(url).json()["items"][0]["periods"][0]["state"] == "published"


def test_request_actions_and_identity(office, clerk, leader, filed_request):
    request, _secret = filed_request
    base = f"/api/v1/disclosure/requests/{request.pk}"
    assert api(office).post(f"{base}/assign", {"handler": clerk.pk}, format="json").status_code == 200
    assert api(office).get(f"{base}/identity").status_code == 403
    identity = api(clerk).get(f"{base}/identity")
    assert identity.json()["contact"] == "13900000000"
    assert "contact" not in api(office).get(base).json()
    with clock.as_of(MONDAY.replace(day=4)):
        too_long = api(leader).post(f"{base}/extend", {"workdays": 30, "reason": "需征求意见"}, format="json")
    assert too_long.status_code == 422
    assert too_long.json()["code"] == "extension_too_long"
    answer = api(clerk).post(f"{base}/answer", {"kind": "partial", "text": "部分涉及隐私"}, format="json")
    assert answer.status_code == 400
    assert answer.json()["field"] == "withhold_reason"
    answer = api(clerk).post(
        f"{base}/answer",
        {"kind": "partial", "withhold_reason": "privacy", "text": "部分涉及隐私"},
        format="json",
    )
    assert answer.json()["status"] == "answered"


def test_register_by_letter_returns_the_secret_once(office, body):
    response = api(office).post(
        "/api/v1/disclosure/requests",
        {"body": body.pk, "channel": "letter", "name": "林秀英", "contact": "135",
         "description": "本村2025年惠农补贴发放名单", "delivery_form": "post"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["secret"]
    assert response.json()["request"]["registered_by"] == office.pk
