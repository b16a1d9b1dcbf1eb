"""The audited actions: dotted names written by the domain functions, with their labels.

An action not listed here is still stored and shown (by its name); list it to give it a label
and make it selectable in the admin's filter.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, str | Promise] = {
    "auth.login": _("Masuk"),
    "auth.login_failed": _("Gagal masuk"),
    "role.granted": _("Peran diberikan"),
    "role.revoked": _("Peran dicabut"),
    "registry.imported": _("Impor data induk pegawai"),
    "enrollment.approved": _("Pendaftaran disetujui"),
    "enrollment.rejected": _("Pendaftaran ditolak"),
    "enrollment.enrolled": _("Didaftarkan oleh pengelola"),
    "enrollment.bulk_enrolled": _("Pendaftaran massal"),
    "enrollment.withdrawn": _("Pendaftaran dibatalkan"),
    "assignment.graded": _("Tugas dinilai"),
    "assignment.returned": _("Tugas dikembalikan untuk revisi"),
    "attempt.submitted": _("Ujian dikumpulkan dan dinilai"),
    "attempt.expired": _("Ujian berakhir (waktu habis) dan dinilai"),
    "attempt.voided": _("Percobaan ujian dibatalkan"),
    "item.changed": _("Isi atau kunci soal diubah"),
    "assessment.configured": _("Pengaturan ujian disimpan"),
    "certificate.issued": _("Sertifikat diterbitkan"),
    "certificate.revoked": _("Sertifikat dicabut"),
    "plan.submitted": _("Rencana program diajukan"),
    "plan.approved": _("Rencana program dan anggaran disetujui"),
    "plan.returned": _("Rencana program dikembalikan"),
    "sanction.recorded": _("Sanksi dicatat"),
    "sanction.appeal_filed": _("Banding sanksi diajukan"),
    "sanction.appeal_upheld": _("Banding sanksi dikabulkan"),
    "sanction.lifted": _("Sanksi dicabut"),
    "coaching.booked": _("Sesi coaching dipesan"),
    "coaching.cancelled": _("Sesi coaching dibatalkan"),
    "live.session_created": _("Sesi langsung dibuat"),
    "live.session_changed": _("Sesi langsung diubah"),
    "live.session_cancelled": _("Sesi langsung dibatalkan"),
    "live.attendance_confirmed": _("Kehadiran sesi langsung dikonfirmasi"),
    "calendar.feed_created": _("Tautan kalender dibuat"),
    "calendar.feed_revoked": _("Tautan kalender dicabut"),
    "data_export.downloaded": _("Unduhan data pribadi"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))
