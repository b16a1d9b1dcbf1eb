"""Factories of the notifications context."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory


class NotificationFactory(DjangoModelFactory):
    class Meta:
        model = Notification

    user = factory.SubFactory(UserFactory)
    event_key = factory.Sequence(lambda n: f"test:event:{n}")
    kind = NotificationKind.GENERAL
    title = factory.Sequence(lambda n: f"Pemberitahuan {n}")
    body = "Isi pemberitahuan."
    url = "/belajar/"
