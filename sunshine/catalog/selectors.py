"""Reads of the catalog (STYLE §2): scope-filtered QuerySets for an actor (``catalog.view`` over
the responsible department, SEC-7), personal power lists and the completeness report."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from sunshine.catalog.choices import Category, ResponsibleRole, RiskLevel, Status
from sunshine.catalog.models import PowerItem, PowerVersion, Responsibility, Review, RiskPoint
from sunshine.core.permissions import require_permission, scope_filter
from sunshine.core.selectors import get_or_not_found
from sunshine.org.models import Person, Post, PostHolding, Unit

VIEW = "catalog.view"


def _versions(actor) -> QuerySet[PowerVersion]:
    require_permission(actor, VIEW)
    return scope_filter(PowerVersion.objects.all(), actor, VIEW, "department")


LONG_TEXTS = (
    "conditions",
    "fees",
    "fee_basis",
    "disclosure",
    "counterpart_rights",
    "complaint_channel",
    "change_note",
)


def version_search(
    *,
    actor,
    q: str = "",
    category: str = "",
    department: Unit | int | None = None,
    risk_level: str = "",
    status: str = "",
    body: Unit | int | None = None,
) -> QuerySet[PowerVersion]:
    """The latest version of every item in scope, filtered. Search by name or code; category;
    department (and its subunits); the power's risk grade (its highest: SUP-133); state."""
    versions = (
        _versions(actor)
        .filter(latest_of__isnull=False, item__deleted_at__isnull=True)
        .select_related("item", "department")
        .defer(*LONG_TEXTS)  # the list shows none of them; narrower rows sort faster
    )
    versions = version_filter(versions, q=q, category=category, body=body, department=department)
    if risk_level in RiskLevel.values:
        versions = versions.filter(risk_level=risk_level)
    if status:
        versions = versions.filter(status=status)
    return versions.order_by("item__body_id", "item__code")


def version_filter(
    versions: QuerySet[PowerVersion],
    *,
    q: str = "",
    category: str = "",
    body: Unit | int | None = None,
    department: Unit | int | None = None,
) -> QuerySet[PowerVersion]:
    """The catalogue's search, shared by the staff list and the public portal (disclosure): name or
    code contains ``q``; category; body; department and its subunits."""
    if q := (q or "").strip():
        versions = versions.filter(Q(name__icontains=q) | Q(item__code__icontains=q))
    if category:
        versions = versions.filter(category=category)
    if body:
        versions = versions.filter(item__body=body)
    if department:
        unit = department if isinstance(department, Unit) else Unit.objects.filter(pk=department).first()
        versions = versions.filter(department__path__startswith=unit.path) if unit else versions.none()
    return versions


def version_get(*, actor, pk: int) -> PowerVersion:
    """One version with everything its page shows."""
    versions = (
        _versions(actor)
        .select_related("item", "item__body", "department", "published_by")
        .prefetch_related(
            "legal_bases",
            "materials",
            "responsibilities__post",
            "responsibilities__person",
            Prefetch(
                "risk_points",
                queryset=RiskPoint.objects.prefetch_related("measures").select_related(
                    "responsible_post", "responsible_person"
                ),
            ),
            "benchmarks__tiers",
            Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
        )
    )
    return get_or_not_found(versions, pk=pk)


def item_get(*, actor, pk: int) -> PowerItem:
    require_permission(actor, VIEW)
    items = scope_filter(
        PowerItem.objects.select_related("latest", "current", "body"), actor, VIEW, "latest__department"
    )
    return get_or_not_found(items, pk=pk)


def item_versions(item: PowerItem) -> QuerySet[PowerVersion]:
    return item.versions.order_by("-number").select_related("published_by")


def risk_map(version: PowerVersion) -> dict[str, dict]:
    """{step id: {"level": highest grade, "points": [{description, level, measures}]}} for the viewer."""
    steps: dict[str, dict] = {}
    for point in version.risk_points.all():
        entry = steps.setdefault(point.step_id, {"level": point.level, "name": point.step_name, "points": []})
        entry["level"] = min(entry["level"], point.level)
        entry["points"].append(
            {
                "description": point.description,
                "level": point.level,
                "main": point.is_main,
                "measures": [m.description for m in point.measures.all()],
            }
        )
    return steps


# --- Personal power lists (个人权力清单, CAT-1, CAT-113) ----------------------------------------------


@dataclass
class PowerEntry:
    """One power a post holds: in which roles (catalogue) and at which steps (flowchart lanes)."""

    version: PowerVersion
    roles: list[str] = field(default_factory=list)
    steps: list[dict] = field(default_factory=list)


def post_powers(post: Post, *, versions: QuerySet[PowerVersion] | None = None) -> list[PowerEntry]:
    """The powers in force that name ``post``: as a responsible post, or as the lane of a step of
    their flowchart (a lane is named after the post). Derived, never typed in (CAT-1)."""
    if versions is None:
        versions = PowerVersion.objects.filter(status=Status.PUBLISHED)
    versions = versions.filter(item__body=post.unit.body_id).select_related("item", "flowchart")
    entries: dict[int, PowerEntry] = {}
    for resp in Responsibility.objects.filter(post=post, version__in=versions).select_related(
        "version__item"
    ):
        entries.setdefault(resp.version_id, PowerEntry(resp.version)).roles.append(resp.get_role_display())
    for version in versions:
        flowchart = getattr(version, "flowchart", None)
        # A lane names a post of the power's department, or of the body itself (its leaders).
        if post.unit_id not in (version.department_id, version.item.body_id):
            continue
        steps = [s for s in (flowchart.steps if flowchart else []) if s.get("lane") == post.name]
        if steps:
            entries.setdefault(version.pk, PowerEntry(version)).steps.extend(steps)
    return sorted(entries.values(), key=lambda e: e.version.item.code)


def person_powers(person: Person) -> list[tuple[Post, list[PowerEntry]]]:
    """The powers of each post a person holds now, and those naming the person directly."""
    holdings = PostHolding.objects.filter(person=person, end_date__isnull=True, post__deleted_at__isnull=True)
    lists = [(h.post, post_powers(h.post)) for h in holdings.select_related("post__unit")]
    direct = Responsibility.objects.filter(person=person, version__status=Status.PUBLISHED).select_related(
        "version__item"
    )
    if direct:
        entries: dict[int, PowerEntry] = {}
        for resp in direct:
            entries.setdefault(resp.version_id, PowerEntry(resp.version)).roles.append(
                resp.get_role_display()
            )
        lists.append((None, list(entries.values())))
    return lists


def post_get(*, actor, pk: int) -> Post:
    require_permission(actor, VIEW)
    return get_or_not_found(scope_filter(Post.objects.select_related("unit"), actor, VIEW, "unit"), pk=pk)


def person_get(*, actor, pk: int) -> Person:
    require_permission(actor, VIEW)
    return get_or_not_found(scope_filter(Person.objects.select_related("unit"), actor, VIEW, "unit"), pk=pk)


# --- Completeness report (CAT-119 五个一, CAT-121) ----------------------------------------------------


@dataclass
class DepartmentRow:
    department: Unit
    items: int = 0
    missing: dict[str, int] = field(default_factory=dict)  # element → items lacking it
    risks: dict[str, int] = field(default_factory=dict)  # level → risk points
    posts_without_list: list[Post] = field(default_factory=list)

    @property
    def incomplete(self) -> int:
        return self.missing.get("any", 0)


ELEMENTS = ("basis", "handler", "main_risk", "measures", "flowchart")


def completeness_report(*, actor, body: Unit | None = None) -> list[DepartmentRow]:
    """Per department of the actor's scope: items, how many lack each of the five elements (legal
    basis, handling post, main risk point, a measure for every risk point, flowchart), risk points
    by grade, and posts that no power names (no personal power list)."""
    versions = _versions(actor).filter(latest_of__isnull=False, item__deleted_at__isnull=True)
    if body is not None:
        versions = versions.filter(item__body=body)
    alive_risk = Q(risk_points__deleted_at__isnull=True)
    versions = versions.annotate(
        n_basis=Count("legal_bases", filter=Q(legal_bases__deleted_at__isnull=True), distinct=True),
        has_handler=Exists(
            Responsibility.objects.filter(version=OuterRef("pk"), role=ResponsibleRole.HANDLER)
        ),
        has_main=Exists(RiskPoint.objects.filter(version=OuterRef("pk"), is_main=True)),
        bare_risk=Exists(
            RiskPoint.objects.filter(version=OuterRef("pk")).exclude(measures__deleted_at__isnull=True)
        ),
        has_flow=Exists(PowerVersion.objects.filter(pk=OuterRef("pk"), flowchart__isnull=False)),
        n_a=Count("risk_points", filter=alive_risk & Q(risk_points__level="A"), distinct=True),
        n_b=Count("risk_points", filter=alive_risk & Q(risk_points__level="B"), distinct=True),
        n_c=Count("risk_points", filter=alive_risk & Q(risk_points__level="C"), distinct=True),
    ).select_related("department")
    rows: dict[int, DepartmentRow] = {}
    for v in versions:
        row = rows.setdefault(
            v.department_id,
            DepartmentRow(
                v.department,
                missing=dict.fromkeys((*ELEMENTS, "any"), 0),
                risks=dict.fromkeys(RiskLevel.values, 0),
            ),
        )
        row.items += 1
        lacks = {
            "basis": not v.n_basis,
            "handler": not v.has_handler,
            "main_risk": not v.has_main,
            "measures": v.bare_risk,
            "flowchart": not v.has_flow,
        }
        for element, lacking in lacks.items():
            row.missing[element] += lacking
        row.missing["any"] += any(lacks.values())
        for level, n in (("A", v.n_a), ("B", v.n_b), ("C", v.n_c)):
            row.risks[level] += n
    named_posts = set(
        Responsibility.objects.filter(version__status=Status.PUBLISHED, post__isnull=False).values_list(
            "post_id", flat=True
        )
    )
    lanes_by_body: dict[int, set[str]] = defaultdict(set)
    for body_id, lanes in PowerVersion.objects.filter(
        status=Status.PUBLISHED, flowchart__isnull=False
    ).values_list("item__body_id", "flowchart__lanes"):
        lanes_by_body[body_id].update(lanes or [])
    posts = scope_filter(Post.objects.select_related("unit"), actor, VIEW, "unit")
    if body is not None:
        posts = posts.filter(unit__body=body)
    for post in posts:
        if post.pk not in named_posts and post.name not in lanes_by_body[post.unit.body_id]:
            row = rows.get(post.unit_id)
            if row is not None:
                row.posts_without_list.append(post)
    return sorted(rows.values(), key=lambda r: r.department.path)


__all__ = [
    "Category",
    "completeness_report",
    "item_get",
    "item_versions",
    "person_get",
    "person_powers",
    "post_get",
    "post_powers",
    "risk_map",
    "version_filter",
    "version_get",
    "version_search",
]
