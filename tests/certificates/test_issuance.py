"""Issuing, hashing and revoking certificates (DOMAIN.md §4.1, S-1 R3/R7; control 13)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.utils import timezone

from bangkom.certificates.errors import (
    AlreadyRevoked,
    NotAllowedToManage,
    NotEligible,
    ReasonRequired,
)
from bangkom.certificates.issuance import issue_certificate, revoke_certificate, verify_integrity
from bangkom.certificates.models import Certificate, CertificateSettings
from bangkom.curriculum.models import CommitteeMember
from tests.certificates.factories_certificates import issued, kompeten_enrollment, rpl_enrollment
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


def test_kompeten_enrolment_gets_a_completion_certificate_with_the_snapshot(peserta):
    enrollment = kompeten_enrollment(participant=peserta)

    cert = issue_certificate(enrollment, kind="completion", now=timezone.now())

    employee = peserta.employee
    assert cert.holder_name == employee.name
    assert cert.holder_nip == employee.nip
    assert cert.birth_place == employee.birth_place
    assert cert.birth_date == employee.birth_date
    assert cert.rank == employee.rank
    assert cert.position_name == employee.position_name
    assert cert.institution_name == employee.institution.name
    assert cert.program_title == enrollment.offering.program.title
    assert cert.jp == enrollment.offering.program.total_jp
    assert cert.result_text == "Kompeten"
    assert cert.place_of_issue == "Jakarta"
    assert cert.number.startswith(f"{enrollment.offering.code}/1/")
    assert len(cert.verification_token) >= 32  # 24 random bytes, base64url
    assert verify_integrity(cert)


def test_rpl_certificate_says_placement_passed(peserta):
    cert = issued(rpl_enrollment(participant=peserta), kind="rpl")
    assert cert.kind == "rpl"
    assert cert.result_text == "Lulus tes penempatan (RPL)"


def test_issuing_twice_returns_the_same_certificate_and_number(peserta):
    enrollment = kompeten_enrollment(participant=peserta)
    first = issue_certificate(enrollment, kind="completion", now=timezone.now())
    second = issue_certificate(enrollment, kind="completion", now=timezone.now())
    assert first.pk == second.pk
    assert Certificate.objects.count() == 1


def test_enrolment_still_learning_is_refused(peserta):
    enrollment = EnrollmentFactory(participant=peserta)
    with pytest.raises(NotEligible):
        issue_certificate(enrollment, kind="completion", now=timezone.now())
    assert not Certificate.objects.exists()


def test_kompeten_enrolment_cannot_get_an_rpl_certificate(peserta):
    with pytest.raises(NotEligible):
        issue_certificate(kompeten_enrollment(participant=peserta), kind="rpl", now=timezone.now())


def test_trial_enrolment_gets_no_certificate(peserta):
    enrollment = kompeten_enrollment(participant=peserta, is_trial=True)
    with pytest.raises(NotEligible):
        issue_certificate(enrollment, kind="completion", now=timezone.now())


def test_year_of_issue_is_the_participants_local_year(peserta):
    # given a participant in Papua (WIT, UTC+9) finishing at 00:30 WIT on 1 January 2025
    peserta.time_zone = "Asia/Jayapura"
    peserta.save()
    enrollment = kompeten_enrollment(participant=peserta)
    now = datetime(2024, 12, 31, 15, 30, tzinfo=UTC)

    cert = issue_certificate(enrollment, kind="completion", now=now)

    assert cert.year == 2025
    assert cert.number.endswith("/2025")
    assert cert.issued_on.isoformat() == "2025-01-01"


def test_signatory_and_place_come_from_the_offering_settings(peserta):
    enrollment = kompeten_enrollment(participant=peserta)
    CertificateSettings.objects.create(
        offering=enrollment.offering,
        signatory_name="Dr. Sugiarto",
        signatory_position="Kepala BPSDM",
        place_of_issue="Makassar",
        number_pattern="{seq:05}/{offering_code}/BPSDM-KDN/{year}",
    )
    cert = issued(enrollment)
    assert cert.signatory_name == "Dr. Sugiarto"
    assert cert.place_of_issue == "Makassar"
    assert cert.number.startswith(f"00001/{enrollment.offering.code}/BPSDM-KDN/")


@pytest.mark.parametrize(
    ("field", "value"),
    [("holder_name", "Orang Lain"), ("jp", "99"), ("number", "X/1/2025"), ("rank", "IV/e")],
)
def test_altering_a_stored_field_is_detected_by_the_hash(peserta, field, value):
    cert = issued(kompeten_enrollment(participant=peserta))
    Certificate.objects.filter(pk=cert.pk).update(**{field: value})
    cert.refresh_from_db()
    assert not verify_integrity(cert)


def test_revocation_needs_a_reason_and_changes_nothing_without_one(peserta, admin_user):
    cert = issued(kompeten_enrollment(participant=peserta))
    with pytest.raises(ReasonRequired):
        revoke_certificate(cert, by=admin_user, reason="  ", now=timezone.now())
    cert.refresh_from_db()
    assert cert.revoked_at is None


def test_committee_manager_revokes_and_the_hash_still_matches(peserta, pengelola):
    cert = issued(kompeten_enrollment(participant=peserta))
    CommitteeMember.objects.create(offering=cert.offering, user=pengelola, task="Sertifikat")

    revoke_certificate(cert, by=pengelola, reason="Data ganda", now=timezone.now())

    cert.refresh_from_db()
    assert cert.is_revoked
    assert cert.revoke_reason == "Data ganda"
    assert cert.revoked_by == pengelola
    assert verify_integrity(cert)  # revocation is not tampering
    with pytest.raises(AlreadyRevoked):
        revoke_certificate(cert, by=pengelola, reason="lagi", now=timezone.now())


def test_manager_outside_the_committee_cannot_revoke(peserta, pengelola):
    cert = issued(kompeten_enrollment(participant=peserta))
    with pytest.raises(NotAllowedToManage):
        revoke_certificate(cert, by=pengelola, reason="x", now=timezone.now())
    with pytest.raises(NotAllowedToManage):
        revoke_certificate(cert, by=peserta, reason="x", now=timezone.now())


def test_revoking_withdraws_the_jp_it_credited_and_it_is_not_credited_again(peserta, admin_user):
    from bangkom.audit.models import AuditEntry
    from bangkom.progression.ledger import credit_certificate, jp_total
    from bangkom.progression.outcomes import record_enrollment_outcome

    enrollment = kompeten_enrollment(participant=peserta)
    now = timezone.now()
    cert = issue_certificate(enrollment, kind="completion", now=now)
    credit = credit_certificate(enrollment, completed_at=now, certificate_number=cert.number)
    assert jp_total(peserta.employee, credit.year) == cert.jp

    revoke_certificate(cert, by=admin_user, reason="Plagiarisme tugas", now=timezone.now())

    assert jp_total(peserta.employee, credit.year) == 0
    entry = AuditEntry.objects.filter(action="certificate.revoked").get()
    assert entry.data["jp_withdrawn"] == str(cert.jp)
    outcome = record_enrollment_outcome(enrollment, completed_at=timezone.now())  # a sweep
    assert outcome.credit is None
    assert jp_total(peserta.employee, credit.year) == 0
