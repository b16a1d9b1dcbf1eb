"""Facilitator pages: own profile and certifications, managers' list and verification,
evidence downloads."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.curriculum.models import FacilitatorCertification, FacilitatorProfile
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import FacilitatorProfileFactory, SubjectFactory
from tests.curriculum.factories_curriculum import (
    PDF_BYTES,
    FacilitatorCertificationFactory,
    pdf_upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_profile(widyaiswara):
    return FacilitatorProfileFactory(user=widyaiswara)


@pytest.fixture
def certification(own_profile):
    return FacilitatorCertificationFactory(profile=own_profile, with_evidence=True)


# --- a widyaiswara's own profile --------------------------------------------------------


def test_widyaiswara_edits_their_own_profile(widyaiswara):
    client = logged_in_client(widyaiswara)
    response = client.post(
        reverse("curriculum:my-facilitator-profile"),
        {
            "academic_title": "Dr., M.Si.",
            "education": "S3 Ilmu Pemerintahan",
            "work_experience": "Widyaiswara Ahli Madya sejak 2015",
            "expertise": "Kebijakan publik",
            "contact_email": "wi@bpsdm.go.id",
            "contact_phone": "0812-3456",
        },
    )
    assert response.status_code == 302
    profile = FacilitatorProfile.objects.get(user=widyaiswara)
    assert (profile.academic_title, profile.contact_phone) == ("Dr., M.Si.", "0812-3456")


def test_profile_page_lists_the_subjects_taught_and_flags_certifications(widyaiswara, own_profile):
    subject = SubjectFactory(title="Telaahan staf dan policy brief")
    subject.facilitators.set([widyaiswara])
    today = timezone.localdate()
    FacilitatorCertificationFactory(profile=own_profile, expires_on=today - timedelta(days=3))
    FacilitatorCertificationFactory(profile=own_profile, expires_on=today + timedelta(days=30))
    FacilitatorCertificationFactory(profile=own_profile, expires_on=today + timedelta(days=300))

    content = (
        logged_in_client(widyaiswara)
        .get(reverse("curriculum:my-facilitator-profile"))
        .content.decode()
    )

    assert "Telaahan staf dan policy brief" in content
    assert content.count('data-state="expired"') == 1
    assert content.count('data-state="expiring"') == 1
    assert content.count('data-state="valid"') == 1


def test_a_manager_cannot_open_a_widyaiswara_profile_page_as_their_own(pengelola):
    assert (
        logged_in_client(pengelola).get(reverse("curriculum:my-facilitator-profile")).status_code
        == 403
    )


def test_profile_change_after_verification_warns_that_it_must_be_verified_again(
    widyaiswara, own_profile, pengelola
):
    own_profile.is_verified = True
    own_profile.verified_by = pengelola
    own_profile.verified_at = timezone.now()
    own_profile.save()
    response = logged_in_client(widyaiswara).post(
        reverse("curriculum:my-facilitator-profile"),
        {"education": "S3", "expertise": own_profile.expertise},
        follow=True,
    )
    assert "verifikasi pengelola perlu diulang" in response.content.decode()
    own_profile.refresh_from_db()
    assert not own_profile.is_verified


def test_widyaiswara_adds_a_certification_with_evidence(widyaiswara):
    response = logged_in_client(widyaiswara).post(
        reverse("curriculum:certification-add"),
        {
            "name": "Sertifikat Widyaiswara Ahli Madya",
            "issuer": "LAN RI",
            "issued_on": "2024-01-15",
            "expires_on": "2029-01-15",
            "evidence": pdf_upload("bukti sertifikat.pdf"),
        },
    )
    assert response.status_code == 302
    cert = FacilitatorCertification.objects.get()
    assert cert.profile.user == widyaiswara
    assert cert.evidence_name == "bukti sertifikat.pdf"
    assert cert.expires_on == date(2029, 1, 15)


def test_disguised_evidence_is_refused_on_the_form(widyaiswara):
    html = SimpleUploadedFile(
        "bukti.pdf", b"<!doctype html><script>x()</script>", "application/pdf"
    )
    response = logged_in_client(widyaiswara).post(
        reverse("curriculum:certification-add"), {"name": "Palsu", "evidence": html}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"]
    assert not FacilitatorCertification.objects.exists()


def test_oversized_evidence_is_refused_on_the_form(widyaiswara, settings):
    settings.MAX_DOCUMENT_MB = 1
    big = pdf_upload(content=PDF_BYTES + b"0" * (1024 * 1024))
    response = logged_in_client(widyaiswara).post(
        reverse("curriculum:certification-add"), {"name": "Besar", "evidence": big}
    )
    assert "terlalu besar" in response.content.decode()
    assert not FacilitatorCertification.objects.exists()


def test_widyaiswara_deletes_only_their_own_certification(widyaiswara, certification):
    someone_else = FacilitatorCertificationFactory()
    client = logged_in_client(widyaiswara)

    refused = client.post(reverse("curriculum:certification-delete", args=[someone_else.pk]))
    done = client.post(reverse("curriculum:certification-delete", args=[certification.pk]))

    assert refused.status_code == 404
    assert done.status_code == 302
    assert list(FacilitatorCertification.objects.all()) == [someone_else]


# --- evidence downloads -----------------------------------------------------------------


def test_owner_downloads_evidence_as_an_attachment(widyaiswara, certification):
    response = logged_in_client(widyaiswara).get(
        reverse("curriculum:certification-evidence", args=[certification.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "bukti asli.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_manager_downloads_evidence(pengelola, certification):
    response = logged_in_client(pengelola).get(
        reverse("curriculum:certification-evidence", args=[certification.pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_participant_is_refused_the_evidence_with_404(peserta, certification):
    response = logged_in_client(peserta).get(
        reverse("curriculum:certification-evidence", args=[certification.pk])
    )
    assert response.status_code == 404


def test_another_widyaiswara_is_refused_the_evidence_with_404(certification):
    other = UserFactory(roles=[Role.WIDYAISWARA])
    response = logged_in_client(other).get(
        reverse("curriculum:certification-evidence", args=[certification.pk])
    )
    assert response.status_code == 404


# --- managers' list, detail and verification --------------------------------------------


def test_manager_verifies_with_one_post_and_the_list_shows_it(pengelola, widyaiswara):
    client = logged_in_client(pengelola)

    client.post(
        reverse("curriculum:facilitator-verify", args=[widyaiswara.pk]), {"action": "verify"}
    )

    profile = FacilitatorProfile.objects.get(user=widyaiswara)
    assert profile.is_verified
    assert profile.verified_by == pengelola
    verified = client.get(reverse("curriculum:facilitator-list"), {"terverifikasi": "ya"})
    unverified = client.get(reverse("curriculum:facilitator-list"), {"terverifikasi": "tidak"})
    assert widyaiswara.name in verified.content.decode()
    assert widyaiswara.name not in unverified.content.decode()

    client.post(
        reverse("curriculum:facilitator-verify", args=[widyaiswara.pk]), {"action": "unverify"}
    )
    profile.refresh_from_db()
    assert not profile.is_verified


def test_verify_refuses_a_user_who_is_not_a_facilitator(pengelola, peserta):
    response = logged_in_client(pengelola).post(
        reverse("curriculum:facilitator-verify", args=[peserta.pk]), {"action": "verify"}
    )
    assert response.status_code == 404
    assert not FacilitatorProfile.objects.exists()


def test_facilitator_list_flags_expiring_certifications(pengelola, own_profile):
    FacilitatorCertificationFactory(
        profile=own_profile, expires_on=timezone.localdate() + timedelta(days=10)
    )
    content = (
        logged_in_client(pengelola).get(reverse("curriculum:facilitator-list")).content.decode()
    )
    assert 'data-warning="expiring"' in content


def test_facilitator_list_query_count_is_bounded(pengelola, django_assert_max_num_queries):
    for _ in range(15):
        profile = FacilitatorProfileFactory()
        FacilitatorCertificationFactory.create_batch(2, profile=profile)
    client = logged_in_client(pengelola)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("curriculum:facilitator-list"))
    assert len(response.context["page"]) == 15


def test_facilitator_detail_shows_profile_certifications_and_subjects(
    pengelola, widyaiswara, certification
):
    SubjectFactory(title="Analisis kebijakan").facilitators.set([widyaiswara])
    content = (
        logged_in_client(pengelola)
        .get(reverse("curriculum:facilitator-detail", args=[widyaiswara.pk]))
        .content.decode()
    )
    assert certification.name in content
    assert "Analisis kebijakan" in content
    assert reverse("curriculum:certification-evidence", args=[certification.pk]) in content


def test_facilitator_list_exports_to_xlsx_with_formula_safe_text(pengelola):
    from io import BytesIO

    from openpyxl import load_workbook

    FacilitatorProfileFactory(expertise='=HYPERLINK("http://x")', is_verified=True)
    response = logged_in_client(pengelola).get(reverse("curriculum:facilitator-export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(BytesIO(response.content)).active.values)
    assert rows[0][0] == "Nama"
    assert rows[1][3] == '\'=HYPERLINK("http://x")'
    assert rows[1][5] == "ya"


def test_participant_cannot_export_the_facilitator_list(peserta):
    response = logged_in_client(peserta).get(reverse("curriculum:facilitator-export"))
    assert response.status_code == 403
