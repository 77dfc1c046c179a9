"""A version's life cycle (CAT-116): draft → submitted → reviewed (legal office and discipline
office) → published → superseded; a change of a published power is a new version (AUD-4)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.catalog import errors
from sunshine.catalog.choices import ReviewKind, ReviewOutcome, Status
from sunshine.catalog.models import (
    DiscretionBenchmark,
    DiscretionTier,
    LegalBasis,
    Material,
    Measure,
    PowerItem,
    PowerVersion,
    Responsibility,
    Review,
    RiskPoint,
)
from sunshine.catalog.services._inputs import choice, text
from sunshine.catalog.services.checks import publication_problems
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, FieldError, RuleViolated
from sunshine.core.permissions import require_permission
from sunshine.core.services import versioned_update

REVIEW_PERMISSION = {
    ReviewKind.LEGAL: "catalog.review_legal",
    ReviewKind.DISCIPLINE: "catalog.review_discipline",
}


def _require_status(version: PowerVersion, *allowed: str) -> None:
    if version.status not in allowed:
        raise Conflict(
            errors.WRONG_STATE,
            _("“%(name)s”第%(n)d版当前为“%(status)s”，不能进行此操作")
            % {"name": version.name, "n": version.number, "status": version.get_status_display()},
            rule="CAT-116",
        )


def refuse_if_incomplete(version: PowerVersion, *, run: bool = True) -> None:
    """Refuse with every missing element named (one FieldError per problem)."""
    problems = publication_problems(version, run=run)
    if problems:
        first = problems[0]
        raise RuleViolated(
            errors.NOT_PUBLISHABLE,
            _("该事项尚不完整，共%(n)d处问题：%(first)s等") % {"n": len(problems), "first": first.message}
            if len(problems) > 1
            else _("该事项尚不完整：%(first)s") % {"first": first.message},
            rule=first.rule,
            errors=[FieldError(p.element_id, p.code, p.message) for p in problems],
        )


@transaction.atomic
def version_submit(*, actor, version: PowerVersion, expected_version: int) -> PowerVersion:
    """Send a complete draft to the legal and discipline offices (初审初定, CAT-116)."""
    require_permission(actor, "catalog.edit", version)
    _require_status(version, Status.DRAFT)
    refuse_if_incomplete(version)
    before = audit_snapshot(version)
    versioned_update(
        version,
        expected_version=expected_version,
        status=Status.SUBMITTED,
        submitted_at=clock.now(),
        review_round=version.review_round + 1,
    )
    audit_record(actor=actor, action="catalog.version_submit", target=version, before=before)
    return version


@transaction.atomic
def version_review(
    *,
    actor,
    version: PowerVersion,
    kind: str,
    outcome: str,
    opinion: str,
    basis_checked: bool = False,
    practice_checked: bool = False,
    name_checked: bool = False,
) -> Review:
    """A review by the legal office or the discipline office with the three checks (CAT-117).

    Returned: the version goes back to draft. Approved by both offices in this round: reviewed.
    """
    kind = choice(kind, ReviewKind, field="kind", label=_("审核类别"))
    require_permission(actor, REVIEW_PERMISSION[kind], version)
    outcome = choice(outcome, ReviewOutcome, field="outcome", label=_("审核结论"))
    opinion = text(opinion, field="opinion", label=_("审核意见"), max_length=5000)
    version = PowerVersion.objects.select_for_update().get(pk=version.pk)
    _require_status(version, Status.SUBMITTED)
    if actor is not None and version.created_by_id == actor.pk:
        raise Conflict(errors.SELF_REVIEW, _("不能审核自己编制的事项"), rule="CAT-116")
    if Review.objects.filter(version=version, round=version.review_round, kind=kind).exists():
        raise Conflict(
            errors.REVIEW_TWICE, _("本轮%(kind)s已完成") % {"kind": ReviewKind(kind).label}, field="kind"
        )
    if outcome == ReviewOutcome.APPROVED and kind == ReviewKind.LEGAL and not basis_checked:
        raise RuleViolated(
            errors.INVALID, _("法制审核须对照法律法规核对职权依据"), field="basis_checked", rule="CAT-116"
        )
    review = Review.objects.create(
        version=version,
        kind=kind,
        outcome=outcome,
        opinion=opinion,
        basis_checked=bool(basis_checked),
        practice_checked=bool(practice_checked),
        name_checked=bool(name_checked),
        reviewer=actor,
        round=version.review_round,
        created_by=actor,
    )
    audit_record(actor=actor, action="catalog.version_review", target=review, label=str(version))
    before = audit_snapshot(version)
    if outcome == ReviewOutcome.RETURNED:
        versioned_update(version, expected_version=version.version, status=Status.DRAFT)
    elif (
        Review.objects.filter(
            version=version, round=version.review_round, outcome=ReviewOutcome.APPROVED
        ).count()
        == 2
    ):
        versioned_update(version, expected_version=version.version, status=Status.REVIEWED)
    else:
        return review
    audit_record(actor=actor, action="catalog.version_status", target=version, before=before)
    return review


@transaction.atomic
def version_publish(*, actor, version: PowerVersion, expected_version: int) -> PowerVersion:
    """Publish a reviewed version (亮权); the one in force before it is superseded. The flowchart is
    validated and run once more in the engine: what is published must run (CAT-121)."""
    require_permission(actor, "catalog.publish", version)
    _require_status(version, Status.REVIEWED)
    refuse_if_incomplete(version)
    item = PowerItem.objects.select_for_update().get(pk=version.item_id)
    now = clock.now()
    if item.current_id and item.current_id != version.pk:
        old = item.current
        before = audit_snapshot(old)
        versioned_update(old, expected_version=old.version, status=Status.SUPERSEDED, superseded_at=now)
        audit_record(actor=actor, action="catalog.version_supersede", target=old, before=before)
    before = audit_snapshot(version)
    versioned_update(
        version,
        expected_version=expected_version,
        status=Status.PUBLISHED,
        published_at=now,
        published_by=actor,
    )
    item.current = version
    item.save(update_fields=["current", "updated_at"])
    audit_record(actor=actor, action="catalog.version_publish", target=version, before=before)
    return version


def _copy_parts(source: PowerVersion, target: PowerVersion) -> None:
    plain = {
        LegalBasis: ("level", "statute", "article", "text"),
        Material: ("name", "copies", "required", "note"),
        Responsibility: ("role", "post_id", "person_id", "collective_body"),
    }
    for model, fields in plain.items():
        rows = model.objects.filter(version=source)
        model.objects.bulk_create(
            [
                model(version=target, sort_order=r.sort_order, **{f: getattr(r, f) for f in fields})
                for r in rows
            ]
        )
    risk_fields = (
        "step_id",
        "step_name",
        "description",
        "level",
        "importance",
        "frequency",
        "likelihood",
        "is_main",
    )
    for point in RiskPoint.objects.filter(version=source).prefetch_related("measures"):
        copy = RiskPoint.objects.create(
            version=target,
            sort_order=point.sort_order,
            responsible_post_id=point.responsible_post_id,
            responsible_person_id=point.responsible_person_id,
            **{f: getattr(point, f) for f in risk_fields},
        )
        Measure.objects.bulk_create(
            [
                Measure(
                    risk_point=copy,
                    description=m.description,
                    responsible_person_id=m.responsible_person_id,
                    sort_order=m.sort_order,
                )
                for m in point.measures.all()
            ]
        )
    for bench in DiscretionBenchmark.objects.filter(version=source).prefetch_related("tiers"):
        copy = DiscretionBenchmark.objects.create(
            version=target, sort_order=bench.sort_order, violation=bench.violation, basis=bench.basis
        )
        tier_fields = ("grade", "band", "circumstances", "min_amount", "max_amount", "measure", "sort_order")
        DiscretionTier.objects.bulk_create(
            [
                DiscretionTier(benchmark=copy, **{f: getattr(t, f) for f in tier_fields})
                for t in bench.tiers.all()
            ]
        )


VERSION_FIELDS = (
    "name",
    "category",
    "audience",
    "department_id",
    "conditions",
    "statutory_limit",
    "statutory_unit",
    "promised_limit",
    "promised_unit",
    "fees",
    "fee_basis",
    "disclosure",
    "results_public",
    "counterpart_rights",
    "complaint_channel",
)


@transaction.atomic
def version_new(*, actor, item: PowerItem, change_note: str = "") -> PowerVersion:
    """Start a new draft from the latest version, to change a power (回头看, CAT-118; AUD-4)."""
    from sunshine.flows.models import Flowchart

    item = PowerItem.objects.select_for_update().get(pk=item.pk)
    source = item.latest
    require_permission(actor, "catalog.edit", source)
    if source.status in (Status.DRAFT, Status.SUBMITTED, Status.REVIEWED):
        raise Conflict(
            errors.OPEN_VERSION_EXISTS,
            _("该事项已有未发布的第%(n)d版，请在其上修改") % {"n": source.number},
            rule="AUD-4",
        )
    version = PowerVersion.objects.create(
        item=item,
        number=source.number + 1,
        created_by=actor,
        change_note=text(
            change_note, field="change_note", label=_("修订说明"), max_length=5000, required=False
        ),
        **{f: getattr(source, f) for f in VERSION_FIELDS},
    )
    _copy_parts(source, version)
    PowerVersion.objects.filter(pk=version.pk).update(risk_level=source.risk_level)
    version.risk_level = source.risk_level
    if flowchart := getattr(source, "flowchart", None):
        Flowchart.objects.create(
            power_version=version,
            xml=flowchart.xml,
            template=flowchart.template,
            steps=flowchart.steps,
            lanes=flowchart.lanes,
            created_by=actor,
        )
    item.latest = version
    item.save(update_fields=["latest", "updated_at"])
    audit_record(actor=actor, action="catalog.version_new", target=version, extra={"from_version": source.pk})
    return version
