"""Serving the decision (送达, CASE-153, CASE-33): method, recipient, time and proof, checked against
the deadline in working days from the decision."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, Decision, Delivery
from sunshine.cases.outcome import rules
from sunshine.cases.outcome.choices import ServiceMethod
from sunshine.catalog.services._inputs import choice, text
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.permissions import require_permission

# Methods whose proof the law wants written down: the witnesses of 留置送达, where a 公告 was posted.
PROOF_REQUIRED = {ServiceMethod.LEFT, ServiceMethod.ANNOUNCEMENT}


@transaction.atomic
def delivery_record(
    *,
    actor,
    case: Case,
    method: str,
    recipient: str,
    served_at: dt.datetime | None = None,
    proof: str = "",
) -> Delivery:
    """Record that the decision document was served. Late service is recorded and flagged (the
    clock is the fact to supervise), never refused."""
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    rules.ensure_open(case)
    decision = Decision.objects.filter(case=case).first()
    if decision is None:
        raise Conflict("no_decision", _("尚未作出决定，不能送达"))
    method = choice(method, ServiceMethod, field="method", label=_("送达方式"))
    recipient = text(recipient, field="recipient", label=_("受送达人"), max_length=200)
    proof = text(
        proof, field="proof", label=_("送达凭证"), max_length=2000, required=method in PROOF_REQUIRED
    )
    now = clock.now()
    served_at = served_at or now
    if served_at > now:
        raise InvalidInput("served_in_future", _("送达时间不能晚于现在"), field="served_at")
    # Forms give the minute only: a service in the decision's own minute is not before it.
    if served_at < decision.decided_at.replace(second=0, microsecond=0):
        raise InvalidInput("served_before_decision", _("送达时间不能早于决定时间"), field="served_at")
    due_on = rules.service_due(decision)
    delivery = Delivery.objects.create(
        case=case,
        method=method,
        recipient=recipient,
        served_at=served_at,
        proof=proof,
        due_on=due_on,
        late=clock.local(served_at).date() > due_on,
        served_by=actor,
        created_by=actor,
    )
    audit_record(actor=actor, action="cases.delivery_record", target=delivery)
    return delivery
