"""Cases driven to their deciding step, for the outcome's tests."""

from __future__ import annotations

from sunshine.cases import services
from sunshine.cases.choices import TaskStatus
from sunshine.cases.outcome import rules
from sunshine.catalog.choices import Category
from sunshine.catalog.tests.factories import published

PERMIT_CHOICES = {"受理审查": "受理", "审核": "否"}
PENALTY_CHOICES = {"重大案件？": "否"}


def permit_version(clerk, department, legal_reviewer, inspector, leader, *, public=True):
    version = published(clerk, department, legal_reviewer, inspector, leader)
    type(version).objects.filter(pk=version.pk).update(results_public=public)
    version.refresh_from_db()
    return version


def penalty_version(clerk, department, legal_reviewer, inspector, leader, *, public=True):
    version = published(
        clerk,
        department,
        legal_reviewer,
        inspector,
        leader,
        code="CF-001",
        name="对未按规定储存烟花爆竹的处罚",
        category=Category.PENALTY,
    )
    type(version).objects.filter(pk=version.pk).update(results_public=public)
    version.refresh_from_db()
    return version


def register(actor, version, **kwargs):
    names = [m.name for m in version.materials.all()]
    fields = {
        "subject": "申请烟花爆竹零售经营许可",
        "applicant_kind": "organisation",
        "applicant_name": "示范县红星烟花店",
        "applicant_contact": "13800000000",
        "received": names,
    }
    return services.case_register(actor=actor, version=version, **{**fields, **kwargs})


def open_task(case):
    return case.tasks.filter(status=TaskStatus.OPEN).first()


def to_decision(actor, case):
    """Do every step before the deciding one (the usual way out at each gateway); the decision task."""
    xml = case.power_version.flowchart.xml
    for _ in range(20):
        task = open_task(case)
        if rules.is_decision_step(xml, task.element_id):
            return task
        choice = {**PERMIT_CHOICES}.get(task.name, "")
        if not choice:
            from sunshine.flows.engine import executor

            options = executor.options_after(xml, task.element_id)
            choice = next((o.label for o in options if o.label == "否"), options[0].label if options else "")
        services.task_complete(
            actor=actor,
            task=task,
            opinion="同意",
            choice=choice,
            investigators=investigators(case, task, actor),
        )
        case.refresh_from_db()
    raise AssertionError("no deciding step reached")


def investigators(case, task, actor) -> list[int]:
    """Two enforcement officers at a penalty case's 调查取证 step (CASE-147), none elsewhere."""
    from sunshine.cases import penalty, penalty_steps
    from sunshine.cases.tests.officers import officers

    if penalty.is_penalty(case) and penalty_steps.is_step(task, penalty_steps.INVESTIGATION_STEP):
        return officers(case, task, actor)
    return []
