"""Institutions, units, the employee registry (data induk pegawai), users, roles, API tokens.

The registry is the allow-list of who may use Bangkom (DOMAIN.md S-1 R1): a user account
exists only for an NIP that is in the registry, and the NIP is the login identifier.
"""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import (
    RANK_CHOICES,
    TIME_ZONE_CHOICES,
    EmployeeType,
    Gender,
    InstitutionKind,
    PositionType,
    Role,
)
from bangkom.accounts.nip import NipMismatch, ParsedNip, nip_mismatches, parse_nip, validate_nip
from bangkom.accounts.provinces import PROVINCE_CHOICES, PROVINCES_BY_CODE, province_time_zone
from bangkom.common.models import TimeStampedModel
from bangkom.common.timezones import DEFAULT_ZONE, zone_label


class Institution(TimeStampedModel):
    """An instansi: a Kemendagri unit or a regional government (Pemprov, Pemkab, Pemkot)."""

    code = models.SlugField(_("kode"), max_length=40, unique=True)
    name = models.CharField(_("nama"), max_length=200, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=InstitutionKind.choices)
    province_code = models.CharField(_("provinsi"), max_length=2, choices=PROVINCE_CHOICES)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")

    def __str__(self) -> str:
        return self.name

    @property
    def province_name(self) -> str:
        return PROVINCES_BY_CODE[self.province_code].name

    @property
    def time_zone(self) -> str:
        """The IANA zone derived from the province (DOMAIN.md §5.1)."""
        return province_time_zone(self.province_code)

    @property
    def zone_label(self) -> str:
        return zone_label(self.time_zone)


class Unit(TimeStampedModel):
    """A unit kerja inside an institution (Biro, Bagian, Dinas, Kecamatan...)."""

    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="units", verbose_name=_("instansi")
    )
    name = models.CharField(_("nama unit"), max_length=200)

    class Meta:
        ordering = ["institution__name", "name"]
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "name"], name="accounts_unit_unique_name_per_institution"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Employee(TimeStampedModel):
    """One row of the employee registry, keyed by NIP (upserted by registry imports)."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("nama"), max_length=200)
    gender = models.CharField(_("jenis kelamin"), max_length=6, choices=Gender.choices)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    employee_type = models.CharField(
        _("jenis pegawai"), max_length=8, choices=EmployeeType.choices, default=EmployeeType.PNS
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="employees", verbose_name=_("instansi")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("unit kerja"),
    )
    position_name = models.CharField(_("jabatan"), max_length=200, blank=True)
    position_type = models.CharField(
        _("jenis jabatan"), max_length=15, choices=PositionType.choices, blank=True
    )
    rank = models.CharField(_("pangkat/golongan"), max_length=5, choices=RANK_CHOICES, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)

    class Meta:
        ordering = ["name", "nip"]
        verbose_name = _("pegawai")
        verbose_name_plural = _("data induk pegawai")
        indexes = [models.Index(fields=["institution", "name"], name="accounts_emp_inst_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    @cached_property
    def parsed_nip(self) -> ParsedNip:
        """What the NIP itself encodes: birth date, gender, TMT CPNS, PPPK or not."""
        return parse_nip(self.nip)

    @property
    def nip_mismatches(self) -> list[NipMismatch]:
        """Registry fields that disagree with the NIP; flagged for an admin, never overwritten."""
        return nip_mismatches(self.parsed_nip, birth_date=self.birth_date, gender=self.gender)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, nip: str, password: str | None = None, **fields: object) -> User:
        user = self.model(nip=nip, **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, nip: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        user = self.create_user(nip, password, **fields)
        RoleAssignment.objects.get_or_create(user=user, role=Role.ADMIN, institution=None)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their NIP. Roles are granted by RoleAssignment rows."""

    nip = models.CharField(_("NIP"), max_length=18, unique=True, validators=[validate_nip])
    name = models.CharField(_("nama"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    employee = models.OneToOneField(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("data pegawai"),
    )
    time_zone = models.CharField(
        _("zona waktu"),
        max_length=40,
        choices=TIME_ZONE_CHOICES,
        blank=True,
        help_text=_("Kosongkan untuk mengikuti zona waktu instansi."),
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    is_staff = models.BooleanField(_("akses admin Django"), default=False)
    date_joined = models.DateTimeField(_("tanggal daftar"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "nip"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        ordering = ["name", "nip"]
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")

    def __str__(self) -> str:
        return f"{self.name} ({self.nip})"

    @cached_property
    def roles(self) -> frozenset[str]:
        """The user's role names, read once per request."""
        return frozenset(self.role_assignments.values_list("role", flat=True))

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def institution(self) -> Institution | None:
        return self.employee.institution if self.employee_id else None

    @property
    def time_zone_name(self) -> str:
        """The viewer's zone: their own choice, else their institution's (DOMAIN.md §5.1).

        The login backend loads employee and institution with the user, so this costs no query.
        """
        if self.time_zone:
            return self.time_zone
        institution = self.institution
        return institution.time_zone if institution else DEFAULT_ZONE


class RoleAssignment(models.Model):
    """A role held by a user; a pimpinan's role is scoped to one institution."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    institution = models.ForeignKey(
        Institution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("lingkup instansi"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="roles_granted"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user__name", "role"]
        verbose_name = _("peran pengguna")
        verbose_name_plural = _("peran pengguna")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "institution"], name="accounts_role_unique_scoped"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(institution__isnull=True),
                name="accounts_role_unique_unscoped",
            ),
            models.CheckConstraint(
                condition=~Q(role=Role.PIMPINAN) | Q(institution__isnull=False),
                name="accounts_role_pimpinan_has_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self) -> str:
        return f"token {self.pk} of user {self.user_id}"


class ImportJob(TimeStampedModel):
    """A registry import: validated in full, then written in one transaction or not at all.

    ``errors`` holds ``[{"row": int, "column": str, "message": str}, ...]`` (schema v1).
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Menunggu")
        RUNNING = "running", _("Diproses")
        SUCCEEDED = "succeeded", _("Berhasil")
        FAILED = "failed", _("Gagal")

    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    allow_transfers = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="import_jobs"
    )
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("impor data pegawai")
        verbose_name_plural = _("impor data pegawai")

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
