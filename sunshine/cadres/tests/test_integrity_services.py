"""The integrity file (廉政档案, issue #9 §6): assembled from the sources, read only by the discipline
office and approved readers (IFL-1), every read logged; the pre-promotion opinion's veto (SUP-116)
and deferral (SUP-118) computed from the entries, with the six-month edge."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.accountability.choices import ReviewOutcome
from sunshine.accountability.tests.conftest import decided, investigated, register, sanction
from sunshine.cadres import body_settings
from sunshine.cadres.file_sources import FileEntry
from sunshine.cadres.integrity import services, sources
from sunshine.cadres.integrity.models import FileRead, OpinionConclusion, OpinionStatus, PromotionOpinion
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import PersonFactory, account_with_role

pytestmark = pytest.mark.django_db

DECIDED = dt.date(2026, 1, 15)


@pytest.fixture
def cadre(body):
    user = account_with_role("deputy_leader", unit=body, username="cadre", full_name="孙副局长")
    PersonFactory(unit=body, name="孙副局长", user=user)
    return user


@pytest.fixture
def member(body):
    return account_with_role("clerk", unit=body, username="member", full_name="调查组员")


@pytest.fixture
def red_alert(clerk, department, legal_reviewer, inspector, leader):
    """A red alert on a case received thirty days ago whose open step is the clerk's (the scan)."""
    from sunshine.cases import services as case_services
    from sunshine.cases.choices import TaskStatus
    from sunshine.catalog.tests.factories import published
    from sunshine.oversight import services as oversight

    permit = published(clerk, department, legal_reviewer, inspector, leader)
    case = case_services.case_register(
        actor=clerk,
        version=permit,
        subject="申请烟花爆竹零售经营许可",
        applicant_kind="organisation",
        applicant_name="示范县红星烟花店",
        applicant_contact="13800000000",
        received=["申请书"],
        received_at=clock.now() - dt.timedelta(days=30),
    )
    task = case.tasks.get(status=TaskStatus.OPEN)
    task.assignee = clerk
    task.save(update_fields=["assignee"])
    oversight.scan(notify_people=False)
    return case.alerts.filter(level="red").order_by("id").first()


def entry(**kwargs) -> FileEntry:
    return FileEntry(**{"section": "accountability", "occurred_on": DECIDED, "title": "问责", **kwargs})


def decide_on(acase, day: dt.date):
    """Move a decision to ``day`` (the date the veto period counts from)."""
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=clock.LOCAL_TZ)
    type(acase).objects.filter(pk=acase.pk).update(decided_at=moment)


# --- SUP-116: the periods and their edges ------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (dt.date(2026, 1, 15), 6, dt.date(2026, 7, 15)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2027, 8, 31), 6, dt.date(2028, 2, 29)),
        (dt.date(2026, 12, 1), 18, dt.date(2028, 6, 1)),
    ],
)
def test_half_a_year_ends_on_the_same_day_or_the_months_last(start, months, end):
    assert sources.add_months(start, months) == end


def test_a_lighter_outcome_vetoes_on_the_last_day_of_six_months_and_not_after():
    """SUP-116(4): 尚未超过半年 — exactly six months after the decision still vetoes."""
    e = entry(vetoes_until=sources.add_months(DECIDED, 6), rule="SUP-116(4)")
    on_edge = services.assess([e], dt.date(2026, 7, 15))
    after = services.assess([e], dt.date(2026, 7, 16))
    assert [f.kind for f in on_edge] == ["veto"]
    assert on_edge[0].rule == "SUP-116(4)"
    assert [f.kind for f in after] == ["issue"]  # SUP-119: reported, the Party committee decides
    assert services.conclusion_of(after) == OpinionConclusion.REPORTED


def test_an_open_matter_vetoes_and_a_preliminary_check_only_defers():
    findings = services.assess(
        [entry(veto_open=True, rule="SUP-116(2)"), entry(defers=True, rule="SUP-118(1)")], DECIDED
    )
    assert [(f.kind, f.rule) for f in findings] == [("veto", "SUP-116(2)"), ("defer", "SUP-118(1)")]
    assert services.conclusion_of(findings) == OpinionConclusion.VETO
    assert services.conclusion_of(findings[1:]) == OpinionConclusion.DEFER
    assert services.conclusion_of([]) == OpinionConclusion.NO_OBJECTION


def test_known_sanctions_have_their_periods_and_unknown_ones_fall_back_on_the_tier():
    assert sources.sanction_period("诫勉谈话", "minor") == (6, "SUP-116(3)")
    assert sources.sanction_period("严重警告", "serious") == (18, "SUP-116(3)")
    assert sources.sanction_period("本单位自定方式", "grave") == (24, "SUP-116(6)")


# --- The accountability source ----------------------------------------------------------------------


def test_a_decided_criticism_vetoes_until_six_months_after_the_decision(
    inspector, body, cadre, leader, member
):
    acase = decided(inspector, body, cadre, leader, member, names=("通报批评",))
    decide_on(acase, DECIDED)
    [e] = sources.accountability(cadre, today=DECIDED)
    assert e.vetoes_until == dt.date(2026, 7, 15)
    assert e.rule == "SUP-116(4)"
    assert "通报批评" in e.summary


def test_the_heaviest_sanction_sets_the_period(inspector, body, cadre, leader, member):
    acase = decided(inspector, body, cadre, leader, member, names=("通报批评",))
    acase.sanctions.add(sanction("严重警告"))  # as a heavier decision would record it
    decide_on(acase, DECIDED)
    [e] = sources.accountability(cadre, today=DECIDED)
    assert (e.vetoes_until, e.rule) == (dt.date(2027, 7, 15), "SUP-116(3)")


def test_an_admonition_sanction_lasts_the_bodys_admonition_effect_period(
    inspector, body, cadre, leader, member
):
    """SUP-116(3): an admonition recorded as an accountability sanction lasts as long as an admonition
    talk, the body's ``admonition_effect_months`` (the body of the cadre's unit), not a fixed 6."""
    acase = decided(inspector, body, cadre, leader, member, tier="minor", names=("诫勉谈话",))
    decide_on(acase, DECIDED)
    [e] = sources.accountability(cadre, today=DECIDED)
    assert (e.vetoes_until, e.rule) == (dt.date(2026, 7, 15), "SUP-116(3)")  # the default, 6 months
    read = body_settings.settings_get(actor=inspector, body=body)
    body_settings.settings_save(
        actor=inspector, body=body, expected_versions=read.versions, admonition_effect_months=9
    )
    [e] = sources.accountability(cadre, today=DECIDED)
    assert (e.vetoes_until, e.rule) == (dt.date(2026, 10, 15), "SUP-116(3)")
    assert "9个月" in e.summary


def test_a_case_under_investigation_vetoes_until_concluded(inspector, body, cadre, leader, member):
    investigated(inspector, body, cadre, leader, member)
    [e] = sources.accountability(cadre, today=clock.today())
    assert e.veto_open
    assert e.rule == "SUP-116(2)"


def test_a_preliminary_verification_suggests_deferral(inspector, body, cadre):
    register(inspector, body, cadre)
    [e] = sources.accountability(cadre, today=clock.today())
    assert (e.defers, e.veto_open, e.vetoes_until, e.rule) == (True, False, None, "SUP-118(1)")


def test_a_decision_revoked_on_review_no_longer_vetoes(inspector, body, cadre, leader, member):
    acase = decided(inspector, body, cadre, leader, member)
    type(acase).objects.filter(pk=acase.pk).update(status="closed", review_outcome=ReviewOutcome.REVOKED)
    [e] = sources.accountability(cadre, today=clock.today())
    assert e.vetoes_until is None
    assert "撤销" in e.summary


# --- Other sources ----------------------------------------------------------------------------------


def test_alerts_of_the_cadre_as_responsible_person_enter_the_file(red_alert, clerk):
    entries = list(sources.oversight(clerk, today=clock.today()))
    assert any(e.source == f"oversight.alert:{red_alert.pk}" for e in entries)
    assert all(e.section == "oversight" for e in entries)


def test_a_topic_the_cadre_was_responsible_leader_of_enters_the_file(body, department, cadre, clerk):
    from sunshine.decisions.models import Topic

    topic = Topic.objects.create(
        body=body,
        department=department,
        title="修订本局财务管理办法",
        kind="decision",
        background="b",
        draft_decision="d",
        responsible_leader=cadre,
        proposer=clerk,
    )
    [e] = sources.decisions(cadre, today=clock.today())
    assert e.source == f"decisions.topic:{topic.pk}"
    assert "修订本局财务管理办法" in e.title


def test_an_open_report_naming_the_cadre_suggests_deferral(body, cadre):
    from sunshine.petitions import services as petitions

    person = cadre.person
    petition, _secret = petitions.petition_file(
        actor=None,
        body=body,
        kind="report",
        channel="portal",
        subject="反映副局长违规收受礼金",
        content="某月某日收受礼金若干。",
        anonymous=True,
        accused_person=person,
    )
    [e] = sources.petitions(cadre, today=clock.today())
    assert e.source == f"petitions.petition:{petition.pk}"
    assert (e.defers, e.rule) == (True, "SUP-118(1)")


# --- Reading: IFL-1 ---------------------------------------------------------------------------------


def test_the_discipline_office_reads_the_file_and_the_read_is_logged(inspector, body, cadre):
    register(inspector, body, cadre)
    read = services.file_read(actor=inspector, cadre=cadre)
    assert [s.key for s in read.sections] == ["accountability"]
    assert [f.kind for f in read.findings] == ["defer"]
    log = FileRead.objects.get()
    assert (log.via, log.reader, log.cadre, log.body) == ("office", inspector, cadre, body)
    assert AuditRecord.objects.filter(action="cadres.file_read", object_id=str(log.pk)).exists()


def test_a_staff_member_without_a_grant_is_refused_and_the_refusal_is_logged(clerk, cadre):
    with pytest.raises(NotPermitted) as refused:
        services.file_read(actor=clerk, cadre=cadre)
    assert refused.value.rule == "IFL-1"
    assert "IFL-1" in str(refused.value.message)
    log = FileRead.objects.get()
    assert (log.via, log.reader, log.rule) == ("refused", clerk, "IFL-1")
    assert AuditRecord.objects.filter(action="cadres.file_read_refused").count() == 1


def test_another_bodys_discipline_office_is_refused(other_body, cadre):
    outsider = account_with_role("discipline_inspector", unit=other_body, username="outsider")
    with pytest.raises(NotPermitted):
        services.file_read(actor=outsider, cadre=cadre)


def test_an_approved_reader_reads_within_the_period_only(inspector, clerk, cadre):
    today = clock.today()
    grant = services.grant_approve(
        actor=inspector, reader=clerk, cadre=cadre, reason="核查干部任职资格", starts_on=today, ends_on=today
    )
    services.file_read(actor=clerk, cadre=cadre)
    assert FileRead.objects.get().grant == grant
    with pytest.raises(NotPermitted):
        services.file_read(actor=clerk, cadre=cadre, today=today + dt.timedelta(days=1))


def test_a_revoked_grant_no_longer_lets_the_reader_in(inspector, clerk, cadre):
    today = clock.today()
    grant = services.grant_approve(
        actor=inspector, reader=clerk, cadre=cadre, reason="核查", starts_on=today, ends_on=today
    )
    services.grant_revoke(actor=inspector, grant=grant, reason="事由已消除")
    with pytest.raises(NotPermitted):
        services.file_read(actor=clerk, cadre=cadre)


def test_only_the_discipline_office_grants_and_never_for_the_own_file(inspector, clerk, cadre):
    today = clock.today()
    with pytest.raises(NotPermitted):
        services.grant_approve(
            actor=clerk, reader=clerk, cadre=cadre, reason="x", starts_on=today, ends_on=today
        )
    with pytest.raises(RuleViolated) as own:
        services.grant_approve(
            actor=inspector, reader=cadre, cadre=cadre, reason="x", starts_on=today, ends_on=today
        )
    assert own.value.rule == "IFL-1"
    with pytest.raises(InvalidInput) as long:
        services.grant_approve(
            actor=inspector,
            reader=clerk,
            cadre=cadre,
            reason="x",
            starts_on=today,
            ends_on=today + dt.timedelta(days=90),
        )
    assert long.value.field == "ends_on"


def test_another_bodys_office_cannot_list_this_bodys_reads(inspector, other_body, clerk, cadre):
    with pytest.raises(NotPermitted):
        services.file_read(actor=clerk, cadre=cadre)
    outsider = account_with_role("discipline_inspector", unit=other_body, username="outsider")
    assert list(services.read_list(actor=outsider)) == []
    assert services.read_list(actor=inspector).count() == 1


# --- The opinion: SUP-115..118 -----------------------------------------------------------------------


def monday(day: int = 2) -> dt.datetime:
    return dt.datetime(2026, 3, day, 9, 0, tzinfo=clock.LOCAL_TZ)  # 2 March 2026 is a Monday


def test_the_opinion_falls_due_after_the_bodys_working_day_limit(leader, inspector, body, cadre):
    read = body_settings.settings_get(actor=inspector, body=body)
    body_settings.settings_save(
        actor=inspector, body=body, expected_versions=read.versions, opinion_workdays=3
    )
    with clock.as_of(monday()):
        opinion = services.opinion_request(
            actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长"
        )
    assert opinion.workdays == 3
    assert clock.local(opinion.due_at).date() == dt.date(2026, 3, 5)


def test_only_the_organisation_side_requests_an_opinion(inspector, cadre):
    with pytest.raises(NotPermitted) as refused:
        services.opinion_request(actor=inspector, cadre=cadre, current_post="副局长", proposed_post="局长")
    assert refused.value.rule == "SUP-115"


def test_a_second_request_waits_for_the_first_answer(leader, cadre):
    services.opinion_request(actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长")
    with pytest.raises(Conflict):
        services.opinion_request(actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长")


def test_the_answer_vetoes_from_the_file_and_keeps_the_findings(inspector, leader, body, cadre, member):
    acase = decided(inspector, body, cadre, leader, member, names=("通报批评",))
    decide_on(acase, dt.date(2025, 9, 2))
    with clock.as_of(monday()):
        opinion = services.opinion_request(
            actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长"
        )
        answered = services.opinion_answer(
            actor=inspector,
            opinion=opinion,
            collective_opinion="经纪委集体讨论，不同意提拔",
            discussed_on=dt.date(2026, 3, 2),
        )
    # 2 Sept 2025 + 6 months = 2 March 2026, the day of the answer: still vetoes (SUP-116(4)).
    assert answered.conclusion == OpinionConclusion.VETO
    assert answered.findings[0]["rule"] == "SUP-116(4)"
    assert answered.status == OpinionStatus.ANSWERED
    assert not answered.is_late
    assert FileRead.objects.filter(kind="opinion", reader=inspector).exists()
    assert AuditRecord.objects.filter(action="cadres.opinion_answer").exists()


def test_the_day_after_six_months_the_outcome_is_only_reported(inspector, leader, body, cadre, member):
    acase = decided(inspector, body, cadre, leader, member, names=("通报批评",))
    decide_on(acase, dt.date(2025, 9, 1))
    with clock.as_of(monday()):
        opinion = services.opinion_request(
            actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长"
        )
        answered = services.opinion_answer(
            actor=inspector, opinion=opinion, collective_opinion="如实反映", discussed_on=dt.date(2026, 3, 2)
        )
    assert answered.conclusion == OpinionConclusion.REPORTED


def test_an_open_preliminary_check_suggests_deferral_and_a_known_breach_can_veto(
    inspector, leader, body, cadre
):
    register(inspector, body, cadre)
    opinion = services.opinion_request(actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长")
    answered = services.opinion_answer(
        actor=inspector, opinion=opinion, collective_opinion="建议暂缓", discussed_on=clock.today()
    )
    assert answered.conclusion == OpinionConclusion.DEFER
    second = services.opinion_request(actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长")
    vetoed = services.opinion_answer(
        actor=inspector,
        opinion=second,
        collective_opinion="否决",
        discussed_on=clock.today(),
        other_veto_reason="违反廉洁自律规定未自查自纠，群众反映强烈",
    )
    assert vetoed.conclusion == OpinionConclusion.VETO
    assert vetoed.findings[-1]["rule"] == "SUP-116(5)"


def test_an_answer_needs_the_collective_opinion_and_comes_from_the_office(inspector, leader, clerk, cadre):
    opinion = services.opinion_request(actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长")
    with pytest.raises(InvalidInput) as missing:
        services.opinion_answer(
            actor=inspector, opinion=opinion, collective_opinion=" ", discussed_on=clock.today()
        )
    assert (missing.value.field, missing.value.rule) == ("collective_opinion", "SUP-115")
    with pytest.raises(NotPermitted):
        services.opinion_answer(
            actor=clerk, opinion=opinion, collective_opinion="同意", discussed_on=clock.today()
        )
    assert PromotionOpinion.objects.get().status == OpinionStatus.REQUESTED


def test_an_answer_after_the_limit_is_late(inspector, leader, cadre):
    with clock.as_of(monday()):
        opinion = services.opinion_request(
            actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长"
        )
    with clock.as_of(monday(10)):  # five working days end on Monday 9 March
        answered = services.opinion_answer(
            actor=inspector, opinion=opinion, collective_opinion="同意", discussed_on=dt.date(2026, 3, 10)
        )
    assert answered.is_late
    assert answered.conclusion == OpinionConclusion.NO_OBJECTION


def test_the_dashboard_lists_open_accountability_cases_and_pending_opinions(
    inspector, leader, body, cadre, member
):
    investigated(inspector, body, cadre, leader, member)
    services.opinion_request(actor=leader, cadre=cadre, current_post="副局长", proposed_post="局长")
    groups = dict(services.open_matters(actor=inspector))
    assert len(groups["问责案件"]) == 1
    assert groups["问责案件"][0].rule == "ACC-9"
    assert len(groups["拟提拔任用干部征求意见"]) == 1


def test_the_dashboard_is_the_discipline_offices(clerk):
    with pytest.raises((NotPermitted, NotFound)):
        services.open_matters(actor=clerk)


def test_the_demo_approves_a_reader_and_answers_an_opinion_once(inspector, leader, body, cadre):
    from sunshine.cadres.integrity import demo
    from sunshine.cadres.integrity.models import FileReadGrant

    register(inspector, body, cadre)
    assert demo.load() == {"integrity read grants": 1, "promotion opinions": 1}
    grant = FileReadGrant.objects.get()
    assert (grant.reader, grant.cadre, grant.approved_by) == (leader, cadre, inspector)
    opinion = PromotionOpinion.objects.get()
    assert (opinion.status, opinion.conclusion) == (OpinionStatus.ANSWERED, OpinionConclusion.DEFER)
    assert demo.load() == {}
