"""The rules of talks and inquiry letters (谈话函询, issue #9 §4). Every state change writes an audit
record in the same transaction; every refusal names its rule.

Life of a talk or letter::

    draft ──approve (SUP-244)──▶ approved ──notify (SUP-244)──▶ notified ──record (SUP-240/245)──▶ held
                                                                   │                                  │
                                                                   └──reply (SUP-247, letters)──▶ replied
    held | replied ──plan (SUP-238/246)──▶ rectifying ──follow-up… (SUP-241/246)──▶ concluded
    held | replied ──conclude (closed, clarified)──▶ concluded
    rectifying ──conclude (rectified | escalated)──▶ concluded

The discipline office (``cadres.supervise`` over the body) registers, notifies, records, consents to an
extension, follows up and concludes; the competent leader (``cadres.approve`` over the body, never the
subject) approves; the subject of a letter replies himself (or the office records a reply on paper).

Confidentiality (SUP-248): the content (record, reply, plan, follow-ups) is readable by the discipline
office and, for his own letter and reply, by the subject; the approver reads the approval form, and the
content only once the matter is concluded. Audit records carry no content (``AUDIT_FIELDS``), so that
the audit log does not become a way round it.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from sunshine.cadres.talks.choices import (
    Escalation,
    FollowUpMethod,
    Kind,
    Outcome,
    SourceKind,
    Status,
)
from sunshine.cadres.talks.models import Talk, TalkCounter, TalkFollowUp, TalkSettings
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import deadline_due

SUPERVISE = "cadres.supervise"
APPROVE = "cadres.approve"
MAX_EXTENSION_WORKDAYS = 30  # a sanity bound on one consent; the seeds set none

# What the audit log keeps of a talk: the procedure, never the content (SUP-248).
AUDIT_FIELDS = [
    "body",
    "number",
    "kind",
    "status",
    "subject",
    "source_kind",
    "source_id",
    "talker",
    "approver",
    "approved_at",
    "notice_issued_at",
    "scheduled_at",
    "notice_received_at",
    "reply_workdays",
    "extension_workdays",
    "extension_by",
    "reply_due_at",
    "held_at",
    "effect_until",
    "replied_at",
    "reply_late",
    "plan_submitted_at",
    "plan_late",
    "rectify_by",
    "concluded_at",
    "outcome",
    "escalation",
    "version",
]

# Who may read what of a talk (SUP-248).
OFFICE, SUBJECT, APPROVER = "office", "subject", "approver"


# --- Helpers ---------------------------------------------------------------------------------------


def body_of(unit):
    return unit if unit.body_id in (None, unit.pk) else unit.body


def settings_of(body) -> TalkSettings:
    """The body's limits (an unsaved row with the defaults when the body has none); changed only
    through sunshine.cadres.body_settings (versioned, AUD-3)."""
    return TalkSettings.objects.filter(body=body).first() or TalkSettings(body=body)


def _name(user) -> str:
    return (user.full_name or user.username) if user else ""


def _text(value, field: str, message: str, *, rule: str | None = None, limit: int = 10000) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput("required", message, field=field, rule=rule)
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field)
    return value


def _snap(talk) -> dict:
    return audit_snapshot(talk, fields=AUDIT_FIELDS)


def _audit(talk, *, actor, action: str, before: dict | None, note: str = "") -> None:
    audit_record(
        actor=actor, action=f"cadres.talk_{action}", target=talk, before=before, after=_snap(talk), note=note
    )


def _save(talk, fields: list[str]) -> None:
    talk.version += 1
    talk.save(update_fields=[*fields, "version", "updated_at"])


def _locked(talk, expected_version: int | None) -> Talk:
    fresh = Talk.objects.select_for_update().get(pk=talk.pk)
    expected = talk.version if expected_version is None else expected_version
    if fresh.version != expected:
        raise Conflict("stale", _("该谈话函询已被他人处理，请刷新后重试"))
    return fresh


def _require_state(talk, allowed, doing: str, rule: str) -> None:
    if talk.status not in allowed:
        raise Conflict(
            "wrong_state",
            _("%(kind)s当前为“%(status)s”，不能%(doing)s（%(rule)s）")
            % {
                "kind": Kind(talk.kind).label,
                "status": Status(talk.status).label,
                "doing": doing,
                "rule": rule,
            },
            field="status",
            rule=rule,
        )


def is_subject(actor, talk) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    if talk.subject_id is not None:
        return talk.subject_id == actor.pk
    return talk.pk is not None and talk.participants.filter(pk=actor.pk).exists()


def may_supervise(actor, talk_or_body=None) -> bool:
    return has_permission(actor, SUPERVISE, talk_or_body)


def require_supervise(actor, obj=None) -> None:
    """Only the body's discipline office runs talks and letters (SUP-240, SUP-243); out of scope 404."""
    if has_permission(actor, SUPERVISE, obj):
        return
    if obj is not None and has_permission(actor, SUPERVISE):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    raise NotPermitted("not_discipline_office", _("只有本单位纪检监察机构可以办理谈话函询"), rule="SUP-240")


def audience(actor, talk) -> str | None:
    """How much of ``talk`` the actor may read (SUP-248): OFFICE everything; SUBJECT his own letter
    and reply once the notice is issued; APPROVER the approval form (and the content once concluded);
    None nothing — the talk is then "not found" for him."""
    if actor is None or not actor.is_authenticated:
        return None
    subject = is_subject(actor, talk)
    if has_permission(actor, SUPERVISE, talk) and not subject:
        return OFFICE
    if subject:
        if talk.kind == Kind.INQUIRY and talk.notice_issued_at is not None:
            return SUBJECT
        return None
    if has_permission(actor, APPROVE, talk):
        return APPROVER
    return None


def may_read_content(actor, talk) -> bool:
    """The record, reply, rectification plan and follow-ups (SUP-248)."""
    level = audience(actor, talk)
    return level in (OFFICE, SUBJECT) or (level == APPROVER and talk.status == Status.CONCLUDED)


def next_number(*, body, year: int) -> int:
    """The next number of ``body`` in ``year``; the counter row stays locked until the commit."""
    TalkCounter.objects.bulk_create([TalkCounter(body=body, year=year, last=0)], ignore_conflicts=True)
    counter = TalkCounter.objects.filter(body=body, year=year)
    counter.update(last=F("last") + 1)
    return counter.values_list("last", flat=True).get()


def _numbered(body, kind: str) -> dict:
    """The body, year, sequence and number of a new talk or letter (〔year〕seq号)."""
    year = clock.local(clock.now()).year
    seq = next_number(body=body, year=year)
    word = _("函询") if kind == Kind.INQUIRY else _("谈话")
    return {
        "body": body,
        "year": year,
        "seq": seq,
        "number": f"{body.short_name or body.name}{word}〔{year}〕{seq}号",
    }


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day when it has fewer)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def reply_due(talk) -> dt.datetime:
    """SUP-247: the end of the working day that is the body's limit (plus any consented extension)
    after the subject received the notice."""
    return deadline_due(
        start=talk.notice_received_at,
        amount=(talk.reply_workdays or 0) + talk.extension_workdays,
        unit=PeriodUnit.WORKDAYS,
    )


def is_overdue(talk, at: dt.datetime | None = None) -> bool:
    """A letter whose reply has not come and whose deadline passed (SUP-247: "overdue")."""
    return (
        talk.status == Status.NOTIFIED
        and talk.reply_due_at is not None
        and (at or clock.now()) > talk.reply_due_at
    )


def plan_due(talk) -> dt.date | None:
    """SUP-246: the written rectification plan of a summons talk is due this many days after it."""
    if talk.kind != Kind.SUMMONS or talk.held_at is None:
        return None
    return clock.local(talk.held_at).date() + dt.timedelta(
        days=settings_of(talk.body).rectification_plan_days
    )


def _people_ok(talk, user, field: str, message: str, rule: str) -> None:
    if user is not None and is_subject(user, talk):
        raise RuleViolated("is_subject", message, field=field, rule=rule)


# --- Register and approve (SUP-236, SUP-237, SUP-242..244) -------------------------------------------


@transaction.atomic
def talk_register(
    *,
    actor,
    body,
    kind: str,
    reason: str,
    subject=None,
    subject_post: str = "",
    participants=(),
    outline: str = "",
    questions=(),
    talker=None,
    source_kind: str = "",
    source_id: str = "",
) -> Talk:
    """填写审批表: the discipline office registers a talk or letter with its reason and outline (SUP-244).
    A collective integrity talk lists its participants (SUP-237); every other kind has one subject.
    A letter states its questions, one by one (SUP-242, SUP-247). ``source_kind``/``source_id`` say what
    prompted it (an evaluation outcome, a petition...), as a reference filled by whoever knows it."""
    if body is None:
        raise InvalidInput("required", _("请选择单位"), field="body")
    body = body_of(body)
    require_supervise(actor, body)
    if kind not in Kind.values:
        raise InvalidInput("invalid_choice", _("请选择谈话函询类别"), field="kind")
    reason = _text(reason, "reason", _("请填写事由（SUP-244）"), rule="SUP-244")
    participants = list(participants or [])
    if kind == Kind.INTEGRITY_COLLECTIVE:
        if not participants:
            raise InvalidInput(
                "required", _("集体廉政谈话请选择参加人员（SUP-237）"), field="participants", rule="SUP-237"
            )
        subject = None
    elif subject is None:
        raise InvalidInput("required", _("请选择谈话（函询）对象"), field="subject")
    if talker is not None and (talker == subject or talker in participants):
        raise RuleViolated(
            "talker_is_subject", _("谈话人不能是谈话对象本人（SUP-236）"), field="talker", rule="SUP-236"
        )
    clean_questions = [q.strip() for q in (questions or []) if q and q.strip()]
    if kind == Kind.INQUIRY:
        if not clean_questions:
            raise InvalidInput(
                "required", _("请逐条填写函询的问题（SUP-247）"), field="questions", rule="SUP-247"
            )
    else:
        clean_questions = []
    if source_kind and source_kind not in SourceKind.values:
        raise InvalidInput("invalid_choice", _("请选择来源类别"), field="source_kind")
    source_id = (source_id or "").strip()
    if source_id and not source_kind:
        raise InvalidInput("required", _("填写来源记录时请选择来源类别"), field="source_kind")
    talk = Talk.objects.create(
        **_numbered(body, kind),
        kind=kind,
        subject=subject,
        subject_post=(subject_post or "").strip()[:100],
        reason=reason,
        outline=(outline or "").strip(),
        questions=clean_questions,
        talker=talker,
        source_kind=source_kind or "",
        source_id=source_id[:100],
        created_by=actor,
    )
    if participants:
        talk.participants.set(participants)
    _audit(talk, actor=actor, action="register", before=None)
    return talk


def evaluation_ref(outcome) -> str:
    """The ``source_id`` of a talk opened by an evaluation outcome."""
    return f"cadres.evaluationoutcome:{outcome.pk}"


def evaluation_outcome_of(talk):
    """The evaluation outcome that opened ``talk`` (SUP-253, SUP-11), or None."""
    if talk.source_kind != SourceKind.EVALUATION:
        return None
    from sunshine.cadres.evaluation.models import EvaluationOutcome

    return EvaluationOutcome.objects.select_related("round", "cadre").filter(talk=talk).first()


@transaction.atomic
def talk_from_evaluation(*, actor, outcome) -> Talk | None:
    """The talk an evaluation count triggers, registered by itself in its first state (待审批), its
    source the outcome, and linked back from it; once only: an outcome already linked, or a talk an
    office registered by hand for the same outcome, is returned and nothing new is made.

    * SUP-253 优称率 below the body's threshold → an admonition talk (诫勉谈话, SUP-239);
    * SUP-11 "不称职/较差" over a third with concentrated complaints → 督察和了解: an inquiry letter
      (函询), the seeds' instrument for problems a cadre assessment reflects (SUP-242), its question the
      民主评议 finding, for the discipline office to complete before the leader approves (SUP-244);
    * organisational handling (SUP-253 two years running) is the Party group's decision, not a talk:
      nothing is opened.

    ``actor`` is whoever counted (the count's own permission); the register audit record says why."""
    from sunshine.cadres.evaluation.choices import OutcomeKind
    from sunshine.cadres.evaluation.models import EvaluationOutcome

    kind = {OutcomeKind.ADMONITION: Kind.ADMONITION, OutcomeKind.FOLLOW_UP: Kind.INQUIRY}.get(outcome.kind)
    if kind is None:
        return None
    outcome = (
        EvaluationOutcome.objects.select_for_update(of=("self",))  # PostgreSQL: not the outer joins
        .select_related("round__body", "result", "cadre", "talk")
        .get(pk=outcome.pk)
    )
    if outcome.talk is not None:
        return outcome.talk
    evaluation, result = outcome.round, outcome.result
    talk = Talk.objects.filter(source_kind=SourceKind.EVALUATION, source_id=evaluation_ref(outcome)).first()
    if talk is None:
        reason = _("%(title)s计票：%(reason)s（%(rule)s）") % {
            "title": evaluation.title,
            "reason": outcome.reason,
            "rule": outcome.rule,
        }
        questions = []
        if kind == Kind.INQUIRY:
            questions = [
                _("民主评议反映：%(note)s请逐条说明有关情况。")
                % {"note": result.complaints_note or _("问题突出、意见比较集中。")}
            ]
        talk = Talk.objects.create(
            **_numbered(evaluation.body, kind),
            kind=kind,
            subject=outcome.cadre,
            subject_post=(result.position or "")[:100],
            reason=reason,
            questions=questions,
            source_kind=SourceKind.EVALUATION,
            source_id=evaluation_ref(outcome),
            created_by=actor,
        )
        _audit(
            talk,
            actor=actor,
            action="register",
            before=None,
            note=_("民主测评计票触发（%(rule)s）") % {"rule": outcome.rule},
        )
    before = audit_snapshot(outcome)
    outcome.talk = talk
    outcome.version += 1
    outcome.save(update_fields=["talk", "version", "updated_at"])
    audit_record(actor=actor, action="cadres.evaluation_outcome_talk", target=outcome, before=before)
    return talk


@transaction.atomic
def talk_approve(*, actor, talk, opinion: str = "", expected_version: int | None = None) -> Talk:
    """审批 (SUP-244): the competent leader (``cadres.approve`` over the body) approves the form. The
    subject, or a participant of a collective talk, may never approve his own."""
    if audience(actor, talk) is None and not is_subject(actor, talk):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    if is_subject(actor, talk):
        raise RuleViolated(
            "approver_is_subject", _("谈话函询对象不能审批本人的谈话函询（SUP-244）"), rule="SUP-244"
        )
    if not has_permission(actor, APPROVE, talk):
        raise RuleViolated(
            "not_competent_leader", _("谈话函询须经本单位领导（党组书记）审批（SUP-244）"), rule="SUP-244"
        )
    talk = _locked(talk, expected_version)
    _require_state(talk, (Status.DRAFT,), _("审批"), "SUP-244")
    before = _snap(talk)
    talk.approver, talk.approved_at = actor, clock.now()
    talk.approval_opinion = (opinion or "").strip() or _("同意")
    talk.status = Status.APPROVED
    _save(talk, ["approver", "approved_at", "approval_opinion", "status"])
    _audit(talk, actor=actor, action="approve", before=before, note=talk.approval_opinion)
    return talk


# --- Notice (SUP-244) --------------------------------------------------------------------------------


@transaction.atomic
def talk_notify(
    *,
    actor,
    talk,
    scheduled_at: dt.datetime | None = None,
    place: str = "",
    received_at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Talk:
    """发出通知书 (SUP-244): only after approval. A talk's notice states when and where; a letter's
    states the questions, and its reply clock runs from the subject's receipt (SUP-247), today unless
    the office records the day a paper notice was received (never before the approval)."""
    require_supervise(actor, talk)
    talk = _locked(talk, expected_version)
    if talk.status == Status.DRAFT:
        raise RuleViolated(
            "not_approved", _("未经审批不得发出通知书（SUP-244）"), field="status", rule="SUP-244"
        )
    _require_state(talk, (Status.APPROVED,), _("发出通知书"), "SUP-244")
    before = _snap(talk)
    now = clock.now()
    fields = ["notice_issued_at", "status"]
    if talk.kind == Kind.INQUIRY:
        received_at = received_at or now
        if received_at > now or received_at < talk.approved_at:
            raise InvalidInput(
                "bad_date",
                _("收到通知时间应在审批之后、当前时间之前（SUP-247）"),
                field="received_at",
                rule="SUP-247",
            )
        talk.notice_received_at = received_at
        talk.reply_workdays = settings_of(talk.body).inquiry_reply_workdays
        talk.reply_due_at = reply_due(talk)
        fields += ["notice_received_at", "reply_workdays", "reply_due_at"]
    else:
        if scheduled_at is None:
            raise InvalidInput("required", _("请填写谈话时间"), field="scheduled_at")
        talk.scheduled_at = scheduled_at
        talk.place = _text(place, "place", _("请填写谈话地点"), limit=200)
        fields += ["scheduled_at", "place"]
    talk.notice_issued_at, talk.status = now, Status.NOTIFIED
    _save(talk, fields)
    _audit(talk, actor=actor, action="notify", before=before)
    return talk


# --- Record of a talk (SUP-238..240, SUP-245) -------------------------------------------------------


@transaction.atomic
def talk_record(
    *,
    actor,
    talk,
    held_at: dt.datetime,
    talker,
    content: str,
    problems: str = "",
    requirements: str = "",
    expected_version: int | None = None,
) -> Talk:
    """谈话记录 (SUP-240, SUP-245): who talked, when, where (the notice's place), what was said. An
    admonition (SUP-239) must state the problems pointed out and the requirements set; from its day the
    admonition stands for the body's effect period (SUP-116 (3))."""
    require_supervise(actor, talk)
    talk = _locked(talk, expected_version)
    if talk.kind == Kind.INQUIRY:
        raise Conflict("letter_has_no_talk", _("函询以书面回复办理，不作谈话记录（SUP-247）"), rule="SUP-247")
    _require_state(talk, (Status.NOTIFIED,), _("记录谈话"), "SUP-240")
    if talker is None:
        raise InvalidInput("required", _("请选择谈话人（SUP-236）"), field="talker", rule="SUP-236")
    _people_ok(talk, talker, "talker", _("谈话人不能是谈话对象本人（SUP-236）"), "SUP-236")
    if held_at is None:
        raise InvalidInput("required", _("请填写谈话时间"), field="held_at")
    if held_at > clock.now() or held_at < talk.approved_at:
        raise InvalidInput("bad_date", _("谈话时间应在审批之后、当前时间之前"), field="held_at")
    content = _text(content, "content", _("请填写谈话内容（SUP-240）"), rule="SUP-240")
    problems, requirements = (problems or "").strip(), (requirements or "").strip()
    if talk.kind == Kind.ADMONITION:
        problems = _text(problems, "problems", _("诫勉谈话须写明指出的问题（SUP-239）"), rule="SUP-240")
        requirements = _text(
            requirements, "requirements", _("诫勉谈话须写明整改要求（SUP-239）"), rule="SUP-240"
        )
    before = _snap(talk)
    talk.held_at, talk.talker, talk.recorder = held_at, talker, actor
    talk.record_content, talk.record_problems, talk.record_requirements = content, problems, requirements
    fields = ["held_at", "talker", "recorder", "record_content", "record_problems", "record_requirements"]
    if talk.kind == Kind.ADMONITION:
        months = settings_of(talk.body).admonition_effect_months
        talk.effect_until = add_months(clock.local(held_at).date(), months) - dt.timedelta(days=1)
        fields.append("effect_until")
    talk.status = Status.HELD
    _save(talk, [*fields, "status"])
    _audit(talk, actor=actor, action="record", before=before)
    return talk


# --- Reply to a letter (SUP-247) ---------------------------------------------------------------------


@transaction.atomic
def inquiry_extend(*, actor, talk, workdays: int, reason: str, expected_version: int | None = None) -> Talk:
    """同意延期 (SUP-247): only the discipline office consents, before the deadline passes; the subject
    cannot extend his own deadline. After the deadline the office orders an immediate reply instead."""
    if is_subject(actor, talk) or not has_permission(actor, SUPERVISE, talk):
        if audience(actor, talk) is None:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        raise NotPermitted(
            "consent_required", _("延期回复须经纪检组同意（SUP-247）"), field="workdays", rule="SUP-247"
        )
    talk = _locked(talk, expected_version)
    if talk.kind != Kind.INQUIRY:
        raise Conflict("not_letter", _("只有函询有回复期限（SUP-247）"), rule="SUP-247")
    _require_state(talk, (Status.NOTIFIED,), _("延期回复"), "SUP-247")
    if not isinstance(workdays, int) or not 1 <= workdays <= MAX_EXTENSION_WORKDAYS:
        raise InvalidInput(
            "out_of_range",
            _("延长的工作日数应为1至%(n)d") % {"n": MAX_EXTENSION_WORKDAYS},
            field="workdays",
            rule="SUP-247",
        )
    if is_overdue(talk):
        raise RuleViolated(
            "already_overdue",
            _("回复期限已过，不能再同意延期，应责令立即回复（SUP-247）"),
            field="workdays",
            rule="SUP-247",
        )
    reason = _text(reason, "reason", _("请填写不能按时回复的特殊情况（SUP-247）"), rule="SUP-247")
    before = _snap(talk)
    talk.extension_workdays += workdays
    talk.extension_reason = "\n".join(filter(None, [talk.extension_reason, reason]))
    talk.extension_by = actor
    talk.reply_due_at = reply_due(talk)
    _save(talk, ["extension_workdays", "extension_reason", "extension_by", "reply_due_at"])
    _audit(
        talk, actor=actor, action="extend", before=before, note=_("同意延长%(n)d个工作日") % {"n": workdays}
    )
    return talk


@transaction.atomic
def inquiry_reply(
    *,
    actor,
    talk,
    answers,
    measures: str = "",
    replied_at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Talk:
    """书面回复 (SUP-247): point by point, one explanation per question, with rectification measures;
    by the subject himself, or recorded by the discipline office from paper (then with the day it came).
    A reply after the deadline (as extended with consent) is flagged late."""
    office = has_permission(actor, SUPERVISE, talk) and not is_subject(actor, talk)
    if not office and not is_subject(actor, talk):
        if audience(actor, talk) is None:
            raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
        raise NotPermitted(
            "not_subject", _("只有被函询人本人或纪检组可以登记回复（SUP-247）"), rule="SUP-247"
        )
    if talk.kind != Kind.INQUIRY:
        raise Conflict("not_letter", _("只有函询需要书面回复（SUP-247）"), rule="SUP-247")
    talk = _locked(talk, expected_version)
    _require_state(talk, (Status.NOTIFIED,), _("回复"), "SUP-247")
    answers = [(a or "").strip() for a in (answers or [])]
    if len(answers) != len(talk.questions) or not all(answers):
        raise InvalidInput(
            "point_by_point",
            _("请对函询的%(n)d个问题逐条作出说明（SUP-247）") % {"n": len(talk.questions)},
            field="answers",
            rule="SUP-247",
        )
    now = clock.now()
    if replied_at is None or not office:
        replied_at = now  # the subject's own reply is dated by the system
    if replied_at > now or replied_at < talk.notice_received_at:
        raise InvalidInput("bad_date", _("回复时间应在收到通知之后、当前时间之前"), field="replied_at")
    before = _snap(talk)
    talk.reply_answers, talk.reply_measures = answers, (measures or "").strip()
    talk.replied_at, talk.replied_by = replied_at, actor
    talk.reply_late = replied_at > talk.reply_due_at
    talk.status = Status.REPLIED
    _save(talk, ["reply_answers", "reply_measures", "replied_at", "replied_by", "reply_late", "status"])
    note = (
        _("逾期回复（期限%(due)s）") % {"due": f"{clock.local(talk.reply_due_at):%Y-%m-%d}"}
        if talk.reply_late
        else ""
    )
    _audit(talk, actor=actor, action="reply", before=before, note=note)
    return talk


# --- Rectification and follow-up (SUP-238, SUP-241, SUP-246) -----------------------------------------


@transaction.atomic
def rectification_plan(
    *,
    actor,
    talk,
    plan: str,
    rectify_by: dt.date | None = None,
    submitted_at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> Talk:
    """整改方案备案 (SUP-238, SUP-246): the subject's written plan, filed with the discipline office.
    Rectification lasts at most the body's months from the talk (or reply); a summons talk's plan is
    due within the body's days and flagged late after them."""
    require_supervise(actor, talk)
    talk = _locked(talk, expected_version)
    _require_state(talk, (Status.HELD, Status.REPLIED), _("登记整改方案"), "SUP-246")
    plan = _text(plan, "plan", _("请填写整改方案（SUP-246）"), rule="SUP-246")
    now = clock.now()
    submitted_at = submitted_at or now
    start = talk.held_at or talk.replied_at
    if submitted_at > now or submitted_at < start:
        raise InvalidInput("bad_date", _("提交时间应在谈话（回复）之后、当前时间之前"), field="submitted_at")
    months = settings_of(talk.body).rectification_months
    latest = add_months(clock.local(start).date(), months)
    rectify_by = rectify_by or latest
    if rectify_by > latest:
        raise RuleViolated(
            "rectification_too_long",
            _("整改期限一般不超过%(n)d个月（至%(day)s，SUP-246）") % {"n": months, "day": latest.isoformat()},
            field="rectify_by",
            rule="SUP-246",
        )
    if rectify_by < clock.local(submitted_at).date():
        raise InvalidInput("bad_date", _("整改期限不能早于提交日期"), field="rectify_by")
    before = _snap(talk)
    due = plan_due(talk)
    talk.plan_text, talk.plan_submitted_at, talk.rectify_by = plan, submitted_at, rectify_by
    talk.plan_late = bool(due and clock.local(submitted_at).date() > due)
    talk.status = Status.RECTIFYING
    _save(talk, ["plan_text", "plan_submitted_at", "rectify_by", "plan_late", "status"])
    _audit(
        talk, actor=actor, action="plan", before=before, note=_("整改方案逾期提交") if talk.plan_late else ""
    )
    return talk


@transaction.atomic
def follow_up_add(
    *,
    actor,
    talk,
    method: str,
    finding: str,
    at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> TalkFollowUp:
    """整改跟踪 (SUP-241, SUP-246): a check, an open or undercover visit, or a return visit."""
    require_supervise(actor, talk)
    talk = _locked(talk, expected_version)
    _require_state(talk, (Status.RECTIFYING,), _("跟踪整改"), "SUP-241")
    if method not in FollowUpMethod.values:
        raise InvalidInput("invalid_choice", _("请选择跟踪方式"), field="method")
    finding = _text(finding, "finding", _("请填写整改情况（SUP-241）"), rule="SUP-241")
    now = clock.now()
    at = at or now
    if at > now or at < talk.plan_submitted_at:
        raise InvalidInput("bad_date", _("跟踪时间应在整改方案提交之后、当前时间之前"), field="at")
    before = _snap(talk)
    follow = TalkFollowUp.objects.create(
        talk=talk, at=at, by=actor, method=method, finding=finding, created_by=actor
    )
    _save(talk, [])
    _audit(talk, actor=actor, action="follow_up", before=before, note=FollowUpMethod(method).label)
    return follow


@transaction.atomic
def talk_conclude(
    *,
    actor,
    talk,
    outcome: str,
    conclusion: str,
    escalation: str = "",
    expected_version: int | None = None,
) -> Talk:
    """办结: a talk needing no rectification, a letter whose reply clarified the matter (SUP-13),
    a rectification checked and found done, or escalated (SUP-241: criticism or organisational
    handling; SUP-246: accountability; SUP-13: another inquiry or other means)."""
    require_supervise(actor, talk)
    talk = _locked(talk, expected_version)
    _require_state(talk, (Status.HELD, Status.REPLIED, Status.RECTIFYING), _("办结"), "SUP-241")
    if outcome not in Outcome.values:
        raise InvalidInput("invalid_choice", _("请选择办理结果"), field="outcome")
    allowed = {
        Status.HELD: (Outcome.CLOSED, Outcome.ESCALATED),
        Status.REPLIED: (Outcome.CLARIFIED, Outcome.ESCALATED),
        Status.RECTIFYING: (Outcome.RECTIFIED, Outcome.ESCALATED),
    }[talk.status]
    if outcome not in allowed:
        raise RuleViolated(
            "outcome_not_allowed",
            _("%(status)s的事项不能以“%(outcome)s”办结（SUP-241）")
            % {"status": Status(talk.status).label, "outcome": Outcome(outcome).label},
            field="outcome",
            rule="SUP-241",
        )
    if talk.kind == Kind.ADMONITION and outcome == Outcome.CLOSED:
        raise RuleViolated(
            "admonition_needs_rectification",
            _("诫勉谈话后须跟踪整改情况，不能直接办结（SUP-241）"),
            field="outcome",
            rule="SUP-241",
        )
    if outcome == Outcome.RECTIFIED and not talk.follow_ups.exists():
        raise RuleViolated(
            "not_checked",
            _("纪检组检查整改情况后才能认定整改到位（SUP-241）"),
            field="outcome",
            rule="SUP-241",
        )
    if outcome == Outcome.ESCALATED:
        if escalation not in Escalation.values:
            raise InvalidInput(
                "required", _("请选择另行处理的方式（SUP-241）"), field="escalation", rule="SUP-241"
            )
    else:
        escalation = ""
    conclusion = _text(conclusion, "conclusion", _("请填写办结意见"))
    before = _snap(talk)
    talk.outcome, talk.escalation, talk.conclusion = outcome, escalation, conclusion
    talk.concluded_at, talk.status = clock.now(), Status.CONCLUDED
    _save(talk, ["outcome", "escalation", "conclusion", "concluded_at", "status"])
    _audit(talk, actor=actor, action="conclude", before=before, note=Outcome(outcome).label)
    return talk
