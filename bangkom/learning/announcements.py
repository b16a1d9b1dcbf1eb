"""Announcements from managers to an offering's participants (pengumuman).

The body is Markdown rendered and sanitised by nh3 (RELIABILITY.md B14) before it is
stored. Approved, non-trial participants get an in-app notification, once per
announcement (event key ``announcement:<pk>``).
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.common.errors import InvalidInput
from bangkom.common.richtext import render_markdown
from bangkom.curriculum.models import Offering
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Announcement
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify_many

MAX_BODY_LENGTH = 20_000


class AnnouncementRejected(InvalidInput):
    def __init__(self, message: object, *, field: str) -> None:
        super().__init__("announcement_invalid", message)
        self.field = field


def announcements_of(offering: Offering) -> QuerySet[Announcement]:
    """Published announcements of an offering, newest first."""
    return Announcement.objects.filter(offering=offering).select_related("author")


def announcement_recipients(offering: Offering) -> QuerySet[User]:
    return User.objects.filter(
        enrollments__offering=offering,
        enrollments__status=EnrollmentStatus.ENROLLED,
        enrollments__is_trial=False,
        is_active=True,
    ).distinct()


def post_announcement(
    offering: Offering, *, title: str, body_markdown: str, by: User, now: datetime
) -> Announcement:
    """Publish an announcement and notify the offering's approved participants.

    Refused (AnnouncementRejected) with an empty or overlong title or body. Pending,
    rejected, withdrawn and trial enrolments are not notified.
    """
    title = " ".join((title or "").split())
    if not title:
        raise AnnouncementRejected(_("Judul wajib diisi."), field="title")
    if len(title) > 200:
        raise AnnouncementRejected(_("Judul paling banyak 200 karakter."), field="title")
    if not (body_markdown or "").strip():
        raise AnnouncementRejected(_("Isi pengumuman wajib diisi."), field="body")
    if len(body_markdown) > MAX_BODY_LENGTH:
        raise AnnouncementRejected(_("Isi pengumuman terlalu panjang."), field="body")
    body_html = render_markdown(body_markdown)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            offering=offering, author=by, title=title, body_html=body_html, published_at=now
        )
        notify_many(
            announcement_recipients(offering),
            event_key=f"announcement:{announcement.pk}",
            title=title,
            body=Truncator(strip_tags(body_html)).chars(300),
            url=reverse("learning:offering-room", args=[offering.pk]),
            kind=NotificationKind.ANNOUNCEMENT,
        )
    return announcement
