"""Reads of core: the audit trail and the inbox."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sunshine.core.errors import NotFound
from sunshine.core.models import GENESIS_HASH, AuditRecord, Notification, User
from sunshine.core.permissions import require_permission


def get_or_not_found(queryset: QuerySet, **lookup):
    """One row of ``queryset`` (already scope-filtered) or NotFound: never a bare DoesNotExist."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise NotFound("not_found", _("记录不存在或不在您的数据范围内"))
    return obj


def audit_list(
    *,
    actor: User,
    actor_id: int | None = None,
    actor_ids: list[int] | None = None,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditRecord]:
    """The audit trail, newest first, for the audit administrator (audit.view).

    Linked records only: the chain, which the browser's indexes cover (records still waiting for
    the linker, a fraction of a second old, are counted by audit_pending_count).
    """
    require_permission(actor, "audit.view")
    qs = AuditRecord.objects.filter(seq__isnull=False).select_related("actor")
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if actor_ids is not None:
        qs = qs.filter(actor_id__in=actor_ids)
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if since:
        qs = qs.filter(created_at__gte=since)
    if until:
        qs = qs.filter(created_at__lt=until)
    return qs.order_by("-created_at", "-id")


def audit_pending_count(*, actor: User) -> int:
    """Records written but not yet linked into the chain (deferred linking, PostgreSQL)."""
    require_permission(actor, "audit.view")
    return AuditRecord.objects.filter(seq__isnull=True).count()


def audit_head(*, actor: User) -> dict:
    """The chain's head as a checkpoint: {"count", "head_hash"} (count 0 and the genesis hash when empty)."""
    require_permission(actor, "audit.view")
    head = AuditRecord.objects.filter(seq__isnull=False).order_by("-seq").values("seq", "hash").first()
    return (
        {"count": head["seq"], "head_hash": head["hash"]} if head else {"count": 0, "head_hash": GENESIS_HASH}
    )


def audit_get(*, actor: User, record_id: int) -> AuditRecord:
    require_permission(actor, "audit.view")
    return get_or_not_found(AuditRecord.objects.select_related("actor"), pk=record_id)


def notification_list(*, actor: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=actor)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).count()
