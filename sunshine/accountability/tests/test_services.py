"""Accountability cases (issue #9 §1-2): each rule of services with its numeric edges, each refusal
naming its rule, the audit of every change."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.accountability import clocks, services
from sunshine.accountability.choices import (
    FactorCode,
    FactorKind,
    ReviewOutcome,
    Share,
    Source,
    Status,
    Target,
)
from sunshine.accountability.models import Ground, Sanction
from sunshine.accountability.tests.conftest import (
    MONDAY,
    decided,
    grounds,
    investigated,
    opened,
    register,
    sanction,
)
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import account_with_role
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db


def day(moment) -> dt.date:
    return clock.local(moment).date()


# --- Catalogues (SUP-28, SUP-29, ACC-1, ACC-102, SUP-38) ---------------------------------------------


def test_grounds_catalogues_are_loaded_as_data():
    counts = {
        c: Ground.objects.filter(catalogue=c).count()
        for c in ("decision_maker", "executor", "situation", "enforcement")
    }
    assert counts == {"decision_maker": 7, "executor": 6, "situation": 10, "enforcement": 9}
    assert Ground.objects.get(catalogue="situation", number=2).text == "独断专行、决策失误"


def test_sanction_catalogue_is_ordered_per_target(body):
    """SUP-38: one ordered catalogue, for teams and for individuals; a body's own rows replace it."""
    individual = list(services.catalogue(body, Target.INDIVIDUAL))
    assert [s.rank for s in individual] == sorted(s.rank for s in individual)
    assert individual[0].name == "责令书面检查"
    assert individual[-1].name == "党纪处分"
    assert next(s.name for s in services.catalogue(body, Target.TEAM)) == "集体诫勉谈话"
    Sanction.objects.create(
        body=body, target=Target.TEAM, rank=1, name="本单位通报", tier="minor", rule="SUP-38"
    )
    assert [s.name for s in services.catalogue(body, Target.TEAM)] == ["本单位通报"]


# --- Register, scope, open (ACT-1, ACC-5, ACC-6) ------------------------------------------------------


def test_register_numbers_and_audits(inspector, body, clerk):
    acase = register(inspector, body, clerk)
    assert acase.status == Status.VERIFYING
    assert acase.number == f"{body.short_name or body.name}问责〔{acase.year}〕1号"
    assert register(inspector, body, clerk).seq == 2
    assert AuditRecord.objects.filter(action="accountability.register", object_id=str(acase.pk)).exists()


def test_only_the_discipline_office_registers(leader, clerk, body):
    with pytest.raises(NotPermitted) as refused:
        register(leader, body, clerk)
    assert refused.value.rule == "ACT-1"


def test_another_bodys_discipline_office_sees_nothing(inspector, body, clerk, other_body):
    acase = register(inspector, body, clerk)
    stranger = account_with_role("discipline_inspector", unit=other_body, username="insp2")
    with pytest.raises(NotFound):
        register(stranger, body, clerk)
    with pytest.raises(NotFound):
        services.case_dismiss(actor=stranger, acase=acase, verification="x", reason="y")


def test_later_modules_records_are_referenced(inspector, body, clerk):
    """ACC-109: a petition or a decision is named by reference until its module exists."""
    with pytest.raises(InvalidInput) as refused:
        register(inspector, body, clerk, source=Source.PETITION)
    assert refused.value.field == "source_ref"
    assert refused.value.rule == "ACC-5"
    acase = register(inspector, body, clerk, source=Source.PETITION, source_ref="petitions.petition:12")
    assert acase.source_ref == "petitions.petition:12"


def test_alert_source_needs_the_alert(inspector, body, clerk):
    with pytest.raises(InvalidInput) as refused:
        register(inspector, body, clerk, source=Source.ALERT)
    assert refused.value.field == "alert"


def test_opening_needs_the_competent_leader(inspector, body, clerk, deputy, leader):
    """ACC-6: the principal leader decides to open; a deputy cannot."""
    acase = register(inspector, body, clerk)
    with pytest.raises(RuleViolated) as refused:
        services.case_open(
            actor=inspector, acase=acase, verification="属实", approved_by=deputy, grounds=grounds()
        )
    assert refused.value.rule == "ACC-6"
    with pytest.raises(InvalidInput) as refused:
        services.case_open(actor=inspector, acase=acase, verification="属实", approved_by=leader)
    assert refused.value.field == "grounds"
    acase = services.case_open(
        actor=inspector, acase=acase, verification="属实", approved_by=leader, grounds=grounds()
    )
    assert acase.status == Status.INVESTIGATING
    assert acase.opened_by == leader


def test_dismiss_after_verification(inspector, body, clerk):
    acase = services.case_dismiss(
        actor=inspector, acase=register(inspector, body, clerk), verification="不属实", reason="举报失实"
    )
    assert acase.status == Status.DISMISSED
    with pytest.raises(Conflict):
        services.case_open(actor=inspector, acase=acase, verification="x", approved_by=None)


# --- Team and recusal (ACC-12) -----------------------------------------------------------------------


def test_member_with_a_conflict_must_withdraw(inspector, body, clerk, leader, legal_reviewer):
    acase = opened(inspector, body, clerk, leader)
    with pytest.raises(RuleViolated) as refused:
        services.member_add(actor=inspector, acase=acase, user=legal_reviewer, conflict="系被调查人近亲属")
    assert refused.value.rule == "ACC-12"
    assert "近亲属" in refused.value.message
    with pytest.raises(RuleViolated) as refused:
        services.member_add(actor=inspector, acase=acase, user=clerk)
    assert refused.value.rule == "ACC-12"
    acase = services.member_add(actor=inspector, acase=acase, user=legal_reviewer)
    member = acase.members.get()
    acase = services.member_withdraw(
        actor=inspector, acase=acase, member=member, reason="发现与被调查人系同学"
    )
    member.refresh_from_db()
    assert member.withdrawn_at is not None  # withdrawn, kept on record
    with pytest.raises(RuleViolated) as refused:  # a team without members cannot report (ACC-6)
        services.case_report(actor=inspector, acase=acase, facts="f", conclusion="c", recommendation="r")
    assert refused.value.rule == "ACC-6"


def test_a_handler_of_the_case_concerned_is_refused(inspector, body, clerk, leader, section_head, done_case):
    acase = opened(inspector, body, clerk, leader, case=done_case)
    with pytest.raises(RuleViolated) as refused:
        services.member_add(actor=inspector, acase=acase, user=section_head)
    assert refused.value.rule == "ACC-12"
    assert "办件" in refused.value.message


# --- Investigation clock (ACC-9) ---------------------------------------------------------------------


def test_investigation_runs_10_working_days_then_20_once_extended(inspector, body, clerk, leader):
    with clock.as_of(MONDAY):
        acase = opened(inspector, body, clerk, leader)
    assert day(clocks.investigation_due(acase)) == add_working_days(date=MONDAY.date(), n=10)
    assert day(clocks.investigation_due(acase)) == dt.date(2025, 3, 17)
    with clock.as_of(MONDAY + dt.timedelta(days=2)):
        acase = services.case_extend(actor=inspector, acase=acase, approved_by=leader, reason="情况复杂")
        with pytest.raises(RuleViolated) as refused:
            services.case_extend(actor=inspector, acase=acase, approved_by=leader, reason="再延")
    assert refused.value.rule == "ACC-9"
    assert day(clocks.investigation_due(acase)) == add_working_days(date=MONDAY.date(), n=20)
    assert [c.amount for c in clocks.case_clocks(acase)][:1] == [20]


def test_extension_needs_approval_and_time_left(inspector, body, clerk, leader, deputy):
    with clock.as_of(MONDAY):
        acase = opened(inspector, body, clerk, leader)
    due = clocks.investigation_due(acase)
    with clock.as_of(due - dt.timedelta(hours=1)), pytest.raises(RuleViolated) as refused:
        services.case_extend(actor=inspector, acase=acase, approved_by=deputy, reason="复杂")
    assert refused.value.rule == "ACC-9"
    assert refused.value.field == "approved_by"
    with clock.as_of(due + dt.timedelta(seconds=1)), pytest.raises(RuleViolated) as refused:
        services.case_extend(actor=inspector, acase=acase, approved_by=leader, reason="复杂")
    assert refused.value.code == "already_late"
    with clock.as_of(due):  # the last instant of the 10th working day still counts
        assert services.case_extend(
            actor=inspector, acase=acase, approved_by=leader, reason="复杂"
        ).extended_at


def test_late_report_is_accepted_and_marked(inspector, body, clerk, leader, legal_reviewer):
    with clock.as_of(MONDAY):
        acase = investigated(inspector, body, clerk, leader, legal_reviewer)
    with clock.as_of(clocks.investigation_due(acase) + dt.timedelta(seconds=1)):
        acase = services.case_report(
            actor=inspector, acase=acase, facts="f", conclusion="c", recommendation="r"
        )
    assert acase.status == Status.REPORTED
    assert "ACC-9" in acase.events.get(action="report").note
    assert clocks.case_clocks(acase)[0].late


# --- Tiers, sanctions, defence (ACC-3, SUP-38, ACC-8) ------------------------------------------------


def test_tier_limits_the_sanctions(inspector, body, clerk, leader):
    acase = opened(inspector, body, clerk, leader)
    propose = services.case_propose
    with pytest.raises(RuleViolated) as refused:
        propose(actor=inspector, acase=acase, tier="minor", sanctions=[sanction("停职检查")])
    assert refused.value.rule == "ACC-3"
    with pytest.raises(RuleViolated) as refused:  # serious needs one of its own, not only minor ones
        propose(actor=inspector, acase=acase, tier="serious", sanctions=[sanction("诫勉谈话")])
    assert refused.value.code == "below_tier"
    with pytest.raises(RuleViolated) as refused:
        propose(actor=inspector, acase=acase, tier="minor", sanctions=[sanction("集体诫勉谈话", Target.TEAM)])
    assert refused.value.rule == "SUP-38"
    acase = propose(
        actor=inspector, acase=acase, tier="serious", sanctions=[sanction("诫勉谈话"), sanction("通报批评")]
    )  # combined (SUP-38)
    assert [s.name for s in acase.proposed_sanctions.order_by("rank")] == ["诫勉谈话", "通报批评"]


def test_statement_needs_a_proposal(inspector, body, clerk, leader):
    acase = opened(inspector, body, clerk, leader)
    with pytest.raises(RuleViolated) as refused:
        services.statement_record(actor=inspector, acase=acase, statement="无异议")
    assert refused.value.rule == "ACC-8"


def test_report_needs_the_persons_statement(inspector, body, clerk, leader, legal_reviewer):
    acase = opened(inspector, body, clerk, leader)
    acase = services.member_add(actor=inspector, acase=acase, user=legal_reviewer)
    with pytest.raises(RuleViolated) as refused:
        services.case_report(actor=inspector, acase=acase, facts="f", conclusion="c", recommendation="r")
    assert refused.value.rule == "ACC-8"


def test_defence_never_makes_the_sanction_heavier(inspector, body, clerk, leader, legal_reviewer):
    """ACC-8: after the defence, neither a new proposal nor the decision may be heavier than the
    proposal the person was heard on (通报批评, serious); the same or lighter is fine."""
    acase = investigated(inspector, body, clerk, leader, legal_reviewer)
    with pytest.raises(RuleViolated) as refused:
        services.case_propose(actor=inspector, acase=acase, tier="serious", sanctions=[sanction("停职检查")])
    assert refused.value.rule == "ACC-8"
    with pytest.raises(RuleViolated) as refused:
        services.case_propose(actor=inspector, acase=acase, tier="grave", sanctions=[sanction("责令辞职")])
    assert refused.value.rule == "ACC-8"
    acase = services.case_report(actor=inspector, acase=acase, facts="f", conclusion="c", recommendation="r")
    decide = dict(actor=inspector, deciding_body="局党组", decision_text="决定")
    with pytest.raises(RuleViolated) as refused:
        services.case_decide(
            acase=acase, tier="serious", sanctions=[sanction("年度考核确定为不称职")], **decide
        )
    assert refused.value.rule == "ACC-8"
    assert "通报批评" in refused.value.message
    acase = services.case_decide(acase=acase, tier="serious", sanctions=[sanction("公开道歉")], **decide)
    assert acase.status == Status.DECIDED
    assert acase.tier == "serious"


def test_defence_ceiling_allows_the_same_sanction(inspector, body, clerk, leader, legal_reviewer):
    acase = decided(inspector, body, clerk, leader, legal_reviewer)
    assert [s.name for s in acase.sanctions.all()] == ["通报批评"]


# --- Service, appeal, review, close (ACC-10, ACC-11, ACT-2) ------------------------------------------


def served(inspector, body, clerk, leader, member, when=MONDAY):
    with clock.as_of(when):
        acase = decided(inspector, body, clerk, leader, member)
        return services.case_serve(actor=inspector, acase=acase, received_at=when, rights_stated=True)


def test_service_states_the_rights_within_10_working_days(inspector, body, clerk, leader, legal_reviewer):
    with clock.as_of(MONDAY):
        acase = decided(inspector, body, clerk, leader, legal_reviewer)
    assert day(clocks.service_due(acase)) == add_working_days(date=MONDAY.date(), n=10)
    with pytest.raises(RuleViolated) as refused:
        services.case_serve(actor=inspector, acase=acase, received_at=None, rights_stated=False)
    assert refused.value.rule == "ACC-10"
    late = clocks.service_due(acase) + dt.timedelta(seconds=1)
    with clock.as_of(late):
        acase = services.case_serve(actor=inspector, acase=acase, received_at=late, rights_stated=True)
    assert "ACC-10" in acase.events.get(action="serve").note


def test_appeal_window_is_15_working_days_from_receipt(inspector, body, clerk, leader, legal_reviewer):
    acase = served(inspector, body, clerk, leader, legal_reviewer)
    due = clocks.appeal_due(acase)
    assert day(due) == add_working_days(date=MONDAY.date(), n=15) == dt.date(2025, 3, 24)
    later = due + dt.timedelta(days=3)
    with clock.as_of(later), pytest.raises(RuleViolated) as refused:
        services.case_appeal(
            actor=inspector, acase=acase, reason="不服", appealed_at=due + dt.timedelta(seconds=1)
        )
    assert refused.value.rule == "ACC-11"
    with clock.as_of(later):
        acase = services.case_appeal(actor=inspector, acase=acase, reason="不服", appealed_at=due)
    assert acase.status == Status.APPEALED
    assert [s.name for s in acase.sanctions.all()] == ["通报批评"]  # still applies meanwhile
    assert day(clocks.review_due(acase)) == add_working_days(date=day(due), n=30)


def test_review_never_heavier(inspector, body, clerk, leader, legal_reviewer):
    acase = served(inspector, body, clerk, leader, legal_reviewer)
    with clock.as_of(MONDAY + dt.timedelta(days=1)):
        acase = services.case_appeal(actor=inspector, acase=acase, reason="不服")
        review = dict(actor=inspector, outcome=ReviewOutcome.CHANGED, text="复核")
        for tier, name in (("serious", "通报批评"), ("serious", "停职检查")):
            with pytest.raises(RuleViolated) as refused:
                services.case_review(acase=acase, tier=tier, sanctions=[sanction(name)], **review)
            assert refused.value.rule == "ACT-2"
        acase = services.case_review(acase=acase, tier="minor", sanctions=[sanction("诫勉谈话")], **review)
    assert acase.status == Status.CLOSED
    assert [s.name for s in acase.sanctions.all()] == ["诫勉谈话"]


def test_close_only_after_the_appeal_window(inspector, body, clerk, leader, legal_reviewer):
    acase = served(inspector, body, clerk, leader, legal_reviewer)
    due = clocks.appeal_due(acase)
    with clock.as_of(due), pytest.raises(RuleViolated) as refused:
        services.case_close(actor=inspector, acase=acase)
    assert refused.value.rule == "ACC-11"
    with clock.as_of(due + dt.timedelta(seconds=1)):
        assert services.case_close(actor=inspector, acase=acase).status == Status.CLOSED


# --- Factors (ACC-4, SUP-37) -------------------------------------------------------------------------


def _decided_on(when, inspector, body, clerk, leader, member):
    with clock.as_of(when):
        return decided(inspector, body, clerk, leader, member)


def test_accountable_twice_within_12_months_is_detected(inspector, body, clerk, leader, legal_reviewer):
    """ACC-4 (1): an earlier decision on the same day twelve months before counts (inclusive)."""
    first = _decided_on(
        dt.datetime(2025, 3, 3, 10, 0, tzinfo=clock.LOCAL_TZ), inspector, body, clerk, leader, legal_reviewer
    )
    second = _decided_on(
        dt.datetime(2026, 3, 3, 9, 0, tzinfo=clock.LOCAL_TZ), inspector, body, clerk, leader, legal_reviewer
    )
    factor = second.factors.get(code=FactorCode.REPEAT)
    assert factor.detected
    assert factor.kind == FactorKind.AGGRAVATING
    assert first.number in factor.reason
    assert not first.factors.exists()


def test_a_decision_a_day_more_than_12_months_before_does_not_count(
    inspector, body, clerk, leader, legal_reviewer
):
    _decided_on(
        dt.datetime(2025, 3, 2, 10, 0, tzinfo=clock.LOCAL_TZ), inspector, body, clerk, leader, legal_reviewer
    )
    second = _decided_on(
        dt.datetime(2026, 3, 3, 9, 0, tzinfo=clock.LOCAL_TZ), inspector, body, clerk, leader, legal_reviewer
    )
    assert not second.factors.filter(code=FactorCode.REPEAT).exists()


def test_factors_need_reasons(inspector, body, clerk, leader):
    acase = opened(inspector, body, clerk, leader)
    with pytest.raises(InvalidInput) as refused:
        services.factor_record(
            actor=inspector,
            acase=acase,
            kind=FactorKind.MITIGATING,
            code=FactorCode.SELF_CORRECTED,
            reason="",
        )
    assert refused.value.rule == "SUP-37"
    with pytest.raises(InvalidInput):
        services.factor_record(
            actor=inspector, acase=acase, kind=FactorKind.MITIGATING, code=FactorCode.OBSTRUCTION, reason="x"
        )
    acase = services.factor_record(
        actor=inspector,
        acase=acase,
        kind=FactorKind.AGGRAVATING,
        code=FactorCode.OBSTRUCTION,
        reason="拒不提供材料",
    )
    assert acase.factors.get().recorded_by == inspector


# --- Responsibility from the record (ACC-103, ACC-104, SUP-31, SUP-34) --------------------------------


def test_chain_split_from_the_case_tasks(
    inspector, body, clerk, leader, section_head, legal_reviewer, done_case
):
    """ACC-103 (c): the handler's correct 不予许可 was changed by the reviewer and approved: the reviewer
    is directly responsible, the approver bears main leadership responsibility, the handler none."""
    acase = opened(inspector, body, clerk, leader, case=done_case)
    chain = services.default_chain(done_case)
    assert [chain[k].completed_by for k in ("handler", "reviewer", "approver")] == [
        clerk,
        section_head,
        leader,
    ]
    acase = services.split_chain(
        actor=inspector, acase=acase, correct="handler", **{f"{k}_task": v for k, v in chain.items()}
    )
    rows = list(services.current_split(acase))
    assert {(r.user, r.share) for r in rows} == {
        (section_head, Share.DIRECT),
        (leader, Share.MAIN_LEADERSHIP),
        (clerk, Share.NONE),
    }
    assert next(r for r in rows if r.user == section_head).opinion == "准予许可"
    # recomputed: handler wrong and nobody corrected it (ACC-103 (b)); the old rows are superseded, kept
    acase = services.split_chain(
        actor=inspector, acase=acase, correct="none", **{f"{k}_task": v for k, v in chain.items()}
    )
    rows = list(services.current_split(acase))
    assert {(r.user, r.share) for r in rows} == {
        (clerk, Share.DIRECT),
        (section_head, Share.MAIN_LEADERSHIP),
        (leader, Share.IMPORTANT_LEADERSHIP),
    }
    assert acase.responsibilities.filter(superseded_at__isnull=False).count() == 3


def test_chain_split_refuses_a_correct_outcome(inspector, body, clerk, leader, done_case):
    acase = opened(inspector, body, clerk, leader, case=done_case)
    chain = services.default_chain(done_case)
    with pytest.raises(RuleViolated) as refused:
        services.split_chain(
            actor=inspector, acase=acase, correct="reviewer", **{f"{k}_task": v for k, v in chain.items()}
        )
    assert refused.value.rule == "ACC-103"


def test_chain_split_only_reads_the_case_concerned(inspector, body, clerk, leader, done_case):
    acase = opened(inspector, body, clerk, leader)
    with pytest.raises(InvalidInput) as refused:
        services.split_chain(
            actor=inspector, acase=acase, correct="none", handler_task=done_case.tasks.first()
        )
    assert refused.value.rule == "ACC-103"


def test_team_sanction_needs_individual_responsibility(
    inspector, body, clerk, leader, deputy, legal_reviewer, department
):
    """SUP-31: collective responsibility never replaces individual responsibility."""
    acase = opened(inspector, body, None, leader, target=Target.TEAM, team=body)
    acase = services.member_add(actor=inspector, acase=acase, user=legal_reviewer)
    acase = services.case_report(actor=inspector, acase=acase, facts="f", conclusion="c", recommendation="r")
    decide = dict(
        actor=inspector,
        tier="serious",
        sanctions=[sanction("通报批评", Target.TEAM)],
        deciding_body="县委",
        decision_text="通报",
    )
    with pytest.raises(RuleViolated) as refused:
        services.case_decide(acase=acase, **decide)
    assert refused.value.rule == "SUP-31"
    acase = services.split_leaders(
        actor=inspector, acase=acase, principal=leader, in_charge=deputy, cause="in_charge"
    )
    rows = list(services.current_split(acase))
    assert {(r.user, r.share) for r in rows} == {(deputy, Share.MAIN), (leader, Share.SECONDARY)}
    assert services.case_decide(acase=acase, **decide).status == Status.DECIDED


def test_collective_split_exempts_recorded_objections(inspector, body, clerk, leader, deputy, section_head):
    acase = opened(inspector, body, clerk, leader)
    acase = services.split_collective(
        actor=inspector, acase=acase, chair=leader, participants=[(deputy, False), (section_head, True)]
    )
    rows = list(services.current_split(acase))
    assert {(r.user, r.share) for r in rows} == {
        (leader, Share.MAIN),
        (deputy, Share.SECONDARY),
        (section_head, Share.NONE),
    }


def test_every_change_is_audited(inspector, body, clerk, leader, legal_reviewer):
    acase = served(inspector, body, clerk, leader, legal_reviewer)
    actions = set(
        AuditRecord.objects.filter(object_id=str(acase.pk), action__startswith="accountability.").values_list(
            "action", flat=True
        )
    )
    assert {
        "accountability.register",
        "accountability.open",
        "accountability.member_add",
        "accountability.propose",
        "accountability.statement",
        "accountability.report",
        "accountability.decide",
        "accountability.serve",
    } <= actions
    assert acase.events.count() == 8


def test_the_list_clock_turns_late_after_the_last_working_day(inspector, body, clerk, leader):
    """ACC-9 on the list: late only after the end of the 10th working day."""
    with clock.as_of(MONDAY):
        acase = opened(inspector, body, clerk, leader)
    due = clocks.investigation_due(acase)
    with clock.as_of(due):
        current = clocks.current(acase)
        assert current.key == "investigation"
        assert not current.late
    with clock.as_of(due + dt.timedelta(seconds=1)):
        assert clocks.current(acase).late
    assert clocks.running_clock(acase).due == due


# --- Calendar edits (issue #9 §1, CAL-6) ------------------------------------------------------------


def test_every_stage_action_keeps_the_running_due_date(inspector, body, clerk, leader, legal_reviewer):
    """The stored due date is the running clock's: investigation (ACC-9), then service (ACC-10), the
    appeal window and the review (ACC-11); none once closed."""
    with clock.as_of(MONDAY):
        acase = register(inspector, body, clerk)
        assert acase.due_at is None
        acase = services.case_open(
            actor=inspector, acase=acase, verification="属实", approved_by=leader, grounds=grounds()
        )
        assert acase.due_at == clocks.investigation_due(acase)
        acase = services.case_extend(actor=inspector, acase=acase, approved_by=leader, reason="情况复杂")
        assert day(acase.due_at) == add_working_days(date=MONDAY.date(), n=20)
    acase = served(inspector, body, clerk, leader, legal_reviewer)
    assert acase.due_at == clocks.appeal_due(acase)
    with clock.as_of(MONDAY + dt.timedelta(days=1)):
        acase = services.case_appeal(actor=inspector, acase=acase, reason="事实不清")
        assert acase.due_at == clocks.review_due(acase)
        acase = services.case_review(actor=inspector, acase=acase, outcome=ReviewOutcome.UPHELD, text="维持")
    assert acase.due_at is None


def test_a_calendar_edit_moves_the_running_clock(
    inspector, body, clerk, leader, legal_reviewer, django_capture_on_commit_callbacks
):
    """A holiday added inside the investigation period moves its due date a working day later,
    audited as the system with the change; a closed case does not move."""
    from sunshine.workdays.tests.calendar_edits import add_holiday_within

    start = clock.now()
    running = opened(inspector, body, clerk, leader)
    closed = opened(inspector, body, clerk, leader, subject="另一事项")
    closed = services.case_extend(actor=inspector, acase=closed, approved_by=leader, reason="情况复杂")
    AccountabilityCase = type(closed)
    AccountabilityCase.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    before, closed_due = running.due_at, closed.due_at
    holiday = add_holiday_within(django_capture_on_commit_callbacks, start)
    running.refresh_from_db()
    closed.refresh_from_db()
    assert day(running.due_at) == add_working_days(date=day(before), n=1)
    assert running.due_at == clocks.investigation_due(running)
    assert closed.due_at == closed_due
    record = AuditRecord.objects.get(action="accountability.clock_recompute", actor=None)
    assert record.object_id == str(running.pk)
    assert record.data["extra"]["calendar_change"] == [holiday.isoformat(), holiday.isoformat()]


def test_loading_a_provisional_year_corrects_the_clock(
    inspector, body, clerk, leader, sysadmin, django_capture_on_commit_callbacks
):
    """CAL-6: a case opened in late December counts 2027 Monday to Friday; loading 2027 (1 January a
    holiday) moves the investigation's due date a day later."""
    from sunshine.workdays.tests.calendar_edits import LATE_DECEMBER, load_2027

    with clock.as_of(LATE_DECEMBER):
        acase = opened(inspector, body, clerk, leader)
    assert day(acase.due_at) == dt.date(2027, 1, 4)
    load_2027(django_capture_on_commit_callbacks, sysadmin)
    acase.refresh_from_db()
    assert day(acase.due_at) == dt.date(2027, 1, 5)
    assert AuditRecord.objects.filter(action="accountability.clock_recompute", actor=None).count() == 1
