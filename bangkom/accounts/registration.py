"""Self-registration of a registry employee, confirmed by birth date and an email link.

DOMAIN.md S-1 R1 and RELIABILITY.md control 10: only an active employee of the registry may
register, the registry birth date must match, and the account works only after the link in
the activation email is opened (single use: the token covers ``is_active``, which the first
use changes). Every refusal has its own reason code for tests and logs, but the person sees
one message for all of them, so the form cannot be used to learn who is registered (B2).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from enum import StrEnum

from django.contrib.auth import password_validation
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.choices import Role
from bangkom.accounts.emails import send_templated_email
from bangkom.accounts.models import Employee, RoleAssignment, User
from bangkom.accounts.nip import normalize_nip
from bangkom.common.errors import DomainError

logger = logging.getLogger(__name__)


class RegistrationRefusal(StrEnum):
    NOT_IN_REGISTRY = "not_in_registry"
    INACTIVE = "inactive"
    BIRTH_DATE_MISMATCH = "birth_date_mismatch"
    EMAIL_MISMATCH = "email_mismatch"
    ALREADY_REGISTERED = "already_registered"


REFUSED_MESSAGE = _(
    "Pendaftaran tidak dapat diproses. Pastikan NIP, tanggal lahir dan email sesuai dengan data "
    "induk pegawai aktif. Jika data Anda belum ada atau berbeda, hubungi pengelola kepegawaian "
    "(BKPSDM/BKD atau biro kepegawaian) instansi Anda. Jika sudah punya akun, gunakan "
    "'Lupa kata sandi'."
)


class RegistrationRefused(DomainError):
    status = 400

    def __init__(self, reason: RegistrationRefusal) -> None:
        super().__init__("registration_refused", REFUSED_MESSAGE)
        self.reason = reason


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "bangkom.accounts.registration.ActivationTokenGenerator"

    def _make_hash_value(self, user: User, timestamp: int) -> str:
        # is_active flips on first use, so a link works exactly once.
        return f"{user.pk}{user.password}{user.is_active}{timestamp}"


activation_tokens = ActivationTokenGenerator()


def find_registrable_employee(nip: str, *, birth_date: date, email: str) -> Employee:
    """Return the registry employee a registration refers to, or raise RegistrationRefused."""
    employee = Employee.objects.select_related("institution").filter(nip=nip).first()
    if employee is None:
        raise RegistrationRefused(RegistrationRefusal.NOT_IN_REGISTRY)
    if not employee.is_active:
        raise RegistrationRefused(RegistrationRefusal.INACTIVE)
    if employee.birth_date != birth_date:
        raise RegistrationRefused(RegistrationRefusal.BIRTH_DATE_MISMATCH)
    if employee.email and employee.email.strip().lower() != email.strip().lower():
        # The registry's own address, when known, is the second factor (control 10).
        raise RegistrationRefused(RegistrationRefusal.EMAIL_MISMATCH)
    return employee


def register_account(
    raw_nip: str,
    *,
    birth_date: date,
    email: str,
    password: str,
    activation_link: Callable[[str, str], str],
) -> User:
    """Create an inactive account for a registry employee and email the activation link.

    ``activation_link(uid, token)`` builds the absolute URL of the link. A pending
    registration (never activated) is replaced, so a mistyped address can be corrected.
    Raises InvalidNip for a malformed NIP, ValidationError for a weak password,
    RegistrationRefused otherwise.
    """
    nip = normalize_nip(raw_nip)
    employee = find_registrable_employee(nip, birth_date=birth_date, email=email)
    candidate = User(nip=nip, name=employee.name, email=email)
    password_validation.validate_password(password, user=candidate)
    try:
        with transaction.atomic():
            user = _create_or_replace_pending(candidate, employee=employee, password=password)
    except IntegrityError:  # a parallel registration of the same NIP won the race
        raise RegistrationRefused(RegistrationRefusal.ALREADY_REGISTERED) from None
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    link = activation_link(uid, activation_tokens.make_token(user))
    transaction.on_commit(
        lambda: send_templated_email(
            "accounts/emails/activation", to=user.email, context={"user": user, "link": link}
        )
    )
    logger.info("registration pending for user %s", user.pk)
    return user


def _create_or_replace_pending(candidate: User, *, employee: Employee, password: str) -> User:
    existing = User.objects.select_for_update().filter(nip=candidate.nip).first()
    if existing is not None and (existing.is_active or existing.last_login is not None):
        raise RegistrationRefused(RegistrationRefusal.ALREADY_REGISTERED)
    user = existing or candidate
    user.name, user.email, user.employee, user.is_active = (
        employee.name,
        candidate.email,
        employee,
        False,
    )
    user.set_password(password)
    user.save()
    RoleAssignment.objects.get_or_create(user=user, role=Role.PESERTA, institution=None)
    return user


def activate_account(uidb64: str, token: str) -> User | None:
    """Activate the account of a valid link; None for a bad, used or expired link."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (ValueError, TypeError, OverflowError):
        return None
    user = User.objects.filter(pk=pk).first()
    if user is None or user.is_active or not activation_tokens.check_token(user, token):
        return None
    activated = User.objects.filter(pk=user.pk, is_active=False).update(is_active=True)
    if activated != 1:  # a parallel click already used the link
        return None
    user.is_active = True
    return user
