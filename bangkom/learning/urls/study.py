"""Routes of the learning context's study area: the learning room, materials and video
progress, the knowledge library, attendance, announcements and readiness."""

from django.urls import path

from bangkom.learning.views import study as views

urlpatterns = [
    # The participant's learning room (own approved enrolment only).
    path("ruang/<int:enrollment_pk>/", views.study, name="study"),
    path("ruang/<int:enrollment_pk>/ketentuan/", views.rules, name="rules"),
    path(
        "ruang/<int:enrollment_pk>/ketentuan/setuju/",
        views.rules_acknowledge,
        name="rules-acknowledge",
    ),
    path("ruang/<int:enrollment_pk>/absen/", views.check_in, name="check-in"),
    path("ruang/<int:enrollment_pk>/mapel/<int:subject_pk>/", views.subject, name="subject"),
    path("ruang/<int:enrollment_pk>/materi/<int:material_pk>/", views.material, name="material"),
    path(
        "ruang/<int:enrollment_pk>/materi/<int:material_pk>/progres/",
        views.video_progress,
        name="video-progress",
    ),
    path(
        "ruang/<int:enrollment_pk>/materi/<int:material_pk>/sudah-ditonton/",
        views.material_watched,
        name="material-watched",
    ),
    path("angkatan/<int:offering_pk>/ruang/", views.offering_room, name="offering-room"),
    path("berkas/<int:material_pk>/", views.material_file, name="material-file"),
    # Managing materials (facilitators of the subject, pengelola, admin).
    path("kelola/materi/", views.manage_subjects, name="manage-subjects"),
    path("kelola/mapel/<int:subject_pk>/materi/", views.manage_materials, name="manage-materials"),
    path("kelola/materi/<int:material_pk>/ubah/", views.material_edit, name="material-edit"),
    path("kelola/materi/<int:material_pk>/hapus/", views.material_delete, name="material-delete"),
    path(
        "kelola/program/<int:program_pk>/orientasi/",
        views.manage_orientation,
        name="manage-orientation",
    ),
    path("kelola/perpustakaan/", views.manage_library, name="manage-library"),
    # The knowledge library (KMS), for every registered user.
    path("perpustakaan/", views.library, name="library"),
    path("perpustakaan/<int:material_pk>/", views.library_item, name="library-item"),
    # Per offering, for pengelola and admin.
    path(
        "kelola/angkatan/<int:offering_pk>/absensi/",
        views.offering_attendance,
        name="offering-attendance",
    ),
    path(
        "kelola/angkatan/<int:offering_pk>/absensi.xlsx",
        views.offering_attendance_xlsx,
        name="offering-attendance-xlsx",
    ),
    path(
        "kelola/angkatan/<int:offering_pk>/pengumuman/",
        views.announcements,
        name="announcements",
    ),
    path(
        "kelola/angkatan/<int:offering_pk>/kesiapan/",
        views.offering_readiness,
        name="offering-readiness",
    ),
]
