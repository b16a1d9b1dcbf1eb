"""Read side of enrolments: a participant's own list, the approval inbox, an offering's
participants and their XLSX export.

Object scoping lives here: a pimpinan sees only requests of their own institutions, a
participant only their own enrolments; anything else is simply absent (the views answer
404). Real participant lists and counts exclude trial enrolments unless asked.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.accounts.permissions import sees_whole_registry, supervised_institution_ids
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.errors import EnrollmentNotFound
from bangkom.learning.models import Enrollment
from bangkom.learning.progress import journeys_for
from bangkom.progression.journey import Journey, JourneyState, NextStep

EXPORT_BATCH = 1000  # journeys are computed per batch: a fixed number of queries each
MAX_QUERY_CHARS = 100

STATE_LABELS = {
    JourneyState.PENDING_APPROVAL: _("Menunggu persetujuan"),
    JourneyState.REJECTED: _("Ditolak"),
    JourneyState.WITHDRAWN: _("Mengundurkan diri"),
    JourneyState.DISQUALIFIED: _("Didiskualifikasi"),
    JourneyState.PLACEMENT_PENDING: _("Menunggu tes awal"),
    JourneyState.EXEMPT_RPL: _("Kompeten melalui rekognisi pembelajaran lampau"),
    JourneyState.LEARNING: _("Sedang belajar"),
    JourneyState.EXAMS_PENDING: _("Ujian mata pelatihan"),
    JourneyState.FINAL_AVAILABLE: _("Uji kompetensi tersedia"),
    JourneyState.KOMPETEN: _("Kompeten"),
    JourneyState.BELUM_KOMPETEN: _("Belum kompeten"),
}
NEXT_STEP_LABELS = {
    NextStep.AWAIT_APPROVAL: _("Tunggu persetujuan pimpinan"),
    NextStep.ACKNOWLEDGE_RULES: _("Baca dan setujui ketentuan"),
    NextStep.TAKE_PLACEMENT: _("Ikuti tes awal"),
    NextStep.WATCH_ORIENTATION: _("Tonton video orientasi"),
    NextStep.STUDY_MATERIALS: _("Pelajari materi"),
    NextStep.SUBMIT_ASSIGNMENTS: _("Kerjakan penugasan"),
    NextStep.TAKE_SUBJECT_EXAMS: _("Ikuti ujian mata pelatihan"),
    NextStep.WAIT_FOR_FINAL: _("Tunggu uji kompetensi"),
    NextStep.TAKE_FINAL: _("Ikuti uji kompetensi"),
    NextStep.DOWNLOAD_CERTIFICATE: _("Unduh sertifikat"),
    NextStep.NONE: _("Tidak ada"),
}


@dataclass(frozen=True)
class EnrollmentRow:
    """An enrolment with its journey, ready for a table."""

    enrollment: Enrollment
    journey: Journey

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.journey.state, self.journey.state)

    @property
    def next_step_label(self) -> str:
        return NEXT_STEP_LABELS.get(self.journey.next_step, self.journey.next_step)

    @property
    def is_enrolled(self) -> bool:
        return self.enrollment.status == EnrollmentStatus.ENROLLED


def with_journeys(enrollments: Sequence[Enrollment]) -> list[EnrollmentRow]:
    """Pair each enrolment with its journey (offering must be loaded)."""
    enrollments = list(enrollments)
    journeys = journeys_for(enrollments)
    return [EnrollmentRow(e, journeys[e.pk]) for e in enrollments]


def enrollments_of(user: User) -> QuerySet[Enrollment]:
    """The user's own enrolments, newest request first, offering and program loaded."""
    return Enrollment.objects.filter(participant=user).select_related("offering__program")


def own_enrollment(user: User, pk: int) -> Enrollment:
    """One of the user's own enrolments; someone else's raises ``EnrollmentNotFound``."""
    enrollment = enrollments_of(user).filter(pk=pk).first()
    if enrollment is None:
        raise EnrollmentNotFound()
    return enrollment


def decidable_enrollments(user: User) -> QuerySet[Enrollment]:
    """Enrolments whose requests this user may decide: all for managers, else their
    institutions' (a pimpinan of another institution sees none of them)."""
    enrollments = Enrollment.objects.filter(is_trial=False).select_related(
        "offering__program", "participant__employee__institution", "decided_by"
    )
    if sees_whole_registry(user):
        return enrollments
    if not user.has_role(Role.PIMPINAN):
        return enrollments.none()
    return enrollments.filter(
        participant__employee__institution_id__in=supervised_institution_ids(user)
    )


def approval_queue(user: User, *, q: str = "") -> QuerySet[Enrollment]:
    """Pending requests the user may decide, oldest first, optionally searched by NIP/name."""
    pending = decidable_enrollments(user).filter(status=EnrollmentStatus.PENDING)
    return _search(pending, q).order_by("requested_at", "pk")


def decidable_enrollment(user: User, pk: int) -> Enrollment:
    enrollment = decidable_enrollments(user).filter(pk=pk).first()
    if enrollment is None:
        raise EnrollmentNotFound()
    return enrollment


def offering_participants(
    offering: Offering, *, q: str = "", status: str = "", include_trial: bool = False
) -> QuerySet[Enrollment]:
    """An offering's participants for a manager, searched by NIP prefix or name."""
    # Sort on the user table only; the employee and institution rows are fetched for the
    # shown page alone (joining them before the sort scanned the whole registry).
    enrollments = (
        Enrollment.objects.filter(offering=offering)
        .select_related("offering__program", "participant")
        .prefetch_related("participant__employee__institution")
    )
    if not include_trial:
        enrollments = enrollments.filter(is_trial=False)
    if status in EnrollmentStatus.values:
        enrollments = enrollments.filter(status=status)
    return _search(enrollments, q).order_by("participant__name", "pk")


def participants_export_rows(enrollments: QuerySet[Enrollment]) -> Iterator[list[object]]:
    """Rows of the participants XLSX, computed in batches so memory and queries stay bounded."""
    batch: list[Enrollment] = []
    for enrollment in enrollments.iterator(chunk_size=EXPORT_BATCH):
        batch.append(enrollment)
        if len(batch) == EXPORT_BATCH:
            yield from _export_batch(batch)
            batch = []
    if batch:
        yield from _export_batch(batch)


EXPORT_HEADER = [
    "NIP",
    "Nama",
    "Instansi",
    "Status",
    "Sumber",
    "Uji coba",
    "Tahap",
    "Langkah berikutnya",
    "Kemajuan (%)",
    "Diajukan",
    "Diputuskan",
]


def _export_batch(batch: list[Enrollment]) -> Iterator[list[object]]:
    for row in with_journeys(batch):
        e = row.enrollment
        institution = e.participant.employee.institution.name if e.participant.employee else ""
        yield [
            e.participant.nip,
            e.participant.name,
            institution,
            str(e.get_status_display()),
            str(e.get_source_display()),
            "ya" if e.is_trial else "tidak",
            str(row.state_label),
            str(row.next_step_label),
            row.journey.percent,
            e.requested_at,
            e.decided_at,
        ]


def _search(enrollments: QuerySet[Enrollment], q: str) -> QuerySet[Enrollment]:
    query = (q or "").strip()[:MAX_QUERY_CHARS]
    if not query:
        return enrollments
    digits = query.replace(" ", "").replace(".", "")
    condition = Q(participant__name__icontains=query)
    if digits.isdigit():
        condition |= Q(participant__nip__startswith=digits)
    return enrollments.filter(condition)
