"""Minutes: numbering per body and year, content from the records, signatures, lock, addenda
(DEC-110, DEC-224, DEC-225); and the constraints that back the services (STYLE §3)."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from sunshine.core.errors import Conflict, NotPermitted, RuleViolated
from sunshine.decisions import services
from sunshine.decisions.choices import Attendance, MinutesStatus, Outcome, Position, TopicKind, VoteMethod
from sunshine.decisions.models import AgendaItem, Minutes, Participant, ScopeSettings
from sunshine.decisions.tests.conftest import at, in_session, participant, state_all
from sunshine.decisions.tests.test_meetings import quick_ready
from sunshine.org.tests.factories import UnitFactory, account_with_role

pytestmark = pytest.mark.django_db


def closed_meeting(world, *, personnel=False):
    kind = TopicKind.PERSONNEL if personnel else TopicKind.DECISION
    topic = quick_ready(world, kind=kind, title="任命办公室主任" if personnel else "修订财务管理办法")
    m, (item,) = in_session(world, [topic], absent=[world.deputies[3]])
    if personnel:
        state_all(world, item)
        vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.SECRET)
        for user in world.members[:4]:
            services.ballot_cast(actor=user, vote=vote, choice_value=Position.AGREE)
    else:
        for p in services.eligible(item):
            if not p.is_principal:
                services.opinion_record(
                    actor=world.office, item=item, participant=p, position="agree", reason="可行"
                )
        services.opinion_record(
            actor=world.office,
            item=item,
            participant=participant(m, world.principal),
            position="agree",
            reason="同意",
        )
        state_all(world, item)
        vote = services.vote_open(actor=world.office, item=item, method=VoteMethod.HANDS)
        for p in services.eligible(item):
            services.ballot_record(actor=world.office, vote=vote, participant=p, choice_value=Position.AGREE)
    services.vote_close(actor=world.office, vote=vote)
    services.outcome_record(actor=world.principal, item=item, outcome=Outcome.ADOPTED)
    return services.meeting_close(actor=world.office, meeting=m)


def test_minutes_are_numbered_per_body_and_year(world):
    first = services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    second = services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    assert (first.seq, second.seq) == (1, 2)
    assert second.number == f"{world.body.name}纪〔2026〕2号"


def test_minutes_hold_every_opinion_absence_and_vote(world):
    minutes = services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    content = minutes.content
    assert content["absent"] == [{"name": "副局长4", "reason": "出差", "written_opinion": "同意"}]
    assert content["non_voting"] == ["王纪检"]
    (item,) = content["items"]
    assert [o["name"] for o in item["opinions"]][-1] == "李局长"  # the principal last
    assert item["vote"]["yes"] == 4
    assert len(item["vote"]["ballots"]) == 4
    assert item["outcome"] == "通过"


def test_minutes_of_a_secret_ballot_name_nobody(world):
    minutes = services.minutes_draft(actor=world.office, meeting=closed_meeting(world, personnel=True))
    (item,) = minutes.content["items"]
    assert item["vote"]["method"] == "无记名投票"
    assert item["vote"]["ballots"] == []
    assert (item["vote"]["yes"], item["vote"]["members_due"]) == (4, 5)


def test_minutes_lock_after_chair_and_recorder_sign(world, audits):
    minutes = services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    with pytest.raises(NotPermitted):
        services.minutes_sign(actor=world.deputies[1], minutes=minutes)
    minutes = services.minutes_sign(actor=world.principal, minutes=minutes)
    assert minutes.status == MinutesStatus.DRAFT
    minutes = services.minutes_sign(actor=world.office, minutes=minutes)
    assert minutes.status == MinutesStatus.SIGNED
    assert minutes.locked_at is not None
    with pytest.raises(RuleViolated) as error:
        services.minutes_refresh(actor=world.office, minutes=minutes)
    assert error.value.rule == "DEC-224"
    assert audits("decisions.minutes_sign") == 2


def test_correction_after_signing_is_an_audited_addendum(world, audits):
    minutes = services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    with pytest.raises(Conflict):
        services.minutes_addendum(actor=world.office, minutes=minutes, text_="x", reason="y")
    services.minutes_sign(actor=world.principal, minutes=minutes)
    services.minutes_sign(actor=world.office, minutes=minutes)
    content = Minutes.objects.get(pk=minutes.pk).content
    services.minutes_addendum(actor=world.office, minutes=minutes, text_="地点应为二楼会议室", reason="笔误")
    assert Minutes.objects.get(pk=minutes.pk).content == content
    assert minutes.addenda.get().reason == "笔误"
    assert audits("decisions.minutes_addendum") == 1


def test_minutes_only_after_the_meeting_closed(world):
    topic = quick_ready(world)
    m, _items = in_session(world, [topic])
    with pytest.raises(Conflict):
        services.minutes_draft(actor=world.office, meeting=m)


def test_other_body_has_its_own_series(world):
    from sunshine.decisions.services.minutes import next_number

    other = UnitFactory(name="示范乡人民政府", code="BODY-9")
    services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    assert next_number(body=other, year=2026) == 1
    assert next_number(body=world.body, year=2027) == 1


# --- Constraints (STYLE §3: each refused by the database too) --------------------------------------


def test_absence_without_reason_is_refused_by_the_database(world):
    m = services.meeting_create(
        actor=world.office,
        body=world.body,
        kind="party_group",
        title="会议",
        starts_at=at("2026-11-18 09:00"),
        place="会议室",
        chair=world.principal,
        recorder=world.office,
        members=world.members,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(meeting=m).update(attendance=Attendance.ABSENT, absence_reason="")


def test_urgent_item_without_reason_is_refused_by_the_database(world):
    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic])
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.filter(pk=item.pk).update(urgent=True, urgent_reason="")


def test_notice_lead_below_one_working_day_is_refused_by_the_database(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ScopeSettings.objects.create(body=world.body, notice_workdays=0)


def test_minutes_cannot_lock_unsigned(world):
    minutes = services.minutes_draft(actor=world.office, meeting=closed_meeting(world))
    with pytest.raises(IntegrityError), transaction.atomic():
        Minutes.objects.filter(pk=minutes.pk).update(locked_at=minutes.created_at)


def test_one_principal_per_meeting(world):
    m = services.meeting_create(
        actor=world.office,
        body=world.body,
        kind="party_group",
        title="会议",
        starts_at=at("2026-11-18 09:00"),
        place="会议室",
        chair=world.principal,
        recorder=world.office,
        members=world.members,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(meeting=m).update(is_principal=True)


# --- Implementation tasks (DEC-226, EXE-3) -------------------------------------------------------------


def test_adopted_decision_is_broken_into_supervision_orders(world):
    from sunshine.oversight.choices import OrderSource, OrderStatus

    clerk = account_with_role("clerk", unit=world.department, username="taskclerk", full_name="落实人")
    meeting = closed_meeting(world)
    item = meeting.items.get()
    task = services.implementation_task_assign(
        actor=world.in_charge,
        item=item,
        department=world.department,
        responsible=clerk,
        requirement="12月底前印发修订后的办法",
        reply_workdays=10,
    )
    order = task.order
    assert (order.source, order.status, order.responsible) == (
        OrderSource.DECISION,
        OrderStatus.ISSUED,
        clerk,
    )
    assert order.source_ref == f"decisions.item:{item.pk}"
    assert "修订财务管理办法" in order.subject


def test_no_tasks_for_a_decision_not_adopted(world):
    topic = quick_ready(world)
    _m, (item,) = in_session(world, [topic])
    services.outcome_record(actor=world.office, item=item, outcome=Outcome.DEFERRED, reason="分歧较大")
    with pytest.raises(RuleViolated) as error:
        services.implementation_task_assign(
            actor=world.in_charge,
            item=item,
            department=world.department,
            responsible=world.proposer,
            requirement="x",
        )
    assert error.value.rule == "DEC-226"
