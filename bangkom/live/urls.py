"""Routes of the live context, mounted at /sesi/ (every one in ``live/access.py``)."""

from django.urls import path  # noqa: F401

app_name = "live"

urlpatterns: list = []
