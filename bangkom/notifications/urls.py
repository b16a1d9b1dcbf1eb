"""Routes of the notifications context, mounted at /notifikasi/."""

from django.urls import path  # noqa: F401

app_name = "notifications"

urlpatterns: list = []
