"""People (人员): members of staff, where they work, and their removal."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput
from sunshine.core.models import User
from sunshine.core.permissions import require_permission
from sunshine.core.services import soft_delete, versioned_update
from sunshine.org import errors
from sunshine.org.choices import Gender
from sunshine.org.models import Person, Portfolio, PostHolding, Unit
from sunshine.org.services._common import alive, choice, text


def email_text(value: str | None, *, field: str = "email") -> str:
    value = text(value, field=field, label=_("电子邮箱"), max_length=254, required=False)
    if value:
        try:
            validate_email(value)
        except ValidationError:
            raise InvalidInput(errors.INVALID, _("电子邮箱格式不正确"), field=field) from None
    return value


def _person_fields(
    *, name=None, gender=None, title=None, phone=None, email=None, sort_order=None, partial: bool
) -> dict:
    fields: dict = {}
    if name is not None or not partial:
        fields["name"] = text(name, field="name", label=_("姓名"), max_length=50)
    if gender is not None:
        fields["gender"] = choice(gender, Gender, field="gender", label=_("性别"))
    if title is not None:
        fields["title"] = text(title, field="title", label=_("职务"), max_length=100, required=False)
    if phone is not None:
        fields["phone"] = text(phone, field="phone", label=_("联系电话"), max_length=30, required=False)
    if email is not None:
        fields["email"] = email_text(email)
    if sort_order is not None:
        fields["sort_order"] = sort_order
    return fields


@transaction.atomic
def person_create(
    *,
    actor: User | None,
    unit: Unit,
    name: str,
    gender: str = "",
    title: str = "",
    phone: str = "",
    email: str = "",
    sort_order: int = 0,
) -> Person:
    """Record a member of staff in a unit."""
    require_permission(actor, "org.manage", alive(unit, field="unit"))
    fields = _person_fields(
        name=name, gender=gender, title=title, phone=phone, email=email, sort_order=sort_order, partial=False
    )
    person = Person.objects.create(unit=unit, created_by=actor, **fields)
    audit_record(actor=actor, action="org.person_create", target=person)
    return person


@transaction.atomic
def person_update(
    *,
    actor: User | None,
    person: Person,
    expected_version: int,
    name: str | None = None,
    gender: str | None = None,
    title: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    sort_order: int | None = None,
) -> Person:
    """Edit a person's details; fields left None keep their value."""
    require_permission(actor, "org.manage", alive(person, field="person"))
    fields = _person_fields(
        name=name, gender=gender, title=title, phone=phone, email=email, sort_order=sort_order, partial=True
    )
    before = audit_snapshot(person)
    versioned_update(person, expected_version=expected_version, **fields)
    audit_record(actor=actor, action="org.person_update", target=person, before=before)
    return person


@transaction.atomic
def person_move(*, actor: User | None, person: Person, unit: Unit, expected_version: int) -> Person:
    """Transfer a person to another unit. Leaving the body ends nothing by itself, so a leader who
    is in charge of portfolios of the old body must hand them over first."""
    require_permission(actor, "org.manage", alive(person, field="person"))
    require_permission(actor, "org.manage", alive(unit, field="unit"))
    if unit.pk == person.unit_id:
        return person
    if (
        unit.body_id != person.unit.body_id
        and Portfolio.objects.filter(
            leader=person, body_id=person.unit.body_id, end_date__isnull=True
        ).exists()
    ):
        raise Conflict(
            errors.PERSON_LEADS_PORTFOLIOS,
            _("%(name)s仍分管原单位的工作，请先结束其分管再调动") % {"name": person.name},
            field="unit",
        )
    before = audit_snapshot(person)
    versioned_update(person, expected_version=expected_version, unit=unit)
    audit_record(actor=actor, action="org.person_move", target=person, before=before)
    return person


@transaction.atomic
def person_delete(*, actor: User | None, person: Person, reason: str, expected_version: int) -> Person:
    """Remove (作废) a person who holds no post or portfolio and whose account is disabled."""
    require_permission(actor, "org.manage", alive(person, field="person"))
    if (
        PostHolding.objects.filter(person=person, end_date__isnull=True).exists()
        or Portfolio.objects.filter(leader=person, end_date__isnull=True).exists()
    ):
        raise Conflict(errors.PERSON_HAS_DUTIES, _("该人员仍有任职或分管，请先办理离任、结束分管"))
    if person.user_id is not None and User.objects.filter(pk=person.user_id, is_active=True).exists():
        raise Conflict(errors.PERSON_HAS_ACTIVE_ACCOUNT, _("该人员的登录账号仍在使用，请先停用账号"))
    return soft_delete(
        actor=actor, obj=person, reason=reason, expected_version=expected_version, action="org.person_delete"
    )
