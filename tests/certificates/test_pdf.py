"""The certificate PDF: text content (extracted with poppler's pdftotext), Unicode names,
the QR's token URL (DOMAIN.md §4.1; RELIABILITY.md B20, AC11)."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal

import pytest
from django.conf import settings

from bangkom.certificates.pdf import render_certificate_pdf, verification_url
from tests.accounts.factories import EmployeeFactory, UserFactory
from tests.certificates.factories_certificates import issued, kompeten_enrollment
from tests.curriculum.factories import OfferingFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
]


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "sertifikat.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        [shutil.which("pdftotext"), "-layout", str(path), "-"],
        capture_output=True,
        check=True,
    )
    return " ".join(out.stdout.decode("utf-8").split())


def test_pdf_text_has_name_number_program_and_jp(tmp_path):
    offering = OfferingFactory(program__title="Pelatihan Perencanaan Daerah", program__total_jp=20)
    cert = issued(kompeten_enrollment(offering=offering))

    data = render_certificate_pdf(cert)

    assert data.startswith(b"%PDF")
    text = pdf_text(data, tmp_path)
    assert "SERTIFIKAT" in text
    assert cert.holder_name in text
    assert cert.number in text
    assert "Pelatihan Perencanaan Daerah" in text
    assert "20 (dua puluh) jam pelajaran" in text
    assert "Kompeten".upper() in text
    assert "Diberikan kepada" in text


def test_unicode_name_prints_as_written(tmp_path, home_institution):
    employee = EmployeeFactory(name="Nyoman Ṣaputra O'Hara", institution=home_institution)
    user = UserFactory(employee=employee, roles=["peserta"])
    cert = issued(kompeten_enrollment(participant=user))
    assert "Nyoman Ṣaputra O'Hara" in pdf_text(render_certificate_pdf(cert), tmp_path)


def test_half_jp_is_printed_with_a_comma(tmp_path):
    offering = OfferingFactory(program__total_jp=Decimal("12.5"))
    cert = issued(kompeten_enrollment(offering=offering))
    assert "12,5 (dua belas koma lima) jam pelajaran" in pdf_text(
        render_certificate_pdf(cert), tmp_path
    )


def test_qr_points_at_the_token_page_not_the_number():
    cert = issued(kompeten_enrollment())
    url = verification_url(cert)
    assert url.startswith(settings.SITE_URL)
    assert cert.verification_token in url
    assert cert.number not in url
