"""Pages for managers: programs, their subjects, target competencies and rules versions.

Who may open them is decided by the access policy (curriculum/access.py); the rules are in
curriculum/programs.py and curriculum/rules_documents.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.curriculum import programs as program_service
from bangkom.curriculum import queries
from bangkom.curriculum.choices import ProgramType
from bangkom.curriculum.forms import ProgramCompetencyForm, ProgramForm, RulesForm, SubjectForm
from bangkom.curriculum.models import Program, ProgramCompetency, RulesDocument, Subject
from bangkom.curriculum.readiness import readiness
from bangkom.curriculum.rules_documents import (
    current_rules,
    preview_rules,
    publish_rules_version,
)

PROGRAMS_PER_PAGE = 25


def program_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    program_type = request.GET.get("jenis", "")
    programs = queries.programs_for_list(query=query, program_type=program_type)
    page = paginate(request, programs, per_page=PROGRAMS_PER_PAGE)
    for program in page:
        program.jp_difference = program_service.jp_mismatch(program)
    context = {
        "page": page,
        "query": query,
        "program_type": program_type,
        "program_types": ProgramType.choices,
    }
    return render(request, "curriculum/program_list.html", context)


@require_http_methods(["GET", "POST"])
def program_create(request: HttpRequest) -> HttpResponse:
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program = program_service.create_program(form.program_data(), by=request.user)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Program disimpan."))
            return redirect("curriculum:program-detail", pk=program.pk)
    return render(request, "curriculum/program_form.html", {"form": form, "program": None})


@require_http_methods(["GET", "POST"])
def program_edit(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = ProgramForm.for_program(program, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program_service.update_program(program, form.program_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Program disimpan."))
            return redirect("curriculum:program-detail", pk=program.pk)
    return render(request, "curriculum/program_form.html", {"form": form, "program": program})


def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        program = queries.program_for_detail(pk)
    except Program.DoesNotExist:
        raise Http404 from None
    context = {
        "program": program,
        "readiness": readiness(program),
        "competency_form": ProgramCompetencyForm(),
    }
    return render(request, "curriculum/program_detail.html", context)


@require_http_methods(["GET", "POST"])
def subject_create(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = SubjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program_service.add_subject(program, form.subject_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Mata pelatihan ditambahkan."))
            return redirect("curriculum:program-detail", pk=program.pk)
    context = {"form": form, "program": program, "subject": None}
    return render(request, "curriculum/subject_form.html", context)


@require_http_methods(["GET", "POST"])
def subject_edit(request: HttpRequest, pk: int) -> HttpResponse:
    subject = get_object_or_404(Subject.objects.select_related("program"), pk=pk)
    form = SubjectForm.for_subject(subject, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            program_service.update_subject(subject, form.subject_data())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Mata pelatihan disimpan."))
            return redirect("curriculum:program-detail", pk=subject.program_id)
    context = {"form": form, "program": subject.program, "subject": subject}
    return render(request, "curriculum/subject_form.html", context)


@require_POST
def competency_set(request: HttpRequest, pk: int) -> HttpResponse:
    program = get_object_or_404(Program, pk=pk)
    form = ProgramCompetencyForm(request.POST)
    if form.is_valid():
        try:
            program_service.set_program_competency(program, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Kompetensi sasaran disimpan."))
    else:
        messages.error(request, _("Pilih kompetensi dan level sasaran 1–5."))
    return redirect("curriculum:program-detail", pk=program.pk)


@require_POST
def competency_remove(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_object_or_404(ProgramCompetency, pk=pk)
    program_service.remove_program_competency(target)
    messages.success(request, _("Kompetensi sasaran dihapus."))
    return redirect("curriculum:program-detail", pk=target.program_id)


@require_http_methods(["GET", "POST"])
def rules_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a new version in Markdown; "Pratinjau" shows it rendered, "Terbitkan" publishes."""
    program = get_object_or_404(Program, pk=pk)
    latest = current_rules(program)
    initial = {"title": latest.title, "body_markdown": latest.body_markdown} if latest else {}
    form = RulesForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "preview":
            preview = preview_rules(form.cleaned_data["body_markdown"])
        else:
            try:
                rules = publish_rules_version(
                    program,
                    title=form.cleaned_data["title"],
                    body_markdown=form.cleaned_data["body_markdown"],
                    by=request.user,
                    now=timezone.now(),
                )
            except DomainError as exc:
                form.add_domain_error(exc)
            else:
                messages.success(
                    request,
                    _("Ketentuan versi %(version)s diterbitkan.") % {"version": rules.version},
                )
                return redirect("curriculum:program-detail", pk=program.pk)
    context = {"form": form, "program": program, "latest": latest, "preview": preview}
    return render(request, "curriculum/rules_form.html", context)


def rules_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rules = get_object_or_404(RulesDocument.objects.select_related("program", "created_by"), pk=pk)
    return render(request, "curriculum/rules_detail.html", {"rules": rules})
