"""Permission predicates of the certificates context (RELIABILITY.md access matrix:
"Certificate PDF — participant R own; manager issue/revoke programs; admin issue/revoke")."""

from __future__ import annotations

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.certificates.models import Certificate
from bangkom.curriculum.models import Offering


def can_manage_certificates(user: User, offering: Offering) -> bool:
    """Admins, and managers on the offering's committee (or who created it)."""
    if not user.is_authenticated:
        return False
    if user.has_role(Role.ADMIN):
        return True
    if not user.has_role(Role.PENGELOLA):
        return False
    return offering.created_by_id == user.pk or offering.committee.filter(user=user).exists()


def can_download(user: User, certificate: Certificate) -> bool:
    """The holder, or someone who manages the certificate's offering."""
    if not user.is_authenticated:
        return False
    return certificate.holder_id == user.pk or can_manage_certificates(user, certificate.offering)
