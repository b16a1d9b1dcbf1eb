"""Root URL configuration. Every route must be in the access policy table
(bangkom/accounts/policy.py) or its public list; a test enforces it."""

from django.contrib import admin
from django.urls import include, path

from bangkom.accounts import views as account_views
from bangkom.api.api import api

admin.site.site_header = "Bangkom — Admin"
admin.site.site_title = "Bangkom"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("akun/", include("bangkom.accounts.urls")),
    path("kurikulum/", include("bangkom.curriculum.urls")),
    path("perencanaan/", include("bangkom.planning.urls")),
    path("belajar/", include("bangkom.learning.urls")),
    path("ujian/", include("bangkom.assessments.urls")),
    path("biaya/", include("bangkom.finance.urls")),
    path("jp/", include("bangkom.progression.urls")),
    path("sertifikat/", include("bangkom.certificates.urls")),
    path("notifikasi/", include("bangkom.notifications.urls")),
    path("sesi/", include("bangkom.live.urls")),
    path("evaluasi/", include("bangkom.evaluation.urls")),
    path("laporan/", include("bangkom.reports.urls")),
    path("audit/", include("bangkom.audit.urls")),
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
