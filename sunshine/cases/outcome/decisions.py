"""Recording a decision at the deciding step, with its discretion check, and changing it later only
on the record (issue #6 §1, §4).

Discretion (CAT-127/128, CASE-143): a penalty states a tier of the pinned version's benchmark; an
amount outside the tier's range (bounds included, DOMAIN "以上/以下"), or a measure the tier does not
name, needs a written reason and is flagged ``out_of_range``; oversight raises its alert from the
``decision_recorded`` / ``decision_changed`` signals (cases never imports oversight).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases import pinned, services, signals
from sunshine.cases.choices import TaskStatus
from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, CaseTask, Decision, DecisionChange
from sunshine.cases.outcome import documents, rules
from sunshine.cases.outcome.choices import DecisionKind, PenaltyMeasure
from sunshine.catalog.models import DiscretionTier
from sunshine.catalog.services._inputs import amount as amount_of
from sunshine.catalog.services._inputs import text
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted
from sunshine.core.permissions import require_permission

DECISION_FIELDS = [
    "kind",
    "measure",
    "measure_text",
    "amount",
    "tier",
    "out_of_range",
    "range_reason",
    "reasons",
    "legal_basis",
]


def tier_label(tier: DiscretionTier) -> str:
    parts = [tier.benchmark.violation, tier.grade, tier.band]
    return " · ".join(p for p in parts if p)


def tier_range(tier: DiscretionTier) -> str:
    if tier.min_amount is None and tier.max_amount is None:
        return tier.measure or _("未规定罚款幅度")
    low = f"{tier.min_amount:.2f}" if tier.min_amount is not None else "0.00"
    high = f"{tier.max_amount:.2f}" if tier.max_amount is not None else _("不限")
    money = _("%(low)s—%(high)s元") % {"low": low, "high": high}
    return f"{money}；{tier.measure}" if tier.measure else money


def version_tiers(version):
    return DiscretionTier.objects.filter(benchmark__version=version).select_related("benchmark")


def _outside(tier: DiscretionTier, measure: str, amount: Decimal | None, measure_text: str) -> str:
    """Why the penalty lies outside the tier (empty when inside)."""
    if amount is not None:
        if tier.min_amount is None and tier.max_amount is None:
            return _("该档次未规定罚款")
        if (tier.min_amount is not None and amount < tier.min_amount) or (
            tier.max_amount is not None and amount > tier.max_amount
        ):
            return _("罚款金额%(amount)s元超出“%(tier)s”档次的幅度（%(range)s）") % {
                "amount": f"{amount:.2f}",
                "tier": tier.grade,
                "range": tier_range(tier),
            }
    if measure and measure != PenaltyMeasure.FINE:
        label = str(PenaltyMeasure(measure).label)
        named = tier.measure or ""
        if label not in named and not (measure_text and measure_text in named):
            return _("处罚种类“%(measure)s”不在“%(tier)s”档次规定的措施（%(named)s）之内") % {
                "measure": label,
                "tier": tier.grade,
                "named": named or _("无"),
            }
    return ""


def clean_decision(case: Case, data: dict) -> dict:
    """The decision's fields checked against the pinned version (each refusal names its field)."""
    version = case.power_version
    kind = data.get("kind") or ""
    kinds = rules.allowed_kinds(version.category)
    if kind not in kinds:
        labels = "、".join(str(DecisionKind(k).label) for k in kinds)
        raise InvalidInput("kind_invalid", _("请选择决定：%(kinds)s") % {"kinds": labels}, field="kind")
    out = {
        "kind": kind,
        "reasons": text(data.get("reasons"), field="reasons", label=_("事实和理由"), max_length=5000),
        "legal_basis": text(
            data.get("legal_basis"), field="legal_basis", label=_("法律依据"), max_length=2000
        ),
        "measure": "",
        "measure_text": "",
        "amount": None,
        "tier": None,
        "out_of_range": False,
        "range_reason": "",
    }
    if kind != DecisionKind.PENALTY:
        return out
    measure = data.get("measure") or ""
    if measure not in PenaltyMeasure.values:
        raise InvalidInput("measure_required", _("请选择处罚种类"), field="measure")
    amount = amount_of(data.get("amount"), field="amount", label=_("罚款金额"))
    if measure == PenaltyMeasure.FINE and not amount:
        raise InvalidInput("amount_required", _("罚款须填写罚款金额（元）"), field="amount")
    measure_text = text(
        data.get("measure_text"),
        field="measure_text",
        label=_("处罚内容"),
        max_length=300,
        required=measure not in (PenaltyMeasure.FINE, PenaltyMeasure.WARNING),
    )
    tiers = {t.pk: t for t in version_tiers(version)}
    tier = data.get("tier")
    tier_id = getattr(tier, "pk", tier)
    try:
        tier = tiers.get(int(tier_id)) if tier_id not in (None, "") else None
    except (TypeError, ValueError):
        tier = None
    if tiers and tier is None:
        raise InvalidInput(
            "tier_required", _("请选择适用的裁量档次（违法情节）"), field="tier", rule="CASE-143"
        )
    outside = _outside(tier, measure, amount, measure_text) if tier is not None else ""
    reason = text(
        data.get("range_reason"),
        field="range_reason",
        label=_("超出裁量幅度的理由"),
        max_length=2000,
        required=False,
    )
    if outside and not reason:
        raise InvalidInput(
            "range_reason_required",
            _("%(why)s，须填写超出裁量幅度的理由") % {"why": outside},
            field="range_reason",
            rule="CAT-128",
        )
    out.update(
        measure=measure,
        measure_text=measure_text,
        amount=amount,
        tier=tier,
        out_of_range=bool(outside),
        range_reason=reason if outside else "",
    )
    return out


@transaction.atomic
def decision_record(*, actor, task: CaseTask, opinion: str = "", files=(), **data) -> Decision:
    """Decide at the deciding step (作出决定): the decision is recorded and the step done in one
    transaction (services.task_complete), with the files attached to the step; a refusal states its
    reasons and the applicant's rights (CASE-33, CASE-153)."""
    require_permission(actor, "cases.handle", task)
    case = lock_case(task.case_id)
    rules.ensure_open(case)
    task = CaseTask.objects.get(pk=task.pk)
    xml = pinned.xml(case)
    if not rules.is_decision_step(xml, task.element_id):
        raise Conflict("not_decision_step", _("“%(step)s”不是决定环节") % {"step": task.name})
    if task.status != TaskStatus.OPEN:
        raise Conflict("task_already_done", _("该环节已办理，无需重复办理"), rule="AUD-3")
    if not services.may_handle(actor, task):
        raise NotPermitted(
            "not_your_post", _("该环节由“%(lane)s”岗位办理，您不在该岗位") % {"lane": task.lane or task.name}
        )
    if Decision.objects.filter(case=case).exists():
        raise Conflict("decision_exists", _("该办件已作出决定；如需修改，请办理决定变更"), rule="OUT-1")
    fields = clean_decision(case, data)
    uploads = documents.check_files(files)
    now = clock.now()
    decision = Decision.objects.create(
        case=case,
        task=task,
        rights=rules.rights_statement(fields["kind"]),
        decided_by=actor,
        decided_at=now,
        created_by=actor,
        **fields,
    )
    choice = rules.decision_choice(xml, task.element_id, fields["kind"])
    services.task_complete(actor=actor, task=task, opinion=opinion, choice=choice)
    documents.attach(actor=actor, case=case, task=task, uploads=uploads)
    audit_record(actor=actor, action="cases.decision_record", target=decision)
    signals.decision_recorded.send(
        sender=Case, case=case, task=task, actor=actor, decision=decision, out_of_range=decision.out_of_range
    )
    if decision.kind == DecisionKind.REFUSE:
        signals.case_refused.send(sender=Case, case=case, actor=actor)
    return decision


def decision_facts(decision: Decision) -> dict:
    snap = audit_snapshot(decision, fields=DECISION_FIELDS)
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in snap.items()}


@transaction.atomic
def decision_change(*, actor, decision: Decision, reason: str, expected_version: int | None = None, **data):
    """Alter a decision already made (决定变更, OUT-1): only with the permission to change decisions,
    a written reason, before and after kept; oversight is told (``decision_changed``)."""
    require_permission(actor, "cases.change_decision", decision)
    case = lock_case(decision.case_id)
    rules.ensure_open(case)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if expected_version is not None and decision.version != expected_version:
        raise Conflict("stale", _("该决定已被他人变更，请刷新后重试"), rule="AUD-3")
    reason = text(reason, field="reason", label=_("变更理由"), max_length=2000)
    fields = clean_decision(case, {**data, "kind": data.get("kind") or decision.kind})
    before = decision_facts(decision)
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.rights = rules.rights_statement(decision.kind)
    after = decision_facts(decision)
    if after == before:
        raise InvalidInput("unchanged", _("决定内容没有变化"), field="reasons")
    decision.version += 1
    decision.save()
    DecisionChange.objects.create(
        decision=decision, before=before, after=after, reason=reason, changed_by=actor, changed_at=clock.now()
    )
    audit_record(
        actor=actor,
        action="cases.decision_change",
        target=decision,
        before=before,
        after=after,
        note=reason,
    )
    signals.decision_changed.send(
        sender=Case, case=case, actor=actor, decision=decision, before=before, after=after
    )
    if decision.out_of_range and not before.get("out_of_range"):
        signals.decision_recorded.send(
            sender=Case, case=case, task=decision.task, actor=actor, decision=decision, out_of_range=True
        )
    return decision
