"""After a decision: changing it only by a new decision, and its tracking evaluation.

* A change (变更) of an adopted decision is a new topic that names the decision it changes
  (``Topic.amends``) and goes through the whole procedure again (DEC-63 八不准 五, DEC-226); the
  adopted topic's content can no longer be edited (:func:`topic_update` refuses).
* Tracking evaluation (跟踪评估, EXE-13..EXE-19, DEC-227): after a phase of implementation (at
  least one implementation task, EXE-15) the office or the implementing department writes the plan
  (who evaluates, purpose, criteria, methods, budget: EXE-14, EXE-17, EXE-18), then the report with
  its recommendation (EXE-19); the office records the collective's decision: continue, adjust,
  pause or terminate. One evaluation is open at a time; a decision may be evaluated again. A paused
  or terminated decision gets no new tasks; a terminated one no new evaluation.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.core.permissions import has_permission, require_permission
from sunshine.decisions import errors
from sunshine.decisions.choices import (
    DECIDED_STATUSES,
    EvaluationMethod,
    EvaluationResult,
    EvaluationStatus,
    Outcome,
    TopicStatus,
)
from sunshine.decisions.models import AgendaItem, Evaluation, Topic
from sunshine.decisions.services._common import (
    Restrained,
    choice,
    is_principal,
    locked,
    optional_text,
    records_refusals,
    save,
    text,
)

ADOPTED = (Outcome.ADOPTED, Outcome.ADOPTED_WITH_CHANGES)
STOPPED = (EvaluationResult.PAUSE, EvaluationResult.TERMINATE)
EDITABLE_FIELDS = ("title", "background", "draft_decision", "alternatives", "legal_basis", "amount")
EDITABLE = (TopicStatus.DRAFT, TopicStatus.RETURNED, TopicStatus.SENT_BACK, TopicStatus.DEFERRED)


def adopted_item(topic: Topic) -> AgendaItem | None:
    """The agenda item on which ``topic`` was adopted (its decision), if any."""
    return (
        topic.agenda_items.filter(outcome__in=ADOPTED)
        .select_related("meeting", "topic")
        .order_by("-id")
        .first()
    )


def changed_by(item: AgendaItem) -> list[Topic]:
    """The adopted topics that changed this decision (变更决定), oldest first."""
    return list(
        item.amendments.filter(status__in=(TopicStatus.ADOPTED, TopicStatus.ADOPTED_WITH_CHANGES)).order_by(
            "decided_at", "id"
        )
    )


def implementation_state(item: AgendaItem) -> str:
    """The result of the decision's latest concluded evaluation ('' while none): continue, adjust,
    pause or terminate (EXE-19)."""
    latest = item.evaluations.filter(status=EvaluationStatus.CONCLUDED).order_by("-seq").first()
    return latest.result if latest else ""


def refuse_stopped(item: AgendaItem) -> None:
    """A paused or terminated decision is not carried further (EXE-19, DEC-227)."""
    state = implementation_state(item)
    if state in STOPPED:
        raise RuleViolated(
            errors.IMPLEMENTATION_STOPPED,
            _("评估决定该决策“%(state)s”，不能再分解落实任务") % {"state": EvaluationResult(state).label},
            field="item",
            rule="EXE-19",
        )


# --- The content of a decided topic -------------------------------------------------------------------


@records_refusals
def topic_update(*, actor, topic: Topic, expected_version: int | None = None, **values) -> Topic:
    """Edit a topic's content while it is being prepared. Once decided, its content is the record
    of a collective decision: an edit is refused, a change needs a new decision (a change topic
    naming it, DEC-63 八不准 五, DEC-226); the principal leader's attempt is recorded."""
    require_permission(actor, "decisions.propose", topic)
    topic = locked(topic, expected_version)
    if topic.status in (*DECIDED_STATUSES, TopicStatus.SCHEDULED, TopicStatus.SUBMITTED, TopicStatus.READY):
        message = (
            _("已作出的集体决定不得个人修改；如需变更，请提出变更议题，经新的集体决定")
            if topic.status in DECIDED_STATUSES
            else _("议题已提交审核或列入议程，不能修改；请退回后再修改")
        )
        if topic.status in DECIDED_STATUSES and is_principal(actor, topic.body_id):
            raise Restrained(
                errors.DECIDED,
                message,
                field="status",
                rule="DEC-63",
                body_id=topic.body_id,
                topic=topic,
                action="decisions.topic_update",
            )
        raise RuleViolated(
            errors.DECIDED if topic.status in DECIDED_STATUSES else errors.WRONG_STATE,
            message,
            field="status",
            rule="DEC-63" if topic.status in DECIDED_STATUSES else None,
        )
    from sunshine.decisions.services.topics import _amount

    before = audit_snapshot(topic)
    changed = []
    for field in EDITABLE_FIELDS:
        if field not in values:
            continue
        value = values[field]
        if field == "amount":
            value = _amount(value)
        elif field in ("title", "background", "draft_decision"):
            value = text(value, field, _("此项不能为空"), limit=200 if field == "title" else 5000)
        else:
            value = optional_text(value, field)
        setattr(topic, field, value)
        changed.append(field)
    if changed:
        save(topic, changed)
        audit_record(actor=actor, action="decisions.topic_update", target=topic, before=before)
    return topic


# --- Tracking evaluation ---------------------------------------------------------------------------------


def _require_evaluator(actor, item: AgendaItem) -> None:
    """The office organises the evaluation; the implementing department evaluates its own work (EXE-14)."""
    if has_permission(actor, "decisions.prepare", item.topic):
        return
    require_permission(actor, "decisions.office", item.meeting)


@transaction.atomic
def evaluation_plan(*, actor, item: AgendaItem, evaluator: str, plan: str, methods: list[str]) -> Evaluation:
    """The evaluation plan (评估方案, EXE-17): who evaluates (EXE-14), purpose, criteria, budget, and
    one or more methods (EXE-18). Only for an adopted decision after a phase of implementation
    (EXE-15), one open evaluation at a time, none after termination."""
    item = AgendaItem.objects.select_for_update().select_related("topic", "meeting").get(pk=item.pk)
    _require_evaluator(actor, item)
    if item.outcome not in ADOPTED:
        raise RuleViolated(
            errors.NOT_ADOPTED, _("只有通过的决定才能进行跟踪评估"), field="item", rule="EXE-13"
        )
    if not item.implementation_tasks.exists():
        raise RuleViolated(
            errors.NOT_IMPLEMENTED,
            _("决定尚未分解落实任务；跟踪评估在阶段性实施完成后进行"),
            field="item",
            rule="EXE-15",
        )
    if item.evaluations.exclude(status=EvaluationStatus.CONCLUDED).exists():
        raise Conflict(errors.EVALUATION_OPEN, _("此决定已有一项评估尚未作出决定"), field="item")
    if implementation_state(item) == EvaluationResult.TERMINATE:
        raise RuleViolated(
            errors.IMPLEMENTATION_STOPPED, _("该决策已决定终止执行，不再评估"), field="item", rule="EXE-19"
        )
    methods = list(dict.fromkeys(methods or []))
    if not methods:
        raise InvalidInput(errors.REQUIRED, _("请至少选择一种评估方法"), field="methods", rule="EXE-18")
    for method in methods:
        choice(method, EvaluationMethod, "methods", _("评估方法无效"))
    seq = (item.evaluations.aggregate(m=Max("seq"))["m"] or 0) + 1
    evaluation = Evaluation.objects.create(
        item=item,
        seq=seq,
        evaluator=text(evaluator, "evaluator", _("请填写评估机构"), rule="EXE-14", limit=100),
        plan=text(plan, "plan", _("请填写评估方案（目的、标准、方法和经费）"), rule="EXE-17"),
        methods=[str(m) for m in methods],
        planned_by=actor,
        planned_at=clock.now(),
        created_by=actor,
    )
    audit_record(actor=actor, action="decisions.evaluation_plan", target=evaluation)
    return evaluation


@transaction.atomic
def evaluation_report(
    *, actor, evaluation: Evaluation, report: str, recommendation: str, expected_version: int | None = None
) -> Evaluation:
    """The evaluation report (评估报告, EXE-16, EXE-19): overall rating and its basis, problems and
    countermeasures, and a recommendation to continue, adjust, pause or terminate."""
    evaluation = locked(evaluation, expected_version)
    item = AgendaItem.objects.select_related("topic", "meeting").get(pk=evaluation.item_id)
    _require_evaluator(actor, item)
    if evaluation.status != EvaluationStatus.PLANNED:
        raise Conflict(errors.EVALUATION_STATE, _("评估报告已经提交"), field="status")
    before = audit_snapshot(evaluation)
    evaluation.report = text(report, "report", _("请填写评估报告"), rule="EXE-19")
    evaluation.recommendation = choice(
        recommendation, EvaluationResult, "recommendation", _("请选择继续、调整、暂缓或终止")
    )
    evaluation.status = EvaluationStatus.REPORTED
    evaluation.reported_by = actor
    evaluation.reported_at = clock.now()
    save(evaluation, ["report", "recommendation", "status", "reported_by", "reported_at"])
    audit_record(actor=actor, action="decisions.evaluation_report", target=evaluation, before=before)
    return evaluation


@transaction.atomic
def evaluation_conclude(
    *, actor, evaluation: Evaluation, result: str, basis: str, expected_version: int | None = None
) -> Evaluation:
    """Record the collective's decision on the report (EXE-19: 党组最终决定; DEC-227): continue,
    adjust, pause or terminate, with its basis (the meeting and the reasons). The office records
    it. An adjustment of the decision's content still needs a change topic (DEC-226)."""
    evaluation = locked(evaluation, expected_version)
    item = AgendaItem.objects.select_related("topic", "meeting").get(pk=evaluation.item_id)
    require_permission(actor, "decisions.office", item.meeting)
    if evaluation.status != EvaluationStatus.REPORTED:
        raise Conflict(
            errors.EVALUATION_STATE,
            _("评估报告提交后才能作出评估决定")
            if evaluation.status == EvaluationStatus.PLANNED
            else _("评估决定已经作出"),
            field="status",
            rule="EXE-19",
        )
    before = audit_snapshot(evaluation)
    evaluation.result = choice(result, EvaluationResult, "result", _("请选择继续、调整、暂缓或终止"))
    evaluation.result_basis = text(basis, "basis", _("请写明作出决定的会议和理由"), rule="EXE-19")
    evaluation.status = EvaluationStatus.CONCLUDED
    evaluation.concluded_by = actor
    evaluation.concluded_at = clock.now()
    save(evaluation, ["result", "result_basis", "status", "concluded_by", "concluded_at"])
    audit_record(actor=actor, action="decisions.evaluation_conclude", target=evaluation, before=before)
    return evaluation


def refuse_not_amendable(item: AgendaItem | None, body_id: int) -> None:
    """A change topic names an adopted decision of the same body (DEC-63, DEC-226)."""
    if item is None:
        return
    if item.meeting.body_id != body_id:
        raise InvalidInput("not_found", _("所变更的决定不在本单位"), field="amends")
    if item.outcome not in ADOPTED:
        raise RuleViolated(errors.NOT_ADOPTED, _("只能变更已通过的决定"), field="amends", rule="DEC-63")


__all__ = [
    "adopted_item",
    "changed_by",
    "evaluation_conclude",
    "evaluation_plan",
    "evaluation_report",
    "implementation_state",
    "refuse_not_amendable",
    "refuse_stopped",
    "topic_update",
]
