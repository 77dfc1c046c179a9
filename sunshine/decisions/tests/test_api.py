"""/api/v1/decisions/: the contract, a full meeting through the API, errors with their rule, and the
organisation scope (SEC-7: 404 outside it)."""

from __future__ import annotations

import pytest
from django.test import Client

from sunshine.decisions import services
from sunshine.decisions.choices import TopicKind
from sunshine.org.tests.factories import DepartmentFactory, UnitFactory, account_with_role

pytestmark = pytest.mark.django_db
URL = "/api/v1/decisions"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(user, url, data=None):
    return client_for(user).post(f"{URL}/{url}", data or {}, content_type="application/json")


def get(user, url):
    return client_for(user).get(f"{URL}/{url}")


def _light_settings(world):
    services.settings_save(
        actor=world.principal,
        body=world.body,
        prerequisites={TopicKind.DECISION: ["research", "alternatives", "legality", "risk"]},
    )


def _propose(world):
    response = post(
        world.proposer,
        "topics",
        {
            "department": world.department.pk,
            "title": "修订本局财务管理办法",
            "kind": "decision",
            "background": "现行办法已不适应工作需要",
            "draft_decision": "同意印发",
            "alternatives": "方案一；方案二",
            "responsible_leader": world.in_charge.pk,
        },
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_topic_from_proposal_to_signed_minutes(world):
    _light_settings(world)
    topic = _propose(world)
    assert [m["key"] for m in topic["missing"]] == ["research", "legality", "risk"]
    refused = post(world.proposer, f"topics/{topic['id']}/submit")
    assert refused.status_code == 422
    assert refused.json()["rule"]["id"] == "DEC-60"
    assert (
        post(world.proposer, f"topics/{topic['id']}/research", {"summary": "调研三个科室"}).status_code == 201
    )
    review = {"basis": "《预算法》", "analysis": "合法", "conclusion": "passed"}
    assert post(world.proposer, f"topics/{topic['id']}/legality-review", review).status_code == 403
    assert post(world.legal, f"topics/{topic['id']}/legality-review", review).status_code == 201
    risk = {
        "legality": "合法",
        "reasonableness": "合理",
        "feasibility": "可行",
        "controllability": "可控",
        "level": "low",
        "measures": "宣传解释",
    }
    assert post(world.proposer, f"topics/{topic['id']}/risk-assessment", risk).json()["missing"] == []
    assert post(world.proposer, f"topics/{topic['id']}/submit").json()["status"] == "submitted"
    assert post(world.office, f"topics/{topic['id']}/check", {"accept": True}).json()["status"] == "ready"

    created = post(
        world.office,
        "meetings",
        {
            "kind": "party_group",
            "title": "2026年第10次党组会议",
            "starts_at": "2026-11-18T09:00:00+08:00",
            "place": "三楼会议室",
            "chair": world.principal.pk,
            "recorder": world.office.pk,
            "members": [u.pk for u in world.members],
            "attendees": [world.inspector.pk],
        },
    )
    assert created.status_code == 201, created.json()
    meeting = created.json()
    mid = meeting["id"]
    meeting = post(world.office, f"meetings/{mid}/agenda", {"topic": topic["id"]}).json()
    assert post(world.office, f"meetings/{mid}/notify").json()["status"] == "notified"
    for p in meeting["participants"]:
        assert (
            post(
                world.office, f"meetings/{mid}/attendance", {"participant": p["id"], "attendance": "present"}
            ).status_code
            == 200
        )
    post(world.office, f"meetings/{mid}/open")
    item = meeting["items"][0]["id"]
    principal = next(p["id"] for p in meeting["participants"] if p["is_principal"])
    first = post(
        world.office,
        f"items/{item}/opinions",
        {"participant": principal, "position": "agree", "reason": "同意"},
    )
    assert (first.status_code, first.json()["rule"]["id"], first.json()["field"]) == (
        422,
        "DEC-64",
        "participant",
    )
    voters = [p for p in meeting["participants"] if p["voting"]]
    for p in [v for v in voters if not v["is_principal"]] + [v for v in voters if v["is_principal"]]:
        answer = post(
            world.office,
            f"items/{item}/opinions",
            {"participant": p["id"], "position": "agree", "reason": "可行"},
        )
        assert answer.status_code == 201
    post(world.office, f"items/{item}/vote", {"method": "hands"})
    for p in voters:
        post(world.office, f"items/{item}/ballots", {"participant": p["id"], "choice": "agree"})
    counted = post(world.office, f"items/{item}/vote/close").json()
    assert counted["items"][0]["vote"]["passed"] is True
    assert (
        post(world.principal, f"items/{item}/outcome", {"outcome": "adopted"}).json()["items"][0]["outcome"]
        == "adopted"
    )
    assert post(world.office, f"meetings/{mid}/close").json()["status"] == "closed"
    minutes = post(world.office, f"meetings/{mid}/minutes", {"confidentiality": "internal"}).json()
    assert minutes["number"].endswith("纪〔2026〕1号")
    post(world.principal, f"minutes/{minutes['id']}/sign")
    signed = post(world.office, f"minutes/{minutes['id']}/sign").json()
    assert signed["status"] == "signed"
    corrected = post(world.office, f"minutes/{minutes['id']}/addenda", {"text": "地点更正", "reason": "笔误"})
    assert corrected.status_code == 201
    assert corrected.json()["addenda"][0]["reason"] == "笔误"
    notices = get(world.inspector, "notices").json()
    assert [n["rule"] for n in notices["results"]] == ["DEC-64"]


def test_secret_ballot_counts_stay_hidden_until_counted(world):
    services.settings_save(actor=world.principal, body=world.body, prerequisites={TopicKind.PERSONNEL: []})
    topic = services.topic_propose(
        actor=world.proposer,
        department=world.department,
        title="任命办公室主任",
        kind=TopicKind.PERSONNEL,
        background="岗位空缺",
        draft_decision="任命张三",
        responsible_leader=world.in_charge,
    )
    topic = services.topic_submit(actor=world.proposer, topic=topic)
    services.topic_check(actor=world.office, topic=topic, accept=True)
    from sunshine.decisions.tests.conftest import in_session, state_all

    m, (item,) = in_session(world, [topic])
    state_all(world, item)
    post(world.office, f"items/{item.pk}/vote", {"method": "secret"})
    assert post(world.deputies[0], f"items/{item.pk}/ballots", {"choice": "agree"}).status_code == 201
    shown = get(world.deputies[1], f"meetings/{m.pk}").json()["items"][0]["vote"]
    assert (shown["yes"], shown["counts_hidden"]) == (None, True)


def test_outside_the_organisation_is_not_found(world):
    _light_settings(world)
    topic = _propose(world)
    other_body = UnitFactory(name="示范乡人民政府", code="BODY-X")
    stranger = account_with_role("office_clerk", unit=other_body, username="stranger")
    assert get(stranger, f"topics/{topic['id']}").status_code == 404
    assert get(stranger, "topics").json()["count"] == 0
    assert post(stranger, f"topics/{topic['id']}/check", {"accept": True}).status_code == 404


def test_clerk_of_another_department_does_not_see_the_topic(world):
    _light_settings(world)
    topic = _propose(world)
    other = DepartmentFactory(name="安监二股", code="BODY-1-D2", parent=world.body)
    clerk = account_with_role("clerk", unit=other, scope="department", username="otherclerk")
    assert get(clerk, f"topics/{topic['id']}").status_code == 404


def test_bad_input_names_its_field_in_chinese(world):
    response = post(
        world.proposer,
        "topics",
        {
            "department": world.department.pk,
            "title": "大额资金",
            "kind": "funds",
            "background": "x",
            "draft_decision": "y",
            "responsible_leader": world.in_charge.pk,
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "amount"
    assert "金额" in response.json()["message"]


def test_tasks_of_an_adopted_decision_through_the_api(world):
    from sunshine.decisions.choices import Outcome, Position, VoteMethod
    from sunshine.decisions.tests.conftest import in_session, state_all
    from sunshine.decisions.tests.test_meetings import quick_ready

    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic])
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    for p in services.eligible(item):
        services.ballot_record(actor=world.office, vote=vote, participant=p, choice_value=Position.AGREE)
    services.vote_close(actor=world.office, vote=vote)
    services.outcome_record(actor=world.principal, item=item, outcome=Outcome.ADOPTED)
    clerk = account_with_role("clerk", unit=world.department, username="doer", full_name="落实人")
    answer = post(
        world.in_charge,
        f"items/{item.pk}/tasks",
        {"department": world.department.pk, "responsible": clerk.pk, "requirement": "年底前印发"},
    )
    assert answer.status_code == 201, answer.json()
    (task,) = answer.json()
    assert (task["status"], task["responsible"]["name"]) == ("issued", "落实人")
    assert "督〔2026〕" in task["number"]
    assert get(world.office, f"items/{item.pk}/tasks").json()[0]["order"] == task["order"]


def test_every_prerequisite_through_the_api(world):
    """The default settings of a major decision: research, alternatives, expert argumentation,
    legality, risk, consultation and public comment (DEC-60), each posted by its actor."""
    topic = _propose(world)
    tid = topic["id"]
    expert = post(
        world.proposer,
        "experts",
        {"name": "陈专家", "field": "财务", "title": "高级会计师", "senior_title": True, "years_in_field": 9},
    )
    assert (expert.status_code, expert.json()["rule"]["id"]) == (422, "DEC-19")
    expert = post(
        world.proposer,
        "experts",
        {
            "name": "陈专家",
            "field": "财务",
            "title": "高级会计师",
            "senior_title": True,
            "years_in_field": 10,
        },
    ).json()
    post(world.proposer, f"topics/{tid}/research", {"summary": "调研"})
    short = post(
        world.proposer,
        f"topics/{tid}/argumentations",
        {"materials_sent_on": "2026-11-10", "session_on": "2026-11-16", "chair": "副局长1"},
    )
    assert short.json()["rule"]["id"] == "DEC-16"
    post(
        world.proposer,
        f"topics/{tid}/argumentations",
        {"materials_sent_on": "2026-11-09", "session_on": "2026-11-16", "chair": "副局长1"},
    )
    from sunshine.decisions.models import Consultation, ExpertArgumentation, PublicComment

    arg = ExpertArgumentation.objects.get(topic_id=tid)
    opinion = {"expert": expert["id"], "opinion": "可行", "signed_on": "2026-11-16"}
    assert post(world.proposer, f"argumentations/{arg.pk}/opinions", opinion).status_code == 200
    post(
        world.legal,
        f"topics/{tid}/legality-review",
        {"basis": "法", "analysis": "合法", "conclusion": "passed"},
    )
    risk = {k: "可" for k in ("legality", "reasonableness", "feasibility", "controllability", "measures")}
    post(world.proposer, f"topics/{tid}/risk-assessment", {**risk, "level": "low"})
    post(
        world.proposer,
        f"topics/{tid}/consultations",
        {"consultee": world.deputies[1].pk, "deadline": "2026-11-18"},
    )
    consultation = Consultation.objects.get(topic_id=tid)
    answer = post(
        world.deputies[1], f"consultations/{consultation.pk}/answer", {"agree": False, "answer_text": "偏高"}
    )
    assert answer.status_code == 200
    post(world.proposer, f"consultations/{consultation.pk}/handling", {"handling": "未采纳：系上级标准"})
    too_short = post(
        world.proposer,
        f"topics/{tid}/public-comments",
        {"published_on": "2026-11-02", "closes_on": "2026-11-06"},
    )
    assert too_short.json()["rule"]["id"] == "PUB-12"
    post(
        world.proposer,
        f"topics/{tid}/public-comments",
        {"published_on": "2026-11-02", "closes_on": "2026-11-09"},
    )
    period = PublicComment.objects.get(topic_id=tid)
    post(world.proposer, f"public-comments/{period.pk}/entries", {"text": "建议延长过渡期"})
    entry = period.entries.get()
    final = post(world.proposer, f"public-comment-entries/{entry.pk}/answer", {"answer": "已采纳"}).json()
    assert final["missing"] == []
    other = UnitFactory(name="示范乡人民政府", code="BODY-Z")
    stranger = account_with_role("section_head", unit=other, username="stranger3")
    assert post(stranger, f"consultations/{consultation.pk}/handling", {"handling": "x"}).status_code == 404
