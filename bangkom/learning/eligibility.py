"""Who may enrol in an offering, with one specific reason for every refusal (DOMAIN.md S-1 R1, R3).

``check_eligibility`` is the one rule used by the catalogue page, the API, bulk enrolment,
nominations and managers' enrolments; ``eligibility_matrix`` answers the same question for
many users or offerings at once with a fixed number of queries (it calls the same decision
function, so the two cannot disagree).

The reasons, checked in this order so the message is the most useful one:
``not_registered`` (no active registry employee or the account is inactive),
``already_enrolled`` (a pending or enrolled row in this offering), ``already_certified``
(kompeten or exempt by recognition of prior learning in any offering of the same program,
from ``progress.journeys_for``), ``institution_not_eligible``, ``position_not_eligible``,
``window_closed`` (not published/running or outside the enrolment window; managers skip
it) and ``capacity_full`` (pending + enrolled real enrolments reached the quota).
A rejected or withdrawn enrolment does not block a new request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from django.db.models import Count
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.learning.progress import journeys_for
from bangkom.progression.journey import JourneyState

# Statuses that hold a place in an offering (and block a second request).
ACTIVE_STATUSES = (EnrollmentStatus.PENDING, EnrollmentStatus.ENROLLED)
# Offerings a participant may request to join, when the window is open.
OPEN_STATUSES = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING)
# Journey states that mean the program's competency is already certified (seed R3, R7).
CERTIFIED_STATES = frozenset({JourneyState.KOMPETEN, JourneyState.EXEMPT_RPL})


class EligibilityReason(StrEnum):
    NOT_REGISTERED = "not_registered"
    INSTITUTION_NOT_ELIGIBLE = "institution_not_eligible"
    POSITION_NOT_ELIGIBLE = "position_not_eligible"
    WINDOW_CLOSED = "window_closed"
    ALREADY_ENROLLED = "already_enrolled"
    ALREADY_CERTIFIED = "already_certified"
    CAPACITY_FULL = "capacity_full"


MESSAGES: dict[EligibilityReason, Promise] = {
    EligibilityReason.NOT_REGISTERED: _(
        "NIP Anda tidak terdaftar atau tidak aktif di data induk pegawai."
    ),
    EligibilityReason.INSTITUTION_NOT_ELIGIBLE: _(
        "Instansi Anda bukan instansi sasaran angkatan ini."
    ),
    EligibilityReason.POSITION_NOT_ELIGIBLE: _("Jenis jabatan Anda bukan sasaran angkatan ini."),
    EligibilityReason.WINDOW_CLOSED: _("Pendaftaran angkatan ini sedang tidak dibuka."),
    EligibilityReason.ALREADY_ENROLLED: _("Anda sudah mendaftar pada angkatan ini."),
    EligibilityReason.ALREADY_CERTIFIED: _(
        "Anda sudah dinyatakan kompeten pada program ini (termasuk melalui rekognisi "
        "pembelajaran lampau), sehingga tidak dapat mengikutinya lagi."
    ),
    EligibilityReason.CAPACITY_FULL: _("Kuota peserta angkatan ini sudah penuh."),
}
# The same reasons about someone else, for managers' and supervisors' screens.
REASON_LABELS: dict[EligibilityReason, Promise] = {
    EligibilityReason.NOT_REGISTERED: _("Tidak terdaftar atau tidak aktif di data induk pegawai."),
    EligibilityReason.INSTITUTION_NOT_ELIGIBLE: _("Instansinya bukan instansi sasaran."),
    EligibilityReason.POSITION_NOT_ELIGIBLE: _("Jenis jabatannya bukan sasaran."),
    EligibilityReason.WINDOW_CLOSED: _("Pendaftaran angkatan ini sedang tidak dibuka."),
    EligibilityReason.ALREADY_ENROLLED: _("Sudah terdaftar pada angkatan ini."),
    EligibilityReason.ALREADY_CERTIFIED: _(
        "Sudah kompeten pada program ini (termasuk melalui rekognisi pembelajaran lampau)."
    ),
    EligibilityReason.CAPACITY_FULL: _("Kuota peserta sudah penuh."),
}


@dataclass(frozen=True)
class Eligibility:
    """The answer: ``ok``, or the ``reason`` of the refusal with its Indonesian ``message``."""

    ok: bool
    reason: EligibilityReason | None = None
    message: str | Promise = ""

    @classmethod
    def refused(cls, reason: EligibilityReason) -> Eligibility:
        return cls(ok=False, reason=reason, message=MESSAGES[reason])


ELIGIBLE = Eligibility(ok=True)


@dataclass
class _Facts:
    """What the decision needs, read in a fixed number of queries for any batch."""

    eligible_institutions: dict[int, set[int]] = field(default_factory=dict)
    active: set[tuple[int, int]] = field(default_factory=set)  # (user, offering)
    certified: set[tuple[int, int]] = field(default_factory=set)  # (user, program)
    taken: dict[int, int] = field(default_factory=dict)  # offering → places taken


def check_eligibility(
    user: User, offering: Offering, *, now: datetime, ignore_window: bool = False
) -> Eligibility:
    """Decide whether ``user`` may enrol in ``offering`` at ``now``.

    ``ignore_window`` is for managers (pengelola) enrolling people themselves: every
    reason applies except ``window_closed``. Never raises; reads only.
    """
    return eligibility_matrix([user], [offering], now=now, ignore_window=ignore_window)[
        (user.pk, offering.pk)
    ]


def eligibility_matrix(
    users: Sequence[User],
    offerings: Sequence[Offering],
    *,
    now: datetime,
    ignore_window: bool = False,
) -> dict[tuple[int, int], Eligibility]:
    """``check_eligibility`` for every (user, offering) pair, keyed by ``(user.pk, offering.pk)``.

    Load users with ``select_related("employee")`` to keep the query count fixed.
    """
    if not users or not offerings:
        return {}
    facts = _load_facts(users, offerings)
    return {
        (user.pk, offering.pk): _decide(user, offering, facts, now=now, ignore_window=ignore_window)
        for user in users
        for offering in offerings
    }


def is_window_open(offering: Offering, *, now: datetime) -> bool:
    """True when the offering takes requests now: published or running, inside its window."""
    return (
        offering.status in OPEN_STATUSES
        and offering.enrollment_opens_at <= now < offering.enrollment_closes_at
    )


def _decide(
    user: User, offering: Offering, facts: _Facts, *, now: datetime, ignore_window: bool
) -> Eligibility:
    employee = user.employee if user.employee_id else None
    if employee is None or not employee.is_active or not user.is_active:
        return Eligibility.refused(EligibilityReason.NOT_REGISTERED)
    if (user.pk, offering.pk) in facts.active:
        return Eligibility.refused(EligibilityReason.ALREADY_ENROLLED)
    if (user.pk, offering.program_id) in facts.certified:
        return Eligibility.refused(EligibilityReason.ALREADY_CERTIFIED)
    institutions = facts.eligible_institutions.get(offering.pk)
    if institutions and employee.institution_id not in institutions:
        return Eligibility.refused(EligibilityReason.INSTITUTION_NOT_ELIGIBLE)
    positions = offering.eligible_position_types or []
    if positions and employee.position_type not in positions:
        return Eligibility.refused(EligibilityReason.POSITION_NOT_ELIGIBLE)
    if not ignore_window and not is_window_open(offering, now=now):
        return Eligibility.refused(EligibilityReason.WINDOW_CLOSED)
    if offering.capacity is not None and facts.taken.get(offering.pk, 0) >= offering.capacity:
        return Eligibility.refused(EligibilityReason.CAPACITY_FULL)
    return ELIGIBLE


def _load_facts(users: Sequence[User], offerings: Sequence[Offering]) -> _Facts:
    user_ids = [u.pk for u in users]
    offering_ids = [o.pk for o in offerings]
    facts = _Facts()
    through = Offering.eligible_institutions.through
    institutions: dict[int, set[int]] = defaultdict(set)
    for offering_id, institution_id in through.objects.filter(
        offering_id__in=offering_ids
    ).values_list("offering_id", "institution_id"):
        institutions[offering_id].add(institution_id)
    facts.eligible_institutions = dict(institutions)
    facts.active = set(
        Enrollment.objects.filter(
            participant_id__in=user_ids, offering_id__in=offering_ids, status__in=ACTIVE_STATUSES
        ).values_list("participant_id", "offering_id")
    )
    facts.certified = certified_programs(user_ids, {o.program_id for o in offerings})
    limited = [o.pk for o in offerings if o.capacity is not None]
    if limited:
        facts.taken = places_taken(limited)
    return facts


def certified_programs(user_ids: Sequence[int], program_ids: set[int]) -> set[tuple[int, int]]:
    """(user, program) pairs in which the user is kompeten or exempt (RPL), real runs only.

    Certificates will plug in here once they exist; today the journey state decides.
    """
    earlier = list(
        Enrollment.objects.filter(
            participant_id__in=user_ids,
            offering__program_id__in=program_ids,
            status=EnrollmentStatus.ENROLLED,
            is_trial=False,
        ).select_related("offering")
    )
    journeys = journeys_for(earlier)
    return {
        (e.participant_id, e.offering.program_id)
        for e in earlier
        if journeys[e.pk].state in CERTIFIED_STATES
    }


def places_taken(offering_ids: Sequence[int]) -> dict[int, int]:
    """Pending + enrolled real (non-trial) enrolments per offering: what counts for capacity."""
    rows = (
        Enrollment.objects.filter(
            offering_id__in=offering_ids, status__in=ACTIVE_STATUSES, is_trial=False
        )
        .values("offering_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["offering_id"]: row["n"] for row in rows}
