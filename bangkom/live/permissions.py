"""Permission predicates of the live context (read user and roles only)."""

from __future__ import annotations

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User


def can_manage_sessions(user: User) -> bool:
    """Managers (pengelola) and admins plan live sessions of any offering."""
    return user.is_authenticated and (user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN))


def can_offer_slots(user: User) -> bool:
    """Coaches/mentors publish availability; a widyaiswara may offer it too."""
    return user.is_authenticated and (user.has_role(Role.COACH) or user.has_role(Role.WIDYAISWARA))


def can_host(user: User) -> bool:
    return user.has_role(Role.PENGELOLA)


def can_facilitate(user: User) -> bool:
    return user.has_role(Role.WIDYAISWARA)
