"""Meetings: members due, agenda, notice, attendance, recusal, quorum per item, opinions in turn
with the principal leader last, votes and outcomes.

Life of a meeting: planned ──notify──▶ notified ──open──▶ in_session ──close──▶ closed.

* Agenda: only topics that are ready (office-checked, prerequisites complete, DEC-60); after the
  notice only urgent items, marked with a reason (临时动议, DEC-211), which the discipline office sees.
* Notice: at least the body's working days before the meeting (default 2, at least 1, DEC-212).
* Quorum per item: present voting members, not recused, ≥ the meeting kind's fraction of members
  due (½ general, ⅔ personnel by default), and the member in charge present (DEC-208, DEC-209,
  DEC-52). Non-voting attendees never count (DEC-228).
* Opinions: every present member in turn, all of them before the vote opens (DEC-53); the
  principal leader only after all the others (末位表态, DEC-54, DEC-64): an early attempt is
  refused and recorded.
* Votes: voice, hands, named or secret; personnel items by secret ballot (DEC-221). A secret ballot
  records who voted (BallotCast) and only the counts, never who voted how. Passed when yes votes
  exceed half of the members due (DEC-222): ``2 * yes > due``.
* Outcome: adopted only after a passed vote (DEC-61, DEC-62); a ruling against the vote needs a
  reason and is shown to the discipline office (DEC-223); once recorded it cannot be changed
  (DEC-63).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission, require_permission
from sunshine.decisions import errors
from sunshine.decisions.choices import (
    Attendance,
    MeetingKind,
    MeetingStatus,
    NoticeKind,
    Outcome,
    Position,
    TopicKind,
    TopicStatus,
    VoteMethod,
    VoteStatus,
)
from sunshine.decisions.models import (
    AgendaItem,
    BallotCast,
    Meeting,
    NamedBallot,
    Opinion,
    Participant,
    Recusal,
    Topic,
    Vote,
)
from sunshine.decisions.services._common import (
    Restrained,
    body_of,
    choice,
    display,
    is_principal,
    locked,
    notice,
    optional_text,
    records_refusals,
    save,
    text,
)
from sunshine.decisions.services.scope import quorum_fraction, settings_for
from sunshine.decisions.services.topics import refuse_incomplete
from sunshine.workdays.services import count_working_days

SCHEDULABLE = (TopicStatus.READY, TopicStatus.DEFERRED)
OUTCOME_STATUS = {
    Outcome.ADOPTED: TopicStatus.ADOPTED,
    Outcome.ADOPTED_WITH_CHANGES: TopicStatus.ADOPTED_WITH_CHANGES,
    Outcome.REJECTED: TopicStatus.REJECTED,
    Outcome.DEFERRED: TopicStatus.DEFERRED,
    Outcome.SENT_BACK: TopicStatus.SENT_BACK,
}


def _require_office(actor, meeting) -> None:
    """The office runs meetings; the meeting's recorder may also record."""
    if (
        actor is not None
        and actor.pk == meeting.recorder_id
        and has_permission(actor, "decisions.view", meeting)
    ):
        return
    require_permission(actor, "decisions.office", meeting)


def _require_status(meeting, allowed, verb: str) -> None:
    if meeting.status not in allowed:
        raise Conflict(
            errors.WRONG_STATE,
            _("会议当前为“%(status)s”，不能%(verb)s")
            % {"status": MeetingStatus(meeting.status).label, "verb": verb},
            field="status",
        )


# --- Creating and notifying --------------------------------------------------------------------------


@transaction.atomic
def meeting_create(
    *,
    actor,
    body,
    kind: str,
    title: str,
    starts_at,
    place: str,
    chair,
    recorder,
    members: list,
    attendees: list | None = None,
    principal=None,
) -> Meeting:
    """A meeting with its members due (应到会成员) and non-voting attendees (列席, DEC-50, DEC-228).

    The principal leader is the member holding the body's principal post (org), or ``principal``."""
    body = body_of(body)
    require_permission(actor, "decisions.office", body)
    kind = choice(kind, MeetingKind, "kind", _("请选择会议类型"))
    if starts_at is None or starts_at <= clock.now():
        raise InvalidInput(errors.REQUIRED, _("开会时间须晚于现在"), field="starts_at")
    members = list(dict.fromkeys(m for m in members if m is not None))
    if len(members) < 3:
        raise InvalidInput(
            errors.REQUIRED, _("集体决策会议至少需要3名应到会成员"), field="members", rule="DEC-205"
        )
    if chair is None or recorder is None:
        raise InvalidInput(errors.REQUIRED, _("请选择主持人和记录人"), field="chair")
    if chair not in members:
        raise InvalidInput(errors.NOT_MEMBER, _("主持人须为应到会成员"), field="chair")
    principals = [m for m in members if is_principal(m, body.pk)]
    if principal is not None:
        if principal not in members:
            raise InvalidInput(errors.NOT_MEMBER, _("主要负责人须为应到会成员"), field="principal")
        principals = [principal]
    meeting = Meeting.objects.create(
        body=body,
        kind=kind,
        title=text(title, "title", _("请填写会议名称"), limit=200),
        starts_at=starts_at,
        place=text(place, "place", _("请填写会议地点"), limit=100),
        chair=chair,
        recorder=recorder,
        created_by=actor,
    )
    for order, user in enumerate(members):
        Participant.objects.create(
            meeting=meeting,
            user=user,
            voting=True,
            is_principal=bool(principals) and user == principals[0],
            order=order,
            created_by=actor,
        )
    for order, user in enumerate(a for a in (attendees or []) if a is not None and a not in members):
        Participant.objects.create(
            meeting=meeting, user=user, voting=False, order=100 + order, created_by=actor
        )
    audit_record(
        actor=actor,
        action="decisions.meeting_create",
        target=meeting,
        extra={"members": [m.pk for m in members], "attendees": [a.pk for a in attendees or []]},
    )
    return meeting


@records_refusals
def agenda_add(
    *, actor, meeting: Meeting, topic: Topic, urgent: bool = False, urgent_reason: str = ""
) -> AgendaItem:
    """Put a ready topic on the agenda (DEC-49, DEC-60). After the notice only an urgent item,
    with its reason, recorded as such (临时动议, DEC-211); a personnel item while the principal is
    leaving needs the superior's consent (DEC-65)."""
    require_permission(actor, "decisions.office", meeting)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_status(
        meeting, (MeetingStatus.PLANNED, MeetingStatus.NOTIFIED, MeetingStatus.IN_SESSION), _("增加议题")
    )
    topic = locked(topic)
    if topic.body_id != meeting.body_id:
        raise InvalidInput("not_found", _("所选议题不在本单位"), field="topic")
    if topic.status not in SCHEDULABLE:
        raise RuleViolated(
            errors.WRONG_STATE,
            _("议题“%(title)s”当前为“%(status)s”，须经办公室审核后才能列入议程")
            % {"title": topic.title, "status": TopicStatus(topic.status).label},
            field="topic",
            rule="DEC-216",
        )
    refuse_incomplete(topic, actor=actor, action="decisions.agenda_add", meeting=meeting)
    settings = settings_for(meeting.body)
    if (
        topic.kind == TopicKind.PERSONNEL
        and settings.principal_leaving
        and not topic.superior_consent.strip()
    ):
        raise Restrained(
            errors.PREREQUISITE_MISSING,
            _("主要负责人已明确即将离任，未经上级组织同意不得研究决定人事任免事项"),
            field="topic",
            rule="DEC-65",
            body_id=meeting.body_id,
            topic=topic,
            meeting=meeting,
            action="decisions.agenda_add",
        )
    after_notice = meeting.status != MeetingStatus.PLANNED
    urgent_reason = (urgent_reason or "").strip()
    if after_notice and not urgent:
        raise RuleViolated(
            errors.AD_HOC_MOTION,
            _("会议通知已发出，不得临时动议；确属紧急的，须标明紧急并说明理由"),
            field="urgent",
            rule="DEC-211",
        )
    if urgent:
        urgent_reason = text(
            urgent_reason, "urgent_reason", _("紧急议题须说明理由"), rule="DEC-211", limit=300
        )
    order = (meeting.items.aggregate(m=Max("order"))["m"] or 0) + 1
    item = AgendaItem.objects.create(
        meeting=meeting,
        topic=topic,
        order=order,
        urgent=urgent,
        urgent_reason=urgent_reason,
        created_by=actor,
    )
    before = audit_snapshot(topic)
    topic.status = TopicStatus.SCHEDULED
    save(topic, ["status"])
    audit_record(
        actor=actor,
        action="decisions.agenda_add",
        target=item,
        before=None,
        extra={"topic_before": before["status"]},
    )
    if urgent:
        notice(
            kind=NoticeKind.URGENT,
            rule="DEC-211",
            body_id=meeting.body_id,
            actor=actor,
            action="decisions.agenda_add",
            message=_("临时增加紧急议题“%(title)s”：%(reason)s")
            % {"title": topic.title, "reason": urgent_reason},
            topic=topic,
            meeting=meeting,
        )
    return item


def notice_lead_ok(*, notice_date, meeting_date, workdays: int) -> bool:
    """Working days in (notice day, meeting day] ≥ the lead time (DEC-212; the start day is not
    counted, CAL-2): notice on Monday, meeting on Wednesday is 2 working days."""
    return count_working_days(start=notice_date, end=meeting_date) >= workdays


@transaction.atomic
def meeting_notify(*, actor, meeting: Meeting, expected_version: int | None = None) -> Meeting:
    """Send the notice with the agenda and materials (DEC-212), at least the body's lead time before."""
    require_permission(actor, "decisions.office", meeting)
    meeting = locked(meeting, expected_version)
    _require_status(meeting, (MeetingStatus.PLANNED,), _("发出通知"))
    if not meeting.items.exists():
        raise InvalidInput(errors.REQUIRED, _("议程为空，不能发出会议通知"), field="items")
    now = clock.now()
    workdays = settings_for(meeting.body).notice_workdays
    if not notice_lead_ok(
        notice_date=clock.local(now).date(),
        meeting_date=clock.local(meeting.starts_at).date(),
        workdays=workdays,
    ):
        raise RuleViolated(
            errors.NOTICE_LEAD_TIME,
            _("会议通知须至少提前%(n)d个工作日送达；请调整开会时间") % {"n": workdays},
            field="starts_at",
            rule="DEC-212",
        )
    before = audit_snapshot(meeting)
    meeting.status = MeetingStatus.NOTIFIED
    meeting.notice_sent_at = now
    save(meeting, ["status", "notice_sent_at"])
    audit_record(actor=actor, action="decisions.meeting_notify", target=meeting, before=before)
    return meeting


@transaction.atomic
def meeting_open(*, actor, meeting: Meeting) -> Meeting:
    _require_office(actor, meeting)
    meeting = locked(meeting)
    _require_status(meeting, (MeetingStatus.NOTIFIED,), _("开始"))
    before = audit_snapshot(meeting)
    meeting.status = MeetingStatus.IN_SESSION
    save(meeting, ["status"])
    audit_record(actor=actor, action="decisions.meeting_open", target=meeting, before=before)
    return meeting


@transaction.atomic
def meeting_close(*, actor, meeting: Meeting) -> Meeting:
    """Close the meeting once every item has an outcome (DEC-220: item by item)."""
    _require_office(actor, meeting)
    meeting = locked(meeting)
    _require_status(meeting, (MeetingStatus.IN_SESSION,), _("结束"))
    open_items = [i.topic.title for i in meeting.items.select_related("topic") if not i.outcome]
    if open_items:
        raise RuleViolated(
            errors.WRONG_STATE,
            _("以下议题尚无结果：%(items)s") % {"items": "、".join(open_items)},
            field="items",
            rule="DEC-220",
        )
    before = audit_snapshot(meeting)
    meeting.status = MeetingStatus.CLOSED
    save(meeting, ["status"])
    audit_record(actor=actor, action="decisions.meeting_close", target=meeting, before=before)
    return meeting


# --- Attendance and recusal ---------------------------------------------------------------------------


@transaction.atomic
def attendance_record(
    *, actor, participant: Participant, attendance: str, absence_reason: str = "", written_opinion: str = ""
) -> Participant:
    """Attendance of a member or attendee; an absence has its reason and may carry a written
    opinion, which is recorded and shown but never counted as a vote (DEC-108, DEC-218)."""
    meeting = Meeting.objects.get(pk=participant.meeting_id)
    _require_office(actor, meeting)
    _require_status(meeting, (MeetingStatus.NOTIFIED, MeetingStatus.IN_SESSION), _("登记出席"))
    participant = locked(participant)
    attendance = choice(attendance, Attendance, "attendance", _("请选择出席情况"))
    before = audit_snapshot(participant)
    participant.attendance = attendance
    if attendance == Attendance.ABSENT:
        participant.absence_reason = text(
            absence_reason, "absence_reason", _("缺席须写明原因"), rule="DEC-108", limit=300
        )
        participant.written_opinion = optional_text(written_opinion, "written_opinion")
    else:
        participant.absence_reason = ""
        participant.written_opinion = ""
    save(participant, ["attendance", "absence_reason", "written_opinion"])
    audit_record(actor=actor, action="decisions.attendance_record", target=participant, before=before)
    return participant


@transaction.atomic
def recusal_record(*, actor, item: AgendaItem, participant: Participant, reason: str) -> Recusal:
    """A member with a conflict of interest withdraws from this item (回避): not counted present
    for its quorum, no opinion, no vote."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    _require_office(actor, meeting)
    _require_status(meeting, (MeetingStatus.NOTIFIED, MeetingStatus.IN_SESSION), _("登记回避"))
    if participant.meeting_id != item.meeting_id:
        raise InvalidInput(errors.NOT_MEMBER, _("该人员不是本次会议成员"), field="participant")
    if item.opinions.filter(participant=participant).exists() or item_has_ballot(item, participant):
        raise Conflict(
            errors.ALREADY_STATED, _("该成员已就此议题发言或表决，不能再登记回避"), field="participant"
        )
    recusal = Recusal.objects.create(
        item=item,
        participant=participant,
        reason=text(reason, "reason", _("请填写回避理由"), limit=300),
        created_by=actor,
    )
    audit_record(actor=actor, action="decisions.recusal_record", target=recusal)
    return recusal


def item_has_ballot(item, participant) -> bool:
    vote = Vote.objects.filter(item=item).first()
    if vote is None:
        return False
    return (
        NamedBallot.objects.filter(vote=vote, participant=participant).exists()
        or BallotCast.objects.filter(vote=vote, participant=participant).exists()
    )


# --- Quorum -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Quorum:
    due: int
    present: int
    numerator: int
    denominator: int
    in_charge_present: bool

    @property
    def enough(self) -> bool:
        # present / due ≥ num / den, in integers (以上 includes the number, DOMAIN conventions)
        return self.due > 0 and self.present * self.denominator >= self.numerator * self.due

    @property
    def ok(self) -> bool:
        return self.enough and self.in_charge_present


def eligible(item: AgendaItem) -> list[Participant]:
    """Voting members present and not recused on this item."""
    recused = set(item.recusals.values_list("participant_id", flat=True))
    return [
        p
        for p in item.meeting.participants.filter(voting=True, attendance=Attendance.PRESENT)
        if p.pk not in recused
    ]


def item_quorum(item: AgendaItem) -> Quorum:
    """The quorum of one item (DEC-208, DEC-209, DEC-52): computed per item, so one meeting may be
    quorate for some items only."""
    meeting = item.meeting
    due = meeting.participants.filter(voting=True).count()
    present = eligible(item)
    num, den = quorum_fraction(
        settings_for(meeting.body), meeting.kind, personnel=item.topic.kind == TopicKind.PERSONNEL
    )
    in_charge = any(p.user_id == item.topic.responsible_leader_id for p in present)
    return Quorum(due=due, present=len(present), numerator=num, denominator=den, in_charge_present=in_charge)


def refuse_without_quorum(item: AgendaItem) -> Quorum:
    quorum = item_quorum(item)
    personnel = item.topic.kind == TopicKind.PERSONNEL
    if not quorum.enough:
        raise RuleViolated(
            errors.NO_QUORUM,
            _("到会表决成员%(present)d人，未达到应到会成员%(due)d人的%(num)d/%(den)d，不能讨论决定此议题")
            % {
                "present": quorum.present,
                "due": quorum.due,
                "num": quorum.numerator,
                "den": quorum.denominator,
            },
            field="attendance",
            rule="DEC-209" if personnel else "DEC-208",
        )
    if not quorum.in_charge_present:
        raise RuleViolated(
            errors.IN_CHARGE_ABSENT,
            _("分管该事项的班子成员未到会（或已回避），此议题不能决定"),
            field="attendance",
            rule="DEC-52",
        )
    return quorum


# --- Opinions in turn ---------------------------------------------------------------------------------


def _eligible_participant(item, participant) -> None:
    if participant.meeting_id != item.meeting_id or not participant.voting:
        raise InvalidInput(errors.NOT_MEMBER, _("只有本次会议的表决成员可以表态和表决"), field="participant")
    if participant.attendance != Attendance.PRESENT:
        raise RuleViolated(
            errors.NOT_PRESENT,
            _("%(name)s未到会；缺席成员的书面意见另行记录，不计入表决") % {"name": display(participant.user)},
            field="participant",
            rule="DEC-218",
        )
    if item.recusals.filter(participant=participant).exists():
        raise RuleViolated(
            errors.RECUSED,
            _("%(name)s已回避此议题") % {"name": display(participant.user)},
            field="participant",
        )


@records_refusals
def opinion_record(
    *, actor, item: AgendaItem, participant: Participant, position: str, reason: str
) -> Opinion:
    """A member's stated opinion with reasons, in turn (DEC-53, DEC-54). The recorder enters it,
    or the member from their own log-in. The principal leader states last: until every other
    present member has stated, the attempt is refused and recorded (末位表态, DEC-64)."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    if actor is None or actor.pk != participant.user_id:
        _require_office(actor, meeting)
    _require_status(meeting, (MeetingStatus.IN_SESSION,), _("记录发言"))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.outcome:
        raise Conflict(errors.WRONG_STATE, _("此议题已有结果，不能再记录发言"), field="item")
    _eligible_participant(item, participant)
    if item.opinions.filter(participant=participant).exists():
        raise Conflict(
            errors.ALREADY_STATED,
            _("%(name)s已就此议题表态") % {"name": display(participant.user)},
            field="participant",
        )
    position = choice(position, Position, "position", _("请选择同意、不同意或弃权"))
    reason = text(reason, "reason", _("表态须说明理由"), rule="DEC-54")
    if participant.is_principal:
        stated = set(item.opinions.values_list("participant_id", flat=True))
        waiting = [p for p in eligible(item) if not p.is_principal and p.pk not in stated]
        if waiting:
            raise Restrained(
                errors.PRINCIPAL_FIRST,
                _("主要负责人须末位表态：%(names)s尚未发表意见")
                % {"names": "、".join(display(p.user) for p in waiting)},
                field="participant",
                rule="DEC-64",
                body_id=meeting.body_id,
                topic=item.topic,
                meeting=meeting,
                action="decisions.opinion_record",
            )
    seq = (item.opinions.aggregate(m=Max("seq"))["m"] or 0) + 1
    opinion = Opinion.objects.create(
        item=item,
        participant=participant,
        seq=seq,
        position=position,
        reason=reason,
        at=clock.now(),
        created_by=actor,
    )
    audit_record(actor=actor, action="decisions.opinion_record", target=opinion)
    return opinion


# --- Votes ----------------------------------------------------------------------------------------------


@transaction.atomic
def vote_open(*, actor, item: AgendaItem, method: str) -> Vote:
    """Open the vote on one item (逐项表决, DEC-220) once it is quorate (DEC-208, DEC-209, DEC-52)
    and every present, non-recused member has stated an opinion (DEC-53: 每位班子成员都要表态;
    the principal last, DEC-54); personnel items by secret ballot (DEC-221, DOMAIN default 5)."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    _require_office(actor, meeting)
    _require_status(meeting, (MeetingStatus.IN_SESSION,), _("表决"))
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.outcome:
        raise Conflict(errors.WRONG_STATE, _("此议题已有结果"), field="item")
    if Vote.objects.filter(item=item).exists():
        raise Conflict(errors.WRONG_STATE, _("此议题已经表决"), field="item")
    method = choice(method, VoteMethod, "method", _("请选择表决方式"))
    if item.topic.kind == TopicKind.PERSONNEL and method != VoteMethod.SECRET:
        raise RuleViolated(
            errors.SECRET_REQUIRED, _("人事任免事项须以无记名投票表决"), field="method", rule="DEC-221"
        )
    quorum = refuse_without_quorum(item)
    stated = set(item.opinions.values_list("participant_id", flat=True))
    silent = [p for p in eligible(item) if p.pk not in stated]
    if silent:
        raise RuleViolated(
            errors.OPINIONS_MISSING,
            _("每位到会成员须明确表态后才能表决：%(names)s尚未发表意见")
            % {"names": "、".join(display(p.user) for p in silent)},
            field="opinions",
            rule="DEC-53",
        )
    vote = Vote.objects.create(item=item, method=method, members_due=quorum.due, created_by=actor)
    audit_record(actor=actor, action="decisions.vote_open", target=vote)
    return vote


def _count(vote_id: int, choice_value: str) -> None:
    field = {Position.AGREE: "yes", Position.DISAGREE: "no", Position.ABSTAIN: "abstain"}[choice_value]
    Vote.objects.filter(pk=vote_id).update(**{field: F(field) + 1})


def _open_vote(vote) -> Vote:
    vote = Vote.objects.select_for_update().select_related("item__meeting", "item__topic").get(pk=vote.pk)
    if vote.status != VoteStatus.OPEN:
        raise Conflict(errors.WRONG_STATE, _("表决已结束"), field="vote")
    return vote


@transaction.atomic
def ballot_record(*, actor, vote: Vote, participant: Participant, choice_value: str) -> NamedBallot:
    """An open vote's ballot, recorded by name (voice, hands, named ballot; DEC-56, DEC-221)."""
    vote = _open_vote(vote)
    item = vote.item
    if actor is None or actor.pk != participant.user_id:
        _require_office(actor, item.meeting)
    if vote.method == VoteMethod.SECRET:
        raise NotPermitted(
            errors.SECRET_BY_OTHERS, _("无记名投票由成员本人投票，不能代为登记"), rule="DEC-221"
        )
    _eligible_participant(item, participant)
    if item_has_ballot(item, participant):
        raise Conflict(
            errors.ALREADY_VOTED,
            _("%(name)s已经表决") % {"name": display(participant.user)},
            field="participant",
        )
    choice_value = choice(choice_value, Position, "choice", _("请选择赞成、反对或弃权"))
    ballot = NamedBallot.objects.create(
        vote=vote, participant=participant, choice=choice_value, created_by=actor
    )
    _count(vote.pk, choice_value)
    audit_record(actor=actor, action="decisions.ballot_record", target=ballot)
    return ballot


@transaction.atomic
def ballot_cast(*, actor, vote: Vote, choice_value: str) -> None:
    """A member's own secret ballot (无记名投票, DEC-56): who voted is kept, how is only counted.
    The audit record names the voter and the vote, never the choice."""
    vote = _open_vote(vote)
    item = vote.item
    if vote.method != VoteMethod.SECRET:
        raise InvalidInput(errors.WRONG_STATE, _("此议题不是无记名投票"), field="vote")
    participant = Participant.objects.filter(meeting=item.meeting, user=actor).first()
    if participant is None or not participant.voting:
        raise NotPermitted(errors.NOT_MEMBER, _("您不是本次会议的表决成员"), rule="DEC-228")
    _eligible_participant(item, participant)
    if item_has_ballot(item, participant):
        raise Conflict(errors.ALREADY_VOTED, _("您已经投票"), field="vote")
    choice_value = choice(choice_value, Position, "choice", _("请选择赞成、反对或弃权"))
    BallotCast.objects.create(vote=vote, participant=participant)
    _count(vote.pk, choice_value)
    audit_record(
        actor=actor,
        action="decisions.ballot_cast",
        object_type="decisions.vote",
        object_id=vote.pk,
        label=item.topic.title[:100],
        before=None,
        after={"voter": participant.pk},
    )


def passes(*, yes: int, members_due: int) -> bool:
    """赞成票超过应到会成员半数 (DEC-222, DEC-57): strictly more than half of the members due."""
    return 2 * yes > members_due


@transaction.atomic
def vote_close(*, actor, vote: Vote) -> Vote:
    """Count the vote (DEC-222). A secret ballot's count is checked against who voted."""
    vote = _open_vote(vote)
    _require_office(actor, vote.item.meeting)
    total = vote.yes + vote.no + vote.abstain
    voters = (
        BallotCast.objects.filter(vote=vote).count()
        if vote.method == VoteMethod.SECRET
        else NamedBallot.objects.filter(vote=vote).count()
    )
    if total != voters:  # pragma: no cover - the counters and the ballots are written together
        raise Conflict("count_mismatch", _("票数与投票人数不符，请核对"), field="vote")
    if total == 0:
        raise RuleViolated(errors.NO_VOTE, _("尚无成员表决"), field="vote", rule="DEC-56")
    before = audit_snapshot(vote)
    vote.status = VoteStatus.CLOSED
    vote.passed = passes(yes=vote.yes, members_due=vote.members_due)
    vote.closed_at = clock.now()
    save(vote, ["status", "passed", "closed_at"])
    audit_record(actor=actor, action="decisions.vote_close", target=vote, before=before)
    return vote


# --- Outcome ----------------------------------------------------------------------------------------------


@records_refusals
def outcome_record(
    *, actor, item: AgendaItem, outcome: str, reason: str = "", changes: str = ""
) -> AgendaItem:
    """The chair's ruling on an item (DEC-223), entered by the chair or the recorder.

    Adopted only after a passed vote (DEC-222): no one, and the principal leader least, decides a
    collective matter alone (DEC-61, DEC-62). Rejecting a passed vote, or deferring or sending back
    an item after a passed vote, departs from the vote: a reason is required and the discipline
    office is told (DEC-223). Deferral of a divided item needs a reason (DEC-219). An outcome, once
    recorded, changes only by a new decision (DEC-63)."""
    meeting = Meeting.objects.get(pk=item.meeting_id)
    if actor is None or actor.pk != meeting.chair_id:
        _require_office(actor, meeting)
    _require_status(meeting, (MeetingStatus.IN_SESSION,), _("记录结果"))
    item = AgendaItem.objects.select_for_update().select_related("topic").get(pk=item.pk)
    principal = (
        is_principal(actor, meeting.body_id)
        or meeting.participants.filter(user=actor, is_principal=True).exists()
    )

    def refuse(code, message, rule, field="outcome"):
        if principal:
            raise Restrained(
                code,
                message,
                field=field,
                rule=rule,
                body_id=meeting.body_id,
                topic=item.topic,
                meeting=meeting,
                action="decisions.outcome_record",
            )
        raise RuleViolated(code, message, field=field, rule=rule)

    if item.outcome:
        refuse(errors.WRONG_STATE, _("此议题已有结果；改变集体决定须经新的集体决定"), "DEC-63")
    outcome = choice(outcome, Outcome, "outcome", _("请选择结果"))
    reason = (reason or "").strip()
    vote = Vote.objects.filter(item=item).first()
    counted = vote is not None and vote.status == VoteStatus.CLOSED
    departure = False
    if outcome in (Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES):
        if not counted:
            refuse(errors.NO_VOTE, _("未经会议表决，不得作出通过的决定"), "DEC-61")
        if not vote.passed:
            refuse(
                errors.VOTE_NOT_PASSED,
                _("赞成%(yes)d票，未超过应到会成员%(due)d人的半数，不得作出通过的决定")
                % {"yes": vote.yes, "due": vote.members_due},
                "DEC-62",
            )
        if outcome == Outcome.ADOPTED_WITH_CHANGES:
            changes = text(changes, "changes", _("修改后通过须写明修改意见"), rule="DEC-223")
        refuse_without_quorum(item)
    elif outcome == Outcome.REJECTED:
        if not counted:
            refuse(errors.NO_VOTE, _("未经会议表决，不得作出不通过的决定"), "DEC-61")
        departure = bool(vote.passed)
    else:  # deferred, sent back
        if not reason:
            raise InvalidInput(
                errors.REASON_REQUIRED, _("暂缓表决或退回再研究须说明理由"), field="reason", rule="DEC-219"
            )
        departure = counted and bool(vote.passed)
    if departure and not reason:
        raise InvalidInput(
            errors.REASON_REQUIRED,
            _("表决已获通过，主持人作出不同裁定的须说明理由"),
            field="reason",
            rule="DEC-223",
        )
    now = clock.now()
    item.outcome, item.outcome_reason, item.changes, item.decided_at = (
        outcome,
        reason,
        optional_text(changes, "changes"),
        now,
    )
    item.version += 1
    item.save(update_fields=["outcome", "outcome_reason", "changes", "decided_at", "version", "updated_at"])
    topic = locked(item.topic)
    before = audit_snapshot(topic)
    topic.status = OUTCOME_STATUS[outcome]
    topic.decided_at = (
        now if outcome in (Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES, Outcome.REJECTED) else None
    )
    save(topic, ["status", "decided_at"])
    audit_record(
        actor=actor, action="decisions.outcome_record", target=item, extra={"topic_before": before["status"]}
    )
    if departure:
        notice(
            kind=NoticeKind.DEPARTURE,
            rule="DEC-223",
            body_id=meeting.body_id,
            actor=actor,
            action="decisions.outcome_record",
            message=_("议题“%(title)s”表决通过（赞成%(yes)d票），主持人裁定为“%(outcome)s”：%(reason)s")
            % {"title": topic.title, "yes": vote.yes, "outcome": Outcome(outcome).label, "reason": reason},
            topic=topic,
            meeting=meeting,
        )
    return item
