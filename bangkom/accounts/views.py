"""HTML views of the accounts context: thin wrappers over the domain modules.

Who may open each view is decided by the access policy table (policy.py) before the view
runs; object scoping (a pimpinan sees their own institution) is done by queries.py.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django.views.i18n import set_language as django_set_language

from bangkom.accounts import roles as role_service
from bangkom.accounts.forms import (
    EmployeeImportForm,
    NipLoginForm,
    ProfileForm,
    RegistrationForm,
    RoleChangeForm,
    StyledPasswordChangeForm,
    StyledPasswordResetForm,
    StyledSetPasswordForm,
)
from bangkom.accounts.home import home_sections
from bangkom.accounts.models import ImportJob, Institution
from bangkom.accounts.nip import InvalidNip
from bangkom.accounts.permissions import can_view_employee
from bangkom.accounts.queries import employees_visible_to, search_employees, users_with_roles
from bangkom.accounts.registration import RegistrationRefused, activate_account, register_account
from bangkom.accounts.registry_import import employee_template_xlsx, error_report_xlsx
from bangkom.accounts.tasks import run_employee_import
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.common.ratelimit import allow_hit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REGISTRATIONS_PER_HOUR_PER_IP = 20


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


def _xlsx_download(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = NipLoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = StyledPasswordResetForm
    email_template_name = "accounts/emails/password_reset_body.txt"
    html_email_template_name = "accounts/emails/password_reset_body.html"
    subject_template_name = "accounts/emails/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = StyledSetPasswordForm
    success_url = reverse_lazy("accounts:password-reset-complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = StyledPasswordChangeForm
    success_url = reverse_lazy("accounts:password-change-done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def set_language(request: HttpRequest) -> HttpResponse:
    return django_set_language(request)


def home(request: HttpRequest) -> HttpResponse:
    # The shell composes what other contexts offer; imported here to keep accounts at the bottom.
    from bangkom.progression.ledger import jp_progress

    context = {
        "sections": home_sections(request.user),
        "jp": jp_progress(request.user, now=timezone.now()),
    }
    return render(request, "accounts/home.html", context)


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow_hit(
            f"register:{_client_ip(request)}",
            limit=REGISTRATIONS_PER_HOUR_PER_IP,
            window=timedelta(hours=1),
            now=timezone.now(),
        ):
            form.add_error(None, _("Terlalu banyak percobaan pendaftaran. Coba lagi nanti."))
            return render(request, "accounts/register.html", {"form": form}, status=429)
        try:
            register_account(
                form.cleaned_data["nip"],
                birth_date=form.cleaned_data["birth_date"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
                activation_link=lambda uid, token: request.build_absolute_uri(
                    reverse("accounts:activate", args=[uid, token])
                ),
            )
        except InvalidNip as exc:
            form.add_error("nip", str(exc))
        except ValidationError as exc:
            form.add_error("password1", exc)
        except RegistrationRefused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("accounts:register-done")
    return render(request, "accounts/register.html", {"form": form})


def register_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/register_done.html")


def activate(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    user = activate_account(uidb64, token)
    if user is None:
        return render(request, "accounts/activation_invalid.html", status=400)
    messages.success(request, _("Akun Anda sudah aktif. Silakan masuk dengan NIP Anda."))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Profil disimpan."))
        return redirect("accounts:profile")
    employee = request.user.employee
    return render(request, "accounts/profile.html", {"form": form, "employee": employee})


def user_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    users = users_with_roles()
    if query:
        users = users.filter(nip__startswith=query.replace(" ", "")) | users.filter(
            name__icontains=query
        )
    return render(
        request, "accounts/user_list.html", {"page": paginate(request, users), "query": query}
    )


@require_http_methods(["GET", "POST"])
def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(users_with_roles(), pk=pk)
    form = RoleChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        role, institution = form.cleaned_data["role"], form.cleaned_data["institution"]
        if request.POST.get("action") == "revoke":
            role_service.revoke_role(
                user, role=role, institution=institution, revoked_by=request.user
            )
            messages.success(request, _("Peran dicabut."))
        else:
            try:
                role_service.grant_role(
                    user, role=role, institution=institution, granted_by=request.user
                )
            except DomainError as exc:
                form.add_error(None, str(exc))
                return render(request, "accounts/user_roles.html", {"subject": user, "form": form})
            messages.success(request, _("Peran diberikan."))
        return redirect("accounts:user-roles", pk=user.pk)
    return render(request, "accounts/user_roles.html", {"subject": user, "form": form})


def institution_list(request: HttpRequest) -> HttpResponse:
    institutions = Institution.objects.annotate(
        employee_count=Count("employees", distinct=True), unit_count=Count("units", distinct=True)
    )
    return render(request, "accounts/institution_list.html", {"institutions": institutions})


def employee_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    visible = employees_visible_to(request.user)
    institution_id = request.GET.get("instansi", "")
    employees = search_employees(visible, query)
    if institution_id.isdigit():
        employees = employees.filter(institution_id=int(institution_id))
    institutions = Institution.objects.filter(pk__in=visible.values("institution_id").distinct())
    context = {
        "page": paginate(request, employees),
        "query": query,
        "institutions": institutions,
        "institution_id": institution_id,
    }
    return render(request, "accounts/employee_list.html", context)


def employee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employee = get_object_or_404(employees_visible_to(request.user), pk=pk)
    if not can_view_employee(request.user, employee):
        raise Http404
    return render(request, "accounts/employee_detail.html", {"employee": employee})


@require_http_methods(["GET", "POST"])
def import_start(request: HttpRequest) -> HttpResponse:
    form = EmployeeImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            file=upload,
            original_name=upload.name[:255],
            allow_transfers=form.cleaned_data["allow_transfers"],
            created_by=request.user,
        )
        if upload.size <= settings.IMPORT_BACKGROUND_THRESHOLD_BYTES:
            run_employee_import.call(job.pk)  # small file: the answer comes with this page
        else:
            transaction.on_commit(lambda: run_employee_import.enqueue(job.pk))
        return redirect("accounts:import-detail", pk=job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:10]
    return render(request, "accounts/import_start.html", {"form": form, "jobs": jobs})


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    errors_page = paginate(request, job.errors, per_page=100)
    context = {"job": job, "errors_page": errors_page}
    if request.htmx:
        return render(request, "accounts/partials/import_status.html", context)
    return render(request, "accounts/import_detail.html", context)


def import_errors_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    return _xlsx_download(error_report_xlsx(job.errors), f"kesalahan-impor-{job.pk}.xlsx")


def import_template(request: HttpRequest) -> HttpResponse:
    return _xlsx_download(employee_template_xlsx(), "templat-data-pegawai.xlsx")
