"""The rules of a penalty case's steps (issue #6; docs/decisions/0008-penalty-clocks.md, addendum):

* 调查取证 (CASE-147): the investigation step is done by two or more enforcement officers, holders of
  the body's post named by the step's lane (执法人员): they are recorded (``Investigator``) when the
  step is done, and the step is refused with fewer than two.
* 听证告知 (CASE-149): before a major penalty the party is told of the right to a hearing
  (``HearingNotice``) and has ``SUNSHINE_HEARING_REQUEST_DAYS`` days (the seed gives no number; the
  national Administrative Penalty Law's 5 days) to ask; the decision is refused before that period
  has passed unless the party answered (asked or waived). A penalty is major when its measure is
  责令停产停业/暂扣/吊销 许可证, or a fine or confiscation of at least the configured amount
  (``SUNSHINE_HEARING_AMOUNTS``, per kind of party), or when the case went to collective discussion.
* 听证 (CASE-150): a hearing the party asked for is recorded (``Hearing``: time, place, chair, who
  attended, the transcript and the opinion); its chair is of the body and never an investigator of
  the case; the decision waits for it.
* 送达 (CASE-153): the service step is done only once the decision's service is recorded
  (cases.outcome.delivery).

``check_step`` runs inside cases.services.task_complete, in the step's transaction, before the
flowchart moves on: a refusal leaves the case as it was.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sunshine.cases import penalty
from sunshine.cases.choices import CaseStatus, HearingAnswer, TaskStatus
from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, CaseTask, Decision, Delivery, Hearing, HearingNotice, Investigator
from sunshine.cases.outcome import rules as outcome_rules
from sunshine.cases.outcome.choices import PenaltyMeasure, ServiceMethod
from sunshine.catalog.services._inputs import choice, text
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.org.models import Person, PostHolding
from sunshine.workdays.choices import PeriodUnit
from sunshine.workdays.services import deadline_due, deadline_explain

MIN_INVESTIGATORS = 2  # CASE-147
INVESTIGATION_STEP = ({"Task_investigate"}, {"调查取证"})
NOTIFY_STEP = ({"Task_notify"}, {"告知权利及听证"})
DELIVER_STEP = ({"Task_deliver"}, {"送达"})
# Measures that always carry the right to a hearing (CASE-149; 行政处罚法第六十三条).
MAJOR_MEASURES = {
    PenaltyMeasure.SUSPEND_BUSINESS,
    PenaltyMeasure.SUSPEND_LICENCE,
    PenaltyMeasure.REVOKE_LICENCE,
}
AMOUNT_MEASURES = {PenaltyMeasure.FINE, PenaltyMeasure.CONFISCATION}


def request_days() -> int:
    """Days the party has to ask for a hearing after the notice (CASE-149; product default 5)."""
    return settings.SUNSHINE_HEARING_REQUEST_DAYS


def major_amount(applicant_kind: str) -> Decimal:
    """较大数额: the fine or confiscation from which a hearing must be offered, per kind of party."""
    amounts = settings.SUNSHINE_HEARING_AMOUNTS
    return Decimal(str(amounts.get(applicant_kind, max(amounts.values()))))


def is_major_penalty(measure: str, amount, applicant_kind: str) -> bool:
    """Whether a (proposed) penalty is major in the sense of CASE-149: 责令停产停业, 暂扣 or 吊销 a
    licence, or a fine / confiscation of at least the configured amount."""
    if measure in MAJOR_MEASURES:
        return True
    return (
        measure in AMOUNT_MEASURES and amount is not None and Decimal(amount) >= major_amount(applicant_kind)
    )


def is_step(task: CaseTask, step) -> bool:
    ids, names = step
    return task.element_id in ids or task.name in names


# --- 调查取证: two or more enforcement officers (CASE-147) ------------------------------------------------


def enforcement_holders(case: Case, lane: str) -> list[tuple[Person, int]]:
    """The people currently holding the body's post named ``lane`` (执法人员), with the post held."""
    if not lane:
        return []
    holdings = (
        PostHolding.objects.filter(
            post__unit__body=case.body_id,
            post__name=lane,
            post__deleted_at__isnull=True,
            end_date__isnull=True,
            deleted_at__isnull=True,
            person__deleted_at__isnull=True,
        )
        .select_related("person")
        .order_by("person__name", "person_id")
    )
    seen, people = set(), []
    for holding in holdings:
        if holding.person_id not in seen:
            seen.add(holding.person_id)
            people.append((holding.person, holding.post_id))
    return people


def _investigators(case: Case, task: CaseTask, chosen) -> list[tuple[Person, int]]:
    try:
        ids = list(dict.fromkeys(int(pk) for pk in chosen or ()))
    except (TypeError, ValueError):
        raise InvalidInput(
            "bad_investigators", _("调查取证执法人员选择有误"), field="investigators"
        ) from None
    holders = {person.pk: (person, post) for person, post in enforcement_holders(case, task.lane)}
    unknown = [pk for pk in ids if pk not in holders]
    if unknown:
        person = Person.objects.filter(pk=unknown[0]).first()
        raise RuleViolated(
            "not_enforcement_officer",
            _("“%(name)s”不在本单位“%(post)s”岗位，不能作为调查取证执法人员（CASE-147）")
            % {"name": person.name if person else unknown[0], "post": task.lane},
            field="investigators",
            rule="CASE-147",
        )
    if len(ids) < MIN_INVESTIGATORS:
        raise RuleViolated(
            "too_few_investigators",
            _("调查取证须由两名以上执法人员进行，已选%(n)d人；请选择至少两名“%(post)s”岗位人员（CASE-147）")
            % {"n": len(ids), "post": task.lane or _("执法人员")},
            field="investigators",
            rule="CASE-147",
        )
    return [holders[pk] for pk in ids]


def investigators_of(case: Case) -> list[Investigator]:
    """The officers recorded on the latest investigation step done (a step sent back and done again
    records its own)."""
    rows = list(case.investigators.select_related("person", "task").order_by("id"))
    done = [r for r in rows if r.task.status == TaskStatus.DONE]
    if not done:
        return []
    last = max(done, key=lambda r: (r.task.completed_at, r.task_id)).task_id
    return [r for r in done if r.task_id == last]


# --- 听证告知 and 听证 (CASE-149, CASE-150) ---------------------------------------------------------------


def current_notice(case: Case) -> HearingNotice | None:
    """The notice of the hearing right in force: the latest (a new 告知书 supersedes, CASE-150 4.)."""
    return case.hearing_notices.order_by("-given_at", "-id").first()


def hearing_of(notice: HearingNotice | None) -> Hearing | None:
    if notice is None:
        return None
    try:
        return notice.hearing
    except Hearing.DoesNotExist:
        return None


def request_deadline(notice: HearingNotice):
    """The party's period to ask for a hearing, with its explanation (calendar days, CAL-2)."""
    return deadline_explain(start=notice.given_at, amount=notice.request_days, unit=PeriodUnit.DAYS)


def request_stage(case: Case) -> penalty.StageClock | None:
    """The hearing-request clock of the penalty's stage table (CASE-149): from the notice for the
    party's N days; it ends with the party's answer, or when the period has passed."""
    notice = current_notice(case)
    if notice is None:
        return None
    now = clock.now()
    end = notice.answered_at or (notice.request_due if now > notice.request_due else None)
    return penalty.StageClock(
        key="hearing_request",
        label=_("听证告知（当事人要求听证期限）"),
        rule="CASE-149",
        start=notice.given_at,
        end=end,
        amount=notice.request_days,
        unit=PeriodUnit.DAYS,
        deadline=request_deadline(notice),
        note=_("当事人%(answer)s；期满前不得作出处罚决定（当事人已要求或放弃听证的除外）")
        % {"answer": notice.get_answer_display()},
    )


def _when(value, *, field: str, label: str) -> dt.datetime:
    if value in (None, ""):
        return clock.now()
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            raise InvalidInput(
                "bad_datetime", _("%(label)s格式不正确") % {"label": label}, field=field
            ) from None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        value = dt.datetime.combine(value, dt.time(9), tzinfo=clock.LOCAL_TZ)
    if value.tzinfo is None:
        value = value.replace(tzinfo=clock.LOCAL_TZ)
    if value > clock.now():
        raise InvalidInput("in_future", _("%(label)s不能晚于现在") % {"label": label}, field=field)
    return value


def _penalty_case(actor, case: Case) -> Case:
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    outcome_rules.ensure_open(case)
    if not penalty.is_penalty(case):
        raise Conflict("not_penalty", _("只有行政处罚案件需要听证告知"), rule="CASE-149")
    if case.status != CaseStatus.ACCEPTED:
        raise Conflict("not_filed", _("案件立案后、办结前才能办理听证告知和听证"), rule="CASE-149")
    if Decision.objects.filter(case=case).exists():
        raise Conflict("already_decided", _("已作出处罚决定，不能再告知听证权利或组织听证"), rule="CASE-149")
    return case


@transaction.atomic
def hearing_notice_give(
    *, actor, case: Case, measure: str, method: str, amount=None, measure_text: str = "", given_at=None
) -> HearingNotice:
    """Record that the party was told of the right to a hearing on the proposed penalty (CASE-149),
    by a lawful method; the party may ask within the configured days. A later notice (the proposed
    penalty changed) supersedes the earlier one. Audited ``cases.hearing_notice``."""
    case = _penalty_case(actor, case)
    measure = choice(measure, PenaltyMeasure, field="measure", label=_("拟处罚种类"))
    method = choice(method, ServiceMethod, field="method", label=_("告知方式"))
    measure_text = text(
        measure_text, field="measure_text", label=_("拟处罚内容"), max_length=300, required=False
    )
    if amount in (None, ""):
        amount = None
    else:
        try:
            amount = Decimal(str(amount))
        except InvalidOperation:
            raise InvalidInput("bad_amount", _("拟罚款金额格式不正确"), field="amount") from None
        if amount < 0:
            raise InvalidInput("bad_amount", _("拟罚款金额不能为负数"), field="amount")
    if measure in AMOUNT_MEASURES and amount is None:
        raise InvalidInput("amount_required", _("请填写拟罚款（没收）金额"), field="amount", rule="CASE-149")
    given_at = _when(given_at, field="given_at", label=_("告知时间"))
    filed = penalty._ended(list(case.tasks.all()), penalty.FILING_STEP)
    if filed is not None and given_at < filed.replace(second=0, microsecond=0):
        raise InvalidInput("given_before_filing", _("告知时间不能早于立案时间"), field="given_at")
    days = request_days()
    notice = HearingNotice.objects.create(
        case=case,
        measure=measure,
        amount=amount,
        measure_text=measure_text,
        method=method,
        given_at=given_at,
        request_days=days,
        request_due=deadline_due(start=given_at, amount=days, unit=PeriodUnit.DAYS),
        given_by=actor,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="cases.hearing_notice",
        target=notice,
        extra={"major": is_major_penalty(measure, amount, case.applicant_kind)},
    )
    return notice


@transaction.atomic
def hearing_answer(*, actor, case: Case, answer: str, answered_at=None, note: str = "") -> HearingNotice:
    """The party's answer to the notice (CASE-149): asks for a hearing within the period, or waives
    it. A request after the period is refused. Audited ``cases.hearing_answer``."""
    case = _penalty_case(actor, case)
    notice = current_notice(case)
    if notice is None:
        raise Conflict("no_hearing_notice", _("尚未告知当事人听证权利"), rule="CASE-149")
    if notice.answer != HearingAnswer.PENDING:
        raise Conflict(
            "already_answered",
            _("当事人已答复：%(answer)s") % {"answer": notice.get_answer_display()},
            rule="CASE-149",
        )
    answer = choice(answer, HearingAnswer, field="answer", label=_("当事人答复"))
    if answer == HearingAnswer.PENDING:
        raise InvalidInput("answer_required", _("请选择要求听证或放弃听证"), field="answer")
    note = text(note, field="note", label=_("答复说明"), max_length=2000, required=False)
    answered_at = _when(answered_at, field="answered_at", label=_("答复时间"))
    if answered_at < notice.given_at.replace(second=0, microsecond=0):
        raise InvalidInput("answered_before_notice", _("答复时间不能早于告知时间"), field="answered_at")
    if answer == HearingAnswer.REQUESTED and answered_at > notice.request_due:
        raise RuleViolated(
            "request_too_late",
            _("当事人要求听证的期限已于%(due)s届满，逾期提出的不予受理（CASE-149）")
            % {"due": f"{clock.local(notice.request_due):%Y-%m-%d}"},
            field="answered_at",
            rule="CASE-149",
        )
    notice.answer, notice.answered_at, notice.answer_note = answer, answered_at, note
    notice.save(update_fields=["answer", "answered_at", "answer_note", "updated_at"])
    audit_record(
        actor=actor, action="cases.hearing_answer", target=notice, note=note, extra={"answer": answer}
    )
    return notice


def _investigated_by(case: Case) -> set[int]:
    """People who investigated the case: the recorded officers and whoever did the step."""
    people = set(case.investigators.values_list("person_id", flat=True))
    users = [
        t.completed_by_id
        for t in case.tasks.all()
        if is_step(t, INVESTIGATION_STEP) and t.status == TaskStatus.DONE and t.completed_by_id
    ]
    people |= set(Person.objects.filter(user__in=users).values_list("pk", flat=True))
    return people


def chair_choices(case: Case) -> list[Person]:
    """Who may chair: people of the body holding a post now, the investigators of the case left out."""
    excluded = _investigated_by(case)
    return [
        p
        for p in Person.objects.filter(
            Q(unit__body=case.body_id) | Q(unit=case.body_id), deleted_at__isnull=True
        ).order_by("unit__path", "name")
        if p.pk not in excluded
    ]


@transaction.atomic
def hearing_record(
    *, actor, case: Case, chair, place: str, attendees: str, record: str, opinion: str, held_at=None
) -> Hearing:
    """Record the hearing the party asked for (CASE-150): organised and chaired by the body's office
    or legal function, not by the investigators; the transcript and the hearing opinion (听证会报告书)
    go to the leader in charge. Audited ``cases.hearing_record``."""
    case = _penalty_case(actor, case)
    notice = current_notice(case)
    if notice is None or notice.answer != HearingAnswer.REQUESTED:
        raise Conflict("no_hearing_request", _("当事人未要求听证，无需组织听证"), rule="CASE-150")
    if hearing_of(notice) is not None:
        raise Conflict("hearing_recorded", _("该听证已登记"), rule="CASE-150")
    try:
        chair_pk = int(getattr(chair, "pk", chair))
    except (TypeError, ValueError):
        raise InvalidInput("chair_required", _("请选择听证主持人"), field="chair") from None
    person = Person.objects.filter(pk=chair_pk, deleted_at__isnull=True).select_related("unit").first()
    if person is None or case.body_id not in (person.unit.body_id, person.unit_id):
        raise InvalidInput("chair_not_of_body", _("听证主持人须为本单位人员"), field="chair", rule="CASE-150")
    if person.pk in _investigated_by(case):
        raise RuleViolated(
            "chair_investigated",
            _("%(name)s参与了本案调查取证，不能主持听证；听证由办公室（法制机构）组织和主持（CASE-150）")
            % {"name": person.name},
            field="chair",
            rule="CASE-150",
        )
    place = text(place, field="place", label=_("听证地点"), max_length=200)
    attendees = text(attendees, field="attendees", label=_("参加人员"), max_length=2000)
    record = text(record, field="record", label=_("听证笔录"), max_length=20000)
    opinion = text(opinion, field="opinion", label=_("听证意见"), max_length=5000)
    held_at = _when(held_at, field="held_at", label=_("听证时间"))
    if held_at < notice.answered_at.replace(second=0, microsecond=0):
        raise InvalidInput("held_before_request", _("听证时间不能早于当事人要求听证的时间"), field="held_at")
    hearing = Hearing.objects.create(
        notice=notice,
        held_at=held_at,
        place=place,
        chair=person,
        attendees=attendees,
        record=record,
        opinion=opinion,
        recorded_by=actor,
        created_by=actor,
    )
    audit_record(actor=actor, action="cases.hearing_record", target=hearing, extra={"chair": person.pk})
    return hearing


def _check_decision(case: Case) -> None:
    """CASE-149/150 at the decision: a major penalty needs the notice, the party's period passed or
    answered, and the hearing held if asked for."""
    decision = Decision.objects.filter(case=case).first()
    notice = current_notice(case)
    major = penalty.step_done(list(case.tasks.all()), penalty.COLLECTIVE_STEP) or (
        decision is not None and is_major_penalty(decision.measure, decision.amount, case.applicant_kind)
    )
    if notice is None:
        if major:
            raise RuleViolated(
                "hearing_notice_required",
                _(
                    "拟作出重大行政处罚（责令停产停业、吊销许可证、较大数额罚款等），须先告知当事人有要求听证的权利（CASE-149）"
                ),
                rule="CASE-149",
            )
        return
    if notice.answer == HearingAnswer.PENDING and clock.now() <= notice.request_due:
        raise RuleViolated(
            "hearing_period_running",
            _(
                "当事人要求听证的期限至%(due)s届满，期满前不能作出处罚决定（当事人已要求或放弃听证的除外，CASE-149）"
            )
            % {"due": f"{clock.local(notice.request_due):%Y-%m-%d %H:%M}"},
            rule="CASE-149",
        )
    if notice.answer == HearingAnswer.REQUESTED and hearing_of(notice) is None:
        raise RuleViolated(
            "hearing_not_held",
            _("当事人已要求听证，须由办公室组织听证并登记听证笔录后才能作出处罚决定（CASE-150）"),
            rule="CASE-150",
        )


# --- The hook in cases.services.task_complete ------------------------------------------------------------


def check_step(*, case: Case, task: CaseTask, data: dict, investigators, actor, deciding: bool) -> None:
    """The penalty rules of the step being done (inside its transaction, before the flowchart moves)."""
    if not penalty.is_penalty(case):
        if investigators:
            raise InvalidInput(
                "not_investigation", _("只有行政处罚案件的调查取证环节登记执法人员"), field="investigators"
            )
        return
    if is_step(task, INVESTIGATION_STEP):
        chosen = _investigators(case, task, investigators)
        Investigator.objects.bulk_create(
            [
                Investigator(case=case, task=task, person=p, post_id=post, created_by=actor)
                for p, post in chosen
            ]
        )
        audit_record(
            actor=actor,
            action="cases.investigators",
            target=task,
            extra={"investigators": [p.pk for p, _post in chosen]},
        )
        return
    if investigators:
        raise InvalidInput(
            "not_investigation",
            _("只有调查取证环节登记调查取证执法人员"),
            field="investigators",
            rule="CASE-147",
        )
    if is_step(task, NOTIFY_STEP) and data.get("major") and current_notice(case) is None:
        raise RuleViolated(
            "hearing_notice_required",
            _("重大案件须先告知当事人有要求听证的权利并登记听证告知（CASE-149）"),
            rule="CASE-149",
        )
    if is_step(task, DELIVER_STEP) and not Delivery.objects.filter(case=case).exists():
        raise RuleViolated(
            "delivery_required",
            _("请先登记行政处罚决定书的送达情况（送达方式、受送达人、送达时间），再办理送达环节（CASE-153）"),
            rule="CASE-153",
        )
    if deciding:
        _check_decision(case)
