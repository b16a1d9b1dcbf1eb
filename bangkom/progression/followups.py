"""Follow-up (advanced) programs: declared per curriculum, recommended after certification.

Seed R3 and R7: a participant exempt by recognition of prior learning, or certified
kompeten, is advised to take an advanced training. The journey decides who is certified.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.curriculum.models import Offering, Program
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.eligibility import CERTIFIED_STATES, OPEN_STATUSES
from bangkom.learning.models import Enrollment
from bangkom.learning.progress import journeys_for
from bangkom.planning.models import Competency
from bangkom.progression.errors import ProgressionInvalid
from bangkom.progression.models import FollowUpProgram


def add_follow_up(
    program: Program,
    *,
    follow_up: Program,
    competency: Competency | None = None,
    min_level: int | None = None,
    by: User | None = None,
) -> FollowUpProgram:
    """Declare ``follow_up`` as an advanced program of ``program``."""
    if follow_up.pk == program.pk:
        raise ProgressionInvalid(
            _("Program lanjutan tidak boleh program itu sendiri."), field="follow_up"
        )
    if min_level is not None and not 1 <= min_level <= 5:
        raise ProgressionInvalid(_("Level harus antara 1 dan 5."), field="min_level")
    row = FollowUpProgram(
        program=program,
        follow_up=follow_up,
        competency=competency,
        min_level=min_level,
        created_by=by,
    )
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise ProgressionInvalid(
            _("Program lanjutan ini sudah dicantumkan."), field="follow_up"
        ) from None
    return row


def remove_follow_up(row: FollowUpProgram) -> None:
    row.delete()


def follow_ups_of(program: Program) -> list[FollowUpProgram]:
    return list(
        FollowUpProgram.objects.filter(program=program).select_related("follow_up", "competency")
    )


@dataclass(frozen=True)
class Recommendation:
    """An advanced program, why it is recommended and its offerings open now."""

    program: Program
    after: Program  # the certified program that recommends it
    competency: Competency | None
    min_level: int | None
    offerings: tuple[Offering, ...]


def certified_program_ids(user: User) -> set[int]:
    """Programs in which the user is kompeten or exempt by RPL (real enrolments only)."""
    enrollments = list(
        Enrollment.objects.filter(
            participant=user, status=EnrollmentStatus.ENROLLED, is_trial=False
        ).select_related("offering")
    )
    journeys = journeys_for(enrollments)
    return {e.offering.program_id for e in enrollments if journeys[e.pk].state in CERTIFIED_STATES}


def recommended_programs(user: User, *, now: datetime) -> list[Recommendation]:
    """Follow-ups of the user's certified programs that they are not certified in yet.

    Each comes with its offerings that take requests now (published or running, window
    open); a follow-up without an open offering is still listed, so the participant knows.
    """
    certified = certified_program_ids(user)
    if not certified:
        return []
    rows = (
        FollowUpProgram.objects.filter(program_id__in=certified, follow_up__is_active=True)
        .exclude(follow_up_id__in=certified)
        .select_related("program", "follow_up", "competency")
    )
    seen: dict[int, FollowUpProgram] = {}
    for row in rows:
        seen.setdefault(row.follow_up_id, row)
    open_offerings: dict[int, list[Offering]] = defaultdict(list)
    for offering in Offering.objects.filter(
        program_id__in=list(seen),
        status__in=OPEN_STATUSES,
        enrollment_opens_at__lte=now,
        enrollment_closes_at__gt=now,
    ).order_by("starts_at"):
        open_offerings[offering.program_id].append(offering)
    return [
        Recommendation(
            program=row.follow_up,
            after=row.program,
            competency=row.competency,
            min_level=row.min_level,
            offerings=tuple(open_offerings[row.follow_up_id]),
        )
        for row in seen.values()
    ]
