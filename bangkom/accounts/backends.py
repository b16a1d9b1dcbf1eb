"""Login backend: Django's model backend, loading the user's employee and institution at once.

Every request needs the user's roles and time zone; loading the employee and institution with
the user saves two queries on every page and API call.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from bangkom.accounts.models import User


class NipBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        try:
            user = User.objects.select_related("employee__institution").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
