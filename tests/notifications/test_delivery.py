"""Email delivery through the task queue: a failed send is recorded and retried with
backoff, a delivery is never sent twice, and gives up after MAX_ATTEMPTS."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bangkom.notifications.delivery import (
    MAX_ATTEMPTS,
    deliver,
    send_pending_emails,
)
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import DeliveryStatus, EmailDelivery
from bangkom.notifications.service import notify
from bangkom.notifications.tasks import send_notification_email

pytestmark = pytest.mark.django_db

SEND = "django.core.mail.EmailMessage.send"


def _certificate_notice(user, django_capture_on_commit_callbacks, *, fail: bool):
    failing = mock.patch(SEND, side_effect=OSError("SMTP down")) if fail else nullcontext()
    with failing, django_capture_on_commit_callbacks(execute=True):
        notify(
            user,
            event_key="certificate-issued:7",
            title="Sertifikat terbit",
            kind=NotificationKind.CERTIFICATE_ISSUED,
        )
    return EmailDelivery.objects.get(notification__user=user)


def test_failed_send_is_recorded_and_the_retry_sends_exactly_once(
    peserta, django_capture_on_commit_callbacks
):
    delivery = _certificate_notice(peserta, django_capture_on_commit_callbacks, fail=True)
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "SMTP down" in delivery.last_error
    assert mail.outbox == []

    later = timezone.now() + timedelta(minutes=2)
    first = send_pending_emails(now=later)
    second = send_pending_emails(now=later + timedelta(minutes=10))

    assert (first.sent, second.sent) == (1, 0)
    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.SENT, 2, "")


def test_retry_waits_for_its_backoff(peserta, django_capture_on_commit_callbacks):
    delivery = _certificate_notice(peserta, django_capture_on_commit_callbacks, fail=True)

    too_early = send_pending_emails(now=delivery.next_attempt_at - timedelta(seconds=1))

    assert too_early.sent == 0
    assert mail.outbox == []


def test_running_the_task_again_after_success_sends_nothing(
    peserta, django_capture_on_commit_callbacks
):
    delivery = _certificate_notice(peserta, django_capture_on_commit_callbacks, fail=False)
    assert len(mail.outbox) == 1

    send_notification_email.enqueue(delivery.pk)  # a duplicate task, e.g. a re-delivered job
    assert deliver(delivery.pk, now=timezone.now()) == "skipped"

    assert len(mail.outbox) == 1


def test_delivery_held_by_another_worker_is_not_sent_again(
    peserta, django_capture_on_commit_callbacks
):
    delivery = _certificate_notice(peserta, django_capture_on_commit_callbacks, fail=True)
    now = timezone.now() + timedelta(hours=1)
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=now
    )

    assert deliver(delivery.pk, now=now) == "skipped"
    assert send_pending_emails(now=now + timedelta(minutes=1)).sent == 0
    assert mail.outbox == []


def test_delivery_abandoned_mid_send_is_retried_by_the_sweep(
    peserta, django_capture_on_commit_callbacks
):
    delivery = _certificate_notice(peserta, django_capture_on_commit_callbacks, fail=True)
    now = timezone.now() + timedelta(hours=1)
    EmailDelivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.SENDING, claimed_at=now
    )

    result = send_pending_emails(now=now + timedelta(minutes=16))

    assert (result.requeued_stale, result.sent) == (1, 1)
    assert len(mail.outbox) == 1


def test_delivery_gives_up_after_the_last_attempt(peserta, django_capture_on_commit_callbacks):
    delivery = _certificate_notice(peserta, django_capture_on_commit_callbacks, fail=True)
    now = timezone.now()
    with mock.patch(SEND, side_effect=OSError("still down")):
        for _round in range(MAX_ATTEMPTS + 2):
            now += timedelta(hours=3)
            send_pending_emails(now=now)

    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == MAX_ATTEMPTS
    assert delivery.next_attempt_at is None
    assert send_pending_emails(now=now + timedelta(days=1)).sent == 0
    assert mail.outbox == []


def test_deferred_retry_is_enqueued_when_the_backend_can_defer(
    peserta, django_capture_on_commit_callbacks
):
    backend = send_notification_email.get_backend()
    with (
        mock.patch.object(type(backend), "supports_defer", True),
        mock.patch.object(type(backend), "enqueue") as enqueue,
        mock.patch(SEND, side_effect=OSError("SMTP down")),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            notify(peserta, event_key="x:1", title="Hasil", kind=NotificationKind.EXAM_RESULT)
        delivery = EmailDelivery.objects.get()
        deliver(delivery.pk, now=timezone.now())

    delivery.refresh_from_db()
    retry = enqueue.call_args_list[-1]
    assert retry.args[0].run_after == delivery.next_attempt_at
    assert list(retry.args[1]) == [delivery.pk]


def test_send_pending_email_command_reports_what_it_sent(
    peserta, django_capture_on_commit_callbacks, capsys
):
    _certificate_notice(peserta, django_capture_on_commit_callbacks, fail=True)
    EmailDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    call_command("send_pending_email")

    assert "sent 1" in capsys.readouterr().out
    assert len(mail.outbox) == 1
