"""In-app notifications: one row per user per event, never duplicated.

``event_key`` names the event that caused the notification (e.g. ``enrollment:42:approved``);
the unique constraint on (user, event_key) makes sending idempotent when an action is retried.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.notifications.kinds import NotificationKind


class Notification(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    event_key = models.CharField(max_length=200)
    kind = models.CharField(
        _("jenis"),
        max_length=30,
        choices=NotificationKind.choices,
        default=NotificationKind.GENERAL,
    )
    title = models.CharField(_("judul"), max_length=300)
    body = models.TextField(_("isi"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notifikasi")
        verbose_name_plural = _("notifikasi")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "event_key"], name="notifications_notification_once_per_event"
            )
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notifications_unread"),
        ]

    def __str__(self) -> str:
        return self.title
