"""Background tasks of the notifications context: IDs in, one domain call."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from bangkom.notifications.delivery import deliver


@task()
def send_notification_email(delivery_id: int) -> str:
    """Send one notification email; a sent, held or not-yet-due delivery is left alone."""
    return deliver(delivery_id, now=timezone.now())
