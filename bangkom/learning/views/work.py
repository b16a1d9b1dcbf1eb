"""HTML views of the work area: assignments (submit, author, grade, download) and forums.

The access policy (``learning/access/work.py``) decides which roles reach a view; the scoped
querysets and predicates of ``assignments`` and ``forum`` decide which objects, so the
wrong person gets 404 (RELIABILITY.md AC3). Views parse, call one domain function, and
show its refusal as a form error.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangkom.common.downloads import serve_field_file
from bangkom.common.errors import DomainError
from bangkom.common.exports import xlsx_bytes
from bangkom.common.pagination import paginate
from bangkom.common.uploads import CONTENT_TYPES, UploadRejected
from bangkom.curriculum.models import Offering, Subject
from bangkom.learning import assignments, forum
from bangkom.learning.choices import SubmissionFileType, SubmissionStatus
from bangkom.learning.models import Assignment, ForumThread
from bangkom.learning.views.work_forms import (
    AssignmentForm,
    GradeForm,
    ReplyForm,
    SubmissionForm,
    ThreadForm,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUEUE_PAGE_SIZE = 50
THREADS_PAGE_SIZE = 20
POSTS_PAGE_SIZE = 50


def _data(request: HttpRequest) -> object:
    return request.POST if request.method == "POST" else None


def _type_labels(types: list[str]) -> list[str]:
    labels = dict(SubmissionFileType.choices)
    return [labels.get(t, t) for t in types]


# --- participant ----------------------------------------------------------------------


@require_GET
def assignment_list(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    enrollment = get_object_or_404(assignments.enrollments_of(request.user), pk=enrollment_pk)
    rows = assignments.assignment_status_for(enrollment, now=timezone.now())
    subjects = Subject.objects.filter(program_id=enrollment.offering.program_id)
    context = {"enrollment": enrollment, "rows": rows, "subjects": subjects}
    return render(request, "learning/work/assignments.html", context)


@require_http_methods(["GET", "POST"])
def assignment_submit(request: HttpRequest, enrollment_pk: int, assignment_pk: int) -> HttpResponse:
    enrollment = get_object_or_404(assignments.enrollments_of(request.user), pk=enrollment_pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("subject"),
        pk=assignment_pk,
        offering_id=enrollment.offering_id,
    )
    files = request.FILES if request.method == "POST" else None
    form = SubmissionForm(_data(request), files, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        try:
            submission = assignments.submit_assignment(
                assignment,
                enrollment,
                text=form.cleaned_data.get("text", ""),
                upload=form.cleaned_data.get("file"),
                now=timezone.now(),
            )
        except UploadRejected as exc:
            form.add_error("file" if "file" in form.fields else None, str(exc))
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, _("Jawaban versi %(v)s terkirim.") % {"v": submission.version}
            )
            return redirect("learning:assignment-submit", enrollment.pk, assignment.pk)
    history = assignments.submission_history(assignment, enrollment)
    context = {
        "enrollment": enrollment,
        "assignment": assignment,
        "form": form,
        "history": history,
        "row": assignments.submission_row(
            assignment, history[0] if history else None, now=timezone.now()
        ),
        "type_labels": _type_labels(assignment.allowed_file_types),
        "max_mb": assignments.max_upload_mb(assignment),
    }
    return render(request, "learning/work/assignment_submit.html", context)


# --- facilitator and manager ----------------------------------------------------------


def _settings_from(form: AssignmentForm) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "instructions_markdown": data["instructions"],
        "rubric": data["rubric"],
        "due_at": data["due_at"],
        "allowed_file_types": data["allowed_file_types"],
        "allows_text": data["allows_text"],
        "max_file_mb": data["max_file_mb"],
        "max_score": data["max_score"],
    }


@require_http_methods(["GET", "POST"])
def assignment_manage(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=offering_pk)
    subjects = assignments.subjects_facilitated_by(request.user).filter(
        program_id=offering.program_id
    )
    if not assignments.is_manager(request.user) and not subjects.exists():
        raise Http404
    form = AssignmentForm(_data(request), subjects=subjects)
    if request.method == "POST" and form.is_valid():
        try:
            assignments.create_assignment(
                offering,
                form.cleaned_data["subject"],
                **_settings_from(form),
                by=request.user,
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Penugasan dibuat."))
            return redirect("learning:assignment-manage", offering.pk)
    items = assignments.assignments_with_counts(
        assignments.assignments_managed_by(request.user).filter(offering=offering)
    )
    context = {"offering": offering, "items": items, "form": form, "subjects": subjects}
    return render(request, "learning/work/assignment_manage.html", context)


@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        assignments.assignments_managed_by(request.user), pk=assignment_pk
    )
    if request.method == "POST" and request.POST.get("action") == "delete":
        return _delete(request, assignment)
    initial = {
        "title": assignment.title,
        # the facilitator edits what they wrote; older rows only have the rendered HTML
        "instructions": assignment.instructions_markdown or assignment.instructions,
        "rubric": assignment.rubric,
        "due_at": assignment.due_at,
        "allowed_file_types": assignment.allowed_file_types,
        "allows_text": assignment.allows_text,
        "max_file_mb": assignment.max_file_mb,
        "max_score": assignment.max_score,
    }
    form = AssignmentForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            assignments.update_assignment(
                assignment, **_settings_from(form), by=request.user, now=timezone.now()
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Penugasan disimpan."))
            return redirect("learning:assignment-manage", assignment.offering_id)
    context = {"assignment": assignment, "form": form}
    return render(request, "learning/work/assignment_edit.html", context)


def _delete(request: HttpRequest, assignment: Assignment) -> HttpResponse:
    try:
        assignments.delete_assignment(assignment, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("learning:assignment-edit", assignment.pk)
    messages.success(request, _("Penugasan dihapus."))
    return redirect("learning:assignment-manage", assignment.offering_id)


@require_GET
def grading(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        assignments.assignments_managed_by(request.user), pk=assignment_pk
    )
    ungraded_only = request.GET.get("filter") == "ungraded"
    queue = assignments.latest_submissions(assignment, ungraded_only=ungraded_only)
    context = {
        "assignment": assignment,
        "page": paginate(request, queue, per_page=QUEUE_PAGE_SIZE),
        "ungraded_only": ungraded_only,
    }
    return render(request, "learning/work/grading.html", context)


@require_GET
def grading_xlsx(request: HttpRequest, assignment_pk: int) -> HttpResponse:
    assignment = get_object_or_404(
        assignments.assignments_managed_by(request.user), pk=assignment_pk
    )
    header, rows = assignments.grade_rows(assignment)
    response = HttpResponse(xlsx_bytes({_("Nilai"): (header, rows)}), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="nilai-tugas-{assignment.pk}.xlsx"'
    return response


@require_http_methods(["GET", "POST"])
def submission_grade(request: HttpRequest, submission_pk: int) -> HttpResponse:
    submission = get_object_or_404(
        assignments.submissions_gradable_by(request.user), pk=submission_pk
    )
    form = GradeForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            assignments.grade_submission(
                submission,
                score=form.cleaned_data["score"],
                feedback=form.cleaned_data["feedback"],
                accept=request.POST.get("action") == "accept",
                by=request.user,
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Penilaian disimpan; peserta diberi tahu."))
            return redirect("learning:grading", submission.assignment_id)
    history = assignments.submission_history(submission.assignment, submission.enrollment)
    context = {
        "submission": submission,
        "assignment": submission.assignment,
        "participant": submission.enrollment.participant,
        "history": history,
        "form": form,
        "can_grade": history[0].pk == submission.pk
        and submission.status == SubmissionStatus.SUBMITTED,
    }
    return render(request, "learning/work/submission_grade.html", context)


@require_GET
def submission_file(request: HttpRequest, submission_pk: int) -> HttpResponse:
    submission = get_object_or_404(
        assignments.submissions_readable_by(request.user).exclude(file=""), pk=submission_pk
    )
    try:
        return serve_field_file(
            request,
            submission.file,
            filename=submission.original_filename or f"jawaban.{submission.file_type}",
            content_type=CONTENT_TYPES.get(submission.file_type, "application/octet-stream"),
            inline=False,  # participants' files are never shown in our origin (B4)
        )
    except FileNotFoundError:
        raise Http404 from None


# --- forum ----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def forum_page(request: HttpRequest, offering_pk: int, subject_pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=offering_pk)
    subject = get_object_or_404(Subject, pk=subject_pk, program_id=offering.program_id)
    if not forum.can_use_forum(request.user, offering, subject):
        raise Http404
    form = ThreadForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            thread = forum.start_thread(
                offering,
                subject,
                author=request.user,
                title=form.cleaned_data["title"],
                body_markdown=form.cleaned_data["body"],
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Topik diskusi dibuat."))
            return redirect("learning:thread", thread.pk)
    page = paginate(request, forum.threads_of(offering, subject), per_page=THREADS_PAGE_SIZE)
    context = {"offering": offering, "subject": subject, "page": page, "form": form}
    return render(request, "learning/work/forum.html", context)


@require_http_methods(["GET", "POST"])
def thread_page(request: HttpRequest, thread_pk: int) -> HttpResponse:
    thread = get_object_or_404(
        ForumThread.objects.select_related("offering", "subject", "author"), pk=thread_pk
    )
    if not forum.can_use_forum(request.user, thread.offering, thread.subject):
        raise Http404
    form = ReplyForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            post = forum.reply(
                thread,
                author=request.user,
                body_markdown=form.cleaned_data["body"],
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            last = Paginator(forum.posts_of(thread), POSTS_PAGE_SIZE).num_pages
            url = reverse("learning:thread", args=[thread.pk])
            return redirect(f"{url}?page={last}#post-{post.pk}")
    page = paginate(request, forum.posts_of(thread), per_page=POSTS_PAGE_SIZE)
    context = {"thread": thread, "page": page, "form": form}
    return render(request, "learning/work/thread.html", context)
