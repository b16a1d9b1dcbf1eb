"""Routes of the audit context, mounted at /audit/ (every one in ``audit/access.py``)."""

from django.urls import path

from bangkom.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_log, name="log"),
    path("unduh.xlsx", views.audit_log_xlsx, name="log-xlsx"),
    path("saya/", views.my_audit, name="mine"),
]
