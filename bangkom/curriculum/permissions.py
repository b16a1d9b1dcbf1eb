"""Permission predicates of the curriculum context; views and templates call these."""

from __future__ import annotations

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.curriculum.models import FacilitatorCertification


def can_manage_curriculum(user: User) -> bool:
    """Managers (pengelola) and admins plan programs, offerings and verify facilitators."""
    return user.is_authenticated and (user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN))


def can_download_evidence(user: User, certification: FacilitatorCertification) -> bool:
    """Only the certification's owner and managers may download its evidence file."""
    if not user.is_authenticated:
        return False
    return certification.profile.user_id == user.pk or can_manage_curriculum(user)
