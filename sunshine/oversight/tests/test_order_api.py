"""/api/v1/oversight/orders: the contract and its errors (CASE-17, CASE-21)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from sunshine.core import clock
from sunshine.org.tests.factories import DepartmentFactory, account_with_role
from sunshine.oversight import services
from sunshine.oversight.models import Alert, SupervisionOrder

pytestmark = pytest.mark.django_db
URL = "/api/v1/oversight/orders"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(user, url, data):
    return client_for(user).post(url, data, content_type="application/json")


@pytest.fixture
def red(late_case):
    services.scan(notify_people=False)
    return Alert.objects.get(case=late_case, task__isnull=False, level="red")


def issue_by_hand(inspector, department, clerk, **extra):
    fields = {
        "department": department.pk,
        "responsible": clerk.pk,
        "subject": "整改事项",
        "requirement": "限期整改",
    }
    return post(inspector, URL, {**fields, **extra})


def test_issue_from_an_alert_then_reply_verify_close(red, inspector, clerk):
    issued = post(
        inspector,
        URL,
        {"alert": red.pk, "responsible": clerk.pk, "subject": red.message, "requirement": "请书面答复"},
    )
    assert issued.status_code == 201
    body = issued.json()
    assert body["source"] == "alert"
    assert body["case"] == red.case_id
    assert body["status"] == "issued"
    assert "督〔" in body["number"]
    pk = body["id"]
    deadline = (clock.now() + dt.timedelta(days=10)).isoformat()
    replied = post(
        clerk, f"{URL}/{pk}/reply", {"reason": "等待专家评审", "progress": "已评审", "new_deadline": deadline}
    )
    assert replied.status_code == 200
    assert replied.json()["replies"][0]["reason"] == "等待专家评审"
    verified = post(inspector, f"{URL}/{pk}/verify", {"accepted": True, "note": "属实"})
    assert verified.json()["status"] == "verified"
    closed = post(
        inspector, f"{URL}/{pk}/close", {"note": "办结", "expected_version": verified.json()["version"]}
    )
    assert closed.json()["status"] == "closed"
    detail = client_for(clerk).get(f"{URL}/{pk}").json()
    assert detail["replies"][0]["verdict"] == "accepted"


def test_issue_by_hand_and_as_a_decision_follow_up(inspector, department, clerk):
    manual = issue_by_hand(inspector, department, clerk)
    assert manual.status_code == 201
    assert manual.json()["source"] == "manual"
    follow_up = issue_by_hand(
        inspector, department, clerk, source="decision", source_ref="decisions.decision:3"
    )
    assert follow_up.json()["source_ref"] == "decisions.decision:3"
    assert follow_up.json()["seq"] == manual.json()["seq"] + 1


def test_issue_refusals_are_4xx_naming_the_field(inspector, clerk, department, red):
    missing = issue_by_hand(inspector, department, clerk, subject="")
    assert missing.status_code == 400
    assert "subject" in missing.content.decode()
    nobody = issue_by_hand(inspector, department, clerk, responsible=999999)
    assert nobody.status_code == 400
    assert "responsible" in nobody.content.decode()
    post(inspector, URL, {"alert": red.pk, "responsible": clerk.pk, "subject": "s", "requirement": "r"})
    again = post(
        inspector, URL, {"alert": red.pk, "responsible": clerk.pk, "subject": "s", "requirement": "r"}
    )
    assert again.status_code == 409
    assert SupervisionOrder.objects.count() == 1


def test_clerk_may_not_issue_or_verify(clerk, inspector, department):
    assert issue_by_hand(clerk, department, clerk).status_code == 403
    pk = issue_by_hand(inspector, department, clerk).json()["id"]
    assert post(clerk, f"{URL}/{pk}/verify", {"accepted": True}).status_code == 403


def test_only_the_issuing_office_verifies(inspector, leader, department, body):
    """OVS-21: the responsible person who replied (a deputy leader holding oversight.order) and a
    leader who did not issue the order get 403 with the rule's code; the issuer verifies."""
    deputy = account_with_role("deputy_leader", unit=body, username="deputy-api")
    pk = issue_by_hand(inspector, department, deputy).json()["id"]
    deadline = (clock.now() + dt.timedelta(days=10)).isoformat()
    post(deputy, f"{URL}/{pk}/reply", {"reason": "r", "progress": "p", "new_deadline": deadline})
    own = post(deputy, f"{URL}/{pk}/verify", {"accepted": True})
    assert own.status_code == 403
    assert own.json()["code"] == "order_self_verify"
    assert own.json()["rule"]["id"] == "OVS-21"
    assert "本人答复" in own.json()["message"]
    other = post(leader, f"{URL}/{pk}/verify", {"accepted": True})
    assert other.status_code == 403
    assert other.json()["code"] == "order_not_issuing_office"
    assert SupervisionOrder.objects.get(pk=pk).status == "replied"
    verified = post(inspector, f"{URL}/{pk}/verify", {"accepted": True})
    assert verified.status_code == 200
    assert verified.json()["status"] == "verified"
    assert post(deputy, f"{URL}/{pk}/close", {"note": "办结"}).status_code == 403


def test_reply_refusals(inspector, clerk, department):
    pk = issue_by_hand(inspector, department, clerk).json()["id"]
    past = (clock.now() - dt.timedelta(days=1)).isoformat()
    response = post(clerk, f"{URL}/{pk}/reply", {"reason": "r", "progress": "p", "new_deadline": past})
    assert response.status_code == 400
    assert "new_deadline" in response.content.decode()
    stale = post(
        clerk,
        f"{URL}/{pk}/reply",
        {"reason": "r", "progress": "p", "new_deadline": None, "expected_version": 7},
    )
    assert stale.status_code == 409
    assert (
        post(
            inspector, f"{URL}/{pk}/reply", {"reason": "r", "progress": "p", "new_deadline": None}
        ).status_code
        == 403
    )


def test_list_filters_mine_and_scope(inspector, clerk, department, other_body):
    first = issue_by_hand(inspector, department, clerk).json()
    assert client_for(inspector).get(URL).json()["count"] == 1
    assert client_for(inspector).get(URL, {"status": "closed"}).json()["count"] == 0
    assert client_for(inspector).get(URL, {"overdue": "true"}).json()["count"] == 0
    assert client_for(inspector).get(URL, {"year": first["year"]}).json()["count"] == 1
    assert client_for(clerk).get(URL, {"mine": "true"}).json()["results"][0]["id"] == first["id"]
    assert client_for(clerk).get(URL).status_code == 403
    outsider = account_with_role("discipline_inspector", unit=other_body, username="insp4")
    assert client_for(outsider).get(URL).json()["count"] == 0
    assert client_for(outsider).get(f"{URL}/{first['id']}").status_code == 404
    other = DepartmentFactory(name="综治办", code="BODY-2-D1", parent=other_body)
    assert issue_by_hand(inspector, other, clerk).status_code == 400
