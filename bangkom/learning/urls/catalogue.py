"""Routes of the learning context's catalogue area (catalogue, enrolment, approvals,
offering participants, bulk enrolment, invitations and nominations, trial runs)."""

from django.urls import path

from bangkom.learning.views import catalogue as views

urlpatterns: list = [
    path("katalog/", views.catalogue, name="catalogue"),
    path("katalog/<int:offering_pk>/", views.offering_detail, name="offering-detail"),
    path("katalog/<int:offering_pk>/daftar/", views.enroll, name="enroll"),
    path("pendaftaran-saya/", views.my_enrollments, name="my-enrollments"),
    path(
        "pendaftaran-saya/<int:enrollment_pk>/batal/",
        views.enrollment_withdraw,
        name="enrollment-withdraw",
    ),
    path("persetujuan/", views.approval_inbox, name="approval-inbox"),
    path(
        "persetujuan/<int:enrollment_pk>/putuskan/",
        views.enrollment_decide,
        name="enrollment-decide",
    ),
    path(
        "angkatan/<int:offering_pk>/peserta/",
        views.offering_participants,
        name="offering-participants",
    ),
    path(
        "angkatan/<int:offering_pk>/peserta.xlsx",
        views.offering_participants_xlsx,
        name="offering-participants-xlsx",
    ),
    path(
        "angkatan/<int:offering_pk>/daftarkan-massal/",
        views.bulk_enroll_view,
        name="bulk-enroll",
    ),
    path("angkatan/<int:offering_pk>/undangan/", views.invitations, name="invitations"),
    path("angkatan/<int:offering_pk>/uji-coba/", views.trial, name="trial"),
    path("undangan/", views.my_invitations, name="my-invitations"),
    path("undangan/<int:invitation_pk>/usulkan/", views.nominate, name="nominate"),
]
