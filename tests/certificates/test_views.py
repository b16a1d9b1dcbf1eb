"""Participant and manager pages and the authenticated API (API.md: Certificates)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.tokens import issue_token
from bangkom.certificates.models import CertificateArchiveJob, CertificateSettings
from bangkom.curriculum.models import CommitteeMember
from tests.certificates.factories_certificates import issued, kompeten_enrollment, rpl_enrollment
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory

pytestmark = pytest.mark.django_db

LIST_KEYS = {"number", "kind", "program_title", "issued_on", "jp", "pdf_url"}


def api(user) -> Client:
    raw, _token = issue_token(user, now=timezone.now())
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def managed(pengelola):
    offering = OfferingFactory()
    CommitteeMember.objects.create(offering=offering, user=pengelola, task="Sertifikat")
    return offering


def test_participant_lists_and_downloads_own_certificates_by_bearer(peserta):
    mine = issued(kompeten_enrollment(participant=peserta))
    issued(kompeten_enrollment())  # someone else's

    response = api(peserta).get("/api/v1/certificates")

    assert response.status_code == 200
    body = response.json()
    assert [row["number"] for row in body] == [mine.number]
    assert set(body[0]) >= LIST_KEYS
    pdf = api(peserta).get(body[0]["pdf_url"])
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_someone_elses_pdf_is_not_found(peserta, peserta_lain):
    theirs = issued(kompeten_enrollment(participant=peserta_lain))
    assert api(peserta).get(f"/api/v1/certificates/{theirs.pk}/pdf").status_code == 404
    html = logged_in_client(peserta).get(reverse("certificates:pdf", args=[theirs.pk]))
    assert html.status_code == 404


def test_list_without_token_is_unauthenticated():
    response = Client().get("/api/v1/certificates")
    assert response.status_code == 401


def test_manager_lists_only_managed_offerings(pengelola, managed):
    in_scope = issued(kompeten_enrollment(offering=managed))
    issued(kompeten_enrollment())
    numbers = [row["number"] for row in api(pengelola).get("/api/v1/certificates").json()]
    assert numbers == [in_scope.number]


def test_my_certificates_page_lists_and_links_the_pdf(peserta, django_assert_max_num_queries):
    cert = issued(rpl_enrollment(participant=peserta), kind="rpl")
    client = logged_in_client(peserta)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("certificates:my-certificates"))
    html = response.content.decode()
    assert cert.number in html
    assert reverse("certificates:pdf", args=[cert.pk]) in html
    pdf = client.get(reverse("certificates:pdf", args=[cert.pk]))
    assert pdf.status_code == 200
    assert pdf["X-Content-Type-Options"] == "nosniff"


def test_home_shows_my_certificates_link_to_participants(peserta):
    html = logged_in_client(peserta).get(reverse("home")).content.decode()
    assert reverse("certificates:my-certificates") in html


def test_manager_revokes_with_a_reason_from_the_list(pengelola, managed):
    cert = issued(kompeten_enrollment(offering=managed))
    client = logged_in_client(pengelola)

    refused = client.post(
        reverse("certificates:certificate-revoke", args=[cert.pk]), {"reason": ""}
    )
    cert.refresh_from_db()
    assert refused.status_code == 302
    assert not cert.is_revoked

    client.post(reverse("certificates:certificate-revoke", args=[cert.pk]), {"reason": "Ganda"})
    cert.refresh_from_db()
    assert cert.is_revoked
    assert cert.revoke_reason == "Ganda"
    page = client.get(reverse("certificates:offering-certificates", args=[managed.pk]))
    assert "Dicabut" in page.content.decode()


def test_manager_outside_the_committee_gets_not_found(pengelola):
    offering = OfferingFactory()
    cert = issued(kompeten_enrollment(offering=offering))
    client = logged_in_client(pengelola)
    assert (
        client.get(reverse("certificates:offering-certificates", args=[offering.pk])).status_code
        == 404
    )
    client.post(reverse("certificates:certificate-revoke", args=[cert.pk]), {"reason": "x"})
    cert.refresh_from_db()
    assert not cert.is_revoked


def test_participant_cannot_open_manager_pages(peserta, managed):
    response = logged_in_client(peserta).get(
        reverse("certificates:offering-certificates", args=[managed.pk])
    )
    assert response.status_code == 404


def test_zip_of_all_pdfs_is_built_in_the_background(
    pengelola, managed, django_capture_on_commit_callbacks
):
    certs = [issued(kompeten_enrollment(offering=managed)) for _ in range(3)]
    client = logged_in_client(pengelola)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:archive-start", args=[managed.pk]))

    job = CertificateArchiveJob.objects.get()
    assert response.url == reverse("certificates:archive-detail", args=[job.pk])
    assert job.status == "succeeded"
    assert job.done == 3
    status = client.get(
        reverse("certificates:archive-detail", args=[job.pk]), HTTP_HX_REQUEST="true"
    )
    assert reverse("certificates:archive-download", args=[job.pk]) in status.content.decode()
    download = client.get(reverse("certificates:archive-download", args=[job.pk]))
    data = b"".join(download.streaming_content)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    assert len(names) == 3
    assert all(name.endswith(".pdf") for name in names)
    assert f"sertifikat-{certs[0].number.replace('/', '-')}.pdf" in names


def test_settings_form_saves_and_refuses_a_pattern_without_seq(pengelola, managed):
    client = logged_in_client(pengelola)
    url = reverse("certificates:certificate-settings", args=[managed.pk])
    fields = {
        "signatory_name": "Dr. Sri",
        "signatory_position": "Kepala BPSDM",
        "place_of_issue": "Jakarta",
        "provider_name": "BPSDM Kemendagri",
    }
    bad = client.post(url, fields | {"number_pattern": "{offering_code}/{year}"})
    assert bad.status_code == 200
    assert "{seq}" in bad.content.decode()
    assert not CertificateSettings.objects.filter(signatory_name="Dr. Sri").exists()

    good = client.post(url, fields | {"number_pattern": "{seq:04}/{offering_code}/{year}"})
    assert good.status_code == 302
    cert = issued(kompeten_enrollment(offering=managed))
    assert cert.number.startswith("0001/")
    assert cert.signatory_name == "Dr. Sri"
