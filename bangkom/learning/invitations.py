"""Invitations to an offering and the supervisors' nominations (DOMAIN.md S-1 R1, R2).

A manager sends an offering's invitation to its eligible institutions (every institution
when the offering lists none): one ``Invitation`` per institution, whatever the number of
sends, and each pimpinan of a newly invited institution is notified. A pimpinan nominates
registered people of their own institution; each nomination goes through
``check_eligibility`` (via ``enroll_directly``) and, when accepted, is an enrolled
``Enrollment`` with source ``nomination`` decided by that pimpinan.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import Institution, User
from bangkom.accounts.permissions import supervised_institution_ids
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentSource, EnrollmentStatus
from bangkom.learning.eligibility import OPEN_STATUSES, REASON_LABELS, EligibilityReason
from bangkom.learning.enrollment import enroll_directly
from bangkom.learning.errors import EnrollmentRefused, InvitationNotFound, OfferingNotOpen
from bangkom.learning.models import Enrollment, Invitation
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify, notify_many

MAX_MESSAGE_CHARS = 2000
MAX_QUERY_CHARS = 100


@dataclass
class NominationResult:
    enrolled: list[User] = field(default_factory=list)
    already: list[User] = field(default_factory=list)
    refused: list[tuple[User, str]] = field(default_factory=list)


def invitation_institutions(offering: Offering) -> QuerySet[Institution]:
    """The institutions an offering is for: its listed ones, or every institution."""
    listed = offering.eligible_institutions.all()
    return listed if listed.exists() else Institution.objects.all()


def send_invitations(
    offering: Offering, *, by: User, now: datetime, message: str = ""
) -> list[Invitation]:
    """Invite every eligible institution not invited yet; returns the new invitations.

    Idempotent: an institution is invited (and its supervisors notified) once. Refused
    with ``OfferingNotOpen`` unless the offering is published or running.
    """
    if offering.status not in OPEN_STATUSES:
        raise OfferingNotOpen()
    invited = set(offering.invitations.values_list("institution_id", flat=True))
    new = [
        Invitation(
            offering=offering,
            institution=institution,
            message=message.strip()[:MAX_MESSAGE_CHARS],
            sent_by=by,
            sent_at=now,
        )
        for institution in invitation_institutions(offering).exclude(pk__in=invited)
    ]
    Invitation.objects.bulk_create(new, ignore_conflicts=True, batch_size=500)
    created = list(
        Invitation.objects.filter(
            offering=offering, institution_id__in=[i.institution_id for i in new], sent_at=now
        ).select_related("institution")
    )
    for invitation in created:
        _notify_supervisors(invitation, offering)
    return created


def invitations_for_supervisor(user: User) -> QuerySet[Invitation]:
    """Invitations to the institutions this user leads, newest first."""
    return Invitation.objects.filter(
        institution_id__in=supervised_institution_ids(user)
    ).select_related("offering__program", "institution")


def invitation_for_supervisor(user: User, pk: int) -> Invitation:
    """One invitation to the user's own institution; any other raises ``InvitationNotFound``."""
    invitation = invitations_for_supervisor(user).filter(pk=pk).first()
    if invitation is None:
        raise InvitationNotFound()
    return invitation


def nomination_candidates(invitation: Invitation, *, q: str = "") -> QuerySet[User]:
    """Registered, active people of the invited institution, searched by NIP prefix or name."""
    users = User.objects.filter(
        is_active=True,
        employee__institution_id=invitation.institution_id,
        employee__is_active=True,
    ).select_related("employee")
    query = (q or "").strip()[:MAX_QUERY_CHARS]
    if query:
        digits = query.replace(" ", "").replace(".", "")
        condition = Q(name__icontains=query)
        if digits.isdigit():
            condition |= Q(nip__startswith=digits)
        users = users.filter(condition)
    return users.order_by("name", "pk")


def enrollment_statuses(offering: Offering, users: Iterable[User]) -> dict[int, str]:
    """Status of each listed user's enrolment in the offering (absent: none)."""
    return dict(
        Enrollment.objects.filter(offering=offering, participant__in=list(users)).values_list(
            "participant_id", "status"
        )
    )


def nominate(
    invitation: Invitation, user_ids: Iterable[int], *, by: User, now: datetime
) -> NominationResult:
    """Enrol the chosen people of the invited institution; refusals are listed per person.

    Ids outside the invitation's institution are ignored, so a pimpinan can nominate only
    their own staff. Each person goes through ``check_eligibility`` (window included).
    """
    if invitation.institution_id not in supervised_institution_ids(by):
        raise InvitationNotFound()
    people = list(nomination_candidates(invitation).filter(pk__in=list(user_ids)))
    before = enrollment_statuses(invitation.offering, people)
    result = NominationResult()
    for person in people:
        if before.get(person.pk) == EnrollmentStatus.ENROLLED:
            result.already.append(person)
            continue
        try:
            enrollment, _created = enroll_directly(
                person,
                invitation.offering,
                by=by,
                now=now,
                source=EnrollmentSource.NOMINATION,
                ignore_window=False,
            )
        except EnrollmentRefused as exc:
            result.refused.append((person, str(REASON_LABELS[EligibilityReason(exc.reason)])))
            continue
        result.enrolled.append(person)
        notify(
            person,
            event_key=f"enrollment:{enrollment.pk}:nominated:{int(now.timestamp())}",
            title=_("Anda diusulkan dan terdaftar sebagai peserta pelatihan"),
            body=_("%(name)s mendaftarkan Anda pada %(offering)s.")
            % {"name": by.name, "offering": invitation.offering},
            url=reverse("learning:my-enrollments"),
            kind=NotificationKind.ENROLLMENT_DECISION,
        )
    return result


def _notify_supervisors(invitation: Invitation, offering: Offering) -> None:
    supervisors = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.PIMPINAN,
        role_assignments__institution_id=invitation.institution_id,
    ).distinct()
    notify_many(
        supervisors,
        event_key=f"invitation:{invitation.pk}",
        title=_("Undangan pelatihan: %(offering)s") % {"offering": offering},
        body=invitation.message or _("Silakan usulkan pegawai instansi Anda sebagai peserta."),
        url=reverse("learning:nominate", args=[invitation.pk]),
    )
