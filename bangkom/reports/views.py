"""Pages of the reports context: the dashboards, their XLSX exports and "Data saya".

Thin views: the figures come from ``dashboard``, ``compliance``, ``agency`` and
``subject_access``; who may open which route is in ``reports/access.py``, and which
institutions a user may see is ``progression.ledger.report_institutions_for``.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bangkom.accounts.models import Institution, User
from bangkom.common.downloads import content_disposition
from bangkom.common.pagination import paginate
from bangkom.common.timezones import to_local
from bangkom.curriculum.models import Offering
from bangkom.progression.errors import ProgressionForbidden
from bangkom.progression.ledger import report_institutions_for
from bangkom.reports import agency as agency_figures
from bangkom.reports import compliance, exports
from bangkom.reports.dashboard import offering_dashboard as build_dashboard
from bangkom.reports.forms import AgencyFilterForm, InstitutionReportFilterForm
from bangkom.reports.subject_access import subject_access_archive

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
INSTITUTIONS_PER_PAGE = 25
OFFERINGS_PER_PAGE = 25


def _download(data: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _this_year(user: User) -> int:
    return to_local(timezone.now(), user.time_zone_name).year


# --- offering dashboard ---------------------------------------------------------------------


def _offering(pk: int) -> Offering:
    return get_object_or_404(Offering.objects.select_related("program"), pk=pk)


def offering_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = build_dashboard(_offering(pk))
    context = {
        "dashboard": dashboard,
        "offering": dashboard.offering,
        "funnel_chart": dashboard.funnel_chart(),
        "pass_rate_chart": dashboard.pass_rate_chart(),
        "attendance_chart": dashboard.attendance_chart(),
        "survey_chart": dashboard.survey_chart(),
        "survey_scale": range(1, max((r.scale for r in dashboard.survey_rows), default=0) + 1),
    }
    return render(request, "reports/offering_dashboard.html", context)


def offering_dashboard_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    dashboard = build_dashboard(_offering(pk))
    data = exports.offering_dashboard_xlsx(dashboard)
    return _download(data, f"dasbor-{dashboard.offering.code}.xlsx")


# --- institution and year -------------------------------------------------------------------


def _institution_scope(request: HttpRequest) -> tuple[int, int | None, list[Institution]]:
    """(year, requested institution, institutions shown); 404 for one not theirs."""
    form = InstitutionReportFilterForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    year = cleaned.get("year") or _this_year(request.user)
    requested = cleaned.get("institution")
    try:
        scope = report_institutions_for(request.user, requested)
    except ProgressionForbidden:
        raise Http404 from None
    institutions = Institution.objects.order_by("name")
    if scope is not None:
        institutions = institutions.filter(pk__in=scope)
    return year, requested, list(institutions)


def institution_report(request: HttpRequest) -> HttpResponse:
    year, requested, institutions = _institution_scope(request)
    rows = compliance.institution_years(year, institutions)
    page = Paginator(rows, INSTITUTIONS_PER_PAGE).get_page(request.GET.get("page"))
    visible = report_institutions_for(request.user)
    choices = Institution.objects.order_by("name")
    if visible is not None:
        choices = choices.filter(pk__in=visible)
    context = {
        "year": year,
        "institution": requested,
        "institutions": choices,
        "page": page,
        "rows": page.object_list,
        "total": compliance.total_row(rows, label=_("Jumlah")),
        "chart": compliance_chart(page.object_list),
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/institution_report.html", context)


def compliance_chart(rows: list[compliance.InstitutionYear]) -> dict:
    return {
        "kind": "bar",
        "unit": "%",
        "labels": [row.name for row in rows],
        "datasets": [
            {"label": _("Kepatuhan JP (%)"), "data": [row.compliance or 0 for row in rows]},
            {"label": _("Partisipasi (%)"), "data": [row.participation or 0 for row in rows]},
            {
                "label": _("Penutupan kesenjangan (%)"),
                "data": [row.gap_closure or 0 for row in rows],
            },
        ],
    }


def institution_report_xlsx(request: HttpRequest) -> HttpResponse:
    year, _requested, institutions = _institution_scope(request)
    rows = compliance.institution_years(year, institutions)
    total = compliance.total_row(rows, label=_("Jumlah"))
    data = exports.institution_report_xlsx(rows, total=total, year=year)
    return _download(data, f"laporan-instansi-{year}.xlsx")


# --- agency ---------------------------------------------------------------------------------


def _agency_filters(request: HttpRequest) -> tuple[AgencyFilterForm, dict]:
    form = AgencyFilterForm(request.GET or None)
    cleaned = form.cleaned_data if form.is_bound and form.is_valid() else {}
    program = cleaned.get("program")
    return form, {"year": cleaned.get("year"), "program_id": program.pk if program else None}


def agency(request: HttpRequest) -> HttpResponse:
    form, filters = _agency_filters(request)
    page = paginate(
        request, agency_figures.offerings_with_figures(**filters), per_page=OFFERINGS_PER_PAGE
    )
    context = {
        "form": form,
        "page": page,
        "rows": agency_figures.offering_rows(list(page.object_list)),
        "query": request.GET.urlencode(),
    }
    return render(request, "reports/agency.html", context)


def agency_xlsx(request: HttpRequest) -> HttpResponse:
    _form, filters = _agency_filters(request)
    rows = agency_figures.offering_rows(list(agency_figures.offerings_with_figures(**filters)))
    return _download(exports.agency_xlsx(rows), "laporan-angkatan.xlsx")


# --- my data (subject access) ---------------------------------------------------------------


def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/my_data.html")


def my_data_zip(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    with transaction.atomic():  # the audit entry commits with the export it records
        data = subject_access_archive(request.user, now=now)
    return _download(data, f"data-saya-{request.user.nip}.zip", content_type="application/zip")
