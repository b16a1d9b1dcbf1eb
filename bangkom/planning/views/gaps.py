"""Pages of competency profiles (managers) and gap maps (managers; a pimpinan for the
institutions they lead — another institution is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.accounts.models import Employee
from bangkom.common.errors import DomainError, NotFound
from bangkom.common.pagination import paginate
from bangkom.planning import gaps, queries
from bangkom.planning.forms import AssessmentForm, AssignPositionForm
from bangkom.planning.positions import assign_position
from bangkom.planning.profiles import record_assessment

EMPLOYEES_PER_PAGE = 25
INSTITUTIONS_PER_PAGE = 50
ASSESSMENTS_SHOWN = 50
GROUPINGS = {"jabatan": "position", "unit": "unit"}


def profile_search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    employees = queries.employees_for_profile_search(query)
    page = paginate(request, employees, per_page=EMPLOYEES_PER_PAGE)
    if query and page.paginator.count == 1:
        return redirect("planning:profile-detail", pk=page.object_list[0].pk)
    return render(request, "planning/profile_search.html", {"page": page, "query": query})


def _profile_page(
    request: HttpRequest,
    employee: Employee,
    *,
    assessment_form: AssessmentForm | None = None,
    position_form: AssignPositionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    profile = gaps.employee_gaps(employee)
    today = timezone.localdate()
    context = {
        "employee": employee,
        "profile": profile,
        "assessments": queries.assessments_of(employee)[:ASSESSMENTS_SHOWN],
        "assessment_form": assessment_form or AssessmentForm(initial={"assessed_on": today}),
        "position_form": position_form
        or AssignPositionForm(initial={"position": profile.position}),
    }
    return render(request, "planning/profile_detail.html", context, status=status)


def _employee(pk: int) -> Employee:
    try:
        return queries.employee_for_profile(pk)
    except Employee.DoesNotExist:
        raise Http404 from None


def profile_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _profile_page(request, _employee(pk))


@require_POST
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee(pk)
    form = AssessmentForm(request.POST)
    if form.is_valid():
        try:
            record_assessment(
                employee,
                **form.cleaned_data,
                by=request.user,
                today=timezone.localdate(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Hasil penilaian dicatat."))
            return redirect("planning:profile-detail", pk=employee.pk)
    return _profile_page(request, employee, assessment_form=form, status=422)


@require_POST
def position_assign(request: HttpRequest, pk: int) -> HttpResponse:
    employee = _employee(pk)
    form = AssignPositionForm(request.POST)
    if form.is_valid():
        assign_position(employee, form.cleaned_data["position"])
        messages.success(request, _("Jabatan pegawai disimpan."))
        return redirect("planning:profile-detail", pk=employee.pk)
    return _profile_page(request, employee, position_form=form, status=422)


def gap_institutions(request: HttpRequest) -> HttpResponse:
    institutions = queries.gap_institutions_for(request.user).order_by("name")
    page = paginate(request, institutions, per_page=INSTITUTIONS_PER_PAGE)
    return render(request, "planning/gap_institutions.html", {"page": page})


def institution_gaps(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        institution = queries.gap_institution_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    grouping = request.GET.get("menurut", "jabatan")
    by = GROUPINGS.get(grouping, "position")
    matrix = gaps.institution_gaps(institution, by=by)
    context = {
        "institution": institution,
        "matrix": matrix,
        "rows": matrix.rows(),
        "chart_data": matrix.chart_data(),
        "grouping": grouping if grouping in GROUPINGS else "jabatan",
    }
    return render(request, "planning/institution_gaps.html", context)
