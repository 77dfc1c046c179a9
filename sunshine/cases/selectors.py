"""Reads of the cases app: "my tasks", the case list and one case, scope-checked (SEC-7)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sunshine.cases.actions import access, sign_state
from sunshine.cases.choices import TaskStatus
from sunshine.cases.models import Case, CaseCopy, CaseTask
from sunshine.catalog.choices import Status as PowerStatus
from sunshine.catalog.models import PowerVersion
from sunshine.core.permissions import require_permission, scope_filter, scope_q
from sunshine.core.selectors import get_or_not_found
from sunshine.org.models import PostHolding


def my_tasks(*, actor) -> QuerySet[CaseTask]:
    """Open steps that are the actor's: assigned to them, or unassigned steps of a post they hold
    now, and those of the people they stand in for (代理) or delegated to them (委派); the soonest
    due first (no due date last)."""
    require_permission(actor, "cases.handle")
    # The posts as a list, not a subquery: with the ids in hand, PostgreSQL ORs the two task indexes
    # (assignee, post) instead of reading every open step of the county (issue #6: 1,000,000 cases).
    posts = list(
        PostHolding.objects.filter(person__user=actor, end_date__isnull=True).values_list(
            "post_id", flat=True
        )
    )
    tasks = CaseTask.objects.filter(status=TaskStatus.OPEN).filter(
        Q(assignee=actor)
        | Q(assignee__isnull=True, post_id__in=posts)
        | access.stand_in_and_delegated_q(actor)
        | sign_state.signer_q(actor)  # 加签, 会签/或签: awaiting one's signature
    )
    # The cases of the page are fetched for its 50 rows (prefetch), not joined: joined, PostgreSQL
    # read the whole case table before sorting and cutting the page (1,000,000 cases, issue #6).
    return (
        tasks.select_related("post").prefetch_related("case__power_version").order_by("due_at", "opened_at")
    )


def case_list(*, actor, status: str = "", q: str = "") -> QuerySet[Case]:
    require_permission(actor, "cases.view")
    cases = scope_filter(Case.objects.all(), actor, "cases.view", "department").select_related(
        "power_version", "department"
    )
    if status:
        cases = cases.filter(status=status)
    if q := (q or "").strip():
        cases = cases.filter(
            Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(subject__icontains=q)
        )
    return cases.defer("workflow_state").order_by("-received_at")


def case_get(*, actor, pk: int) -> Case:
    """One case in the actor's scope, or copied to them (抄送, TASK-5: read access to that case)."""
    require_permission(actor, "cases.view")
    copied = CaseCopy.objects.filter(reader=actor).values("case_id")
    in_scope = scope_q(actor, "cases.view", "department") | Q(pk__in=copied)
    cases = Case.objects.filter(in_scope).select_related(
        "power_version__flowchart", "department", "first_contact"
    )
    return get_or_not_found(
        cases.prefetch_related("materials", "tasks__assignee", "tasks__completed_by"), pk=pk
    )


def task_get(*, actor, pk: int) -> CaseTask:
    require_permission(actor, "cases.view")
    tasks = scope_filter(CaseTask.objects.select_related("case"), actor, "cases.view", "case__department")
    return get_or_not_found(tasks, pk=pk)


def registrable_versions(*, actor) -> QuerySet[PowerVersion]:
    """Powers in force (published, with a flowchart) the actor may take applications for:
    ``cases.register`` over the power's department (SEC-7), by category and code."""
    versions = PowerVersion.objects.filter(
        status=PowerStatus.PUBLISHED,
        current_of__isnull=False,
        current_of__deleted_at__isnull=True,
        flowchart__isnull=False,
    )
    return (
        scope_filter(versions, actor, "cases.register", "department")
        .select_related("item")
        .prefetch_related("materials")
        .order_by("category", "item__code")
    )
