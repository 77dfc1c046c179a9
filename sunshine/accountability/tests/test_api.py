"""/api/v1/accountability/: a case from an alert to its decision, scope (404), refusals with the
rule (ACT-1, ACC-8, ACC-12)."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.accountability.models import Ground
from sunshine.accountability.tests.conftest import sanction
from sunshine.org.tests.factories import account_with_role

pytestmark = pytest.mark.django_db
URL = "/api/v1/accountability/cases"


def post(user, url, data):
    client = Client()
    client.force_login(user)
    return client.post(url, data, content_type="application/json")


def get(user, url):
    client = Client()
    client.force_login(user)
    return client.get(url)


def test_from_an_alert_to_the_decision(red_alert, inspector, clerk, leader, legal_reviewer):
    ground = Ground.objects.get(catalogue="enforcement", number=4)
    made = post(
        inspector,
        URL,
        {
            "source": "alert",
            "alert": red_alert.pk,
            "subject": "办件超期",
            "person": clerk.pk,
            "grounds": [ground.pk],
        },
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["alert"] == red_alert.pk
    assert body["case"] == red_alert.case_id
    assert body["status"] == "verifying"
    url = f"{URL}/{body['id']}"
    steps = [
        ("open", {"verification": "属实", "approved_by": leader.pk}),
        ("members", {"user": legal_reviewer.pk, "is_leader": True}),
        ("propose", {"tier": "serious", "sanctions": [sanction("通报批评").pk]}),
        ("statement", {"statement": "因材料缺失导致超期", "defence": "请求从轻"}),
        ("report", {"facts": "超期15日", "conclusion": "属实", "recommendation": "通报批评"}),
    ]
    for name, data in steps:
        answer = post(inspector, f"{url}/{name}", data)
        assert answer.status_code == 200, (name, answer.json())
    heavier = post(
        inspector,
        f"{url}/decide",
        {
            "tier": "serious",
            "sanctions": [sanction("停职检查").pk],
            "deciding_body": "局党组",
            "decision_text": "停职",
        },
    )
    assert heavier.status_code == 422 or heavier.status_code == 400, heavier.json()
    assert heavier.json()["rule"]["id"] == "ACC-8"
    decided = post(
        inspector,
        f"{url}/decide",
        {
            "tier": "serious",
            "sanctions": [sanction("通报批评").pk],
            "deciding_body": "局党组",
            "decision_text": "通报",
        },
    )
    assert decided.status_code == 200
    data = decided.json()
    assert data["status"] == "decided"
    assert [c["key"] for c in data["clocks"]] == ["investigation", "service", "appeal", "review"]
    assert data["clocks"][1]["state"] == "running"
    assert data["clocks"][0]["rule"] == "ACC-9"


def test_scope_is_the_own_body(inspector, clerk, other_body, body):
    made = post(
        inspector, URL, {"source": "media", "body": body.pk, "subject": "媒体曝光", "person": clerk.pk}
    )
    assert made.status_code == 201
    stranger = account_with_role("discipline_inspector", unit=other_body, username="insp2")
    assert get(stranger, f"{URL}/{made.json()['id']}").status_code == 404
    assert get(stranger, URL).json()["count"] == 0
    assert get(inspector, URL).json()["count"] == 1


def test_only_the_discipline_office(clerk, body):
    refused = get(clerk, URL)
    assert refused.status_code == 403
    assert refused.json()["rule"]["id"] == "ACT-1"


def test_a_member_with_a_conflict_is_refused(inspector, clerk, body, leader):
    made = post(
        inspector, URL, {"source": "media", "body": body.pk, "subject": "x", "person": clerk.pk}
    ).json()
    url = f"{URL}/{made['id']}"
    ground = Ground.objects.first()
    post(inspector, f"{url}/open", {"verification": "属实", "approved_by": leader.pk, "grounds": [ground.pk]})
    refused = post(inspector, f"{url}/members", {"user": clerk.pk})
    assert refused.json()["rule"]["id"] == "ACC-12"
    assert refused.json()["field"] == "user"
