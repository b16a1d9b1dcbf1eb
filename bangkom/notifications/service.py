"""The one notification service every app calls: ``notify(user, event_key=..., title=...)``.

Idempotent per (user, event_key): retrying the action that triggered it sends nothing twice,
neither in the app nor by email. Each new notification of a kind the user has email on gets
one email, sent through the task queue after the caller's transaction commits
(``delivery.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.common.errors import NotFound
from bangkom.notifications.delivery import schedule_emails
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification

EVENT_KEY_LENGTH = 200


def notify(
    user: User,
    *,
    event_key: str,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = NotificationKind.GENERAL,
) -> Notification | None:
    """Create the in-app notification of an event (and its email); None when already sent."""
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                event_key=event_key[:EVENT_KEY_LENGTH],
                title=str(title)[:300],
                body=str(body),
                url=url,
                kind=kind,
            )
            schedule_emails([notification])
    except IntegrityError:
        return None
    return notification


def notify_many(
    users: Iterable[User],
    *,
    event_key: str,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = NotificationKind.GENERAL,
) -> int:
    """Notify several users of one event; returns how many were newly notified."""
    key = event_key[:EVENT_KEY_LENGTH]
    by_id = {user.pk: user for user in users}
    if not by_id:
        return 0
    with transaction.atomic():
        already = set(
            Notification.objects.filter(event_key=key, user_id__in=list(by_id)).values_list(
                "user_id", flat=True
            )
        )
        new_ids = [pk for pk in by_id if pk not in already]
        Notification.objects.bulk_create(
            [
                Notification(
                    user=by_id[pk],
                    event_key=key,
                    title=str(title)[:300],
                    body=str(body),
                    url=url,
                    kind=kind,
                )
                for pk in new_ids
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        # bulk_create with ignore_conflicts sets no pks: read the rows back with their users
        created = list(
            Notification.objects.filter(event_key=key, user_id__in=new_ids).select_related(
                "user__employee"
            )
        )
        schedule_emails(created)
    return len(created)


def unread_count(user: User) -> int:
    """Unread notifications of the user: one COUNT on the (user, read_at) index."""
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_all_read(user: User, *, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def notifications_of(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first (the centre and the API page through it)."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def open_notification(user: User, notification_pk: int, *, now: datetime) -> Notification:
    """The user's own notification, marked read; another user's (or none) is NotFound."""
    notification = Notification.objects.filter(pk=notification_pk, user=user).first()
    if notification is None:
        raise NotFound("notification_not_found", _("Notifikasi tidak ditemukan."))
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification
