"""The oversight pages: the dashboard, my alerts, an alert's page and its action forms."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.org.choices import DataScope
from sunshine.org.tests.factories import DepartmentFactory, account_with_role
from sunshine.oversight import services
from sunshine.oversight.choices import AlertStatus
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


def test_dashboard_counts_and_lists_the_red_alert(red, inspector):
    response = client_for(inspector).get("/oversight/")
    assert response.status_code == 200
    assert response.context["red"] == 1
    assert [row["alert"].pk for row in response.context["rows"]] == [red.pk]
    assert f"/cases/{red.case_id}/" in response.content.decode()


def test_dashboard_filters_by_level(red, inspector):
    response = client_for(inspector).get("/oversight/?level=yellow")
    assert response.context["rows"] == []


def test_dashboard_list_query_count_is_fixed(red, inspector, django_assert_max_num_queries):
    client = client_for(inspector)
    client.get("/oversight/")
    with django_assert_max_num_queries(25):
        client.get("/oversight/", headers={"HX-Request": "true"})


def test_a_clerk_may_not_open_the_dashboard(red, clerk):
    assert client_for(clerk).get("/oversight/").status_code == 403


def test_the_responsible_clerk_sees_the_alert_in_my_alerts(red, clerk):
    response = client_for(clerk).get("/oversight/mine/")
    assert [row["alert"].pk for row in response.context["rows"]] == [red.pk]


def test_alert_page_offers_the_clerk_acknowledge_and_explain(red, clerk):
    response = client_for(clerk).get(f"/oversight/alerts/{red.pk}/")
    assert response.status_code == 200
    assert set(response.context["forms"]) == {"acknowledge", "explain", "escalate"}


def test_alert_page_offers_the_inspector_no_close_before_explanation(red, inspector):
    response = client_for(inspector).get(f"/oversight/alerts/{red.pk}/")
    assert "close" not in response.context["forms"]


def test_explaining_through_the_page(red, clerk):
    response = client_for(clerk).post(
        f"/oversight/alerts/{red.pk}/explain/",
        {"explain-explanation": "专家评审中", "explain-version": red.version},
    )
    assert response.status_code == 302
    red.refresh_from_db()
    assert red.status == AlertStatus.EXPLAINED


def test_an_empty_explanation_stays_on_the_page_with_422(red, clerk):
    response = client_for(clerk).post(f"/oversight/alerts/{red.pk}/explain/", {"explain-explanation": ""})
    assert response.status_code == 422
    assert response.context["forms"]["explain"].errors


def test_an_alert_outside_the_scope_is_404(red, body):
    stranger = account_with_role(
        "section_head", unit=DepartmentFactory(parent=body), scope=DataScope.OWN_DEPARTMENT
    )
    assert client_for(stranger).get(f"/oversight/alerts/{red.pk}/").status_code == 404


def test_an_unrelated_clerk_cannot_open_the_alert(red, department):
    other = account_with_role("clerk", unit=department, scope=DataScope.OWN_DEPARTMENT)
    assert client_for(other).get(f"/oversight/alerts/{red.pk}/").status_code == 404
