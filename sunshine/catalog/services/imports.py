"""Registering many new powers at once (批量清理登记, CAT-116), for the Excel import (catalog.workbook).

What item_create, legal_bases_set, materials_set, responsibilities_set, flowchart_from_template,
risk_point_add and benchmarks_set do for one new item, done for many: the same checks, then one bulk
statement per kind of row, and one audit record per item holding the version and all its rows
(catalog.item_import). Calling the single-item services costs about 60 statements and 6 audit records
per item: 5,000 items took 430 s on the CI machine, this takes a small fraction of it.

The row checks repeat those of the single-item services; they should become shared helpers of
services/items.py and services/risks.py (one place per rule).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from sunshine.catalog import errors
from sunshine.catalog.choices import LegalLevel, ResponsibleRole, RiskLevel
from sunshine.catalog.models import (
    DiscretionBenchmark,
    DiscretionTier,
    LegalBasis,
    Material,
    Measure,
    PowerItem,
    PowerVersion,
    Responsibility,
    RiskPoint,
)
from sunshine.catalog.services._inputs import alive, amount, body_member, choice, limit, rating, text
from sunshine.catalog.services.items import clean_content
from sunshine.catalog.services.risks import suggested_level
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.permissions import require_permission

CHILD_KINDS = ("legal_bases", "materials", "responsibilities", "risk_points", "benchmarks")


class _Rows:
    """The row checks of the single-item services, with their labels translated once per import."""

    def __init__(self, body, templates: dict[str, dict[str, str]]):
        self.body, self.templates = body, templates
        self.label = {
            "level": _("效力层级"),
            "statute": _("法律法规名称"),
            "article": _("条款"),
            "text": _("条文内容"),
            "name": _("材料名称"),
            "copies": _("份数"),
            "note": _("说明"),
            "collective_body": _("集体决策机构"),
            "role": _("职责"),
            "step_id": _("流程环节"),
            "description": _("风险描述"),
            "importance": _("权力重要程度"),
            "frequency": _("行使频率"),
            "likelihood": _("发生可能性"),
            "risk_level": _("风险等级"),
            "measure": _("防控措施"),
            "min_amount": _("罚款下限"),
            "max_amount": _("罚款上限"),
            "tier_measure": _("处罚种类或措施"),
            "grade": _("裁量等级"),
            "band": _("裁量档次"),
            "circumstances": _("违法情节"),
            "violation": _("违法行为"),
            "basis": _("处罚依据"),
        }

    def _text(self, row: dict, key: str, field: str, max_length: int, required: bool = True, label: str = ""):
        return text(
            row.get(key),
            field=f"{field}.{key}",
            label=self.label[label or key],
            max_length=max_length,
            required=required,
        )

    def _own(self, obj, field: str):
        """A post or person of the body (or None): the workbook gives the objects themselves."""
        return body_member(obj, type(obj), self.body.pk, field=field, message=_("须选择本单位的岗位或人员"))

    def legal_basis(self, row: dict, field: str) -> dict:
        level = choice(
            row.get("level") or LegalLevel.LAW, LegalLevel, field=f"{field}.level", label=self.label["level"]
        )
        return {
            "level": level,
            "statute": self._text(row, "statute", field, 200),
            "article": self._text(row, "article", field, 100, required=False),
            "text": self._text(row, "text", field, 5000, required=False),
        }

    def material(self, row: dict, field: str) -> dict:
        copies = limit(row.get("copies") or 1, field=f"{field}.copies", label=self.label["copies"])
        return {
            "name": self._text(row, "name", field, 200),
            "copies": min(copies, 99),
            "required": bool(row.get("required", True)),
            "note": self._text(row, "note", field, 300, required=False),
        }

    def responsibility(self, row: dict, field: str) -> dict:
        post, person = (
            self._own(row.get("post"), f"{field}.post"),
            self._own(row.get("person"), f"{field}.person"),
        )
        collective = self._text(row, "collective_body", field, 100, required=False)
        if post is None and person is None and not collective:
            raise InvalidInput(
                errors.INVALID, _("请选择岗位或人员，或填写集体决策机构"), field=f"{field}.post"
            )
        role = choice(row.get("role"), ResponsibleRole, field=f"{field}.role", label=self.label["role"])
        return {"role": role, "post": post, "person": person, "collective_body": collective}

    def risk_point(self, row: dict, template: str, field: str) -> tuple[dict, list[str]]:
        step_id = self._text(row, "step_id", field, 100)
        names = self.templates[template]
        if step_id not in names:
            raise InvalidInput(
                errors.UNKNOWN_STEP,
                _("流程图中没有环节“%(id)s”") % {"id": step_id},
                field=f"{field}.step_id",
                rule="CAT-121",
            )
        ratings = {
            key: rating(row.get(key) or 2, field=f"{field}.{key}", label=self.label[key])
            for key in ("importance", "frequency", "likelihood")
        }
        level = row.get("level")
        if level:
            level = choice(level, RiskLevel, field=f"{field}.level", label=self.label["risk_level"])
        else:
            level = suggested_level(ratings["importance"], ratings["frequency"], ratings["likelihood"])
        measures = [
            text(m, field=f"{field}.measures.{j}", label=self.label["measure"], max_length=2000)
            for j, m in enumerate(row.get("measures") or [])
        ]
        clean = {
            "step_id": step_id,
            "step_name": names[step_id],
            "description": self._text(row, "description", field, 2000),
            "level": level,
            "is_main": bool(row.get("is_main")),
            "responsible_post": self._own(row.get("responsible_post"), f"{field}.responsible_post"),
            "responsible_person": self._own(row.get("responsible_person"), f"{field}.responsible_person"),
            **ratings,
        }
        return clean, measures

    def benchmark(self, bench: dict, field: str) -> tuple[dict, list[dict]]:
        tiers = []
        for j, tier in enumerate(bench.get("tiers") or []):
            tfield = f"{field}.tiers.{j}"
            low = amount(tier.get("min_amount"), field=f"{tfield}.min_amount", label=self.label["min_amount"])
            high = amount(
                tier.get("max_amount"), field=f"{tfield}.max_amount", label=self.label["max_amount"]
            )
            if low is not None and high is not None and low > high:
                raise InvalidInput(
                    errors.INVALID, _("罚款下限不能高于上限"), field=f"{tfield}.min_amount", rule="CAT-127"
                )
            measure = self._text(tier, "measure", tfield, 300, required=False, label="tier_measure")
            if low is None and high is None and not measure:
                raise InvalidInput(
                    errors.INVALID,
                    _("每一档须填写罚款幅度或处罚措施"),
                    field=f"{tfield}.measure",
                    rule="CAT-127",
                )
            tiers.append(
                {
                    "grade": self._text(tier, "grade", tfield, 50),
                    "band": self._text(tier, "band", tfield, 50, required=False),
                    "circumstances": self._text(tier, "circumstances", tfield, 2000),
                    "min_amount": low,
                    "max_amount": high,
                    "measure": measure,
                }
            )
        if not tiers:
            raise InvalidInput(
                errors.INVALID, _("每项违法行为至少设一个裁量档次"), field=f"{field}.tiers", rule="CAT-127"
            )
        head = {
            "violation": self._text(bench, "violation", field, 300),
            "basis": self._text(bench, "basis", field, 5000, required=False),
        }
        return head, tiers


def _clean(actor, body, rows: _Rows, i: int, item: dict) -> dict:
    prefix = f"items.{i}"
    data = {k: v for k, v in item.items() if k not in (*CHILD_KINDS, "code", "template")}
    try:
        content = clean_content(body, {"department": None, **data})
        require_permission(actor, "catalog.edit", content["department"])
        code = text(item.get("code"), field="code", label=_("事项编码"), max_length=50)
    except InvalidInput as error:
        error.field = f"{prefix}.{error.field}" if error.field else prefix
        raise
    template = item.get("template") or "permit"
    if template not in rows.templates:
        raise InvalidInput("unknown_template", _("没有该流程图模板"), field=f"{prefix}.template")
    order = list(LegalLevel.values)
    legal = [
        rows.legal_basis(r, f"{prefix}.legal_bases.{j}") for j, r in enumerate(item.get("legal_bases") or [])
    ]
    risks = [
        rows.risk_point(r, template, f"{prefix}.risk_points.{j}")
        for j, r in enumerate(item.get("risk_points") or [])
    ]
    # As risk_point_add: the first is the main one until another is marked; the last marked wins.
    mains = [r for r, _m in risks if r["is_main"]] or [r for r, _m in risks[:1]]
    for point, _measures in risks:
        point["is_main"] = bool(mains) and point is mains[-1]
    return {
        "code": code,
        "content": content,
        "template": template,
        "legal_bases": sorted(legal, key=lambda r: order.index(r["level"])),
        "materials": [
            rows.material(r, f"{prefix}.materials.{j}") for j, r in enumerate(item.get("materials") or [])
        ],
        "responsibilities": [
            rows.responsibility(r, f"{prefix}.responsibilities.{j}")
            for j, r in enumerate(item.get("responsibilities") or [])
        ],
        "risk_points": risks,
        "benchmarks": [
            rows.benchmark(b, f"{prefix}.benchmarks.{j}") for j, b in enumerate(item.get("benchmarks") or [])
        ],
    }


@transaction.atomic
def items_import(*, actor, body, items: list[dict]) -> list[PowerVersion]:
    """Register many new powers (批量清理登记, CAT-116): each a draft first version with its rows and
    the flowchart of its ``template`` (permit or penalty), as the single-item services would make it.

    ``items[i]``: ``code``, the version fields of item_create, ``template``, and the lists
    ``legal_bases``, ``materials``, ``responsibilities``, ``risk_points`` (each with ``measures``)
    and ``benchmarks`` (each with ``tiers``) in the single-item services' shapes. A refusal names
    its field ``items.<i>.<field>`` (``items.<i>.legal_bases.<j>.statute`` ...). Needs catalog.import,
    and catalog.edit over each item's department.
    """
    from sunshine.flows import engine
    from sunshine.flows.models import Flowchart
    from sunshine.flows.services import _read

    require_permission(actor, "catalog.import")
    body = alive(body, field="body")
    templates = {name: _read(engine.template(name)) for name in engine.TEMPLATES}
    rows = _Rows(
        body, {name: {s["element_id"]: s.get("name", "") for s in t[0]} for name, t in templates.items()}
    )
    clean = [_clean(actor, body, rows, i, item) for i, item in enumerate(items)]
    first: dict[str, int] = {}
    for i, item in enumerate(clean):
        if first.setdefault(item["code"], i) != i:
            raise Conflict(
                errors.CODE_TAKEN, _("编码“%(code)s”重复") % {"code": item["code"]}, field=f"items.{i}.code"
            )
    taken = set(PowerItem.objects.filter(body=body, code__in=list(first)).values_list("code", flat=True))
    if taken:
        i = min(first[code] for code in taken)
        raise Conflict(
            errors.CODE_TAKEN,
            _("%(body)s已有编码为“%(code)s”的事项") % {"body": body, "code": clean[i]["code"]},
            field=f"items.{i}.code",
        )

    powers = PowerItem.objects.bulk_create(
        [PowerItem(body=body, code=c["code"], created_by=actor) for c in clean]
    )
    versions = PowerVersion.objects.bulk_create(
        [
            PowerVersion(
                item=p,
                number=1,
                created_by=actor,
                # the power's grade: its highest risk point's (SUP-133), as risk_point_add keeps it
                risk_level=min((point["level"] for point, _m in c["risk_points"]), default=""),
                **c["content"],
            )
            for p, c in zip(powers, clean, strict=True)
        ]
    )
    first_version = PowerVersion.objects.filter(item=OuterRef("pk"), number=1).values("pk")[:1]
    PowerItem.objects.filter(pk__in=[p.pk for p in powers]).update(latest=Subquery(first_version))
    pairs = list(zip(versions, clean, strict=True))
    Flowchart.objects.bulk_create(
        [
            Flowchart(
                power_version=v,
                xml=engine.template(c["template"]),
                steps=templates[c["template"]][0],
                lanes=templates[c["template"]][1],
                template=c["template"],
                created_by=actor,
            )
            for v, c in pairs
        ]
    )
    made: dict[int, dict[str, list]] = {v.pk: {kind: [] for kind in CHILD_KINDS} for v in versions}
    for model, kind in (
        (LegalBasis, "legal_bases"),
        (Material, "materials"),
        (Responsibility, "responsibilities"),
    ):
        rows_made = model.objects.bulk_create(
            [model(version=v, sort_order=j, **row) for v, c in pairs for j, row in enumerate(c[kind])]
        )
        for row in rows_made:
            made[row.version_id][kind].append(audit_snapshot(row))
    risks = [
        (v, j, point, measures) for v, c in pairs for j, (point, measures) in enumerate(c["risk_points"])
    ]
    points = RiskPoint.objects.bulk_create([RiskPoint(version=v, sort_order=j, **p) for v, j, p, _m in risks])
    Measure.objects.bulk_create(
        [
            Measure(risk_point=point, description=text_, sort_order=k)
            for point, (_v, _j, _p, measures) in zip(points, risks, strict=True)
            for k, text_ in enumerate(measures)
        ]
    )
    for point, (_v, _j, _p, measures) in zip(points, risks, strict=True):
        made[point.version_id]["risk_points"].append({**audit_snapshot(point), "measures": measures})
    benches = [(v, j, head, tiers) for v, c in pairs for j, (head, tiers) in enumerate(c["benchmarks"])]
    bench_rows = DiscretionBenchmark.objects.bulk_create(
        [DiscretionBenchmark(version=v, sort_order=j, **head) for v, j, head, _t in benches]
    )
    DiscretionTier.objects.bulk_create(
        [
            DiscretionTier(benchmark=row, sort_order=k, **tier)
            for row, (_v, _j, _h, tiers) in zip(bench_rows, benches, strict=True)
            for k, tier in enumerate(tiers)
        ]
    )
    for row, (_v, _j, _h, tiers) in zip(bench_rows, benches, strict=True):
        made[row.version_id]["benchmarks"].append({**audit_snapshot(row), "tiers": tiers})
    for version, item in pairs:
        audit_record(
            actor=actor,
            action="catalog.item_import",
            target=version,
            label=f"{item['code']} {version.name}",
            after={**audit_snapshot(version), "template": item["template"], **made[version.pk]},
        )
    return versions
