"""Routes of the notifications context, mounted at /notifikasi/."""

from django.urls import path

from bangkom.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<int:notification_pk>/buka/", views.notification_open, name="open"),
    path("tandai-dibaca/", views.mark_all_read, name="mark-all-read"),
    path("preferensi/", views.preferences, name="preferences"),
]
