"""The cases API: register, my tasks, options, complete; errors with the field or the rule."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.catalog.tests.factories import published
from sunshine.org.tests.factories import DepartmentFactory, account_with_role

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return published(clerk, department, legal_reviewer, inspector, leader)


def test_a_case_through_the_api(clerk, permit):
    api = client_for(clerk)
    response = api.post(
        f"{API}/",
        {
            "power_version": permit.pk,
            "subject": "申请零售许可",
            "applicant_kind": "person",
            "applicant_name": "王五",
            "applicant_contact": "13900000000",
            "received": ["申请书", "营业执照复印件"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["status"] == "received"
    (task,) = [t for t in case["tasks"] if t["status"] == "open"]
    mine = api.get(f"{API}/my-tasks").json()
    assert mine["count"] == 0  # the lane names no post of the body: nobody's own yet
    options = api.get(f"{API}/tasks/{task['id']}/options").json()
    assert [o["label"] for o in options] == ["受理", "一次性告知补正", "不予受理"]
    bad = api.post(f"{API}/tasks/{task['id']}/complete", {"choice": "随便"}, content_type="application/json")
    assert bad.status_code == 400
    assert bad.json()["field"] == "choice"
    done = api.post(
        f"{API}/tasks/{task['id']}/complete",
        {"choice": "受理", "opinion": "齐全"},
        content_type="application/json",
    )
    assert done.status_code == 200
    assert done.json()["status"] == "accepted"
    again = api.post(
        f"{API}/tasks/{task['id']}/complete", {"choice": "受理"}, content_type="application/json"
    )
    assert again.status_code == 409
    listing = api.get(f"{API}/", {"q": "王五"}).json()
    assert listing["count"] == 1


def test_bad_registration_names_the_field(clerk, permit):
    response = client_for(clerk).post(
        f"{API}/",
        {
            "power_version": permit.pk,
            "subject": "",
            "applicant_kind": "person",
            "applicant_name": "王五",
            "applicant_contact": "1",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "subject"


def test_cases_outside_the_scope_are_not_found(clerk, permit, other_body):
    api = client_for(clerk)
    case = api.post(
        f"{API}/",
        {
            "power_version": permit.pk,
            "subject": "x",
            "applicant_kind": "person",
            "applicant_name": "王五",
            "applicant_contact": "1",
        },
        content_type="application/json",
    ).json()
    stranger = account_with_role("clerk", unit=DepartmentFactory(parent=other_body), scope="department")
    assert client_for(stranger).get(f"{API}/{case['id']}").status_code == 404
    assert client_for(stranger).get(f"{API}/").json()["count"] == 0
