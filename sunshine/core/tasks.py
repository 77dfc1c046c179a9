"""Background tasks of core (django-tasks; the API of Django 6's django.tasks)."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.mail import send_mail
from django.db.models import F, Q
from django_tasks import task

from sunshine.core import clock, sms
from sunshine.core.models import DeliveryChannel, DeliveryStatus, NotificationDelivery

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
# A delivery still pending this long after it was queued or last tried lost its task (a worker
# stopped mid-way): the periodic retry sends it.
STUCK_AFTER = dt.timedelta(minutes=10)


def _send(delivery: NotificationDelivery) -> None:
    note = delivery.notification
    if delivery.channel == DeliveryChannel.EMAIL:
        send_mail(note.title, f"{note.body}\n\n{note.link}".strip(), None, [delivery.address])
    else:
        sms.get_backend().send(phone=delivery.address, text=f"{note.title} {note.body}".strip()[:300])


@task()
def deliver_notifications(delivery_ids: list[int]) -> int:
    """Send queued email and SMS copies of notifications; return how many went out.

    Each attempt is claimed first (a conditional UPDATE of ``attempts``), so that the task queued on
    commit and a periodic retry running at the same time never send one copy twice. A failure is
    kept with its error for the retry, up to MAX_ATTEMPTS attempts.
    """
    sent = 0
    candidates = NotificationDelivery.objects.filter(
        pk__in=delivery_ids,
        status__in=[DeliveryStatus.PENDING, DeliveryStatus.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).select_related("notification")
    for delivery in candidates:
        now = clock.now()
        claimed = NotificationDelivery.objects.filter(
            pk=delivery.pk, attempts=delivery.attempts, status=delivery.status
        ).update(attempts=F("attempts") + 1, last_attempt_at=now)
        if not claimed:
            continue
        try:
            _send(delivery)
        except Exception as error:  # an outside channel failing must not lose the message
            logger.warning("delivery %s (%s) failed: %s", delivery.pk, delivery.channel, error)
            NotificationDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.FAILED, last_error=f"{type(error).__name__}: {error}"[:2000]
            )
            continue
        NotificationDelivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.SENT, sent_at=clock.now(), last_error=""
        )
        sent += 1
    return sent


def retryable_deliveries():
    """Failed deliveries with attempts left, and pending ones whose task was lost."""
    cutoff = clock.now() - STUCK_AFTER
    return NotificationDelivery.objects.filter(attempts__lt=MAX_ATTEMPTS).filter(
        Q(status=DeliveryStatus.FAILED)
        | Q(status=DeliveryStatus.PENDING, last_attempt_at__lt=cutoff)
        | Q(status=DeliveryStatus.PENDING, last_attempt_at__isnull=True, notification__created_at__lt=cutoff)
    )


@task()
def retry_failed_deliveries() -> int:
    """Periodic (core.periodic, every 5 minutes): try failed and stuck deliveries again."""
    ids = list(retryable_deliveries().order_by("pk").values_list("pk", flat=True)[:500])
    return deliver_notifications.call(delivery_ids=ids) if ids else 0


@task()
def end_idle_sessions() -> int:
    """Periodic (core.periodic, every minute): end and audit sessions idle past the limit (SEC-3)."""
    from sunshine.core.services import sessions_end_idle

    return sessions_end_idle()
