"""Read side of the planning pages: lists with their counts, and object lookups that apply
the viewer's scope (a pimpinan sees only the institutions they lead; others get 404).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from bangkom.accounts.models import Employee, Institution, User
from bangkom.accounts.permissions import sees_whole_registry, supervised_institution_ids
from bangkom.accounts.queries import search_employees
from bangkom.planning.choices import CompetencyType
from bangkom.planning.errors import PlanningErrorCode, PlanningNotFound
from bangkom.planning.models import (
    Competency,
    CompetencyAssessment,
    NeedsAnalysis,
    Position,
    ProgramPlan,
)


def competencies_by_type() -> list[tuple[str, str, list[Competency]]]:
    """(type value, type label, competencies) in the order of the types; one query."""
    groups: dict[str, list[Competency]] = {value: [] for value in CompetencyType.values}
    for competency in Competency.objects.annotate(
        required_by=Count("position_requirements", distinct=True)
    ).order_by("code"):
        groups.setdefault(competency.competency_type, []).append(competency)
    return [(value, CompetencyType(value).label, groups[value]) for value in CompetencyType.values]


def positions_for_list(*, query: str = "", institution_id: str = "") -> QuerySet[Position]:
    positions = (
        Position.objects.select_related("institution")
        .annotate(
            requirement_count=Count("requirements", distinct=True),
            holder_count=Count("assignments", distinct=True),
        )
        .order_by("-kelas_jabatan", "name", "pk")
    )
    query = query.strip()
    if query:
        positions = positions.filter(Q(name__icontains=query) | Q(code__icontains=query))
    if institution_id == "umum":
        positions = positions.filter(institution__isnull=True)
    elif institution_id.isdigit():
        positions = positions.filter(institution_id=int(institution_id))
    return positions


def position_for_detail(pk: int) -> Position:
    return Position.objects.select_related("institution").get(pk=pk)


def requirements_of(position: Position) -> QuerySet:
    return position.requirements.select_related("competency").order_by(
        "competency__competency_type", "competency__name"
    )


def employees_for_profile_search(query: str) -> QuerySet[Employee]:
    employees = Employee.objects.select_related(
        "institution", "unit", "planning_assignment__position"
    )
    return search_employees(employees, query) if query.strip() else employees.none()


def employee_for_profile(pk: int) -> Employee:
    return Employee.objects.select_related("institution", "unit").get(pk=pk)


def assessments_of(employee: Employee) -> QuerySet[CompetencyAssessment]:
    return employee.competency_assessments.select_related("competency", "recorded_by").order_by(
        "-assessed_on", "-id"
    )


def gap_institutions_for(user: User) -> QuerySet[Institution]:
    """Institutions whose gaps the user may see: all for managers, led ones for pimpinan."""
    if sees_whole_registry(user):
        return Institution.objects.all()
    return Institution.objects.filter(pk__in=supervised_institution_ids(user))


def gap_institution_for(user: User, pk: int) -> Institution:
    """The institution if the user may see its gaps; NotFound (404) otherwise."""
    institution = gap_institutions_for(user).filter(pk=pk).first()
    if institution is None:
        raise PlanningNotFound(PlanningErrorCode.NOT_YOUR_CANDIDATE, _("Instansi tidak ditemukan."))
    return institution


def analysis_for_detail(pk: int) -> NeedsAnalysis:
    return NeedsAnalysis.objects.select_related("institution", "created_by").get(pk=pk)


def plan_for_detail(pk: int) -> ProgramPlan:
    return ProgramPlan.objects.select_related(
        "program", "created_by", "submitted_by", "decided_by", "offering"
    ).get(pk=pk)
