"""Read side of the certificates context: who sees which certificates."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.certificates.errors import CertificateNotFound
from bangkom.certificates.models import Certificate, CertificateArchiveJob
from bangkom.certificates.permissions import can_download, can_manage_certificates
from bangkom.curriculum.models import Offering


def managed_offerings(user: User) -> QuerySet[Offering]:
    """Offerings whose certificates ``user`` manages (all for admins)."""
    if user.has_role(Role.ADMIN):
        return Offering.objects.all()
    if not user.has_role(Role.PENGELOLA):
        return Offering.objects.none()
    return Offering.objects.filter(Q(committee__user=user) | Q(created_by=user)).distinct()


def certificates_visible_to(user: User) -> QuerySet[Certificate]:
    """The user's own certificates plus those of the offerings they manage."""
    if user.has_role(Role.ADMIN):
        return Certificate.objects.all()
    scope = Q(holder=user)
    if user.has_role(Role.PENGELOLA):
        scope |= Q(offering__in=managed_offerings(user).values("pk"))
    return Certificate.objects.filter(scope)


def certificate_for_download(user: User, pk: int) -> Certificate:
    """The certificate if ``user`` may download it; otherwise not found (existence is private)."""
    certificate = Certificate.objects.select_related("offering").filter(pk=pk).first()
    if certificate is None or not can_download(user, certificate):
        raise CertificateNotFound()
    return certificate


def managed_offering(user: User, pk: int) -> Offering:
    """An offering ``user`` manages certificates of; otherwise not found."""
    offering = Offering.objects.select_related("program").filter(pk=pk).first()
    if offering is None or not can_manage_certificates(user, offering):
        raise CertificateNotFound()
    return offering


def managed_certificate(user: User, pk: int) -> Certificate:
    certificate = Certificate.objects.select_related("offering").filter(pk=pk).first()
    if certificate is None or not can_manage_certificates(user, certificate.offering):
        raise CertificateNotFound()
    return certificate


def managed_archive(user: User, pk: int) -> CertificateArchiveJob:
    job = CertificateArchiveJob.objects.select_related("offering").filter(pk=pk).first()
    if job is None or not can_manage_certificates(user, job.offering):
        raise CertificateNotFound()
    return job
