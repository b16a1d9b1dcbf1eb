"""XLSX export of a session's attendance (join click and host confirmation)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.common.exports import xlsx_bytes
from bangkom.live.models import LiveSession
from bangkom.live.queries import attendance_sheet


def attendance_xlsx(session: LiveSession) -> bytes:
    """One row per enrolled participant; instants are naive local times of the viewer's zone."""
    header = [_("NIP"), _("Nama"), _("Instansi"), _("Klik gabung"), _("Konfirmasi host")]
    rows = []
    for row in attendance_sheet(session):
        participant, attendance = row["participant"], row["attendance"]
        institution = participant.employee.institution.name if participant.employee_id else ""
        joined = (
            timezone.localtime(attendance.joined_at).replace(tzinfo=None)
            if attendance and attendance.joined_at
            else None
        )
        mark = attendance.get_host_mark_display() if attendance and attendance.host_mark else ""
        rows.append([participant.nip, participant.name, institution, joined, str(mark)])
    return xlsx_bytes({_("Kehadiran"): (header, rows)})
