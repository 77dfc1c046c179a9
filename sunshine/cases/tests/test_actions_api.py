"""The task actions in the API (/api/v1/cases/, ADR 0006): send back with its targets, transfer,
delegate, answer and take back, stand-ins; refusals are 4xx with the field or the rule."""

from __future__ import annotations

import pytest

from sunshine.cases.tests.test_actions import at_site_check, colleague, open_task, permit  # noqa: F401
from sunshine.cases.tests.test_api import API, client_for
from sunshine.core import clock
from sunshine.org.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def test_send_back_and_transfer_through_the_api(clerk, department, at_site_check):  # noqa: F811
    case = at_site_check
    api = client_for(clerk)
    PersonFactory(unit=department, user=clerk, name=clerk.full_name)
    li = colleague(department, "li", "李承办")
    task = open_task(case)
    targets = api.get(f"{API}/tasks/{task.pk}/send-back-targets").json()
    assert [t["name"] for t in targets] == ["审查"]
    acceptance = case.tasks.get(name="受理审查")
    refused = api.post(
        f"{API}/tasks/{task.pk}/send-back", {"to_task": acceptance.pk, "reason": "x"}, content_type=JSON
    )
    assert refused.status_code == 422
    assert refused.json()["rule"]["id"] == "TASK-1"
    no_reason = api.post(f"{API}/tasks/{task.pk}/send-back", {"to_task": targets[0]["id"]}, content_type=JSON)
    assert no_reason.status_code == 400
    assert no_reason.json()["field"] == "reason"
    done = api.post(
        f"{API}/tasks/{task.pk}/send-back",
        {"to_task": targets[0]["id"], "reason": "依据不足"},
        content_type=JSON,
    )
    assert done.status_code == 200, done.content
    statuses = {(t["name"], t["status"]) for t in done.json()["tasks"]}
    assert ("现场核查", "sent_back") in statuses
    assert ("审查", "open") in statuses
    reopened = open_task(case)
    moved = api.post(
        f"{API}/tasks/{reopened.pk}/transfer", {"to_user": li.pk, "reason": "出差"}, content_type=JSON
    )
    assert moved.status_code == 200, moved.content
    log = api.get(f"{API}/{case.pk}/actions").json()
    assert [(a["kind"], a["reason"]) for a in log] == [("send_back", "依据不足"), ("transfer", "出差")]
    assert log[1]["person_name"] == "李承办"
    unknown = api.post(f"{API}/tasks/{reopened.pk}/transfer", {"to_user": 999999}, content_type=JSON)
    assert unknown.status_code == 403  # no longer the clerk's step


def test_delegation_and_stand_ins_through_the_api(clerk, department, permit):  # noqa: F811
    from sunshine.cases.tests.test_services import register

    PersonFactory(unit=department, user=clerk, name=clerk.full_name)
    helper = colleague(department, "h1", "协办甲")
    case = register(clerk, permit)
    task = open_task(case)
    owner, other = client_for(clerk), client_for(helper)
    assert (
        owner.post(f"{API}/tasks/{task.pk}/delegate", {"to_user": helper.pk}, content_type=JSON).status_code
        == 200
    )
    blocked = owner.post(f"{API}/tasks/{task.pk}/complete", {"choice": "受理"}, content_type=JSON)
    assert blocked.status_code == 403
    answered = other.post(f"{API}/tasks/{task.pk}/delegation/reply", {"opinion": "可以"}, content_type=JSON)
    assert answered.status_code == 200
    late = owner.post(f"{API}/tasks/{task.pk}/delegation/take-back")
    assert late.status_code == 409
    today = clock.today().isoformat()
    named = other.post(
        f"{API}/stand-ins",
        {"person": helper.pk, "stand_in": clerk.pk, "starts_on": today, "ends_on": today, "reason": "休假"},
        content_type=JSON,
    )
    assert named.status_code == 201, named.content
    not_yours = other.post(
        f"{API}/stand-ins",
        {"person": clerk.pk, "stand_in": helper.pk, "starts_on": today, "ends_on": today, "reason": "x"},
        content_type=JSON,
    )
    assert not_yours.status_code == 403
    assert [s["stand_in"] for s in other.get(f"{API}/stand-ins").json()] == [clerk.pk]
    revoked = other.post(f"{API}/stand-ins/{named.json()['id']}/revoke")
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"]


def test_copy_through_the_api(clerk, department, body, permit):  # noqa: F811
    from sunshine.cases.tests.test_services import register
    from sunshine.org.tests.factories import DepartmentFactory, account_with_role

    other_dept = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=body)
    reader = account_with_role(
        "clerk", unit=other_dept, scope="department", username="r1", full_name="读者甲"
    )
    PersonFactory(unit=other_dept, user=reader, name="读者甲")
    case = register(clerk, permit)
    task = open_task(case)
    api, theirs = client_for(clerk), client_for(reader)
    assert theirs.get(f"{API}/{case.pk}").status_code == 404
    empty = api.post(f"{API}/tasks/{task.pk}/copy", {"readers": []}, content_type=JSON)
    assert empty.status_code == 400
    assert empty.json()["field"] == "readers"
    sent = api.post(
        f"{API}/tasks/{task.pk}/copy", {"readers": [reader.pk], "note": "知悉"}, content_type=JSON
    )
    assert sent.status_code == 200, sent.content
    assert theirs.get(f"{API}/{case.pk}").status_code == 200
    (mine,) = theirs.get(f"{API}/copies").json()
    assert (mine["case_number"], mine["read_at"]) == (case.number, None)
    assert theirs.post(f"{API}/{case.pk}/read").json()["read_at"]
    assert (
        theirs.post(f"{API}/tasks/{task.pk}/complete", {"choice": "受理"}, content_type=JSON).status_code
        == 404
    )
