"""Pages of the progression context: my JP, the JP report and its exports, external
learning, and a program's follow-ups. Who may open them: progression/access.py; the rules
live in ledger.py, external.py and followups.py.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.accounts.models import Institution
from bangkom.common.downloads import content_disposition, serve_field_file
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.common.timezones import to_local
from bangkom.common.uploads import CONTENT_TYPES
from bangkom.curriculum.models import Program
from bangkom.progression import external as external_service
from bangkom.progression import followups as follow_up_service
from bangkom.progression import ledger
from bangkom.progression.choices import ExternalLearningStatus
from bangkom.progression.errors import ProgressionForbidden
from bangkom.progression.forms import (
    DecisionForm,
    ExternalLearningForm,
    FollowUpForm,
    ReportFilterForm,
)
from bangkom.progression.models import ExternalLearning, FollowUpProgram, JpCredit

REPORT_PER_PAGE = 50
CREDITS_PER_PAGE = 25
EXTERNAL_PER_PAGE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def my_jp(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    user = request.user
    progress = ledger.jp_progress(user, now=now)
    credits = paginate(
        request,
        ledger.credits_of(user.employee) if user.employee_id else JpCredit.objects.none(),
        per_page=CREDITS_PER_PAGE,
    )
    context = {
        "progress": progress,
        "page": credits,
        "recommendations": follow_up_service.recommended_programs(user, now=now),
    }
    return render(request, "progression/my_jp.html", context)


def _report_filters(request: HttpRequest) -> tuple[int, int | None, bool, set[int] | None]:
    form = ReportFilterForm(request.GET)
    cleaned = form.cleaned_data if form.is_valid() else {}
    year = cleaned.get("year") or to_local(timezone.now(), request.user.time_zone_name).year
    requested = cleaned.get("institution")
    try:
        scope = ledger.report_institutions_for(request.user, requested)
    except ProgressionForbidden:
        raise PermissionDenied from None
    return year, requested, bool(cleaned.get("below")), scope


def jp_report(request: HttpRequest) -> HttpResponse:
    year, requested, below, scope = _report_filters(request)
    employees = ledger.jp_report_queryset(year, institution_ids=scope, below_minimum=below)
    page = paginate(request, employees, per_page=REPORT_PER_PAGE)
    institutions = Institution.objects.order_by("name")
    visible = ledger.report_institutions_for(request.user)
    if visible is not None:
        institutions = institutions.filter(pk__in=visible)
    context = {
        "page": page,
        "rows": ledger.report_rows(page.object_list),
        "year": year,
        "institution": requested,
        "below": below,
        "institutions": institutions,
        "minimum": ledger.MINIMUM_JP_PER_YEAR,
        "query": request.GET.urlencode(),
    }
    return render(request, "progression/jp_report.html", context)


def _xlsx(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def jp_report_xlsx(request: HttpRequest) -> HttpResponse:
    year, _requested, _below, scope = _report_filters(request)
    return _xlsx(ledger.jp_report_xlsx(year, institution_ids=scope), f"laporan-jp-{year}.xlsx")


def jp_siasn_xlsx(request: HttpRequest) -> HttpResponse:
    year, _requested, _below, scope = _report_filters(request)
    return _xlsx(ledger.siasn_xlsx(year, institution_ids=scope), f"siasn-kursus-{year}.xlsx")


@require_http_methods(["GET", "POST"])
def external_learning(request: HttpRequest) -> HttpResponse:
    form = ExternalLearningForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            external_service.record_external_learning(
                form.cleaned_data["nip"],
                form.learning_data(),
                evidence=form.cleaned_data["evidence"],
                recorded_by=request.user,
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("Pembelajaran eksternal dicatat; menunggu persetujuan pengelola lain.")
            )
            return redirect("progression:external-learning")
    status = request.GET.get("status", "")
    records = ExternalLearning.objects.select_related(
        "employee", "recorded_by", "decided_by"
    ).order_by("-created_at", "-pk")
    if status in ExternalLearningStatus.values:
        records = records.filter(status=status)
    context = {
        "form": form,
        "page": paginate(request, records, per_page=EXTERNAL_PER_PAGE),
        "status": status,
        "statuses": ExternalLearningStatus.choices,
    }
    return render(request, "progression/external_learning.html", context)


@require_POST
def external_learning_decide(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ExternalLearning, pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tindakan tidak dikenal."))
        return redirect("progression:external-learning")
    now = timezone.now()
    try:
        if form.cleaned_data["action"] == "approve":
            external_service.approve_external_learning(record, by=request.user, now=now)
            messages.success(request, _("Disetujui; JP telah dihitung."))
        else:
            external_service.reject_external_learning(
                record, by=request.user, reason=form.cleaned_data["reason"], now=now
            )
            messages.success(request, _("Catatan ditolak."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("progression:external-learning")


def external_learning_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(ExternalLearning, pk=pk)
    evidence = record.evidence
    if not evidence or not evidence.storage.exists(evidence.name):
        raise Http404
    suffix = PurePosixPath(evidence.name).suffix.lstrip(".").lower()
    return serve_field_file(
        request,
        evidence,
        filename=record.evidence_name or PurePosixPath(evidence.name).name,
        content_type=CONTENT_TYPES.get(suffix, "application/octet-stream"),
        inline=False,
    )


@require_http_methods(["GET", "POST"])
def follow_ups(request: HttpRequest, program_pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=program_pk)
    form = FollowUpForm(request.POST or None, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            follow_up_service.add_follow_up(
                program,
                follow_up=form.cleaned_data["follow_up"],
                competency=form.cleaned_data["competency"],
                min_level=form.cleaned_data["min_level"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Program lanjutan dicantumkan."))
            return redirect("progression:follow-ups", program_pk=program.pk)
    context = {
        "program": program,
        "form": form,
        "rows": follow_up_service.follow_ups_of(program),
    }
    return render(request, "progression/follow_ups.html", context)


@require_POST
def follow_up_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(FollowUpProgram, pk=pk)
    program_pk = row.program_id
    follow_up_service.remove_follow_up(row)
    messages.success(request, _("Program lanjutan dihapus."))
    return redirect("progression:follow-ups", program_pk=program_pk)
