"""Reads of core: the audit trail and the inbox."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from sunshine.core.errors import NotFound
from sunshine.core.models import AuditRecord, Notification, User
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
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[AuditRecord]:
    """The audit trail, newest first, for the audit administrator (audit.view)."""
    require_permission(actor, "audit.view")
    qs = AuditRecord.objects.select_related("actor")
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
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
