"""Spreadsheet exports of the curriculum context (formula-safe, via common.exports)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.common.exports import xlsx_bytes


def facilitators_xlsx(facilitators: Iterable[User]) -> bytes:
    """The facilitator list as an office keeps it: verification and flagged certifications.

    Expects the rows of ``queries.facilitators_for_list`` (profile and counts loaded).
    """
    header = [
        _("Nama"),
        _("NIP"),
        _("Gelar"),
        _("Bidang keahlian"),
        _("Instansi"),
        _("Terverifikasi"),
        _("Diverifikasi pada"),
        _("Diverifikasi oleh"),
        _("Jumlah sertifikasi"),
        _("Sertifikasi kedaluwarsa/segera kedaluwarsa"),
        _("Jumlah mata pelatihan"),
    ]
    return xlsx_bytes({_("Fasilitator"): (header, (_row(user) for user in facilitators))})


def _row(user: User) -> list[object]:
    profile = getattr(user, "facilitator_profile", None)
    institution = user.employee.institution.name if user.employee_id else ""
    verified = bool(profile and profile.is_verified)
    return [
        user.name,
        user.nip,
        profile.academic_title if profile else "",
        profile.expertise if profile else "",
        institution,
        _("ya") if verified else _("tidak"),
        profile.verified_at if verified else None,
        profile.verified_by.name if verified and profile.verified_by else "",
        user.certification_count,
        user.flagged_certifications,
        user.subject_count,
    ]
