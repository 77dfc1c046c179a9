"""Error and problem codes of the BPMN engine layer.

Codes are stable snake_case for programs; messages are Chinese msgids for people, translated through
Django's gettext when settings are configured (the engine also runs without Django, e.g. in bench/).
"""

from __future__ import annotations

from enum import StrEnum

from django.conf import settings
from django.utils.translation import gettext

from sunshine.core.errors import InvalidInput


def _(message: str) -> str:
    """gettext when Django is configured, else the Chinese source text (msgid)."""
    return gettext(message) if settings.configured else message


def gettext_noop(message: str) -> str:
    """Marks a msgid for makemessages; unlike Django's, usable before settings are configured."""
    return message


class ProblemCode(StrEnum):
    # The file itself (parse() raises these as BpmnError; validate() returns them as a Problem).
    XML_TOO_LARGE = "xml_too_large"
    XML_MALFORMED = "xml_malformed"
    XML_DOCTYPE_FORBIDDEN = "xml_doctype_forbidden"
    NOT_BPMN = "not_bpmn"
    NO_PROCESS = "no_process"
    MULTIPLE_PROCESSES = "multiple_processes"
    DUPLICATE_ID = "duplicate_id"

    # The diagram (CAT-121 elements 2-5: handling post, procedure, time limit, supervision point).
    NO_START_EVENT = "no_start_event"
    NO_END_EVENT = "no_end_event"
    TASK_UNNAMED = "task_unnamed"
    TASK_NO_LANE = "task_no_lane"
    TASK_NO_TIME_LIMIT = "task_no_time_limit"
    TASK_BAD_TIME_LIMIT = "task_bad_time_limit"
    TASK_NO_TIME_UNIT = "task_no_time_unit"
    TASK_BAD_TIME_UNIT = "task_bad_time_unit"
    TASK_BAD_COUNTERSIGN = "task_bad_countersign"
    FLOW_BAD_REFERENCE = "flow_bad_reference"
    NODE_MULTIPLE_OUTGOING = "node_multiple_outgoing"
    NODE_UNREACHABLE = "node_unreachable"
    NODE_DEAD_END = "node_dead_end"
    GATEWAY_FLOW_NO_CONDITION = "gateway_flow_no_condition"
    GATEWAY_CONDITION_INVALID = "gateway_condition_invalid"
    GATEWAY_DUPLICATE_CONDITION = "gateway_duplicate_condition"
    NO_SUPERVISION_POINT = "no_supervision_point"
    RISK_STEP_UNKNOWN = "risk_step_unknown"

    # Elements outside the diagram, passed in ``context`` (CAT-121 elements 1, 6, 7; CAT-122).
    MISSING_CONDITIONS = "missing_conditions"
    MISSING_MATERIALS = "missing_materials"
    MISSING_COUNTERPART_RIGHTS = "missing_counterpart_rights"
    MISSING_COMPLAINT_CHANNEL = "missing_complaint_channel"

    # The SpiffWorkflow test run (test_run(); validate() returns its failure as a Problem).
    RUN_PARSE_FAILED = "run_parse_failed"
    RUN_NO_PATH = "run_no_path"
    RUN_STUCK = "run_stuck"
    RUN_NO_END = "run_no_end"
    RUN_STEP_LIMIT = "run_step_limit"
    RUN_ERROR = "run_error"


class BpmnError(InvalidInput):
    """The text is not a BPMN flowchart we can read (malformed, hostile, no or several processes).

    An ``InvalidInput`` (HTTP 400) so views and the API map it like any other domain error.
    """

    def __init__(self, code: ProblemCode | str, message: str, *, element_id: str | None = None) -> None:
        super().__init__(str(code), message)
        self.element_id = element_id
