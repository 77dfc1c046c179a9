"""After a decision: a change only by a new decision (DEC-63, DEC-226), and the tracking evaluation
of its implementation (EXE-13..EXE-19, DEC-227)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.decisions import services
from sunshine.decisions.choices import (
    EvaluationResult,
    EvaluationStatus,
    NoticeKind,
    Outcome,
    Position,
    TopicStatus,
    VoteMethod,
)
from sunshine.decisions.models import DisciplineNotice, Evaluation
from sunshine.decisions.tests.conftest import in_session, propose, state_all
from sunshine.decisions.tests.test_meetings import quick_ready
from sunshine.org.tests.factories import account_with_role

pytestmark = pytest.mark.django_db


def adopted(world, **kwargs):
    """A topic adopted in a meeting: its agenda item is the decision."""
    topic = quick_ready(world, **kwargs)
    _m, (item,) = in_session(world, [topic])
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    for p in services.eligible(item):
        services.ballot_record(actor=world.office, vote=vote, participant=p, choice_value=Position.AGREE)
    services.vote_close(actor=world.office, vote=vote)
    return services.outcome_record(actor=world.principal, item=item, outcome=Outcome.ADOPTED)


def with_task(world, item):
    doer = account_with_role("clerk", unit=world.department, username="doer", full_name="落实人")
    services.implementation_task_assign(
        actor=world.in_charge,
        item=item,
        department=world.department,
        responsible=doer,
        requirement="年底前印发",
    )
    return item


def plan(world, item, **kwargs):
    values = {
        "evaluator": "办公室、监察室督查组",
        "plan": "目的：检验实施效果；标准：按期完成率；经费：2000元",
        "methods": ["interview", "documents"],
    }
    return services.evaluation_plan(actor=world.office, item=item, **{**values, **kwargs})


# --- A change needs a new decision (DEC-63, DEC-226) ------------------------------------------------------


def test_adopted_topic_content_cannot_be_edited(world):
    item = adopted(world)
    with pytest.raises(RuleViolated) as error:
        services.topic_update(actor=world.proposer, topic=item.topic, draft_decision="改为局部修订")
    assert (error.value.rule, error.value.code) == ("DEC-63", "decision_already_decided")
    item.topic.refresh_from_db()
    assert item.topic.draft_decision == "同意印发修订后的财务管理办法"


def test_principal_editing_an_adopted_decision_is_recorded(world):
    item = adopted(world)
    with pytest.raises(RuleViolated):
        services.topic_update(actor=world.principal, topic=item.topic, title="改名")
    notice = DisciplineNotice.objects.get(kind=NoticeKind.REFUSED)
    assert (notice.rule, notice.topic_id, notice.actor) == ("DEC-63", item.topic_id, world.principal)


def test_a_draft_is_edited_and_audited(world, audits):
    topic = propose(world)
    services.topic_update(
        actor=world.proposer, topic=topic, title="修订财务管理办法（第二稿）", amount="12.5"
    )
    topic.refresh_from_db()
    assert (topic.title, str(topic.amount), topic.version) == ("修订财务管理办法（第二稿）", "12.50", 2)
    assert audits("decisions.topic_update") == 1
    with pytest.raises(InvalidInput) as error:
        services.topic_update(actor=world.proposer, topic=topic, background=" ")
    assert error.value.field == "background"


def test_change_topic_names_the_decision_and_the_old_one_shows_it(world):
    item = adopted(world)
    change = propose(world, title="变更财务管理办法实施时间", amends=item)
    assert change.amends == item
    assert services.changed_by(item) == []  # proposed, not yet decided
    change = services.topic_check(
        actor=world.office, topic=services.topic_submit(actor=world.proposer, topic=change), accept=True
    )
    _m, (new_item,) = in_session(world, [change])
    state_all(world, new_item)
    vote = services.vote_open(actor=world.office, item=new_item, method=VoteMethod.HANDS)
    for p in services.eligible(new_item):
        services.ballot_record(actor=world.office, vote=vote, participant=p, choice_value=Position.AGREE)
    services.vote_close(actor=world.office, vote=vote)
    services.outcome_record(actor=world.principal, item=new_item, outcome=Outcome.ADOPTED)
    assert [t.pk for t in services.changed_by(item)] == [change.pk]


def test_only_an_adopted_decision_can_be_changed(world):
    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic])
    services.outcome_record(actor=world.office, item=item, outcome=Outcome.SENT_BACK, reason="补充调研")
    with pytest.raises(RuleViolated) as error:
        propose(world, title="变更", amends=item)
    assert (error.value.field, error.value.rule) == ("amends", "DEC-63")


# --- Tracking evaluation (EXE-13..EXE-19) -------------------------------------------------------------------


def test_evaluation_from_plan_to_continue(world, audits):
    item = with_task(world, adopted(world))
    evaluation = plan(world, item)
    assert (evaluation.seq, evaluation.status) == (1, EvaluationStatus.PLANNED)
    evaluation = services.evaluation_report(
        actor=world.proposer,
        evaluation=evaluation,
        report="总体评价良好：按期完成率95%；问题：宣传不足；对策：加强培训",
        recommendation=EvaluationResult.CONTINUE,
    )
    assert evaluation.status == EvaluationStatus.REPORTED
    with pytest.raises(NotPermitted):
        services.evaluation_conclude(
            actor=world.proposer, evaluation=evaluation, result="continue", basis="党组会议决定"
        )
    evaluation = services.evaluation_conclude(
        actor=world.office,
        evaluation=evaluation,
        result="continue",
        basis="2026年第12次党组会议研究决定继续执行",
    )
    assert (evaluation.status, evaluation.result) == (EvaluationStatus.CONCLUDED, "continue")
    assert services.implementation_state(item) == "continue"
    assert [audits(f"decisions.evaluation_{a}") for a in ("plan", "report", "conclude")] == [1, 1, 1]
    second = plan(world, item, evaluator="第三方：示范大学")  # EXE-15: evaluated several times
    assert second.seq == 2


def test_evaluation_only_after_implementation_has_begun(world):
    item = adopted(world)
    with pytest.raises(RuleViolated) as error:
        plan(world, item)
    assert (error.value.rule, error.value.code) == ("EXE-15", "decision_not_implemented")


def test_evaluation_needs_an_adopted_decision(world):
    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic])
    services.outcome_record(actor=world.office, item=item, outcome=Outcome.DEFERRED, reason="意见分歧较大")
    with pytest.raises(RuleViolated) as error:
        plan(world, item)
    assert error.value.rule == "EXE-13"


def test_plan_needs_a_method_and_report_a_recommendation(world):
    item = with_task(world, adopted(world))
    with pytest.raises(InvalidInput) as error:
        plan(world, item, methods=[])
    assert (error.value.field, error.value.rule) == ("methods", "EXE-18")
    with pytest.raises(InvalidInput) as error:
        plan(world, item, methods=["astrology"])
    assert error.value.field == "methods"
    evaluation = plan(world, item)
    with pytest.raises(Conflict):
        plan(world, item)  # one open evaluation at a time
    with pytest.raises(Conflict) as error:
        services.evaluation_conclude(actor=world.office, evaluation=evaluation, result="continue", basis="x")
    assert error.value.rule == "EXE-19"
    with pytest.raises(InvalidInput) as error:
        services.evaluation_report(
            actor=world.office, evaluation=evaluation, report="良好", recommendation=""
        )
    assert error.value.field == "recommendation"


@pytest.mark.parametrize("result", [EvaluationResult.PAUSE, EvaluationResult.TERMINATE])
def test_paused_or_terminated_decision_gets_no_new_task(world, result):
    item = with_task(world, adopted(world))
    evaluation = services.evaluation_report(
        actor=world.office, evaluation=plan(world, item), report="效果不佳", recommendation=result
    )
    services.evaluation_conclude(
        actor=world.office, evaluation=evaluation, result=result, basis="党组会议决定"
    )
    with pytest.raises(RuleViolated) as error:
        services.implementation_task_assign(
            actor=world.in_charge,
            item=item,
            department=world.department,
            responsible=world.proposer,
            requirement="继续推进",
        )
    assert error.value.rule == "EXE-19"
    if result == EvaluationResult.TERMINATE:
        with pytest.raises(RuleViolated):
            plan(world, item)
    else:
        assert plan(world, item).seq == 2


def test_database_refuses_a_concluded_evaluation_without_result(world):
    item = with_task(world, adopted(world))
    evaluation = plan(world, item)
    with pytest.raises(IntegrityError), transaction.atomic():
        Evaluation.objects.filter(pk=evaluation.pk).update(status=EvaluationStatus.CONCLUDED)


def test_adopted_topic_status_unchanged_by_evaluation(world):
    item = with_task(world, adopted(world))
    services.evaluation_conclude(
        actor=world.office,
        evaluation=services.evaluation_report(
            actor=world.office, evaluation=plan(world, item), report="良好", recommendation="adjust"
        ),
        result="adjust",
        basis="党组会议决定调整",
    )
    item.topic.refresh_from_db()
    assert item.topic.status == TopicStatus.ADOPTED


# --- API and page -------------------------------------------------------------------------------------------


def test_evaluation_through_the_api_and_the_edit_refusal(world):
    from sunshine.decisions.tests.test_api import client_for, get, post

    item = with_task(world, adopted(world))
    planned = post(
        world.office,
        f"items/{item.pk}/evaluations",
        {"evaluator": "督查组", "plan": "目的和标准", "methods": ["documents"]},
    )
    assert planned.status_code == 201, planned.json()
    (evaluation,) = planned.json()
    bad = post(
        world.office, f"evaluations/{evaluation['id']}/report", {"report": "良好", "recommendation": "x"}
    )
    assert (bad.status_code, bad.json()["field"]) == (400, "recommendation")
    post(
        world.office,
        f"evaluations/{evaluation['id']}/report",
        {"report": "良好", "recommendation": "continue"},
    )
    done = post(
        world.office,
        f"evaluations/{evaluation['id']}/conclude",
        {"result": "continue", "basis": "党组会议决定"},
    )
    assert (done.status_code, done.json()["result"]) == (200, "continue")
    assert get(world.inspector, f"items/{item.pk}/evaluations").json()[0]["status"] == "concluded"
    edit = client_for(world.proposer).patch(
        f"/api/v1/decisions/topics/{item.topic_id}", {"title": "改名"}, content_type="application/json"
    )
    assert (edit.status_code, edit.json()["rule"]["id"]) == (422, "DEC-63")


def test_topic_page_runs_the_evaluation(world):
    from sunshine.decisions.tests.test_views import client_for

    item = with_task(world, adopted(world))
    office = client_for(world.office)
    url = f"/decisions/topics/{item.topic_id}/"
    assert "制定评估方案" in office.get(url).content.decode()
    assert (
        office.post(
            url + "evaluation-plan/",
            {"evaluator": "督查组", "plan": "目的、标准、方法和经费", "methods": ["interview", "tracking"]},
        ).status_code
        == 302
    )
    refused = office.post(url + "evaluation-conclude/", {"result": "continue", "basis": "x"})
    assert refused.status_code == 422
    assert "EXE-19" in refused.content.decode()
    office.post(url + "evaluation-report/", {"report": "总体良好", "recommendation": "continue"})
    office.post(url + "evaluation-conclude/", {"result": "continue", "basis": "党组会议决定继续执行"})
    page = office.get(url).content.decode()
    assert "继续执行" in page
    assert 'data-testid="implementation-state"' in page
