"""Talks and inquiry letters (谈话函询, issue #9 §4): each rule of talks.services with its numeric
edges, each refusal naming its rule, the audit of every change (SUP-236..248, SUP-116)."""

from __future__ import annotations

import datetime as dt

import pytest

from sunshine.cadres.talks import services
from sunshine.cadres.talks.choices import Escalation, Kind, Outcome, Status
from sunshine.cadres.talks.models import Talk, TalkSettings
from sunshine.core import clock
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.models import AuditRecord
from sunshine.org.tests.factories import account_with_role
from sunshine.workdays.services import add_working_days

pytestmark = pytest.mark.django_db

# A Monday with no public holiday in the following seven weeks (2025-03-03).
MONDAY = dt.datetime(2025, 3, 3, 9, 0, tzinfo=clock.LOCAL_TZ)


@pytest.fixture
def cadre(department):
    return account_with_role("clerk", unit=department, username="cadre", full_name="周科长")


def letter(inspector, body, cadre, questions=("收受礼金问题", "配偶经商问题"), **kwargs):
    return services.talk_register(
        actor=inspector,
        body=body,
        kind=Kind.INQUIRY,
        subject=cadre,
        reason="群众来信反映",
        questions=list(questions),
        **kwargs,
    )


def approved(talk, leader):
    return services.talk_approve(actor=leader, talk=talk, opinion="同意函询")


def notified_letter(inspector, leader, body, cadre, **kwargs):
    talk = approved(letter(inspector, body, cadre, **kwargs), leader)
    return services.talk_notify(actor=inspector, talk=talk)


def held(inspector, leader, body, cadre, kind=Kind.ADMONITION, at=None):
    talk = services.talk_register(actor=inspector, body=body, kind=kind, subject=cadre, reason="测评优称率低")
    talk = approved(talk, leader)
    talk = services.talk_notify(
        actor=inspector, talk=talk, scheduled_at=clock.now() + dt.timedelta(days=1), place="局党组会议室"
    )
    return services.talk_record(
        actor=inspector,
        talk=talk,
        held_at=at or clock.now(),
        talker=leader,
        content="说明诫勉原因，听取本人说明",
        problems="履职不力",
        requirements="一个月内整改",
    )


# --- Register and approve (SUP-236, SUP-237, SUP-244) -----------------------------------------------


def test_register_numbers_per_body_and_year_and_audits_without_content(inspector, body, cadre):
    talk = letter(inspector, body, cadre)
    second = letter(inspector, body, cadre)
    assert talk.status == Status.DRAFT
    assert second.seq == talk.seq + 1
    assert "函询〔" in talk.number
    record = AuditRecord.objects.filter(action="cadres.talk_register", object_id=str(talk.pk)).get()
    assert "收受礼金" not in record.payload  # SUP-248: the audit log carries no content


def test_letter_needs_its_questions_point_by_point(inspector, body, cadre):
    with pytest.raises(InvalidInput) as error:
        letter(inspector, body, cadre, questions=["  "])
    assert error.value.field == "questions"
    assert error.value.rule == "SUP-247"


def test_collective_integrity_talk_needs_participants(inspector, body, cadre):
    """SUP-237: the yearly collective talk lists its participants instead of a subject."""
    with pytest.raises(InvalidInput) as error:
        services.talk_register(
            actor=inspector, body=body, kind=Kind.INTEGRITY_COLLECTIVE, reason="年度廉政谈话"
        )
    assert error.value.field == "participants"
    talk = services.talk_register(
        actor=inspector,
        body=body,
        kind=Kind.INTEGRITY_COLLECTIVE,
        reason="年度廉政谈话",
        participants=[cadre],
    )
    assert talk.subject is None
    assert list(talk.participants.all()) == [cadre]


def test_only_the_discipline_office_registers(leader, body, cadre):
    with pytest.raises(NotPermitted) as error:
        letter(leader, body, cadre)
    assert error.value.rule == "SUP-240"


def test_optional_reference_to_what_prompted_it(inspector, body, cadre):
    talk = services.talk_register(
        actor=inspector,
        body=body,
        kind=Kind.ADMONITION,
        subject=cadre,
        reason="民主测评优称率低于设定值",
        source_kind="evaluation",
        source_id="cadres.evaluationoutcome:12",
    )
    assert (talk.source_kind, talk.source_id) == ("evaluation", "cadres.evaluationoutcome:12")
    with pytest.raises(InvalidInput) as error:
        services.talk_register(
            actor=inspector, body=body, kind=Kind.ADMONITION, subject=cadre, reason="x", source_id="12"
        )
    assert error.value.field == "source_kind"


def test_competent_leader_approves(inspector, leader, body, cadre):
    talk = approved(letter(inspector, body, cadre), leader)
    assert talk.status == Status.APPROVED
    assert talk.approver == leader
    assert AuditRecord.objects.filter(action="cadres.talk_approve", object_id=str(talk.pk)).exists()


def test_the_discipline_office_cannot_approve(inspector, body, cadre):
    talk = letter(inspector, body, cadre)
    with pytest.raises(RuleViolated) as error:
        services.talk_approve(actor=inspector, talk=talk)
    assert error.value.code == "not_competent_leader"
    assert error.value.rule == "SUP-244"


def test_the_subject_never_approves_his_own(inspector, body, leader):
    """SUP-244: a leader holding cadres.approve who is the subject cannot approve it."""
    deputy = account_with_role("deputy_leader", unit=body, username="deputy", full_name="孙副局长")
    talk = letter(inspector, body, deputy)
    with pytest.raises(RuleViolated) as error:
        services.talk_approve(actor=deputy, talk=talk)
    assert error.value.code == "approver_is_subject"
    assert Talk.objects.get(pk=talk.pk).status == Status.DRAFT


def test_leader_of_another_body_does_not_see_it(inspector, body, other_body, cadre):
    stranger = account_with_role("principal_leader", unit=other_body, username="far", full_name="远方局长")
    with pytest.raises(NotFound):
        services.talk_approve(actor=stranger, talk=letter(inspector, body, cadre))


def test_constraint_refuses_the_subject_as_approver(inspector, body, cadre):
    from django.db import IntegrityError, transaction

    talk = letter(inspector, body, cadre)
    with pytest.raises(IntegrityError), transaction.atomic():
        Talk.objects.filter(pk=talk.pk).update(approver=cadre)


def test_constraint_refuses_a_notice_before_approval(inspector, body, cadre):
    from django.db import IntegrityError, transaction

    talk = letter(inspector, body, cadre)
    with pytest.raises(IntegrityError), transaction.atomic():
        Talk.objects.filter(pk=talk.pk).update(notice_issued_at=clock.now())


# --- Notice (SUP-244) --------------------------------------------------------------------------------


def test_no_notice_before_approval(inspector, body, cadre):
    with pytest.raises(RuleViolated) as error:
        services.talk_notify(actor=inspector, talk=letter(inspector, body, cadre))
    assert error.value.rule == "SUP-244"


def test_talk_notice_needs_time_and_place(inspector, leader, body, cadre):
    talk = services.talk_register(actor=inspector, body=body, kind=Kind.SUMMONS, subject=cadre, reason="约谈")
    talk = approved(talk, leader)
    with pytest.raises(InvalidInput) as error:
        services.talk_notify(actor=inspector, talk=talk, place="会议室")
    assert error.value.field == "scheduled_at"


# --- Reply within the body's working-day limit (SUP-247) --------------------------------------------


def test_reply_due_is_the_bodys_working_day_limit_from_receipt(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, inquiry_reply_workdays=5)
    with clock.as_of(MONDAY):
        talk = notified_letter(inspector, leader, body, cadre)
    assert talk.reply_workdays == 5
    assert clock.local(talk.reply_due_at).date() == add_working_days(date=MONDAY.date(), n=5)
    assert clock.local(talk.reply_due_at).date() == dt.date(2025, 3, 10)


def test_reply_on_the_last_day_is_on_time_the_next_day_late(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, inquiry_reply_workdays=5)
    with clock.as_of(MONDAY):
        on_time = notified_letter(inspector, leader, body, cadre)
        late = notified_letter(inspector, leader, body, cadre)
    last_day = dt.datetime(2025, 3, 10, 23, 0, tzinfo=clock.LOCAL_TZ)
    with clock.as_of(last_day):
        on_time = services.inquiry_reply(actor=cadre, talk=on_time, answers=["未收受", "已退出经营"])
    with clock.as_of(last_day + dt.timedelta(hours=2)):
        late = services.inquiry_reply(actor=cadre, talk=late, answers=["未收受", "已退出经营"])
    assert (on_time.reply_late, late.reply_late) == (False, True)
    assert late.status == Status.REPLIED
    assert "逾期回复" in AuditRecord.objects.get(action="cadres.talk_reply", object_id=str(late.pk)).payload


def test_reply_must_answer_every_question(inspector, leader, body, cadre):
    talk = notified_letter(inspector, leader, body, cadre)
    with pytest.raises(InvalidInput) as error:
        services.inquiry_reply(actor=cadre, talk=talk, answers=["只答一条"])
    assert (error.value.field, error.value.rule) == ("answers", "SUP-247")


def test_only_the_subject_or_the_office_replies(inspector, leader, body, cadre, clerk):
    talk = notified_letter(inspector, leader, body, cadre)
    with pytest.raises(NotFound):
        services.inquiry_reply(actor=clerk, talk=talk, answers=["a", "b"])


def test_office_records_a_paper_reply_with_its_day(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, inquiry_reply_workdays=5)
    with clock.as_of(MONDAY):
        talk = notified_letter(inspector, leader, body, cadre)
    came = dt.datetime(2025, 3, 12, 10, 0, tzinfo=clock.LOCAL_TZ)
    with clock.as_of(came + dt.timedelta(days=2)):
        talk = services.inquiry_reply(actor=inspector, talk=talk, answers=["a", "b"], replied_at=came)
    assert talk.replied_at == came
    assert talk.reply_late


def test_extension_only_with_the_offices_consent(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, inquiry_reply_workdays=5)
    with clock.as_of(MONDAY):
        talk = notified_letter(inspector, leader, body, cadre)
        with pytest.raises(NotPermitted) as error:
            services.inquiry_extend(actor=cadre, talk=talk, workdays=3, reason="出差")
        assert error.value.rule == "SUP-247"
        talk = services.inquiry_extend(actor=inspector, talk=talk, workdays=3, reason="外出学习")
    assert clock.local(talk.reply_due_at).date() == add_working_days(date=MONDAY.date(), n=8)
    with clock.as_of(dt.datetime(2025, 3, 12, 10, 0, tzinfo=clock.LOCAL_TZ)):
        talk = services.inquiry_reply(actor=cadre, talk=talk, answers=["a", "b"])
    assert not talk.reply_late


def test_no_extension_once_the_deadline_passed(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, inquiry_reply_workdays=5)
    with clock.as_of(MONDAY):
        talk = notified_letter(inspector, leader, body, cadre)
    with clock.as_of(dt.datetime(2025, 3, 11, 9, 0, tzinfo=clock.LOCAL_TZ)):
        assert services.is_overdue(talk)
        with pytest.raises(RuleViolated) as error:
            services.inquiry_extend(actor=inspector, talk=talk, workdays=3, reason="迟到的请求")
    assert error.value.code == "already_overdue"


# --- Record, rectification and follow-up (SUP-238..241, SUP-245, SUP-246) ---------------------------


def test_talker_cannot_be_the_subject(inspector, leader, body, cadre):
    talk = services.talk_register(
        actor=inspector, body=body, kind=Kind.INTEGRITY, subject=cadre, reason="任前"
    )
    talk = services.talk_notify(
        actor=inspector, talk=approved(talk, leader), scheduled_at=clock.now(), place="会议室"
    )
    with pytest.raises(RuleViolated) as error:
        services.talk_record(actor=inspector, talk=talk, held_at=clock.now(), talker=cadre, content="x")
    assert error.value.rule == "SUP-236"


def test_admonition_record_needs_problems_and_requirements(inspector, leader, body, cadre):
    talk = services.talk_register(actor=inspector, body=body, kind=Kind.ADMONITION, subject=cadre, reason="x")
    talk = services.talk_notify(
        actor=inspector, talk=approved(talk, leader), scheduled_at=clock.now(), place="会议室"
    )
    with pytest.raises(InvalidInput) as error:
        services.talk_record(actor=inspector, talk=talk, held_at=clock.now(), talker=leader, content="谈话")
    assert error.value.field == "problems"


def test_admonition_stands_for_the_bodys_effect_period(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, admonition_effect_months=6)
    with clock.as_of(MONDAY):
        talk = held(inspector, leader, body, cadre)
    assert talk.effect_until == dt.date(2025, 9, 2)  # six months from 3 March, its last day 2 September


def test_summons_plan_late_after_the_bodys_days(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, rectification_plan_days=15, rectification_months=3)
    with clock.as_of(MONDAY):
        talk = held(inspector, leader, body, cadre, kind=Kind.SUMMONS)
    with clock.as_of(MONDAY + dt.timedelta(days=15)):
        on_time = services.rectification_plan(actor=inspector, talk=talk, plan="整改方案")
    assert not on_time.plan_late
    with clock.as_of(MONDAY):
        other = held(inspector, leader, body, cadre, kind=Kind.SUMMONS)
    with clock.as_of(MONDAY + dt.timedelta(days=16)):
        late = services.rectification_plan(actor=inspector, talk=other, plan="整改方案")
    assert late.plan_late
    assert late.status == Status.RECTIFYING


def test_rectification_period_at_most_the_bodys_months(inspector, leader, body, cadre):
    TalkSettings.objects.create(body=body, rectification_months=3)
    with clock.as_of(MONDAY):
        talk = held(inspector, leader, body, cadre, kind=Kind.SUMMONS)
        with pytest.raises(RuleViolated) as error:
            services.rectification_plan(actor=inspector, talk=talk, plan="x", rectify_by=dt.date(2025, 6, 4))
        assert error.value.rule == "SUP-246"
        talk = services.rectification_plan(
            actor=inspector, talk=talk, plan="x", rectify_by=dt.date(2025, 6, 3)
        )
    assert talk.rectify_by == dt.date(2025, 6, 3)


def test_rectified_only_after_a_follow_up(inspector, leader, body, cadre):
    talk = held(inspector, leader, body, cadre)
    talk = services.rectification_plan(actor=inspector, talk=talk, plan="整改方案")
    with pytest.raises(RuleViolated) as error:
        services.talk_conclude(actor=inspector, talk=talk, outcome=Outcome.RECTIFIED, conclusion="到位")
    assert error.value.code == "not_checked"
    services.follow_up_add(actor=inspector, talk=talk, method="return_visit", finding="已整改")
    talk = services.talk_conclude(
        actor=inspector, talk=Talk.objects.get(pk=talk.pk), outcome=Outcome.RECTIFIED, conclusion="整改到位"
    )
    assert talk.status == Status.CONCLUDED
    assert talk.outcome == Outcome.RECTIFIED


def test_escalation_names_its_handling(inspector, leader, body, cadre):
    talk = services.rectification_plan(actor=inspector, talk=held(inspector, leader, body, cadre), plan="x")
    with pytest.raises(InvalidInput) as error:
        services.talk_conclude(actor=inspector, talk=talk, outcome=Outcome.ESCALATED, conclusion="未整改")
    assert error.value.field == "escalation"
    talk = services.talk_conclude(
        actor=inspector,
        talk=talk,
        outcome=Outcome.ESCALATED,
        escalation=Escalation.ORG_HANDLING,
        conclusion="未整改",
    )
    assert talk.escalation == Escalation.ORG_HANDLING


def test_admonition_cannot_be_closed_without_follow_up(inspector, leader, body, cadre):
    talk = held(inspector, leader, body, cadre)
    with pytest.raises(RuleViolated) as error:
        services.talk_conclude(actor=inspector, talk=talk, outcome=Outcome.CLOSED, conclusion="完毕")
    assert error.value.rule == "SUP-241"


def test_clarified_letter_concludes(inspector, leader, body, cadre):
    talk = notified_letter(inspector, leader, body, cadre)
    talk = services.inquiry_reply(actor=cadre, talk=talk, answers=["a", "b"])
    talk = services.talk_conclude(
        actor=inspector, talk=talk, outcome=Outcome.CLARIFIED, conclusion="说明清楚"
    )
    assert talk.status == Status.CONCLUDED


def test_a_concluded_letter_in_the_integrity_file_names_its_outcome(inspector, leader, body, cadre):
    """The file entry's summary is text (the outcome's label is a lazy translation)."""
    from sunshine.cadres.talks.integrity import entries

    talk = notified_letter(inspector, leader, body, cadre)
    talk = services.inquiry_reply(actor=cadre, talk=talk, answers=["a", "b"])
    services.talk_conclude(actor=inspector, talk=talk, outcome=Outcome.CLARIFIED, conclusion="说明清楚")
    (entry,) = entries(cadre, today=dt.date(2026, 12, 31))
    assert entry.section == "letters"
    assert str(Outcome.CLARIFIED.label) in entry.summary


def test_stale_version_is_refused(inspector, leader, body, cadre):
    talk = letter(inspector, body, cadre)
    with pytest.raises(Conflict):
        services.talk_approve(actor=leader, talk=talk, expected_version=talk.version + 1)
