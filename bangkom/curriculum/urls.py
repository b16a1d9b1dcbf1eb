"""Routes of the curriculum context (under /kurikulum/, namespace ``curriculum``).

Every route has a row in curriculum/access.py.
"""

from django.urls import path

from bangkom.curriculum.views import facilitators, offerings, programs

app_name = "curriculum"

urlpatterns = [
    # programs, subjects, competencies, rules
    path("program/", programs.program_list, name="program-list"),
    path("program/baru/", programs.program_create, name="program-create"),
    path("program/<int:pk>/", programs.program_detail, name="program-detail"),
    path("program/<int:pk>/ubah/", programs.program_edit, name="program-edit"),
    path("program/<int:pk>/mata-pelatihan/baru/", programs.subject_create, name="subject-create"),
    path("mata-pelatihan/<int:pk>/ubah/", programs.subject_edit, name="subject-edit"),
    path("program/<int:pk>/kompetensi/", programs.competency_set, name="competency-set"),
    path(
        "kompetensi-sasaran/<int:pk>/hapus/",
        programs.competency_remove,
        name="competency-remove",
    ),
    path("program/<int:pk>/ketentuan/baru/", programs.rules_create, name="rules-create"),
    path("ketentuan/<int:pk>/", programs.rules_detail, name="rules-detail"),
    # offerings and committees
    path("angkatan/", offerings.offering_list, name="offering-list"),
    path("program/<int:pk>/angkatan/baru/", offerings.offering_create, name="offering-create"),
    path("angkatan/<int:pk>/", offerings.offering_detail, name="offering-detail"),
    path("angkatan/<int:pk>/ubah/", offerings.offering_edit, name="offering-edit"),
    path("angkatan/<int:pk>/status/", offerings.offering_status, name="offering-status"),
    path("angkatan/<int:pk>/panitia/", offerings.committee_add, name="committee-add"),
    path("panitia/<int:pk>/hapus/", offerings.committee_remove, name="committee-remove"),
    # facilitators
    path("fasilitator/", facilitators.facilitator_list, name="facilitator-list"),
    path("fasilitator/xlsx/", facilitators.facilitator_export, name="facilitator-export"),
    path("fasilitator/<int:pk>/", facilitators.facilitator_detail, name="facilitator-detail"),
    path(
        "fasilitator/<int:pk>/verifikasi/",
        facilitators.facilitator_verify,
        name="facilitator-verify",
    ),
    path("profil-fasilitator/", facilitators.my_facilitator_profile, name="my-facilitator-profile"),
    path(
        "profil-fasilitator/sertifikasi/baru/",
        facilitators.certification_add,
        name="certification-add",
    ),
    path(
        "sertifikasi/<int:pk>/hapus/",
        facilitators.certification_delete,
        name="certification-delete",
    ),
    path(
        "sertifikasi/<int:pk>/bukti/",
        facilitators.certification_evidence,
        name="certification-evidence",
    ),
]
