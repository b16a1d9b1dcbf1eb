"""Routes of the certificates context, mounted at /sertifikat/ (all in ``access.py``)."""

from django.urls import path

from bangkom.certificates import views

app_name = "certificates"

urlpatterns = [
    path("", views.my_certificates, name="my-certificates"),
    path("<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("<int:pk>/cabut/", views.certificate_revoke, name="certificate-revoke"),
    path("angkatan/<int:offering_pk>/", views.offering_certificates, name="offering-certificates"),
    path(
        "angkatan/<int:offering_pk>/pengaturan/",
        views.certificate_settings,
        name="certificate-settings",
    ),
    path("angkatan/<int:offering_pk>/zip/", views.archive_start, name="archive-start"),
    path("arsip/<int:pk>/", views.archive_detail, name="archive-detail"),
    path("arsip/<int:pk>/unduh/", views.archive_download, name="archive-download"),
    path("verifikasi/", views.verify, name="verify"),
    path("verifikasi/t/<str:token>/", views.verify_token_view, name="verify-token"),
    path("verifikasi/n/<path:number>", views.verify_number_view, name="verify-number"),
]
