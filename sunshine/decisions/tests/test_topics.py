"""Scope, topics and their prerequisites (DEC-3, DEC-16, DEC-19, DEC-23, DEC-32, DEC-38, DEC-60,
DEC-215, DEC-216, PUB-12)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sunshine.core import clock
from sunshine.core.errors import InvalidInput, NotPermitted, RuleViolated
from sunshine.decisions import services
from sunshine.decisions.choices import LegalConclusion, NoticeKind, TopicKind, TopicStatus
from sunshine.decisions.models import DisciplineNotice, ScopeSettings, Topic
from sunshine.decisions.tests.conftest import complete, propose
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


# --- Scope (DEC-3) ---------------------------------------------------------------------------------


def test_funds_at_the_threshold_are_major_one_cent_below_are_not(world):
    """DEC-203: 以上 includes the threshold itself."""
    at = propose(world, kind=TopicKind.FUNDS, amount="100000.00")
    below = propose(world, kind=TopicKind.FUNDS, amount="99999.99")
    assert at.is_major is True
    assert below.is_major is False


def test_project_threshold_is_a_setting_of_the_body(world):
    services.settings_save(actor=world.principal, body=world.body, project_threshold="2000000")
    topic = propose(world, kind=TopicKind.PROJECT, amount="1999999.99")
    assert topic.is_major is False


def test_a_kind_the_body_switched_off_is_refused(world):
    services.settings_save(actor=world.principal, body=world.body, enabled_kinds=[TopicKind.DECISION])
    with pytest.raises(RuleViolated) as error:
        propose(world, kind=TopicKind.EMERGENCY)
    assert error.value.rule == "DEC-3"
    assert error.value.field == "kind"


def test_funds_topic_needs_an_amount(world):
    with pytest.raises(InvalidInput) as error:
        propose(world, kind=TopicKind.FUNDS, amount=None)
    assert error.value.field == "amount"


@pytest.mark.parametrize(
    ("field", "value", "rule"),
    [("notice_workdays", 0, "DEC-212"), ("public_comment_workdays", 4, "PUB-12")],
)
def test_settings_cannot_go_below_the_seeds_floor(world, field, value, rule):
    with pytest.raises(InvalidInput) as error:
        services.settings_save(actor=world.principal, body=world.body, **{field: value})
    assert (error.value.field, error.value.rule) == (field, rule)


def test_quorum_fraction_above_one_is_refused(world):
    bad = {"party_group": {"general": [3, 2], "personnel": [2, 3]}}
    with pytest.raises(InvalidInput) as error:
        services.settings_save(actor=world.principal, body=world.body, quorum=bad)
    assert error.value.field == "quorum"


def test_settings_save_is_audited(world, audits):
    services.settings_save(actor=world.principal, body=world.body, notice_workdays=3)
    assert ScopeSettings.objects.get(body=world.body).notice_workdays == 3
    assert audits("decisions.settings_save") == 1


def test_clerk_cannot_change_settings(world):
    with pytest.raises(NotPermitted):
        services.settings_save(actor=world.proposer, body=world.body, notice_workdays=3)


# --- Prerequisites (DEC-60) ---------------------------------------------------------------------------


def test_topic_without_prerequisites_cannot_be_submitted(world):
    topic = propose(world)
    with pytest.raises(RuleViolated) as error:
        services.topic_submit(actor=world.proposer, topic=topic)
    assert error.value.rule == "DEC-60"
    assert "缺少调研报告" in error.value.message
    assert Topic.objects.get(pk=topic.pk).status == TopicStatus.DRAFT
    assert not DisciplineNotice.objects.exists()  # not the principal: no restraint to record


def test_principal_bringing_a_topic_without_prerequisites_is_refused_and_recorded(world, audits):
    """八不准 二 (DEC-60): the refusal survives the rollback as a notice for the discipline office."""
    topic = services.topic_propose(
        actor=world.principal,
        department=world.department,
        title="临时动议：购置公务用车",
        kind=TopicKind.DECISION,
        background="急需",
        draft_decision="同意购置",
        responsible_leader=world.in_charge,
    )
    with pytest.raises(RuleViolated) as error:
        services.topic_submit(actor=world.principal, topic=topic)
    assert error.value.rule == "DEC-60"
    notice = DisciplineNotice.objects.get()
    assert (notice.kind, notice.rule, notice.actor, notice.topic) == (
        NoticeKind.REFUSED,
        "DEC-60",
        world.principal,
        topic,
    )
    assert audits("decisions.discipline_notice") == 1


def test_complete_topic_is_submitted_with_the_office_check_deadline(world, audits):
    topic = propose(world)
    complete(world, topic)
    topic = services.topic_submit(actor=world.proposer, topic=topic)
    assert topic.status == TopicStatus.SUBMITTED
    assert topic.check_due > topic.submitted_at
    assert audits("decisions.topic_submit") == 1


def test_office_returning_a_topic_must_give_reasons(world):
    topic = propose(world)
    complete(world, topic)
    topic = services.topic_submit(actor=world.proposer, topic=topic)
    with pytest.raises(InvalidInput) as error:
        services.topic_check(actor=world.office, topic=topic, accept=False, reason="")
    assert error.value.rule == "DEC-216"
    topic = services.topic_check(actor=world.office, topic=topic, accept=False, reason="比选方案过于简单")
    assert (topic.status, topic.return_reason) == (TopicStatus.RETURNED, "比选方案过于简单")


def test_legality_review_only_by_the_legal_office(world):
    topic = propose(world)
    with pytest.raises(NotPermitted) as error:
        services.legality_review_record(
            actor=world.proposer, topic=topic, basis="x", analysis="y", conclusion=LegalConclusion.PASSED
        )
    assert error.value.rule == "DEC-32"


def test_failed_legality_review_keeps_the_topic_off_the_agenda(world):
    topic = propose(world)
    complete(world, topic)
    services.legality_review_record(
        actor=world.legal,
        topic=topic,
        basis="《预算法》",
        analysis="超出权限",
        conclusion=LegalConclusion.FAILED,
    )
    missing = services.missing_prerequisites(topic)
    assert [(m.key, m.rule) for m in missing] == [("legality", "DEC-38")]


@pytest.mark.parametrize(("years", "ok"), [(9, False), (10, True)])
def test_expert_needs_ten_years_in_the_field(world, years, ok):
    """DEC-19: 10年以上 includes ten."""
    register = lambda: services.expert_register(  # noqa: E731
        actor=world.proposer,
        body=world.body,
        name="甲",
        field="环保",
        title="高工",
        senior_title=True,
        years_in_field=years,
    )
    if ok:
        assert register().years_in_field == 10
    else:
        with pytest.raises(RuleViolated) as error:
            register()
        assert (error.value.rule, error.value.field) == ("DEC-19", "years_in_field")


@pytest.mark.parametrize(("days", "ok"), [(6, False), (7, True)])
def test_expert_material_one_week_before_the_session(world, days, ok):
    """DEC-16: 提前一周 = 7 calendar days (the body's setting)."""
    topic = propose(world)
    session = clock.today()
    add = lambda: services.argumentation_add(  # noqa: E731
        actor=world.proposer,
        topic=topic,
        materials_sent_on=session - dt.timedelta(days=days),
        session_on=session,
        chair="主持人",
    )
    if ok:
        assert add().session_on == session
    else:
        with pytest.raises(RuleViolated) as error:
            add()
        assert error.value.rule == "DEC-16"


def _argumentation(world):
    topic = propose(world)
    today = clock.today()
    arg = services.argumentation_add(
        actor=world.proposer,
        topic=topic,
        materials_sent_on=today - dt.timedelta(days=8),
        session_on=today,
        chair="甲",
    )
    expert = services.expert_register(
        actor=world.proposer,
        body=world.body,
        name="陈专家",
        field="财务",
        title="高会",
        senior_title=True,
        years_in_field=12,
    )
    return topic, arg, expert


def test_revoked_expert_cannot_give_an_opinion(world):
    _topic, arg, expert = _argumentation(world)
    services.expert_revoke(actor=world.proposer, expert=expert, reason="收受利害关系人财物")
    with pytest.raises(RuleViolated) as error:
        services.expert_opinion_add(
            actor=world.proposer, argumentation=arg, expert=expert, opinion="可行", signed_on=clock.today()
        )
    assert error.value.rule == "DEC-23"


def test_expert_with_a_conflict_of_interest_is_excluded(world):
    topic, arg, expert = _argumentation(world)
    services.expert_conflict_declare(
        actor=world.proposer, topic=topic, expert=expert, reason="配偶在投标单位任职"
    )
    with pytest.raises(RuleViolated) as error:
        services.expert_opinion_add(
            actor=world.proposer, argumentation=arg, expert=expert, opinion="可行", signed_on=clock.today()
        )
    assert (error.value.code, error.value.field) == ("decision_expert_conflict", "expert")


@pytest.mark.parametrize(("workdays", "ok"), [(4, False), (5, True)])
def test_public_comment_lasts_at_least_five_working_days(world, workdays, ok):
    """PUB-12: 不少于5个工作日, counted by the working-day calendar (start day not counted)."""
    topic = propose(world)
    published = dt.date(2026, 11, 13)  # a Friday: the weekend does not count
    closes = add_working_days(date=published, n=workdays)
    open_ = lambda: services.public_comment_open(  # noqa: E731
        actor=world.proposer, topic=topic, published_on=published, closes_on=closes
    )
    if ok:
        assert open_().closes_on == dt.date(2026, 11, 20)
    else:
        with pytest.raises(RuleViolated) as error:
            open_()
        assert (error.value.rule, error.value.field) == ("PUB-12", "closes_on")


def test_unanswered_public_comment_blocks_the_topic(world):
    topic = propose(world)
    complete(world, topic)
    period = topic.public_comments.get()
    entry = services.public_comment_entry_add(actor=world.proposer, period=period, text_="建议延长过渡期")
    assert [m.key for m in services.missing_prerequisites(topic)] == ["public_comment"]
    services.public_comment_answer(actor=world.proposer, entry=entry, answer="已采纳，过渡期延长至三个月")
    assert services.missing_prerequisites(topic) == []


def test_silence_until_the_deadline_counts_as_agreement(world):
    """DEC-215: no written feedback by the deadline = deemed consent."""
    topic = propose(world)
    complete(world, topic)
    services.consultation_request(
        actor=world.proposer, topic=topic, consultee=world.deputies[2], deadline=dt.date(2026, 11, 18)
    )
    world.clock.set(world.clock.now.replace(day=18))  # the deadline day itself: still open
    assert [m.key for m in services.missing_prerequisites(topic)] == ["consultation"]
    world.clock.set(world.clock.now.replace(day=19))  # after it: silence is agreement
    assert services.missing_prerequisites(topic) == []


def test_answer_after_the_deadline_is_refused(world):
    topic = propose(world)
    c = services.consultation_request(
        actor=world.proposer, topic=topic, consultee=world.deputies[2], deadline=dt.date(2026, 11, 17)
    )
    world.clock.set(world.clock.now.replace(day=18))
    with pytest.raises(RuleViolated) as error:
        services.consultation_answer(
            actor=world.deputies[2], consultation=c, agree=False, answer_text="不同意"
        )
    assert error.value.rule == "DEC-215"


def test_dissent_needs_its_handling_explained(world):
    topic = propose(world)
    complete(world, topic)
    c = services.consultation_request(
        actor=world.proposer, topic=topic, consultee=world.deputies[3], deadline=dt.date(2026, 11, 20)
    )
    services.consultation_answer(actor=world.deputies[3], consultation=c, agree=False, answer_text="标准过高")
    assert [m.message for m in services.missing_prerequisites(topic)] == ["不同意见须说明采纳情况和理由"]
    services.consultation_handle(actor=world.proposer, consultation=c, handling="未采纳：标准系上级规定")
    assert services.missing_prerequisites(topic) == []


def test_prerequisites_per_kind_are_settings(world):
    """A body that asks nothing of personnel topics beyond research."""
    services.settings_save(
        actor=world.principal,
        body=world.body,
        prerequisites={TopicKind.PERSONNEL: ["research"], TopicKind.DECISION: ["research", "legality"]},
    )
    topic = propose(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    assert [m.key for m in services.missing_prerequisites(topic)] == ["research"]
    services.research_add(actor=world.proposer, topic=topic, summary="民主推荐")
    assert services.missing_prerequisites(topic) == []
    assert Decimal(ScopeSettings.objects.get(body=world.body).funds_threshold) == Decimal("100000")
