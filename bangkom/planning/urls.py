"""Routes of the planning context (under /perencanaan/, namespace ``planning``).

Every route has a row in planning/access.py.
"""

from django.urls import path

from bangkom.planning.views import dictionary, gaps, needs, plans

app_name = "planning"

urlpatterns = [
    # competency dictionary
    path("kompetensi/", dictionary.competency_list, name="competency-list"),
    path("kompetensi/baru/", dictionary.competency_create, name="competency-create"),
    path("kompetensi/<int:pk>/ubah/", dictionary.competency_edit, name="competency-edit"),
    path("kompetensi/impor/", dictionary.competency_import, name="competency-import"),
    path("kompetensi/templat.xlsx", dictionary.competency_template, name="competency-template"),
    # positions (Anjab)
    path("jabatan/", dictionary.position_list, name="position-list"),
    path("jabatan/baru/", dictionary.position_create, name="position-create"),
    path("jabatan/<int:pk>/", dictionary.position_detail, name="position-detail"),
    path("jabatan/<int:pk>/ubah/", dictionary.position_edit, name="position-edit"),
    path("jabatan/<int:pk>/standar/", dictionary.requirement_set, name="requirement-set"),
    path("standar/<int:pk>/hapus/", dictionary.requirement_remove, name="requirement-remove"),
    path("jabatan/impor/", dictionary.position_import, name="position-import"),
    path("jabatan/templat.xlsx", dictionary.position_template, name="position-template"),
    # profiles and gaps
    path("profil/", gaps.profile_search, name="profile-search"),
    path("profil/<int:pk>/", gaps.profile_detail, name="profile-detail"),
    path("profil/<int:pk>/penilaian/", gaps.assessment_add, name="assessment-add"),
    path("profil/<int:pk>/jabatan/", gaps.position_assign, name="position-assign"),
    path("kesenjangan/", gaps.gap_institutions, name="gap-institutions"),
    path("kesenjangan/<int:pk>/", gaps.institution_gaps, name="institution-gaps"),
    # needs analyses (AKPK/TNA)
    path("akpk/", needs.analysis_list, name="analysis-list"),
    path("akpk/susun/", needs.analysis_build, name="analysis-build"),
    path("akpk/<int:pk>/", needs.analysis_detail, name="analysis-detail"),
    path("akpk/<int:pk>/hitung-ulang/", needs.analysis_rebuild, name="analysis-rebuild"),
    path("akpk/<int:pk>/status/", needs.analysis_status, name="analysis-status"),
    path("akpk/<int:pk>/unduh.xlsx", needs.analysis_xlsx, name="analysis-xlsx"),
    path("tna/", needs.supervisor_needs, name="supervisor-needs"),
    path("tna/<int:pk>/jawab/", needs.supervisor_answer, name="supervisor-answer"),
    path("kebutuhan-saya/", needs.my_needs, name="my-needs"),
    path("kebutuhan-saya/<int:pk>/jawab/", needs.my_answer, name="my-answer"),
    # program plans
    path("rencana/", plans.plan_list, name="plan-list"),
    path("rencana/baru/", plans.plan_create, name="plan-create"),
    path("rencana/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("rencana/<int:pk>/ubah/", plans.plan_edit, name="plan-edit"),
    path("rencana/<int:pk>/status/", plans.plan_transition, name="plan-transition"),
    path("rencana/<int:pk>/komentar/", plans.plan_comment, name="plan-comment"),
    path("rencana/<int:pk>/anggaran/", plans.plan_budget_params, name="plan-budget"),
    path("rencana/<int:pk>/panitia/", plans.committee_add, name="plan-committee-add"),
    path("panitia-rencana/<int:pk>/hapus/", plans.committee_remove, name="plan-committee-remove"),
    path("rencana/<int:pk>/persiapan/", plans.item_add, name="plan-item-add"),
    path("persiapan/<int:pk>/", plans.item_update, name="plan-item-update"),
    path("rencana/<int:pk>/angkatan/", plans.offering_create, name="plan-offering"),
]
