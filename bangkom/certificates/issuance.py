"""Issuing and revoking certificates (DOMAIN.md §4.1; S-1 R3 RPL, R7 kompeten;
RELIABILITY.md control 13).

``issue_certificate`` is called by the progression context the moment an enrolment becomes
``kompeten`` or exempt by RPL: no manual step. It is idempotent and safe under parallel
calls: the enrolment row is locked, the certificate is one-to-one with the enrolment (a
unique index), and a losing parallel insert returns the winner's certificate; the number
counter is incremented in the same transaction, so nothing leaves a gap.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse

from bangkom.accounts.models import User
from bangkom.audit.log import record
from bangkom.certificates.choices import CertificateKind
from bangkom.certificates.errors import (
    AlreadyRevoked,
    NotAllowedToManage,
    NotEligible,
    ReasonRequired,
)
from bangkom.certificates.integrity import HASHED_FIELDS, content_hash
from bangkom.certificates.models import Certificate, CertificateSettings
from bangkom.certificates.numbering import next_number
from bangkom.certificates.permissions import can_manage_certificates
from bangkom.learning.models import Enrollment
from bangkom.learning.progress import journey_for
from bangkom.progression.journey import JourneyState
from bangkom.progression.ledger import withdraw_certificate_credit

RESULT_TEXT = {  # printed on the certificate, which is an Indonesian document
    CertificateKind.COMPLETION: "Kompeten",
    CertificateKind.RPL: "Lulus tes penempatan (RPL)",
}
ELIGIBLE_STATE = {
    CertificateKind.COMPLETION: JourneyState.KOMPETEN,
    CertificateKind.RPL: JourneyState.EXEMPT_RPL,
}
TOKEN_BYTES = 24  # 192 bits from the CSPRNG (AC11 asks for at least 128)


def settings_for(offering_id: int) -> CertificateSettings:
    """The offering's certificate settings, created with the defaults on first use."""
    found, _created = CertificateSettings.objects.get_or_create(offering_id=offering_id)
    return found


def issue_certificate(
    enrollment: Enrollment, *, kind: str, now: datetime, check_journey: bool = True
) -> Certificate:
    """Issue the enrolment's certificate, or return the one it already has.

    Refused with ``NotEligible`` unless the journey is ``kompeten`` (completion) or
    ``exempt_rpl`` (rpl). The year of the number and the issue date are those of ``now`` in
    the participant's own time zone (00:30 WIT on 1 January is the new year).
    ``check_journey=False`` is for callers that have just established the outcome
    themselves inside the same transaction.
    """
    existing = Certificate.objects.filter(enrollment_id=enrollment.pk).first()
    if existing is not None:
        return existing
    kind = CertificateKind(kind)
    if enrollment.is_trial:  # trial testers rehearse the journey; they earn nothing
        raise NotEligible()
    if check_journey and journey_for(enrollment).state != ELIGIBLE_STATE[kind]:
        raise NotEligible()
    try:
        with transaction.atomic():
            Enrollment.objects.select_for_update().filter(pk=enrollment.pk).first()
            existing = Certificate.objects.filter(enrollment_id=enrollment.pk).first()
            if existing is not None:  # a parallel call won while we waited for the lock
                return existing
            certificate = _create(enrollment, kind=kind, now=now)
            record(
                "certificate.issued",
                actor=None,
                target=certificate,
                subject=certificate.holder,
                data={
                    "number": certificate.number,
                    "kind": certificate.kind,
                    "enrollment_id": certificate.enrollment_id,
                    "content_hash": certificate.content_hash,
                },
            )
    except IntegrityError:  # the parallel insert won after all; its number stands, ours rolled back
        return Certificate.objects.get(enrollment_id=enrollment.pk)
    transaction.on_commit(lambda: _notify_holder(certificate))
    return certificate


def _create(enrollment: Enrollment, *, kind: CertificateKind, now: datetime) -> Certificate:
    enrollment = Enrollment.objects.select_related(
        "offering__program", "participant__employee__institution"
    ).get(pk=enrollment.pk)
    offering = enrollment.offering
    participant = enrollment.participant
    config = settings_for(offering.pk)
    issued_on = now.astimezone(ZoneInfo(participant.time_zone_name)).date()
    seq, number = next_number(offering, year=issued_on.year, pattern=config.number_pattern)
    offering_zone = ZoneInfo(offering.time_zone)
    certificate = Certificate(
        enrollment=enrollment,
        offering=offering,
        holder=participant,
        kind=kind,
        number=number,
        sequence=seq,
        year=issued_on.year,
        verification_token=secrets.token_urlsafe(TOKEN_BYTES),
        program_title=offering.program.title,
        program_code=offering.program.code,
        offering_code=offering.code,
        provider_name=config.provider_name,
        jp=offering.program.total_jp,
        starts_on=offering.starts_at.astimezone(offering_zone).date(),
        ends_on=offering.ends_at.astimezone(offering_zone).date(),
        result_text=RESULT_TEXT[kind],
        place_of_issue=config.place_of_issue,
        issued_on=issued_on,
        signatory_name=config.signatory_name,
        signatory_position=config.signatory_position,
        issued_at=now,
        **_holder_fields(participant),
    )
    certificate.content_hash = compute_hash(certificate)
    certificate.save(force_insert=True)
    return certificate


def _holder_fields(participant: User) -> dict[str, object]:
    employee = participant.employee
    if employee is None:
        return {"holder_name": participant.name, "holder_nip": participant.nip}
    return {
        "holder_name": employee.name,
        "holder_nip": employee.nip,
        "birth_place": employee.birth_place,
        "birth_date": employee.birth_date,
        "rank": employee.rank,
        "position_name": employee.position_name,
        "institution_name": employee.institution.name,
    }


def _notify_holder(certificate: Certificate) -> None:
    from bangkom.notifications.kinds import NotificationKind
    from bangkom.notifications.service import notify

    notify(
        certificate.holder,
        event_key=f"certificate-issued:{certificate.pk}",
        title=f"Sertifikat {certificate.program_title} telah terbit",
        body=f"Nomor {certificate.number}",
        url=reverse("certificates:my-certificates"),
        kind=NotificationKind.CERTIFICATE_ISSUED,
    )


def compute_hash(certificate: Certificate) -> str:
    """The content hash of the certificate's current field values."""
    return content_hash({name: getattr(certificate, name) for name in HASHED_FIELDS})


def verify_integrity(certificate: Certificate) -> bool:
    """True while no hashed field was changed since issue."""
    return secrets.compare_digest(compute_hash(certificate), certificate.content_hash)


def revoke_certificate(
    certificate: Certificate, *, by: User, reason: str, now: datetime
) -> Certificate:
    """Revoke with a reason (required); only managers of the offering and admins may.

    A certificate is revoked once: a second revocation is refused and changes nothing.
    The number stays taken, so numbering remains gap-free and the QR shows "dicabut".
    """
    if not can_manage_certificates(by, certificate.offering):
        raise NotAllowedToManage()
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    with transaction.atomic():
        updated = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=now, revoked_by=by, revoke_reason=reason
        )
        if updated != 1:
            raise AlreadyRevoked()
        certificate.refresh_from_db()
        withdrawn = withdraw_certificate_credit(certificate.enrollment)
        record(
            "certificate.revoked",
            actor=by,
            target=certificate,
            subject=certificate.holder,
            summary=reason,
            data={"number": certificate.number, "jp_withdrawn": withdrawn},
        )
    return certificate
