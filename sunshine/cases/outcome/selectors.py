"""What the case page shows of the outcome, and who may do what next there."""

from __future__ import annotations

from django.urls import reverse

from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case, CaseDocument, Decision
from sunshine.cases.outcome import archive as archiving
from sunshine.cases.outcome import decisions, rules
from sunshine.cases.outcome.publication import published_results  # noqa: F401  (the portal's selector)
from sunshine.core import clock
from sunshine.core.permissions import has_permission
from sunshine.core.rules import get_rule


def change_diff(change) -> str:
    """The fields a change altered, as "label：before → after"."""
    labels = {f.name: str(f.verbose_name) for f in Decision._meta.fields}
    parts = []
    for name, before in change.before.items():
        after = change.after.get(name)
        if after != before:
            shown = [v if v not in (None, "") else "—" for v in (before, after)]
            parts.append(f"{labels.get(name, name)}：{shown[0]} → {shown[1]}")
    return "；".join(parts)


def outcome_context(*, actor, case: Case) -> dict:
    decision = Decision.objects.filter(case=case).select_related("tier__benchmark", "decided_by").first()
    archive = getattr(case, "archive", None)
    publication = getattr(case, "publication", None)
    deliveries = list(case.deliveries.select_related("served_by"))
    documents = list(CaseDocument.objects.filter(case=case).select_related("task", "uploaded_by"))
    can_handle = has_permission(actor, "cases.handle", case)
    writable = archive is None
    version = case.power_version
    context = {
        "case": case,
        "decision": decision,
        "changes": [
            {"change": c, "diff": change_diff(c)}
            for c in (decision.changes.select_related("changed_by") if decision else [])
        ],
        "deliveries": deliveries,
        "publication": publication,
        "archive": archive,
        "record_filing": archiving.record_filing_of(case),
        "record_filing_pending": archive is not None and archiving.record_filing_pending(case),
        "documents": documents,
        "results_public": rules.results_public(version),
        "writable": writable,
    }
    if decision is not None:
        days, rule = rules.service_rule(decision.kind)
        due = rules.service_due(decision)
        context.update(
            tier_label=decisions.tier_label(decision.tier) if decision.tier else "",
            tier_range=decisions.tier_range(decision.tier) if decision.tier else "",
            service_due=due,
            service_days=days,
            service_rule=get_rule(rule).as_dict(),
            service_overdue=not deliveries and clock.today() > due,
            pdf_url=reverse("cases:decision_pdf", args=[case.pk]),
        )
    context.update(
        can_deliver=writable and decision is not None and can_handle,
        can_publish=writable
        and decision is not None
        and publication is None
        and rules.results_public(version)
        and can_handle,
        can_archive=writable and case.closed_at is not None and can_handle,
        can_record_filing=context["record_filing_pending"] and can_handle,
        can_change=writable and decision is not None and has_permission(actor, "cases.change_decision", case),
        can_attach=writable and can_handle,
        deciding=decision is None
        and any(
            t.status == TaskStatus.OPEN and rules.is_decision_step(version.flowchart.xml, t.element_id)
            for t in case.tasks.all()
        ),
        archive_rule=get_rule("CASE-156").as_dict(),
        publication_rule=get_rule(rules.publication_rule(version.category)).as_dict(),
    )
    return context
