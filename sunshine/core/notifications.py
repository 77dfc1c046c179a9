"""The notification service every module calls: an in-app message with read receipts, plus email
and SMS deliveries sent by the task worker after the transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from sunshine.core import clock
from sunshine.core.audit import audit_record
from sunshine.core.errors import NotFound
from sunshine.core.models import DeliveryChannel, Notification, NotificationDelivery, User

ALL_CHANNELS = (DeliveryChannel.EMAIL, DeliveryChannel.SMS)


@transaction.atomic
def notify(
    *,
    actor: User | None,
    recipients: Iterable[User],
    title: str,
    body: str = "",
    link: str = "",
    category: str = "general",
    channels: Iterable[str] = ALL_CHANNELS,
) -> list[Notification]:
    """Put a message in each recipient's inbox and queue its email/SMS copies.

    A channel is used for a recipient only when they have an address for it. Deliveries are queued
    on commit, so a rolled-back change sends nothing.
    """
    channels = set(channels)
    created: list[Notification] = []
    deliveries: list[NotificationDelivery] = []
    for user in {u.pk: u for u in recipients if u.is_active}.values():
        notification = Notification.objects.create(
            recipient=user, category=category, title=title[:200], body=body, link=link
        )
        created.append(notification)
        if DeliveryChannel.EMAIL in channels and user.email:
            deliveries.append(
                NotificationDelivery(notification=notification, channel="email", address=user.email)
            )
        if DeliveryChannel.SMS in channels and user.phone:
            deliveries.append(
                NotificationDelivery(notification=notification, channel="sms", address=user.phone)
            )
    NotificationDelivery.objects.bulk_create(deliveries)
    if created:
        audit_record(
            actor=actor,
            action="core.notification_sent",
            object_type="core.notification",
            object_id=created[0].pk,
            label=title,
            after={"recipients": [n.recipient_id for n in created], "category": category, "link": link},
        )
    ids = [d.pk for d in deliveries]
    if ids:
        from sunshine.core.tasks import deliver_notifications

        transaction.on_commit(lambda: deliver_notifications.enqueue(delivery_ids=ids))
    return created


@transaction.atomic
def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    """Record that the recipient read the message (read receipt)."""
    if notification.recipient_id != actor.pk:
        raise NotFound("not_found", _("消息不存在"))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=clock.now())
        notification.refresh_from_db()
        audit_record(
            actor=actor,
            action="core.notification_read",
            target=notification,
            after={"read_at": notification.read_at},
        )
    return notification


@transaction.atomic
def notification_mark_all_read(*, actor: User) -> int:
    unread = list(
        Notification.objects.filter(recipient=actor, read_at__isnull=True).values_list("pk", flat=True)
    )
    if unread:
        now = clock.now()
        Notification.objects.filter(pk__in=unread).update(read_at=now)
        audit_record(
            actor=actor,
            action="core.notification_read",
            object_type="core.notification",
            object_id=unread[0],
            after={"read_at": now, "ids": unread},
        )
    return len(unread)
