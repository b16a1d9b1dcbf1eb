from django.urls import path

from bangkom.accounts import views

app_name = "accounts"

urlpatterns = [
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", views.LogoutView.as_view(), name="logout"),
    path("daftar/", views.register, name="register"),
    path("daftar/terkirim/", views.register_done, name="register-done"),
    path("aktivasi/<str:uidb64>/<str:token>/", views.activate, name="activate"),
    path("lupa-sandi/", views.PasswordResetView.as_view(), name="password-reset"),
    path("lupa-sandi/terkirim/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path(
        "lupa-sandi/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "lupa-sandi/selesai/",
        views.PasswordResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
    path("profil/", views.profile, name="profile"),
    path("ubah-sandi/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "ubah-sandi/selesai/",
        views.PasswordChangeDoneView.as_view(),
        name="password-change-done",
    ),
    path("pengguna/", views.user_list, name="user-list"),
    path("pengguna/<int:pk>/peran/", views.user_roles, name="user-roles"),
    path("instansi/", views.institution_list, name="institution-list"),
    path("pegawai/", views.employee_list, name="employee-list"),
    path("pegawai/<int:pk>/", views.employee_detail, name="employee-detail"),
    path("pegawai/impor/", views.import_start, name="import-start"),
    path("pegawai/impor/templat.xlsx", views.import_template, name="import-template"),
    path("pegawai/impor/<int:pk>/", views.import_detail, name="import-detail"),
    path(
        "pegawai/impor/<int:pk>/kesalahan.xlsx",
        views.import_errors_xlsx,
        name="import-errors-xlsx",
    ),
]
