"""The kinds of events users are notified of; a user chooses per kind whether it emails them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    GENERAL = "general", _("Umum")
    ENROLLMENT_DECISION = "enrollment_decision", _("Keputusan pendaftaran")
    MATERIAL = "material", _("Materi baru")
    ANNOUNCEMENT = "announcement", _("Pengumuman")
    ASSIGNMENT_GRADED = "assignment_graded", _("Penilaian tugas")
    DEADLINE_REMINDER = "deadline_reminder", _("Pengingat tenggat tugas")
    EXAM_WINDOW_REMINDER = "exam_window_reminder", _("Pengingat jadwal ujian")
    EXAM_RESULT = "exam_result", _("Hasil ujian")
    CERTIFICATE_ISSUED = "certificate_issued", _("Sertifikat terbit")
    LIVE_SESSION = "live_session", _("Sesi langsung")
    COACHING_BOOKING = "coaching_booking", _("Pemesanan coaching/mentoring")
    SANCTION = "sanction", _("Sanksi")
    SURVEY = "survey", _("Survei evaluasi")
