"""Offerings (angkatan): scheduling, eligibility, status transitions and the committee.

Rules implemented here (issue "curriculum"; DOMAIN.md S-1 R1, §5.1):
- windows are ordered: enrolment opens before it closes and before learning starts, and
  closes before learning ends; learning lasts between one day and one year;
- times are entered as wall-clock times in the offering's zone and stored in UTC;
- no cap on participants unless a manager sets one (``capacity`` None = unlimited);
- status moves draft → published → running → closed; published → draft only while nobody
  has enrolled; publishing needs at least one subject; a closed offering is not edited;
- the committee (panitia) are managers (pengelola) with a named task each.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import TIME_ZONE_CHOICES, PositionType, Role
from bangkom.accounts.models import Institution, RoleAssignment, User
from bangkom.common.timezones import DEFAULT_ZONE
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.errors import CurriculumConflict, CurriculumErrorCode, CurriculumInvalid
from bangkom.curriculum.models import CommitteeMember, Offering, Program
from bangkom.notifications.service import notify

# [U] Sensible bounds, not a regulation: the issue names 10 days, 20 days, a month…
MIN_LEARNING_WINDOW = timedelta(days=1)
MAX_LEARNING_WINDOW = timedelta(days=366)
ZONES = frozenset(zone for zone, _label in TIME_ZONE_CHOICES)

ALLOWED_TRANSITIONS: dict[str, tuple[str, ...]] = {
    OfferingStatus.DRAFT: (OfferingStatus.PUBLISHED,),
    OfferingStatus.PUBLISHED: (OfferingStatus.RUNNING, OfferingStatus.DRAFT),
    OfferingStatus.RUNNING: (OfferingStatus.CLOSED,),
    OfferingStatus.CLOSED: (),
}


@dataclass(frozen=True)
class OfferingData:
    """What a manager enters for an offering; the four instants are aware (UTC or any zone)."""

    code: str
    name: str
    enrollment_opens_at: datetime
    enrollment_closes_at: datetime
    starts_at: datetime
    ends_at: datetime
    time_zone: str = DEFAULT_ZONE
    capacity: int | None = None
    eligible_institutions: tuple[Institution, ...] = ()
    eligible_position_types: tuple[str, ...] = ()
    requires_supervisor_approval: bool = True
    is_trial_mode: bool = False


def in_zone(wall_clock: datetime, zone_name: str) -> datetime:
    """Return the instant a naive wall-clock time means in the zone (Indonesia has no DST)."""
    if zone_name not in ZONES:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_SCHEDULE, _("Zona waktu tidak dikenal."), field="time_zone"
        )
    return wall_clock.replace(tzinfo=ZoneInfo(zone_name))


def wall_clock(instant: datetime, zone_name: str) -> datetime:
    """Return the naive wall-clock time of an instant in the zone (for editing forms)."""
    return instant.astimezone(ZoneInfo(zone_name)).replace(tzinfo=None)


def _invalid(message: object, field_name: str) -> CurriculumInvalid:
    return CurriculumInvalid(CurriculumErrorCode.INVALID_SCHEDULE, message, field=field_name)


def validate_schedule(data: OfferingData) -> None:
    """Refuse unordered windows and a learning window outside 1 day – 1 year."""
    instants = ("enrollment_opens_at", "enrollment_closes_at", "starts_at", "ends_at")
    for name in instants:
        value = getattr(data, name)
        if value is None or timezone.is_naive(value):
            raise _invalid(_("Waktu harus diisi lengkap dengan zona waktunya."), name)
    if data.enrollment_closes_at <= data.enrollment_opens_at:
        raise _invalid(_("Pendaftaran harus ditutup setelah dibuka."), "enrollment_closes_at")
    if data.ends_at <= data.starts_at:
        raise _invalid(_("Masa belajar harus berakhir setelah dimulai."), "ends_at")
    if data.enrollment_opens_at > data.starts_at:
        raise _invalid(
            _("Pendaftaran harus dibuka sebelum masa belajar dimulai."), "enrollment_opens_at"
        )
    if data.enrollment_closes_at > data.ends_at:
        raise _invalid(
            _("Pendaftaran harus ditutup sebelum masa belajar berakhir."), "enrollment_closes_at"
        )
    window = data.ends_at - data.starts_at
    if not MIN_LEARNING_WINDOW <= window <= MAX_LEARNING_WINDOW:
        raise _invalid(
            _("Masa belajar harus antara %(min)s hari dan %(max)s hari.")
            % {"min": MIN_LEARNING_WINDOW.days, "max": MAX_LEARNING_WINDOW.days},
            "ends_at",
        )


def _clean_offering(data: OfferingData) -> dict:
    code, name = data.code.strip(), data.name.strip()
    if not code:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_OFFERING, _("Kode angkatan wajib diisi."), field="code"
        )
    if not name:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_OFFERING, _("Nama angkatan wajib diisi."), field="name"
        )
    if data.time_zone not in ZONES:
        raise _invalid(_("Zona waktu tidak dikenal."), "time_zone")
    validate_schedule(data)
    if data.capacity is not None and data.capacity < 1:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_OFFERING,
            _("Kuota paling sedikit 1 peserta; kosongkan untuk tanpa batas."),
            field="capacity",
        )
    unknown = set(data.eligible_position_types) - set(PositionType.values)
    if unknown:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_OFFERING,
            _("Jenis jabatan tidak dikenal."),
            field="eligible_position_types",
        )
    return {
        "code": code,
        "name": name,
        "enrollment_opens_at": data.enrollment_opens_at,
        "enrollment_closes_at": data.enrollment_closes_at,
        "starts_at": data.starts_at,
        "ends_at": data.ends_at,
        "time_zone": data.time_zone,
        "capacity": data.capacity,
        # stored in the choices' order, so equal sets compare equal
        "eligible_position_types": [
            value for value in PositionType.values if value in set(data.eligible_position_types)
        ],
        "requires_supervisor_approval": data.requires_supervisor_approval,
        "is_trial_mode": data.is_trial_mode,
    }


def _duplicate_code() -> CurriculumConflict:
    return CurriculumConflict(
        CurriculumErrorCode.DUPLICATE_CODE, _("Kode angkatan sudah dipakai."), field="code"
    )


def create_offering(program: Program, data: OfferingData, *, by: User | None) -> Offering:
    """Create a draft offering of an active program; refuse bad windows or a taken code."""
    if not program.is_active:
        raise CurriculumConflict(
            CurriculumErrorCode.PROGRAM_INACTIVE,
            _("Program ini tidak aktif; aktifkan dulu sebelum membuat angkatan."),
        )
    fields = _clean_offering(data)
    if Offering.objects.filter(code__iexact=fields["code"]).exists():
        raise _duplicate_code()
    try:
        with transaction.atomic():
            offering = Offering.objects.create(
                program=program, status=OfferingStatus.DRAFT, created_by=by, **fields
            )
            offering.eligible_institutions.set(data.eligible_institutions)
    except IntegrityError:
        raise _duplicate_code() from None
    return offering


def update_offering(offering: Offering, data: OfferingData) -> Offering:
    """Change an offering's schedule and eligibility; a closed offering is not changed."""
    if offering.status == OfferingStatus.CLOSED:
        raise CurriculumConflict(
            CurriculumErrorCode.OFFERING_CLOSED,
            _("Angkatan yang sudah selesai tidak dapat diubah."),
        )
    fields = _clean_offering(data)
    if Offering.objects.filter(code__iexact=fields["code"]).exclude(pk=offering.pk).exists():
        raise _duplicate_code()
    for name, value in fields.items():
        setattr(offering, name, value)
    try:
        with transaction.atomic():
            offering.save()
            offering.eligible_institutions.set(data.eligible_institutions)
    except IntegrityError:
        raise _duplicate_code() from None
    return offering


def has_room(offering: Offering, *, taken: int) -> bool:
    """True when one more participant fits: always, unless a manager set a capacity."""
    return offering.capacity is None or taken < offering.capacity


# --- status ---------------------------------------------------------------------------------


def next_statuses(offering: Offering) -> tuple[str, ...]:
    """The statuses the offering may move to from where it is (for the status buttons)."""
    return ALLOWED_TRANSITIONS.get(offering.status, ())


def change_offering_status(offering: Offering, *, to: str, by: User | None, now: datetime) -> None:
    """Move the offering to ``to``; refuse a transition the table does not allow.

    Publishing needs at least one subject; going back to draft is refused once anyone has
    enrolled. ``offering.status`` is the status the manager saw: if it changed meanwhile,
    nothing happens and ``status_changed`` is raised (two clicks cannot both move it).
    """
    seen = offering.status
    with transaction.atomic():
        locked = Offering.objects.select_for_update().select_related("program").get(pk=offering.pk)
        if locked.status != seen:
            raise CurriculumConflict(
                CurriculumErrorCode.STATUS_CHANGED,
                _("Status angkatan baru saja diubah orang lain. Muat ulang halaman."),
            )
        if to not in ALLOWED_TRANSITIONS.get(seen, ()):
            raise CurriculumConflict(
                CurriculumErrorCode.TRANSITION_NOT_ALLOWED,
                _("Status angkatan tidak dapat diubah dari %(from)s ke %(to)s.")
                % {"from": _status_label(seen), "to": _status_label(to)},
            )
        if to == OfferingStatus.PUBLISHED and not locked.program.subjects.exists():
            raise CurriculumConflict(
                CurriculumErrorCode.NO_SUBJECTS,
                _("Tambahkan paling sedikit satu mata pelatihan sebelum membuka angkatan."),
            )
        if to == OfferingStatus.DRAFT and locked.enrollments.exists():
            raise CurriculumConflict(
                CurriculumErrorCode.HAS_ENROLLMENTS,
                _("Angkatan ini sudah memiliki pendaftar; tidak dapat dikembalikan ke draf."),
            )
        # conditional on the status read: on databases without row locks a parallel click
        # changes nothing twice
        changed = Offering.objects.filter(pk=offering.pk, status=seen).update(
            status=to, updated_at=now
        )
        if not changed:
            raise CurriculumConflict(
                CurriculumErrorCode.STATUS_CHANGED,
                _("Status angkatan baru saja diubah orang lain. Muat ulang halaman."),
            )
    offering.status = to
    offering.updated_at = now
    _tell_committee(offering, by=by, now=now)


def _tell_committee(offering: Offering, *, by: User | None, now: datetime) -> None:
    members = {m.user for m in offering.committee.select_related("user") if m.user != by}
    for user in members:
        notify(
            user,
            event_key=f"curriculum:offering-status:{offering.pk}:{offering.status}:{int(now.timestamp())}",
            title=_("Status %(offering)s: %(status)s")
            % {"offering": offering.name, "status": _status_label(offering.status)},
            url=reverse("curriculum:offering-detail", args=[offering.pk]),
        )


def _status_label(value: str) -> str:
    return OfferingStatus(value).label if value in OfferingStatus.values else value


# --- committee ------------------------------------------------------------------------------


def add_committee_member(
    offering: Offering, *, user: User, task: str, by: User | None
) -> CommitteeMember:
    """Put a manager (pengelola) on the committee with a named task; notify them.

    Refuses a user without the pengelola role, an empty task and the same task twice.
    """
    task = task.strip()
    if not task:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_COMMITTEE_TASK,
            _("Tugas panitia wajib diisi."),
            field="task",
        )
    if not RoleAssignment.objects.filter(user=user, role=Role.PENGELOLA).exists():
        raise CurriculumInvalid(
            CurriculumErrorCode.NOT_A_MANAGER,
            _("Hanya pengelola program yang dapat menjadi panitia."),
            field="user",
        )
    try:
        with transaction.atomic():
            member = CommitteeMember.objects.create(offering=offering, user=user, task=task)
    except IntegrityError:
        raise CurriculumConflict(
            CurriculumErrorCode.DUPLICATE_COMMITTEE_TASK,
            _("Pengguna ini sudah memegang tugas tersebut di angkatan ini."),
            field="task",
        ) from None
    notify(
        user,
        event_key=f"curriculum:committee:{member.pk}",
        title=_("Anda menjadi panitia %(offering)s") % {"offering": offering.name},
        body=_("Tugas: %(task)s") % {"task": task},
        url=reverse("curriculum:offering-detail", args=[offering.pk]),
    )
    return member


def remove_committee_member(member: CommitteeMember) -> None:
    """Take a member's task off the committee."""
    member.delete()


def committee_candidates(exclude: Iterable[int] = ()) -> list[User]:
    """Users who may sit on a committee (holders of the pengelola role), by name."""
    return list(
        User.objects.filter(role_assignments__role=Role.PENGELOLA, is_active=True)
        .exclude(pk__in=list(exclude))
        .distinct()
        .order_by("name")
    )
