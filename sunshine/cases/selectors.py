"""Reads of the cases app: "my tasks", the case list and one case, scope-checked (SEC-7)."""

from __future__ import annotations

import operator
from functools import reduce

from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value

from sunshine.cases.actions import access, sign_state
from sunshine.cases.choices import CaseStatus, TaskStatus
from sunshine.cases.models import Case, CaseCopy, CaseTask
from sunshine.cases.paging import OrderedUnion
from sunshine.catalog.choices import Status as PowerStatus
from sunshine.catalog.models import PowerVersion
from sunshine.core.permissions import require_permission, scope_filter, scope_q
from sunshine.core.selectors import get_or_not_found
from sunshine.org.models import PostHolding, Unit

MY_TASKS_ORDER = ("due_at", "opened_at", "id")  # the soonest due first, no due date last
CASE_LIST_ORDER = ("-received_at", "-id")  # the newest first
MAX_UNIT_BRANCHES = 30  # a scope of more departments is read as one filter (see case_list)


def my_tasks(*, actor) -> OrderedUnion:
    """Open steps that are the actor's: assigned to them, or unassigned steps of a post they hold
    now, and those of the people they stand in for (代理), delegated to them (委派) or awaiting their
    signature (加签, 会签/或签); the soonest due first (no due date last).

    Not a QuerySet (STYLE §2) but an ordered list that pages and counts like one: each of these
    parts is read in the order through its own index (issue #6: with 1,000,000 cases PostgreSQL
    sorted all 25,000 open steps of a large department for each page of their OR; see
    cases.paging.OrderedUnion). ``.queryset`` is the same steps as one QuerySet."""
    require_permission(actor, "cases.handle")
    sources = _my_task_sources(actor)
    own = [
        Q(assignee=actor),
        *(Q(assignee__isnull=True, post_id=post) for post in sorted(sources["post"])),
        *access.stand_in_parts(sorted(sources["person"])),
    ]
    # One assignee each, or none and one post each: no two parts name the same step (UNION ALL,
    # without sorting out duplicates). A colleague of the same post stood in for: that post once.
    parts = list(dict.fromkeys(own))
    mine = reduce(operator.or_, parts)
    # The steps delegated to the actor or awaiting their signature, ids in hand (a subquery inside
    # the OR made PostgreSQL read every open step of the county), less those of the other parts.
    if listed := sorted(sources["task"]):
        parts.append(Q(pk__in=listed) & ~mine)
        mine |= Q(pk__in=listed)
    open_steps = CaseTask.objects.filter(status=TaskStatus.OPEN)
    return OrderedUnion(
        open_steps.filter(mine),
        [open_steps.filter(part) for part in parts],
        order=MY_TASKS_ORDER,
        # A page's 50 rows with their case and power in one query; the case's workflow state (the
        # serialized engine, the largest column) is not read for a list.
        rows=CaseTask.objects.select_related("post", "assignee", "case__power_version").defer(
            "case__workflow_state"
        ),
        disjoint=True,
    )


def _my_task_sources(actor) -> dict[str, set[int]]:
    """What makes steps the actor's, in one query: the posts they hold now ("post"), the people
    they stand in for today ("person"), the steps delegated to them or awaiting their signature
    ("task")."""

    def tagged(queryset, kind: str, field: str):
        return queryset.order_by().values_list(Value(kind, output_field=CharField()), field)

    rows = tagged(
        PostHolding.objects.filter(person__user=actor, end_date__isnull=True), "post", "post_id"
    ).union(
        tagged(access.stand_ins_for(actor), "person", "person_id"),
        tagged(access.open_delegations_to(actor), "task", "task_id"),
        tagged(sign_state.awaited_signatures(actor), "task", "task_id"),
        all=True,
    )
    found: dict[str, set[int]] = {"post": set(), "person": set(), "task": set()}
    for kind, pk in rows:
        found[kind].add(pk)
    return found


def units_in_scope(*, actor, perm: str) -> list[int] | None:
    """The ids of the units whose rows ``perm`` lets the actor see (SEC-7), None for all of them.
    Soft-deleted units count: their cases stay visible."""
    in_scope = scope_q(actor, perm, "")
    if not in_scope:  # the whole county (DataScope.ALL)
        return None
    return sorted(Unit.all_objects.filter(in_scope).values_list("pk", flat=True))


RECORD_PENDING = "record_pending"  # 待备案: the lists' filter value besides the statuses (CASE-156)


def record_pending() -> Exists:
    """待备案 as a query (cases.outcome.archive.record_filing_pending): an archived case (closed) whose
    集体讨论 step was done (a major penalty, CASE-152) and that has no 备案 yet (CASE-156)."""
    from sunshine.cases import penalty

    ids, names = penalty.COLLECTIVE_STEP
    collective = CaseTask.objects.filter(case=OuterRef("pk"), status=TaskStatus.DONE).filter(
        Q(element_id__in=ids) | Q(name__in=names)
    )
    return Exists(collective)


def _record_pending_q() -> Q:
    return Q(status=CaseStatus.CLOSED, archive__isnull=False, record_filing__isnull=True) & Q(
        record_pending()
    )


def _record_pending_annotation():
    """Per row of a page only (the rows query runs for the page's ids): 待备案 for the badge."""
    from django.db.models import BooleanField, When
    from django.db.models import Case as When_

    return When_(
        When(_record_pending_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def case_list(*, actor, status: str = "", q: str = "") -> OrderedUnion:
    """The cases in the actor's scope (SEC-7), newest first, by state and a keyword in the number,
    the applicant or the subject.

    Not a QuerySet (STYLE §2) but an ordered list that pages and counts like one (see my_tasks).
    The scope is its departments' ids, each department a part read newest first through the index
    of (department, state, received): through one filter over several departments, PostgreSQL
    went down the newest-first index of the county and, for a leader's closed cases, read the
    250,000 newest (open) cases before the first closed one (issue #6, 1,000,000 cases). A keyword
    search is one filter (PostgreSQL reads the keyword through trigram indexes, migration 0009)."""
    require_permission(actor, "cases.view")
    cases = Case.objects.all()
    if status == RECORD_PENDING:
        cases = cases.filter(_record_pending_q())
    elif status:
        cases = cases.filter(status=status)
    if q := (q or "").strip():
        cases = cases.filter(
            Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(subject__icontains=q)
        )
    units = units_in_scope(actor=actor, perm="cases.view")
    if units is None:
        queryset, branches = cases, [cases]
    else:
        queryset = cases.filter(department_id__in=units)
        split = not q and 1 < len(units) <= MAX_UNIT_BRANCHES
        branches = [cases.filter(department_id=unit) for unit in units] if split else [queryset]
    return OrderedUnion(
        queryset,
        branches,
        order=CASE_LIST_ORDER,
        rows=Case.objects.select_related("power_version", "department")
        .defer("workflow_state")
        .annotate(record_pending=_record_pending_annotation()),
        disjoint=True,  # a case has one department
    )


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
