"""What a participant does in the learning room: acknowledge the rules, open materials,
watch videos (server-side watched intervals), declare an external video watched
(DOMAIN.md S-1 R9, R11; Gambar 2 steps 1–3).

Studying is open to an approved enrolment (status ``enrolled``) during the offering's
learning window, ``starts_at`` to ``ends_at``; a trial enrolment (a tester) may study at
any time. Acknowledging the rules is open to an approved enrolment at any time, so a
participant can read and accept them before learning starts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.common.errors import Forbidden, InvalidInput, NotFound
from bangkom.common.timezones import format_local
from bangkom.learning import attendance, video
from bangkom.learning.choices import EnrollmentStatus, MaterialKind
from bangkom.learning.models import Enrollment, Material, MaterialProgress, RulesAcknowledgement
from bangkom.learning.progress import current_rules

MAX_INTERVALS_PER_REPORT = 500  # the browser reports every 10 s; this is hours of seeking


class StudyRefused(Forbidden):
    """The enrolment may not study now (not approved, or outside the learning window)."""


def own_enrollment(user: User, enrollment_pk: int) -> Enrollment:
    """The user's own approved enrolment; NotFound for anyone else's, or a pending one.

    A pending, rejected or withdrawn enrolment has no learning room, so it is reported as
    missing, exactly like someone else's (no existence leak).
    """
    enrollment = (
        Enrollment.objects.select_related("offering__program", "participant__employee__institution")
        .filter(pk=enrollment_pk, participant=user, status=EnrollmentStatus.ENROLLED)
        .first()
    )
    if enrollment is None:
        raise NotFound("enrollment_not_found", _("Pendaftaran tidak ditemukan."))
    return enrollment


def own_enrollment_in(user: User, offering_pk: int) -> Enrollment:
    """The user's approved enrolment in an offering; NotFound otherwise."""
    enrollment = Enrollment.objects.filter(
        offering_id=offering_pk, participant=user, status=EnrollmentStatus.ENROLLED
    ).first()
    if enrollment is None:
        raise NotFound("enrollment_not_found", _("Pendaftaran tidak ditemukan."))
    return enrollment


def enrollment_materials(enrollment: Enrollment) -> QuerySet[Material]:
    """Materials of the enrolment's program: its subjects' materials and its orientation."""
    program_id = enrollment.offering.program_id
    return Material.objects.filter(
        Q(subject__program_id=program_id) | Q(program_id=program_id, is_orientation=True)
    )


def enrollment_material(enrollment: Enrollment, material_pk: int) -> Material:
    """One material of the enrolment's program; NotFound for any other material."""
    material = (
        enrollment_materials(enrollment).select_related("subject").filter(pk=material_pk).first()
    )
    if material is None:
        raise NotFound("material_not_found", _("Materi tidak ditemukan."))
    return material


def study_refusal(enrollment: Enrollment, *, now: datetime) -> StudyRefused | None:
    """Why the enrolment may not study at ``now``, or None when it may."""
    if enrollment.status != EnrollmentStatus.ENROLLED:
        return StudyRefused("not_enrolled", _("Pendaftaran Anda belum disetujui."))
    if enrollment.is_trial:
        return None
    offering = enrollment.offering
    zone = enrollment.participant.time_zone_name
    if now < offering.starts_at:
        return StudyRefused(
            "learning_not_started",
            _("Masa belajar belum dimulai. Belajar dibuka pada %(start)s.")
            % {"start": format_local(offering.starts_at, zone)},
        )
    if now > offering.ends_at:
        return StudyRefused(
            "learning_ended",
            _("Masa belajar telah berakhir pada %(end)s.")
            % {"end": format_local(offering.ends_at, zone)},
        )
    return None


def ensure_can_study(enrollment: Enrollment, *, now: datetime) -> None:
    """Raise StudyRefused unless the enrolment may study at ``now``."""
    refusal = study_refusal(enrollment, now=now)
    if refusal is not None:
        raise refusal


def acknowledge_rules(enrollment: Enrollment, *, now: datetime) -> RulesAcknowledgement:
    """Record that the participant accepted the current version of the program's rules.

    Idempotent: acknowledging the same version again returns the first acknowledgement.
    A newer version needs a new acknowledgement (what was agreed to changed).
    """
    if enrollment.status != EnrollmentStatus.ENROLLED:
        raise StudyRefused("not_enrolled", _("Pendaftaran Anda belum disetujui."))
    rules = current_rules(enrollment.offering.program_id)
    if rules is None:
        raise NotFound("rules_not_found", _("Program ini belum memiliki ketentuan."))
    acknowledgement, _created = RulesAcknowledgement.objects.get_or_create(
        enrollment=enrollment, rules=rules, defaults={"acknowledged_at": now}
    )
    return acknowledgement


@dataclass(frozen=True)
class VideoReport:
    """What the player is told after a report: progress after merging, for the bar."""

    percent: int
    watched_seconds: float
    position_seconds: float
    completed: bool


def video_report(progress: MaterialProgress | None, material: Material) -> VideoReport:
    if progress is None:
        return VideoReport(percent=0, watched_seconds=0, position_seconds=0, completed=False)
    share = video.watched_share(progress.watched_intervals, material.duration_seconds)
    return VideoReport(
        percent=100 if progress.completed_at else int(share * 100),
        watched_seconds=progress.watched_seconds,
        position_seconds=progress.position_seconds,
        completed=progress.completed_at is not None,
    )


def is_tracked_video(material: Material) -> bool:
    """True for an uploaded video: the player measures what was watched.

    An external video link cannot be played in the page (the content security policy
    allows media from this site only), so it opens elsewhere and is self-declared.
    """
    return material.kind == MaterialKind.VIDEO and bool(material.file)


def record_video_progress(
    enrollment: Enrollment,
    material: Material,
    *,
    intervals: list,
    position: object,
    now: datetime,
) -> MaterialProgress:
    """Merge the intervals the browser played since its last report into the stored ones.

    Stores the position for resuming, sets ``completed_at`` once (≥ 90 % watched; it is
    never cleared) and records the day's attendance as study activity. Malformed intervals
    are ignored; a report about a material of another program is NotFound.
    """
    ensure_can_study(enrollment, now=now)
    _ensure_material_of(enrollment, material)
    if not is_tracked_video(material) or not material.duration_seconds:
        raise InvalidInput("not_a_tracked_video", _("Materi ini bukan video yang diputar di sini."))
    if not isinstance(intervals, list) or len(intervals) > MAX_INTERVALS_PER_REPORT:
        raise InvalidInput("invalid_intervals", _("Laporan tontonan tidak valid."))
    duration = material.duration_seconds
    with transaction.atomic():
        progress = _locked_progress(enrollment, material, now=now)
        progress.watched_intervals = video.merge_intervals(
            progress.watched_intervals, intervals, duration=duration
        )
        progress.watched_seconds = video.watched_seconds(progress.watched_intervals)
        resume_at = video.clamp_position(position, duration)
        if resume_at is not None:
            progress.position_seconds = resume_at
        if progress.completed_at is None and video.is_complete(
            progress.watched_intervals, duration
        ):
            progress.completed_at = now
        progress.save()
        attendance.record_activity(enrollment, now=now)
    return progress


def mark_material_opened(
    enrollment: Enrollment, material: Material, *, now: datetime
) -> MaterialProgress:
    """Record that the participant opened a material; a non-video material is then done.

    A video is not done by opening it: an uploaded video by watching (``record_video_
    progress``), an external link by ``declare_video_watched``. Idempotent.
    """
    ensure_can_study(enrollment, now=now)
    _ensure_material_of(enrollment, material)
    with transaction.atomic():
        progress = _locked_progress(enrollment, material, now=now)
        if progress.completed_at is None and not material.is_video:
            progress.completed_at = now
            progress.save(update_fields=["completed_at", "updated_at"])
        attendance.record_activity(enrollment, now=now)
    return progress


def declare_video_watched(
    enrollment: Enrollment, material: Material, *, now: datetime
) -> MaterialProgress:
    """Mark an external video as watched on the participant's own word ("Saya sudah menonton").

    Self-declared by design: a video on another site cannot be measured here. Uploaded
    videos are refused, because their player measures what was watched. Idempotent.
    """
    ensure_can_study(enrollment, now=now)
    _ensure_material_of(enrollment, material)
    if material.kind != MaterialKind.VIDEO_URL:
        raise InvalidInput(
            "tracked_video", _("Video ini tercatat otomatis saat Anda menontonnya di sini.")
        )
    with transaction.atomic():
        progress = _locked_progress(enrollment, material, now=now)
        if progress.completed_at is None:
            progress.completed_at = now
            progress.save(update_fields=["completed_at", "updated_at"])
        attendance.record_activity(enrollment, now=now)
    return progress


def _ensure_material_of(enrollment: Enrollment, material: Material) -> None:
    program_id = enrollment.offering.program_id
    own = (material.subject_id and material.subject.program_id == program_id) or (
        material.is_orientation and material.program_id == program_id
    )
    if not own:
        raise NotFound("material_not_found", _("Materi tidak ditemukan."))


def _locked_progress(
    enrollment: Enrollment, material: Material, *, now: datetime
) -> MaterialProgress:
    """The progress row, created if missing and locked (PostgreSQL) for read-modify-write.

    On SQLite the surrounding IMMEDIATE transaction already serialises writers.
    """
    progress, _created = MaterialProgress.objects.get_or_create(
        enrollment=enrollment, material=material, defaults={"opened_at": now}
    )
    return MaterialProgress.objects.select_for_update().get(pk=progress.pk)
