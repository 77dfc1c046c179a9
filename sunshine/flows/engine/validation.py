"""validate(): every element a power flowchart must have, each missing one named as its own Problem.

The seven elements of CAT-121 (003, 龙山发言 三) plus application conditions and materials (CAT-122):

1. conditions of the power ........... context["conditions"]           MISSING_CONDITIONS
   required materials ................ context["materials"]            MISSING_MATERIALS
2. handling post (承办岗位) ........... each human task in a named lane   TASK_NO_LANE
3. procedure and interfaces ........... start/end events, reachability, gateway conditions, the test run
4. time limit ......................... sunshine:timeLimit + timeUnit on each human task
5. supervision points (监察点) ........ a step with sunshine:supervision="true" or a risk point
                                        (context["risk_step_ids"] / context["risk_steps"])
6. rights of the counterparty ......... context["counterpart_rights"]   MISSING_COUNTERPART_RIGHTS
7. complaint/report channel ........... context["complaint_channel"]    MISSING_COMPLAINT_CHANNEL

Without ``context`` only the diagram is checked (the editor's live check); publishing must pass it.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import document
from .conditions import check_condition
from .errors import BpmnError, ProblemCode, _, gettext_noop
from .model import CONDITIONAL_GATEWAY_KINDS, GATEWAY_KINDS, TIME_UNITS, Diagram, Step, read, select_process
from .runner import effective_condition, run_diagram


@dataclass(frozen=True)
class Problem:
    code: str  # a ProblemCode
    message: str  # Chinese, naming the element by name and id
    element_id: str | None = None


CONTEXT_ITEMS: dict[str, tuple[ProblemCode, str]] = {
    "conditions": (ProblemCode.MISSING_CONDITIONS, gettext_noop("未写明行使职权的条件（申请条件）")),
    "materials": (ProblemCode.MISSING_MATERIALS, gettext_noop("未写明需要提交的材料")),
    "counterpart_rights": (
        ProblemCode.MISSING_COUNTERPART_RIGHTS,
        gettext_noop("未写明行政相对人的权利（陈述、申辩、听证、复议、诉讼等）"),
    ),
    "complaint_channel": (ProblemCode.MISSING_COMPLAINT_CHANNEL, gettext_noop("未写明投诉举报的渠道和方式")),
}

# Problems after which a SpiffWorkflow run would only repeat them.
_BLOCKS_TEST_RUN = frozenset(
    {
        ProblemCode.NO_START_EVENT,
        ProblemCode.NO_END_EVENT,
        ProblemCode.FLOW_BAD_REFERENCE,
        ProblemCode.NODE_MULTIPLE_OUTGOING,
        ProblemCode.NODE_UNREACHABLE,
        ProblemCode.NODE_DEAD_END,
        ProblemCode.GATEWAY_FLOW_NO_CONDITION,
        ProblemCode.GATEWAY_CONDITION_INVALID,
        ProblemCode.GATEWAY_DUPLICATE_CONDITION,
    }
)


def validate(
    xml: bytes | str, *, context: Mapping[str, Any] | None = None, run: bool = True
) -> list[Problem]:
    """All problems of a flowchart; an empty list means it may be published.

    Never raises for bad input: an unreadable file is one Problem with the BpmnError's code. When the
    structure is sound and ``run`` is true, the SpiffWorkflow test run (runner.test_run) is done too and
    a failure is one more Problem (codes ``run_*``).
    """
    try:
        root = document.load(xml)
        diagram = read(root, select_process(root))
    except BpmnError as exc:
        return [Problem(exc.code, exc.message, exc.element_id)]
    problems = diagram_problems(diagram)
    problems += supervision_problems(diagram, context or {})
    if context is not None:
        problems += context_problems(context)
    if run and not any(p.code in _BLOCKS_TEST_RUN for p in problems):
        result = run_diagram(root, diagram)
        if not result.ok:
            problems.append(Problem(result.code, result.message, result.element_id))
    return problems


def _what(step: Step) -> str:
    if step.kind in GATEWAY_KINDS:
        return _("网关")
    if step.kind.endswith("Event"):
        return _("事件")
    return _("环节")


def diagram_problems(diagram: Diagram) -> list[Problem]:
    problems: list[Problem] = []
    starts = [s.element_id for s in diagram.steps if s.kind == "startEvent"]
    ends = [s.element_id for s in diagram.steps if s.kind == "endEvent"]
    if not starts:
        problems.append(Problem(ProblemCode.NO_START_EVENT, _("流程图没有开始事件")))
    if not ends:
        problems.append(Problem(ProblemCode.NO_END_EVENT, _("流程图没有结束事件")))

    for step in diagram.steps:
        if step.is_human_task:
            problems += _task_problems(step)

    ids = {s.element_id for s in diagram.steps}
    for flow in diagram.flows:
        if flow.source not in ids or flow.target not in ids:
            problems.append(
                Problem(
                    ProblemCode.FLOW_BAD_REFERENCE,
                    _("连线{label}的起点或终点不在流程中").format(label=flow.label),
                    flow.element_id,
                )
            )

    for step in diagram.steps:
        if step.kind not in GATEWAY_KINDS and len(diagram.outgoing(step.element_id)) > 1:
            # Legal BPMN (an implicit parallel split), but unreadable on a public flowchart and refused
            # by SpiffWorkflow: branches go through a gateway.
            problems.append(
                Problem(
                    ProblemCode.NODE_MULTIPLE_OUTGOING,
                    _("{what}{label}有多条出口连线：分支请使用网关").format(
                        what=_what(step), label=step.label
                    ),
                    step.element_id,
                )
            )

    successors: dict[str, set[str]] = {i: set() for i in ids}
    for flow in diagram.flows:
        if flow.source in ids and flow.target in ids:
            successors[flow.source].add(flow.target)
    for step in diagram.steps:
        if step.attached_to in ids:  # a boundary event is entered from the activity it sits on
            successors[step.attached_to].add(step.element_id)
    predecessors: dict[str, set[str]] = {i: set() for i in ids}
    for source, targets in successors.items():
        for target in targets:
            predecessors[target].add(source)

    if starts:
        reached = _closure(starts, successors)
        for step in diagram.steps:
            if step.element_id not in reached:
                problems.append(
                    Problem(
                        ProblemCode.NODE_UNREACHABLE,
                        _("{what}{label}从开始事件无法到达").format(what=_what(step), label=step.label),
                        step.element_id,
                    )
                )
    if ends:
        finishing = _closure(ends, predecessors)
        for step in diagram.steps:
            if step.element_id not in finishing:
                problems.append(
                    Problem(
                        ProblemCode.NODE_DEAD_END,
                        _("{what}{label}走不到结束事件").format(what=_what(step), label=step.label),
                        step.element_id,
                    )
                )

    for step in diagram.steps:
        if step.kind in CONDITIONAL_GATEWAY_KINDS:
            problems += _gateway_problems(diagram, step)
    return problems


def _closure(roots: Iterable[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen = set(roots)
    queue = deque(seen)
    while queue:
        for nxt in edges[queue.popleft()]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _task_problems(step: Step) -> list[Problem]:
    problems = []
    label, element_id = step.label, step.element_id
    if not step.name:
        problems.append(
            Problem(ProblemCode.TASK_UNNAMED, _("环节{label}没有名称").format(label=label), element_id)
        )
    if not step.lane:
        problems.append(
            Problem(
                ProblemCode.TASK_NO_LANE,
                _("环节{label}没有承办岗位：请把它放进一个已命名的泳道").format(label=label),
                element_id,
            )
        )
    if not step.time_limit_text:
        problems.append(
            Problem(
                ProblemCode.TASK_NO_TIME_LIMIT, _("环节{label}没有办理时限").format(label=label), element_id
            )
        )
    elif step.time_limit is None:
        problems.append(
            Problem(
                ProblemCode.TASK_BAD_TIME_LIMIT,
                _("环节{label}的办理时限「{value}」不是正整数").format(
                    label=label, value=step.time_limit_text
                ),
                element_id,
            )
        )
    units = "、".join(_(u) for u in TIME_UNITS.values())
    if step.time_unit is None:
        if step.time_limit_text:
            problems.append(
                Problem(
                    ProblemCode.TASK_NO_TIME_UNIT,
                    _("环节{label}的办理时限没有单位（{units}）").format(label=label, units=units),
                    element_id,
                )
            )
    elif step.time_unit not in TIME_UNITS:
        problems.append(
            Problem(
                ProblemCode.TASK_BAD_TIME_UNIT,
                _("环节{label}的时限单位「{value}」无效，应为{units}").format(
                    label=label, value=step.time_unit, units=units
                ),
                element_id,
            )
        )
    if step.countersign_text and (step.kind != "userTask" or step.countersign is None):
        # TASK-7: 会签 (all) or 或签 (any), on a user task only (cases.actions.sign opens its signers)
        problems.append(
            Problem(
                ProblemCode.TASK_BAD_COUNTERSIGN,
                _(
                    "环节{label}的会签方式「{value}」无效：只有用户任务可以设为会签（all）或或签（any）"
                ).format(label=label, value=step.countersign_text),
                element_id,
            )
        )
    return problems


def _gateway_problems(diagram: Diagram, gateway: Step) -> list[Problem]:
    outgoing = diagram.outgoing(gateway.element_id)
    if len(outgoing) < 2:
        return []
    problems = []
    seen: Counter[str] = Counter()
    for flow in outgoing:
        if flow.is_default:
            continue
        expression = effective_condition(flow)
        if expression is None:
            problems.append(
                Problem(
                    ProblemCode.GATEWAY_FLOW_NO_CONDITION,
                    _(
                        "网关{gateway}的出口{flow}没有条件：请给连线命名（如“受理”）、填写条件表达式，或设为默认出口"
                    ).format(gateway=gateway.label, flow=flow.label),
                    flow.element_id,
                )
            )
            continue
        reason = check_condition(expression)
        if reason is not None:
            problems.append(
                Problem(
                    ProblemCode.GATEWAY_CONDITION_INVALID,
                    _("网关{gateway}的出口{flow}的条件无效：{reason}").format(
                        gateway=gateway.label, flow=flow.label, reason=reason
                    ),
                    flow.element_id,
                )
            )
        seen[" ".join(expression.split())] += 1
    for expression, n in seen.items():
        if n > 1:
            problems.append(
                Problem(
                    ProblemCode.GATEWAY_DUPLICATE_CONDITION,
                    _("网关{gateway}有 {n} 个出口使用相同的条件「{expr}」").format(
                        gateway=gateway.label, n=n, expr=expression
                    ),
                    gateway.element_id,
                )
            )
    return problems


def _risk_step_ids(context: Mapping[str, Any]) -> set[str]:
    ids = set(context.get("risk_step_ids") or ())
    ids |= set(context.get("risk_steps") or {})
    return {str(i) for i in ids}


def supervision_problems(diagram: Diagram, context: Mapping[str, Any]) -> list[Problem]:
    """At least one supervision point (监察点): a sunshine:supervision step or a step with a risk point."""
    problems = []
    ids = {s.element_id for s in diagram.steps}
    risk_ids = _risk_step_ids(context)
    for unknown in sorted(risk_ids - ids):
        problems.append(
            Problem(
                ProblemCode.RISK_STEP_UNKNOWN,
                _("风险点关联的环节({id})不在流程图中").format(id=unknown),
                unknown,
            )
        )
    if not any(s.supervision for s in diagram.steps) and not (risk_ids & ids):
        problems.append(
            Problem(
                ProblemCode.NO_SUPERVISION_POINT,
                _("流程图没有监察点：至少要有一个环节标为电子监察点，或关联了风险点"),
            )
        )
    return problems


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Mapping | list | tuple | set | frozenset):
        return not value
    return False


def context_problems(context: Mapping[str, Any]) -> list[Problem]:
    return [
        Problem(code, _(message))
        for key, (code, message) in CONTEXT_ITEMS.items()
        if _blank(context.get(key))
    ]
