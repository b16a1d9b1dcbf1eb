"""Routes of the live context, mounted at /sesi/ (every one in ``live/access.py``)."""

from django.urls import path

from bangkom.live.views import calendar, coaching, sessions

app_name = "live"

urlpatterns = [
    # live sessions: participants, facilitators, hosts
    path("", sessions.my_sessions, name="my-sessions"),
    path("<int:pk>/", sessions.session_detail, name="session-detail"),
    path("<int:pk>/gabung/", sessions.session_join, name="session-join"),
    path("<int:pk>/ics/", sessions.session_ics, name="session-ics"),
    # managers
    path("kelola/", sessions.manage_sessions, name="manage-sessions"),
    path("kelola/cek-jadwal/", sessions.schedule_check, name="schedule-check"),
    path("angkatan/<int:offering_pk>/", sessions.offering_sessions, name="offering-sessions"),
    path("angkatan/<int:offering_pk>/baru/", sessions.session_create, name="session-create"),
    path("<int:pk>/ubah/", sessions.session_edit, name="session-edit"),
    path("<int:pk>/batal/", sessions.session_cancel, name="session-cancel"),
    path("<int:pk>/kehadiran/", sessions.session_attendance, name="session-attendance"),
    path(
        "<int:pk>/kehadiran.xlsx", sessions.session_attendance_xlsx, name="session-attendance-xlsx"
    ),
    # coaching and mentoring: participants
    path("coaching/", coaching.slot_list, name="slot-list"),
    path("coaching/slot/<int:pk>/pesan/", coaching.slot_book, name="slot-book"),
    path("coaching/pemesanan/<int:pk>/", coaching.booking_detail, name="booking-detail"),
    path("coaching/pemesanan/<int:pk>/batal/", coaching.booking_cancel, name="booking-cancel"),
    path("coaching/pemesanan/<int:pk>/catatan/", coaching.booking_notes, name="booking-notes"),
    path("coaching/pemesanan/<int:pk>/ics/", coaching.booking_ics, name="booking-ics"),
    # coaching and mentoring: coaches
    path("coaching/slot-saya/", coaching.my_slots, name="my-slots"),
    path("coaching/slot-saya/baru/", coaching.slot_create, name="slot-create"),
    path("coaching/slot-saya/<int:pk>/", coaching.slot_detail, name="slot-detail"),
    path("coaching/slot-saya/<int:pk>/batal/", coaching.slot_cancel, name="slot-cancel"),
    # calendar
    path("kalender/", calendar.calendar_page, name="calendar"),
    path("kalender/baru/", calendar.calendar_regenerate, name="calendar-regenerate"),
    path("kalender/cabut/", calendar.calendar_revoke, name="calendar-revoke"),
    path("kalender/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
