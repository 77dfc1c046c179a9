"""Background tasks of core (django-tasks; the API of Django 6's django.tasks)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task

from sunshine.core import clock, sms
from sunshine.core.models import DeliveryStatus, NotificationDelivery

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


@task()
def deliver_notifications(delivery_ids: list[int]) -> int:
    """Send queued email and SMS copies of notifications; failures are kept for a retry."""
    sent = 0
    for delivery in NotificationDelivery.objects.filter(
        pk__in=delivery_ids,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).select_related("notification"):
        note = delivery.notification
        try:
            if delivery.channel == "email":
                send_mail(note.title, f"{note.body}\n\n{note.link}".strip(), None, [delivery.address])
            else:
                sms.get_backend().send(phone=delivery.address, text=f"{note.title} {note.body}".strip()[:300])
        except Exception as error:  # an outside channel failing must not lose the message
            logger.warning("delivery %s failed: %s", delivery.pk, error)
            with transaction.atomic():
                NotificationDelivery.objects.filter(pk=delivery.pk).update(
                    status=DeliveryStatus.FAILED, attempts=delivery.attempts + 1, last_error=str(error)[:2000]
                )
            continue
        with transaction.atomic():
            NotificationDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.SENT, attempts=delivery.attempts + 1, sent_at=clock.now(), last_error=""
            )
        sent += 1
    return sent


@task()
def retry_failed_deliveries() -> int:
    ids = list(
        NotificationDelivery.objects.filter(
            status=DeliveryStatus.FAILED, attempts__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:500]
    )
    return deliver_notifications.call(delivery_ids=ids) if ids else 0
