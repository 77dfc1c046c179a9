"""Running a published flowchart for real, one case at a time: the state between steps is
SpiffWorkflow's own serialization, kept by the caller (cases.Case.workflow_state).

    start(xml, data) -> Progress                    the case's first ready steps
    complete(xml, state, task_id, data) -> Progress  one ready step done with its data, on to the next

Gateway conditions are answered as in test_run (runner.py): SpiffWorkflow sees markers, our safe
evaluator (conditions.py) reads the case data, and nothing from a diagram is ever executed. A step
that is not ready (already done by someone else, or never reached) is refused with StepNotReady and
the state is left as it was: the caller's transaction writes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from uuid import UUID

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnParser
from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine
from SpiffWorkflow.bpmn.serializer.default.workflow import WorkflowConverter
from SpiffWorkflow.bpmn.serializer.workflow import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from . import document
from .conditions import ConditionError, evaluate_condition
from .errors import BpmnError, ProblemCode, _
from .model import GATEWAY_KINDS, Diagram, read, select_process
from .runner import _MARKER, _element_of, _spiff_document, effective_condition

_SERIALIZER = BpmnWorkflowSerializer()
# The converter of whole workflows: its pieces are used below without the spec (see _dump, _restore).
_CONVERTER = _SERIALIZER.registry.convert_from_dict["BpmnWorkflow"].args[0].__self__
STATE_FORMAT = 1  # our state: SpiffWorkflow's workflow dictionary without its specs


class StepNotReady(Exception):
    """The step is not waiting to be done (done meanwhile by someone else, or not reached)."""


@dataclass(frozen=True)
class ReadyStep:
    task_id: str  # SpiffWorkflow's task id: what complete() is given
    element_id: str
    name: str
    lane: str
    time_limit: int | None
    time_unit: str | None


@dataclass
class Progress:
    state: str  # serialized workflow, to store
    ready: list[ReadyStep]  # every step ready now
    finished: bool
    completed: list[str] = field(default_factory=list)  # element ids completed by this call, in order
    was_ready: frozenset[str] = frozenset()  # ids of the steps that were ready before this call

    @property
    def reached(self) -> list[ReadyStep]:
        """The steps this call made ready: the ones to open. A parallel branch's step that was
        ready before (open as a case task) is ready still, but is not reached again."""
        return [step for step in self.ready if step.task_id not in self.was_ready]


class _CaseEngine(PythonScriptEngine):
    """Gateway markers answered from the case data; any other expression only in the safe subset."""

    def __init__(self, flows: dict) -> None:
        super().__init__()
        self.flows = flows

    def evaluate(self, task, expression, external_context=None):
        flow = self.flows.get(expression)
        if flow is not None:
            expression = effective_condition(flow)
        try:
            return bool(evaluate_condition(expression, task.data))
        except ConditionError:
            return False  # a condition over data the case lacks is simply not true

    def execute(self, task, script, external_context=None):
        return True  # scripts in a diagram are never run

    def call_service(self, task, **kwargs):
        return None


@dataclass(frozen=True)
class _Prepared:
    diagram: Diagram
    spec: object
    subprocess_specs: dict
    flows: dict


# Keyed by the text itself: a hit on the same string object (cases.pinned keeps one per chart) costs
# no hashing of the whole diagram (a SHA-256 of it was 5 % of a case step).
@lru_cache(maxsize=256)
def _prepare(xml: str) -> _Prepared:
    root = document.load(xml)
    diagram = read(root, select_process(root))
    spiff_root, gateway_flows = _spiff_document(root, diagram)
    parser = BpmnParser()
    parser.add_bpmn_xml(spiff_root)
    markers = {_MARKER + f.element_id: f for flows in gateway_flows.values() for f in flows}
    return _Prepared(
        diagram,
        parser.get_spec(diagram.process_id),
        parser.get_subprocess_specs(diagram.process_id),
        markers,
    )


def prepared(xml: str) -> _Prepared:
    """The parsed diagram and SpiffWorkflow spec of ``xml`` (cached by content: a published
    flowchart never changes, so each is parsed once per process)."""
    try:
        return _prepare(xml)
    except BpmnError:
        raise
    except Exception as exc:  # SpiffWorkflow's many exception types on a diagram it cannot use
        raise BpmnError(
            ProblemCode.RUN_PARSE_FAILED, _("流程引擎无法解析流程图：{detail}").format(detail=exc)
        ) from exc


def _ready(workflow: BpmnWorkflow, diagram: Diagram) -> list[ReadyStep]:
    steps = []
    for task in workflow.get_tasks(state=TaskState.READY, manual=True):
        element_id = _element_of(task)
        step = diagram.step(element_id)
        steps.append(
            ReadyStep(
                str(task.id),
                element_id,
                step.name if step else element_id,
                step.lane if step else "",
                step.time_limit if step else None,
                step.time_unit if step else None,
            )
        )
    return steps


def _advance(
    workflow: BpmnWorkflow, prep: _Prepared, completed: list[str], was_ready: frozenset[str] = frozenset()
) -> Progress:
    def did_complete(task) -> None:
        if (element_id := _element_of(task)) is not None:
            completed.append(element_id)

    workflow.do_engine_steps(did_complete_task=did_complete)
    return Progress(
        _dump(workflow), _ready(workflow, prep.diagram), workflow.is_completed(), completed, was_ready
    )


def _dump(workflow: BpmnWorkflow) -> str:
    """The workflow's state without its process spec: the spec follows from the flowchart pinned to
    the case and is parsed once per process (restoring it from JSON was two thirds of each step's
    cost, and 70 % of the stored state)."""
    dct = WorkflowConverter.to_dict(_CONVERTER, workflow)
    dct["subprocesses"] = _CONVERTER.mapping_to_dict(workflow.subprocesses)
    dct["bpmn_events"] = _SERIALIZER.registry.convert(workflow.bpmn_events)
    dct["format"] = STATE_FORMAT
    return json.dumps(dct, separators=(",", ":"))


def _restore(state: str, prep: _Prepared) -> BpmnWorkflow:
    """BpmnWorkflowConverter.from_dict with the cached spec instead of one restored from the state."""
    dct = json.loads(state)
    if dct.get("format") != STATE_FORMAT:
        raise ValueError("not a case state of this format")
    workflow = BpmnWorkflow(prep.spec, prep.subprocess_specs, deserializing=True)
    workflow.tasks = _CONVERTER.mapping_from_dict(dct["tasks"], UUID, workflow=workflow)
    workflow.task_tree = workflow.tasks.get(UUID(dct["root"]))
    _CONVERTER.set_default_attributes(workflow, dct)
    _CONVERTER.subprocesses_from_dict(dct["subprocesses"], workflow)
    workflow.bpmn_events = _SERIALIZER.registry.restore(dct.pop("bpmn_events", []))
    return workflow


def start(xml: str, data: dict | None = None) -> Progress:
    """A new run of the flowchart with the case's data, moved on to its first ready steps."""
    prep = prepared(xml)
    workflow = BpmnWorkflow(prep.spec, prep.subprocess_specs, script_engine=_CaseEngine(prep.flows))
    for task in workflow.get_tasks(state=TaskState.READY):
        task.data.update(data or {})
    return _advance(workflow, prep, [])


def script_engine(xml: str) -> PythonScriptEngine:
    """The script engine a run of ``xml`` uses: its gateway conditions over the case data."""
    return _CaseEngine(prepared(xml).flows)


def load(xml: str, state: str) -> BpmnWorkflow:
    workflow = _restore(state, prepared(xml))
    workflow.script_engine = script_engine(xml)
    return workflow


def complete(xml: str, state: str, task_id: str, data: dict | None = None) -> Progress:
    """Complete the ready step ``task_id`` with ``data`` (merged into the case data it carries on:
    gateway decisions read it) and run on to the next ready steps."""
    prep = prepared(xml)
    workflow = load(xml, state)
    task, others = _ready_task(workflow, task_id)
    task.data.update(data or {})
    element_id = _element_of(task)
    task.run()
    return _advance(workflow, prep, [element_id] if element_id else [], others)


@dataclass(frozen=True)
class Option:
    """One way out of the gateway that follows a step: what the handler chooses when completing it."""

    flow_id: str
    label: str
    data: dict


def _makes_true(expression: str) -> dict | None:
    """Case data that makes a simple condition true (``x == "v"``, ``x``, ``not x``), else None."""
    import ast

    try:
        node = ast.parse(expression, mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Name):
        return {node.id: True}
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) and isinstance(node.operand, ast.Name):
        return {node.operand.id: False}
    if (
        isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Name)
        and len(node.ops) == 1
        and isinstance(node.ops[0], ast.Eq)
        and isinstance(node.comparators[0], ast.Constant)
    ):
        return {node.left.id: node.comparators[0].value}
    return None


@lru_cache(maxsize=4096)
def next_lanes(xml: str, element_id: str) -> frozenset[str] | None:
    """The lanes of the steps that doing step ``element_id`` can make ready: those reached from it
    through gateways. None when the way passes anything else (an event, an automatic task, a
    sub-process): there only the engine can say. A case step reads these lanes' posts before the
    engine has run (cases.services). Cached per chart and step."""
    diagram = prepared(xml).diagram
    lanes: set[str] = set()
    seen: set[str] = set()
    todo = [flow.target for flow in diagram.outgoing(element_id)]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        step = diagram.step(node)
        if step is None:
            return None
        if step.is_human_task:
            lanes.add(step.lane)
        elif step.kind in GATEWAY_KINDS:
            todo.extend(flow.target for flow in diagram.outgoing(node))
        elif step.kind != "endEvent":
            return None
    return frozenset(lanes)


def options_after(xml: str, element_id: str) -> list[Option]:
    """The choices at the exclusive gateway right after step ``element_id`` (empty when the step
    leads straight on), each with the case data that takes it. A flow whose condition is not one of
    the simple forms is left out: such a gateway is decided by data the case already carries."""
    diagram = prepared(xml).diagram
    outgoing = diagram.outgoing(element_id)
    if len(outgoing) != 1:
        return []
    gateway = diagram.step(outgoing[0].target)
    if gateway is None or gateway.kind != "exclusiveGateway":
        return []
    flows = diagram.outgoing(gateway.element_id)
    wanted = {
        f.element_id: _makes_true(effective_condition(f))
        for f in flows
        if not f.is_default and effective_condition(f)
    }
    options = []
    for flow in flows:
        target = diagram.step(flow.target)
        label = flow.name or (target.name if target else flow.target)
        if flow.is_default:
            data = {
                key: (False if value is True else None)
                for d in wanted.values()
                if d
                for key, value in d.items()
            }
        elif wanted.get(flow.element_id) is None:
            continue
        else:
            data = wanted[flow.element_id]
        options.append(Option(flow.element_id, label, data))
    return options


# --- Sending a case back (退回, issue #6 §3) -------------------------------------------------------


def _ready_task(workflow: BpmnWorkflow, task_id: str):
    """The ready step ``task_id``, and the ids of the other ready steps (other branches' open
    steps: Progress.was_ready)."""
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    task = next((t for t in ready if str(t.id) == task_id), None)
    if task is None:
        raise StepNotReady(task_id)
    return task, frozenset(str(t.id) for t in ready if t is not task)


def earlier_steps(xml: str, state: str, task_id: str) -> list[tuple[str, str]]:
    """The user steps completed on the path that led to the ready step ``task_id``, nearest first,
    as (task id, element id): the steps it may be sent back to. A step done on another branch, or
    on a loop's earlier round, is not on the path (SpiffWorkflow's task tree is the path)."""
    workflow = load(xml, state)
    task, _others = _ready_task(workflow, task_id)
    found, ancestor = [], task.parent
    while ancestor is not None:
        element_id = _element_of(ancestor)
        if ancestor.task_spec.manual and ancestor.has_state(TaskState.COMPLETED) and element_id:
            found.append((str(ancestor.id), element_id))
        ancestor = ancestor.parent
    return found


def send_back(xml: str, state: str, task_id: str, to_task_id: str) -> tuple[Progress, set[str]]:
    """Send the ready step ``task_id`` back to the earlier step ``to_task_id`` (one of
    earlier_steps): SpiffWorkflow's reset_from_task_id drops everything after that step and makes it
    ready again, with the data it had when it was first reached. Returns the progress (the earlier
    step is ready again, under its old task id) and the ids of the tasks removed from the run."""
    prep = prepared(xml)
    workflow = load(xml, state)
    _task, others = _ready_task(workflow, task_id)
    if to_task_id not in {tid for tid, _element in earlier_steps(xml, state, task_id)}:
        raise StepNotReady(to_task_id)
    removed = {str(t.id) for t in workflow.reset_from_task_id(UUID(to_task_id))}
    # A parallel branch the reset left alone keeps its open step; only to_task_id is reached again.
    return _advance(workflow, prep, [], others - removed), removed
