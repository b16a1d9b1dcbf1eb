"""Certificates (STTPL/sertifikat, DOMAIN.md §4.1; S-1 R3, R7): per-offering settings,
gap-free number counters, the issued certificate with its frozen snapshot and content hash,
and the background zip jobs of an offering's PDFs (RELIABILITY.md control 13, AC11).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.certificates.choices import ArchiveStatus, CertificateKind
from bangkom.common.models import TimeStampedModel
from bangkom.curriculum.models import Offering
from bangkom.learning.models import Enrollment

DEFAULT_NUMBER_PATTERN = "{offering_code}/{seq}/{year}"
DEFAULT_PLACE_OF_ISSUE = "Jakarta"
DEFAULT_PROVIDER_NAME = "Badan Pengembangan Sumber Daya Manusia Kementerian Dalam Negeri"


class CertificateSettings(TimeStampedModel):
    """How an offering's certificates are numbered and signed (editable by its managers)."""

    offering = models.OneToOneField(
        Offering, on_delete=models.CASCADE, related_name="certificate_settings"
    )
    signatory_name = models.CharField(_("nama penandatangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    place_of_issue = models.CharField(
        _("tempat penerbitan"), max_length=100, default=DEFAULT_PLACE_OF_ISSUE
    )
    number_pattern = models.CharField(
        _("pola nomor"), max_length=120, default=DEFAULT_NUMBER_PATTERN
    )
    provider_name = models.CharField(
        _("penyelenggara"), max_length=200, default=DEFAULT_PROVIDER_NAME
    )

    class Meta:
        ordering = ["offering"]
        verbose_name = _("pengaturan sertifikat")
        verbose_name_plural = _("pengaturan sertifikat")

    def __str__(self) -> str:
        return f"{self.offering_id}: {self.number_pattern}"


class CertificateCounter(models.Model):
    """The last sequence number used for an offering in a year; locked while issuing."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="certificate_counters"
    )
    year = models.PositiveSmallIntegerField()
    last_seq = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["offering", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "year"], name="certificates_counter_once_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.offering_id}/{self.year}: {self.last_seq}"


class Certificate(models.Model):
    """An issued certificate. The snapshot fields are frozen at issue and covered by
    ``content_hash``; only the revocation fields may change afterwards."""

    enrollment = models.OneToOneField(
        Enrollment, on_delete=models.PROTECT, related_name="certificate"
    )
    offering = models.ForeignKey(Offering, on_delete=models.PROTECT, related_name="certificates")
    holder = models.ForeignKey(User, on_delete=models.PROTECT, related_name="certificates")
    kind = models.CharField(_("jenis"), max_length=12, choices=CertificateKind.choices)
    number = models.CharField(_("nomor"), max_length=150, unique=True)
    sequence = models.PositiveIntegerField()
    year = models.PositiveSmallIntegerField()
    # secrets.token_urlsafe(24): 192 bits from the CSPRNG, carried only by the QR (AC11)
    verification_token = models.CharField(max_length=64, unique=True)
    # --- snapshot (hashed) ---
    holder_name = models.CharField(_("nama"), max_length=200)
    holder_nip = models.CharField(_("NIP"), max_length=18)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"), null=True, blank=True)
    rank = models.CharField(_("pangkat/golongan"), max_length=20, blank=True)
    position_name = models.CharField(_("jabatan"), max_length=200, blank=True)
    institution_name = models.CharField(_("instansi"), max_length=200, blank=True)
    program_title = models.CharField(_("program"), max_length=200)
    program_code = models.CharField(_("kode program"), max_length=30)
    offering_code = models.CharField(_("kode angkatan"), max_length=40)
    provider_name = models.CharField(_("penyelenggara"), max_length=200)
    jp = models.DecimalField(_("JP"), max_digits=5, decimal_places=1)
    starts_on = models.DateField(_("mulai"))
    ends_on = models.DateField(_("selesai"))
    result_text = models.CharField(_("hasil"), max_length=100)
    place_of_issue = models.CharField(_("tempat terbit"), max_length=100)
    issued_on = models.DateField(_("tanggal terbit"))
    signatory_name = models.CharField(_("nama penandatangan"), max_length=200, blank=True)
    signatory_position = models.CharField(_("jabatan penandatangan"), max_length=200, blank=True)
    # --- integrity and lifecycle ---
    content_hash = models.CharField(max_length=64)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates_revoked",
    )
    revoke_reason = models.TextField(_("alasan pencabutan"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("sertifikat")
        verbose_name_plural = _("sertifikat")
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "year", "sequence"], name="certificates_certificate_seq"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | ~Q(revoke_reason=""),
                name="certificates_certificate_revoke_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["offering", "sequence"], name="certificates_cert_off")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class CertificateArchiveJob(TimeStampedModel):
    """A zip of all of an offering's certificate PDFs, built by a background task."""

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="certificate_archives"
    )
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="certificate_archives"
    )
    status = models.CharField(
        max_length=10, choices=ArchiveStatus.choices, default=ArchiveStatus.PENDING
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="certificates/archives/%Y/%m/", blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("arsip sertifikat")
        verbose_name_plural = _("arsip sertifikat")

    def __str__(self) -> str:
        return f"arsip {self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == ArchiveStatus.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (ArchiveStatus.SUCCEEDED, ArchiveStatus.FAILED)
