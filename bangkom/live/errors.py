"""Error codes and refusals of the live context (messages in Indonesian)."""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import Conflict, InvalidInput, NotFound


class LiveErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    INVALID_WINDOW = "invalid_window"
    SESSION_CANCELLED = "session_cancelled"
    SLOT_FULL = "slot_full"
    SLOT_CLOSED = "slot_closed"
    ALREADY_BOOKED = "already_booked"
    BOOKING_CLOSED = "booking_closed"
    NOT_ENROLLED = "not_enrolled"


class LiveObjectNotFound(NotFound):
    """The object does not exist or the user may not see it (existence stays private)."""

    def __init__(self) -> None:
        super().__init__(LiveErrorCode.NOT_FOUND, _("Data tidak ditemukan."))


class InvalidWindow(InvalidInput):
    def __init__(self, message: object = None) -> None:
        super().__init__(
            LiveErrorCode.INVALID_WINDOW,
            message or _("Waktu selesai harus setelah waktu mulai."),
        )
        self.field = "ends_at"


class SessionCancelled(Conflict):
    def __init__(self) -> None:
        super().__init__(LiveErrorCode.SESSION_CANCELLED, _("Sesi ini sudah dibatalkan."))


class SlotFull(Conflict):
    def __init__(self) -> None:
        super().__init__(
            LiveErrorCode.SLOT_FULL, _("Slot ini sudah penuh. Silakan pilih slot lain.")
        )


class SlotClosed(Conflict):
    def __init__(self) -> None:
        super().__init__(
            LiveErrorCode.SLOT_CLOSED,
            _("Slot ini sudah dimulai atau dibatalkan dan tidak dapat dipesan."),
        )


class AlreadyBooked(Conflict):
    def __init__(self) -> None:
        super().__init__(
            LiveErrorCode.ALREADY_BOOKED,
            _(
                "Anda sudah memesan slot ini. "
                "Satu peserta hanya dapat memesan satu tempat per slot."
            ),
        )


class BookingClosed(Conflict):
    def __init__(self) -> None:
        super().__init__(
            LiveErrorCode.BOOKING_CLOSED,
            _("Pemesanan ini tidak dapat dibatalkan lagi: sesinya sudah dimulai atau dibatalkan."),
        )


class NotEnrolled(Conflict):
    def __init__(self) -> None:
        super().__init__(
            LiveErrorCode.NOT_ENROLLED,
            _("Slot ini khusus peserta angkatan tersebut."),
        )
