"""HTML views of the catalogue and enrolment area: thin wrappers over the domain modules.

Who may open each view is decided by the access policy (``access/catalogue.py``) before it
runs; object scoping (own enrolments, a supervisor's own institution) is done by the query
functions, whose ``NotFound`` errors become 404 here. Domain refusals become messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bangkom.common.errors import DomainError, NotFound
from bangkom.common.exports import xlsx_bytes
from bangkom.common.pagination import paginate
from bangkom.common.timezones import format_local, zone_label
from bangkom.common.uploads import check_upload
from bangkom.curriculum.models import Offering
from bangkom.learning import catalogue as catalogue_queries
from bangkom.learning import enrollment_queries as queries
from bangkom.learning import invitations as invitation_service
from bangkom.learning import trial as trial_service
from bangkom.learning.bulk_enrollment import MAX_UPLOAD_BYTES, bulk_enroll
from bangkom.learning.catalogue_forms import (
    BulkEnrollForm,
    CatalogueFilterForm,
    DecisionForm,
    EnrollmentRequestForm,
    InvitationForm,
    ParticipantFilterForm,
    TesterForm,
)
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.eligibility import (
    ACTIVE_STATUSES,
    Eligibility,
    check_eligibility,
    eligibility_matrix,
)
from bangkom.learning.enrollment import decide_enrollment, request_enrollment, withdraw_enrollment
from bangkom.learning.models import Enrollment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CATALOGUE_PAGE_SIZE = 12
LIST_PAGE_SIZE = 25


@dataclass(frozen=True)
class CatalogueCard:
    """An offering as a catalogue card: the viewer's eligibility and own status."""

    offering: Offering
    eligibility: Eligibility
    status: str | None
    status_label: str | Promise
    zone: str  # label of the zone the schedule was planned in (WIB/WITA/WIT)
    closes_origin: str  # enrolment close in that zone, shown when the viewer's zone differs
    starts_origin: str
    same_zone: bool

    @property
    def active(self) -> bool:
        """The viewer holds a place (pending or enrolled)."""
        return self.status in ACTIVE_STATUSES


def _card(offering: Offering, eligibility: Eligibility, status: str | None, viewer_zone: str):
    return CatalogueCard(
        offering=offering,
        eligibility=eligibility,
        status=status,
        status_label=EnrollmentStatus(status).label if status else "",
        zone=zone_label(offering.time_zone),
        closes_origin=format_local(offering.enrollment_closes_at, offering.time_zone),
        starts_origin=format_local(offering.starts_at, offering.time_zone),
        same_zone=zone_label(viewer_zone) == zone_label(offering.time_zone),
    )


def _offering_or_404(request: HttpRequest, pk: int) -> Offering:
    try:
        return catalogue_queries.offering_for_viewer(pk, request.user)
    except NotFound:
        raise Http404 from None


def _statuses(user: object, offerings: list[Offering]) -> dict[int, str]:
    return dict(
        Enrollment.objects.filter(participant=user, offering__in=offerings).values_list(
            "offering_id", "status"
        )
    )


def catalogue(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CatalogueFilterForm(request.GET or None, themes=catalogue_queries.catalogue_themes())
    offerings = catalogue_queries.published_offerings(form.filters(), zone=user.time_zone_name)
    page = paginate(request, offerings, per_page=CATALOGUE_PAGE_SIZE)
    listed = list(page.object_list)
    verdicts = eligibility_matrix([user], listed, now=timezone.now())
    statuses = _statuses(user, listed)
    cards = [
        _card(o, verdicts[(user.pk, o.pk)], statuses.get(o.pk), user.time_zone_name) for o in listed
    ]
    context = {"form": form, "page": page, "cards": cards}
    return render(request, "learning/catalogue/catalogue.html", context)


def offering_detail(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _offering_or_404(request, offering_pk)
    user = request.user
    enrollment = Enrollment.objects.filter(offering=offering, participant=user).first()
    eligibility = check_eligibility(user, offering, now=timezone.now())
    context = {
        "detail": catalogue_queries.offering_detail(offering),
        "offering": offering,
        "card": _card(offering, eligibility, enrollment and enrollment.status, user.time_zone_name),
        "enrollment": enrollment,
        "form": EnrollmentRequestForm(),
    }
    return render(request, "learning/catalogue/offering_detail.html", context)


@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _offering_or_404(request, offering_pk)
    if request.method == "GET":
        return redirect("learning:offering-detail", offering_pk=offering.pk)
    form = EnrollmentRequestForm(request.POST)
    motivation = form.cleaned_data["motivation"] if form.is_valid() else ""
    try:
        enrollment, created = request_enrollment(
            request.user, offering, now=timezone.now(), motivation=motivation
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("learning:offering-detail", offering_pk=offering.pk)
    if not created:
        messages.info(request, _("Anda sudah mendaftar pada angkatan ini."))
    elif enrollment.status == EnrollmentStatus.PENDING:
        messages.success(request, _("Permohonan terkirim dan menunggu persetujuan pimpinan."))
    else:
        messages.success(request, _("Anda terdaftar sebagai peserta."))
    return redirect("learning:my-enrollments")


def my_enrollments(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.enrollments_of(request.user), per_page=LIST_PAGE_SIZE)
    rows = queries.with_journeys(list(page.object_list))
    return render(request, "learning/catalogue/my_enrollments.html", {"page": page, "rows": rows})


@require_http_methods(["GET", "POST"])
def enrollment_withdraw(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    if request.method == "GET":  # the action is a POST; a GET just shows the list
        return redirect("learning:my-enrollments")
    try:
        enrollment = queries.own_enrollment(request.user, enrollment_pk)
    except NotFound:
        raise Http404 from None
    try:
        withdraw_enrollment(enrollment, by=request.user, now=timezone.now())
        messages.success(request, _("Pendaftaran dibatalkan."))
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("learning:my-enrollments")


def approval_inbox(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    page = paginate(request, queries.approval_queue(request.user, q=query), per_page=LIST_PAGE_SIZE)
    context = {"page": page, "query": query}
    return render(request, "learning/catalogue/approval_inbox.html", context)


@require_http_methods(["GET", "POST"])
def enrollment_decide(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    if request.method == "GET":  # the decision is a POST; a GET just shows the inbox
        return redirect("learning:approval-inbox")
    try:
        enrollment = queries.decidable_enrollment(request.user, enrollment_pk)
    except NotFound:
        raise Http404 from None
    form = DecisionForm(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Keputusan tidak dikenal.")
    else:
        try:
            enrollment = decide_enrollment(
                enrollment,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                by=request.user,
                now=timezone.now(),
            )
        except DomainError as exc:
            error = str(exc.message)
    if request.htmx:
        context = {"e": enrollment, "error": error}
        return render(request, "learning/catalogue/partials/approval_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Keputusan disimpan dan peserta diberi tahu."))
    return redirect("learning:approval-inbox")


def _managed_offering(offering_pk: int) -> Offering:
    return get_object_or_404(Offering.objects.select_related("program"), pk=offering_pk)


def _participants_query(request: HttpRequest, offering: Offering) -> tuple:
    form = ParticipantFilterForm(request.GET or None)
    query, status = form.values()
    include_trial = request.GET.get("trial") == "1"
    enrollments = queries.offering_participants(
        offering, q=query, status=status, include_trial=include_trial
    )
    return form, enrollments, include_trial


def offering_participants(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _managed_offering(offering_pk)
    form, enrollments, include_trial = _participants_query(request, offering)
    page: Page = paginate(request, enrollments, per_page=LIST_PAGE_SIZE)
    context = {
        "offering": offering,
        "form": form,
        "page": page,
        "rows": queries.with_journeys(list(page.object_list)),
        "include_trial": include_trial,
        "query_string": request.GET.urlencode(),
    }
    return render(request, "learning/catalogue/offering_participants.html", context)


def offering_participants_xlsx(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _managed_offering(offering_pk)
    _form, enrollments, _trial = _participants_query(request, offering)
    content = xlsx_bytes(
        {"Peserta": (queries.EXPORT_HEADER, queries.participants_export_rows(enrollments))}
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="peserta-{offering.pk}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def bulk_enroll_view(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _managed_offering(offering_pk)
    form = BulkEnrollForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_upload(upload, allowed_types={"xlsx"}, max_bytes=MAX_UPLOAD_BYTES)
        except DomainError as exc:
            form.add_error("file", str(exc.message))
        else:
            upload.seek(0)
            result = bulk_enroll(upload.read(), offering, by=request.user, now=timezone.now())
    context = {"offering": offering, "form": form, "result": result}
    return render(request, "learning/catalogue/bulk_enroll.html", context)


@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _managed_offering(offering_pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = invitation_service.send_invitations(
                offering, by=request.user, now=timezone.now(), message=form.cleaned_data["message"]
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(
                request, _("Undangan terkirim ke %(n)s instansi baru.") % {"n": len(sent)}
            )
        return redirect("learning:invitations", offering_pk=offering.pk)
    sent_list = offering.invitations.select_related("institution", "sent_by")
    context = {
        "offering": offering,
        "form": form,
        "page": paginate(request, sent_list, per_page=LIST_PAGE_SIZE),
        "target_count": invitation_service.invitation_institutions(offering).count(),
        "all_institutions": not offering.eligible_institutions.exists(),
    }
    return render(request, "learning/catalogue/invitations.html", context)


def my_invitations(request: HttpRequest) -> HttpResponse:
    received = invitation_service.invitations_for_supervisor(request.user)
    page = paginate(request, received, per_page=LIST_PAGE_SIZE)
    return render(request, "learning/catalogue/my_invitations.html", {"page": page})


@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, invitation_pk: int) -> HttpResponse:
    try:
        invitation = invitation_service.invitation_for_supervisor(request.user, invitation_pk)
    except NotFound:
        raise Http404 from None
    result = None
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("peserta") if v.isdigit()]
        if ids:
            result = invitation_service.nominate(
                invitation, ids, by=request.user, now=timezone.now()
            )
        else:
            messages.error(request, _("Pilih setidaknya satu pegawai."))
    query = request.GET.get("q", "")[:100]
    candidates = invitation_service.nomination_candidates(invitation, q=query)
    page = paginate(request, candidates, per_page=LIST_PAGE_SIZE)
    people = list(page.object_list)
    statuses = invitation_service.enrollment_statuses(invitation.offering, people)
    rows = [(p, statuses.get(p.pk), _status_label(statuses.get(p.pk))) for p in people]
    context = {
        "invitation": invitation,
        "page": page,
        "rows": rows,
        "query": query,
        "result": result,
    }
    return render(request, "learning/catalogue/nominate.html", context)


def _status_label(status: str | None) -> str:
    return str(EnrollmentStatus(status).label) if status else ""


@require_http_methods(["GET", "POST"])
def trial(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = _managed_offering(offering_pk)
    form = TesterForm()
    result = None
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add":
            form = TesterForm(request.POST)
            if form.is_valid():
                result = _add_testers(request, offering, form.cleaned_data["nips"])
        elif action in ("on", "off"):
            trial_service.set_trial_mode(offering, enabled=action == "on")
            return redirect("learning:trial", offering_pk=offering.pk)
        elif action == "reset":
            _reset_trial(request, offering)
            return redirect("learning:trial", offering_pk=offering.pk)
    context = {
        "offering": offering,
        "form": form,
        "result": result,
        "report": trial_service.trial_report(offering),
    }
    return render(request, "learning/catalogue/trial.html", context)


def _add_testers(
    request: HttpRequest, offering: Offering, nips: str
) -> trial_service.TesterResult | None:
    try:
        return trial_service.add_testers(offering, nips, by=request.user, now=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return None


def _reset_trial(request: HttpRequest, offering: Offering) -> None:
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Centang konfirmasi sebelum menghapus data uji coba."))
        return
    try:
        removed = trial_service.reset_trial(offering)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return
    messages.success(
        request, _("%(n)s pendaftaran uji coba beserta datanya dihapus.") % {"n": removed}
    )
