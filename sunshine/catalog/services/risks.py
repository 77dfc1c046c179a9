"""Risk points, their prevention measures (制权: CAT-3..5, SUP-132..134) and discretion benchmarks
(CAT-127), on a draft version."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.catalog import errors
from sunshine.catalog.choices import RiskLevel
from sunshine.catalog.models import DiscretionBenchmark, DiscretionTier, Measure, PowerVersion, RiskPoint
from sunshine.catalog.services._inputs import alive, amount, body_member, choice, rating, text
from sunshine.catalog.services.items import require_editable
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import InvalidInput
from sunshine.core.permissions import require_permission
from sunshine.core.services import versioned_update
from sunshine.org.models import Person, Post


def suggested_level(importance: int, frequency: int, likelihood: int) -> str:
    """The grade the three ratings suggest (CAT-4: importance, frequency, likelihood; the seeds give
    no formula, so the product multiplies them, 1..27, and cuts at settings the body may change)."""
    score = importance * frequency * likelihood
    cuts = settings.SUNSHINE_RISK_LEVEL_CUTS
    if score >= cuts["A"]:
        return RiskLevel.A
    return RiskLevel.B if score >= cuts["B"] else RiskLevel.C


def _touch(version: PowerVersion) -> None:
    """A change of a draft's parts counts as a change of the draft (AUD-3 for concurrent editors);
    the power's grade follows its risk points."""
    level = grade_of(version)
    PowerVersion.objects.filter(pk=version.pk).update(
        version=version.version + 1, updated_at=clock.now(), risk_level=level
    )
    version.version += 1
    version.risk_level = level


def grade_of(version: PowerVersion) -> str:
    """The power's grade: the highest grade among its risk points ('' without any; SUP-133)."""
    return (
        RiskPoint.objects.filter(version=version).order_by("level").values_list("level", flat=True).first()
        or ""
    )


def _step(version: PowerVersion, step_id: str) -> tuple[str, str]:
    """The step's id and name; it must be a step of the version's flowchart when there is one."""
    step_id = text(step_id, field="step_id", label=_("流程环节"), max_length=100)
    flowchart = getattr(version, "flowchart", None)
    if flowchart is None:
        return step_id, ""
    names = {step["element_id"]: step.get("name", "") for step in flowchart.steps}
    if step_id not in names:
        raise InvalidInput(
            errors.UNKNOWN_STEP,
            _("流程图中没有环节“%(id)s”") % {"id": step_id},
            field="step_id",
            rule="CAT-121",
        )
    return step_id, names[step_id]


def _own(obj, model, version: PowerVersion, field: str):
    """A post or person of the version's body (or None)."""
    return body_member(obj, model, version.item.body_id, field=field, message=_("须选择本单位的岗位或人员"))


def _clean_risk(version: PowerVersion, data: dict) -> dict:
    out = {}
    if "step_id" in data:
        out["step_id"], out["step_name"] = _step(version, data["step_id"])
    if "description" in data:
        out["description"] = text(
            data["description"], field="description", label=_("风险描述"), max_length=2000
        )
    for field, label in (
        ("importance", _("权力重要程度")),
        ("frequency", _("行使频率")),
        ("likelihood", _("发生可能性")),
    ):
        if field in data:
            out[field] = rating(data[field], field=field, label=label)
    if data.get("level"):
        out["level"] = choice(data["level"], RiskLevel, field="level", label=_("风险等级"))
    if "is_main" in data:
        out["is_main"] = bool(data["is_main"])
    if "responsible_post" in data:
        out["responsible_post"] = _own(data["responsible_post"], Post, version, "responsible_post")
    if "responsible_person" in data:
        out["responsible_person"] = _own(data["responsible_person"], Person, version, "responsible_person")
    return out


def _one_main(version: PowerVersion, keep: RiskPoint) -> None:
    """One main risk point per power (CAT-119): marking one unmarks the others."""
    RiskPoint.objects.filter(version=version, is_main=True).exclude(pk=keep.pk).update(is_main=False)


@transaction.atomic
def risk_point_add(*, actor, version: PowerVersion, measures: list[str] | tuple = (), **data) -> RiskPoint:
    """A risk point on a step, with its measures. The grade defaults to the suggested one."""
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    data.setdefault("importance", 2)
    data.setdefault("frequency", 2)
    data.setdefault("likelihood", 2)
    clean = _clean_risk(
        version, {"step_id": data.pop("step_id", ""), "description": data.pop("description", ""), **data}
    )
    clean.setdefault("level", suggested_level(clean["importance"], clean["frequency"], clean["likelihood"]))
    if clean.get("is_main"):
        RiskPoint.objects.filter(version=version, is_main=True).update(is_main=False)
    elif not version.risk_points.exists():
        clean["is_main"] = True  # the first risk point is the main one until another is marked
    order = version.risk_points.count()
    point = RiskPoint.objects.create(version=version, sort_order=order, **clean)
    for i, description in enumerate(measures):
        description = text(description, field=f"measures.{i}", label=_("防控措施"), max_length=2000)
        Measure.objects.create(risk_point=point, description=description, sort_order=i)
    _touch(version)
    audit_record(
        actor=actor,
        action="catalog.risk_point_add",
        target=point,
        extra={"measures": [m.description for m in point.measures.all()]},
    )
    return point


@transaction.atomic
def risk_point_update(*, actor, point: RiskPoint, expected_version: int, **data) -> RiskPoint:
    version = point.version
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    clean = _clean_risk(version, data)
    before = audit_snapshot(point)
    if version.version != expected_version:
        versioned_update(version, expected_version=expected_version)  # raises the AUD-3 conflict
    for field, value in clean.items():
        setattr(point, field, value)
    if clean.get("is_main"):
        _one_main(version, point)
    point.save()
    _touch(version)
    audit_record(actor=actor, action="catalog.risk_point_update", target=point, before=before)
    return point


@transaction.atomic
def risk_point_remove(*, actor, point: RiskPoint, reason: str = "") -> None:
    version = point.version
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    before = audit_snapshot(point)
    now = clock.now()
    point.measures.update(deleted_at=now, deleted_by=actor, delete_reason="risk point removed")
    RiskPoint.objects.filter(pk=point.pk).update(
        deleted_at=now, deleted_by=actor, delete_reason=reason or "removed"
    )
    _touch(version)
    audit_record(actor=actor, action="catalog.risk_point_remove", target=point, before=before, note=reason)


@transaction.atomic
def measure_add(*, actor, point: RiskPoint, description: str, responsible_person=None) -> Measure:
    """A prevention measure (SUP-132: every risk point needs at least one)."""
    version = alive(point, field="risk_point").version
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    measure = Measure.objects.create(
        risk_point=point,
        description=text(description, field="description", label=_("防控措施"), max_length=2000),
        responsible_person=_own(responsible_person, Person, version, "responsible_person"),
        sort_order=point.measures.count(),
    )
    _touch(version)
    audit_record(actor=actor, action="catalog.measure_add", target=measure)
    return measure


@transaction.atomic
def measure_remove(*, actor, measure: Measure) -> None:
    version = measure.risk_point.version
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    before = audit_snapshot(measure)
    Measure.objects.filter(pk=measure.pk).update(
        deleted_at=clock.now(), deleted_by=actor, delete_reason="removed"
    )
    _touch(version)
    audit_record(actor=actor, action="catalog.measure_remove", target=measure, before=before)


@transaction.atomic
def benchmarks_set(*, actor, version: PowerVersion, benchmarks) -> list[DiscretionBenchmark]:
    """Replace a draft's discretion benchmarks (CAT-127): each violation with its tiers and ranges."""
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    if not isinstance(benchmarks, list | tuple):
        raise InvalidInput(errors.INVALID, _("自由裁量基准须为列表"), field="benchmarks")
    clean = []
    for i, bench in enumerate(benchmarks):
        field = f"benchmarks.{i}"
        tiers = []
        for j, tier in enumerate(bench.get("tiers") or []):
            tfield = f"{field}.tiers.{j}"
            low = amount(tier.get("min_amount"), field=f"{tfield}.min_amount", label=_("罚款下限"))
            high = amount(tier.get("max_amount"), field=f"{tfield}.max_amount", label=_("罚款上限"))
            if low is not None and high is not None and low > high:
                raise InvalidInput(
                    errors.INVALID, _("罚款下限不能高于上限"), field=f"{tfield}.min_amount", rule="CAT-127"
                )
            measure = text(
                tier.get("measure"),
                field=f"{tfield}.measure",
                label=_("处罚种类或措施"),
                max_length=300,
                required=False,
            )
            if low is None and high is None and not measure:
                raise InvalidInput(
                    errors.INVALID,
                    _("每一档须填写罚款幅度或处罚措施"),
                    field=f"{tfield}.measure",
                    rule="CAT-127",
                )
            tiers.append(
                {
                    "grade": text(
                        tier.get("grade"), field=f"{tfield}.grade", label=_("裁量等级"), max_length=50
                    ),
                    "band": text(
                        tier.get("band"),
                        field=f"{tfield}.band",
                        label=_("裁量档次"),
                        max_length=50,
                        required=False,
                    ),
                    "circumstances": text(
                        tier.get("circumstances"),
                        field=f"{tfield}.circumstances",
                        label=_("违法情节"),
                        max_length=2000,
                    ),
                    "min_amount": low,
                    "max_amount": high,
                    "measure": measure,
                }
            )
        if not tiers:
            raise InvalidInput(
                errors.INVALID, _("每项违法行为至少设一个裁量档次"), field=f"{field}.tiers", rule="CAT-127"
            )
        clean.append(
            {
                "violation": text(
                    bench.get("violation"), field=f"{field}.violation", label=_("违法行为"), max_length=300
                ),
                "basis": text(
                    bench.get("basis"),
                    field=f"{field}.basis",
                    label=_("处罚依据"),
                    max_length=5000,
                    required=False,
                ),
                "tiers": tiers,
            }
        )
    now = clock.now()
    old = list(version.benchmarks.all())
    before = [{**audit_snapshot(b), "tiers": [audit_snapshot(t) for t in b.tiers.all()]} for b in old]
    DiscretionTier.objects.filter(benchmark__in=old).update(
        deleted_at=now, deleted_by=actor, delete_reason="replaced"
    )
    version.benchmarks.update(deleted_at=now, deleted_by=actor, delete_reason="replaced")
    created = []
    for i, bench in enumerate(clean):
        tiers = bench.pop("tiers")
        row = DiscretionBenchmark.objects.create(version=version, sort_order=i, **bench)
        DiscretionTier.objects.bulk_create(
            [DiscretionTier(benchmark=row, sort_order=j, **t) for j, t in enumerate(tiers)]
        )
        created.append(row)
    _touch(version)
    after = [{**audit_snapshot(b), "tiers": [audit_snapshot(t) for t in b.tiers.all()]} for b in created]
    audit_record(
        actor=actor,
        action="catalog.benchmarks_set",
        target=version,
        before={"benchmarks": before},
        after={"benchmarks": after},
    )
    return created
