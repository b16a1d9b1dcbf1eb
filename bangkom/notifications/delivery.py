"""The email copy of a notification: scheduled once, sent through the task queue, retried.

Never twice: a notification has at most one ``EmailDelivery`` row (one-to-one), and a row is
claimed by a conditional update (pending/failed → sending) before the mail leaves, so two
workers, a retried task or the sweep cannot both send it. A failed send is recorded
(attempts, last error) and retried with backoff until ``MAX_ATTEMPTS``: by a deferred task
when the task backend supports ``run_after`` (django_tasks_db does), and in any case by the
``bangkom send-pending-email`` sweep.

A row left in ``sending`` for ``STALE_AFTER`` (the worker died mid-send) is handed back to the
retry loop. That is the only path on which a mail could go out twice: when the process died
after the mail server accepted the message and before the row was marked sent.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string, select_template
from django.urls import reverse
from django.utils import translation

from bangkom.accounts.models import User
from bangkom.notifications.models import DeliveryStatus, EmailDelivery, Notification
from bangkom.notifications.preferences import email_language, preferences_by_user, wants_email

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
STALE_AFTER = timedelta(minutes=15)
RETRYABLE = (DeliveryStatus.PENDING, DeliveryStatus.FAILED)


def address_of(user: User) -> str:
    """The user's email address: their account's, else their registry record's."""
    if user.email:
        return user.email
    employee = getattr(user, "employee", None) if user.employee_id else None
    return employee.email if employee is not None else ""


def schedule_emails(notifications: Iterable[Notification]) -> int:
    """Create the delivery rows of the notifications whose user wants that kind emailed.

    Call it in the transaction that created the notifications: the task is enqueued on
    commit, so a rolled-back action sends nothing. Returns how many rows were created.
    """
    notifications = [n for n in notifications if n.user.is_active]
    if not notifications:
        return 0
    preferences = preferences_by_user({n.user_id for n in notifications})
    rows = []
    for notification in notifications:
        preference = preferences.get(notification.user_id)
        address = address_of(notification.user)
        if address and wants_email(preference, notification.kind):
            rows.append(
                EmailDelivery(
                    notification=notification,
                    to_address=address,
                    language=email_language(preference),
                    created_at=notification.created_at,
                )
            )
    if not rows:
        return 0
    EmailDelivery.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    # ignore_conflicts leaves pks unset: read back the rows still waiting for their first send
    delivery_ids = list(
        EmailDelivery.objects.filter(
            notification_id__in=[row.notification_id for row in rows],
            status=DeliveryStatus.PENDING,
            attempts=0,
        ).values_list("pk", flat=True)
    )
    # robust: a queue that refuses the task must not fail the committed action; the
    # send-pending-email sweep picks the row up instead
    transaction.on_commit(lambda: _enqueue_all(delivery_ids), robust=True)
    return len(rows)


def _enqueue_all(delivery_ids: list[int]) -> None:
    from bangkom.notifications.tasks import send_notification_email

    for delivery_id in delivery_ids:
        send_notification_email.enqueue(delivery_id)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    body: str


def render_email(notification: Notification, *, language: str) -> RenderedEmail:
    """Subject and text body in ``language``, from ``email/<kind>.txt`` or ``email/general.txt``."""
    with translation.override(language):
        template = select_template(
            [
                f"notifications/email/{notification.kind}.txt",
                "notifications/email/general.txt",
            ]
        )
        context = {
            "notification": notification,
            "user": notification.user,
            "link": f"{settings.SITE_URL}{notification.url}" if notification.url else "",
            "preferences_link": f"{settings.SITE_URL}{reverse('notifications:preferences')}",
        }
        body = template.render(context)
        subject = render_to_string("notifications/email/subject.txt", context)
    return RenderedEmail(subject=" ".join(subject.split())[:200], body=body)


def deliver(delivery_id: int, *, now: datetime) -> str:
    """Send one delivery if it is due and nobody else holds it: 'sent', 'failed' or 'skipped'."""
    claimed = (
        EmailDelivery.objects.filter(pk=delivery_id, status__in=RETRYABLE)
        .filter(attempts__lt=MAX_ATTEMPTS)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now)
    )
    if claimed != 1:  # sent already, held by another worker, not yet due, or given up
        return "skipped"
    delivery = EmailDelivery.objects.select_related("notification__user").get(pk=delivery_id)
    try:
        rendered = render_email(delivery.notification, language=delivery.language)
        EmailMessage(
            subject=rendered.subject,
            body=rendered.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.to_address],
        ).send(fail_silently=False)
    except Exception as exc:  # any failure of rendering or the mail server: retry later
        _record_failure(delivery, exc, now=now)
        return "failed"
    EmailDelivery.objects.filter(pk=delivery_id, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.SENT, sent_at=now, last_error="", next_attempt_at=None
    )
    return "sent"


def _record_failure(delivery: EmailDelivery, exc: Exception, *, now: datetime) -> None:
    attempts = delivery.attempts
    retry_at = now + BACKOFF[min(attempts, len(BACKOFF)) - 1] if attempts < MAX_ATTEMPTS else None
    logger.warning("Email %s failed (attempt %s): %s", delivery.pk, attempts, exc)
    EmailDelivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.FAILED,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=retry_at,
    )
    if retry_at is not None:
        _enqueue_retry(delivery.pk, retry_at)


def _enqueue_retry(delivery_id: int, run_after: datetime) -> None:
    from bangkom.notifications.tasks import send_notification_email

    # The immediate backend (tests, or no worker) cannot defer: the sweep retries instead.
    if send_notification_email.get_backend().supports_defer:
        send_notification_email.using(run_after=run_after).enqueue(delivery_id)


@dataclass(frozen=True)
class SweepResult:
    sent: int
    failed: int
    requeued_stale: int

    def __str__(self) -> str:
        return f"sent {self.sent}, failed {self.failed}, stale requeued {self.requeued_stale}"


def send_pending_emails(*, now: datetime, limit: int = 500) -> SweepResult:
    """Retry what is due: pending rows, failed rows past their backoff, and stale claims."""
    requeued = EmailDelivery.objects.filter(
        status=DeliveryStatus.SENDING, claimed_at__lt=now - STALE_AFTER
    ).update(
        status=DeliveryStatus.FAILED,
        last_error="interrupted while sending",
        next_attempt_at=now,
    )
    due = (
        EmailDelivery.objects.filter(status__in=RETRYABLE, attempts__lt=MAX_ATTEMPTS)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    outcomes = [deliver(delivery_id, now=now) for delivery_id in list(due)]
    return SweepResult(
        sent=outcomes.count("sent"), failed=outcomes.count("failed"), requeued_stale=requeued
    )
