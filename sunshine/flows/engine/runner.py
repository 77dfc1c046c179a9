"""test_run(): drive a flowchart once from start to end with SpiffWorkflow.

SpiffWorkflow checks what the static checks of validate() cannot see, e.g. two branches of an exclusive
gateway joined by a parallel gateway (the join waits for ever).

How the test path is chosen, at each exclusive/inclusive gateway:

* without ``data`` (the default): the gateway's default flow if it has one and the run has not taken it
  yet, else the first outgoing flow (document order) not yet taken from this gateway whose condition is
  usable (allowed by conditions.py and not always false), else any usable one. Preferring untaken flows
  walks out of rework loops (补正 -> resubmit -> 受理审查) instead of going round them for ever.
* with ``data`` (a dict of case variables): conditions are evaluated over the data (conditions.py, never
  eval()); the first true one is taken, else the default flow. A loop whose data never changes ends at
  the step cap.

Every user/manual task that becomes ready is completed in turn. Script tasks are skipped (never executed)
and service tasks call nothing: a user's diagram never runs code here. SpiffWorkflow only ever sees
markers in place of gateway conditions; our engine below answers them.
"""

from __future__ import annotations

import copy
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from lxml import etree
from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from . import document
from .conditions import ConditionError, check_condition, evaluate_condition, is_constant_false, name_condition
from .document import bpmn
from .errors import BpmnError, ProblemCode, _
from .model import CONDITIONAL_GATEWAY_KINDS, Diagram, Flow, read, select_process

MAX_STEPS = 10_000
# SpiffWorkflow walks its task tree to a depth of 1000 only; a loop is reported long before that.
MAX_VISITS = 50
_MARKER = "@flow:"


@dataclass
class RunResult:
    ok: bool
    completed_steps: list[str]  # element ids in the order SpiffWorkflow completed them
    message: str  # Chinese, for people
    code: str = ""  # a ProblemCode when not ok
    element_id: str | None = None  # where the run failed, when known
    taken_flows: list[str] = field(default_factory=list)  # gateway flows chosen, in order


class _RunFailure(Exception):
    def __init__(self, code: ProblemCode, message: str, element_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.element_id = element_id


def effective_condition(flow: Flow) -> str | None:
    """The expression a gateway flow stands for: its conditionExpression, else its name, else None."""
    if flow.condition:
        return flow.condition
    if flow.name:
        return name_condition(flow.name)
    return None


def usable(flow: Flow) -> bool:
    """A non-default gateway flow the test path may take."""
    expression = effective_condition(flow)
    if expression is None or check_condition(expression) is not None:
        return False
    return not is_constant_false(expression)


class _TestEngine(PythonScriptEngine):
    """Answers gateway markers by the test path; evaluates any other expression safely; runs no code."""

    def __init__(self, diagram: Diagram, gateway_flows: dict[str, list[Flow]], data: dict | None) -> None:
        super().__init__()
        self.diagram = diagram
        self.gateway_flows = gateway_flows
        self.by_marker = {_MARKER + f.element_id: f for flows in gateway_flows.values() for f in flows}
        self.data = data
        self.decisions: dict[Any, set[str]] = {}
        self.taken: dict[str, list[str]] = {gateway: [] for gateway in gateway_flows}
        self.taken_flows: list[str] = []

    def evaluate(self, task, expression, external_context=None):
        flow = self.by_marker.get(expression)
        if flow is not None:
            return flow.element_id in self._decide(task)
        try:  # timers, loop conditions...: only the safe subset, over the task data
            return evaluate_condition(expression, task.data)
        except ConditionError as exc:
            raise _RunFailure(
                ProblemCode.RUN_ERROR,
                _("试运行无法计算表达式「{expr}」：{reason}").format(expr=expression, reason=exc),
                _element_of(task),
            ) from exc

    def execute(self, task, script, external_context=None):
        return True  # a test run never executes scripts from an uploaded diagram

    def call_service(self, task, **kwargs):
        return None

    def _decide(self, task) -> set[str]:
        if task.id in self.decisions:
            return self.decisions[task.id]
        gateway = _element_of(task)
        flows = self.gateway_flows[gateway]
        default = next((f for f in flows if f.is_default), None)
        conditional = [f for f in flows if not f.is_default]
        taken = self.taken[gateway]
        if self.data is not None:
            pick = [
                f for f in conditional if usable(f) and evaluate_condition(effective_condition(f), task.data)
            ]
            pick = pick[:1] or ([default] if default else [])
        elif default is not None and default.element_id not in taken:
            pick = [default]
        else:
            viable = [f for f in conditional if usable(f)]
            fresh = [f for f in viable if f.element_id not in taken]
            pick = fresh[:1] or ([default] if default else viable[:1])
        if not pick:
            step = self.diagram.step(gateway)
            label = step.label if step else gateway
            if self.data is not None:
                message = _("按给定数据，网关{label}的出口条件都不成立，且没有默认出口").format(label=label)
            else:
                message = _("网关{label}没有可走的出口：出口都没有有效的条件，也没有默认出口").format(
                    label=label
                )
            raise _RunFailure(ProblemCode.RUN_NO_PATH, message, gateway)
        for f in pick:
            taken.append(f.element_id)
            self.taken_flows.append(f.element_id)
        chosen = {f.element_id for f in pick if not f.is_default}
        self.decisions[task.id] = chosen
        return chosen


_ALIAS_PREFIX = "sunshine_"
# Attributes and elements that name a flow node; flow nodes get aliases in SpiffWorkflow's copy.
_NODE_REF_ATTRIBUTES = ("sourceRef", "targetRef", "default", "attachedToRef", "bpmnElement")


def _spiff_document(root: etree._Element, diagram: Diagram) -> tuple[etree._Element, dict[str, list[Flow]]]:
    """A copy of the document for SpiffWorkflow: our process executable, gateway conditions as markers,
    and every flow node id prefixed (SpiffWorkflow names its own task specs Start, End, Root and
    <process>.EndJoin, so a user's node called "Start" would otherwise collide with them)."""
    spiff_root = copy.deepcopy(root)
    process = next(p for p in spiff_root.iter(bpmn("process")) if p.get("id") == diagram.process_id)
    process.set("isExecutable", "true")
    node_ids = {s.element_id for s in diagram.steps}
    for el in spiff_root.iter(etree.Element):
        if el.get("id") in node_ids and el.getparent() is process:
            el.set("id", _ALIAS_PREFIX + el.get("id"))
        for attribute in _NODE_REF_ATTRIBUTES:
            if el.get(attribute) in node_ids:
                el.set(attribute, _ALIAS_PREFIX + el.get(attribute))
        if el.tag == bpmn("flowNodeRef") and (el.text or "").strip() in node_ids:
            el.text = _ALIAS_PREFIX + el.text.strip()
    gateways = {s.element_id for s in diagram.steps if s.kind in CONDITIONAL_GATEWAY_KINDS}
    gateway_flows: dict[str, list[Flow]] = {g: [] for g in gateways}
    elements = {el.get("id"): el for el in process.iter(bpmn("sequenceFlow"))}
    for flow in diagram.flows:
        if flow.source not in gateways:
            continue
        outgoing = diagram.outgoing(flow.source)
        if len(outgoing) == 1 and effective_condition(flow) is None:
            flow = replace(flow, is_default=True)  # an only, unlabelled exit: always taken
        gateway_flows[flow.source].append(flow)
        element = elements[flow.element_id]
        for old in element.findall(bpmn("conditionExpression")):
            element.remove(old)
        if not flow.is_default:
            marker = etree.SubElement(element, bpmn("conditionExpression"))
            marker.set(f"{{{document.XSI_NS}}}type", "bpmn:tFormalExpression")
            marker.text = _MARKER + flow.element_id
    return spiff_root, gateway_flows


# The name is the API's ("a test run"), not a pytest test; ruff's PT rules think otherwise.
def test_run(xml: bytes | str, *, data: dict | None = None, max_steps: int = MAX_STEPS) -> RunResult:  # noqa: PT028
    """Drive the flowchart once from start to end (see the module docstring). Never raises for bad input."""
    try:
        root = document.load(xml)
        process = select_process(root)
        diagram = read(root, process)
    except BpmnError as exc:
        return RunResult(False, [], exc.message, code=exc.code, element_id=exc.element_id)
    return run_diagram(root, diagram, data=data, max_steps=max_steps)


test_run.__test__ = False  # not a pytest test, though its name starts with test_


def run_diagram(
    root: etree._Element, diagram: Diagram, *, data: dict | None = None, max_steps: int = MAX_STEPS
) -> RunResult:
    """test_run() on an already loaded document (validate() uses it to parse only once)."""
    kinds = {s.element_id: s.kind for s in diagram.steps}
    spiff_root, gateway_flows = _spiff_document(root, diagram)
    # SpiffWorkflow raises many exception types on odd input; for a user's diagram each one is a finding.
    try:
        parser = BpmnParser()
        parser.add_bpmn_xml(spiff_root)
        spec = parser.get_spec(diagram.process_id)
        subprocess_specs = parser.get_subprocess_specs(diagram.process_id)
    except Exception as exc:
        return RunResult(
            False,
            [],
            _("流程引擎无法解析流程图：{detail}").format(detail=_short(exc)),
            code=ProblemCode.RUN_PARSE_FAILED,
            element_id=(getattr(exc, "id", None) or "").removeprefix(_ALIAS_PREFIX) or None,
        )

    engine = _TestEngine(diagram, gateway_flows, data)
    completed: list[str] = []
    visits: Counter[str] = Counter()
    count = 0

    def will_complete(task) -> None:
        nonlocal count
        count += 1
        if count > max_steps:
            raise _RunFailure(
                ProblemCode.RUN_STEP_LIMIT,
                _("试运行超过 {n} 步仍未结束，流程中可能有走不出去的循环").format(n=max_steps),
            )
        element_id = _element_of(task)
        if element_id in kinds:
            visits[element_id] += 1
            if visits[element_id] > MAX_VISITS:
                raise _RunFailure(
                    ProblemCode.RUN_STEP_LIMIT,
                    _("试运行中{label}已重复 {n} 次仍未结束，流程中可能有走不出去的循环").format(
                        label=_label(diagram, element_id), n=MAX_VISITS
                    ),
                    element_id,
                )

    def did_complete(task) -> None:
        element_id = _element_of(task)
        if element_id in kinds:
            completed.append(element_id)

    def fail(code: ProblemCode, message: str, element_id: str | None = None) -> RunResult:
        return RunResult(
            False, completed, message, code=code, element_id=element_id, taken_flows=engine.taken_flows
        )

    try:
        workflow = BpmnWorkflow(spec, subprocess_specs, script_engine=engine)
        if data:
            for task in workflow.get_tasks(state=TaskState.READY):
                task.data.update(data)
        workflow.do_engine_steps(will_complete, did_complete)
        while not workflow.is_completed():
            ready = [
                task
                for wf in (workflow, *workflow.subprocesses.values())
                for task in wf.get_tasks(state=TaskState.READY, manual=True)
            ]
            if not ready:
                waiting = [
                    _element_of(t)
                    for wf in (workflow, *workflow.subprocesses.values())
                    for t in wf.get_tasks(state=TaskState.WAITING | TaskState.STARTED)
                    if _element_of(t) in kinds
                ]
                where = waiting[0] if waiting else (completed[-1] if completed else None)
                return fail(
                    ProblemCode.RUN_STUCK,
                    _(
                        "试运行停在{label}：流程在等待永远不会到来的分支或事件"
                        "（例如排他网关分出的一条路径却在并行网关等待汇合）"
                    ).format(label=_label(diagram, where)),
                    where,
                )
            for task in ready:
                will_complete(task)
                task.run()
                did_complete(task)
            workflow.do_engine_steps(will_complete, did_complete)
    except _RunFailure as exc:
        return fail(exc.code, exc.message, exc.element_id)
    except Exception as exc:
        return fail(ProblemCode.RUN_ERROR, _("试运行出错：{detail}").format(detail=_short(exc)))

    if not any(kinds[e] == "endEvent" for e in completed):
        where = completed[-1] if completed else None
        return fail(
            ProblemCode.RUN_NO_END,
            _("试运行没有到达结束事件：流程在{label}处中断").format(label=_label(diagram, where)),
            where,
        )
    return RunResult(
        True,
        completed,
        _("试运行完成：从开始到结束共经过 {n} 个环节").format(n=len(completed)),
        taken_flows=engine.taken_flows,
    )


def _element_of(task) -> str | None:
    """The diagram element id of a SpiffWorkflow task; None for SpiffWorkflow's own (Start, End...)."""
    spiff_id = getattr(task.task_spec, "bpmn_id", None) or ""
    return spiff_id.removeprefix(_ALIAS_PREFIX) if spiff_id.startswith(_ALIAS_PREFIX) else None


def _label(diagram: Diagram, element_id: str | None) -> str:
    step = diagram.step(element_id) if element_id else None
    return step.label if step else f"({element_id or '?'})"


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."
