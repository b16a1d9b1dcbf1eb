"""HTML views of coaching and mentoring: thin, rules live in ``live/coaching.py``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.live.calendar_feed import booking_event, single_event_text
from bangkom.live.choices import BookingStatus
from bangkom.live.coaching import (
    SlotInput,
    book_slot,
    cancel_booking,
    cancel_slot,
    publish_slot,
    write_notes,
)
from bangkom.live.errors import LiveObjectNotFound
from bangkom.live.forms import BookingForm, NotesForm, SlotForm
from bangkom.live.queries import (
    bookable_slot,
    booking_for,
    bookings_of_participant,
    coach_booking,
    coach_slot,
    offerings_to_plan,
    open_slots_for,
    slots_of_coach,
)
from bangkom.live.views.sessions import absolute_link, ics_response, not_found


def slot_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    slots = open_slots_for(request.user, now=now).order_by("starts_at")
    bookings = bookings_of_participant(request.user).order_by("-slot__starts_at")[:30]
    context = {
        "page": paginate(request, slots, per_page=20),
        "bookings": bookings,
        "booking_form": BookingForm(),
        "now": now,
    }
    return render(request, "live/slot_list.html", context)


@require_POST
def slot_book(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        slot = bookable_slot(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    form = BookingForm(request.POST)
    topic = form.cleaned_data["topic"] if form.is_valid() else ""
    try:
        booking = book_slot(slot, participant=request.user, topic=topic, now=timezone.now())
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("live:slot-list")
    messages.success(request, _("Pemesanan berhasil. Coach telah diberi tahu."))
    return redirect("live:booking-detail", pk=booking.pk)


def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        booking = booking_for(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    now = timezone.now()
    is_coach = booking.slot.coach_id == request.user.pk
    notes_form = (
        NotesForm(
            initial={"notes": booking.notes_markdown, "follow_up": booking.follow_up_markdown}
        )
        if is_coach
        else None
    )
    context = {
        "booking": booking,
        "slot": booking.slot,
        "is_coach": is_coach,
        "notes_form": notes_form,
        "can_cancel": booking.is_active and booking.slot.starts_at > now,
    }
    return render(request, "live/booking_detail.html", context)


@require_POST
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        booking = booking_for(request.user, pk)
        cancel_booking(booking, by=request.user, now=timezone.now())
    except LiveObjectNotFound:
        return not_found(request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Pemesanan dibatalkan."))
    return redirect("live:booking-detail", pk=pk)


@require_POST
def booking_notes(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        booking = coach_booking(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    form = NotesForm(request.POST)
    if form.is_valid():
        write_notes(
            booking,
            notes=form.cleaned_data["notes"],
            follow_up=form.cleaned_data["follow_up"],
            by=request.user,
            now=timezone.now(),
        )
        messages.success(request, _("Catatan disimpan dan dapat dilihat peserta."))
    return redirect("live:booking-detail", pk=pk)


def booking_ics(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        booking = booking_for(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    event = booking_event(booking, viewer=request.user, link=absolute_link(request))
    text = single_event_text(event, user=request.user, now=timezone.now())
    return ics_response(text, f"coaching-{booking.pk}.ics")


# --- the coach's side -----------------------------------------------------------------------


def my_slots(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    slots = slots_of_coach(request.user)
    context = {
        "upcoming": paginate(request, slots.filter(ends_at__gt=now).order_by("starts_at")),
        "past": slots.filter(ends_at__lte=now).order_by("-starts_at")[:10],
    }
    return render(request, "live/my_slots.html", context)


def slot_create(request: HttpRequest) -> HttpResponse:
    form = SlotForm(request.POST or None, offerings=offerings_to_plan())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slot = publish_slot(
                coach=request.user,
                data=SlotInput(
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    capacity=data["capacity"],
                    offering=data["offering"],
                    subject=data["subject"],
                    location=data["location"],
                    meeting_url=data["meeting_url"] or "",
                ),
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Slot diterbitkan; peserta dapat memesannya."))
            return redirect("live:slot-detail", pk=slot.pk)
    return render(request, "live/slot_form.html", {"form": form})


def slot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        slot = coach_slot(request.user, pk)
    except LiveObjectNotFound:
        return not_found(request)
    bookings = slot.bookings.select_related("participant__employee__institution").order_by(
        "status", "booked_at"
    )
    context = {
        "slot": slot,
        "bookings": bookings,
        "active": [b for b in bookings if b.status == BookingStatus.BOOKED],
        "can_cancel": not slot.is_cancelled and slot.starts_at > timezone.now(),
    }
    return render(request, "live/slot_detail.html", context)


@require_POST
def slot_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        slot = coach_slot(request.user, pk)
        count = cancel_slot(slot, by=request.user, now=timezone.now())
    except LiveObjectNotFound:
        return not_found(request)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("Slot dibatalkan; %(count)d peserta diberi tahu.") % {"count": count}
        )
    return redirect("live:slot-detail", pk=pk)
