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


class NotificationPreference(models.Model):
    """A user's email choices per kind (only explicit choices are stored) and email language.

    A kind missing from ``email_choices`` follows its default (``preferences.EMAIL_DEFAULTS``),
    so a kind added later gets its default for everyone without a data migration.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="notification_preference"
    )
    language = models.CharField(
        _("bahasa email"),
        max_length=5,
        choices=[("id", "Bahasa Indonesia"), ("en", "English")],
        default="id",
    )
    email_choices = models.JSONField(default=dict, blank=True)  # {"<kind>": true|false}
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user"]
        verbose_name = _("preferensi notifikasi")
        verbose_name_plural = _("preferensi notifikasi")

    def __str__(self) -> str:
        return str(self.user)


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Menunggu")
    SENDING = "sending", _("Sedang dikirim")
    SENT = "sent", _("Terkirim")
    FAILED = "failed", _("Gagal")


class EmailDelivery(models.Model):
    """The email copy of one notification: at most one row, so it is never sent twice.

    ``pending``/``failed`` rows are claimed by a conditional update to ``sending`` before the
    mail goes out; ``failed`` rows are retried at ``next_attempt_at`` until ``MAX_ATTEMPTS``.
    """

    notification = models.OneToOneField(
        Notification, on_delete=models.CASCADE, related_name="email_delivery"
    )
    to_address = models.EmailField()
    language = models.CharField(max_length=5, default="id")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pengiriman email")
        verbose_name_plural = _("pengiriman email")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notifications_email_due"),
        ]

    def __str__(self) -> str:
        return f"{self.to_address} ({self.status})"
