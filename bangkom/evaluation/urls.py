"""Routes of the evaluation context, mounted at /evaluasi/ (rows in ``evaluation/access.py``)."""

from django.urls import path

from bangkom.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("survei-saya/", views.my_surveys, name="my-surveys"),
    path("survei/<int:pk>/isi/", views.survey_answer, name="survey-answer"),
    path("instrumen/", views.instrument_list, name="instrument-list"),
    path("instrumen/<int:pk>/", views.instrument_report, name="instrument-report"),
    path("instrumen/<int:pk>/xlsx/", views.instrument_export, name="instrument-export"),
    path("angkatan/<int:pk>/instrumen/", views.offering_instruments, name="offering-instruments"),
    path("dampak/", views.impact_results, name="impact-results"),
    path("pelanggaran/", views.violation_list, name="violation-list"),
    path("pelanggaran/baru/", views.violation_create, name="violation-create"),
    path("pelanggaran/<int:pk>/", views.violation_detail, name="violation-detail"),
    path("sanksi/<int:pk>/", views.sanction_detail, name="sanction-detail"),
    path("sanksi-saya/", views.my_sanctions, name="my-sanctions"),
    path("sanksi-saya/<int:pk>/", views.my_sanction, name="my-sanction"),
]
