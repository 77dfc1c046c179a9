"""The notification service: inbox with read receipts, email and SMS sent after commit, failures kept
and retried."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from sunshine.core import sms
from sunshine.core.errors import NotFound
from sunshine.core.models import DeliveryStatus, Notification, NotificationDelivery, User
from sunshine.core.notifications import notification_mark_all_read, notification_mark_read, notify
from sunshine.core.tasks import MAX_ATTEMPTS, deliver_notifications, retry_failed_deliveries
from sunshine.core.tests.conftest import audit_actions

pytestmark = pytest.mark.django_db


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("mail relay unreachable")


class FailingSmsBackend(sms.BaseBackend):
    def send(self, *, phone: str, text: str) -> None:
        raise ConnectionError("SMS gateway timed out")


@pytest.fixture(autouse=True)
def empty_outboxes():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def reachable(clerk):
    User.objects.filter(pk=clerk.pk).update(email="clerk@example.gov.cn", phone="13800000001")
    clerk.refresh_from_db()
    return clerk


def send(django_capture_on_commit_callbacks, **kwargs):
    kwargs.setdefault("actor", None)
    kwargs.setdefault("title", "请办理第1号办件")
    with django_capture_on_commit_callbacks(execute=True):
        return notify(**kwargs)


def test_message_lands_in_the_inbox_and_is_audited(django_capture_on_commit_callbacks, clerk, leader):
    notes = send(
        django_capture_on_commit_callbacks,
        actor=leader,
        recipients=[clerk, clerk],
        body="限3个工作日",
        link="/x/",
    )
    assert len(notes) == 1
    note = Notification.objects.get(recipient=clerk)
    assert (note.title, note.body, note.link, note.read_at) == ("请办理第1号办件", "限3个工作日", "/x/", None)
    assert audit_actions(action="core.notification_sent") == ["core.notification_sent"]


def test_inactive_accounts_get_nothing(django_capture_on_commit_callbacks, clerk):
    User.objects.filter(pk=clerk.pk).update(is_active=False)
    clerk.refresh_from_db()
    assert send(django_capture_on_commit_callbacks, recipients=[clerk]) == []
    assert not Notification.objects.exists()
    assert audit_actions(action="core.notification_sent") == []


def test_email_and_sms_go_out_after_commit(django_capture_on_commit_callbacks, reachable):
    send(django_capture_on_commit_callbacks, recipients=[reachable], body="请于3个工作日内办结")
    assert [(m.subject, m.to) for m in mail.outbox] == [("请办理第1号办件", ["clerk@example.gov.cn"])]
    assert "请于3个工作日内办结" in mail.outbox[0].body
    assert sms.outbox == [{"phone": "13800000001", "text": "请办理第1号办件 请于3个工作日内办结"}]
    assert set(NotificationDelivery.objects.values_list("channel", "status", "attempts")) == {
        ("email", "sent", 1),
        ("sms", "sent", 1),
    }


def test_nothing_is_sent_before_commit(django_capture_on_commit_callbacks, reachable):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(actor=None, recipients=[reachable], title="稍后发送")
    assert len(callbacks) == 1
    assert mail.outbox == []
    assert sms.outbox == []
    assert NotificationDelivery.objects.filter(status=DeliveryStatus.PENDING).count() == 2


def test_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks, reachable):
    def failing_change():
        with transaction.atomic():
            notify(actor=None, recipients=[reachable], title="不应发出")
            raise RuntimeError("the business change failed")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        failing_change()
    assert mail.outbox == []
    assert sms.outbox == []
    assert not Notification.objects.exists()


def test_only_the_requested_channels_and_known_addresses_are_used(
    django_capture_on_commit_callbacks, reachable, leader
):
    send(django_capture_on_commit_callbacks, recipients=[reachable, leader], channels=["email"])
    assert len(mail.outbox) == 1  # the leader has no address
    assert sms.outbox == []
    assert Notification.objects.count() == 2


def test_failed_email_is_kept_with_its_error_and_retried(
    django_capture_on_commit_callbacks, settings, reachable
):
    settings.EMAIL_BACKEND = "sunshine.core.tests.test_notifications.FailingEmailBackend"
    send(django_capture_on_commit_callbacks, recipients=[reachable], channels=["email"])
    delivery = NotificationDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert delivery.last_error == "SMTPServerDisconnected: mail relay unreachable"
    assert Notification.objects.filter(recipient=reachable).exists()  # the inbox copy is there anyway

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert retry_failed_deliveries.call() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("sent", 2, "")
    assert len(mail.outbox) == 1


def test_failed_sms_is_kept_for_the_retry(django_capture_on_commit_callbacks, settings, reachable):
    settings.SMS_BACKEND = "sunshine.core.tests.test_notifications.FailingSmsBackend"
    send(django_capture_on_commit_callbacks, recipients=[reachable], channels=["sms"])
    delivery = NotificationDelivery.objects.get()
    assert delivery.status == "failed"
    assert "SMS gateway timed out" in delivery.last_error


def test_a_delivery_is_given_up_after_the_last_attempt(
    django_capture_on_commit_callbacks, settings, reachable
):
    settings.EMAIL_BACKEND = "sunshine.core.tests.test_notifications.FailingEmailBackend"
    send(django_capture_on_commit_callbacks, recipients=[reachable], channels=["email"])
    for _ in range(MAX_ATTEMPTS + 2):
        retry_failed_deliveries.call()
    delivery = NotificationDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)


def test_a_delivery_whose_task_was_lost_is_sent_by_the_retry(
    django_capture_on_commit_callbacks, frozen_clock, reachable
):
    with django_capture_on_commit_callbacks(execute=False):
        notify(actor=None, recipients=[reachable], title="任务丢失", channels=["email"])
    Notification.objects.update(created_at=frozen_clock.now - dt.timedelta(minutes=5))
    assert retry_failed_deliveries.call() == 0  # still young: its task may yet run
    Notification.objects.update(created_at=frozen_clock.now - dt.timedelta(minutes=11))
    assert retry_failed_deliveries.call() == 1
    assert [m.subject for m in mail.outbox] == ["任务丢失"]


def test_a_delivery_is_sent_once_even_if_queued_twice(django_capture_on_commit_callbacks, reachable):
    send(django_capture_on_commit_callbacks, recipients=[reachable], channels=["email"])
    ids = list(NotificationDelivery.objects.values_list("pk", flat=True))
    assert deliver_notifications.call(delivery_ids=ids) == 0
    assert len(mail.outbox) == 1


# --- Read receipts ------------------------------------------------------------------------------------


def test_reading_records_the_receipt_once(frozen_clock, clerk):
    note = notify(actor=None, recipients=[clerk], title="通知")[0]
    notification_mark_read(actor=clerk, notification=note)
    first = note.read_at
    assert first == frozen_clock.now
    frozen_clock.advance(hours=1)
    notification_mark_read(actor=clerk, notification=note)
    assert Notification.objects.get(pk=note.pk).read_at == first
    assert audit_actions(action="core.notification_read") == ["core.notification_read"]


def test_nobody_else_can_mark_a_message_read(clerk, leader):
    note = notify(actor=None, recipients=[clerk], title="通知")[0]
    with pytest.raises(NotFound):
        notification_mark_read(actor=leader, notification=note)
    assert Notification.objects.get(pk=note.pk).read_at is None


def test_mark_all_read(clerk, leader):
    notify(actor=None, recipients=[clerk, leader], title="一")
    notify(actor=None, recipients=[clerk], title="二")
    assert notification_mark_all_read(actor=clerk) == 2
    assert not Notification.objects.filter(recipient=clerk, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=leader, read_at__isnull=True).count() == 1
    assert notification_mark_all_read(actor=clerk) == 0
