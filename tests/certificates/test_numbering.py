"""Certificate numbers: pattern, padding, gap-free sequences (DOMAIN.md §4.1)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone

from bangkom.certificates.errors import InvalidPattern
from bangkom.certificates.issuance import issue_certificate
from bangkom.certificates.models import Certificate, CertificateCounter
from bangkom.certificates.numbering import check_pattern, format_number
from tests.certificates.factories_certificates import kompeten_enrollment
from tests.curriculum.factories import OfferingFactory

pytestmark = pytest.mark.django_db


def test_default_pattern_and_padding():
    assert (
        format_number(
            "{offering_code}/{seq}/{year}", offering_code="A-1", program_code="P", seq=7, year=2025
        )
        == "A-1/7/2025"
    )
    assert (
        format_number(
            "{seq:05}/{program_code}/BPSDM-KDN/{offering_code}/{year}",
            offering_code="A-1",
            program_code="LATSAR",
            seq=7,
            year=2025,
        )
        == "00007/LATSAR/BPSDM-KDN/A-1/2025"
    )


@pytest.mark.parametrize(
    "pattern",
    ["{seq}/{year}", "{offering_code}/{year}", "{offering_code}/{seq}/{year}/{nip}", "{seq", ""],
)
def test_unusable_patterns_are_refused(pattern):
    with pytest.raises(InvalidPattern):
        check_pattern(pattern)


def test_numbers_of_an_offering_are_consecutive():
    offering = OfferingFactory()
    numbers = [
        issue_certificate(kompeten_enrollment(offering=offering), kind="completion",
                          now=timezone.now()).sequence
        for _ in range(5)
    ]  # fmt: skip
    assert numbers == [1, 2, 3, 4, 5]


def test_a_rolled_back_issue_leaves_no_gap():
    offering = OfferingFactory()

    def issue_then_fail() -> None:
        with transaction.atomic():
            enrollment = kompeten_enrollment(offering=offering)
            issue_certificate(enrollment, kind="completion", now=timezone.now())
            raise RuntimeError("the caller's transaction fails after issuing")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    assert not Certificate.objects.filter(offering=offering).exists()

    cert = issue_certificate(
        kompeten_enrollment(offering=offering), kind="completion", now=timezone.now()
    )
    assert cert.sequence == 1
    assert CertificateCounter.objects.get(offering=offering).last_seq == 1
