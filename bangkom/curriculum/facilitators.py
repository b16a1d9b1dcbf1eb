"""Facilitator (widyaiswara/narasumber) profiles, certifications and their verification.

Rules implemented here (issue "facilitators"; ARCHITECTURE.md step 2 "facilitators with
verified qualifications"):
- a widyaiswara keeps their own profile and certifications; evidence files are checked by
  content (PDF, JPEG or PNG only, at most MAX_DOCUMENT_MB) before anything is stored;
- a manager verifies the qualifications; changing them afterwards (education, experience,
  expertise, title, certifications) withdraws the verification, because what was checked
  is no longer what is shown; contact details may change freely;
- a certification expiring within 60 days is flagged, an expired one too;
- a subject's facilitators' contacts are what enrolled participants see.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.common.uploads import check_upload
from bangkom.curriculum.errors import CurriculumErrorCode, CurriculumForbidden, CurriculumInvalid
from bangkom.curriculum.models import FacilitatorCertification, FacilitatorProfile, Subject
from bangkom.notifications.service import notify

EVIDENCE_TYPES = frozenset({"pdf", "jpg", "png"})
EXPIRY_WARNING = timedelta(days=60)  # issue "facilitators": flag certificates expiring ≤ 60 days
QUALIFICATION_FIELDS = ("academic_title", "education", "work_experience", "expertise")
CONTACT_FIELDS = ("contact_email", "contact_phone")


class CertificationState(StrEnum):
    VALID = "valid"
    EXPIRING = "expiring"
    EXPIRED = "expired"
    NO_EXPIRY = "no_expiry"


@dataclass(frozen=True)
class CertificationData:
    name: str
    issuer: str = ""
    number: str = ""
    issued_on: date | None = None
    expires_on: date | None = None


@dataclass(frozen=True)
class FacilitatorContact:
    """What a participant sees of a facilitator of their subject."""

    name: str
    title: str
    email: str
    phone: str
    is_verified: bool


def evidence_max_bytes() -> int:
    return settings.MAX_DOCUMENT_MB * 1024 * 1024


def is_facilitator(user: User) -> bool:
    return user.has_role(Role.WIDYAISWARA)


def is_manager(user: User) -> bool:
    return user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN)


def facilitator_profile_for(user: User) -> FacilitatorProfile:
    """Return the user's profile, creating an empty one; only widyaiswara have one."""
    if not is_facilitator(user):
        raise CurriculumForbidden(
            CurriculumErrorCode.NOT_A_FACILITATOR,
            _("Hanya widyaiswara/narasumber yang memiliki profil fasilitator."),
        )
    profile, _created = FacilitatorProfile.objects.get_or_create(user=user)
    return profile


def update_facilitator_profile(profile: FacilitatorProfile, *, changes: dict[str, str]) -> bool:
    """Save the profile fields in ``changes``; return True if that withdrew the verification.

    Only the qualification and contact fields may change; anything else is refused.
    """
    unknown = set(changes) - set(QUALIFICATION_FIELDS) - set(CONTACT_FIELDS)
    if unknown:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_PROFILE, _("Kolom profil tidak dikenal.")
        )
    cleaned = {name: (value or "").strip() for name, value in changes.items()}
    qualifications_changed = any(
        cleaned[name] != getattr(profile, name) for name in QUALIFICATION_FIELDS if name in cleaned
    )
    for name, value in cleaned.items():
        setattr(profile, name, value)
    with transaction.atomic():
        profile.save()
        return _withdraw_verification_if(profile, qualifications_changed)


def _withdraw_verification_if(profile: FacilitatorProfile, changed: bool) -> bool:
    if not (changed and profile.is_verified):
        return False
    FacilitatorProfile.objects.filter(pk=profile.pk).update(
        is_verified=False, verified_by=None, verified_at=None
    )
    profile.is_verified, profile.verified_by, profile.verified_at = False, None, None
    return True


def add_certification(
    profile: FacilitatorProfile,
    data: CertificationData,
    *,
    evidence: UploadedFile | None,
) -> FacilitatorCertification:
    """Add a certification, with its evidence file checked by content before it is stored.

    Refuses an empty name, an expiry before the issue date, and evidence that is not really
    a PDF/JPEG/PNG or is larger than MAX_DOCUMENT_MB (nothing is stored then). Withdraws a
    verification, since the qualifications changed.
    """
    name = data.name.strip()
    if not name:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_CERTIFICATION,
            _("Nama sertifikasi wajib diisi."),
            field="name",
        )
    if data.issued_on and data.expires_on and data.expires_on < data.issued_on:
        raise CurriculumInvalid(
            CurriculumErrorCode.INVALID_CERTIFICATION,
            _("Tanggal berlaku sampai tidak boleh sebelum tanggal terbit."),
            field="expires_on",
        )
    checked = None
    if evidence is not None:
        checked = check_upload(
            evidence, allowed_types=EVIDENCE_TYPES, max_bytes=evidence_max_bytes()
        )
    certification = FacilitatorCertification(
        profile=profile,
        name=name,
        issuer=data.issuer.strip(),
        number=data.number.strip(),
        issued_on=data.issued_on,
        expires_on=data.expires_on,
    )
    with transaction.atomic():
        if checked is not None:
            certification.evidence_name = checked.display_name
            certification.evidence.save(checked.storage_name, evidence, save=False)
        certification.save()
        _withdraw_verification_if(profile, True)
    return certification


def delete_certification(certification: FacilitatorCertification) -> None:
    """Remove a certification and its evidence file; withdraws a verification."""
    profile = certification.profile
    evidence = certification.evidence
    with transaction.atomic():
        certification.delete()
        _withdraw_verification_if(profile, True)
        if evidence:
            name, storage = evidence.name, evidence.storage
            transaction.on_commit(lambda: storage.delete(name))


def verify_facilitator(profile: FacilitatorProfile, *, by: User, now: datetime) -> None:
    """Mark the facilitator's qualifications verified by a manager; tell the facilitator."""
    _require_manager(by)
    FacilitatorProfile.objects.filter(pk=profile.pk).update(
        is_verified=True, verified_by=by, verified_at=now, updated_at=now
    )
    profile.is_verified, profile.verified_by, profile.verified_at = True, by, now
    notify(
        profile.user,
        event_key=f"curriculum:facilitator-verified:{profile.pk}:{int(now.timestamp())}",
        title=_("Kualifikasi Anda sebagai fasilitator telah diverifikasi."),
        url=reverse("curriculum:my-facilitator-profile"),
    )


def unverify_facilitator(profile: FacilitatorProfile, *, by: User, now: datetime) -> None:
    """Withdraw the verification (e.g. after a certification expired)."""
    _require_manager(by)
    FacilitatorProfile.objects.filter(pk=profile.pk).update(
        is_verified=False, verified_by=None, verified_at=None, updated_at=now
    )
    profile.is_verified, profile.verified_by, profile.verified_at = False, None, None


def _require_manager(user: User) -> None:
    if not is_manager(user):
        raise CurriculumForbidden(
            CurriculumErrorCode.NOT_A_MANAGER,
            _("Hanya pengelola program yang dapat memverifikasi fasilitator."),
        )


def certification_state(certification: FacilitatorCertification, *, today: date) -> str:
    """Expired, expiring within 60 days, valid, or without an expiry date."""
    expires = certification.expires_on
    if expires is None:
        return CertificationState.NO_EXPIRY
    if expires < today:
        return CertificationState.EXPIRED
    if expires - today <= EXPIRY_WARNING:
        return CertificationState.EXPIRING
    return CertificationState.VALID


def expiry_flag_limit(today: date) -> date:
    """Certifications expiring on or before this date are flagged (expired ones included)."""
    return today + EXPIRY_WARNING


def _contact(user: User) -> FacilitatorContact:
    profile = getattr(user, "facilitator_profile", None)
    return FacilitatorContact(
        name=user.name,
        title=profile.academic_title if profile else "",
        email=(profile.contact_email if profile else "") or user.email,
        phone=profile.contact_phone if profile else "",
        is_verified=bool(profile and profile.is_verified),
    )


def facilitator_contacts(subject: Subject) -> list[FacilitatorContact]:
    """The contacts of the subject's facilitators, as enrolled participants may see them.

    The profile's contact email falls back to the account's email; the phone is shown only
    when the facilitator entered one for this purpose. Showing them only to participants
    enrolled in the subject's offering is the caller's (learning's) scoping.
    """
    users = subject.facilitators.select_related("facilitator_profile").order_by("name")
    return [_contact(user) for user in users]


def facilitator_contacts_by_subject(
    subjects: Iterable[Subject],
) -> dict[int, list[FacilitatorContact]]:
    """``facilitator_contacts`` for many subjects in one query: subject id → contacts."""
    ids = [subject.pk for subject in subjects]
    links = (
        Subject.facilitators.through.objects.filter(subject_id__in=ids)
        .select_related("user__facilitator_profile")
        .order_by("user__name", "user_id")
    )
    contacts: dict[int, list[FacilitatorContact]] = {pk: [] for pk in ids}
    for link in links:
        contacts[link.subject_id].append(_contact(link.user))
    return contacts
