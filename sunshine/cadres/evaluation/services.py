"""述职述廉与民主测评 (issue #9 §3): the rules of a body's yearly evaluation round.

Life of a round::

    setup ──open the vote (SUP-249 reports filed, SUP-250 ≥ 10 % outside)──▶ voting ──count──▶ counted

* Setup (``cadres.organise``): the cadres to evaluate with their reports (filed by the cadre or the
  organiser, text and an attachment, SUP-249), the attendance list with each attendee's category.
* Opening the vote checks that every report is filed (SUP-249) and that retired cadres, ordinary
  staff and service recipients are at least 10 % of the attendees (SUP-250: 不少于, equal passes:
  ``10 * outside >= total``); the body's pass-rate threshold is fixed on the round then (SUP-253).
* Ballots: an attendee with an account casts their own online (secret as in decisions, DEC-56:
  ``BallotCast`` keeps who, the grades only go into counters); the organiser enters paper ballots,
  whole invalid or graded per cadre (a cadre left blank is invalid for that cadre). At most one
  ballot per attendee (EVA-1).
* Count (``round_count``): per cadre, valid ballots are the graded ones. Triggers, recorded as
  ``EvaluationOutcome`` rows:
  - SUP-11: "不称职/较差" votes more than one third of the valid ones (``3 * poor > valid``; equal
    is not more) together with concentrated complaints in the 民主评议 → follow-up (督察和了解);
  - SUP-253: excellent + competent below the threshold (``100 * (excellent + competent) <
    threshold * valid``; equal is not below) → admonition talk (诫勉谈话); also below in the body's
    round of the year before → organisational handling (组织处理).
  The admonition talk and, for SUP-11's 督察和了解, an inquiry letter (函询, SUP-242) are opened in the
  talks area in their first state, linked both ways (``outcomes_open_talks``).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from sunshine.cadres.evaluation.choices import (
    OUTSIDE,
    Category,
    Grade,
    OutcomeKind,
    RoundStatus,
    Scale,
    grade_label,
)
from sunshine.cadres.evaluation.models import (
    BallotCast,
    EvaluatedCadre,
    EvaluationOutcome,
    EvaluationParticipant,
    EvaluationRound,
    EvaluationSettings,
)
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission, require_permission

ORGANISE = "cadres.organise"
SUPERVISE = "cadres.supervise"
OUTSIDE_SHARE = (1, 10)  # SUP-250: 不少于参会总人数10%
FOLLOW_UP_SHARE = (1, 3)  # SUP-11: 超过有效票三分之一
GRADE_FIELDS = {g: g.value for g in Grade}  # counter field per grade


# --- Helpers ---------------------------------------------------------------------------------------


def body_of(unit):
    return unit if unit.body_id in (None, unit.pk) else unit.body


def _name(user) -> str:
    return (user.full_name or user.username) if user is not None else ""


def _text(value, field: str, message: str, *, limit: int = 20000, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput("required", message, field=field)
    if len(value) > limit:
        raise InvalidInput("too_long", _("内容过长（最多%(n)d字）") % {"n": limit}, field=field)
    return value


def may_organise(actor, obj=None) -> bool:
    return has_permission(actor, ORGANISE, obj)


def may_read_results(actor, obj) -> bool:
    return has_permission(actor, ORGANISE, obj) or has_permission(actor, SUPERVISE, obj)


def _locked(evaluation: EvaluationRound, expected_version: int | None = None) -> EvaluationRound:
    fresh = EvaluationRound.objects.select_for_update().select_related("body").get(pk=evaluation.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise Conflict("stale_version", _("民主测评已被他人修改，请刷新后重试"))
    return fresh


def _require_status(evaluation: EvaluationRound, allowed, verb: str) -> None:
    if evaluation.status not in allowed:
        raise Conflict(
            "evaluation_wrong_state",
            _("民主测评当前为“%(status)s”，不能%(verb)s")
            % {"status": RoundStatus(evaluation.status).label, "verb": verb},
            field="status",
        )


def _touch(evaluation: EvaluationRound, fields: list[str]) -> None:
    evaluation.version += 1
    evaluation.save(update_fields=[*fields, "version", "updated_at"])


# --- Settings ----------------------------------------------------------------------------------------


def settings_for(body) -> EvaluationSettings:
    """The body's settings; an unsaved row with the product default when it has none yet. They are
    changed only through sunshine.cadres.body_settings (versioned, AUD-3)."""
    body = body_of(body)
    return EvaluationSettings.objects.filter(body=body).first() or EvaluationSettings(body=body)


# --- Setting up the round -----------------------------------------------------------------------------


@transaction.atomic
def round_create(
    *, actor, body, year: int, title: str = "", meeting_date, place: str = "", scale: str = Scale.COMPETENCE
) -> EvaluationRound:
    """The body's 述职述廉 meeting of ``year`` (SUP-10, SUP-249: once a year)."""
    body = body_of(body)
    require_permission(actor, ORGANISE, body)
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise InvalidInput("invalid_year", _("请填写正确的年度"), field="year")
    if meeting_date is None:
        raise InvalidInput("required", _("请填写会议日期"), field="meeting_date")
    if scale not in Scale.values:
        raise InvalidInput("invalid_choice", _("请选择测评等次"), field="scale")
    if EvaluationRound.objects.filter(body=body, year=year).exists():
        raise RuleViolated(
            "evaluation_once_a_year",
            _("%(body)s%(year)d年度的述职述廉民主测评已经建立（每年一次）")
            % {"body": body.name, "year": year},
            field="year",
            rule="SUP-249",
        )
    title = _text(title, "title", "", limit=200, required=False) or _("%(year)d年度述职述廉暨民主测评") % {
        "year": year
    }
    evaluation = EvaluationRound.objects.create(
        body=body,
        year=year,
        title=title,
        meeting_date=meeting_date,
        place=_text(place, "place", "", limit=200, required=False),
        scale=scale,
        created_by=actor,
    )
    audit_record(actor=actor, action="cadres.evaluation_create", target=evaluation)
    return evaluation


@transaction.atomic
def cadre_add(*, actor, evaluation: EvaluationRound, cadre, position: str = "") -> EvaluatedCadre:
    """A cadre to evaluate in the round (SUP-10: the team and each of its members)."""
    require_permission(actor, ORGANISE, evaluation)
    evaluation = _locked(evaluation)
    _require_status(evaluation, (RoundStatus.SETUP,), _("增加被测评干部"))
    if cadre is None:
        raise InvalidInput("required", _("请选择被测评干部"), field="cadre")
    if evaluation.cadres.filter(cadre=cadre).exists():
        raise Conflict(
            "evaluation_cadre_twice", _("%(name)s已在本次测评名单中") % {"name": _name(cadre)}, field="cadre"
        )
    seq = (evaluation.cadres.aggregate(m=Max("seq"))["m"] or 0) + 1
    entry = EvaluatedCadre.objects.create(
        round=evaluation,
        cadre=cadre,
        position=_text(position, "position", "", limit=100, required=False),
        seq=seq,
        created_by=actor,
    )
    _touch(evaluation, [])
    audit_record(actor=actor, action="cadres.evaluation_cadre_add", target=entry)
    return entry


@transaction.atomic
def report_file(*, actor, entry: EvaluatedCadre, text: str, attachment=None) -> EvaluatedCadre:
    """File (or replace, before the vote) the cadre's 述职述廉 report (SUP-249): by the cadre or by
    the organiser; a PDF, Word or image file may go with it."""
    from sunshine.cases.outcome.documents import check_files

    evaluation = entry.round
    if actor is None or actor.pk != entry.cadre_id:
        require_permission(actor, ORGANISE, evaluation)
    evaluation = _locked(evaluation)
    _require_status(evaluation, (RoundStatus.SETUP,), _("提交述职述廉报告"))
    text = _text(text, "text", _("请填写述职述廉报告（SUP-249）"))
    entry = EvaluatedCadre.objects.select_for_update().get(pk=entry.pk)
    before = audit_snapshot(entry)
    fields = ["report_text", "report_filed_at", "report_filed_by"]
    if attachment is not None:
        try:
            uploads = check_files([attachment])
        except InvalidInput as error:
            raise InvalidInput(error.code, error.message, field="attachment") from error
        if uploads:
            upload = uploads[0]
            _store(upload)
            entry.attachment_name = upload.name
            entry.attachment_type = upload.content_type
            entry.attachment_sha256 = upload.sha256
            fields += ["attachment_name", "attachment_type", "attachment_sha256"]
    entry.report_text = text
    entry.report_filed_at = clock.now()
    entry.report_filed_by = actor
    entry.version += 1
    entry.save(update_fields=[*fields, "version", "updated_at"])
    audit_record(actor=actor, action="cadres.evaluation_report_file", target=entry, before=before)
    return entry


def attachment_path(sha256: str):
    from pathlib import Path

    from django.conf import settings

    return Path(settings.MEDIA_ROOT) / "cadres" / sha256[:2] / sha256


def _store(upload) -> None:
    import os

    target = attachment_path(upload.sha256)
    if target.exists():
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_bytes(upload.data)
    os.replace(tmp, target)


@transaction.atomic
def participant_add(
    *, actor, evaluation: EvaluationRound, category: str, user=None, name: str = ""
) -> EvaluationParticipant:
    """One attendee on the attendance list with their category (SUP-250). An attendee with an account
    votes online from their own log-in; one without votes on paper."""
    require_permission(actor, ORGANISE, evaluation)
    evaluation = _locked(evaluation)
    _require_status(evaluation, (RoundStatus.SETUP,), _("修改参会名单"))
    if category not in Category.values:
        raise InvalidInput("invalid_choice", _("请选择参会人员类别"), field="category")
    name = (name or "").strip() or _name(user)
    if not name:
        raise InvalidInput("required", _("请选择账号或填写姓名"), field="name")
    if len(name) > 100:
        raise InvalidInput("too_long", _("姓名过长"), field="name")
    if user is not None and evaluation.participants.filter(user=user).exists():
        raise Conflict(
            "evaluation_participant_twice", _("%(name)s已在参会名单中") % {"name": name}, field="user"
        )
    participant = EvaluationParticipant.objects.create(
        round=evaluation, user=user, name=name, category=category, created_by=actor
    )
    _touch(evaluation, [])
    audit_record(actor=actor, action="cadres.evaluation_participant_add", target=participant)
    return participant


@transaction.atomic
def participant_remove(*, actor, participant: EvaluationParticipant, reason: str) -> EvaluationParticipant:
    """Take an attendee off the list before the vote (kept, marked removed with the reason)."""
    evaluation = participant.round
    require_permission(actor, ORGANISE, evaluation)
    evaluation = _locked(evaluation)
    _require_status(evaluation, (RoundStatus.SETUP,), _("修改参会名单"))
    reason = _text(reason, "reason", _("请填写移出名单的原因"), limit=500)
    before = audit_snapshot(participant)
    participant.deleted_at = clock.now()
    participant.deleted_by = actor
    participant.delete_reason = reason
    participant.version += 1
    participant.save(update_fields=["deleted_at", "deleted_by", "delete_reason", "version", "updated_at"])
    _touch(evaluation, [])
    audit_record(
        actor=actor, action="cadres.evaluation_participant_remove", target=participant, before=before
    )
    return participant


def composition(evaluation: EvaluationRound) -> dict:
    """The attendance list's make-up and whether it meets SUP-250 (outside ≥ 10 %, equal passes)."""
    counts = {c: 0 for c in Category.values}
    for category in evaluation.participants.values_list("category", flat=True):
        counts[category] += 1
    total = sum(counts.values())
    outside = sum(counts[c] for c in OUTSIDE)
    num, den = OUTSIDE_SHARE
    return {
        "counts": {Category(c).label: n for c, n in counts.items()},
        "total": total,
        "outside": outside,
        "needed": -(-total * num // den),  # the least whole number of people that is ≥ 10 %
        "ok": total > 0 and den * outside >= num * total,
        "share": (Decimal(100 * outside) / total).quantize(Decimal("0.1")) if total else Decimal(0),
    }


@transaction.atomic
def complaints_record(*, actor, entry: EvaluatedCadre, concentrated: bool, note: str = "") -> EvaluatedCadre:
    """The 民主评议 finding on a cadre (SUP-11 (a)): whether the appraisal shows prominent,
    concentrated complaints. Recorded by the organiser or the discipline office before the count."""
    evaluation = entry.round
    if not has_permission(actor, SUPERVISE, evaluation):
        require_permission(actor, ORGANISE, evaluation)
    evaluation = _locked(evaluation)
    _require_status(evaluation, (RoundStatus.SETUP, RoundStatus.VOTING), _("记录民主评议情况"))
    note = _text(note, "note", "", limit=5000, required=False)
    if concentrated and not note:
        raise InvalidInput(
            "required", _("请写明民主评议反映的主要问题（SUP-11）"), field="note", rule="SUP-11"
        )
    entry = EvaluatedCadre.objects.select_for_update().get(pk=entry.pk)
    before = audit_snapshot(entry)
    entry.complaints_concentrated = bool(concentrated)
    entry.complaints_note = note
    entry.version += 1
    entry.save(update_fields=["complaints_concentrated", "complaints_note", "version", "updated_at"])
    audit_record(actor=actor, action="cadres.evaluation_complaints_record", target=entry, before=before)
    return entry


# --- The vote -------------------------------------------------------------------------------------------


@transaction.atomic
def round_open(*, actor, evaluation: EvaluationRound, expected_version: int | None = None) -> EvaluationRound:
    """Open the vote once the reports are filed (SUP-249) and the attendance list meets SUP-250."""
    require_permission(actor, ORGANISE, evaluation)
    evaluation = _locked(evaluation, expected_version)
    _require_status(evaluation, (RoundStatus.SETUP,), _("开始测评"))
    cadres = list(evaluation.cadres.select_related("cadre"))
    if not cadres:
        raise InvalidInput("evaluation_no_cadre", _("请先确定被测评干部"), field="cadres", rule="SUP-10")
    missing = [_name(c.cadre) for c in cadres if not c.report_filed]
    if missing:
        raise RuleViolated(
            "evaluation_report_missing",
            _("%(names)s尚未提交述职述廉报告，先述职后测评（SUP-249）") % {"names": "、".join(missing)},
            field="cadres",
            rule="SUP-249",
        )
    make_up = composition(evaluation)
    if not make_up["ok"]:
        raise RuleViolated(
            "evaluation_composition",
            _(
                "参会%(total)d人，其中离退休干部、普通干部职工和服务对象%(outside)d人，"
                "不少于参会总人数10%%须至少%(needed)d人（SUP-250）"
            )
            % make_up,
            field="participants",
            rule="SUP-250",
        )
    before = audit_snapshot(evaluation)
    evaluation.status = RoundStatus.VOTING
    evaluation.pass_rate_threshold = settings_for(evaluation.body).pass_rate_threshold
    evaluation.opened_at = clock.now()
    evaluation.opened_by = actor
    _touch(evaluation, ["status", "pass_rate_threshold", "opened_at", "opened_by"])
    audit_record(actor=actor, action="cadres.evaluation_open", target=evaluation, before=before)
    return evaluation


def _voting(evaluation: EvaluationRound) -> EvaluationRound:
    evaluation = EvaluationRound.objects.select_for_update().select_related("body").get(pk=evaluation.pk)
    _require_status(evaluation, (RoundStatus.VOTING,), _("投票"))
    return evaluation


def _room_for_one_more(evaluation: EvaluationRound) -> None:
    """EVA-1: one ballot per attendee, online and paper together."""
    attendees = evaluation.participants.count()
    if evaluation.ballots >= attendees:
        raise RuleViolated(
            "evaluation_too_many_ballots",
            _("已收回%(n)d张测评票，等于参会人数，不能再录入（EVA-1）") % {"n": evaluation.ballots},
            field="ballot",
            rule="EVA-1",
        )


def _grades(evaluation: EvaluationRound, grades: dict, *, require_all: bool) -> dict[int, str | None]:
    """``{EvaluatedCadre.pk: grade or None}`` for every cadre of the round, checked."""
    ids = list(evaluation.cadres.order_by("seq").values_list("pk", "cadre__full_name", "cadre__username"))
    grades = {int(k): v for k, v in (grades or {}).items()}
    unknown = set(grades) - {pk for pk, *_rest in ids}
    if unknown:
        raise InvalidInput("evaluation_unknown_cadre", _("所选干部不在本次测评名单中"), field="grades")
    out: dict[int, str | None] = {}
    for pk, full_name, username in ids:
        grade = grades.get(pk) or None
        if grade is not None and grade not in Grade.values:
            raise InvalidInput("invalid_choice", _("测评等次不正确"), field=f"grade_{pk}")
        if grade is None and require_all:
            raise InvalidInput(
                "required",
                _("请对%(name)s作出评价") % {"name": full_name or username},
                field=f"grade_{pk}",
            )
        out[pk] = grade
    return out


def _add_counts(grades: dict[int, str | None]) -> None:
    for pk, grade in grades.items():
        field = GRADE_FIELDS[Grade(grade)] if grade else "invalid"
        EvaluatedCadre.objects.filter(pk=pk).update(**{field: F(field) + 1})


def participant_of(evaluation: EvaluationRound, user) -> EvaluationParticipant | None:
    if user is None or not user.is_authenticated:
        return None
    return evaluation.participants.filter(user=user).first()


def has_voted(evaluation: EvaluationRound, participant: EvaluationParticipant | None) -> bool:
    return (
        participant is not None
        and BallotCast.objects.filter(round=evaluation, participant=participant).exists()
    )


@transaction.atomic
def ballot_cast(*, actor, evaluation: EvaluationRound, grades: dict) -> None:
    """An attendee's own online ballot (EVA-1, as decisions' secret ballot, DEC-56): who voted is
    kept in BallotCast, the grades only go into the counters; the audit record names the voter and
    the round, never a grade."""
    evaluation = _voting(evaluation)
    participant = participant_of(evaluation, actor)
    if participant is None:
        raise NotPermitted("evaluation_not_participant", _("您不在本次民主测评的参会名单中"), rule="EVA-1")
    if has_voted(evaluation, participant):
        raise Conflict("evaluation_already_voted", _("您已经投票"), field="ballot")
    _room_for_one_more(evaluation)
    checked = _grades(evaluation, grades, require_all=True)
    BallotCast.objects.create(round=evaluation, participant=participant)
    _add_counts(checked)
    EvaluationRound.objects.filter(pk=evaluation.pk).update(ballots_online=F("ballots_online") + 1)
    audit_record(
        actor=actor,
        action="cadres.evaluation_ballot_cast",
        object_type="cadres.evaluationround",
        object_id=evaluation.pk,
        label=evaluation.title[:100],
        before=None,
        after={"voter": participant.pk},
    )


@transaction.atomic
def paper_ballot_enter(
    *, actor, evaluation: EvaluationRound, grades: dict | None = None, invalid: bool = False
) -> None:
    """One paper ballot entered by the organiser: wholly invalid (废票), or graded per cadre, where a
    cadre left blank or marked twice is invalid for that cadre (entered as blank). Paper ballots
    carry no name, so the audit record keeps the grades as entered."""
    require_permission(actor, ORGANISE, evaluation)
    evaluation = _voting(evaluation)
    _room_for_one_more(evaluation)
    if invalid:
        checked = {pk: None for pk in evaluation.cadres.values_list("pk", flat=True)}
    else:
        checked = _grades(evaluation, grades, require_all=False)
        if all(g is None for g in checked.values()):
            raise InvalidInput(
                "evaluation_blank_ballot",
                _("此票对所有干部均未评价，请作为无效票录入"),
                field="invalid",
            )
    _add_counts(checked)
    changes = {"ballots_paper": F("ballots_paper") + 1}
    if invalid:
        changes["ballots_invalid"] = F("ballots_invalid") + 1
    EvaluationRound.objects.filter(pk=evaluation.pk).update(**changes)
    audit_record(
        actor=actor,
        action="cadres.evaluation_paper_ballot",
        object_type="cadres.evaluationround",
        object_id=evaluation.pk,
        label=evaluation.title[:100],
        before=None,
        after={"invalid": bool(invalid), "grades": {str(k): v for k, v in checked.items()}},
    )


# --- The count and its triggers -----------------------------------------------------------------------


def poor_over_third(*, poor: int, valid: int) -> bool:
    """SUP-11 (b), SUP-253: "不称职/较差票超过有效票三分之一" — strictly more; exactly one third is not."""
    num, den = FOLLOW_UP_SHARE
    return valid > 0 and den * poor > num * valid


def below_threshold(*, excellent: int, competent: int, valid: int, threshold: Decimal) -> bool:
    """SUP-253: "优称率低于XX" — strictly below the threshold (a percentage); equal is not below."""
    return valid > 0 and Decimal(100 * (excellent + competent)) < Decimal(threshold) * valid


def pass_rate(*, excellent: int, competent: int, valid: int) -> Decimal | None:
    if not valid:
        return None
    return (Decimal(100 * (excellent + competent)) / valid).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _previous_below(evaluation: EvaluationRound) -> set[int]:
    """Cadres below the threshold in the body's counted round of the year before (SUP-253 连续两年)."""
    return set(
        EvaluatedCadre.objects.filter(
            round__body_id=evaluation.body_id,
            round__year=evaluation.year - 1,
            round__status=RoundStatus.COUNTED,
            below_threshold=True,
        ).values_list("cadre_id", flat=True)
    )


@transaction.atomic
def round_count(
    *, actor, evaluation: EvaluationRound, expected_version: int | None = None
) -> EvaluationRound:
    """Close the vote and count (SUP-11, SUP-253): per cadre, rates against the valid ballots and the
    outcomes they trigger, each recorded with its rule and audited."""
    require_permission(actor, ORGANISE, evaluation)
    evaluation = _locked(evaluation, expected_version)
    _require_status(evaluation, (RoundStatus.VOTING,), _("计票"))
    if evaluation.ballots == 0:
        raise RuleViolated("evaluation_no_ballot", _("尚未收到测评票"), field="ballots", rule="SUP-249")
    casts = BallotCast.objects.filter(round=evaluation).count()
    if casts != evaluation.ballots_online:  # pragma: no cover - written together in ballot_cast
        raise Conflict("count_mismatch", _("网上投票数与投票人数不符，请核对"), field="ballots")
    threshold = evaluation.pass_rate_threshold
    before_year = _previous_below(evaluation)
    now = clock.now()
    outcomes = []
    poor_word = grade_label(evaluation.scale, Grade.POOR)
    good_words = "、".join(grade_label(evaluation.scale, g) for g in (Grade.EXCELLENT, Grade.COMPETENT))
    results = list(evaluation.cadres.select_for_update().order_by("seq"))
    for entry in results:
        valid = entry.excellent + entry.competent + entry.basic + entry.poor
        entry.valid = valid
        entry.pass_rate = pass_rate(excellent=entry.excellent, competent=entry.competent, valid=valid)
        entry.poor_over_third = poor_over_third(poor=entry.poor, valid=valid)
        entry.below_threshold = below_threshold(
            excellent=entry.excellent, competent=entry.competent, valid=valid, threshold=threshold
        )
        entry.version += 1
        entry.updated_at = now
        if entry.poor_over_third and entry.complaints_concentrated:
            reason = _(
                "“%(poor)s”票%(n)d张，超过有效票%(valid)d张的三分之一，且民主评议反映问题突出、意见比较集中"
            )
            outcomes.append(
                (
                    entry,
                    OutcomeKind.FOLLOW_UP,
                    "SUP-11",
                    reason % {"poor": poor_word, "n": entry.poor, "valid": valid},
                )
            )
        if entry.below_threshold:
            reason = _("%(good)s票占有效票%(rate)s%%，低于%(threshold)s%%")
            outcomes.append(
                (
                    entry,
                    OutcomeKind.ADMONITION,
                    "SUP-253",
                    reason % {"good": good_words, "rate": entry.pass_rate, "threshold": threshold},
                )
            )
            if entry.cadre_id in before_year:
                reason = _("优称率连续两年低于%(threshold)s%%（%(year)d年度、%(this)d年度）")
                outcomes.append(
                    (
                        entry,
                        OutcomeKind.ORG_HANDLING,
                        "SUP-253",
                        reason
                        % {"threshold": threshold, "year": evaluation.year - 1, "this": evaluation.year},
                    )
                )
    # A plain UPDATE per row (bulk_update's CASE expressions cost more to build than ten small
    # statements); the values go into the count's audit record below.
    for entry in results:
        EvaluatedCadre.objects.filter(pk=entry.pk).update(
            valid=entry.valid,
            pass_rate=entry.pass_rate,
            poor_over_third=entry.poor_over_third,
            below_threshold=entry.below_threshold,
            version=entry.version,
            updated_at=now,
        )
    created = EvaluationOutcome.objects.bulk_create(
        [
            EvaluationOutcome(
                round=evaluation,
                result=entry,
                cadre_id=entry.cadre_id,
                kind=kind,
                rule=rule,
                reason=str(reason),
                triggered_at=now,
                created_by=actor,
            )
            for entry, kind, rule, reason in outcomes
        ]
    )
    for outcome in created:
        if outcome.pk is None:  # pragma: no cover - backends without RETURNING
            outcome = EvaluationOutcome.objects.get(
                round=evaluation, cadre_id=outcome.cadre_id, kind=outcome.kind
            )
        audit_record(actor=actor, action="cadres.evaluation_outcome", target=outcome)
    outcomes_open_talks(actor=actor, evaluation=evaluation)
    before = audit_snapshot(evaluation)
    evaluation.status = RoundStatus.COUNTED
    evaluation.counted_at = now
    evaluation.counted_by = actor
    _touch(evaluation, ["status", "counted_at", "counted_by"])
    audit_record(
        actor=actor,
        action="cadres.evaluation_count",
        target=evaluation,
        before=before,
        extra={
            "results": [
                {
                    "id": e.pk,
                    "cadre": e.cadre_id,
                    "counts": [e.excellent, e.competent, e.basic, e.poor, e.invalid],
                    "valid": e.valid,
                    "pass_rate": str(e.pass_rate) if e.pass_rate is not None else None,
                    "poor_over_third": e.poor_over_third,
                    "below_threshold": e.below_threshold,
                }
                for e in results
            ]
        },
    )
    return evaluation


def outcomes_open_talks(*, actor, evaluation: EvaluationRound) -> list:
    """Open in the talks area what the round's outcomes call for (SUP-253 admonition talk, SUP-11
    inquiry letter; cadres.talks.services.talk_from_evaluation), each once: calling it again, e.g.
    after a recount, opens nothing new. Returns the talks linked."""
    from sunshine.cadres.talks.services import talk_from_evaluation

    talks = []
    for outcome in evaluation.outcomes.order_by("id"):
        talk = talk_from_evaluation(actor=actor, outcome=outcome)
        if talk is not None:
            talks.append(talk)
    return talks


# --- Reading ------------------------------------------------------------------------------------------


def round_get(*, actor, pk: int) -> EvaluationRound:
    """A round the actor may see: the organiser and the discipline office in scope, an attendee, an
    evaluated cadre. Anyone else: not found (SEC-7)."""
    evaluation = EvaluationRound.objects.select_related("body").filter(pk=pk).first()
    if evaluation is None or not may_see(actor, evaluation):
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return evaluation


def may_see(actor, evaluation: EvaluationRound) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return (
        may_read_results(actor, evaluation)
        or participant_of(evaluation, actor) is not None
        or evaluation.cadres.filter(cadre=actor).exists()
    )


def round_list(*, actor):
    """Rounds of the bodies the actor organises or supervises, and those the actor attends or is
    evaluated in; newest first."""
    from django.db.models import Q

    from sunshine.core.permissions import scope_q

    query = (
        scope_q(actor, ORGANISE, "body")
        | scope_q(actor, SUPERVISE, "body")
        | Q(pk__in=EvaluationParticipant.objects.filter(user=actor).values("round_id"))
        | Q(pk__in=EvaluatedCadre.objects.filter(cadre=actor).values("round_id"))
    )
    return (
        EvaluationRound.objects.filter(query)
        .select_related("body")
        .distinct()
        .order_by("-year", "body__path", "id")
    )
