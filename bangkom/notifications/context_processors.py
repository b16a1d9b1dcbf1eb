"""Template context: the viewer's unread notification count for the header badge."""

from __future__ import annotations

from django.http import HttpRequest

from bangkom.accounts.models import User
from bangkom.notifications.service import unread_count


class _UnreadCount:
    """Counted on first use only (one COUNT on the (user, read_at) index), then remembered."""

    def __init__(self, user: User) -> None:
        self._user = user
        self._value: int | None = None

    def __call__(self) -> int:
        if self._value is None:
            self._value = unread_count(self._user)
        return self._value


def unread_notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notification_unread_count": _UnreadCount(user)}
