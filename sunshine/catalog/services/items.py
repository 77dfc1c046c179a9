"""Power items and the content of their draft versions (清权/确权: CAT-108, CAT-113, CAT-122)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sunshine.catalog import errors
from sunshine.catalog.choices import Audience, Category, LegalLevel, PeriodUnit, ResponsibleRole, Status
from sunshine.catalog.models import LegalBasis, Material, PowerItem, PowerVersion, Responsibility
from sunshine.catalog.services._inputs import alive, body_member, choice, limit, text
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.permissions import require_permission
from sunshine.core.services import versioned_update
from sunshine.org.models import Person, Post, Unit

# The fields of a version a draft's editor may change, with their labels for messages.
TEXT_FIELDS = {
    "conditions": _("办理条件"),
    "fees": _("收费标准"),
    "fee_basis": _("收费依据"),
    "disclosure": _("公开方式"),
    "counterpart_rights": _("相对人权利"),
    "complaint_channel": _("投诉举报渠道"),
    "change_note": _("修订说明"),
}


def require_editable(version: PowerVersion) -> None:
    """A published, superseded or submitted version is never changed (AUD-4, CAT-116)."""
    if version.status != Status.DRAFT:
        raise Conflict(
            errors.NOT_EDITABLE,
            _("“%(name)s”第%(n)d版处于“%(status)s”状态，不能修改；如需修改请先退回或创建新版本")
            % {"name": version.name, "n": version.number, "status": version.get_status_display()},
            rule="AUD-4",
        )


def _department(body: Unit, department: Unit | None) -> Unit:
    department = alive(department or body, field="department")
    if department.body_id != body.pk:
        raise InvalidInput(
            errors.DEPARTMENT_OUTSIDE_BODY,
            _("责任科室须是%(body)s或其内设机构") % {"body": body.name},
            field="department",
        )
    return department


def clean_content(body: Unit, data: dict) -> dict:
    """Checked values of the version fields present in ``data`` (each refusal names its field)."""
    out: dict = {}
    if "name" in data:
        out["name"] = text(data["name"], field="name", label=_("事项名称"), max_length=200)
    if "category" in data:
        out["category"] = choice(data["category"], Category, field="category", label=_("权力类别"))
    if "audience" in data:
        out["audience"] = choice(
            data["audience"] or Audience.EXTERNAL, Audience, field="audience", label=_("公开范围")
        )
    if "department" in data:
        out["department"] = _department(body, data["department"])
    for kind, label in (("statutory", _("法定时限")), ("promised", _("承诺时限"))):
        if f"{kind}_limit" in data:
            out[f"{kind}_limit"] = limit(data[f"{kind}_limit"], field=f"{kind}_limit", label=label)
        if f"{kind}_unit" in data:
            out[f"{kind}_unit"] = choice(
                data[f"{kind}_unit"] or PeriodUnit.WORKDAYS, PeriodUnit, field=f"{kind}_unit", label=label
            )
    for field, label in TEXT_FIELDS.items():
        if field in data:
            out[field] = text(data[field], field=field, label=label, max_length=5000, required=False)
    if "results_public" in data:
        out["results_public"] = bool(data["results_public"])
    statutory, promised = out.get("statutory_limit"), out.get("promised_limit")
    same_unit = out.get("statutory_unit") == out.get("promised_unit")
    if statutory and promised and same_unit and promised > statutory:
        raise InvalidInput(errors.INVALID, _("承诺时限不能长于法定时限"), field="promised_limit")
    return out


@transaction.atomic
def item_create(
    *, actor, body: Unit, code: str, name: str, category: str, department: Unit | None = None, **content
):
    """Register a power (清理登记, CAT-116): the item and its first version, a draft."""
    body = alive(body, field="body")
    content = clean_content(body, {"name": name, "category": category, "department": department, **content})
    require_permission(actor, "catalog.edit", content["department"])
    code = text(code, field="code", label=_("事项编码"), max_length=50)
    if PowerItem.objects.filter(body=body, code=code).exists():
        raise Conflict(
            errors.CODE_TAKEN,
            _("%(body)s已有编码为“%(code)s”的事项") % {"body": body, "code": code},
            field="code",
        )
    try:
        with transaction.atomic():
            item = PowerItem.objects.create(body=body, code=code, created_by=actor)
    except IntegrityError:  # a concurrent registration of the same code
        raise Conflict(errors.CODE_TAKEN, _("该编码已被占用"), field="code") from None
    version = PowerVersion.objects.create(item=item, number=1, created_by=actor, **content)
    item.latest = version
    item.save(update_fields=["latest"])
    audit_record(actor=actor, action="catalog.item_create", target=version, label=f"{code} {version.name}")
    return version


@transaction.atomic
def version_update(*, actor, version: PowerVersion, expected_version: int, **data) -> PowerVersion:
    """Change the fields of a draft (AUD-3: refused if someone saved it meanwhile)."""
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    changes = clean_content(version.item.body, data)
    if "department" in changes:
        require_permission(actor, "catalog.edit", changes["department"])
    before = audit_snapshot(version)
    versioned_update(version, expected_version=expected_version, **changes)
    audit_record(actor=actor, action="catalog.version_update", target=version, before=before)
    return version


def _rows(rows, label: str) -> list[dict]:
    if not isinstance(rows, list | tuple):
        raise InvalidInput(errors.INVALID, _("%(label)s须为列表") % {"label": label}, field="rows")
    return [dict(row) for row in rows]


def _replace(*, actor, version: PowerVersion, model, rows: list[dict], action: str, label) -> list:
    """Replace a draft's rows of one kind by ``rows`` (already checked), auditing both lists."""
    require_permission(actor, "catalog.edit", version)
    require_editable(version)
    manager = getattr(version, model._meta.get_field("version").remote_field.get_accessor_name())
    before = [audit_snapshot(row) for row in manager.all()]
    manager.all().update(deleted_at=clock.now(), deleted_by=actor, delete_reason="replaced")
    created = model.objects.bulk_create(
        [model(version=version, sort_order=i, **row) for i, row in enumerate(rows)]
    )
    PowerVersion.objects.filter(pk=version.pk).update(version=version.version + 1)
    version.version += 1
    audit_record(
        actor=actor,
        action=action,
        target=version,
        before={"rows": before},
        after={"rows": [audit_snapshot(row) for row in created]},
    )
    return created


@transaction.atomic
def legal_bases_set(*, actor, version: PowerVersion, rows) -> list[LegalBasis]:
    """The legal bases of a draft (CAT-108), kept in the order of CAT-112 (law first)."""
    clean = []
    for i, row in enumerate(_rows(rows, _("法律依据"))):
        field = f"legal_bases.{i}"
        clean.append(
            {
                "level": choice(
                    row.get("level") or LegalLevel.LAW,
                    LegalLevel,
                    field=f"{field}.level",
                    label=_("效力层级"),
                ),
                "statute": text(
                    row.get("statute"), field=f"{field}.statute", label=_("法律法规名称"), max_length=200
                ),
                "article": text(
                    row.get("article"),
                    field=f"{field}.article",
                    label=_("条款"),
                    max_length=100,
                    required=False,
                ),
                "text": text(
                    row.get("text"),
                    field=f"{field}.text",
                    label=_("条文内容"),
                    max_length=5000,
                    required=False,
                ),
            }
        )
    order = list(LegalLevel.values)
    clean.sort(key=lambda row: order.index(row["level"]))
    return _replace(
        actor=actor, version=version, model=LegalBasis, rows=clean, action="catalog.legal_bases_set", label=""
    )


@transaction.atomic
def materials_set(*, actor, version: PowerVersion, rows) -> list[Material]:
    """The materials an applicant hands in (CAT-122)."""
    clean = []
    for i, row in enumerate(_rows(rows, _("申请材料"))):
        field = f"materials.{i}"
        copies = limit(row.get("copies") or 1, field=f"{field}.copies", label=_("份数"))
        clean.append(
            {
                "name": text(row.get("name"), field=f"{field}.name", label=_("材料名称"), max_length=200),
                "copies": min(copies, 99),
                "required": bool(row.get("required", True)),
                "note": text(
                    row.get("note"), field=f"{field}.note", label=_("说明"), max_length=300, required=False
                ),
            }
        )
    return _replace(
        actor=actor, version=version, model=Material, rows=clean, action="catalog.materials_set", label=""
    )


@transaction.atomic
def responsibilities_set(*, actor, version: PowerVersion, rows) -> list[Responsibility]:
    """Who handles, reviews, approves and decides collectively (CAT-113); posts of this body."""
    body = version.item.body
    clean = []
    for i, row in enumerate(_rows(rows, _("责任岗位"))):
        field = f"responsibilities.{i}"
        post = body_member(
            row.get("post"), Post, body.pk, field=f"{field}.post", message=_("岗位须是本单位的岗位")
        )
        person = body_member(
            row.get("person"), Person, body.pk, field=f"{field}.person", message=_("人员须是本单位的人员")
        )
        collective = text(
            row.get("collective_body"),
            field=f"{field}.collective_body",
            label=_("集体决策机构"),
            max_length=100,
            required=False,
        )
        if post is None and person is None and not collective:
            raise InvalidInput(
                errors.INVALID, _("请选择岗位或人员，或填写集体决策机构"), field=f"{field}.post"
            )
        clean.append(
            {
                "role": choice(row.get("role"), ResponsibleRole, field=f"{field}.role", label=_("职责")),
                "post": post,
                "person": person,
                "collective_body": collective,
            }
        )
    return _replace(
        actor=actor,
        version=version,
        model=Responsibility,
        rows=clean,
        action="catalog.responsibilities_set",
        label="",
    )
