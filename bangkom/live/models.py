"""Live online sessions, coaching/mentoring slots and bookings, private calendar feeds.

Instants are stored in UTC and shown in the viewer's zone (DOMAIN.md §5.1). The database
enforces what it can: a session ends after it starts, a slot is never booked beyond its
capacity, a participant holds at most one active booking per slot, a user has at most one
active calendar feed.
"""

from __future__ import annotations

from django.core.validators import MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.common.models import TimeStampedModel
from bangkom.curriculum.models import Offering, Subject
from bangkom.live.choices import (
    FORM_CODES,
    BookingStatus,
    CoachingKind,
    HostMark,
    SessionStatus,
)

WEB_URL = URLValidator(schemes=["http", "https"])


class LiveSession(TimeStampedModel):
    """An optional live explanation (Zoom or any meeting URL) for one subject of an offering."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="live_sessions", verbose_name=_("angkatan")
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.CASCADE,
        related_name="live_sessions",
        verbose_name=_("mata pelatihan"),
    )
    title = models.CharField(_("judul"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=SessionStatus.choices, default=SessionStatus.TENTATIVE
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    meeting_url = models.URLField(_("tautan rapat daring"), max_length=500, validators=[WEB_URL])
    host = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="hosted_live_sessions",
        verbose_name=_("host"),
    )
    facilitator = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_live_sessions",
        verbose_name=_("fasilitator"),
    )
    agenda_markdown = models.TextField(_("agenda (Markdown)"), blank=True)
    agenda_html = models.TextField(_("agenda"), blank=True)  # sanitised by render_markdown
    recording_url = models.URLField(
        _("tautan rekaman"), max_length=500, blank=True, validators=[WEB_URL]
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.CharField(_("alasan pembatalan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("sesi langsung")
        verbose_name_plural = _("sesi langsung")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="live_livesession_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["offering", "starts_at"], name="live_session_offering_start"),
            models.Index(fields=["starts_at", "ends_at"], name="live_session_window"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_cancelled(self) -> bool:
        return self.status == SessionStatus.CANCELLED

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class SessionAttendance(models.Model):
    """A participant's attendance: the join click, and the host's confirmation."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(User, on_delete=models.CASCADE, related_name="live_attendance")
    joined_at = models.DateTimeField(_("pertama bergabung"), null=True, blank=True)
    join_count = models.PositiveIntegerField(default=0)
    host_mark = models.CharField(
        _("konfirmasi host"), max_length=10, choices=HostMark.choices, blank=True
    )
    marked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    marked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["session", "participant__name"]
        verbose_name = _("kehadiran sesi")
        verbose_name_plural = _("kehadiran sesi")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="live_attendance_one_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} — {self.participant}"


class CoachingSlot(TimeStampedModel):
    """Time a coach or mentor offers: one-to-one (capacity 1) or a small group."""

    coach = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="coaching_slots", verbose_name=_("coach")
    )
    kind = models.CharField(
        _("jenis"), max_length=10, choices=CoachingKind.choices, default=CoachingKind.COACHING
    )
    starts_at = models.DateTimeField(_("mulai"))
    ends_at = models.DateTimeField(_("selesai"))
    capacity = models.PositiveSmallIntegerField(
        _("kapasitas"), default=1, validators=[MinValueValidator(1)]
    )
    # Counted by conditional UPDATEs in coaching.py; the check constraint is the backstop.
    booked_count = models.PositiveSmallIntegerField(default=0)
    offering = models.ForeignKey(
        Offering,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_slots",
        verbose_name=_("angkatan"),
    )
    subject = models.ForeignKey(
        Subject,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coaching_slots",
        verbose_name=_("mata pelatihan"),
    )
    location = models.CharField(_("lokasi"), max_length=200, blank=True)
    meeting_url = models.URLField(
        _("tautan rapat daring"), max_length=500, blank=True, validators=[WEB_URL]
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("slot coaching/mentoring")
        verbose_name_plural = _("slot coaching/mentoring")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="live_coachingslot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="live_coachingslot_capacity_positive"
            ),
            models.CheckConstraint(
                condition=Q(booked_count__lte=F("capacity")),
                name="live_coachingslot_not_overbooked",
            ),
        ]
        indexes = [models.Index(fields=["coach", "starts_at"], name="live_slot_coach_start")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.coach.name}"

    @property
    def form_code(self) -> str:
        return FORM_CODES[self.kind]

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.booked_count, 0)

    @property
    def is_group(self) -> bool:
        return self.capacity > 1

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def duration_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)


class CoachingBooking(TimeStampedModel):
    """A participant's place in a slot, with the coach's notes and follow-ups."""

    slot = models.ForeignKey(CoachingSlot, on_delete=models.CASCADE, related_name="bookings")
    participant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="coaching_bookings"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    topic = models.CharField(_("topik yang ingin dibahas"), max_length=300, blank=True)
    booked_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes_markdown = models.TextField(_("catatan sesi (Markdown)"), blank=True)
    notes_html = models.TextField(_("catatan sesi"), blank=True)
    follow_up_markdown = models.TextField(_("tindak lanjut (Markdown)"), blank=True)
    follow_up_html = models.TextField(_("tindak lanjut"), blank=True)
    notes_updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["slot__starts_at", "pk"]
        verbose_name = _("pemesanan coaching/mentoring")
        verbose_name_plural = _("pemesanan coaching/mentoring")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "participant"],
                condition=Q(status=BookingStatus.BOOKED),
                name="live_booking_one_active_per_participant",
            )
        ]
        indexes = [models.Index(fields=["participant", "status"], name="live_booking_participant")]

    def __str__(self) -> str:
        return f"{self.slot} — {self.participant}"

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.BOOKED


class CalendarFeed(models.Model):
    """A private iCalendar feed URL; only the SHA-256 of its token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="calendar_feeds")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feed kalender")
        verbose_name_plural = _("feed kalender")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="live_calendarfeed_one_active_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
