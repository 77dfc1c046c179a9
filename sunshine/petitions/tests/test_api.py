"""The petitions API (/api/v1/petitions/): contract, scope (404), errors with their rule."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import account_with_role
from sunshine.petitions.tests.conftest import file

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_register_visit_returns_code_and_secret_once(office, body):
    response = api(office).post(
        "/api/v1/petitions/",
        {"channel": "visit", "body": body.pk, "kind": "complaint", "name": "王小明", "phone": "139",
         "subject": "窗口拖延", "content": "工作人员推诿拖延，要求多次往返。"},
        format="json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["petition"]["registered_by"] == office.pk
    assert data["petition"]["channel"] == "visit"
    assert data["secret"]
    assert "name" not in data["petition"]


def test_register_bad_input_names_field(office, body):
    response = api(office).post(
        "/api/v1/petitions/",
        {"channel": "visit", "body": body.pk, "kind": "complaint", "subject": "x", "content": "太短"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "content"


def test_list_and_detail_in_scope(office, body):
    petition, _ = file(body)
    client = api(office)
    listed = client.get("/api/v1/petitions/").json()
    assert [p["code"] for p in listed["results"]] == [petition.code]
    detail = client.get(f"/api/v1/petitions/{petition.pk}").json()
    assert detail["events"][0]["kind"] == "filed"


def test_outside_scope_is_404(body, other_body):
    petition, _ = file(body)
    stranger = account_with_role("office_clerk", unit=other_body, username="stranger")
    assert api(stranger).get(f"/api/v1/petitions/{petition.pk}").status_code == 404


def test_leader_report_is_404_for_the_leader(body, leader, leader_person, inspector):
    petition, _ = file(body, kind="report", accused_is_leader=True)
    assert api(leader).get(f"/api/v1/petitions/{petition.pk}").status_code == 404
    assert api(inspector).get(f"/api/v1/petitions/{petition.pk}").status_code == 200


def test_assign_answer_close_and_identity(office, clerk, clerk_person, body):
    petition, _ = file(body, anonymous=False, name="王小明", phone="13900000000")
    boss, handler = api(office), api(clerk)
    r = boss.post(f"/api/v1/petitions/{petition.pk}/assign", {"handler": clerk.pk}, format="json")
    assert r.status_code == 200
    assert r.json()["handlers"] == [clerk.pk]
    assert boss.get(f"/api/v1/petitions/{petition.pk}/identity").status_code == 403
    identity = handler.get(f"/api/v1/petitions/{petition.pk}/identity")
    assert identity.json()["name"] == "王小明"
    assert identity["Cache-Control"] == "no-store"
    assert AuditRecord.objects.filter(action="petitions.identity_read", actor_id=clerk.pk).count() == 1
    r = handler.post(
        f"/api/v1/petitions/{petition.pk}/answer", {"text": "已整改并致歉，感谢监督。"}, format="json"
    )
    assert r.json()["status"] == "answered"
    r = boss.post(f"/api/v1/petitions/{petition.pk}/close", {"satisfaction": "satisfied"}, format="json")
    assert r.json()["status"] == "closed"
    assert r.json()["satisfaction"] == "satisfied"


def test_close_unanswered_is_422_with_rule(office, body):
    petition, _ = file(body)
    r = api(office).post(f"/api/v1/petitions/{petition.pk}/close", {}, format="json")
    assert r.status_code == 422
    assert r.json()["rule"]["id"] == "PET-3"


def test_transfer_and_extend(office, leader, body, other_body):
    petition, _ = file(body)
    r = api(leader).post(
        f"/api/v1/petitions/{petition.pk}/extend", {"workdays": 5, "reason": "核查"}, format="json"
    )
    assert r.status_code == 200
    assert r.json()["extended"]
    r = api(office).post(
        f"/api/v1/petitions/{petition.pk}/transfer",
        {"to_body": other_body.pk, "reason": "属乡政府职责"},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["body"] == other_body.pk
    assert api(office).get(f"/api/v1/petitions/{petition.pk}").status_code == 404  # left the scope


def test_alerts_need_supervise_permission(clerk, inspector, body):
    assert api(clerk).get("/api/v1/petitions/alerts").status_code == 403
    assert api(inspector).get("/api/v1/petitions/alerts").json()["count"] == 0
