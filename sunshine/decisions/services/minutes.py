"""Minutes (会议纪要, DEC-110, DEC-224, DEC-225): numbered per body and year, drawn from the
records (never typed again), signed by the chair and the recorder, locked once both have signed;
a correction after that is an addendum with its reason, audited.

Numbering is race-free on PostgreSQL and SQLite the way supervision orders number themselves
(oversight.orders.services.next_number): one counter row per body and year, created with
INSERT … ON CONFLICT DO NOTHING and incremented by a single UPDATE, which row-locks it until the
transaction commits; the unique (body, year, seq) constraint backs it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, NotPermitted, RuleViolated
from sunshine.decisions import errors
from sunshine.decisions.choices import (
    Attendance,
    Confidentiality,
    MeetingStatus,
    MinutesStatus,
    Outcome,
    Position,
    VoteMethod,
)
from sunshine.decisions.models import Meeting, Minutes, MinutesAddendum, MinutesCounter, NamedBallot, Vote
from sunshine.decisions.services._common import choice, display, locked, save, text
from sunshine.decisions.services.meetings import _require_office


def next_number(*, body, year: int) -> int:
    """The next minutes number of ``body`` in ``year``; call inside the drafting transaction."""
    MinutesCounter.objects.bulk_create([MinutesCounter(body=body, year=year, last=0)], ignore_conflicts=True)
    counter = MinutesCounter.objects.filter(body=body, year=year)
    counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


def format_number(body, year: int, seq: int) -> str:
    """“X纪〔2026〕N号”: X is the body's short name (else its name), N its own annual series (DEC-225)."""
    return f"{body.short_name or body.name}纪〔{year}〕{seq}号"


def _item_content(item) -> dict:
    vote = Vote.objects.filter(item=item).first()
    vote_data = None
    if vote is not None:
        vote_data = {
            "method": str(VoteMethod(vote.method).label),
            "members_due": vote.members_due,
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
            "passed": vote.passed,
            # a secret ballot has no names to show (DEC-56)
            "ballots": [
                {"name": display(b.participant.user), "choice": str(Position(b.choice).label)}
                for b in NamedBallot.objects.filter(vote=vote).select_related("participant__user")
            ],
        }
    return {
        "order": item.order,
        "title": item.topic.title,
        "kind": str(item.topic.get_kind_display()),
        "urgent": item.urgent,
        "urgent_reason": item.urgent_reason,
        "recusals": [
            {"name": display(r.participant.user), "reason": r.reason}
            for r in item.recusals.select_related("participant__user")
        ],
        "opinions": [
            {
                "seq": o.seq,
                "name": display(o.participant.user),
                "position": str(Position(o.position).label),
                "reason": o.reason,
            }
            for o in item.opinions.select_related("participant__user")
        ],
        "vote": vote_data,
        "outcome": str(Outcome(item.outcome).label) if item.outcome else "",
        "outcome_reason": item.outcome_reason,
        "changes": item.changes,
    }


def minutes_content(meeting: Meeting) -> dict:
    """The nine items of a meeting record (DEC-110) from the records themselves."""
    participants = list(meeting.participants.select_related("user"))
    members = [p for p in participants if p.voting]
    return {
        "title": meeting.title,
        "kind": str(meeting.get_kind_display()),
        "starts_at": clock.local(meeting.starts_at).strftime("%Y-%m-%d %H:%M"),
        "place": meeting.place,
        "chair": display(meeting.chair),
        "recorder": display(meeting.recorder),
        "present": [display(p.user) for p in members if p.attendance == Attendance.PRESENT],
        "absent": [
            {"name": display(p.user), "reason": p.absence_reason, "written_opinion": p.written_opinion}
            for p in members
            if p.attendance != Attendance.PRESENT
        ],
        "non_voting": [display(p.user) for p in participants if not p.voting],
        "items": [_item_content(i) for i in meeting.items.select_related("topic")],
    }


@transaction.atomic
def minutes_draft(*, actor, meeting: Meeting, confidentiality: str = Confidentiality.INTERNAL) -> Minutes:
    """Draft the minutes of a closed meeting, with the next number of the body's year (DEC-225)."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _require_office(actor, meeting)
    if meeting.status != MeetingStatus.CLOSED:
        raise Conflict(errors.WRONG_STATE, _("会议结束后才能生成纪要"), field="meeting")
    if Minutes.objects.filter(meeting=meeting).exists():
        raise Conflict(errors.WRONG_STATE, _("本次会议已有纪要"), field="meeting")
    confidentiality = choice(confidentiality, Confidentiality, "confidentiality", _("请选择密级"))
    year = clock.local(meeting.starts_at).year
    seq = next_number(body=meeting.body, year=year)
    minutes = Minutes.objects.create(
        meeting=meeting,
        body=meeting.body,
        year=year,
        seq=seq,
        number=format_number(meeting.body, year, seq),
        confidentiality=confidentiality,
        content=minutes_content(meeting),
        created_by=actor,
    )
    audit_record(actor=actor, action="decisions.minutes_draft", target=minutes)
    return minutes


def _refuse_locked(minutes) -> None:
    if minutes.locked_at is not None:
        raise RuleViolated(
            errors.MINUTES_LOCKED,
            _("纪要已签发锁定，不能修改；如需更正请添加更正记录"),
            field="content",
            rule="DEC-224",
        )


@transaction.atomic
def minutes_refresh(*, actor, minutes: Minutes, expected_version: int | None = None) -> Minutes:
    """Redraw an unsigned draft from the records; a signed one never changes (DEC-224)."""
    _require_office(actor, minutes.meeting)
    minutes = locked(minutes, expected_version)
    _refuse_locked(minutes)
    before = audit_snapshot(minutes)
    minutes.content = minutes_content(minutes.meeting)
    minutes.chair_signed_at = minutes.recorder_signed_at = None  # a redrawn text needs new signatures
    save(minutes, ["content", "chair_signed_at", "recorder_signed_at"])
    audit_record(actor=actor, action="decisions.minutes_refresh", target=minutes, before=before)
    return minutes


@transaction.atomic
def minutes_sign(*, actor, minutes: Minutes, expected_version: int | None = None) -> Minutes:
    """The chair signs off (签发) and the recorder signs; with both, the minutes lock (DEC-225)."""
    meeting = minutes.meeting
    minutes = locked(minutes, expected_version)
    _refuse_locked(minutes)
    fields = []
    now = clock.now()
    if actor is not None and actor.pk == meeting.chair_id and minutes.chair_signed_at is None:
        minutes.chair_signed_at = now
        fields.append("chair_signed_at")
    if actor is not None and actor.pk == meeting.recorder_id and minutes.recorder_signed_at is None:
        minutes.recorder_signed_at = now
        fields.append("recorder_signed_at")
    if not fields:
        raise NotPermitted(
            errors.BAD_SIGNER, _("只有会议主持人和记录人可以签署纪要，且各签一次"), rule="DEC-225"
        )
    before = audit_snapshot(minutes)
    if minutes.chair_signed_at and minutes.recorder_signed_at:
        minutes.status = MinutesStatus.SIGNED
        minutes.locked_at = now
        fields += ["status", "locked_at"]
    save(minutes, fields)
    audit_record(actor=actor, action="decisions.minutes_sign", target=minutes, before=before)
    return minutes


@transaction.atomic
def minutes_addendum(*, actor, minutes: Minutes, text_: str, reason: str) -> MinutesAddendum:
    """A correction to signed minutes (DEC-224): the minutes stay as signed; the addendum is kept
    beside them with who, when and why."""
    _require_office(actor, minutes.meeting)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.locked_at is None:
        raise Conflict(errors.WRONG_STATE, _("纪要尚未签发，请直接重新生成"), field="minutes")
    addendum = MinutesAddendum.objects.create(
        minutes=minutes,
        text=text(text_, "text", _("请填写更正内容"), rule="DEC-224"),
        reason=text(reason, "reason", _("请填写更正理由"), rule="DEC-224"),
        author=actor,
        at=clock.now(),
        created_by=actor,
    )
    audit_record(actor=actor, action="decisions.minutes_addendum", target=addendum)
    return addendum
