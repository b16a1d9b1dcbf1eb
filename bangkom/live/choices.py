"""Choices of the live context: session status, coaching kinds and booking status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionStatus(models.TextChoices):
    TENTATIVE = "tentative", _("Tentatif")
    CONFIRMED = "confirmed", _("Terkonfirmasi")
    CANCELLED = "cancelled", _("Dibatalkan")


class HostMark(models.TextChoices):
    """The host's confirmation of a participant's attendance (blank: not yet confirmed)."""

    PRESENT = "present", _("Hadir")
    ABSENT = "absent", _("Tidak hadir")


class CoachingKind(models.TextChoices):
    """Coaching or mentoring; each is its own form of development (DOMAIN.md §2.3)."""

    COACHING = "coaching", _("Coaching")
    MENTORING = "mentoring", _("Mentoring")

    @property
    def form_code(self) -> str:
        """PerLAN 10/2018 code: NKL01 coaching, NKL02 mentoring."""
        return FORM_CODES[self.value]


FORM_CODES = {CoachingKind.COACHING.value: "NKL01", CoachingKind.MENTORING.value: "NKL02"}


class BookingStatus(models.TextChoices):
    BOOKED = "booked", _("Dipesan")
    CANCELLED = "cancelled", _("Dibatalkan")
