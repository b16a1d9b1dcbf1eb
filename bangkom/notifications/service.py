"""The one notification service every app calls: ``notify(user, event_key=..., title=...)``.

Idempotent per (user, event_key): retrying the action that triggered it sends nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from bangkom.accounts.models import User
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification


def notify(
    user: User,
    *,
    event_key: str,
    title: str,
    body: str = "",
    url: str = "",
    kind: str = NotificationKind.GENERAL,
) -> Notification | None:
    """Create the in-app notification of an event; None when it was already sent."""
    try:
        with transaction.atomic():
            return Notification.objects.create(
                user=user,
                event_key=event_key[:200],
                title=str(title)[:300],
                body=str(body),
                url=url,
                kind=kind,
            )
    except IntegrityError:
        return None


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
    rows = [
        Notification(
            user=user,
            event_key=event_key[:200],
            title=str(title)[:300],
            body=str(body),
            url=url,
            kind=kind,
        )
        for user in users
    ]
    before = Notification.objects.filter(event_key=event_key[:200]).count()
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    return Notification.objects.filter(event_key=event_key[:200]).count() - before


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
