"""Facilitator profiles, certifications, verification and readiness."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangkom.common.errors import DomainError
from bangkom.curriculum.facilitators import (
    CertificationData,
    CertificationState,
    add_certification,
    certification_state,
    delete_certification,
    facilitator_contacts,
    facilitator_profile_for,
    unverify_facilitator,
    update_facilitator_profile,
    verify_facilitator,
)
from bangkom.curriculum.models import FacilitatorCertification, FacilitatorProfile
from bangkom.curriculum.readiness import readiness, subjects_without_verified_facilitator
from bangkom.notifications.models import Notification
from tests.curriculum.factories import (
    FacilitatorProfileFactory,
    OfferingFactory,
    SubjectFactory,
)
from tests.curriculum.factories_curriculum import (
    PNG_BYTES,
    FacilitatorCertificationFactory,
    pdf_upload,
    verified_facilitator,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
TODAY = date(2026, 3, 1)


@pytest.fixture
def profile(widyaiswara):
    return facilitator_profile_for(widyaiswara)


def test_only_a_widyaiswara_has_a_facilitator_profile(peserta):
    with pytest.raises(DomainError):
        facilitator_profile_for(peserta)
    assert not FacilitatorProfile.objects.exists()


def test_verify_records_who_and_when_and_tells_the_facilitator(profile, pengelola):
    verify_facilitator(profile, by=pengelola, now=NOW)

    profile.refresh_from_db()
    assert profile.is_verified
    assert profile.verified_by == pengelola
    assert profile.verified_at == NOW
    assert Notification.objects.filter(user=profile.user).exists()


def test_unverify_clears_who_and_when(profile, pengelola):
    verify_facilitator(profile, by=pengelola, now=NOW)

    unverify_facilitator(profile, by=pengelola, now=NOW)

    profile.refresh_from_db()
    assert (profile.is_verified, profile.verified_by, profile.verified_at) == (False, None, None)


def test_a_non_manager_cannot_verify(profile, widyaiswara):
    with pytest.raises(DomainError):
        verify_facilitator(profile, by=widyaiswara, now=NOW)
    profile.refresh_from_db()
    assert not profile.is_verified


def test_verifying_the_facilitator_removes_the_readiness_warning(profile, pengelola):
    offering = OfferingFactory()
    subject = SubjectFactory(program=offering.program)
    subject.facilitators.set([profile.user])
    assert subjects_without_verified_facilitator(offering) == [subject]

    verify_facilitator(profile, by=pengelola, now=NOW)

    assert subjects_without_verified_facilitator(offering) == []


def test_a_subject_without_any_facilitator_is_warned_about():
    subject = SubjectFactory()
    assert subjects_without_verified_facilitator(subject.program) == [subject]


def test_one_verified_facilitator_is_enough_for_a_subject(widyaiswara):
    subject = SubjectFactory()
    subject.facilitators.set([widyaiswara, verified_facilitator()])
    assert subjects_without_verified_facilitator(subject.program) == []


def test_readiness_reports_jp_mismatch_and_missing_subjects():
    offering = OfferingFactory(program__total_jp=20)
    assert not readiness(offering).has_subjects
    SubjectFactory(program=offering.program, jp=6)

    result = readiness(offering)

    assert result.has_subjects
    assert result.jp_difference == 14
    assert result.has_warnings


def test_changing_qualifications_withdraws_the_verification(profile, pengelola):
    verify_facilitator(profile, by=pengelola, now=NOW)

    withdrawn = update_facilitator_profile(profile, changes={"education": "S3 Ilmu Pemerintahan"})

    profile.refresh_from_db()
    assert withdrawn
    assert not profile.is_verified
    assert profile.education == "S3 Ilmu Pemerintahan"


def test_changing_contacts_keeps_the_verification(profile, pengelola):
    verify_facilitator(profile, by=pengelola, now=NOW)

    withdrawn = update_facilitator_profile(
        profile,
        changes={
            "contact_email": "wi@bpsdm.go.id",
            "contact_phone": "0812",
            "education": profile.education,
        },
    )

    profile.refresh_from_db()
    assert not withdrawn
    assert profile.is_verified
    assert profile.contact_email == "wi@bpsdm.go.id"


def test_certification_with_real_pdf_evidence_is_stored_under_a_server_name(profile):
    cert = add_certification(
        profile,
        CertificationData(name="Sertifikat Widyaiswara", expires_on=date(2030, 1, 1)),
        evidence=pdf_upload("../../etc/Sertifikat saya.pdf"),
    )

    cert.refresh_from_db()
    assert cert.evidence_name == "Sertifikat saya.pdf"
    assert "Sertifikat" not in cert.evidence.name
    assert cert.evidence.name.endswith(".pdf")
    assert cert.evidence.read().startswith(b"%PDF-")


def test_png_evidence_is_accepted(profile):
    upload = SimpleUploadedFile("scan.png", PNG_BYTES, content_type="image/png")
    cert = add_certification(profile, CertificationData(name="TOT"), evidence=upload)
    assert cert.evidence.name.endswith(".png")


def test_html_renamed_pdf_is_refused_and_nothing_is_stored(profile):
    disguised = SimpleUploadedFile(
        "sertifikat.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf"
    )

    with pytest.raises(DomainError) as refused:
        add_certification(profile, CertificationData(name="Palsu"), evidence=disguised)

    assert refused.value.code == "upload_rejected"
    assert not FacilitatorCertification.objects.exists()


def test_oversized_evidence_is_refused(profile, settings):
    settings.MAX_DOCUMENT_MB = 1
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * (1024 * 1024))

    with pytest.raises(DomainError) as refused:
        add_certification(profile, CertificationData(name="Besar"), evidence=big)

    assert "terlalu besar" in str(refused.value)
    assert not FacilitatorCertification.objects.exists()


def test_expiry_before_issue_is_refused(profile):
    with pytest.raises(DomainError) as refused:
        add_certification(
            profile,
            CertificationData(name="X", issued_on=date(2025, 1, 1), expires_on=date(2024, 1, 1)),
            evidence=None,
        )
    assert refused.value.field == "expires_on"


def test_adding_or_removing_a_certification_withdraws_the_verification(profile, pengelola):
    verify_facilitator(profile, by=pengelola, now=NOW)
    cert = add_certification(profile, CertificationData(name="TOT"), evidence=None)
    profile.refresh_from_db()
    assert not profile.is_verified

    verify_facilitator(profile, by=pengelola, now=NOW)
    delete_certification(cert)
    profile.refresh_from_db()
    assert not profile.is_verified


@pytest.mark.parametrize(
    ("expires_on", "state"),
    [
        (None, CertificationState.NO_EXPIRY),
        (TODAY - timedelta(days=1), CertificationState.EXPIRED),
        (TODAY, CertificationState.EXPIRING),
        (TODAY + timedelta(days=60), CertificationState.EXPIRING),
        (TODAY + timedelta(days=61), CertificationState.VALID),
    ],
)
def test_expired_and_soon_expiring_certifications_are_flagged(expires_on, state):
    cert = FacilitatorCertificationFactory.build(expires_on=expires_on)
    assert certification_state(cert, today=TODAY) == state


def test_contacts_of_a_subjects_facilitators(widyaiswara):
    profile = FacilitatorProfileFactory(
        academic_title="Dr., M.Si.",
        contact_email="dosen@bpsdm.go.id",
        contact_phone="0812-1",
        is_verified=True,
    )
    subject = SubjectFactory()
    subject.facilitators.set([profile.user, widyaiswara])

    contacts = {c.name: c for c in facilitator_contacts(subject)}

    verified = contacts[profile.user.name]
    assert (verified.title, verified.email, verified.phone, verified.is_verified) == (
        "Dr., M.Si.",
        "dosen@bpsdm.go.id",
        "0812-1",
        True,
    )
    # no profile yet: the account email, no phone, not verified
    other = contacts[widyaiswara.name]
    assert (other.email, other.phone, other.is_verified) == (widyaiswara.email, "", False)


def test_contacts_of_many_subjects_come_in_one_query(widyaiswara, django_assert_num_queries):
    from bangkom.curriculum.facilitators import facilitator_contacts_by_subject

    first, second, empty = SubjectFactory(), SubjectFactory(), SubjectFactory()
    first.facilitators.set([widyaiswara])
    second.facilitators.set([widyaiswara, FacilitatorProfileFactory(is_verified=True).user])

    with django_assert_num_queries(1):
        contacts = facilitator_contacts_by_subject([first, second, empty])

    assert [c.name for c in contacts[first.pk]] == [widyaiswara.name]
    assert len(contacts[second.pk]) == 2
    assert contacts[empty.pk] == []
