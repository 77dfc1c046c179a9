"""The catalog API's contract: create, edit, parts, risk points, life cycle, power lists, report;
errors as JSON with the field or the rule (400, 403, 404 outside the scope, 409, 422)."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.catalog.models import PowerItem
from sunshine.catalog.tests.factories import complete_draft, published, user_steps

pytestmark = pytest.mark.django_db
API = "/api/v1/catalog"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_register_edit_and_read_a_power(clerk, department):
    api = client_for(clerk)
    response = api.post(
        f"{API}/items",
        {
            "body": department.body_id,
            "department": department.pk,
            "code": "XK-7",
            "name": "危险化学品经营许可",
            "category": "permit",
            "template": "permit",
            "statutory_limit": 20,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    version = response.json()
    assert version["status"] == "draft"
    assert "sunshine:timeLimit" in version["flowchart"]["xml"]
    response = api.patch(
        f"{API}/versions/{version['id']}",
        {"expected_version": version["version"], "conditions": "有专职安全管理人员"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["conditions"] == "有专职安全管理人员"
    stale = api.patch(
        f"{API}/versions/{version['id']}",
        {"expected_version": version["version"], "conditions": "覆盖"},
        content_type="application/json",
    )
    assert stale.status_code == 409
    assert stale.json()["rule"]["id"] == "AUD-3"
    listing = api.get(f"{API}/items", {"q": "危险化学品"}).json()
    assert [row["code"] for row in listing["results"]] == ["XK-7"]


def test_bad_input_is_a_400_naming_the_field(clerk, department):
    api = client_for(clerk)
    response = api.post(
        f"{API}/items",
        {
            "body": department.body_id,
            "department": department.pk,
            "code": "X",
            "name": "甲",
            "category": "permit",
            "statutory_limit": 5,
            "promised_limit": 9,
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "promised_limit"
    version = complete_draft(clerk, department)
    response = api.put(
        f"{API}/versions/{version.pk}/legal-bases",
        [{"level": "law", "statute": ""}],
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "legal_bases.0.statute"
    response = api.put(
        f"{API}/versions/{version.pk}/flowchart", {"xml": "<not-bpmn"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "xml"


def test_submit_refusal_lists_every_problem_with_its_rule(clerk, department):
    api = client_for(clerk)
    version = complete_draft(clerk, department)
    step = user_steps(version)[0]["element_id"]
    api.post(
        f"{API}/versions/{version.pk}/risk-points",
        {"step_id": step, "description": "无措施"},
        content_type="application/json",
    )
    version.refresh_from_db()
    problems = api.get(f"{API}/versions/{version.pk}/problems").json()
    assert [(p["code"], p["rule"]) for p in problems] == [("risk_point_without_measure", "SUP-132")]
    response = api.post(
        f"{API}/versions/{version.pk}/submit",
        {"expected_version": version.version},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["rule"]["id"] == "SUP-132"
    assert [e["code"] for e in body["errors"]] == ["risk_point_without_measure"]


def test_life_cycle_through_the_api(clerk, department, legal_reviewer, inspector, leader):
    version = complete_draft(clerk, department)
    response = client_for(clerk).post(
        f"{API}/versions/{version.pk}/submit",
        {"expected_version": version.version},
        content_type="application/json",
    )
    assert response.json()["status"] == "submitted"
    for user, kind in ((legal_reviewer, "legal"), (inspector, "discipline")):
        response = client_for(user).post(
            f"{API}/versions/{version.pk}/reviews",
            {"kind": kind, "outcome": "approved", "opinion": "同意", "basis_checked": True},
            content_type="application/json",
        )
        assert response.status_code == 201, response.content
    version.refresh_from_db()
    assert version.status == "reviewed"
    forbidden = client_for(clerk).post(
        f"{API}/versions/{version.pk}/publish",
        {"expected_version": version.version},
        content_type="application/json",
    )
    assert forbidden.status_code == 403
    response = client_for(leader).post(
        f"{API}/versions/{version.pk}/publish",
        {"expected_version": version.version},
        content_type="application/json",
    )
    assert response.json()["status"] == "published"
    item = PowerItem.objects.get()
    response = client_for(clerk).post(
        f"{API}/items/{item.pk}/versions", {"change_note": "调整"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["number"] == 2
    assert [v["status"] for v in client_for(clerk).get(f"{API}/items/{item.pk}/versions").json()] == [
        "draft",
        "published",
    ]


def test_scope_hides_other_departments(clerk, department, legal_reviewer, inspector, leader, other_body):
    from sunshine.org.tests.factories import DepartmentFactory, account_with_role

    version = complete_draft(clerk, department)
    stranger = account_with_role("clerk", unit=DepartmentFactory(parent=other_body), scope="department")
    assert client_for(stranger).get(f"{API}/versions/{version.pk}").status_code == 404
    assert client_for(stranger).get(f"{API}/items").json()["count"] == 0


def test_power_lists_and_report(clerk, department, legal_reviewer, inspector, leader):
    version = published(clerk, department, legal_reviewer, inspector, leader)
    post = version.responsibilities.get().post
    rows = client_for(leader).get(f"{API}/posts/{post.pk}/powers").json()
    assert [r["version"]["code"] for r in rows] == ["XK-001"]
    assert rows[0]["roles"] == ["承办"]
    report = client_for(leader).get(f"{API}/report").json()
    row = next(r for r in report if r["department"] == department.pk)
    assert row["items"] == 1
    assert row["missing"]["any"] == 0
    assert row["risks"]["B"] + row["risks"]["A"] + row["risks"]["C"] == 1
