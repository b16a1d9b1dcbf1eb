"""Pages of the notifications context: the notification centre, opening one notification,
marking all read, and email preferences. Who may open them: notifications/access.py."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.common.errors import NotFound
from bangkom.common.pagination import paginate
from bangkom.notifications import preferences as preference_service
from bangkom.notifications import service
from bangkom.notifications.delivery import address_of
from bangkom.notifications.forms import PreferencesForm

PER_PAGE = 20


def notification_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, service.notifications_of(request.user), per_page=PER_PAGE)
    return render(request, "notifications/list.html", {"page": page})


def notification_open(request: HttpRequest, notification_pk: int) -> HttpResponse:
    try:
        notification = service.open_notification(request.user, notification_pk, now=timezone.now())
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    target = notification.url
    # Only a path on this site: a stored URL must never send the user elsewhere.
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    changed = service.mark_all_read(request.user, now=timezone.now())
    if changed:
        messages.success(request, _("Semua notifikasi ditandai sudah dibaca."))
    return redirect("notifications:list")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    language, email_kinds = preference_service.email_settings(request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            preference_service.save_preferences(
                request.user,
                language=form.cleaned_data["language"],
                email_kinds=form.email_kinds(),
                now=timezone.now(),
            )
            messages.success(request, _("Preferensi notifikasi disimpan."))
            return redirect("notifications:preferences")
    else:
        form = PreferencesForm(initial=PreferencesForm.initial_from(language, email_kinds))
    has_address = bool(address_of(request.user))
    return render(
        request, "notifications/preferences.html", {"form": form, "has_address": has_address}
    )
