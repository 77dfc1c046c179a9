"""Topics (议题) and their prerequisites.

Life of a topic::

    draft ──submit──▶ submitted ──office accepts──▶ ready ──agenda──▶ scheduled ──outcome──▶ adopted …
      ▲                   │                                                   └─▶ deferred / sent_back
      └──── returned ◀────┘ (reasons, DEC-216)

A topic cannot be submitted, accepted or scheduled while a prerequisite its kind needs in the
body's settings is missing (DEC-60, DEC-38, DEC-215, PUB-12). When the principal leader tries, the
attempt is recorded for the discipline office (八不准 二).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotFound, NotPermitted, RuleViolated
from sunshine.core.permissions import has_permission, require_permission
from sunshine.decisions import errors
from sunshine.decisions.choices import (
    ConsultationAnswer,
    ExpertStatus,
    LegalConclusion,
    Prerequisite,
    RiskLevel,
    TopicKind,
    TopicStatus,
)
from sunshine.decisions.models import (
    Consultation,
    Expert,
    ExpertArgumentation,
    ExpertConflict,
    ExpertOpinion,
    LegalityReview,
    PublicComment,
    PublicCommentEntry,
    ResearchReport,
    RiskAssessment,
    Topic,
)
from sunshine.decisions.services._common import (
    Restrained,
    body_of,
    choice,
    is_principal,
    locked,
    optional_text,
    records_refusals,
    save,
    text,
)
from sunshine.decisions.services.scope import classify, required_prerequisites, settings_for
from sunshine.workdays.services import add_working_days, deadline_due

EXPERT_MIN_YEARS = 10  # DEC-19 "一般从事本领域工作10年以上"
EDITABLE = (TopicStatus.DRAFT, TopicStatus.RETURNED, TopicStatus.SENT_BACK, TopicStatus.DEFERRED)
PREPARABLE = (*EDITABLE, TopicStatus.SUBMITTED, TopicStatus.READY)


# --- Proposing -------------------------------------------------------------------------------------


def _amount(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise InvalidInput(errors.BAD_AMOUNT, _("金额须为数字"), field="amount") from None
    if amount < 0 or amount >= Decimal("1e14"):
        raise InvalidInput(errors.BAD_AMOUNT, _("金额须为不小于零的数字"), field="amount")
    return amount.quantize(Decimal("0.01"))


@transaction.atomic
def topic_propose(
    *,
    actor,
    department,
    title: str,
    kind: str,
    background: str,
    draft_decision: str,
    responsible_leader,
    amount=None,
    alternatives: str = "",
    legal_basis: str = "",
    amends=None,
    source_ref: str = "",
) -> Topic:
    """Propose a topic (议题提出, DEC-210), classified on entry against the body's scope (DEC-3).

    ``amends``: the adopted decision (agenda item) this topic changes; a change goes through the
    whole procedure again (DEC-63, DEC-226)."""
    if department is None:
        raise InvalidInput(errors.REQUIRED, _("请选择提出科室"), field="department")
    require_permission(actor, "decisions.propose", department)
    body = body_of(department)
    settings = settings_for(body)
    title = text(title, "title", _("请填写议题名称"), limit=200)
    kind = choice(kind, TopicKind, "kind", _("请选择事项类别"))
    if kind not in settings.enabled_kinds:
        raise RuleViolated(
            errors.KIND_DISABLED,
            _("本单位未将“%(kind)s”列为三重一大事项") % {"kind": TopicKind(kind).label},
            field="kind",
            rule="DEC-3",
        )
    amount = _amount(amount)
    if kind in (TopicKind.PROJECT, TopicKind.FUNDS) and amount is None:
        raise InvalidInput(
            errors.REQUIRED, _("重大项目和大额资金须填写涉及金额"), field="amount", rule="DEC-3"
        )
    background = text(background, "background", _("请填写背景和理由"))
    draft_decision = text(draft_decision, "draft_decision", _("请填写决定（草案）"))
    from sunshine.decisions.services.evaluation import refuse_not_amendable

    refuse_not_amendable(amends, body.pk)
    if responsible_leader is None or not responsible_leader.is_active:
        raise InvalidInput(errors.REQUIRED, _("请选择分管领导"), field="responsible_leader", rule="DEC-52")
    topic = Topic.objects.create(
        body=body,
        department=department,
        title=title,
        kind=kind,
        is_major=classify(settings, kind, amount),
        amount=amount,
        background=background,
        draft_decision=draft_decision,
        alternatives=optional_text(alternatives, "alternatives"),
        legal_basis=optional_text(legal_basis, "legal_basis"),
        responsible_leader=responsible_leader,
        proposer=actor,
        amends=amends,
        source_ref=optional_text(source_ref, "source_ref", limit=100),
        created_by=actor,
    )
    audit_record(actor=actor, action="decisions.topic_propose", target=topic)
    return topic


# --- Completeness ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    key: str
    message: str
    rule: str


def _expert_missing(topic) -> str | None:
    for arg in topic.argumentations.all():
        if arg.opinions.exists():
            return None
    return _("缺少专家论证（至少一位专家的签名意见）")


def _consultation_missing(topic, today: dt.date) -> str | None:
    consultations = list(topic.consultations.all())
    if not consultations:
        return _("尚未书面征求有关方面意见")
    for c in consultations:
        if c.answer == ConsultationAnswer.PENDING and c.deadline >= today:
            return _("征求意见尚未到期且未全部答复")
        if c.answer == ConsultationAnswer.DISAGREE and not c.handling.strip():
            return _("不同意见须说明采纳情况和理由")
    return None


def _public_comment_missing(topic, today: dt.date) -> str | None:
    periods = list(topic.public_comments.all())
    if not periods:
        return _("尚未公开征求意见")
    for period in periods:
        if today > period.closes_on:
            if PublicCommentEntry.objects.filter(period=period, answer="").exists():
                return _("公众意见尚未全部答复")
            return None
    return _("公开征求意见期限尚未届满")


def missing_prerequisites(topic: Topic, *, today: dt.date | None = None) -> list[Missing]:
    """What the topic still lacks among the prerequisites its kind needs in the body's settings."""
    today = today or clock.today()
    settings = settings_for(topic.body)
    missing: list[Missing] = []
    for key in required_prerequisites(settings, topic.kind):
        reason = None
        rule = "DEC-60"
        if key == Prerequisite.RESEARCH and not topic.research.exists():
            reason = _("缺少调研报告")
        elif key == Prerequisite.ALTERNATIVES and not topic.alternatives.strip():
            reason = _("缺少比选方案")
        elif key == Prerequisite.EXPERT:
            reason = _expert_missing(topic)
        elif key == Prerequisite.LEGALITY:
            latest = topic.legality_reviews.order_by("-at", "-id").first()
            rule = "DEC-38"
            if latest is None:
                reason = _("未经法制机构合法性审查")
            elif latest.conclusion != LegalConclusion.PASSED:
                reason = _("合法性审查未通过")
        elif key == Prerequisite.RISK and not topic.risk_assessments.exists():
            reason = _("缺少风险评估")
        elif key == Prerequisite.CONSULTATION:
            reason = _consultation_missing(topic, today)
            rule = "DEC-215"
        elif key == Prerequisite.PUBLIC_COMMENT:
            reason = _public_comment_missing(topic, today)
            rule = "PUB-12"
        if reason:
            missing.append(Missing(key, str(reason), rule))
    return missing


def refuse_incomplete(topic: Topic, *, actor, action: str, meeting=None) -> None:
    """Refuse with the first missing prerequisite named; a refusal of the principal leader is a
    restraint recorded for the discipline office (DEC-60 八不准 二)."""
    missing = missing_prerequisites(topic)
    if not missing:
        return
    first = missing[0]
    message = _("议题“%(title)s”前置程序不全：%(items)s") % {
        "title": topic.title,
        "items": "；".join(m.message for m in missing),
    }
    if is_principal(actor, topic.body_id):
        raise Restrained(
            errors.PREREQUISITE_MISSING,
            message,
            field="topic",
            rule=first.rule,
            body_id=topic.body_id,
            topic=topic,
            meeting=meeting,
            action=action,
        )
    raise RuleViolated(errors.PREREQUISITE_MISSING, message, field="topic", rule=first.rule)


def _require_state(topic, allowed, verb: str) -> None:
    if topic.status not in allowed:
        raise Conflict(
            errors.WRONG_STATE,
            _("议题当前为“%(status)s”，不能%(verb)s")
            % {"status": TopicStatus(topic.status).label, "verb": verb},
            field="status",
        )


# --- Submission and the office's check (DEC-216) ----------------------------------------------------


@records_refusals
def topic_submit(*, actor, topic: Topic, expected_version: int | None = None) -> Topic:
    """Submit to the office (议题审核, DEC-216) once every prerequisite is there (DEC-60)."""
    require_permission(actor, "decisions.propose", topic)
    topic = locked(topic, expected_version)
    _require_state(topic, EDITABLE, _("提交"))
    refuse_incomplete(topic, actor=actor, action="decisions.topic_submit")
    before = audit_snapshot(topic)
    now = clock.now()
    topic.status = TopicStatus.SUBMITTED
    topic.submitted_at = now
    topic.check_due = deadline_due(start=now, amount=settings_for(topic.body).office_check_days, unit="days")
    topic.return_reason = ""
    save(topic, ["status", "submitted_at", "check_due", "return_reason"])
    audit_record(actor=actor, action="decisions.topic_submit", target=topic, before=before)
    return topic


@transaction.atomic
def topic_check(
    *, actor, topic: Topic, accept: bool, reason: str = "", expected_version: int | None = None
) -> Topic:
    """The office's completeness check (合规性审核, DEC-216): ready for an agenda, or returned."""
    require_permission(actor, "decisions.office", topic.body)
    topic = locked(topic, expected_version)
    _require_state(topic, (TopicStatus.SUBMITTED,), _("审核"))
    before = audit_snapshot(topic)
    if accept:
        refuse_incomplete(topic, actor=actor, action="decisions.topic_check")
        topic.status = TopicStatus.READY
    else:
        topic.return_reason = text(reason, "reason", _("退回须说明理由"), rule="DEC-216")
        topic.status = TopicStatus.RETURNED
    save(topic, ["status", "return_reason"])
    audit_record(actor=actor, action="decisions.topic_check", target=topic, before=before, note=reason)
    return topic


# --- Prerequisite records ----------------------------------------------------------------------------


def _preparing(actor, topic, perm: str = "decisions.prepare") -> Topic:
    require_permission(actor, perm, topic if perm != "decisions.legal_review" else topic.body)
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    _require_state(topic, PREPARABLE, _("补充前置材料"))
    return topic


def _touch(actor, topic, action: str, target) -> None:
    topic.version += 1
    topic.save(update_fields=["version", "updated_at"])
    audit_record(actor=actor, action=action, target=target, extra={"topic": topic.pk})


@transaction.atomic
def research_add(*, actor, topic: Topic, summary: str) -> ResearchReport:
    """调研报告 (DEC-29, DEC-48)."""
    topic = _preparing(actor, topic)
    report = ResearchReport.objects.create(
        topic=topic,
        summary=text(summary, "summary", _("请填写调研报告")),
        author=actor,
        at=clock.now(),
        created_by=actor,
    )
    _touch(actor, topic, "decisions.research_add", report)
    return report


@transaction.atomic
def expert_register(
    *,
    actor,
    body,
    name: str,
    field: str,
    title: str,
    senior_title: bool,
    years_in_field: int,
    organisation: str = "",
) -> Expert:
    """Put an expert on the body's register (专家库); the qualifications of DEC-19 are checked."""
    body = body_of(body)
    require_permission(actor, "decisions.prepare", body)
    name = text(name, "name", _("请填写专家姓名"), limit=50)
    if not senior_title:
        raise RuleViolated(
            errors.EXPERT_NOT_QUALIFIED,
            _("咨询专家须具有高级职称或相当水平"),
            field="senior_title",
            rule="DEC-19",
        )
    if not isinstance(years_in_field, int) or years_in_field < EXPERT_MIN_YEARS:
        raise RuleViolated(
            errors.EXPERT_NOT_QUALIFIED,
            _("咨询专家须从事本领域工作%(n)d年以上") % {"n": EXPERT_MIN_YEARS},
            field="years_in_field",
            rule="DEC-19",
        )
    expert = Expert.objects.create(
        body=body,
        name=name,
        field=text(field, "field", _("请填写专业领域"), limit=100),
        title=text(title, "title", _("请填写职称"), limit=50),
        senior_title=True,
        years_in_field=years_in_field,
        organisation=optional_text(organisation, "organisation", limit=100),
        created_by=actor,
    )
    audit_record(actor=actor, action="decisions.expert_register", target=expert)
    return expert


@transaction.atomic
def expert_revoke(*, actor, expert: Expert, reason: str) -> Expert:
    """取消咨询专家资格 (DEC-23)."""
    require_permission(actor, "decisions.prepare", expert.body)
    expert = locked(expert)
    before = audit_snapshot(expert)
    expert.status = ExpertStatus.REVOKED
    expert.revoke_reason = text(reason, "reason", _("请填写取消资格的原因"), rule="DEC-23", limit=300)
    save(expert, ["status", "revoke_reason"])
    audit_record(actor=actor, action="decisions.expert_revoke", target=expert, before=before)
    return expert


@transaction.atomic
def expert_conflict_declare(*, actor, topic: Topic, expert: Expert, reason: str) -> ExpertConflict:
    """An expert with a conflict of interest on the topic is excluded from its argumentation."""
    topic = _preparing(actor, topic)
    conflict, _created = ExpertConflict.objects.get_or_create(
        topic=topic,
        expert=expert,
        defaults={"reason": text(reason, "reason", _("请填写利害关系"), limit=300), "created_by": actor},
    )
    _touch(actor, topic, "decisions.expert_conflict", conflict)
    return conflict


@transaction.atomic
def argumentation_add(
    *, actor, topic: Topic, materials_sent_on: dt.date, session_on: dt.date, chair: str, summary: str = ""
) -> ExpertArgumentation:
    """专家论证 (DEC-16..DEC-18): the draft reached the experts at least the body's lead time
    (default 7 calendar days, 一周) before the session."""
    topic = _preparing(actor, topic)
    if materials_sent_on is None or session_on is None:
        raise InvalidInput(errors.REQUIRED, _("请填写材料送达日期和论证日期"), field="session_on")
    lead = settings_for(topic.body).expert_lead_days
    if (session_on - materials_sent_on).days < lead:
        raise RuleViolated(
            errors.EXPERT_LEAD_TIME,
            _("论证材料须于论证%(n)d日前送交专家，现仅提前%(d)d日")
            % {"n": lead, "d": (session_on - materials_sent_on).days},
            field="materials_sent_on",
            rule="DEC-16",
        )
    arg = ExpertArgumentation.objects.create(
        topic=topic,
        materials_sent_on=materials_sent_on,
        session_on=session_on,
        chair=text(chair, "chair", _("请填写论证主持人"), limit=50),
        summary=optional_text(summary, "summary"),
        created_by=actor,
    )
    _touch(actor, topic, "decisions.argumentation_add", arg)
    return arg


@transaction.atomic
def expert_opinion_add(
    *, actor, argumentation: ExpertArgumentation, expert: Expert, opinion: str, signed_on: dt.date
) -> ExpertOpinion:
    """One expert's signed opinion (DEC-21), from an active expert of the register (DEC-23) who
    has no conflict of interest on the topic."""
    topic = _preparing(actor, argumentation.topic)
    expert = Expert.objects.get(pk=expert.pk)  # its current status, not the caller's copy
    if expert.body_id != topic.body_id:
        raise InvalidInput("not_found", _("所选专家不在本单位专家库中"), field="expert")
    if expert.status != ExpertStatus.ACTIVE:
        raise RuleViolated(
            errors.EXPERT_REVOKED,
            _("%(name)s已被取消专家资格") % {"name": expert.name},
            field="expert",
            rule="DEC-23",
        )
    if ExpertConflict.objects.filter(topic=topic, expert=expert).exists():
        raise RuleViolated(
            errors.EXPERT_CONFLICT,
            _("%(name)s与本议题有利害关系，应当回避") % {"name": expert.name},
            field="expert",
            rule="DEC-19",
        )
    if signed_on is None:
        raise InvalidInput(errors.REQUIRED, _("专家意见须签名并注明日期"), field="signed_on", rule="DEC-21")
    item = ExpertOpinion.objects.create(
        argumentation=argumentation,
        expert=expert,
        opinion=text(opinion, "opinion", _("请填写专家论证意见")),
        signed_on=signed_on,
        created_by=actor,
    )
    _touch(actor, topic, "decisions.expert_opinion_add", item)
    return item


@transaction.atomic
def legality_review_record(
    *, actor, topic: Topic, basis: str, analysis: str, conclusion: str, suggestions: str = ""
) -> LegalityReview:
    """合法性审查 by the legal office only (DEC-32, DEC-36): a failed review keeps the topic off any
    agenda (DEC-38)."""
    if not has_permission(actor, "decisions.legal_review", topic.body):
        raise NotPermitted(errors.LEGAL_OFFICE_ONLY, _("合法性审查只能由法制机构人员作出"), rule="DEC-32")
    topic = _preparing(actor, topic, "decisions.legal_review")
    review = LegalityReview.objects.create(
        topic=topic,
        reviewer=actor,
        basis=text(basis, "basis", _("请填写法律政策依据"), rule="DEC-36"),
        analysis=text(analysis, "analysis", _("请填写合法性分析"), rule="DEC-36"),
        conclusion=choice(conclusion, LegalConclusion, "conclusion", _("请选择审查结论")),
        suggestions=optional_text(suggestions, "suggestions"),
        at=clock.now(),
        created_by=actor,
    )
    _touch(actor, topic, "decisions.legality_review", review)
    return review


@transaction.atomic
def risk_assessment_record(
    *,
    actor,
    topic: Topic,
    legality: str,
    reasonableness: str,
    feasibility: str,
    controllability: str,
    level: str,
    measures: str,
) -> RiskAssessment:
    """风险评估 (DEC-41, DEC-44): four dimensions, a level, and the measures."""
    topic = _preparing(actor, topic)
    assessment = RiskAssessment.objects.create(
        topic=topic,
        legality=text(legality, "legality", _("请评估合法性"), rule="DEC-41"),
        reasonableness=text(reasonableness, "reasonableness", _("请评估合理性"), rule="DEC-41"),
        feasibility=text(feasibility, "feasibility", _("请评估可行性"), rule="DEC-41"),
        controllability=text(controllability, "controllability", _("请评估可控性"), rule="DEC-41"),
        level=choice(level, RiskLevel, "level", _("请选择风险等级")),
        measures=text(measures, "measures", _("请填写防范化解措施"), rule="DEC-41"),
        assessor=actor,
        at=clock.now(),
        created_by=actor,
    )
    _touch(actor, topic, "decisions.risk_assessment", assessment)
    return assessment


@transaction.atomic
def consultation_request(*, actor, topic: Topic, consultee, deadline: dt.date) -> Consultation:
    """Ask a member or department in writing (议题协商, DEC-215); silence by the deadline = agreement."""
    topic = _preparing(actor, topic)
    if consultee is None:
        raise InvalidInput(errors.REQUIRED, _("请选择征求意见对象"), field="consultee")
    if deadline is None or deadline <= clock.today():
        raise InvalidInput(errors.DEADLINE_PAST, _("答复期限须晚于今天"), field="deadline", rule="DEC-215")
    if Consultation.objects.filter(topic=topic, consultee=consultee).exists():
        raise Conflict("duplicate", _("已向该人员征求过意见"), field="consultee")
    item = Consultation.objects.create(topic=topic, consultee=consultee, deadline=deadline, created_by=actor)
    _touch(actor, topic, "decisions.consultation_request", item)
    return item


@transaction.atomic
def consultation_answer(
    *, actor, consultation: Consultation, agree: bool, answer_text: str = ""
) -> Consultation:
    """The consultee's written answer, before the deadline (after it, silence already counts as
    agreement, DEC-215)."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if actor is None or actor.pk != consultation.consultee_id:
        raise NotPermitted("not_consultee", _("只有被征求意见的人员可以答复"))
    if consultation.answer != ConsultationAnswer.PENDING:
        raise Conflict(errors.WRONG_STATE, _("已答复，不能再次答复"))
    if clock.today() > consultation.deadline:
        raise RuleViolated(
            errors.DEADLINE_PAST, _("答复期限已过，逾期未反馈视为同意"), field="agree", rule="DEC-215"
        )
    before = audit_snapshot(consultation)
    consultation.answer = ConsultationAnswer.AGREE if agree else ConsultationAnswer.DISAGREE
    consultation.answer_text = (
        optional_text(answer_text, "answer_text")
        if agree
        else text(answer_text, "answer_text", _("不同意须写明意见"), rule="DEC-215")
    )
    consultation.answered_at = clock.now()
    save(consultation, ["answer", "answer_text", "answered_at"])
    audit_record(actor=actor, action="decisions.consultation_answer", target=consultation, before=before)
    return consultation


@transaction.atomic
def consultation_handle(*, actor, consultation: Consultation, handling: str) -> Consultation:
    """Say how a dissenting opinion was handled, with reasons if not adopted (DEC-215)."""
    _preparing(actor, consultation.topic)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    before = audit_snapshot(consultation)
    consultation.handling = text(handling, "handling", _("请说明采纳情况"), rule="DEC-215")
    save(consultation, ["handling"])
    audit_record(actor=actor, action="decisions.consultation_handle", target=consultation, before=before)
    return consultation


@transaction.atomic
def public_comment_open(
    *,
    actor,
    topic: Topic,
    published_on: dt.date,
    closes_on: dt.date,
    channel: str = "门户网站",
    on_portal: bool = True,
    document: str = "",
    explanation: str = "",
) -> PublicComment:
    """决策公开 (PUB-12): published for at least the body's minimum of working days (default 5):
    the period (published_on, closes_on] must hold that many working days. The text put out for
    comment is kept with the period (by default the topic's draft decision and background as they
    are now), so that later edits of the topic do not change what the public read."""
    topic = _preparing(actor, topic)
    if published_on is None or closes_on is None:
        raise InvalidInput(errors.REQUIRED, _("请填写公开日期和截止日期"), field="closes_on")
    minimum = settings_for(topic.body).public_comment_workdays
    earliest = add_working_days(date=published_on, n=minimum)
    if closes_on < earliest:
        raise RuleViolated(
            errors.COMMENT_TOO_SHORT,
            _("公开征求意见不少于%(n)d个工作日，截止日期不得早于%(date)s")
            % {"n": minimum, "date": earliest.isoformat()},
            field="closes_on",
            rule="PUB-12",
        )
    period = PublicComment.objects.create(
        topic=topic,
        published_on=published_on,
        closes_on=closes_on,
        channel=text(channel, "channel", _("请填写公开渠道"), limit=100),
        on_portal=bool(on_portal),
        document=optional_text(document, "document", limit=50000) or topic.draft_decision,
        explanation=optional_text(explanation, "explanation", limit=50000) or topic.background,
        created_by=actor,
    )
    _touch(actor, topic, "decisions.public_comment_open", period)
    return period


@transaction.atomic
def public_comment_entry_add(
    *, actor, period: PublicComment, text_: str, commenter: str = "", answer: str = ""
) -> PublicCommentEntry:
    """A comment received during the period, kept with its answer (PUB-12)."""
    topic = _preparing(actor, period.topic)
    entry = PublicCommentEntry.objects.create(
        period=period,
        commenter=optional_text(commenter, "commenter", limit=100),
        text=text(text_, "text", _("请填写意见内容")),
        answer=optional_text(answer, "answer"),
        created_by=actor,
    )
    if entry.answer:
        entry.answered_at = clock.now()
        entry.save(update_fields=["answered_at"])
    _touch(actor, topic, "decisions.public_comment_entry", entry)
    return entry


@transaction.atomic
def public_comment_answer(*, actor, entry: PublicCommentEntry, answer: str) -> PublicCommentEntry:
    topic = _preparing(actor, entry.period.topic)
    entry = PublicCommentEntry.objects.select_for_update().get(pk=entry.pk)
    before = audit_snapshot(entry)
    entry.answer = text(answer, "answer", _("请填写答复"), rule="PUB-12")
    entry.answered_at = clock.now()
    save(entry, ["answer", "answered_at"])
    audit_record(
        actor=actor,
        action="decisions.public_comment_answer",
        target=entry,
        before=before,
        extra={"topic": topic.pk},
    )
    return entry


def comment_window(period: PublicComment, today: dt.date | None = None) -> str:
    """Where ``today`` falls in the period: "before", "open" (published_on..closes_on, both days
    included) or "closed" (PUB-12)."""
    today = today or clock.today()
    if today < period.published_on:
        return "before"
    return "open" if today <= period.closes_on else "closed"


@transaction.atomic
def public_comment_submit(
    *, period: PublicComment, text_: str, commenter: str = "", contact: str = ""
) -> PublicCommentEntry:
    """A comment from the portal (PUB-12, DEC-14: anyone, no account): accepted only while the period
    is open and only for a period put on the portal of a live topic. The name and contact are kept
    for the staff who answer; the portal never shows them. Captcha and rate limit are the portal's
    (disclosure); this is the rule."""
    period = (
        PublicComment.objects.select_for_update()
        .select_related("topic")
        .filter(pk=period.pk, on_portal=True, topic__deleted_at__isnull=True)
        .first()
    )
    if period is None:
        raise NotFound(errors.NOT_FOUND, _("该征求意见不存在或未公开"))
    window = comment_window(period)
    if window == "before":
        raise RuleViolated(
            errors.COMMENT_NOT_OPEN,
            _("征求意见自%(date)s开始，届时方可提交意见") % {"date": period.published_on.isoformat()},
            field="text",
            rule="PUB-12",
        )
    if window == "closed":
        raise RuleViolated(
            errors.COMMENT_CLOSED,
            _("征求意见已于%(date)s截止，不再接收意见") % {"date": period.closes_on.isoformat()},
            field="text",
            rule="PUB-12",
        )
    entry = PublicCommentEntry.objects.create(
        period=period,
        commenter=optional_text(commenter, "commenter", limit=100),
        contact=optional_text(contact, "contact", limit=100),
        via_portal=True,
        text=text(text_, "text", _("请填写意见内容"), limit=5000),
    )
    audit_record(
        actor=None,
        action="decisions.public_comment_submit",
        target=entry,
        extra={"topic": period.topic_id, "period": period.pk},
    )
    return entry
