"""Routes of the progression context, mounted at /jp/ (every one in ``progression/access.py``)."""

from django.urls import path

from bangkom.progression import views

app_name = "progression"

urlpatterns = [
    path("", views.my_jp, name="my-jp"),
    path("laporan/", views.jp_report, name="jp-report"),
    path("laporan.xlsx", views.jp_report_xlsx, name="jp-report-xlsx"),
    path("siasn.xlsx", views.jp_siasn_xlsx, name="jp-siasn-xlsx"),
    path("eksternal/", views.external_learning, name="external-learning"),
    path(
        "eksternal/<int:pk>/keputusan/",
        views.external_learning_decide,
        name="external-learning-decide",
    ),
    path(
        "eksternal/<int:pk>/bukti/",
        views.external_learning_evidence,
        name="external-learning-evidence",
    ),
    path("program/<int:program_pk>/lanjutan/", views.follow_ups, name="follow-ups"),
    path("lanjutan/<int:pk>/hapus/", views.follow_up_remove, name="follow-up-remove"),
]
