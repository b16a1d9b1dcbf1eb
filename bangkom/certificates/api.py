"""API endpoints of the certificates context (API.md: Certificates)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router

from bangkom.certificates.models import Certificate
from bangkom.certificates.queries import certificate_for_download, certificates_visible_to
from bangkom.certificates.schemas import CertificateOut, ErrorOut, VerificationOut
from bangkom.certificates.verification import throttle_lookups, verify_number
from bangkom.certificates.views import pdf_response

router = Router(tags=["certificates"])


def _out(certificate: Certificate) -> CertificateOut:
    return CertificateOut(
        id=certificate.pk,
        number=certificate.number,
        kind=certificate.kind,
        program_title=certificate.program_title,
        issued_on=certificate.issued_on,
        jp=certificate.jp,
        pdf_url=reverse("api:certificate-pdf", args=[certificate.pk]),
        revoked=certificate.is_revoked,
    )


@router.get(
    "/certificates",
    url_name="certificates",
    response={200: list[CertificateOut], 401: ErrorOut},
)
def list_certificates(request: HttpRequest) -> list[CertificateOut]:
    certificates = certificates_visible_to(request.auth).order_by("-issued_at", "-pk")
    return [_out(c) for c in certificates]


@router.get(
    "/certificates/verify/{path:number}",
    auth=None,
    url_name="certificate-verify",
    response={200: VerificationOut, 404: ErrorOut, 429: ErrorOut},
)
def verify_certificate(request: HttpRequest, number: str) -> VerificationOut:
    throttle_lookups(request.META.get("REMOTE_ADDR", ""), now=timezone.now())
    result = verify_number(number)
    return VerificationOut(
        number=result.number,
        valid=result.valid,
        kind=result.kind,
        holder_name=result.holder_name,
        program_title=result.program_title,
        issued_on=result.issued_on,
        revoked=result.revoked,
        intact=result.intact,
    )


@router.get(
    "/certificates/{int:certificate_id}/pdf",
    url_name="certificate-pdf",
    response={404: ErrorOut, 401: ErrorOut},
)
def certificate_pdf(request: HttpRequest, certificate_id: int) -> HttpResponse:
    return pdf_response(certificate_for_download(request.auth, certificate_id))
