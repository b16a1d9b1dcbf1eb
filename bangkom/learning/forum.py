"""Discussion forums: one per subject of an offering, with threads, replies and marked answers.

Seed Gambar 2 (discussion during learning). Markdown typed by anyone is rendered and
sanitised by nh3 before it is stored (RELIABILITY.md B14), so no script survives; a
facilitator's reply is marked as their answer by the server, never by the poster. Only the
offering's enrolled participants, the subject's facilitators and managers may read or post;
everyone else is told the forum does not exist (AC3). Notifications are in-app.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.db import transaction
from django.db.models import Count, Max, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.models import User
from bangkom.common.errors import InvalidInput, NotFound
from bangkom.common.richtext import render_markdown
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning.assignments import can_facilitate, is_manager
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment, ForumPost, ForumThread
from bangkom.notifications.service import notify, notify_many

MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 20_000


class ForumErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    INVALID_POST = "invalid_post"


def can_use_forum(user: User, offering: Offering, subject: Subject) -> bool:
    """True for an enrolled participant of the offering (trial included), a facilitator of
    the subject, or a pengelola/admin; False too when the subject is not in the program."""
    if subject.program_id != offering.program_id:
        return False
    if is_manager(user) or can_facilitate(user, subject):
        return True
    return Enrollment.objects.filter(
        offering=offering, participant=user, status=EnrollmentStatus.ENROLLED
    ).exists()


def threads_of(offering: Offering, subject: Subject) -> QuerySet[ForumThread]:
    """The forum's threads, newest activity first, with reply counts (one query per page)."""
    return (
        ForumThread.objects.filter(offering=offering, subject=subject)
        .select_related("author")
        .annotate(reply_count=Count("posts"), last_reply_at=Max("posts__created_at"))
        .order_by("-created_at", "-pk")
    )


def posts_of(thread: ForumThread) -> QuerySet[ForumPost]:
    return thread.posts.select_related("author").order_by("created_at", "pk")


def start_thread(
    offering: Offering,
    subject: Subject,
    *,
    author: User,
    title: str,
    body_markdown: str,
    now: datetime,
) -> ForumThread:
    """Open a thread; the subject's facilitators are notified (event ``forum-thread:<pk>``).

    Refused (NotFound) for someone who may not use the forum; (InvalidInput) for an empty
    or over-long title or body.
    """
    if not can_use_forum(author, offering, subject):
        raise NotFound(ForumErrorCode.NOT_FOUND, _("Forum tidak ditemukan."))
    title = (title or "").strip()
    if not title or len(title) > MAX_TITLE_CHARS:
        raise InvalidInput(
            ForumErrorCode.INVALID_POST,
            _("Judul wajib diisi (maksimal %(n)s karakter).") % {"n": MAX_TITLE_CHARS},
        )
    body = _checked_body(body_markdown)
    with transaction.atomic():
        thread = ForumThread.objects.create(
            offering=offering,
            subject=subject,
            author=author,
            title=title,
            body_markdown=body,
            body_html=render_markdown(body),
        )
        notify_many(
            subject.facilitators.exclude(pk=author.pk),
            event_key=f"forum-thread:{thread.pk}",
            title=_("Topik diskusi baru di %(subject)s: %(title)s")
            % {"subject": subject.title, "title": title},
            url=reverse("learning:thread", args=[thread.pk]),
        )
    return thread


def reply(thread: ForumThread, *, author: User, body_markdown: str, now: datetime) -> ForumPost:
    """Add a reply; marked as the facilitator's answer when the author facilitates the subject.

    The thread's author and everyone who replied before are notified (not the replier),
    each once (event ``forum-post:<pk>:<user_pk>``).
    """
    if not can_use_forum(author, thread.offering, thread.subject):
        raise NotFound(ForumErrorCode.NOT_FOUND, _("Topik diskusi tidak ditemukan."))
    body = _checked_body(body_markdown)
    with transaction.atomic():
        post = ForumPost.objects.create(
            thread=thread,
            author=author,
            body_markdown=body,
            body_html=render_markdown(body),
            is_facilitator_answer=can_facilitate(author, thread.subject),
            created_at=now,
        )
        _notify_reply(thread, post)
    return post


def _checked_body(body_markdown: str) -> str:
    body = (body_markdown or "").strip()
    if not body:
        raise InvalidInput(ForumErrorCode.INVALID_POST, _("Isi tulisan wajib diisi."))
    if len(body) > MAX_BODY_CHARS:
        raise InvalidInput(
            ForumErrorCode.INVALID_POST,
            _("Tulisan terlalu panjang (maksimal %(n)s karakter).") % {"n": MAX_BODY_CHARS},
        )
    return body


def _notify_reply(thread: ForumThread, post: ForumPost) -> None:
    earlier = ForumPost.objects.filter(thread=thread).exclude(pk=post.pk)
    ids = {thread.author_id, *earlier.values_list("author_id", flat=True)} - {post.author_id}
    if post.is_facilitator_answer:
        title = _("Fasilitator menjawab di topik “%(title)s”")
    else:
        title = _("Balasan baru di topik “%(title)s”")
    url = reverse("learning:thread", args=[thread.pk])
    for user in User.objects.filter(pk__in=ids, is_active=True):
        notify(
            user,
            event_key=f"forum-post:{post.pk}:{user.pk}",
            title=title % {"title": thread.title},
            body=post.author.name,
            url=url,
        )
