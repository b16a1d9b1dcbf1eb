"""Read side of the accounts context: lists scoped to what the viewer may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bangkom.accounts.models import Employee, User
from bangkom.accounts.nip import InvalidNip, normalize_nip
from bangkom.accounts.permissions import sees_whole_registry, supervised_institution_ids


def employees_visible_to(user: User) -> QuerySet[Employee]:
    """Every employee for admins and managers; a pimpinan's own institutions otherwise."""
    employees = Employee.objects.select_related("institution", "unit")
    if sees_whole_registry(user):
        return employees
    return employees.filter(institution_id__in=supervised_institution_ids(user))


def search_employees(employees: QuerySet[Employee], query: str) -> QuerySet[Employee]:
    """Filter by NIP (any spacing) or by a part of the name; LIKE wildcards are literal."""
    query = query.strip()
    if not query:
        return employees
    try:
        return employees.filter(nip=normalize_nip(query))
    except InvalidNip:
        pass
    # icontains escapes % and _ itself, so user input cannot widen the match (B15).
    return employees.filter(Q(name__icontains=query) | Q(nip__startswith=query.replace(" ", "")))


def users_with_roles() -> QuerySet[User]:
    return User.objects.select_related("employee__institution").prefetch_related(
        "role_assignments__institution"
    )
