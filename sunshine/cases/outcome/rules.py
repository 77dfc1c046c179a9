"""The outcome's conventions and limits: which step decides, the service and publication periods,
the rights statement. Kept apart from the services so that forms, views and the PDF read them too.

The deciding step (决定环节, docs/decisions/0007-case-outcome.md): a step whose following exclusive
gateway branches on the case variable ``decision`` (``decision == "approve"`` …, like ``acceptance``
after the acceptance step), or else the built-in templates' step ``Task_decide`` (作出决定 /
作出处罚决定), from which every demo and template flowchart is made.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from sunshine.cases.outcome.choices import DecisionKind
from sunshine.catalog.choices import Category
from sunshine.core import clock
from sunshine.core.errors import RuleViolated
from sunshine.flows.engine import executor
from sunshine.workdays.services import add_working_days

DECISION_VARIABLE = "decision"
DECISION_ELEMENT = "Task_decide"

SERVICE_WORKDAYS_PENALTY = 7  # CASE-153: 行政处罚决定书 served within 7 working days of the decision
SERVICE_WORKDAYS_PERMIT = 2  # CASE-33 / CASE-112: served or notified within 2 working days
PUBLICATION_WORKDAYS = 7  # CASE-158 (penalties), CASE-35 (permits), CASE-141 (requisitions): ≥ 7 wd

# National limits the seeds do not quote (行政复议法第二十条: 60 days; 行政诉讼法第四十六条: 6 months).
RECONSIDERATION_DAYS = 60
LITIGATION_MONTHS = 6


def is_decision_step(xml: str, element_id: str) -> bool:
    return decides(element_id, executor.options_after(xml, element_id))


def decides(element_id: str, options) -> bool:
    """The deciding step, from the ways out of the step already read (executor.options_after)."""
    return element_id == DECISION_ELEMENT or any(DECISION_VARIABLE in o.data for o in options)


def decision_choice(xml: str, element_id: str, kind: str) -> str:
    """The gateway label that matches the decision ``kind``, else the default way out (empty when the
    step leads straight on or the gateway does not branch on ``decision``)."""
    options = [o for o in executor.options_after(xml, element_id) if DECISION_VARIABLE in o.data]
    for option in options:
        if option.data[DECISION_VARIABLE] == kind:
            return option.label
    # No flow names this decision: the gateway's default way out (its data sets no decision).
    return next((o.label for o in options if o.data[DECISION_VARIABLE] in (None, False)), "")


def allowed_kinds(category: str) -> list[str]:
    """A penalty item decides a penalty; every other item approves or refuses."""
    if category == Category.PENALTY:
        return [DecisionKind.PENALTY]
    return [DecisionKind.APPROVE, DecisionKind.REFUSE]


def rights_statement(kind: str) -> str:
    """The rights the decision document states (CASE-33, CASE-153): reconsideration and litigation."""
    if kind == DecisionKind.APPROVE:
        return ""
    party = _("当事人") if kind == DecisionKind.PENALTY else _("申请人")
    return _(
        "%(party)s如对本决定不服，可以自收到本决定书之日起%(days)d日内依法申请行政复议，"
        "或者自收到本决定书之日起%(months)d个月内依法向人民法院提起行政诉讼。"
    ) % {"party": party, "days": RECONSIDERATION_DAYS, "months": LITIGATION_MONTHS}


def service_rule(kind: str) -> tuple[int, str]:
    if kind == DecisionKind.PENALTY:
        return SERVICE_WORKDAYS_PENALTY, "CASE-153"
    return SERVICE_WORKDAYS_PERMIT, "CASE-33"


def service_due(decision) -> dt.date:
    """The last day for serving the decision: N working days after the decision day (the decision
    day itself not counted, DOMAIN default 1)."""
    days, _rule = service_rule(decision.kind)
    return add_working_days(date=clock.local(decision.decided_at).date(), n=days)


def results_public(version) -> bool:
    """Whether the result is published: where the version says so, and always for a penalty
    (CASE-158 makes the publication of penalty results a rule of its own)."""
    return bool(version.results_public) or version.category == Category.PENALTY


def publication_rule(category: str) -> str:
    return "CASE-158" if category == Category.PENALTY else "CASE-35"


def publication_end(starts_on: dt.date) -> dt.date:
    """The first day a publication may come down: 7 working days after the start day."""
    return add_working_days(date=starts_on, n=PUBLICATION_WORKDAYS)


def ensure_open(case) -> None:
    """Archived cases are read-only for the outcome (CASE-156)."""
    if hasattr(case, "archive"):
        raise RuleViolated(
            "case_archived",
            _("办件已归档（档案号 %(number)s），不能再变更办理结果") % {"number": case.archive.file_number},
            rule="CASE-156",
        )
