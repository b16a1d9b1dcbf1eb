"""HTML views of the certificates context: thin; rules live in the capability modules."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.certificates.archive import pdf_filename, start_archive
from bangkom.certificates.errors import CertificateNotFound, TooManyLookups
from bangkom.certificates.forms import CertificateSettingsForm, RevokeForm, VerifyForm
from bangkom.certificates.issuance import revoke_certificate, settings_for
from bangkom.certificates.models import Certificate
from bangkom.certificates.pdf import render_certificate_pdf
from bangkom.certificates.queries import (
    certificate_for_download,
    managed_archive,
    managed_certificate,
    managed_offering,
)
from bangkom.certificates.verification import (
    throttle_lookups,
    verify_number,
    verify_token,
)
from bangkom.common.downloads import content_disposition, serve_field_file
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _not_found(request: HttpRequest) -> HttpResponse:
    # One page for every miss: unknown, malformed, forged (AC11, L7).
    return render(request, "certificates/verify_not_found.html", status=404)


def _throttled(request: HttpRequest) -> HttpResponse | None:
    try:
        throttle_lookups(_client_ip(request), now=timezone.now())
    except TooManyLookups as exc:
        return render(request, "certificates/verify_throttled.html", {"error": exc}, status=429)
    return None


def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        number = form.cleaned_data["number"].strip()
        return redirect(reverse("certificates:verify-number", args=[number]))
    return render(request, "certificates/verify.html", {"form": form})


def verify_number_view(request: HttpRequest, number: str) -> HttpResponse:
    if (throttled := _throttled(request)) is not None:
        return throttled
    try:
        result = verify_number(number)
    except CertificateNotFound:
        return _not_found(request)
    return render(request, "certificates/verify_result.html", {"result": result, "by_token": False})


def verify_token_view(request: HttpRequest, token: str) -> HttpResponse:
    if (throttled := _throttled(request)) is not None:
        return throttled
    try:
        result = verify_token(token)
    except CertificateNotFound:
        return _not_found(request)
    return render(request, "certificates/verify_result.html", {"result": result, "by_token": True})


def my_certificates(request: HttpRequest) -> HttpResponse:
    page = paginate(request, Certificate.objects.filter(holder=request.user))
    return render(request, "certificates/my_certificates.html", {"page": page})


def pdf_response(certificate: Certificate) -> HttpResponse:
    """The certificate PDF as an inline, private, nosniff response (HTML and API share it)."""
    response = HttpResponse(render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(pdf_filename(certificate), inline=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response


def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        certificate = certificate_for_download(request.user, pk)
    except CertificateNotFound:
        return render(request, "404.html", status=404)
    return pdf_response(certificate)


def offering_certificates(request: HttpRequest, offering_pk: int) -> HttpResponse:
    try:
        offering = managed_offering(request.user, offering_pk)
    except CertificateNotFound:
        return render(request, "404.html", status=404)
    certificates = Certificate.objects.filter(offering=offering).order_by("sequence")
    context = {
        "offering": offering,
        "page": paginate(request, certificates),
        "revoke_form": RevokeForm(),
        "archives": offering.certificate_archives.all()[:5],
    }
    return render(request, "certificates/offering_certificates.html", context)


@require_POST
def certificate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        certificate = managed_certificate(request.user, pk)
    except CertificateNotFound:
        return render(request, "404.html", status=404)
    form = RevokeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Alasan pencabutan wajib diisi."))
    else:
        try:
            revoke_certificate(
                certificate,
                by=request.user,
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
            )
            messages.success(
                request, _("Sertifikat %(number)s dicabut.") % {"number": certificate.number}
            )
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect("certificates:offering-certificates", certificate.offering_id)


def certificate_settings(request: HttpRequest, offering_pk: int) -> HttpResponse:
    try:
        offering = managed_offering(request.user, offering_pk)
    except CertificateNotFound:
        return render(request, "404.html", status=404)
    form = CertificateSettingsForm(request.POST or None, instance=settings_for(offering.pk))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Pengaturan sertifikat disimpan."))
        return redirect("certificates:offering-certificates", offering.pk)
    return render(request, "certificates/settings.html", {"offering": offering, "form": form})


@require_POST
def archive_start(request: HttpRequest, offering_pk: int) -> HttpResponse:
    try:
        offering = managed_offering(request.user, offering_pk)
    except CertificateNotFound:
        return render(request, "404.html", status=404)
    job = start_archive(offering, by=request.user, now=timezone.now())
    return redirect("certificates:archive-detail", job.pk)


def archive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = managed_archive(request.user, pk)
    except CertificateNotFound:
        return render(request, "404.html", status=404)
    template = (
        "certificates/partials/archive_status.html"
        if request.htmx
        else ("certificates/archive_detail.html")
    )
    return render(request, template, {"job": job})


def archive_download(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        job = managed_archive(request.user, pk)
    except CertificateNotFound:
        return render(request, "404.html", status=404)
    if not job.file:
        return render(request, "404.html", status=404)
    return serve_field_file(
        request,
        job.file,
        filename=f"sertifikat-{job.offering.code}.zip",
        content_type="application/zip",
        inline=False,
    )
