"""Publication of results (结果公示): for items whose version says so (``results_public``) and for
every penalty (CASE-158), on the
portal for at least 7 working days (CASE-158 penalties, CASE-35 permits, CASE-141 requisitions).
``published_results`` is what the public portal lists."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases.locks import lock_case
from sunshine.cases.models import Case, Decision, Publication
from sunshine.cases.outcome import rules
from sunshine.cases.outcome.choices import DecisionKind
from sunshine.catalog.services._inputs import text
from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.permissions import require_permission


def summary(case: Case, decision: Decision) -> str:
    """The result as the public sees it: who, what, the decision (no ID numbers, no contact)."""
    result = str(decision.get_kind_display())
    if decision.kind == DecisionKind.PENALTY:
        parts = [str(decision.get_measure_display())]
        if decision.amount is not None:
            parts.append(_("罚款%(amount)s元") % {"amount": f"{decision.amount:.2f}"})
        if decision.measure_text:
            parts.append(decision.measure_text)
        result = "，".join(parts)
    return _("%(applicant)s：%(subject)s。决定：%(result)s。依据：%(basis)s") % {
        "applicant": case.applicant_name,
        "subject": case.subject,
        "result": result,
        "basis": decision.legal_basis,
    }


@transaction.atomic
def publication_record(
    *, actor, case: Case, channel: str = "", starts_on: dt.date | None = None, content: str = ""
) -> Publication:
    require_permission(actor, "cases.handle", case)
    case = lock_case(case.pk)
    rules.ensure_open(case)
    version = case.power_version
    rule = rules.publication_rule(version.category)
    if not rules.results_public(version):
        raise Conflict("not_public", _("该事项未规定公开办理结果，无需公示"), rule=rule)
    decision = Decision.objects.filter(case=case).first()
    if decision is None:
        raise Conflict("no_decision", _("尚未作出决定，不能公示结果"), rule=rule)
    if Publication.objects.filter(case=case).exists():
        raise Conflict("already_published", _("该办件的结果已经公示"))
    today = clock.today()
    starts_on = starts_on or today
    if starts_on < clock.local(decision.decided_at).date():
        raise InvalidInput("starts_before_decision", _("公示开始日期不能早于决定日期"), field="starts_on")
    if starts_on > today:
        raise InvalidInput("starts_in_future", _("公示开始日期不能晚于今天"), field="starts_on")
    channel = text(
        channel or version.disclosure or _("门户网站"), field="channel", label=_("公示渠道"), max_length=200
    )
    content = text(content or summary(case, decision), field="content", label=_("公示内容"), max_length=5000)
    publication = Publication.objects.create(
        case=case,
        body=case.body,
        title=_("%(item)s办理结果公示（%(number)s）") % {"item": version.name, "number": case.number},
        content=content,
        channel=channel,
        starts_on=starts_on,
        min_workdays=rules.PUBLICATION_WORKDAYS,
        earliest_end=rules.publication_end(starts_on),
        published_by=actor,
        created_by=actor,
    )
    audit_record(actor=actor, action="cases.publication_record", target=publication)
    return publication


def published_results(body=None):
    """The results on public display, newest first (for the public portal; no login needed, so only
    the publication's own text is given out)."""
    qs = Publication.objects.select_related("body", "case__power_version")
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("-starts_on", "-id")
