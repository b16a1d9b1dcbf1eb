"""Routes of the learning context's work area: assignments (tugas) and forums (diskusi)."""

from django.urls import path

from bangkom.learning.views import work as views

urlpatterns = [
    path("tugas/peserta/<int:enrollment_pk>/", views.assignment_list, name="assignments"),
    path(
        "tugas/peserta/<int:enrollment_pk>/<int:assignment_pk>/",
        views.assignment_submit,
        name="assignment-submit",
    ),
    path("tugas/angkatan/<int:offering_pk>/", views.assignment_manage, name="assignment-manage"),
    path("tugas/<int:assignment_pk>/ubah/", views.assignment_edit, name="assignment-edit"),
    path("tugas/<int:assignment_pk>/penilaian/", views.grading, name="grading"),
    path("tugas/<int:assignment_pk>/nilai.xlsx", views.grading_xlsx, name="grading-xlsx"),
    path(
        "tugas/jawaban/<int:submission_pk>/nilai/",
        views.submission_grade,
        name="submission-grade",
    ),
    path(
        "tugas/jawaban/<int:submission_pk>/berkas/",
        views.submission_file,
        name="submission-file",
    ),
    path(
        "diskusi/angkatan/<int:offering_pk>/mapel/<int:subject_pk>/",
        views.forum_page,
        name="forum",
    ),
    path("diskusi/topik/<int:thread_pk>/", views.thread_page, name="thread"),
]
