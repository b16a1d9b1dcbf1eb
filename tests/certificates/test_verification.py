"""Public verification: page and API (API.md: Certificates; RELIABILITY.md AC11, L7)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.certificates.issuance import revoke_certificate
from bangkom.certificates.models import Certificate
from bangkom.certificates.verification import LOOKUPS_PER_MINUTE_PER_IP
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.certificates.factories_certificates import issued, kompeten_enrollment

pytestmark = pytest.mark.django_db

VERIFY_KEYS = {"number", "valid", "kind", "holder_name", "program_title", "issued_on", "revoked"}


@pytest.fixture
def cert(home_institution):
    employee = EmployeeFactory(name="Budi Santoso", institution=home_institution)
    holder = UserFactory(employee=employee, roles=["peserta"])
    return issued(kompeten_enrollment(participant=holder))


def _without_echoes(html: str) -> str:
    html = re.sub(r'name="next" value="[^"]*"', "", html)
    return re.sub(r'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def api_verify(number: str, client: Client | None = None):
    return (client or Client()).get(f"/api/v1/certificates/verify/{number}")


def test_api_verifies_a_valid_number_with_masked_name_and_no_nip(cert):
    response = api_verify(cert.number)

    assert response.status_code == 200
    body = response.json()
    assert set(body) >= VERIFY_KEYS
    assert body["number"] == cert.number
    assert body["valid"] is True
    assert body["revoked"] is False
    assert body["kind"] == "completion"
    assert body["holder_name"] == "B*** S******"
    assert body["program_title"] == cert.program_title
    assert body["issued_on"] == cert.issued_on.isoformat()
    assert cert.holder_nip not in response.content.decode()
    assert "nip" not in {key.lower() for key in body}


def test_api_unknown_malformed_and_forged_numbers_get_one_not_found(cert):
    forged = cert.number.replace("/1/", "/2/")
    answers = [api_verify(n) for n in (forged, "TIDAK-ADA/1/2025", "%3Cscript%3E", "x" * 400)]
    assert {r.status_code for r in answers} == {404}
    assert {r.content for r in answers} == {
        b'{"detail": "Sertifikat tidak ditemukan.", "code": "not_found"}'
    }


def test_api_shows_a_revoked_certificate_as_revoked_and_invalid(cert, admin_user):
    revoke_certificate(cert, by=admin_user, reason="Terbukti curang", now=timezone.now())
    body = api_verify(cert.number).json()
    assert body["revoked"] is True
    assert body["valid"] is False
    assert "Terbukti curang" not in str(body)


def test_api_shows_a_tampered_certificate_as_invalid(cert):
    Certificate.objects.filter(pk=cert.pk).update(holder_name="Budi Santosa")
    body = api_verify(cert.number).json()
    assert body["valid"] is False
    assert body["intact"] is False


def test_api_throttles_one_ip(cert):
    client = Client(REMOTE_ADDR="10.9.9.9")
    for _ in range(LOOKUPS_PER_MINUTE_PER_IP):
        assert api_verify(cert.number, client).status_code == 200
    response = api_verify(cert.number, client)
    assert response.status_code == 429
    assert response.json()["code"] == "too_many_attempts"
    assert api_verify(cert.number, Client(REMOTE_ADDR="10.9.9.10")).status_code == 200


def test_page_by_number_masks_the_name_and_hides_the_nip(cert):
    response = Client().get(reverse("certificates:verify-number", args=[cert.number]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "B*** S******" in html
    assert "Budi Santoso" not in html
    assert cert.holder_nip not in html
    assert "SAH" in html


def test_page_by_token_shows_the_full_name_but_no_nip(cert):
    response = Client().get(reverse("certificates:verify-token", args=[cert.verification_token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Budi Santoso" in html
    assert cert.holder_nip not in html


def test_pages_answer_every_miss_with_the_same_not_found(cert):
    client = Client()
    misses = [
        client.get(reverse("certificates:verify-number", args=["TIDAK/1/2025"])),
        client.get(reverse("certificates:verify-number", args=["<b>"])),
        client.get(reverse("certificates:verify-token", args=["A" * 32])),
        client.get(reverse("certificates:verify-token", args=["pendek"])),
    ]
    assert {r.status_code for r in misses} == {404}
    # the same page apart from what base.html echoes (the path to return to, CSRF token)
    assert len({_without_echoes(r.content.decode()) for r in misses}) == 1


def test_revoked_certificate_page_says_revoked(cert, admin_user):
    revoke_certificate(cert, by=admin_user, reason="Salah data", now=timezone.now())
    html = Client().get(reverse("certificates:verify-number", args=[cert.number])).content
    assert "DICABUT" in html.decode()


def test_page_is_throttled_with_a_clear_message(cert):
    client = Client(REMOTE_ADDR="10.8.8.8")
    url = reverse("certificates:verify-token", args=[cert.verification_token])
    for _ in range(LOOKUPS_PER_MINUTE_PER_IP):
        client.get(url)
    response = client.get(url)
    assert response.status_code == 429
    assert "Terlalu banyak permintaan verifikasi" in response.content.decode()


def test_verify_form_redirects_to_the_number_page(cert):
    response = Client().get(reverse("certificates:verify"), {"number": cert.number})
    assert response.status_code == 302
    assert response.url == reverse("certificates:verify-number", args=[cert.number])
