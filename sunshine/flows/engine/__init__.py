"""BPMN engine layer of the flowchart (流程图) app: pure functions on BPMN 2.0 XML text, no models.

Public API::

    parse(xml) -> Diagram                                  raises BpmnError (code, Chinese message)
    validate(xml, *, context=None, run=True) -> list[Problem]      [] = publishable; never raises
    test_run(xml, *, data=None, max_steps=10_000) -> RunResult     SpiffWorkflow drive; never raises
    template(name) -> str, TEMPLATES                       built-in permit / penalty flowcharts

Our BPMN extension (namespace SUNSHINE_NS, prefix ``sunshine``), on tasks:
``sunshine:timeLimit`` (positive integer), ``sunshine:timeUnit`` (working_days | calendar_days | hours),
``sunshine:supervision="true"`` (an electronic-supervision point, 监察点), ``sunshine:postKind`` (optional
post-kind code). The handling post (承办岗位) of a step is the name of the lane whose flowNodeRef lists it.

Gateway conditions: an outgoing flow of an exclusive/inclusive gateway carries a ``conditionExpression``
in a safe subset of Python over case data (``decision == "approve"``, ``major``, ``amount >= 10000``;
see conditions.py, never eval()'d), or only a name, which then means ``path == "<name>"``. The gateway's
``default`` flow needs none. How test_run picks its path: see runner.py.
"""

from .builtin import TEMPLATES, name_lanes, template
from .conditions import ConditionError, check_condition, evaluate_condition
from .document import MAX_XML_BYTES, SUNSHINE_NS, SUNSHINE_PREFIX
from .errors import BpmnError, ProblemCode
from .model import HUMAN_TASK_KINDS, TIME_UNITS, Diagram, Flow, Step, parse
from .runner import MAX_STEPS, RunResult, test_run
from .validation import CONTEXT_ITEMS, Problem, validate

__all__ = [
    "CONTEXT_ITEMS",
    "HUMAN_TASK_KINDS",
    "MAX_STEPS",
    "MAX_XML_BYTES",
    "SUNSHINE_NS",
    "SUNSHINE_PREFIX",
    "TEMPLATES",
    "TIME_UNITS",
    "BpmnError",
    "ConditionError",
    "Diagram",
    "Flow",
    "Problem",
    "ProblemCode",
    "RunResult",
    "Step",
    "check_condition",
    "evaluate_condition",
    "name_lanes",
    "parse",
    "template",
    "test_run",
    "validate",
]
