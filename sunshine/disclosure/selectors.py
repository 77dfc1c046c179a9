"""Reads of the portal: only what is published, with nothing of the staff behind it (issue #8 §1,
§2, §7). No actor: the public has no account, so scope is the publication itself:

- a power is public when its version in force is published (never a draft, one under review or a
  superseded one: CAT-116), disclosed externally (``audience``) and not of the internal kinds that
  are published inside the body only (CAT-110);
- a case is shown only to whoever holds its receipt number *and* the check code printed on its
  acceptance notice, and then only its own steps, dates and clock.
"""

from __future__ import annotations

import hmac

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from sunshine.cases.models import Case
from sunshine.cases.outcome.selectors import published_results as _published_results
from sunshine.catalog.choices import INTERNAL_CATEGORIES, Audience, Category, Status
from sunshine.catalog.models import PowerItem, PowerVersion, RiskPoint
from sunshine.catalog.selectors import version_filter
from sunshine.core import clock
from sunshine.core.errors import NotFound
from sunshine.core.permissions import scope_q
from sunshine.decisions.models import PublicComment, PublicCommentEntry
from sunshine.disclosure import cache
from sunshine.disclosure.choices import OPEN_REQUEST_STATUSES
from sunshine.disclosure.models import (
    AuditCheckpoint,
    DisclosurePlan,
    InformationRequest,
    PlanItem,
    Publication,
)
from sunshine.org.models import Unit

# What the public list and page never read (staff-only columns of a version).
STAFF_FIELDS = ("change_note", "review_round", "submitted_at", "published_by")


def public_versions() -> QuerySet[PowerVersion]:
    """Every power version the public may read: the published one in force of each live item."""
    # The item's ``current`` is this version: one join to the item (through ``item``), which the
    # search filters and orders on anyway, instead of a second one through ``current_of``.
    return PowerVersion.objects.filter(
        status=Status.PUBLISHED,
        item__current=F("pk"),
        item__deleted_at__isnull=True,
        audience=Audience.EXTERNAL,
    ).exclude(category__in=INTERNAL_CATEGORIES)


def public_search(
    *, q: str = "", category: str = "", body: Unit | int | None = None
) -> QuerySet[PowerVersion]:
    """The catalogue search of the staff list (catalog.selectors.version_filter) over public versions:
    keyword in name or code, category, body; ordered by body and code."""
    versions = version_filter(public_versions(), q=q, category=category, body=body)
    return (
        versions.select_related("item", "item__body", "department")
        .only(
            "id",
            "name",
            "category",
            "risk_level",
            "promised_limit",
            "promised_unit",
            "statutory_limit",
            "statutory_unit",
            "published_at",
            "item__id",
            "item__code",
            "item__body__id",
            "item__body__name",
            "department__id",
            "department__name",
        )
        .order_by("item__body_id", "item__code", "id")
    )


def public_bodies() -> list[tuple[int, str]]:
    """(id, name) of the bodies that have at least one public power, by code; kept in the page cache
    until the next publication (every search form lists them)."""
    return cache.remember(
        "bodies",
        lambda: list(
            Unit.objects.filter(pk__in=public_versions().values("item__body_id"))
            .order_by("code", "name")
            .values_list("pk", "name")
        ),
    )


def public_categories() -> list[tuple[str, str]]:
    return [(value, label) for value, label in Category.choices if value not in INTERNAL_CATEGORIES]


def public_power_get(*, item_pk: int) -> PowerVersion:
    """The version in force of one public power item, with what its page shows; NotFound for a draft,
    an internal power, a withdrawn item or anything else not public (the same answer for all)."""
    versions = public_versions().select_related("item", "item__body", "department", "flowchart")
    versions = versions.prefetch_related(
        "legal_bases",
        "materials",
        Prefetch("risk_points", queryset=RiskPoint.objects.prefetch_related("measures")),
        "benchmarks__tiers",
    )
    version = versions.filter(item_id=item_pk).first()
    if version is None:
        raise NotFound("not_public", _("该事项不存在或未公开"))
    return version


def public_item_exists(item: PowerItem) -> bool:
    return public_versions().filter(item=item).exists()


def case_lookup(*, number: str, check_code: str) -> Case | None:
    """The case with this receipt number whose check code matches, else None. The code is compared in
    constant time, and a wrong number and a wrong code give the same None (no enumeration)."""
    number, check_code = (number or "").strip(), (check_code or "").strip()
    if not number or not check_code:
        return None
    case = (
        Case.objects.filter(number=number)
        .select_related("power_version", "power_version__item", "body")
        .first()
    )
    expected = case.check_code if case is not None else "x" * 6
    if not hmac.compare_digest(expected.encode(), check_code.encode()) or case is None:
        return None
    return case


def published_results(*, body: Unit | int | None = None):
    """The results on public display (cases.outcome.publication.published_results), newest first."""
    return _published_results(body=body).only(
        "id",
        "title",
        "content",
        "channel",
        "starts_on",
        "earliest_end",
        "min_workdays",
        "body__id",
        "body__name",
        "case__id",
        "case__power_version__id",
        "case__power_version__name",
    )


def checkpoint_list() -> QuerySet[AuditCheckpoint]:
    return AuditCheckpoint.objects.order_by("-day").only("id", "day", "count", "head_hash", "taken_at")


# --- Decisions under public notice (决策公开征求意见, PUB-12, DEC-14) --------------------------------


def public_consultations(*, today=None) -> QuerySet:
    """The periods of public comment put on the portal (``on_portal``) of live topics, already
    published (a period announced for a later day is not shown before it), newest closing date first.
    Only the public text of the period and the topic's title, kind, body and state are read: never
    the staff records behind the topic (research, reviews, votes, who proposed it)."""
    today = today or clock.today()
    return (
        PublicComment.objects.filter(on_portal=True, topic__deleted_at__isnull=True, published_on__lte=today)
        .select_related("topic", "topic__body")
        .only(
            "id",
            "published_on",
            "closes_on",
            "channel",
            "document",
            "explanation",
            "topic__id",
            "topic__title",
            "topic__kind",
            "topic__status",
            "topic__legal_basis",
            "topic__decided_at",
            "topic__body__id",
            "topic__body__name",
        )
        .order_by("-closes_on", "-id")
    )


def public_consultation_get(*, pk: int, today=None):
    """One period as the portal shows it; NotFound for one not on the portal, not yet published or of
    a withdrawn topic (the same answer for all)."""
    period = public_consultations(today=today).filter(pk=pk).first()
    if period is None:
        raise NotFound("not_public", _("该征求意见不存在或未公开"))
    return period


def public_comment_entries(period) -> list[dict]:
    """The comments of a closed period with the body's answers, as the public reads them: the text,
    the day and the answer; never the commenter's name or contact (PUB-12)."""
    rows = PublicCommentEntry.objects.filter(period=period).order_by("id")
    return [
        {"number": n, "text": e.text, "on": e.created_at, "answer": e.answer, "answered_at": e.answered_at}
        for n, e in enumerate(rows.only("id", "text", "created_at", "answer", "answered_at"), start=1)
    ]


def public_comment_count(period) -> int:
    return PublicCommentEntry.objects.filter(period=period).count()


# --- Routine disclosure: public ------------------------------------------------------------------


def public_plan_bodies() -> QuerySet[Unit]:
    """The bodies with a disclosure plan, in tree order."""
    # Exists, not a join: a join on "no deleted plan" would also keep bodies without any plan.
    plans = DisclosurePlan.objects.filter(body=OuterRef("pk"))
    return Unit.objects.filter(Exists(plans), deleted_at__isnull=True).order_by("path")


def public_body_get(*, pk: int) -> Unit:
    body = public_plan_bodies().filter(pk=pk).first()
    if body is None:
        raise NotFound("not_found", _("该单位尚未公布政务公开计划。"))
    return body


def public_plans(body: Unit) -> QuerySet[DisclosurePlan]:
    return DisclosurePlan.objects.filter(body=body).order_by("-year")


def public_plan_items(plan: DisclosurePlan) -> QuerySet[PlanItem]:
    return plan.items.select_related("department").order_by("sort_order", "id")


def public_publications(body: Unit) -> QuerySet[Publication]:
    """What the body published, newest first: published text only, never who published it."""
    return (
        Publication.objects.filter(body=body, item__deleted_at__isnull=True)
        .select_related("item")
        .only("pk", "period", "title", "text", "published_at", "file_name", "file_size", "item__title")
        .order_by("-published_at", "-id")
    )


# --- Staff ---------------------------------------------------------------------------------------


def plan_list(*, actor) -> QuerySet[DisclosurePlan]:
    """The plans of the bodies in the actor's scope for ``disclosure.view``."""
    return (
        DisclosurePlan.objects.filter(scope_q(actor, "disclosure.view", "body"))
        .select_related("body")
        .order_by("body__path", "-year")
    )


def plan_get(*, actor, pk: int) -> DisclosurePlan:
    plan = plan_list(actor=actor).filter(pk=pk).first()
    if plan is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return plan


def request_visible_q(actor) -> Q:
    """The requests ``actor`` may read: in scope for registering/assigning or supervising, or given
    to them."""
    return (
        scope_q(actor, "disclosure.requests", "unit")
        | scope_q(actor, "disclosure.supervise", "unit")
        | Q(handler=actor)
    )


def request_list(*, actor, status: str = "", mine: bool = False, late: bool = False):
    qs = InformationRequest.objects.filter(request_visible_q(actor)).select_related("body", "unit", "handler")
    if status == "open":
        qs = qs.filter(status__in=OPEN_REQUEST_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if mine:
        qs = qs.filter(handler=actor)
    if late:
        qs = qs.filter(status__in=OPEN_REQUEST_STATUSES, due_at__lt=clock.now())
    return qs.order_by("-received_at", "-id")


def request_get(*, actor, pk: int) -> InformationRequest:
    request = (
        InformationRequest.objects.filter(request_visible_q(actor), pk=pk)
        .select_related("body", "unit", "handler", "registered_by", "answered_by", "extension_approved_by")
        .first()
    )
    if request is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"), rule="SEC-7")
    return request
