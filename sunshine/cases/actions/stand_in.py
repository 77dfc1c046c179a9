"""代理 (CASE-13, TASK-4): while a person is away, a stand-in (B角) named by the person themself or
by their leader (``cases.assign_stand_in`` over the person's unit) may do their steps from the first
to the last day named; every act is recorded as done for them (access.record_stand_in). One
stand-in per person at a time; a stand-in is revoked, never deleted."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.cases.action_models import StandIn
from sunshine.cases.actions import common
from sunshine.core import clock
from sunshine.core.audit import audit_record, audit_snapshot
from sunshine.core.errors import Conflict, InvalidInput, RuleViolated
from sunshine.core.permissions import has_permission, require_permission
from sunshine.org.models import Person


def _may_name(actor, person) -> bool:
    if person.pk == actor.pk:
        return has_permission(actor, "cases.handle")
    record = Person.objects.filter(user=person).first()
    return record is not None and has_permission(actor, "cases.assign_stand_in", record)


def _date(value, field: str, label) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput("bad_date", _("请填写%(label)s") % {"label": label}, field=field) from None


@transaction.atomic
def stand_in_name(*, actor, person, stand_in, starts_on, ends_on, reason: str = "") -> StandIn:
    person = common.account(person, field="person")
    stand_in = common.account(stand_in, field="stand_in")
    if not _may_name(actor, person):
        require_permission(actor, "cases.assign_stand_in", Person.objects.filter(user=person).first())
    starts_on = _date(starts_on, "starts_on", _("开始日期"))
    ends_on = _date(ends_on, "ends_on", _("结束日期"))
    reason = common.reason(reason, label=_("事由"))[:200]
    if stand_in.pk == person.pk:
        raise InvalidInput("stand_in_self", _("代理人不能是本人"), field="stand_in", rule="TASK-4")
    if ends_on < starts_on:
        raise InvalidInput("dates_reversed", _("结束日期不能早于开始日期"), field="ends_on")
    if ends_on < clock.today():
        raise InvalidInput("dates_past", _("结束日期已过"), field="ends_on")
    if not has_permission(stand_in, "cases.handle"):
        raise RuleViolated(
            "stand_in_cannot_handle",
            _("“%(name)s”没有办理办件的权限，不能做代理人") % {"name": common.name_of(stand_in)},
            field="stand_in",
            rule="TASK-4",
        )
    overlapping = StandIn.objects.select_for_update().filter(
        person=person, revoked_at__isnull=True, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if overlapping.exists():
        raise Conflict(
            "stand_in_overlaps", _("该期间已指定代理人，请先撤销"), field="starts_on", rule="TASK-4"
        )
    record = StandIn.objects.create(
        person=person,
        stand_in=stand_in,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        created_by=actor,
    )
    audit_record(actor=actor, action="cases.stand_in_name", target=record, after=audit_snapshot(record))
    return record


@transaction.atomic
def stand_in_revoke(*, actor, stand_in: StandIn) -> StandIn:
    record = StandIn.objects.select_for_update().get(pk=stand_in.pk)
    if not _may_name(actor, record.person) and record.created_by_id != actor.pk:
        require_permission(actor, "cases.assign_stand_in", Person.objects.filter(user=record.person).first())
    if record.revoked_at is not None:
        raise Conflict("stand_in_revoked", _("该代理已撤销"))
    before = audit_snapshot(record)
    record.revoked_at = clock.now()
    record.version += 1
    record.save()
    audit_record(actor=actor, action="cases.stand_in_revoke", target=record, before=before)
    return record


def stand_ins_of(actor):
    """The stand-ins concerning ``actor`` (named for them or them standing in), and the ones they
    named for others, newest first."""
    from django.db.models import Q

    return (
        StandIn.objects.filter(Q(person=actor) | Q(stand_in=actor) | Q(created_by=actor))
        .select_related("person", "stand_in", "created_by")
        .order_by("-starts_on", "-pk")
    )
