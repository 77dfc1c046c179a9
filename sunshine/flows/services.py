"""Saving a power version's flowchart (制权: CAT-6, CAT-121). The diagram must parse; whether it
is complete is checked before publication (catalog.services.checks)."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.catalog.models import PowerVersion
from sunshine.catalog.services.items import require_editable
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission
from sunshine.core.services import versioned_update
from sunshine.flows import engine
from sunshine.flows.models import Flowchart


def _read(xml: str) -> tuple[list[dict], list[str]]:
    """The steps and lanes of a diagram, or the parse error on the ``xml`` field."""
    if not (xml or "").strip():
        raise InvalidInput("flowchart_empty", _("请绘制流程图"), field="xml", rule="CAT-119")
    try:
        diagram = engine.parse(xml)
    except engine.BpmnError as error:
        raise InvalidInput(error.code, error.message, field="xml", rule="CAT-121") from None
    steps = [asdict(step) for step in diagram.steps]
    return steps, list(diagram.lanes)


@transaction.atomic
def flowchart_save(
    *, actor, version: PowerVersion, xml: str, expected_version: int | None = None, template: str = ""
) -> Flowchart:
    """Store the draft's diagram (the first time, or over the one it has: AUD-3 on ``expected_version``)."""
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    steps, lanes = _read(xml)
    flowchart = Flowchart.objects.filter(power_version=version).first()
    if flowchart is None:
        flowchart = Flowchart.objects.create(
            power_version=version, xml=xml, steps=steps, lanes=lanes, template=template, created_by=actor
        )
        audit_record(actor=actor, action="flows.flowchart_create", target=flowchart, label=str(version))
        return flowchart
    before = audit_snapshot(flowchart)
    versioned_update(
        flowchart,
        expected_version=flowchart.version if expected_version is None else expected_version,
        xml=xml,
        steps=steps,
        lanes=lanes,
    )
    # Risk points follow their step's name when it is renamed in the diagram.
    names = {step["element_id"]: step["name"] for step in steps}
    for point in version.risk_points.all():
        if point.step_id in names and point.step_name != names[point.step_id]:
            type(point).objects.filter(pk=point.pk).update(step_name=names[point.step_id])
    audit_record(
        actor=actor, action="flows.flowchart_update", target=flowchart, before=before, label=str(version)
    )
    return flowchart


def flowchart_from_template(*, actor, version: PowerVersion, template: str) -> Flowchart:
    """Start the draft's diagram from a built-in template (standard permit, standard penalty)."""
    if template not in engine.TEMPLATES:
        raise InvalidInput("unknown_template", _("没有该流程图模板"), field="template")
    return flowchart_save(actor=actor, version=version, xml=engine.template(template), template=template)
