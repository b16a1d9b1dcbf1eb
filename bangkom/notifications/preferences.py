"""Which kinds of notification email a user, and in which language (issue 7 item 5).

In-app notifications are always created; these choices only decide the email copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from bangkom.accounts.models import User
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import NotificationPreference

# Kinds that email by default: decisions and results a participant must not miss.
EMAIL_DEFAULTS: dict[str, bool] = dict.fromkeys(NotificationKind.values, False) | {
    NotificationKind.ENROLLMENT_DECISION: True,
    NotificationKind.EXAM_RESULT: True,
    NotificationKind.CERTIFICATE_ISSUED: True,
    NotificationKind.SANCTION: True,
    NotificationKind.COACHING_BOOKING: True,
    NotificationKind.DEADLINE_REMINDER: True,
    NotificationKind.EXAM_WINDOW_REMINDER: True,
}
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"


def default_email(kind: str) -> bool:
    return EMAIL_DEFAULTS.get(kind, False)


def wants_email(preference: NotificationPreference | None, kind: str) -> bool:
    """True when a notification of ``kind`` is also emailed under this preference."""
    if preference is not None and kind in preference.email_choices:
        return bool(preference.email_choices[kind])
    return default_email(kind)


def email_language(preference: NotificationPreference | None) -> str:
    if preference is not None and preference.language in LANGUAGES:
        return preference.language
    return DEFAULT_LANGUAGE


def preference_of(user: User) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user).first()


def preferences_by_user(user_ids: Iterable[int]) -> dict[int, NotificationPreference]:
    """The stored preferences of several users in one query (missing → defaults)."""
    return {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=user_ids)}


def email_settings(user: User) -> tuple[str, dict[str, bool]]:
    """The user's email language and, for every kind, whether it emails (defaults filled)."""
    preference = preference_of(user)
    return email_language(preference), {
        kind: wants_email(preference, kind) for kind in NotificationKind.values
    }


def save_preferences(
    user: User, *, language: str, email_kinds: Mapping[str, bool], now: datetime
) -> NotificationPreference:
    """Store the user's choices; unknown kinds are ignored, an unknown language → Indonesian."""
    choices = {kind: bool(email_kinds.get(kind, False)) for kind in NotificationKind.values}
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "language": language if language in LANGUAGES else DEFAULT_LANGUAGE,
            "email_choices": choices,
            "updated_at": now,
        },
    )
    return preference
