"""Routes of the audit context, mounted at /audit/ (every one in ``audit/access.py``)."""

from django.urls import path  # noqa: F401

app_name = "audit"

urlpatterns: list = []
