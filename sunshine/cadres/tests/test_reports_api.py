"""/api/v1/cadres/reports/ and the staff pages of the reports area: a request filed and approved
through the API with the rule named on refusal; the summary as JSON, page and PDF; a personal
matter kept from others (SUP-235)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sunshine.core import clock
from sunshine.org.choices import DataScope, PostKind
from sunshine.org.tests.factories import PersonFactory, PostFactory, PostHoldingFactory, account_with_role


def cadre(unit, kind, username, role, name):
    user = account_with_role(role, unit=unit, username=username, full_name=name, scope=DataScope.OWN_BODY)
    person = PersonFactory(unit=unit, name=name, user=user)
    PostHoldingFactory(
        person=person, post=PostFactory(unit=unit, name=f"{name}岗", kind=kind), start_date="2024-01-01"
    )
    return user


@pytest.fixture
def people(body):
    return {
        "chief": cadre(body, PostKind.PRINCIPAL, "chief", "principal_leader", "李局长"),
        "deputy": cadre(body, PostKind.DEPUTY_LEADER, "deputy", "deputy_leader", "孙副局长"),
        "deputy2": cadre(body, PostKind.DEPUTY_LEADER, "deputy2", "deputy_leader", "周副局长"),
        "office": cadre(body, PostKind.OFFICE, "office", "office_clerk", "郑办公室"),
        "inspector": cadre(body, PostKind.DISCIPLINE, "insp", "discipline_inspector", "王纪检"),
    }


def client(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


def absence(people, **extra):
    start = clock.today() + dt.timedelta(days=10)
    return {
        "kind": "leave",
        "destination": "成都市",
        "reason": "探亲",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=7)).isoformat(),
        "contact_phone": "138",
        "stand_in": people["deputy2"].pk,
        "stand_in_phone": "139",
        **extra,
    }


def test_api_file_approve_and_summarise(people, body):
    refused = client(people["deputy"]).post(
        "/api/v1/cadres/reports/absences", {**absence(people), "stand_in": None}, format="json"
    )
    assert refused.status_code == 422
    assert refused.json()["rule"]["id"] == "SUP-226"
    assert refused.json()["field"] == "stand_in"
    made = client(people["deputy"]).post("/api/v1/cadres/reports/absences", absence(people), format="json")
    assert made.status_code == 201, made.json()
    data = made.json()
    assert data["days"] == 8
    assert [s["kind"] for s in data["steps"]] == ["agree", "approve", "file"]  # 8 days: tier 3 (SUP-17)
    pk = data["id"]
    early = client(people["office"]).post(
        f"/api/v1/cadres/reports/absences/{pk}/decide", {"approve": True}, format="json"
    )
    assert early.status_code == 422
    assert early.json()["rule"]["id"] == "SUP-17"
    for actor in ("chief", "office", "office"):
        answer = client(people[actor]).post(
            f"/api/v1/cadres/reports/absences/{pk}/decide", {"approve": True}, format="json"
        )
        assert answer.status_code == 200, answer.json()
    assert answer.json()["status"] == "approved"
    start = dt.date.fromisoformat(data["start_date"])
    query = {"body": body.pk, "year": start.year, "half": 1 if start.month <= 6 else 2}
    rows = client(people["inspector"]).get("/api/v1/cadres/reports/absences/summary", query).json()
    assert [r["name"] for r in rows] == ["孙副局长"]
    assert "李局长" in rows[0]["approvers"]


def test_api_matter_confidential(people):
    matter = {
        "matter_type": "housing",
        "matter_date": (clock.today() + dt.timedelta(days=5)).isoformat(),
        "description": "配偶购房",
        "place": "县城",
        "funds_source": "自有",
        "handling": "按揭",
    }
    made = client(people["deputy"]).post("/api/v1/cadres/reports/matters", matter, format="json")
    assert made.status_code == 201, made.json()
    pk = made.json()["id"]
    assert client(people["chief"]).get(f"/api/v1/cadres/reports/matters/{pk}").status_code == 200
    assert client(people["inspector"]).get(f"/api/v1/cadres/reports/matters/{pk}").status_code == 200
    assert client(people["deputy2"]).get(f"/api/v1/cadres/reports/matters/{pk}").status_code == 404
    assert client(people["office"]).get(f"/api/v1/cadres/reports/matters/{pk}").status_code == 404


def test_pages_and_pdf(people, body, client):
    client.force_login(people["deputy"])
    assert client.get("/cadres/reports/").status_code == 200
    page = client.post(
        "/cadres/reports/absences/new/",
        {**absence(people), "start_date": clock.today().isoformat(), "end_date": clock.today().isoformat()},
    )
    assert page.status_code == 422
    text = page.content.decode()
    assert "须提前2天请示报备" in text
    assert "SUP-222" in text
    client.force_login(people["office"])
    today = clock.today()
    pdf = client.get(f"/cadres/reports/summary/?body={body.pk}&year={today.year}&half=1&format=pdf")
    assert pdf.status_code == 200
    assert pdf.content[:4] == b"%PDF"
    client.force_login(people["inspector"])
    assert client.get(f"/cadres/reports/meeting/?body={body.pk}&year={today.year}&half=2").status_code == 200
    client.force_login(people["office"])
    assert client.get(f"/cadres/reports/meeting/?body={body.pk}&year={today.year}&half=2").status_code == 403
