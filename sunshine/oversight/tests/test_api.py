"""/api/v1/oversight/: the contract and its errors."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, account_with_role
from sunshine.oversight import services
from sunshine.oversight.models import Alert

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def red(late_case):
    services.scan()
    return Alert.objects.get(case=late_case, task__isnull=False)


def test_inspector_lists_red_alerts(red, inspector):
    response = client_for(inspector).get("/api/v1/oversight/alerts?level=red")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [red.pk]
    assert response.json()["results"][0]["case_number"] == red.case.number


def test_explain_then_close_through_the_api(red, clerk, inspector):
    explained = client_for(clerk).post(
        f"/api/v1/oversight/alerts/{red.pk}/explain",
        {"explanation": "等待专家评审"},
        content_type="application/json",
    )
    assert explained.status_code == 200
    assert explained.json()["status"] == "explained"
    closed = client_for(inspector).post(
        f"/api/v1/oversight/alerts/{red.pk}/close", {"note": "同意"}, content_type="application/json"
    )
    assert closed.json()["status"] == "closed"


def test_closing_without_explanation_is_a_422_with_its_rule(red, inspector):
    response = client_for(inspector).post(
        f"/api/v1/oversight/alerts/{red.pk}/close", {}, content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["code"] == "alert_explanation_required"


def test_an_alert_outside_the_scope_is_404(red, body):
    stranger = account_with_role(
        "section_head", unit=DepartmentFactory(parent=body), scope=DataScope.OWN_DEPARTMENT
    )
    assert client_for(stranger).get(f"/api/v1/oversight/alerts/{red.pk}").status_code == 404


def test_a_clerk_may_not_list_all_alerts(red, clerk):
    response = client_for(clerk).get("/api/v1/oversight/alerts")
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_escalating_through_the_api(red, clerk):
    response = client_for(clerk).post(
        f"/api/v1/oversight/alerts/{red.pk}/escalate",
        {"escalated_to": "leader", "note": "需协调"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["escalated_to"] == "leader"
