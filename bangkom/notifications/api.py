"""API endpoints of the notifications context.

``GET /api/v1/notifications?page=N``: the caller's own notifications, newest first, 20 a
page, with the total and unread counts. ``POST /api/v1/notifications/read-all``: mark them
all read. Anyone signed in (notifications/access.py); nobody sees another user's.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router

from bangkom.accounts.schemas import ErrorOut
from bangkom.notifications import service
from bangkom.notifications.schemas import NotificationOut, NotificationPageOut, ReadAllOut

router = Router(tags=["notifications"])

PER_PAGE = 20


@router.get(
    "/notifications",
    url_name="notifications-list",
    response={200: NotificationPageOut, 401: ErrorOut},
)
def notifications_list(request: HttpRequest, page: int = 1) -> NotificationPageOut:
    paginator = Paginator(service.notifications_of(request.auth), PER_PAGE)
    current = paginator.get_page(page)
    return NotificationPageOut(
        count=paginator.count,
        unread=service.unread_count(request.auth),
        page=current.number,
        pages=paginator.num_pages,
        results=[NotificationOut.from_orm(n) for n in current.object_list],
    )


@router.post(
    "/notifications/read-all",
    url_name="notifications-read-all",
    response={200: ReadAllOut, 401: ErrorOut},
)
def notifications_read_all(request: HttpRequest) -> ReadAllOut:
    return ReadAllOut(marked_read=service.mark_all_read(request.auth, now=timezone.now()))
