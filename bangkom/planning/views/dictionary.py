"""Pages for managers: the competency dictionary and the positions (Anjab) with their
competency standards, both editable and importable from XLSX."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.accounts.models import Institution
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.planning import competencies as competency_service
from bangkom.planning import gaps, queries
from bangkom.planning import positions as position_service
from bangkom.planning.forms import CompetencyForm, PositionForm, RequirementForm, XlsxImportForm
from bangkom.planning.models import Competency, Position, PositionRequirement
from bangkom.planning.spreadsheets import ImportResult
from bangkom.planning.views import IMPORT_ERRORS_SHOWN, xlsx_response

POSITIONS_PER_PAGE = 50

# --- competencies ---------------------------------------------------------------------------


def competency_list(request: HttpRequest) -> HttpResponse:
    context = {"groups": queries.competencies_by_type()}
    return render(request, "planning/competency_list.html", context)


@require_http_methods(["GET", "POST"])
def competency_create(request: HttpRequest) -> HttpResponse:
    form = CompetencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competency_service.create_competency(form.competency_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Kompetensi ditambahkan."))
            return redirect("planning:competency-list")
    return render(request, "planning/competency_form.html", {"form": form, "competency": None})


@require_http_methods(["GET", "POST"])
def competency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    competency = get_object_or_404(Competency, pk=pk)
    form = CompetencyForm.for_competency(competency, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            competency_service.update_competency(competency, form.competency_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Kompetensi disimpan."))
            return redirect("planning:competency-list")
    context = {"form": form, "competency": competency}
    return render(request, "planning/competency_form.html", context)


def _import_page(
    request: HttpRequest, *, importer: object, title: str, template_route: str, done_route: str
) -> HttpResponse:
    form = XlsxImportForm(request.POST or None, request.FILES or None)
    result: ImportResult | None = None
    if request.method == "POST" and form.is_valid():
        result = importer(form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Impor berhasil: %(created)s baru, %(updated)s diperbarui.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(done_route)
    context = {
        "form": form,
        "title": title,
        "template_route": template_route,
        "result": result,
        "errors": result.errors[:IMPORT_ERRORS_SHOWN] if result else (),
        "hidden_errors": max(len(result.errors) - IMPORT_ERRORS_SHOWN, 0) if result else 0,
    }
    return render(request, "planning/import.html", context)


@require_http_methods(["GET", "POST"])
def competency_import(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        importer=competency_service.import_competencies_xlsx,
        title=_("Impor kamus kompetensi"),
        template_route="planning:competency-template",
        done_route="planning:competency-list",
    )


def competency_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(competency_service.competency_template_xlsx(), "templat-kompetensi.xlsx")


# --- positions ------------------------------------------------------------------------------


def position_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    institution_id = request.GET.get("instansi", "")
    positions = queries.positions_for_list(query=query, institution_id=institution_id)
    context = {
        "page": paginate(request, positions, per_page=POSITIONS_PER_PAGE),
        "query": query,
        "institution_id": institution_id,
        "institutions": Institution.objects.order_by("name").only("pk", "name"),
    }
    return render(request, "planning/position_list.html", context)


@require_http_methods(["GET", "POST"])
def position_create(request: HttpRequest) -> HttpResponse:
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            position = position_service.create_position(form.position_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Jabatan ditambahkan. Tetapkan standar kompetensinya."))
            return redirect("planning:position-detail", pk=position.pk)
    return render(request, "planning/position_form.html", {"form": form, "position": None})


@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position, pk=pk)
    form = PositionForm.for_position(position, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            position_service.update_position(position, form.position_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Jabatan disimpan."))
            return redirect("planning:position-detail", pk=position.pk)
    return render(request, "planning/position_form.html", {"form": form, "position": position})


def position_detail(
    request: HttpRequest, pk: int, form: RequirementForm | None = None
) -> HttpResponse:
    try:
        position = queries.position_for_detail(pk)
    except Position.DoesNotExist:
        raise Http404 from None
    matrix = gaps.position_gaps(position)
    context = {
        "position": position,
        "requirements": queries.requirements_of(position),
        "requirement_form": form or RequirementForm(),
        "totals": matrix.totals,
        "rows": matrix.rows(),
        "holders": gaps.holder_summaries(Q(planning_assignment__position=position)),
    }
    return render(request, "planning/position_detail.html", context)


@require_POST
def requirement_set(request: HttpRequest, pk: int) -> HttpResponse:
    position = get_object_or_404(Position, pk=pk)
    form = RequirementForm(request.POST)
    if form.is_valid():
        try:
            position_service.set_requirement(
                position,
                competency=form.cleaned_data["competency"],
                required_level=form.cleaned_data["required_level"],
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Standar kompetensi disimpan."))
            return redirect("planning:position-detail", pk=position.pk)
    return position_detail(request, position.pk, form=form)


@require_POST
def requirement_remove(request: HttpRequest, pk: int) -> HttpResponse:
    requirement = get_object_or_404(PositionRequirement, pk=pk)
    position_service.remove_requirement(requirement)
    messages.success(request, _("Kompetensi tidak lagi disyaratkan."))
    return redirect("planning:position-detail", pk=requirement.position_id)


@require_http_methods(["GET", "POST"])
def position_import(request: HttpRequest) -> HttpResponse:
    return _import_page(
        request,
        importer=position_service.import_positions_xlsx,
        title=_("Impor jabatan dan standar kompetensi"),
        template_route="planning:position-template",
        done_route="planning:position-list",
    )


def position_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(position_service.position_template_xlsx(), "templat-jabatan.xlsx")
