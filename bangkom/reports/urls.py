"""Routes of the reports context, mounted at /laporan/ (every one in ``reports/access.py``)."""

from django.urls import path

from bangkom.reports import views

app_name = "reports"

urlpatterns = [
    path("angkatan/<int:pk>/", views.offering_dashboard, name="offering-dashboard"),
    path(
        "angkatan/<int:pk>/dasbor.xlsx",
        views.offering_dashboard_xlsx,
        name="offering-dashboard-xlsx",
    ),
    path("instansi/", views.institution_report, name="institution-report"),
    path("instansi.xlsx", views.institution_report_xlsx, name="institution-report-xlsx"),
    path("lembaga/", views.agency, name="agency"),
    path("lembaga.xlsx", views.agency_xlsx, name="agency-xlsx"),
    path("data-saya/", views.my_data, name="my-data"),
    path("data-saya.zip", views.my_data_zip, name="my-data-zip"),
]
