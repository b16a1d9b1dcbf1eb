"""Routes of the reports context, mounted at /laporan/ (every one in ``reports/access.py``)."""

from django.urls import path  # noqa: F401

app_name = "reports"

urlpatterns: list = []
