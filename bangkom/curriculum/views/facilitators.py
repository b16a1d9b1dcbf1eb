"""Facilitator pages: a widyaiswara's own profile and certifications; the managers' list,
detail and one-click verification; evidence downloads for the owner and managers only.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.accounts.models import User
from bangkom.common.downloads import content_disposition, serve_field_file
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.common.uploads import CONTENT_TYPES
from bangkom.curriculum import facilitators as facilitator_service
from bangkom.curriculum import queries
from bangkom.curriculum.exports import facilitators_xlsx
from bangkom.curriculum.facilitators import certification_state
from bangkom.curriculum.forms import CertificationForm, FacilitatorProfileForm, VerifyForm
from bangkom.curriculum.models import FacilitatorCertification
from bangkom.curriculum.permissions import can_download_evidence

FACILITATORS_PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _certification_rows(user: User) -> list[dict]:
    today = timezone.localdate()
    return [
        {"certification": cert, "state": certification_state(cert, today=today)}
        for cert in queries.certifications_of(user)
    ]


def facilitator_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    verified = request.GET.get("terverifikasi", "")
    facilitators = queries.facilitators_for_list(
        today=timezone.localdate(), query=query, verified=verified
    )
    page = paginate(request, facilitators, per_page=FACILITATORS_PER_PAGE)
    context = {"page": page, "query": query, "verified": verified}
    return render(request, "curriculum/facilitator_list.html", context)


def facilitator_export(request: HttpRequest) -> HttpResponse:
    """The facilitator list (with the page's filters) as an XLSX file."""
    facilitators = queries.facilitators_for_list(
        today=timezone.localdate(),
        query=request.GET.get("q", ""),
        verified=request.GET.get("terverifikasi", ""),
    )
    response = HttpResponse(facilitators_xlsx(facilitators.iterator()), content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        f"fasilitator-{timezone.localdate():%Y%m%d}.xlsx", inline=False
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _facilitator_or_404(pk: int) -> User:
    try:
        return queries.facilitator_user(pk)
    except User.DoesNotExist:
        raise Http404 from None


def facilitator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facilitator = _facilitator_or_404(pk)
    context = {
        "facilitator": facilitator,
        "profile": getattr(facilitator, "facilitator_profile", None),
        "certifications": _certification_rows(facilitator),
        "subjects": queries.subjects_taught_by(facilitator),
    }
    return render(request, "curriculum/facilitator_detail.html", context)


@require_POST
def facilitator_verify(request: HttpRequest, pk: int) -> HttpResponse:
    facilitator = _facilitator_or_404(pk)
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tindakan tidak dikenal."))
        return redirect("curriculum:facilitator-detail", pk=pk)
    profile = facilitator_service.facilitator_profile_for(facilitator)
    if form.cleaned_data["action"] == "verify":
        facilitator_service.verify_facilitator(profile, by=request.user, now=timezone.now())
        messages.success(
            request, _("Kualifikasi %(name)s diverifikasi.") % {"name": facilitator.name}
        )
    else:
        facilitator_service.unverify_facilitator(profile, by=request.user, now=timezone.now())
        messages.success(request, _("Verifikasi %(name)s dicabut.") % {"name": facilitator.name})
    next_url = request.POST.get("next", "")
    if next_url == "list":
        return redirect("curriculum:facilitator-list")
    return redirect("curriculum:facilitator-detail", pk=pk)


@require_http_methods(["GET", "POST"])
def my_facilitator_profile(request: HttpRequest) -> HttpResponse:
    profile = facilitator_service.facilitator_profile_for(request.user)
    form = FacilitatorProfileForm.for_profile(profile, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            withdrawn = facilitator_service.update_facilitator_profile(
                profile, changes=form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Profil fasilitator disimpan."))
            if withdrawn:
                messages.warning(
                    request,
                    _("Kualifikasi berubah, jadi verifikasi pengelola perlu diulang."),
                )
            return redirect("curriculum:my-facilitator-profile")
    context = {
        "form": form,
        "profile": profile,
        "certifications": _certification_rows(request.user),
        "subjects": queries.subjects_taught_by(request.user),
    }
    return render(request, "curriculum/my_facilitator_profile.html", context)


@require_http_methods(["GET", "POST"])
def certification_add(request: HttpRequest) -> HttpResponse:
    profile = facilitator_service.facilitator_profile_for(request.user)
    form = CertificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            facilitator_service.add_certification(
                profile, form.certification_data(), evidence=form.cleaned_data["evidence"]
            )
        except DomainError as exc:
            form.add_domain_error(exc if getattr(exc, "field", None) else _as_evidence(exc))
        else:
            messages.success(request, _("Sertifikasi ditambahkan."))
            return redirect("curriculum:my-facilitator-profile")
    return render(request, "curriculum/certification_form.html", {"form": form})


def _as_evidence(error: DomainError) -> DomainError:
    # an upload refusal (common.uploads) concerns the evidence field
    error.field = "evidence"
    return error


def _own_certification_or_404(request: HttpRequest, pk: int) -> FacilitatorCertification:
    try:
        certification = queries.certification_with_owner(pk)
    except FacilitatorCertification.DoesNotExist:
        raise Http404 from None
    if certification.profile.user_id != request.user.pk:
        raise Http404
    return certification


@require_POST
def certification_delete(request: HttpRequest, pk: int) -> HttpResponse:
    certification = _own_certification_or_404(request, pk)
    withdrawn = certification.profile.is_verified
    facilitator_service.delete_certification(certification)
    messages.success(request, _("Sertifikasi dihapus."))
    if withdrawn:
        messages.warning(
            request, _("Kualifikasi berubah, jadi verifikasi pengelola perlu diulang.")
        )
    return redirect("curriculum:my-facilitator-profile")


def certification_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve the evidence as a download, never inline, to its owner and managers only."""
    try:
        certification = queries.certification_with_owner(pk)
    except FacilitatorCertification.DoesNotExist:
        raise Http404 from None
    evidence = certification.evidence
    if not evidence or not can_download_evidence(request.user, certification):
        raise Http404
    if not evidence.storage.exists(evidence.name):
        raise Http404
    suffix = PurePosixPath(evidence.name).suffix.lstrip(".").lower()
    return serve_field_file(
        request,
        evidence,
        filename=certification.evidence_name or PurePosixPath(evidence.name).name,
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        inline=False,
    )
