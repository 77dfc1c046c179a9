"""What a version lacks before it may be published: the seeds' elements of a catalogue entry and
of its flowchart (五个一 CAT-119; CAT-108, CAT-121/122, CAT-127, SUP-132), each named."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from sunshine.catalog.choices import Category, ResponsibleRole
from sunshine.catalog.models import PowerVersion


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    rule: str | None = None
    element_id: str | None = None

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "message": str(self.message),
            "rule": self.rule,
            "element_id": self.element_id,
        }


def flow_context(version: PowerVersion) -> dict:
    """What the flowchart validation needs from the catalogue entry (CAT-121, CAT-122)."""
    return {
        "conditions": version.conditions,
        "materials": [m.name for m in version.materials.all()],
        "counterpart_rights": version.counterpart_rights,
        "complaint_channel": version.complaint_channel,
        "risk_step_ids": {p.step_id for p in version.risk_points.all()},
    }


def entry_problems(version: PowerVersion) -> list[Problem]:
    """What the catalogue entry itself lacks (the flowchart is checked by flowchart_problems)."""
    problems: list[Problem] = []
    if not version.legal_bases.exists():
        problems.append(Problem("no_legal_basis", _("缺少法律依据"), "CAT-108"))
    roles = set(version.responsibilities.values_list("role", flat=True))
    if ResponsibleRole.HANDLER not in roles:
        problems.append(Problem("no_handler", _("缺少承办岗位（责任岗位中的“承办”）"), "CAT-108"))
    if not version.statutory_limit and not version.promised_limit:
        problems.append(Problem("no_time_limit", _("缺少办理时限（法定时限或承诺时限）"), "CAT-108"))
    points = list(version.risk_points.prefetch_related("measures"))
    if not points:
        problems.append(Problem("no_risk_point", _("缺少廉政风险点（至少一个主要风险点）"), "CAT-119"))
    elif not any(p.is_main for p in points):
        problems.append(Problem("no_main_risk_point", _("未标明主要风险点"), "CAT-119"))
    for point in points:
        if not point.measures.all():
            problems.append(
                Problem(
                    "risk_point_without_measure",
                    _("风险点“%(step)s：%(text)s”没有防控措施")
                    % {"step": point.step_name or point.step_id, "text": point.description[:30]},
                    "SUP-132",
                    point.step_id,
                )
            )
    if version.category == Category.PENALTY and not version.benchmarks.exists():
        problems.append(Problem("no_discretion_benchmark", _("行政处罚事项缺少自由裁量基准"), "CAT-127"))
    return problems


def flowchart_problems(version: PowerVersion, *, run: bool = True) -> list[Problem]:
    """The flowchart's problems (flows.engine.validate), with the SpiffWorkflow test run to its end
    when ``run`` (a diagram that cannot be completed is refused: CAT-121)."""
    from sunshine.flows import engine

    flowchart = getattr(version, "flowchart", None)
    if flowchart is None:
        return [Problem("no_flowchart", _("缺少权力运行流程图"), "CAT-119")]
    problems = [
        Problem(p.code, p.message, "CAT-121", p.element_id)
        for p in engine.validate(flowchart.xml, context=flow_context(version), run=run)
    ]
    steps = {s["element_id"] for s in flowchart.steps}
    for point in version.risk_points.all():
        if point.step_id not in steps:
            message = _("风险点所在环节“%(id)s”已不在流程图中") % {"id": point.step_name or point.step_id}
            problems.append(Problem("risk_point_unknown_step", message, "CAT-121", point.step_id))
    return problems


def publication_problems(version: PowerVersion, *, run: bool = True) -> list[Problem]:
    """Everything that stops ``version`` being published; empty when it may be."""
    return entry_problems(version) + flowchart_problems(version, run=run)
