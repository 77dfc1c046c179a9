"""Posts (岗位) and who holds them (任职)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.models import User
from sunshine.core.permissions import require_permission
from sunshine.core.services import soft_delete, versioned_update
from sunshine.org import errors
from sunshine.org.choices import PostKind, UnitKind
from sunshine.org.models import Person, Post, PostHolding, Unit
from sunshine.org.services._common import alive, choice, date_or_today, text
from sunshine.org.services.leadership import refuse_principal_holding_barred_portfolio

# The leadership team's posts belong to the body itself, not to one of its departments.
LEADERSHIP_KINDS = frozenset({PostKind.PRINCIPAL, PostKind.DEPUTY_LEADER})


def _check_kind_fits_unit(kind: str, unit: Unit) -> None:
    if kind in LEADERSHIP_KINDS and unit.kind != UnitKind.BODY:
        raise InvalidInput(
            errors.LEADERSHIP_POST_OUTSIDE_BODY,
            _("%(kind)s岗位只能设在单位一级（领导班子），不能设在内设机构") % {"kind": PostKind(kind).label},
            field="kind",
        )


def _check_name_free(unit: Unit, name: str, *, exclude: Post | None = None) -> None:
    taken = Post.objects.filter(unit=unit, name=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise Conflict(
            errors.POST_NAME_TAKEN,
            _("%(unit)s已有名为“%(name)s”的岗位") % {"unit": unit, "name": name},
            field="name",
        )


def _current_holdings(post: Post):
    return PostHolding.objects.filter(post=post, end_date__isnull=True)


@transaction.atomic
def post_create(
    *, actor: User | None, unit: Unit, name: str, kind: str, duties: str = "", sort_order: int = 0
) -> Post:
    """Set up a post in a unit. Principal and deputy-leader posts sit in a body."""
    require_permission(actor, "org.manage", alive(unit, field="unit"))
    kind = choice(kind, PostKind, field="kind", label=_("岗位类别"))
    _check_kind_fits_unit(kind, unit)
    name = text(name, field="name", label=_("岗位名称"), max_length=100)
    _check_name_free(unit, name)
    post = Post.objects.create(
        unit=unit,
        name=name,
        kind=kind,
        duties=(duties or "").strip(),
        sort_order=sort_order or 0,
        created_by=actor,
    )
    audit_record(actor=actor, action="org.post_create", target=post)
    return post


@transaction.atomic
def post_update(
    *,
    actor: User | None,
    post: Post,
    expected_version: int,
    name: str | None = None,
    kind: str | None = None,
    duties: str | None = None,
    sort_order: int | None = None,
) -> Post:
    """Edit a post. Turning it into a principal post appoints its holders principal, so the
    principal rules apply to them (DEC-72; one holder at a time)."""
    require_permission(actor, "org.manage", alive(post, field="post"))
    changes: dict = {}
    if name is not None:
        changes["name"] = text(name, field="name", label=_("岗位名称"), max_length=100)
        _check_name_free(post.unit, changes["name"], exclude=post)
    if kind is not None:
        changes["kind"] = choice(kind, PostKind, field="kind", label=_("岗位类别"))
        _check_kind_fits_unit(changes["kind"], post.unit)
        if changes["kind"] == PostKind.PRINCIPAL and post.kind != PostKind.PRINCIPAL:
            holders = [
                h.person
                for h in _current_holdings(post).select_related("person").select_for_update().order_by("pk")
            ]
            if len(holders) > 1:
                raise Conflict(
                    errors.PRINCIPAL_POST_OCCUPIED,
                    _("主要负责人岗位同一时间只能由一人担任，该岗位现有%(n)d人任职") % {"n": len(holders)},
                    field="kind",
                )
            for person in holders:
                refuse_principal_holding_barred_portfolio(
                    person=person, body_id=post.unit.body_id, field="kind"
                )
    if duties is not None:
        changes["duties"] = duties.strip()
    if sort_order is not None:
        changes["sort_order"] = sort_order
    before = audit_snapshot(post)
    versioned_update(post, expected_version=expected_version, **changes)
    audit_record(actor=actor, action="org.post_update", target=post, before=before)
    return post


@transaction.atomic
def post_delete(*, actor: User | None, post: Post, reason: str, expected_version: int) -> Post:
    """Remove (作废) a post nobody holds any more."""
    require_permission(actor, "org.manage", alive(post, field="post"))
    if _current_holdings(post).exists():
        raise Conflict(errors.POST_HAS_HOLDERS, _("该岗位仍有人任职，请先办理离任"))
    return soft_delete(
        actor=actor, obj=post, reason=reason, expected_version=expected_version, action="org.post_delete"
    )


def _lock_person(person: Person) -> Person:
    """Serialise the DEC-72 checks on one person (holding vs portfolio, from two requests)."""
    return Person.objects.select_for_update().get(pk=person.pk)


@transaction.atomic
def post_holding_assign(
    *, actor: User | None, person: Person, post: Post, start_date: dt.date | None = None
) -> PostHolding:
    """Appoint ``person`` to ``post`` (任职).

    A principal post has one holder at a time, and nobody who holds one of the five barred
    portfolios in the body becomes its principal leader (五个不直接分管, DEC-72).
    """
    require_permission(actor, "org.manage", alive(post, field="post"))
    require_permission(actor, "org.manage", alive(person, field="person"))
    _lock_person(person)
    start_date = date_or_today(start_date)
    if post.kind == PostKind.PRINCIPAL:
        holder = _current_holdings(post).exclude(person=person).select_related("person").first()
        if holder is not None:
            raise Conflict(
                errors.PRINCIPAL_POST_OCCUPIED,
                _("%(post)s现由%(name)s担任，请先办理其离任")
                % {"post": post.name, "name": holder.person.name},
                field="post",
            )
        refuse_principal_holding_barred_portfolio(person=person, body_id=post.unit.body_id)
    if _current_holdings(post).filter(person=person).exists():
        raise Conflict(
            errors.ALREADY_HOLDS_POST,
            _("%(name)s已在%(post)s岗位任职") % {"name": person.name, "post": post.name},
            field="post",
        )
    holding = PostHolding.objects.create(person=person, post=post, start_date=start_date, created_by=actor)
    audit_record(actor=actor, action="org.holding_assign", target=holding)
    return holding


@transaction.atomic
def post_holding_end(
    *,
    actor: User | None,
    holding: PostHolding,
    expected_version: int,
    end_date: dt.date | None = None,
    note: str = "",
) -> PostHolding:
    """End a holding (离任). The row stays, with its end date, for the record."""
    require_permission(actor, "org.manage", alive(holding, field="holding"))
    if holding.end_date is not None:
        raise Conflict(errors.HOLDING_ENDED, _("该任职已于%(date)s结束") % {"date": holding.end_date})
    end_date = date_or_today(end_date)
    if end_date < holding.start_date:
        raise InvalidInput(errors.DATES_OUT_OF_ORDER, _("离任日期不能早于任职日期"), field="end_date")
    before = audit_snapshot(holding)
    versioned_update(holding, expected_version=expected_version, end_date=end_date)
    audit_record(actor=actor, action="org.holding_end", target=holding, before=before, note=note)
    return holding
