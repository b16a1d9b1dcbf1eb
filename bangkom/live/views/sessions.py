"""HTML views of live sessions and the scheduling assistant: thin, rules live elsewhere."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.common.downloads import content_disposition
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.live.calendar_feed import session_event, single_event_text
from bangkom.live.choices import BookingStatus, HostMark
from bangkom.live.errors import LiveObjectNotFound
from bangkom.live.exports import attendance_xlsx
from bangkom.live.forms import CancelSessionForm, ScheduleCheckForm, SessionForm
from bangkom.live.models import LiveSession
from bangkom.live.participant_schedule import participant_zones, review_schedule
from bangkom.live.permissions import can_manage_sessions, can_offer_slots
from bangkom.live.queries import (
    attendance_of,
    attendance_participants,
    attendance_rows,
    bookings_of_participant,
    managed_offering,
    managed_session,
    offerings_to_plan,
    session_for,
    session_to_join,
    sessions_of_user,
)
from bangkom.live.scheduling import check_slot
from bangkom.live.sessions import (
    SessionInput,
    cancel_session,
    confirm_attendance,
    create_session,
    record_join,
    update_session,
)

ATTENDANCE_PAGE_SIZE = 100  # rows of the host's sheet per page; each page is saved on its own


def not_found(request: HttpRequest) -> HttpResponse:
    return render(request, "404.html", status=404)


def ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def absolute_link(request: HttpRequest):  # noqa: ANN201 -- a (route, pk) -> URL callable
    return lambda name, pk: request.build_absolute_uri(reverse(name, args=[pk]))


def my_sessions(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    mine = sessions_of_user(request.user)
    upcoming = paginate(request, mine.filter(ends_at__gt=now).order_by("starts_at"), per_page=20)
    past = mine.filter(ends_at__lte=now).order_by("-starts_at")[:10]
    bookings = (
        bookings_of_participant(request.user)
        .filter(status=BookingStatus.BOOKED, slot__ends_at__gt=now)
        .order_by("slot__starts_at")[:20]
    )
    context = {
        "page": upcoming,
        "past": past,
        "bookings": bookings,
        "is_manager": can_manage_sessions(request.user),
        "offers_slots": can_offer_slots(request.user),
    }
    return render(request, "live/my_sessions.html", context)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = session_for(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    now = timezone.now()
    manages = can_manage_sessions(request.user)
    if manages and not session.is_cancelled:
        review = review_schedule(
            session.offering,
            start=session.starts_at,
            end=session.ends_at,
            now=now,
            exclude_session_id=session.pk,
        )
        check = review.check
    else:
        review = None
        check = check_slot(
            session.starts_at, session.ends_at, zones=participant_zones(session.offering)
        )
    context = {
        "session": session,
        "check": check,
        "review": review,
        "manages": manages,
        "attendance": attendance_of(session, request.user),
        "can_join": (
            not session.is_cancelled
            and session.ends_at > now
            and sessions_of_user(request.user).filter(pk=session.pk).exists()
        ),
        "cancel_form": CancelSessionForm(),
        "is_past": session.ends_at <= now,
    }
    return render(request, "live/session_detail.html", context)


@require_POST
def session_join(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = session_to_join(request.user, pk)
        record_join(session, participant=request.user, now=timezone.now())
    except LiveObjectNotFound:
        return not_found(request)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("live:session-detail", pk=pk)
    return HttpResponseRedirect(session.meeting_url)


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = session_for(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    event = session_event(session, link=absolute_link(request))
    text = single_event_text(event, user=request.user, now=timezone.now())
    return ics_response(text, f"sesi-{session.pk}.ics")


# --- managers -------------------------------------------------------------------------------


def manage_sessions(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    upcoming = (
        LiveSession.objects.select_related("offering", "subject", "host")
        .filter(ends_at__gt=now)
        .order_by("starts_at")[:20]
    )
    context = {
        "offerings": paginate(request, offerings_to_plan(), per_page=20),
        "upcoming": upcoming,
    }
    return render(request, "live/manage_sessions.html", context)


def offering_sessions(request: HttpRequest, offering_pk: int) -> HttpResponse:
    try:
        offering = managed_offering(request.user, offering_pk)
    except LiveObjectNotFound:
        return not_found(request)
    sessions = LiveSession.objects.select_related("subject", "host", "facilitator").filter(
        offering=offering
    )
    context = {
        "offering": offering,
        "page": paginate(request, sessions, per_page=30),
        "zones": participant_zones(offering),
    }
    return render(request, "live/offering_sessions.html", context)


def _session_input(form: SessionForm) -> SessionInput:
    data = form.cleaned_data
    return SessionInput(
        subject=data["subject"],
        title=data["title"],
        status=data["status"],
        starts_at=data["starts_at"],
        ends_at=data["ends_at"],
        meeting_url=data["meeting_url"],
        host=data["host"],
        facilitator=data["facilitator"],
        agenda_markdown=data["agenda_markdown"],
        recording_url=data["recording_url"] or "",
    )


def session_create(request: HttpRequest, offering_pk: int) -> HttpResponse:
    try:
        offering = managed_offering(request.user, offering_pk)
    except LiveObjectNotFound:
        return not_found(request)
    initial = {"host": request.user.pk} if request.user.has_role("pengelola") else {}
    form = SessionForm(request.POST or None, offering=offering, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            session = create_session(
                offering, data=_session_input(form), by=request.user, now=timezone.now()
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Sesi langsung disimpan."))
            return redirect("live:session-detail", pk=session.pk)
    context = {"form": form, "offering": offering, "session": None}
    return render(request, "live/session_form.html", context)


def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = managed_session(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    if session.is_cancelled:
        messages.error(request, _("Sesi ini sudah dibatalkan."))
        return redirect("live:session-detail", pk=pk)
    initial = {
        "subject": session.subject_id,
        "title": session.title,
        "status": session.status,
        "starts_at": timezone.localtime(session.starts_at),
        "ends_at": timezone.localtime(session.ends_at),
        "meeting_url": session.meeting_url,
        "host": session.host_id,
        "facilitator": session.facilitator_id,
        "agenda_markdown": session.agenda_markdown,
        "recording_url": session.recording_url,
    }
    form = SessionForm(request.POST or None, offering=session.offering, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_session(session, data=_session_input(form), by=request.user, now=timezone.now())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Sesi langsung disimpan."))
            return redirect("live:session-detail", pk=session.pk)
    context = {"form": form, "offering": session.offering, "session": session}
    return render(request, "live/session_form.html", context)


@require_POST
def session_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = managed_session(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    form = CancelSessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan pembatalan."))
        return redirect("live:session-detail", pk=pk)
    cancel_session(session, by=request.user, reason=form.cleaned_data["reason"], now=timezone.now())
    messages.success(request, _("Sesi dibatalkan; peserta diberi tahu."))
    return redirect("live:session-detail", pk=pk)


def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = managed_session(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    if request.method == "POST":
        marks = {}
        for key, value in request.POST.items():
            if key.startswith("mark-") and key[5:].isdigit():
                marks[int(key[5:])] = value
        changed = confirm_attendance(session, marks=marks, by=request.user, now=timezone.now())
        messages.success(
            request, _("Kehadiran dikonfirmasi (%(count)d perubahan).") % {"count": changed}
        )
        return redirect(request.get_full_path())  # back to the same page of the sheet
    page = paginate(request, attendance_participants(session), per_page=ATTENDANCE_PAGE_SIZE)
    context = {
        "session": session,
        "page": page,
        "rows": attendance_rows(session, page.object_list),
        "marks": HostMark,
    }
    return render(request, "live/session_attendance.html", context)


def session_attendance_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        session = managed_session(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    response = HttpResponse(
        attendance_xlsx(session),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(
        f"kehadiran-sesi-{session.pk}.xlsx", inline=False
    )
    return response


# --- the scheduling assistant ---------------------------------------------------------------


def schedule_check(request: HttpRequest) -> HttpResponse:
    """The assistant as a page, and as the HTMX partial of the session form."""
    offerings = offerings_to_plan()
    form = ScheduleCheckForm(request.GET or None, offerings=offerings)
    review = None
    # The session form asks for a span: without its end there is nothing to check yet.
    needs_end = request.GET.get("span") == "1" and not request.GET.get("ends_at")
    if form.is_valid() and not needs_end:
        session_id = request.GET.get("session", "")
        review = review_schedule(
            form.cleaned_data["offering"],
            start=form.cleaned_data["starts_at"],
            end=form.cleaned_data["ends_at"],
            now=timezone.now(),
            exclude_session_id=int(session_id) if session_id.isdigit() else None,
        )
    context = {"form": form, "review": review, "interactive": True}
    if request.htmx:
        return render(request, "live/partials/schedule_check.html", context)
    return render(request, "live/schedule_check.html", context)
