"""The "Kalender" page (create, regenerate, revoke a private feed) and the public feed."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.common.ratelimit import allow_hit
from bangkom.live.calendar_feed import active_feed, create_feed, feed_owner, feed_text, revoke_feed
from bangkom.live.errors import LiveObjectNotFound
from bangkom.live.views.sessions import absolute_link

FEED_HITS_PER_MINUTE = 30


def calendar_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "live/calendar.html", {"feed": active_feed(request.user), "feed_url": None}
    )


@require_POST
def calendar_regenerate(request: HttpRequest) -> HttpResponse:
    """Create a feed (revoking the old one) and show its URL this once."""
    feed, token = create_feed(request.user, now=timezone.now())
    feed_url = request.build_absolute_uri(reverse("live:calendar-feed", args=[token]))
    messages.success(
        request,
        _("Alamat kalender baru dibuat. Salin sekarang: alamat ini hanya ditampilkan sekali."),
    )
    return render(request, "live/calendar.html", {"feed": feed, "feed_url": feed_url})


@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    if revoke_feed(request.user, now=timezone.now()):
        messages.success(
            request, _("Alamat kalender dicabut; aplikasi kalender tidak lagi menerimanya.")
        )
    return redirect("live:calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the feed of a valid token. Unknown and revoked tokens look the same (404)."""
    now = timezone.now()
    ip = request.META.get("REMOTE_ADDR", "")
    if not allow_hit(
        f"live-feed:{ip}", limit=FEED_HITS_PER_MINUTE, window=timedelta(minutes=1), now=now
    ):
        return HttpResponse(
            _("Terlalu banyak permintaan."), status=429, content_type="text/plain; charset=utf-8"
        )
    try:
        user = feed_owner(token, now=now)
    except LiveObjectNotFound:
        return HttpResponse(
            _("Tidak ditemukan."), status=404, content_type="text/plain; charset=utf-8"
        )
    text = feed_text(user, now=now, link=absolute_link(request))
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bangkom.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
