"""Granting and revoking roles (the admin's role management screen calls these)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import Institution, RoleAssignment, User
from bangkom.common.errors import InvalidInput


@transaction.atomic
def grant_role(
    user: User, *, role: str, institution: Institution | None = None, granted_by: User | None = None
) -> RoleAssignment:
    """Give a role; a pimpinan role needs the institution it supervises. Idempotent."""
    if role not in Role.values:
        raise InvalidInput("unknown_role", _("Peran tidak dikenal."))
    if role == Role.PIMPINAN and institution is None:
        raise InvalidInput(
            "institution_required", _("Peran pimpinan harus disertai instansi yang dipimpin.")
        )
    scope = institution if role == Role.PIMPINAN else None
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, role=role, institution=scope, defaults={"granted_by": granted_by}
    )
    _sync_staff_flag(user)
    if _created:
        _audit("role.granted", user, role=role, institution=scope, by=granted_by)
    return assignment


@transaction.atomic
def revoke_role(
    user: User,
    *,
    role: str,
    institution: Institution | None = None,
    revoked_by: User | None = None,
) -> int:
    """Remove a role (one institution's scope for pimpinan); returns how many were removed."""
    assignments = RoleAssignment.objects.filter(user=user, role=role)
    if role == Role.PIMPINAN and institution is not None:
        assignments = assignments.filter(institution=institution)
    removed, _details = assignments.delete()
    _sync_staff_flag(user)
    if removed:
        _audit("role.revoked", user, role=role, institution=institution, by=revoked_by)
    return removed


def _audit(
    action: str, user: User, *, role: str, institution: Institution | None, by: User | None
) -> None:
    from bangkom.audit.log import record

    record(
        action,
        actor=by,
        target=user,
        subject=user,
        data={"role": role, "institution": institution.code if institution else None},
    )


def _sync_staff_flag(user: User) -> None:
    # Django's admin site needs is_staff; it follows the admin role and nothing else.
    is_admin = RoleAssignment.objects.filter(user=user, role=Role.ADMIN).exists()
    User.objects.filter(pk=user.pk).update(is_staff=is_admin, is_superuser=is_admin)
    user.is_staff = user.is_superuser = is_admin
    user.__dict__.pop("roles", None)
