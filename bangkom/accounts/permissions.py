"""Permission predicates of the accounts context; templates and views call these."""

from __future__ import annotations

from bangkom.accounts.choices import Role
from bangkom.accounts.models import Employee, Institution, User


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.has_role(Role.ADMIN)


def can_manage_roles(user: User) -> bool:
    return is_admin(user)


def can_import_employees(user: User) -> bool:
    return is_admin(user)


def supervised_institution_ids(user: User) -> set[int]:
    """Institutions in which the user is pimpinan (supervisor)."""
    return set(
        user.role_assignments.filter(role=Role.PIMPINAN).values_list("institution_id", flat=True)
    )


def sees_whole_registry(user: User) -> bool:
    return user.has_role(Role.ADMIN) or user.has_role(Role.PENGELOLA)


def is_supervisor_of(user: User, institution: Institution) -> bool:
    return institution.pk in supervised_institution_ids(user)


def can_view_employee(user: User, employee: Employee) -> bool:
    """Admins and managers see every employee; a pimpinan only their own institution's."""
    return sees_whole_registry(user) or employee.institution_id in supervised_institution_ids(user)
