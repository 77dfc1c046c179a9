"""Units of the organisation tree: bodies (单位), departments (内设机构) and sections (工作组)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.models import User
from sunshine.core.permissions import require_permission
from sunshine.core.services import soft_delete, versioned_update
from sunshine.core.text import enumeration
from sunshine.org import errors, tree
from sunshine.org.choices import UnitKind
from sunshine.org.models import Portfolio, Unit
from sunshine.org.services._common import alive, choice, require_full_scope, text

# Which kinds of unit may sit under which: a subordinate body (直属单位, 村委会) under a body, a
# department under a body or a department, a working group under a department or a group.
ALLOWED_PARENTS = {
    UnitKind.BODY: {UnitKind.BODY},
    UnitKind.DEPARTMENT: {UnitKind.BODY, UnitKind.DEPARTMENT},
    UnitKind.SECTION: {UnitKind.DEPARTMENT, UnitKind.SECTION},
}


def _check_parent(kind: str, parent: Unit | None) -> None:
    if parent is None:
        if kind != UnitKind.BODY:
            raise InvalidInput(
                errors.UNIT_PARENT_REQUIRED,
                _("内设机构和工作组必须隶属于一个单位，请选择上级"),
                field="parent",
            )
        return
    alive(parent, field="parent")
    if parent.kind not in ALLOWED_PARENTS[kind]:
        raise InvalidInput(
            errors.UNIT_PARENT_INVALID,
            _("%(kind)s不能设在%(parent_kind)s之下")
            % {"kind": UnitKind(kind).label, "parent_kind": UnitKind(parent.kind).label},
            field="parent",
        )


def _check_code_free(code: str, *, exclude: Unit | None = None) -> None:
    taken = Unit.objects.filter(code=code)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise Conflict(errors.CODE_TAKEN, _("机构代码“%(code)s”已被使用") % {"code": code}, field="code")


def _require_on_parent(actor, parent: Unit | None) -> None:
    if parent is None:
        require_full_scope(
            actor,
            "org.manage",
            code=errors.UNIT_ROOT_NEEDS_FULL_SCOPE,
            message=_("只有数据范围为“全部”的系统管理员才能设立顶级单位"),
            field="parent",
        )
    else:
        require_permission(actor, "org.manage", parent)


@transaction.atomic
def unit_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    code: str,
    parent: Unit | None = None,
    short_name: str = "",
    description: str = "",
    sort_order: int = 0,
) -> Unit:
    """Set up a body, department or working group under ``parent`` (a body may be a root)."""
    _require_on_parent(actor, parent)
    kind = choice(kind, UnitKind, field="kind", label=_("类型"))
    _check_parent(kind, parent)
    name = text(name, field="name", label=_("名称"), max_length=100)
    code = text(code, field="code", label=_("机构代码"), max_length=50)
    _check_code_free(code)
    unit = Unit.objects.create(
        name=name,
        kind=kind,
        code=code,
        parent=parent,
        short_name=text(short_name, field="short_name", label=_("简称"), max_length=50, required=False),
        description=(description or "").strip(),
        sort_order=sort_order or 0,
        created_by=actor,
    )
    tree.place(unit)
    audit_record(actor=actor, action="org.unit_create", target=unit)
    return unit


@transaction.atomic
def unit_update(
    *,
    actor: User | None,
    unit: Unit,
    expected_version: int,
    name: str | None = None,
    code: str | None = None,
    short_name: str | None = None,
    description: str | None = None,
    sort_order: int | None = None,
) -> Unit:
    """Rename or edit a unit; fields left None keep their value. The kind and place do not change
    here (see unit_move)."""
    require_permission(actor, "org.manage", alive(unit, field="unit"))
    changes: dict = {}
    if name is not None:
        changes["name"] = text(name, field="name", label=_("名称"), max_length=100)
    if code is not None:
        changes["code"] = text(code, field="code", label=_("机构代码"), max_length=50)
        _check_code_free(changes["code"], exclude=unit)
    if short_name is not None:
        changes["short_name"] = text(
            short_name, field="short_name", label=_("简称"), max_length=50, required=False
        )
    if description is not None:
        changes["description"] = description.strip()
    if sort_order is not None:
        changes["sort_order"] = sort_order
    before = audit_snapshot(unit)
    versioned_update(unit, expected_version=expected_version, **changes)
    audit_record(actor=actor, action="org.unit_update", target=unit, before=before)
    return unit


def _portfolios_tied_to(subtree_prefix: str, body_id: int) -> bool:
    """Whether live portfolios of ``body_id`` oversee a unit, or are led by a person, in the subtree."""
    return (
        Portfolio.objects.filter(body_id=body_id, end_date__isnull=True)
        .filter(
            Q(departments__path__startswith=subtree_prefix) | Q(leader__unit__path__startswith=subtree_prefix)
        )
        .exists()
    )


@transaction.atomic
def unit_move(*, actor: User | None, unit: Unit, parent: Unit | None, expected_version: int) -> Unit:
    """Move a unit (and everything under it) to a new parent.

    Refused: a unit under itself or its own descendant; a department or group without a parent; a
    department leaving its body while that body's leaders oversee it or are in it (their portfolios
    would point outside the body).
    """
    require_permission(actor, "org.manage", alive(unit, field="unit"))
    _require_on_parent(actor, parent)
    _check_parent(unit.kind, parent)
    if parent is not None and tree.is_descendant(parent, unit):
        raise InvalidInput(
            errors.UNIT_MOVE_INTO_OWN_SUBTREE,
            _("不能把机构移到它自身或其下级机构之下"),
            field="parent",
        )
    if (parent.pk if parent is not None else None) == unit.parent_id:
        return unit
    new_body_id = unit.pk if unit.kind == UnitKind.BODY else parent.body_id
    if new_body_id != unit.body_id and _portfolios_tied_to(unit.path, unit.body_id):
        raise Conflict(
            errors.UNIT_LEAVES_BODY_WITH_PORTFOLIOS,
            _("该机构或其人员涉及原单位的领导分工，请先调整分工再移动"),
            field="parent",
        )
    before = audit_snapshot(unit)
    versioned_update(unit, expected_version=expected_version, parent=parent)
    moved = tree.rebuild_subtree(unit)
    audit_record(
        actor=actor, action="org.unit_move", target=unit, before=before, extra={"units_moved": moved}
    )
    return unit


@transaction.atomic
def unit_delete(*, actor: User | None, unit: Unit, reason: str, expected_version: int) -> Unit:
    """Remove (作废) a unit that no longer has anything in it; the row stays (AUD-2)."""
    require_permission(actor, "org.manage", alive(unit, field="unit"))
    blockers = []
    if unit.children.filter(deleted_at__isnull=True).exists():
        blockers.append(_("下级机构"))
    if unit.posts.filter(deleted_at__isnull=True).exists():
        blockers.append(_("岗位"))
    if unit.people.filter(deleted_at__isnull=True).exists():
        blockers.append(_("人员"))
    if unit.role_assignments.filter(deleted_at__isnull=True).exists():
        blockers.append(_("角色授权"))
    if (
        Portfolio.objects.filter(end_date__isnull=True, body=unit).exists()
        or Portfolio.objects.filter(end_date__isnull=True, departments=unit).exists()
    ):
        blockers.append(_("领导分工"))
    if blockers:
        raise Conflict(
            errors.UNIT_NOT_EMPTY,
            _("该机构还有%(what)s，不能作废；请先移走或作废它们") % {"what": enumeration(blockers)},
        )
    return soft_delete(
        actor=actor, obj=unit, reason=reason, expected_version=expected_version, action="org.unit_delete"
    )
