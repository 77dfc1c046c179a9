"""Meetings: notice, agenda, quorum per item, recusal, opinions in turn, votes, outcomes
(DEC-52, DEC-54, DEC-56, DEC-61..DEC-65, DEC-208, DEC-209, DEC-211, DEC-212, DEC-218..DEC-223)."""

from __future__ import annotations

import pytest

from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.decisions import services
from sunshine.decisions.choices import (
    Attendance,
    MeetingStatus,
    NoticeKind,
    Outcome,
    Position,
    TopicKind,
    TopicStatus,
    VoteMethod,
)
from sunshine.decisions.models import BallotCast, DisciplineNotice, Participant, Topic
from sunshine.decisions.tests.conftest import (
    all_prerequisites_off,
    at,
    in_session,
    meeting,
    participant,
    propose,
    ready,
    state_all,
)
from sunshine.org.tests.factories import account_with_role

pytestmark = pytest.mark.django_db


def quick_ready(w, kind=TopicKind.DECISION, **kwargs):
    """A topic through submission and the office's check, with no prerequisites required."""
    all_prerequisites_off(w)
    topic = propose(w, kind=kind, **kwargs)
    topic = services.topic_submit(actor=w.proposer, topic=topic)
    return services.topic_check(actor=w.office, topic=topic, accept=True)


def state_all_but_principal(w, item, position=Position.AGREE):
    for p in services.eligible(item):
        if not p.is_principal:
            services.opinion_record(
                actor=w.office, item=item, participant=p, position=position, reason="理由"
            )


# --- Notice and agenda (DEC-211, DEC-212) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "starts", "ok"),
    [
        ("2026-11-16 09:00", "2026-11-18 09:00", True),  # Monday → Wednesday: 2 working days
        ("2026-11-16 09:00", "2026-11-17 15:00", False),  # Monday → Tuesday: 1
        ("2026-11-20 17:00", "2026-11-23 09:00", False),  # Friday → Monday: the weekend does not count
        ("2026-11-20 17:00", "2026-11-24 09:00", True),  # Friday → Tuesday: 2
    ],
)
def test_notice_two_working_days_before(world, now, starts, ok):
    """DEC-212 / DOMAIN default 7: at least 2 working days, counted by the calendar."""
    topic = quick_ready(world)
    world.clock.set(at(now))
    m = meeting(world, starts=starts)
    services.agenda_add(actor=world.office, meeting=m, topic=topic)
    if ok:
        assert services.meeting_notify(actor=world.office, meeting=m).status == MeetingStatus.NOTIFIED
    else:
        with pytest.raises(RuleViolated) as error:
            services.meeting_notify(actor=world.office, meeting=m)
        assert (error.value.rule, error.value.field) == ("DEC-212", "starts_at")


def test_notice_lead_is_the_bodys_setting(world):
    services.settings_save(actor=world.principal, body=world.body, notice_workdays=1)
    topic = quick_ready(world)
    m = meeting(world, starts="2026-11-17 09:00")
    services.agenda_add(actor=world.office, meeting=m, topic=topic)
    assert services.meeting_notify(actor=world.office, meeting=m).notice_sent_at is not None


def test_topic_not_checked_by_the_office_cannot_be_scheduled(world):
    all_prerequisites_off(world)
    topic = propose(world)
    with pytest.raises(RuleViolated) as error:
        services.agenda_add(actor=world.office, meeting=meeting(world), topic=topic)
    assert error.value.rule == "DEC-216"


def test_topic_whose_prerequisite_lapsed_cannot_be_scheduled(world):
    """DEC-60: checked again at scheduling (a later failed legality review, DEC-38)."""
    topic = ready(world)
    services.settings_save(
        actor=world.principal, body=world.body, prerequisites={TopicKind.DECISION: ["research", "legality"]}
    )
    from sunshine.decisions.choices import LegalConclusion

    Topic.objects.filter(pk=topic.pk).update(status=TopicStatus.READY)
    services.legality_review_record(
        actor=world.legal, topic=topic, basis="x", analysis="越权", conclusion=LegalConclusion.FAILED
    )
    with pytest.raises(RuleViolated) as error:
        services.agenda_add(actor=world.office, meeting=meeting(world), topic=topic)
    assert error.value.rule == "DEC-38"


def test_no_topic_added_after_the_notice_unless_urgent(world):
    """DEC-211: 不得临时动议; an urgent item is marked, with its reason, for the discipline office."""
    first, second = quick_ready(world), quick_ready(world, title="第二个议题")
    m = meeting(world)
    services.agenda_add(actor=world.office, meeting=m, topic=first)
    services.meeting_notify(actor=world.office, meeting=m)
    m.refresh_from_db()
    with pytest.raises(RuleViolated) as error:
        services.agenda_add(actor=world.office, meeting=m, topic=second)
    assert (error.value.rule, error.value.field) == ("DEC-211", "urgent")
    with pytest.raises(InvalidInput):
        services.agenda_add(actor=world.office, meeting=m, topic=second, urgent=True, urgent_reason="")
    item = services.agenda_add(
        actor=world.office, meeting=m, topic=second, urgent=True, urgent_reason="汛期抢险"
    )
    assert item.urgent
    notice = DisciplineNotice.objects.get()
    assert (notice.kind, notice.rule, notice.topic_id) == (NoticeKind.URGENT, "DEC-211", second.pk)


def test_personnel_topic_while_the_principal_is_leaving_needs_superior_consent(world):
    """DEC-65 八不准 七: refused and recorded; with the superior's consent it goes on."""
    topic = quick_ready(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    services.settings_save(actor=world.principal, body=world.body, principal_leaving=True)
    m = meeting(world)
    with pytest.raises(RuleViolated) as error:
        services.agenda_add(actor=world.office, meeting=m, topic=topic)
    assert error.value.rule == "DEC-65"
    assert DisciplineNotice.objects.get().rule == "DEC-65"
    Topic.objects.filter(pk=topic.pk).update(superior_consent="市委组织部2026年11月10日同意")
    topic.refresh_from_db()
    assert services.agenda_add(actor=world.office, meeting=m, topic=topic).topic == topic


# --- Quorum (DEC-208, DEC-209, DEC-52) -------------------------------------------------------------------


def test_vote_refused_without_quorum(world):
    """DEC-208: two of five present is below half."""
    topic = quick_ready(world)
    keep = [world.principal, world.in_charge]
    _m, (item,) = in_session(world, [topic], absent=[u for u in world.members if u not in keep])
    with pytest.raises(RuleViolated) as error:
        services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    assert (error.value.rule, error.value.code) == ("DEC-208", "decision_no_quorum")


def _six_members(world):
    extra = account_with_role("deputy_leader", unit=world.body, username="deputy5", full_name="副局长5")
    return [*world.members, extra]


@pytest.mark.parametrize(("present", "ok"), [(3, True), (2, False)])
def test_general_quorum_edge(world, present, ok):
    """DEC-208: present * 2 >= due; with six due, three present is exactly half."""
    members = _six_members(world)
    topic = quick_ready(world)
    keep = [world.principal, world.in_charge, world.deputies[1]][:present]
    _m, (item,) = in_session(world, [topic], absent=[u for u in members if u not in keep], members=members)
    quorum = services.item_quorum(item)
    assert (quorum.due, quorum.present, quorum.enough) == (6, present, ok)


@pytest.mark.parametrize(("present", "ok"), [(4, True), (3, False)])
def test_personnel_quorum_is_two_thirds(world, present, ok):
    """DEC-209: ⅔ of six members due is four (三分之二以上 includes it); three is not enough."""
    members = _six_members(world)
    topic = quick_ready(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    keep = [world.principal, world.in_charge, world.deputies[1], world.deputies[2]][:present]
    _m, (item,) = in_session(world, [topic], absent=[u for u in members if u not in keep], members=members)
    if ok:
        state_all(world, item)
        assert services.vote_open(actor=world.office, item=item, method=VoteMethod.SECRET).members_due == 6
    else:
        with pytest.raises(RuleViolated) as error:
            services.vote_open(actor=world.office, item=item, method=VoteMethod.SECRET)
        assert error.value.rule == "DEC-209"


def test_one_meeting_may_be_quorate_for_some_items_only(world):
    """Four of six present: enough for a general item (≥ ½), also for personnel (≥ ⅔)…; three of
    six: general yes, personnel no."""
    members = _six_members(world)
    general = quick_ready(world)
    personnel = quick_ready(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    keep = [world.principal, world.in_charge, world.deputies[1]]
    _m, (g, p) = in_session(
        world, [general, personnel], absent=[u for u in members if u not in keep], members=members
    )
    assert services.item_quorum(g).ok is True
    assert services.item_quorum(p).ok is False


def test_non_voting_attendees_do_not_count(world):
    """DEC-228: 列席 never count towards the quorum."""
    topic = quick_ready(world)
    guests = [account_with_role("clerk", unit=world.department, username=f"guest{i}") for i in range(4)]
    keep = [world.principal, world.in_charge]
    _m, (item,) = in_session(
        world,
        [topic],
        absent=[u for u in world.members if u not in keep],
        attendees=[world.inspector, *guests],
    )
    quorum = services.item_quorum(item)
    assert (quorum.due, quorum.present, quorum.enough) == (5, 2, False)


def test_member_in_charge_must_be_present(world):
    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic], absent=[world.in_charge])
    with pytest.raises(RuleViolated) as error:
        services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    assert error.value.rule == "DEC-52"


def test_recused_member_in_charge_counts_as_absent_for_that_item(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    services.recusal_record(
        actor=world.office, item=item, participant=participant(m, world.in_charge), reason="亲属参与投标"
    )
    quorum = services.item_quorum(item)
    assert (quorum.present, quorum.in_charge_present) == (4, False)
    with pytest.raises(RuleViolated):
        services.opinion_record(
            actor=world.office,
            item=item,
            participant=participant(m, world.in_charge),
            position="agree",
            reason="x",
        )


def test_absence_needs_a_reason(world):
    topic = quick_ready(world)
    m = meeting(world)
    services.agenda_add(actor=world.office, meeting=m, topic=topic)
    services.meeting_notify(actor=world.office, meeting=m)
    with pytest.raises(InvalidInput) as error:
        services.attendance_record(
            actor=world.office, participant=participant(m, world.deputies[3]), attendance=Attendance.ABSENT
        )
    assert error.value.field == "absence_reason"


# --- Opinions in turn: 末位表态 (DEC-54, DEC-64) ----------------------------------------------------------


def test_principal_cannot_state_first_and_the_attempt_is_recorded(world, audits):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    p = participant(m, world.principal)
    with pytest.raises(RuleViolated) as error:
        services.opinion_record(
            actor=world.office, item=item, participant=p, position=Position.AGREE, reason="同意"
        )
    assert (error.value.rule, error.value.code) == ("DEC-64", "decision_principal_speaks_first")
    assert "副局长1" in error.value.message
    notice = DisciplineNotice.objects.get()
    assert (notice.rule, notice.meeting_id, notice.topic_id) == ("DEC-64", m.pk, topic.pk)
    assert not item.opinions.exists()


def test_principal_still_waits_for_the_last_other_member(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    others = [p for p in services.eligible(item) if not p.is_principal]
    for p in others[:-1]:
        services.opinion_record(actor=world.office, item=item, participant=p, position="agree", reason="同意")
    with pytest.raises(RuleViolated):
        services.opinion_record(
            actor=world.office,
            item=item,
            participant=participant(m, world.principal),
            position="agree",
            reason="同意",
        )
    services.opinion_record(
        actor=world.office, item=item, participant=others[-1], position="agree", reason="同意"
    )
    last = services.opinion_record(
        actor=world.office,
        item=item,
        participant=participant(m, world.principal),
        position="agree",
        reason="同意",
    )
    assert last.seq == 5


def test_principal_does_not_wait_for_absent_or_recused_members(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic], absent=[world.deputies[3]])
    services.recusal_record(
        actor=world.office, item=item, participant=participant(m, world.deputies[2]), reason="回避"
    )
    state_all_but_principal(world, item)
    last = services.opinion_record(
        actor=world.office,
        item=item,
        participant=participant(m, world.principal),
        position="agree",
        reason="同意",
    )
    assert last.seq == 3


def test_member_states_own_opinion_once_with_reasons(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    me = participant(m, world.deputies[1])
    with pytest.raises(InvalidInput) as error:
        services.opinion_record(
            actor=world.deputies[1], item=item, participant=me, position="agree", reason=" "
        )
    assert error.value.field == "reason"
    services.opinion_record(
        actor=world.deputies[1], item=item, participant=me, position="disagree", reason="成本过高"
    )
    with pytest.raises(Conflict):
        services.opinion_record(
            actor=world.deputies[1], item=item, participant=me, position="agree", reason="改主意"
        )


def test_a_member_cannot_enter_anothers_opinion(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    with pytest.raises(NotPermitted):
        services.opinion_record(
            actor=world.deputies[1],
            item=item,
            participant=participant(m, world.deputies[2]),
            position="agree",
            reason="x",
        )


# --- Votes (DEC-56, DEC-221, DEC-222) ---------------------------------------------------------------------


def _named_vote(world, item, yes: int, m):
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.NAMED)
    for i, p in enumerate(services.eligible(item)):
        services.ballot_record(
            actor=world.office,
            vote=vote,
            participant=p,
            choice_value=Position.AGREE if i < yes else Position.DISAGREE,
        )
    return services.vote_close(actor=world.office, vote=vote)


@pytest.mark.parametrize(("yes", "passed"), [(2, False), (3, True)])
def test_passes_when_yes_exceeds_half_of_members_due(world, yes, passed):
    """DEC-222: five due, four present (one absent with a written opinion 同意, not counted,
    DEC-218): 3 yes passes, 2 does not."""
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic], absent=[world.deputies[3]])
    vote = _named_vote(world, item, yes, m)
    assert (vote.yes, vote.members_due, vote.passed) == (yes, 5, passed)


def test_exactly_half_of_an_even_number_due_does_not_pass(world):
    assert services.passes(yes=3, members_due=6) is False
    assert services.passes(yes=4, members_due=6) is True
    assert services.passes(yes=3, members_due=5) is True


def test_personnel_items_by_secret_ballot(world):
    topic = quick_ready(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    _m, (item,) = in_session(world, [topic])
    with pytest.raises(RuleViolated) as error:
        services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    assert (error.value.rule, error.value.field) == ("DEC-221", "method")


def test_secret_ballot_records_who_voted_not_how(world):
    topic = quick_ready(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    m, (item,) = in_session(world, [topic])
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.SECRET)
    with pytest.raises(NotPermitted) as error:
        services.ballot_record(
            actor=world.office, vote=vote, participant=participant(m, world.deputies[1]), choice_value="agree"
        )
    assert error.value.rule == "DEC-221"
    choices = ["agree", "agree", "disagree", "agree", "abstain"]
    for user, choice_value in zip(world.members, choices, strict=True):
        services.ballot_cast(actor=user, vote=vote, choice_value=choice_value)
    with pytest.raises(Conflict):
        services.ballot_cast(actor=world.deputies[1], vote=vote, choice_value="disagree")
    casts = BallotCast.objects.filter(vote=vote)
    assert casts.count() == 5
    assert {f.name for f in BallotCast._meta.concrete_fields} == {"id", "vote", "participant"}
    for record in AuditRecord.objects.filter(action="decisions.ballot_cast"):
        assert "agree" not in record.payload
        assert "abstain" not in record.payload
    vote = services.vote_close(actor=world.office, vote=vote)
    assert (vote.yes, vote.no, vote.abstain, vote.passed) == (3, 1, 1, True)


def test_non_member_cannot_cast_a_secret_ballot(world):
    topic = quick_ready(world, kind=TopicKind.PERSONNEL, title="任命办公室主任")
    _m, (item,) = in_session(world, [topic])
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.SECRET)
    with pytest.raises(NotPermitted):
        services.ballot_cast(actor=world.inspector, vote=vote, choice_value="agree")


def test_absent_member_cannot_vote(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic], absent=[world.deputies[3]])
    state_all(world, item)
    vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    with pytest.raises(RuleViolated) as error:
        services.ballot_record(
            actor=world.office, vote=vote, participant=participant(m, world.deputies[3]), choice_value="agree"
        )
    assert error.value.rule == "DEC-218"


# --- Outcomes (DEC-61, DEC-62, DEC-63, DEC-219, DEC-223) -----------------------------------------------


def test_adoption_needs_a_vote(world):
    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic])
    with pytest.raises(RuleViolated) as error:
        services.outcome_record(actor=world.office, item=item, outcome=Outcome.ADOPTED)
    assert error.value.rule == "DEC-61"
    assert not DisciplineNotice.objects.exists()


def test_principal_cannot_adopt_over_a_failed_vote_and_the_attempt_is_recorded(world):
    """八不准 四 (DEC-62): no personal 拍板."""
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    _named_vote(world, item, 2, m)
    with pytest.raises(RuleViolated) as error:
        services.outcome_record(actor=world.principal, item=item, outcome=Outcome.ADOPTED)
    assert error.value.rule == "DEC-62"
    notice = DisciplineNotice.objects.get()
    assert (notice.kind, notice.actor, notice.rule) == (NoticeKind.REFUSED, world.principal, "DEC-62")
    item.refresh_from_db()
    assert item.outcome == ""


def test_adopted_after_a_passed_vote(world, audits):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    _named_vote(world, item, 4, m)
    item = services.outcome_record(actor=world.principal, item=item, outcome=Outcome.ADOPTED)
    topic.refresh_from_db()
    assert (item.outcome, topic.status) == (Outcome.ADOPTED, TopicStatus.ADOPTED)
    assert audits("decisions.outcome_record") == 1


def test_outcome_cannot_be_changed(world):
    """DEC-63: a collective decision changes only by a new one."""
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    _named_vote(world, item, 4, m)
    services.outcome_record(actor=world.office, item=item, outcome=Outcome.ADOPTED)
    with pytest.raises(RuleViolated) as error:
        services.outcome_record(actor=world.principal, item=item, outcome=Outcome.REJECTED, reason="重新考虑")
    assert error.value.rule == "DEC-63"
    assert DisciplineNotice.objects.get().rule == "DEC-63"


def test_ruling_against_a_passed_vote_needs_a_reason_and_alerts_the_discipline_office(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    _named_vote(world, item, 3, m)
    with pytest.raises(InvalidInput) as error:
        services.outcome_record(actor=world.principal, item=item, outcome=Outcome.REJECTED)
    assert error.value.rule == "DEC-223"
    services.outcome_record(
        actor=world.principal, item=item, outcome=Outcome.REJECTED, reason="上级政策即将调整"
    )
    notice = DisciplineNotice.objects.get()
    assert (notice.kind, notice.rule) == (NoticeKind.DEPARTURE, "DEC-223")


def test_deferral_needs_a_reason_and_puts_the_topic_back_for_another_meeting(world):
    """DEC-219: a closely divided item may be deferred."""
    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic])
    with pytest.raises(InvalidInput) as error:
        services.outcome_record(actor=world.principal, item=item, outcome=Outcome.DEFERRED)
    assert error.value.rule == "DEC-219"
    services.outcome_record(actor=world.principal, item=item, outcome=Outcome.DEFERRED, reason="意见分歧较大")
    topic.refresh_from_db()
    assert topic.status == TopicStatus.DEFERRED
    later = meeting(world, starts="2026-11-25 09:00")
    assert services.agenda_add(actor=world.office, meeting=later, topic=topic).topic == topic


def test_meeting_closes_only_when_every_item_has_an_outcome(world):
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic])
    with pytest.raises(RuleViolated):
        services.meeting_close(actor=world.office, meeting=m)
    services.outcome_record(actor=world.office, item=item, outcome=Outcome.SENT_BACK, reason="补充调研")
    assert services.meeting_close(actor=world.office, meeting=m).status == MeetingStatus.CLOSED


def test_principal_is_taken_from_the_org(world):
    m = meeting(world)
    assert Participant.objects.get(meeting=m, is_principal=True).user == world.principal
    assert not Participant.objects.get(meeting=m, user=world.inspector).voting


def test_vote_waits_for_every_present_members_opinion(world):
    """DEC-53: every member present states a view before the vote; absent (DEC-218) and recused
    members are not waited for. One silent deputy blocks the vote, and is named."""
    topic = quick_ready(world)
    m, (item,) = in_session(world, [topic], absent=[world.deputies[3]])
    services.recusal_record(
        actor=world.office, item=item, participant=participant(m, world.deputies[2]), reason="亲属任职"
    )
    services.opinion_record(
        actor=world.office,
        item=item,
        participant=participant(m, world.in_charge),
        position="agree",
        reason="可行",
    )
    with pytest.raises(RuleViolated) as error:
        services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    assert (error.value.rule, error.value.field, error.value.code) == (
        "DEC-53",
        "opinions",
        "decision_opinions_missing",
    )
    assert "副局长2" in error.value.message
    assert "副局长3" not in error.value.message
    services.opinion_record(
        actor=world.office,
        item=item,
        participant=participant(m, world.deputies[1]),
        position="agree",
        reason="可行",
    )
    with pytest.raises(RuleViolated, match="李局长"):
        services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
    services.opinion_record(
        actor=world.office,
        item=item,
        participant=participant(m, world.principal),
        position="agree",
        reason="同意",
    )
    assert services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS).members_due == 5
