"""parse(): BPMN XML -> Diagram, the steps, lanes (handling posts) and flows of one process."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lxml import etree

from . import document
from .document import bpmn, local_name, sunshine
from .errors import BpmnError, ProblemCode, _, gettext_noop

# Values are Chinese msgids; translate them when shown.
TIME_UNITS = {
    "working_days": gettext_noop("工作日"),
    "calendar_days": gettext_noop("自然日"),
    "hours": gettext_noop("小时"),
}

# Steps done by people: each needs a handling post (lane) and a time limit (CAT-121 elements 2 and 4).
# bpmn-js's palette creates a plain bpmn:task, so a plain task counts as a human step too.
HUMAN_TASK_KINDS = frozenset({"task", "userTask", "manualTask"})
ACTIVITY_KINDS = HUMAN_TASK_KINDS | {
    "serviceTask",
    "scriptTask",
    "sendTask",
    "receiveTask",
    "businessRuleTask",
    "callActivity",
    "subProcess",
    "transaction",
    "adHocSubProcess",
}
GATEWAY_KINDS = frozenset(
    {"exclusiveGateway", "inclusiveGateway", "parallelGateway", "eventBasedGateway", "complexGateway"}
)
CONDITIONAL_GATEWAY_KINDS = frozenset({"exclusiveGateway", "inclusiveGateway", "complexGateway"})
EVENT_KINDS = frozenset(
    {"startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent"}
)
FLOW_NODE_KINDS = ACTIVITY_KINDS | GATEWAY_KINDS | EVENT_KINDS


@dataclass(frozen=True)
class Step:
    """A flow node of the process (task, gateway or event)."""

    element_id: str
    name: str
    kind: str
    lane: str = ""  # the handling post (承办岗位): name of the innermost lane listing the node
    time_limit: int | None = None  # sunshine:timeLimit when it is a positive integer
    time_unit: str | None = None  # sunshine:timeUnit as written (validate() checks it is in TIME_UNITS)
    supervision: bool = False  # sunshine:supervision="true": an electronic-supervision point (监察点)
    post_kind: str | None = None  # sunshine:postKind
    attached_to: str | None = None  # boundary events: the activity they sit on
    time_limit_text: str = field(default="", repr=False)  # the raw attribute, to tell missing from bad
    countersign: str | None = None  # sunshine:countersign: "all" (会签) or "any" (或签), cases.actions.sign
    countersign_text: str = field(default="", repr=False)  # the raw attribute, to tell a bad value

    @property
    def is_human_task(self) -> bool:
        return self.kind in HUMAN_TASK_KINDS

    @property
    def label(self) -> str:
        """「name」(id), or just the id: how messages name an element."""
        return f"「{self.name}」({self.element_id})" if self.name else f"({self.element_id})"


@dataclass(frozen=True)
class Flow:
    """A sequence flow. ``condition`` is the conditionExpression text, ``name`` the label."""

    element_id: str
    source: str
    target: str
    name: str = ""
    condition: str | None = None
    is_default: bool = False

    @property
    def label(self) -> str:
        return f"「{self.name}」({self.element_id})" if self.name else f"({self.element_id})"


@dataclass
class Diagram:
    process_id: str
    name: str
    steps: list[Step]
    lanes: list[str]
    flows: list[Flow]

    def step(self, element_id: str) -> Step | None:
        return next((s for s in self.steps if s.element_id == element_id), None)

    def outgoing(self, element_id: str) -> list[Flow]:
        return [f for f in self.flows if f.source == element_id]

    def incoming(self, element_id: str) -> list[Flow]:
        return [f for f in self.flows if f.target == element_id]


def parse(xml: bytes | str) -> Diagram:
    """Read the one process of a BPMN 2.0 file. Raise BpmnError (Chinese message, English code)."""
    root = document.load(xml)
    return read(root, select_process(root))


def select_process(root: etree._Element) -> etree._Element:
    """The process to read: the only one, else the only executable one, else the only non-empty one."""
    _check_unique_ids(root)
    processes = root.findall(bpmn("process"))
    if not processes:
        raise BpmnError(ProblemCode.NO_PROCESS, _("流程图中没有流程（bpmn:process）"))
    if len(processes) == 1:
        return processes[0]
    # SpiffWorkflow's reading: isExecutable defaults to true.
    executable = [p for p in processes if p.get("isExecutable", "true") == "true"]
    if len(executable) == 1:
        return executable[0]
    if not executable:
        non_empty = [p for p in processes if any(local_name(c) in FLOW_NODE_KINDS for c in p)]
        if len(non_empty) == 1:
            return non_empty[0]
    raise BpmnError(
        ProblemCode.MULTIPLE_PROCESSES,
        _("流程图中有 {n} 个可执行流程（{ids}），一张流程图只能有一个").format(
            n=len(executable or processes), ids="、".join(p.get("id", "?") for p in executable or processes)
        ),
    )


def _check_unique_ids(root: etree._Element) -> None:
    counts = Counter(el.get("id") for el in root.iter(etree.Element) if el.get("id"))
    duplicates = sorted(i for i, n in counts.items() if n > 1)
    if duplicates:
        raise BpmnError(
            ProblemCode.DUPLICATE_ID,
            _("流程图中有重复的元素标识：{ids}").format(ids="、".join(duplicates[:10])),
            element_id=duplicates[0],
        )


def _text_attr(element: etree._Element, name: str) -> str:
    return (element.get(name) or "").strip()


def _lane_of(process: etree._Element) -> tuple[list[str], dict[str, str]]:
    """Lane names in document order and node id -> innermost lane name (nested lane sets included)."""
    names: list[str] = []
    lane_of: dict[str, str] = {}
    for lane in process.iter(bpmn("lane")):  # document order: a parent lane before its children
        name = _text_attr(lane, "name")
        if name and name not in names:
            names.append(name)
        for ref in lane.findall(bpmn("flowNodeRef")):
            if ref.text and ref.text.strip():
                lane_of[ref.text.strip()] = name
    return names, lane_of


def _positive_int(text: str) -> int | None:
    if text.isascii() and text.isdigit() and int(text) > 0:
        return int(text)
    return None


COUNTERSIGN_MODES = ("all", "any")


def countersign_mode(element: etree._Element) -> str | None:
    """sunshine:countersign on a user task: "all" (会签) or "any" (或签); anything else is None."""
    value = _text_attr(element, sunshine("countersign")).lower()
    return value if value in COUNTERSIGN_MODES else None


def read(root: etree._Element, process: etree._Element) -> Diagram:
    """Build the Diagram of ``process`` (an element of ``root``)."""
    process_id = process.get("id", "")
    name = _text_attr(process, "name")
    if not name:
        for participant in root.iter(bpmn("participant")):
            if participant.get("processRef") == process_id and _text_attr(participant, "name"):
                name = _text_attr(participant, "name")
                break
    lanes, lane_of = _lane_of(process)

    steps: list[Step] = []
    defaults: set[str] = set()
    for element in process:
        if not isinstance(element.tag, str) or not element.tag.startswith(f"{{{document.BPMN_NS}}}"):
            continue  # comments, processing instructions, extension elements
        kind = local_name(element)
        if kind not in FLOW_NODE_KINDS:
            continue
        element_id = element.get("id", "")
        if element.get("default"):
            defaults.add(element.get("default"))
        limit_text = _text_attr(element, sunshine("timeLimit"))
        steps.append(
            Step(
                element_id=element_id,
                name=_text_attr(element, "name"),
                kind=kind,
                lane=lane_of.get(element_id, ""),
                time_limit=_positive_int(limit_text),
                time_unit=_text_attr(element, sunshine("timeUnit")) or None,
                supervision=_text_attr(element, sunshine("supervision")).lower() == "true",
                post_kind=_text_attr(element, sunshine("postKind")) or None,
                attached_to=element.get("attachedToRef") if kind == "boundaryEvent" else None,
                time_limit_text=limit_text,
                countersign=countersign_mode(element) if kind == "userTask" else None,
                countersign_text=_text_attr(element, sunshine("countersign")),
            )
        )

    flows: list[Flow] = []
    for element in process.iter(bpmn("sequenceFlow")):
        if element.getparent() is not process:  # flows inside a sub-process belong to it
            continue
        expression = element.find(bpmn("conditionExpression"))
        condition = (expression.text or "").strip() if expression is not None else None
        flows.append(
            Flow(
                element_id=element.get("id", ""),
                source=element.get("sourceRef", ""),
                target=element.get("targetRef", ""),
                name=_text_attr(element, "name"),
                condition=condition or None,
                is_default=element.get("id") in defaults,
            )
        )
    return Diagram(process_id=process_id, name=name, steps=steps, lanes=lanes, flows=flows)
