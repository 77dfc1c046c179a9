"""The decision at the deciding step (issue #6 §1) and discretion (§4): CASE-33, CASE-143, CASE-153,
CAT-127/128, OUT-1, CASE-156."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sunshine.cases import signals
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Decision, DecisionChange
from sunshine.cases.outcome import decisions, rules
from sunshine.cases.outcome.tests.helpers import penalty_version, permit_version, register, to_decision
from sunshine.catalog.models import DiscretionTier
from sunshine.core.errors import Conflict, InvalidInput, NotPermitted
from sunshine.core.models import AuditRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def permit(clerk, department, legal_reviewer, inspector, leader):
    return permit_version(clerk, department, legal_reviewer, inspector, leader)


@pytest.fixture
def penalty(clerk, department, legal_reviewer, inspector, leader):
    return penalty_version(clerk, department, legal_reviewer, inspector, leader)


@pytest.fixture
def heard():
    """Signals sent, by name."""
    got: dict[str, list] = {"recorded": [], "changed": [], "refused": []}

    def on(name):
        def receiver(sender, **kwargs):
            got[name].append(kwargs)

        return receiver

    receivers = [
        (signals.decision_recorded, on("recorded")),
        (signals.decision_changed, on("changed")),
        (signals.case_refused, on("refused")),
    ]
    for signal, receiver in receivers:
        signal.connect(receiver)
    yield got
    for signal, receiver in receivers:
        signal.disconnect(receiver)


def tiers(version):
    return {t.grade: t for t in DiscretionTier.objects.filter(benchmark__version=version)}


def test_the_deciding_step_is_recognised_in_both_templates(clerk, permit, penalty):
    for version, name in ((permit, "作出决定"), (penalty, "作出处罚决定")):
        task = to_decision(clerk, register(clerk, version))
        assert task.name == name
        assert rules.is_decision_step(version.flowchart.xml, task.element_id)
    assert not rules.is_decision_step(permit.flowchart.xml, "Task_review")


def test_an_approval_is_recorded_by_the_deciding_step_and_moves_the_case_on(clerk, permit, heard):
    case = register(clerk, permit)
    task = to_decision(clerk, case)
    decision = decisions.decision_record(
        actor=clerk, task=task, kind="approve", reasons="条件符合", legal_basis="烟花爆竹安全管理条例第十九条"
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    assert decision.rights == ""  # an approval states no appeal
    assert case.tasks.get(status=TaskStatus.OPEN).name == "送达"
    assert heard["recorded"][0]["out_of_range"] is False
    assert AuditRecord.objects.filter(action="cases.decision_record").count() == 1


def test_a_refusal_states_reasons_and_the_rights_CASE_33(clerk, permit, heard):
    task = to_decision(clerk, register(clerk, permit))
    with pytest.raises(InvalidInput) as error:
        decisions.decision_record(actor=clerk, task=task, kind="refuse", reasons=" ", legal_basis="条例")
    assert error.value.field == "reasons"
    decision = decisions.decision_record(
        actor=clerk, task=task, kind="refuse", reasons="零售点距学校不足50米", legal_basis="条例第十九条"
    )
    assert "行政复议" in decision.rights
    assert "行政诉讼" in decision.rights
    assert "60日" in decision.rights
    assert "6个月" in decision.rights
    assert heard["refused"], "a refusal by decision is a case_refused event"


def test_a_permit_cannot_be_decided_as_a_penalty(clerk, permit):
    task = to_decision(clerk, register(clerk, permit))
    with pytest.raises(InvalidInput) as error:
        decisions.decision_record(actor=clerk, task=task, kind="penalty", reasons="x", legal_basis="y")
    assert error.value.field == "kind"
    assert not Decision.objects.exists()


def test_only_the_deciding_step_records_a_decision(clerk, permit):
    case = register(clerk, permit)
    first = case.tasks.get()
    with pytest.raises(Conflict) as error:
        decisions.decision_record(actor=clerk, task=first, kind="approve", reasons="x", legal_basis="y")
    assert error.value.code == "not_decision_step"


def test_a_penalty_states_its_tier_CASE_143(clerk, penalty, heard):
    task = to_decision(clerk, register(clerk, penalty, subject="未按规定储存烟花爆竹"))
    base = {"kind": "penalty", "measure": "fine", "reasons": "储存超量", "legal_basis": "条例第三十六条"}
    with pytest.raises(InvalidInput) as error:
        decisions.decision_record(actor=clerk, task=task, amount="2000", **base)
    assert (error.value.field, error.value.rule) == ("tier", "CASE-143")
    with pytest.raises(InvalidInput) as error:
        decisions.decision_record(actor=clerk, task=task, tier=tiers(penalty)["轻微"].pk, **base)
    assert error.value.field == "amount"
    decision = decisions.decision_record(
        actor=clerk, task=task, amount="3000", tier=tiers(penalty)["轻微"], **base
    )  # the upper bound is inside the range (以下 includes it)
    assert decision.amount == Decimal("3000.00")
    assert decision.out_of_range is False
    assert heard["recorded"][0]["out_of_range"] is False
    assert "行政复议" in decision.rights


def test_an_amount_outside_the_tier_needs_a_reason_and_is_flagged_CAT_128(clerk, penalty, heard):
    task = to_decision(clerk, register(clerk, penalty))
    base = {
        "kind": "penalty",
        "measure": "fine",
        "reasons": "储存超量",
        "legal_basis": "条例第三十六条",
        "tier": tiers(penalty)["轻微"].pk,
        "amount": "5000.00",
    }
    with pytest.raises(InvalidInput) as error:
        decisions.decision_record(actor=clerk, task=task, **base)
    assert (error.value.field, error.value.rule) == ("range_reason", "CAT-128")
    assert "5000.00元超出“轻微”档次的幅度（1000.00—3000.00元）" in str(error.value.message)
    assert not Decision.objects.exists()
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN  # the refusal left the step as it was
    decision = decisions.decision_record(
        actor=clerk, task=task, range_reason="拒不配合调查，情节恶劣", **base
    )
    assert decision.out_of_range is True
    assert heard["recorded"][0]["out_of_range"] is True


def test_a_measure_the_tier_does_not_name_is_out_of_range(clerk, penalty):
    tier = tiers(penalty)["轻微"]
    assert decisions._outside(tier, "suspend_business", None, "责令停产停业整顿一个月")
    assert decisions._outside(tier, "fine", Decimal("1000"), "") == ""
    tier.measure = "警告"
    assert decisions._outside(tier, "warning", None, "") == ""


def test_a_decision_is_made_once(clerk, permit):
    task = to_decision(clerk, register(clerk, permit))
    decisions.decision_record(actor=clerk, task=task, kind="approve", reasons="x", legal_basis="y")
    with pytest.raises(Conflict):
        decisions.decision_record(actor=clerk, task=task, kind="refuse", reasons="x", legal_basis="y")


def test_changing_a_decision_needs_the_permission_and_a_reason_and_keeps_before_and_after(
    clerk, leader, penalty, heard
):
    task = to_decision(clerk, register(clerk, penalty))
    tier = tiers(penalty)["轻微"]
    decision = decisions.decision_record(
        actor=clerk,
        task=task,
        kind="penalty",
        measure="fine",
        amount="2000",
        tier=tier,
        reasons="储存超量",
        legal_basis="条例",
    )
    fields = {
        "measure": "fine",
        "amount": "2500",
        "tier": tier.pk,
        "reasons": "储存超量",
        "legal_basis": "条例",
    }
    with pytest.raises(NotPermitted):
        decisions.decision_change(actor=clerk, decision=decision, reason="复核", **fields)
    with pytest.raises(InvalidInput) as error:
        decisions.decision_change(actor=leader, decision=decision, reason="", **fields)
    assert error.value.field == "reason"
    with pytest.raises(Conflict):
        decisions.decision_change(
            actor=leader, decision=decision, reason="复核", expected_version=decision.version + 1, **fields
        )
    changed = decisions.decision_change(
        actor=leader, decision=decision, reason="陈述申辩后减轻", expected_version=decision.version, **fields
    )
    assert changed.amount == Decimal("2500.00")
    change = DecisionChange.objects.get()
    assert (change.before["amount"], change.after["amount"]) == ("2000.00", "2500.00")
    assert heard["changed"][0]["before"]["amount"] == "2000.00"
    assert AuditRecord.objects.filter(action="cases.decision_change").exists()


def test_a_gateway_over_decision_marks_the_deciding_step_and_takes_its_way_out():
    """The convention of docs/decisions/0007: the step before a gateway on ``decision`` decides, and
    the way out follows from the decision (the gateway's default when no flow names it)."""
    from pathlib import Path

    import sunshine.flows.engine as engine

    xml = (Path(engine.__file__).parent / "templates" / "permit.bpmn").read_text(encoding="utf-8")
    xml = xml.replace(">major</bpmn:conditionExpression>", '>decision == "refuse"</bpmn:conditionExpression>')
    xml = xml.replace("Task_decide", "Task_final")  # no step keeps the templates' deciding id
    assert rules.is_decision_step(xml, "Task_check")
    assert not rules.is_decision_step(xml, "Task_final")
    assert rules.decision_choice(xml, "Task_check", "refuse") == "是"
    assert rules.decision_choice(xml, "Task_check", "approve") == "否"  # the default way out
