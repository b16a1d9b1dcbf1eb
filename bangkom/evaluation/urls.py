"""Routes of the evaluation context, mounted at /evaluasi/ (rows in ``evaluation/access.py``)."""

from django.urls import path  # noqa: F401

app_name = "evaluation"

urlpatterns: list = []
