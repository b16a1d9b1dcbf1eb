"""Routes of the assessments context's exam pages (participants) and exam oversight (managers)."""

from django.urls import path

from bangkom.assessments.views import exam as views

urlpatterns: list = [
    # participants
    path("peserta/<int:enrollment_pk>/", views.my_exams, name="my-exams"),
    path("mulai/<int:assessment_pk>/", views.exam_start, name="exam-start"),
    path("kerjakan/<int:attempt_pk>/", views.exam_page, name="exam-page"),
    path("hasil/<int:attempt_pk>/", views.exam_result, name="exam-result"),
    # managers (and facilitators of a subject, read-only)
    path("pengawasan/", views.exam_overview, name="exam-overview"),
    path(
        "pengawasan/angkatan/<int:offering_pk>/",
        views.offering_assessments,
        name="offering-assessments",
    ),
    path(
        "pengawasan/angkatan/<int:offering_pk>/baru/",
        views.assessment_create,
        name="assessment-create",
    ),
    path("pengawasan/<int:assessment_pk>/ubah/", views.assessment_edit, name="assessment-edit"),
    path(
        "pengawasan/<int:assessment_pk>/terbit/",
        views.assessment_publish,
        name="assessment-publish",
    ),
    path(
        "pengawasan/<int:assessment_pk>/pantau/",
        views.assessment_monitor,
        name="assessment-monitor",
    ),
    path(
        "pengawasan/<int:assessment_pk>/hasil/",
        views.assessment_results,
        name="assessment-results",
    ),
    path(
        "pengawasan/<int:assessment_pk>/hasil.xlsx",
        views.assessment_results_xlsx,
        name="assessment-results-xlsx",
    ),
    path(
        "pengawasan/<int:assessment_pk>/analisis/",
        views.assessment_analysis,
        name="assessment-analysis",
    ),
    path(
        "pengawasan/<int:assessment_pk>/analisis.xlsx",
        views.assessment_analysis_xlsx,
        name="assessment-analysis-xlsx",
    ),
    path(
        "pengawasan/percobaan/<int:attempt_pk>/",
        views.attempt_detail_manager,
        name="attempt-detail-manager",
    ),
    path(
        "pengawasan/percobaan/<int:attempt_pk>/batalkan/",
        views.attempt_void,
        name="attempt-void",
    ),
]
