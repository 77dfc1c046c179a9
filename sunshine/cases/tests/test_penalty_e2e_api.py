"""A penalty case end to end through the API only (issue #6 "Done when"), in the demo's work-safety
bureau: each demo account takes a bearer token (POST /api/v1/auth/token) and does the steps of its
post as they come into its tasks (/api/v1/cases/my-tasks): 立案 within 7 working days (CASE-146),
调查取证, 法制审核 by the legal reviewer (CASE-151), 告知权利及听证 (CASE-148), the decision by the
director with its tier and an amount inside the range (CASE-143/152) within 30 days of filing
(CASE-157), service (CASE-153), publication (CASE-158), 执行, 结案 (CASE-155), 归档 and the archive
(CASE-156). Then the irregular and the late: an amount beyond its tier needs a reason (CAT-128) and
raises ANO-1, which the discipline office reads, orders on and closes through /api/v1/oversight/; a
case not filed in time is flagged red by the scan (CASE-146)."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from sunshine.cases import penalty_steps
from sunshine.cases.models import CaseTask
from sunshine.cases.tests.bureau import (  # noqa: F401 (fixture)
    DIRECTOR,
    INSPECTOR,
    LEGAL,
    MAJOR,
    OFFICER,
    PASSWORD,
    STEPS,
    account,
    beyond,
    bureau,
    inside,
    middle_tier,
    thirty_days_on,
)
from sunshine.core import clock
from sunshine.org.models import Person
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db
API = "/api/v1/cases"
OVERSIGHT = "/api/v1/oversight"


def client_of(username: str) -> APIClient:
    """An API client with the bearer token the account asked for with its password."""
    api = APIClient()
    response = api.post("/api/v1/auth/token", {"username": username, "password": PASSWORD}, format="json")
    assert response.status_code == 201, response.content
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    return api


def register(api: APIClient, version, **fields) -> dict:
    body = {
        "power_version": version.pk,
        "subject": "未按规定对从业人员进行安全生产教育和培训",
        "applicant_kind": "organisation",
        "applicant_name": "示范县鑫达建材有限公司",
        "applicant_contact": "0738-8123456",
        "received": ["立案审批表"],
        **fields,
    }
    response = api.post(f"{API}/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def my_task(api: APIClient, case: dict, step: str) -> dict:
    """The step of ``case`` waiting in the account's own tasks."""
    tasks = api.get(f"{API}/my-tasks").json()["results"]
    (task,) = [t for t in tasks if t["case"] == case["id"] and t["name"] == step]
    return task


def post(api: APIClient, url: str, body: dict, status: int = 200) -> dict:
    response = api.post(url, body, format="json")
    assert response.status_code == status, response.content
    return response.json()


def stages(api: APIClient, case: dict) -> dict:
    data = api.get(f"{API}/{case['id']}/penalty-clocks").json()
    assert data["penalty"] is True
    return {s["key"]: s for s in data["stages"]}


def decision_body(version, amount, **extra) -> dict:
    return {
        "kind": "penalty",
        "tier": middle_tier(version).pk,
        "measure": "fine",
        "amount": f"{amount:.2f}",
        "measure_text": "责令限期改正",
        "reasons": "当事人未按规定对12名从业人员进行安全生产教育和培训，违法情节一般。",
        "legal_basis": "《中华人民共和国安全生产法》第九十七条",
        **extra,
    }


def officers(task: dict) -> list[int]:
    """Two holders of the bureau's enforcement post for 调查取证 (CASE-147)."""
    task_obj = CaseTask.objects.get(pk=task["id"])
    return [p.pk for p, _post in penalty_steps.enforcement_holders(task_obj.case, task_obj.lane)[:2]]


def waived_hearing(api: APIClient, case: dict, amount) -> None:
    """The hearing right told on the proposed fine and waived by the party (CASE-149)."""
    body = {"measure": "fine", "amount": f"{amount:.2f}", "method": "direct"}
    post(api, f"{API}/{case['id']}/hearing-notice", body, 201)
    post(api, f"{API}/{case['id']}/hearing-answer", {"answer": "waived", "note": "当事人书面放弃听证"})


def hearing_requested_and_held(api: APIClient, director: APIClient, case: dict, task: dict, amount) -> None:
    """A fine of 较大数额 is told with the hearing right (CASE-149); the party asks, the decision waits
    for the hearing, whose chair is the office's head, not an investigator (CASE-150)."""
    notice = {"measure": "fine", "amount": f"{amount:.2f}", "method": "direct"}
    clocks = post(api, f"{API}/{case['id']}/hearing-notice", notice, 201)
    assert clocks["hearing_notice"]["major"] is True
    assert clocks["hearing_notice"]["request_days"] == 5
    assert len(clocks["investigators"]) == 2
    request = next(s for s in clocks["stages"] if s["key"] == "hearing_request")
    assert (request["rule"], request["state"], request["unit"]) == ("CASE-149", "running", "days")
    post(api, f"{API}/{case['id']}/hearing-answer", {"answer": "requested"})
    hearing = {
        "place": "局三楼会议室",
        "attendees": "当事人委托代理人、案件调查人员、记录员",
        "record": "当事人对违法事实无异议，请求从轻处罚。",
        "opinion": "维持拟处罚意见。",
    }
    investigator = clocks["investigators"][0]["person"]
    refused = api.post(f"{API}/{case['id']}/hearing", {**hearing, "chair": investigator}, format="json")
    assert refused.status_code == 422, refused.content
    assert refused.json()["code"] == "chair_investigated"
    office_head = Person.objects.get(user__username="safety.office.head").pk
    held = post(api, f"{API}/{case['id']}/hearing", {**hearing, "chair": office_head}, 201)
    assert held["hearing_notice"]["hearing"]["chair"] == office_head


def to_decision(clients: dict, case: dict, amount=None) -> dict:
    """Steps before the decision, each by its post's account (a fine of ``amount`` told with the
    hearing right, waived); the decision task."""
    for step, username in STEPS[:4]:
        task = my_task(clients[username], case, step)
        body = {"opinion": "同意", "choice": MAJOR if step == "告知权利及听证" else ""}
        if step == "调查取证":
            body["investigators"] = officers(task)
        if step == "告知权利及听证" and amount is not None:
            waived_hearing(clients[username], case, amount)
        post(clients[username], f"{API}/tasks/{task['id']}/complete", body)
    return my_task(clients[DIRECTOR], case, "作出处罚决定")


@pytest.fixture
def clients(bureau) -> dict[str, APIClient]:  # noqa: F811
    return {name: client_of(name) for name in (OFFICER, LEGAL, DIRECTOR, INSPECTOR)}


def test_a_penalty_case_from_the_clue_to_the_archive_through_the_api(bureau, clients):  # noqa: F811
    version, officer, director = bureau, clients[OFFICER], clients[DIRECTOR]
    amount = inside(middle_tier(version))
    case = register(officer, version)
    assert case["status"] == "received"
    assert case["first_contact"] == account(OFFICER).pk
    filing = stages(officer, case)["filing"]
    assert (filing["rule"], filing["state"], filing["amount"], filing["unit"]) == (
        "CASE-146",
        "running",
        7,
        "workdays",
    )
    assert dt.date.fromisoformat(filing["due"][:10]) == add_working_days(date=clock.today(), n=7)
    assert stages(officer, case)["duration"]["state"] == "pending"

    for step, username in STEPS:
        api = clients[username]
        task = my_task(api, case, step)
        if username != LEGAL:  # a step of another post is refused, naming that post
            action, body = (
                ("decision", decision_body(version, amount)) if step == "作出处罚决定" else ("complete", {})
            )
            refused = clients[LEGAL].post(f"{API}/tasks/{task['id']}/{action}", body, format="json")
            assert refused.status_code == 403, refused.content
            assert refused.json()["code"] == "not_your_post"
        if step == "作出处罚决定":
            outcome = post(api, f"{API}/tasks/{task['id']}/decision", decision_body(version, amount), 201)
            assert outcome["decision"]["out_of_range"] is False
            assert outcome["decision"]["amount"] == f"{amount:.2f}"
            assert "行政复议" in outcome["decision"]["rights"]
            continue
        if step == "送达":
            served = post(
                api,
                f"{API}/{case['id']}/service",
                {"method": "direct", "recipient": "法定代表人 陈建华"},
                201,
            )
            assert served["deliveries"][0]["late"] is False
            published = post(api, f"{API}/{case['id']}/publication", {}, 201)
            assert published["publication"]["min_workdays"] == 7
        options = [o["label"] for o in api.get(f"{API}/tasks/{task['id']}/options").json()]
        body = {"opinion": "同意", "choice": MAJOR if options else ""}
        if step == "调查取证":  # CASE-147: one officer is refused, two are recorded
            one = api.post(
                f"{API}/tasks/{task['id']}/complete", {**body, "investigators": officers(task)[:1]}
            )
            assert one.status_code == 422, one.content
            assert one.json()["rule"]["id"] == "CASE-147"
            body["investigators"] = officers(task)
        if step == "告知权利及听证":
            hearing_requested_and_held(api, director, case, task, amount)
        post(api, f"{API}/tasks/{task['id']}/complete", body)
        if step == "立案":
            assert officer.get(f"{API}/{case['id']}").json()["status"] == "accepted"
            duration = stages(officer, case)["duration"]
            assert (duration["rule"], duration["state"], duration["amount"]) == ("CASE-157", "running", 30)
            assert dt.date.fromisoformat(duration["due"][:10]) == thirty_days_on()

    detail = officer.get(f"{API}/{case['id']}").json()
    assert detail["status"] == "closed"
    done = {t["name"]: t["completed_by"] for t in detail["tasks"] if t["status"] == "done"}
    assert done == {step: account(username).pk for step, username in STEPS}
    archived = post(officer, f"{API}/{case['id']}/archive", {"file_number": "SAFETY-2026-0001"}, 201)
    assert archived["archive"]["file_number"] == "SAFETY-2026-0001"
    change = {**decision_body(version, amount - 1000), "reason": "复核后减轻"}
    again = director.post(f"{API}/{case['id']}/decision/change", change, format="json")
    assert again.status_code == 422
    assert again.json()["rule"]["id"] == "CASE-156"  # archived: read-only
    final = stages(officer, case)
    assert {k: (s["state"], s["late"]) for k, s in final.items()} == {
        key: ("done", False)
        for key in (
            "filing",
            "investigation",
            "legal_review",
            "notification",
            "hearing_request",
            "decision",
            "duration",
            "closing",
        )
    }
    assert clients[INSPECTOR].get(f"{OVERSIGHT}/alerts", {"status": "all"}).json()["count"] == 0


def test_an_amount_beyond_the_tier_is_flagged_ordered_on_and_closed_through_the_api(bureau, clients):  # noqa: F811
    version, director, inspector = bureau, clients[DIRECTOR], clients[INSPECTOR]
    amount = beyond(middle_tier(version))
    case = register(clients[OFFICER], version, applicant_name="示范县永安矿业有限公司")
    task = to_decision(clients, case, amount)
    url = f"{API}/tasks/{task['id']}/decision"
    refused = director.post(url, decision_body(version, amount), format="json")
    assert refused.status_code == 400
    assert refused.json()["field"] == "range_reason"
    assert refused.json()["rule"]["id"] == "CAT-128"
    body = decision_body(version, amount, range_reason="当事人拒不配合检查，并有转移证据行为，依法从重处罚。")
    assert post(director, url, body, 201)["decision"]["out_of_range"] is True

    # The discipline office reads the ANO-1 alert; the director is responsible for it.
    listing = inspector.get(f"{OVERSIGHT}/alerts", {"kind": "discretion_exceeded"}).json()
    (alert,) = listing["results"]
    assert (alert["case"], alert["rule"], alert["level"]) == (case["id"], "ANO-1", "red")
    assert alert["responsible"] == account(DIRECTOR).pk
    early = inspector.post(f"{OVERSIGHT}/alerts/{alert['id']}/close", {"note": "已核实"}, format="json")
    assert early.status_code == 422
    assert early.json()["rule"]["id"] == "OVS-2"  # not before the responsible person explains

    order = post(
        inspector,
        f"{OVERSIGHT}/orders",
        {
            "alert": alert["id"],
            "responsible": account(DIRECTOR).pk,
            "subject": "罚款金额超出裁量基准",
            "requirement": "请书面说明从重处罚的事实依据，并附证据材料。",
            "reply_workdays": 3,
        },
        201,
    )
    assert order["alert"] == alert["id"]
    reply = {
        "reason": "当事人转移证据，情节严重。",
        "progress": "已补充证据材料，提交局务会复核。",
        "new_deadline": (clock.now() + dt.timedelta(days=5)).isoformat(),
    }
    post(director, f"{OVERSIGHT}/orders/{order['id']}/reply", reply)
    post(inspector, f"{OVERSIGHT}/orders/{order['id']}/verify", {"accepted": True, "note": "理由成立。"})
    closed_order = post(inspector, f"{OVERSIGHT}/orders/{order['id']}/close", {"note": "督办事项已办结。"})
    assert closed_order["status"] == "closed"

    explanation = "当事人拒不配合检查并转移证据，依法从重处罚，理由已写入决定书。"
    post(director, f"{OVERSIGHT}/alerts/{alert['id']}/explain", {"explanation": explanation})
    closed = post(inspector, f"{OVERSIGHT}/alerts/{alert['id']}/close", {"note": "理由成立，予以关闭。"})
    assert closed["status"] == "closed"
    assert inspector.get(f"{OVERSIGHT}/alerts", {"kind": "discretion_exceeded"}).json()["count"] == 0


def test_a_case_not_filed_within_seven_working_days_is_flagged_red_by_the_scan(bureau, clients):  # noqa: F811
    from sunshine.oversight.services import scan

    case = register(clients[OFFICER], bureau, applicant_name="示范县福源日杂店")
    due = dt.datetime.fromisoformat(stages(clients[OFFICER], case)["filing"]["due"])
    scan(due + dt.timedelta(days=1), notify_people=False)  # the worker's periodic scan, a day too late
    red = clients[INSPECTOR].get(f"{OVERSIGHT}/alerts", {"level": "red", "kind": "overdue"}).json()
    flagged = [a for a in red["results"] if a["case"] == case["id"]]
    assert flagged
    assert {a["task_name"] for a in flagged} <= {"立案", None}
    assert any(a["task_name"] is None for a in flagged)  # the case itself, past its filing limit
