"""Pages for managers: offerings (angkatan), their status, committee and readiness.

Times are typed in the offering's zone and shown with ``|local_time`` in the viewer's.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.accounts.choices import PositionType
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.curriculum import offerings as offering_service
from bangkom.curriculum import queries
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.forms import CommitteeForm, OfferingForm, StatusForm
from bangkom.curriculum.models import CommitteeMember, Offering, Program
from bangkom.curriculum.readiness import readiness

OFFERINGS_PER_PAGE = 25


def offering_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    page = paginate(request, queries.offerings_for_list(status=status), per_page=OFFERINGS_PER_PAGE)
    context = {"page": page, "status": status, "statuses": OfferingStatus.choices}
    return render(request, "curriculum/offering_list.html", context)


@require_http_methods(["GET", "POST"])
def offering_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = OfferingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offering = offering_service.create_offering(
                program, form.offering_data(), by=request.user
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Angkatan dibuat sebagai draf."))
            return redirect("curriculum:offering-detail", pk=offering.pk)
    context = {"form": form, "program": program, "offering": None}
    return render(request, "curriculum/offering_form.html", context)


@require_http_methods(["GET", "POST"])
def offering_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=pk)
    form = OfferingForm.for_offering(offering, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            offering_service.update_offering(offering, form.offering_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Angkatan disimpan."))
            return redirect("curriculum:offering-detail", pk=offering.pk)
    context = {"form": form, "program": offering.program, "offering": offering}
    return render(request, "curriculum/offering_form.html", context)


def offering_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        offering = queries.offering_for_detail(pk)
    except Offering.DoesNotExist:
        raise Http404 from None
    next_statuses = [
        (value, OfferingStatus(value).label) for value in offering_service.next_statuses(offering)
    ]
    context = {
        "offering": offering,
        "program": offering.program,
        "readiness": readiness(offering),
        "next_statuses": next_statuses,
        "committee_form": CommitteeForm(),
        "position_type_labels": [
            PositionType(value).label
            for value in offering.eligible_position_types
            if value in PositionType.values
        ],
        "can_edit": offering.status != OfferingStatus.CLOSED,
    }
    return render(request, "curriculum/offering_detail.html", context)


@require_POST
def offering_status(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering, pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        seen = request.POST.get("from", "")
        if seen in OfferingStatus.values:
            offering.status = seen  # what the manager saw; a stale page is refused
        try:
            offering_service.change_offering_status(
                offering, to=form.cleaned_data["to"], by=request.user, now=timezone.now()
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Status angkatan sekarang: %(status)s.")
                % {"status": OfferingStatus(offering.status).label},
            )
    return redirect("curriculum:offering-detail", pk=offering.pk)


@require_POST
def committee_add(request: HttpRequest, pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering, pk=pk)
    form = CommitteeForm(request.POST)
    if form.is_valid():
        try:
            offering_service.add_committee_member(
                offering,
                user=form.cleaned_data["user"],
                task=form.cleaned_data["task"],
                by=request.user,
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Panitia ditambahkan."))
    else:
        messages.error(request, _("Pilih pengelola dan tuliskan tugasnya."))
    return redirect("curriculum:offering-detail", pk=offering.pk)


@require_POST
def committee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(CommitteeMember, pk=pk)
    offering_service.remove_committee_member(member)
    messages.success(request, _("Panitia dihapus."))
    return redirect("curriculum:offering-detail", pk=member.offering_id)
