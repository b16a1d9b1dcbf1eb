"""HTML views of the exam area: the participant's exam list, start/takeover, the CAT page and
the result page; the managers' assessment setup, live monitor, results, integrity log and
item analysis. Thin: the rules live in ``attempts``, ``setup``, ``monitoring`` and
``analysis``; the lookups there scope objects and raise NotFound (404).

The CAT page renders the whole form once as JSON (``json_script``) from ``attempt_items`` —
the participant's serialiser without any key (RELIABILITY.md K1) — and ``static/js/exam.js``
does the rest against the JSON API.
"""

from __future__ import annotations

import re
from functools import wraps

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.forms import BaseFormSet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangkom.assessments import analysis as analysis_service
from bangkom.assessments import monitoring, setup
from bangkom.assessments.attempts import (
    ClientInfo,
    grace_period,
    open_attempt_for,
    start_attempt,
    void_attempt,
)
from bangkom.assessments.choices import AssessmentKind, AttemptStatus
from bangkom.assessments.errors import MESSAGES, AssessmentErrorCode, StartRefused
from bangkom.assessments.models import Assessment
from bangkom.assessments.queries import (
    assessments_for_enrollment,
    attempt_answers,
    attempt_items,
    remaining_seconds,
)
from bangkom.assessments.views.exam_forms import (
    AssessmentForm,
    VoidForm,
    blueprint_formset,
    blueprint_rows,
)
from bangkom.common.errors import DomainError, NotFound
from bangkom.common.exports import xlsx_bytes
from bangkom.common.pagination import paginate
from bangkom.curriculum.models import Offering
from bangkom.learning.models import Enrollment

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEVICE_COOKIE = "bangkom_device"
_DEVICE = re.compile(r"[A-Za-z0-9_-]{8,64}")
MONITOR_PER_PAGE = 100
RESULTS_PER_PAGE = 50
OFFERINGS_PER_PAGE = 25


def domain_404(view):  # noqa: ANN001, ANN201  (decorator)
    """Turn a NotFound raised by a scoped lookup into Http404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from None

    return wrapper


def _no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # RELIABILITY.md K5: also when a proxy sits in between
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, private, max-age=0"
    return response


def _device(request: HttpRequest) -> str:
    """The browser's device id: form field, header, or the cookie exam.js keeps in sync."""
    for raw in (
        request.POST.get("device", ""),
        request.headers.get("X-Bangkom-Device", ""),
        request.COOKIES.get(DEVICE_COOKIE, ""),
    ):
        if raw and _DEVICE.fullmatch(raw):
            return raw
    return ""


def _client(request: HttpRequest) -> ClientInfo:
    return ClientInfo(
        ip_address=request.META.get("REMOTE_ADDR"),
        user_agent=request.headers.get("User-Agent", ""),
        device_token=_device(request),
    )


def _own_enrollment(request: HttpRequest, pk: object) -> Enrollment:
    try:
        pk = int(pk)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404 from None
    return get_object_or_404(
        Enrollment.objects.select_related("offering__program"), pk=pk, participant=request.user
    )


# --- participant: my exams, start, CAT page, result ----------------------------------------------


@require_GET
def my_exams(request: HttpRequest, enrollment_pk: int) -> HttpResponse:
    enrollment = _own_enrollment(request, enrollment_pk)
    now = timezone.now()
    attempts = monitoring.latest_attempts_by_assessment(enrollment)
    rows = []
    for status in assessments_for_enrollment(enrollment, now=now):
        mine = attempts.get(status.assessment.pk, [])
        finished = [a for a in mine if a.status in (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)]
        running = [
            a for a in mine if a.status == AttemptStatus.OPEN and a.deadline + grace_period() >= now
        ]
        rows.append(
            {
                "status": status,
                "open_attempt": running[0] if running else None,
                "last_finished": finished[-1] if finished else None,
                "passed_label": monitoring.result_text(status.assessment.kind, True),
                "locked_message": (
                    MESSAGES[AssessmentErrorCode(status.locked_code)] if status.locked_code else ""
                ),
            }
        )
    context = {"enrollment": enrollment, "rows": rows}
    return _no_store(render(request, "assessments/exam/my_exams.html", context))


@require_POST
def exam_start(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    """Start or resume; another device holding the open attempt must be confirmed (decision 4)."""
    enrollment = _own_enrollment(request, request.POST.get("enrollment"))
    assessment = get_object_or_404(
        Assessment, pk=assessment_pk, offering_id=enrollment.offering_id, is_published=True
    )
    now = timezone.now()
    client = _client(request)
    existing = open_attempt_for(assessment, enrollment, now=now)
    takeover = request.POST.get("takeover") == "1"
    if existing is not None and monitoring.needs_takeover(existing, client.device_token):
        if takeover and client.device_token:
            monitoring.take_over_attempt(existing, client=client, now=now)
            return redirect("assessments:exam-page", attempt_pk=existing.pk)
        return _takeover_page(request, existing)
    if existing is None and takeover:
        # the attempt this confirmation was about ended meanwhile: never open a new one here
        messages.info(request, _("Ujian tersebut sudah selesai atau waktunya habis."))
        return redirect("assessments:my-exams", enrollment_pk=enrollment.pk)
    try:
        attempt, _created = start_attempt(
            assessment, enrollment=enrollment, participant=request.user, now=now, client=client
        )
    except StartRefused as exc:
        messages.error(request, str(exc))
        return redirect("assessments:my-exams", enrollment_pk=enrollment.pk)
    monitoring.claim_device(attempt, client.device_token)
    return redirect("assessments:exam-page", attempt_pk=attempt.pk)


def _takeover_page(request: HttpRequest, attempt: object) -> HttpResponse:
    context = {"attempt": attempt, "assessment": attempt.assessment}
    return _no_store(render(request, "assessments/exam/takeover.html", context))


@require_GET
@domain_404
def exam_page(request: HttpRequest, attempt_pk: int) -> HttpResponse:
    attempt = monitoring.own_attempt(attempt_pk, request.user)
    now = timezone.now()
    if attempt.status == AttemptStatus.OPEN:
        open_attempt_for(attempt.assessment, attempt.enrollment, now=now)  # lazy expiry
        attempt.refresh_from_db()
    if attempt.status != AttemptStatus.OPEN:
        return redirect("assessments:exam-result", attempt_pk=attempt.pk)
    if monitoring.needs_takeover(attempt, _device(request)):
        return _takeover_page(request, attempt)
    context = {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "exam_data": _exam_data(attempt, now=now),
    }
    return _no_store(render(request, "assessments/exam/page.html", context))


def _exam_data(attempt: object, *, now: object) -> dict:
    """What exam.js needs, once: the form without any key, saved answers, time, API URLs."""
    answer_url = reverse("api:attempt-answer", kwargs={"attempt_id": attempt.pk, "item_id": 0})
    return {
        "attempt": attempt.pk,
        "deadline": attempt.deadline.isoformat(),
        "remaining": remaining_seconds(attempt, now=now),
        "items": attempt_items(attempt),
        "answers": attempt_answers(attempt),
        "urls": {
            "answer": answer_url.rsplit("/", 1)[0] + "/",
            "state": reverse("api:attempt-detail", kwargs={"attempt_id": attempt.pk}),
            "submit": reverse("api:attempt-submit", kwargs={"attempt_id": attempt.pk}),
            "events": reverse("api:attempt-events", kwargs={"attempt_id": attempt.pk}),
            "result": reverse("assessments:exam-result", kwargs={"attempt_pk": attempt.pk}),
        },
        "text": _exam_text(),
    }


def _exam_text() -> dict[str, str]:
    """The page's messages for exam.js, translated here ({n}-style placeholders)."""
    return {
        "saved": _("Tersambung — semua jawaban tersimpan"),
        "saving": _("Menyimpan…"),
        "offline": _("Offline — jawaban disimpan di perangkat ini"),
        "question": _("Soal {n} dari {total}"),
        "choose_many": _("jawaban boleh lebih dari satu"),
        "nav_label": _("Soal {n}, {state}"),
        "answered": _("sudah dijawab"),
        "unanswered": _("belum dijawab"),
        "flagged": _("ditandai"),
        "flag": _("Tandai untuk ditinjau"),
        "unflag": _("Hapus tanda"),
        "open_count": _("Masih ada {n} soal belum dijawab."),
        "all_answered": _("Semua soal sudah dijawab."),
        "closed": _("Ujian ini sudah ditutup; membuka halaman hasil…"),
        "session": _(
            "Sesi Anda berakhir. Masuk lagi untuk melanjutkan; jawaban yang belum terkirim "
            "tetap tersimpan di perangkat ini."
        ),
        "time_up": _("Waktu habis. Jawaban yang sudah tersimpan akan dinilai."),
        "submit_offline": _(
            "Tidak dapat mengumpulkan saat offline. Sambungkan kembali internet lalu coba lagi."
        ),
        "submit_failed": _("Sebagian jawaban belum terkirim ke server. Coba lagi sebentar."),
    }


@require_GET
@domain_404
def exam_result(request: HttpRequest, attempt_pk: int) -> HttpResponse:
    attempt = monitoring.own_attempt(attempt_pk, request.user)
    now = timezone.now()
    if attempt.status == AttemptStatus.OPEN:
        open_attempt_for(attempt.assessment, attempt.enrollment, now=now)  # lazy expiry
        attempt.refresh_from_db()
        if attempt.status == AttemptStatus.OPEN:
            return redirect("assessments:exam-page", attempt_pk=attempt.pk)
    standing = monitoring.standing(attempt)
    allowed = monitoring.review_allowed(attempt, now=now, standing_=standing)
    finished = attempt.status in (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
    context = {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "enrollment": attempt.enrollment,
        "finished": finished,
        "result_text": monitoring.result_text(attempt.assessment.kind, bool(attempt.passed))
        if finished
        else "",
        "is_final": attempt.assessment.kind == AssessmentKind.FINAL,
        "breakdown": monitoring.breakdown_of(attempt) if finished else [],
        "remaining": standing.remaining(attempt.assessment.max_attempts),
        "passed_any": standing.passed,
        "review": monitoring.attempt_review(attempt) if allowed else None,
        "review_hint": "" if allowed else monitoring.review_opens_hint(attempt),
    }
    return _no_store(render(request, "assessments/exam/result.html", context))


# --- managers: overview and configuration --------------------------------------------------------


@require_GET
def exam_overview(request: HttpRequest) -> HttpResponse:
    if monitoring.is_exam_manager(request.user):
        page = paginate(
            request, monitoring.offerings_with_assessments(), per_page=OFFERINGS_PER_PAGE
        )
        context = {"page": page, "is_manager": True}
    else:
        page = paginate(request, monitoring.facilitated_assessments(request.user))
        context = {"page": page, "is_manager": False}
    return render(request, "assessments/exam/overview.html", context)


@require_GET
def offering_assessments(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=offering_pk)
    assessments = list(
        Assessment.objects.filter(offering=offering)
        .select_related("subject")
        .annotate(attempt_count=Count("attempts"))
        .order_by("kind", "subject__order", "pk")
    )
    capacities = setup.bank_capacities(assessments)
    rows = [
        {
            "assessment": a,
            "capacity": capacities[a.pk],
            "short": capacities[a.pk] < a.max_attempts,
        }
        for a in assessments
    ]
    context = {"offering": offering, "rows": rows, "kinds": AssessmentKind.choices}
    return render(request, "assessments/exam/offering_assessments.html", context)


@require_http_methods(["GET", "POST"])
def assessment_create(request: HttpRequest, offering_pk: int) -> HttpResponse:
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=offering_pk)
    data = request.POST if request.method == "POST" else None
    kind = request.GET.get("kind", "")
    form = AssessmentForm(
        data,
        offering=offering,
        initial={
            "kind": kind if kind in AssessmentKind.values else AssessmentKind.SUBJECT,
            "shuffle_options": True,
        },
    )
    formset = blueprint_formset(offering, data=data)
    if request.method == "POST":
        result = _configure(request, form, formset, offering, assessment=None)
        if result is not None:
            return redirect("assessments:assessment-edit", assessment_pk=result.pk)
    context = {"offering": offering, "form": form, "formset": formset, "assessment": None}
    return render(request, "assessments/exam/assessment_form.html", context)


@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment = get_object_or_404(
        Assessment.objects.select_related("offering__program", "subject"), pk=assessment_pk
    )
    offering = assessment.offering
    data = request.POST if request.method == "POST" else None
    form = AssessmentForm.for_assessment(assessment, data)
    formset = blueprint_formset(offering, data=data, rows=assessment.blueprint)
    if request.method == "POST":
        result = _configure(request, form, formset, offering, assessment=assessment)
        if result is not None:
            return redirect("assessments:assessment-edit", assessment_pk=result.pk)
    context = {
        "offering": offering,
        "form": form,
        "formset": formset,
        "assessment": assessment,
        "capacity": setup.bank_capacity(assessment),
        "attempt_count": assessment.attempts.count(),
    }
    return render(request, "assessments/exam/assessment_form.html", context)


def _configure(
    request: HttpRequest,
    form: AssessmentForm,
    formset: BaseFormSet,
    offering: Offering,
    *,
    assessment: Assessment | None,
) -> Assessment | None:
    """Save the form through ``setup``; refusals become form errors, warnings messages."""
    if not (form.is_valid() and formset.is_valid()):
        return None
    try:
        result = setup.configure_assessment(
            offering,
            blueprint=blueprint_rows(formset),
            by=request.user,
            now=timezone.now(),
            assessment=assessment,
            **form.setup_arguments(),
        )
    except DomainError as exc:
        form.add_domain_error(exc)
        return None
    messages.success(request, _("Pengaturan ujian disimpan."))
    for warning in result.warnings:
        messages.warning(request, warning)
    return result.assessment


@require_POST
def assessment_publish(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment = get_object_or_404(Assessment, pk=assessment_pk)
    now = timezone.now()
    try:
        if request.POST.get("action") == "withdraw":
            setup.unpublish_assessment(assessment, by=request.user, now=now)
            messages.success(request, _("Ujian ditarik dari peserta."))
        else:
            setup.publish_assessment(assessment, by=request.user, now=now)
            messages.success(request, _("Ujian diterbitkan."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:offering-assessments", offering_pk=assessment.offering_id)


# --- managers (and facilitators, read-only): monitor, results, attempt, analysis --------------


@require_GET
@domain_404
def assessment_monitor(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment = monitoring.assessment_for_staff(assessment_pk, request.user)
    monitor = monitoring.session_monitor(assessment, now=timezone.now())
    state = request.GET.get("state", "")
    rows = [r for r in monitor.rows if r.state == state] if state else monitor.rows
    page = Paginator(rows, MONITOR_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "assessment": assessment,
        "monitor": monitor,
        "page": page,
        "poll_url": f"{request.path}?page={page.number}",
        "state": state,
        "states": [(s.value, label) for s, label in monitoring.MONITOR_STATE_LABELS.items()],
    }
    template = "assessments/exam/partials/monitor_table.html"
    if not request.htmx:
        template = "assessments/exam/monitor.html"
    return _no_store(render(request, template, context))


@require_GET
@domain_404
def assessment_results(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment = monitoring.assessment_for_staff(assessment_pk, request.user)
    page = paginate(request, monitoring.results_for(assessment), per_page=RESULTS_PER_PAGE)
    context = {
        "assessment": assessment,
        "page": page,
        "summary": monitoring.results_summary(assessment),
    }
    return _no_store(render(request, "assessments/exam/results.html", context))


@require_GET
@domain_404
def assessment_results_xlsx(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment = monitoring.assessment_for_staff(assessment_pk, request.user)
    header, rows = monitoring.results_sheet(assessment)
    return _xlsx(xlsx_bytes({_("Hasil"): (header, rows)}), f"hasil-ujian-{assessment.pk}.xlsx")


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return _no_store(response)


@require_GET
@domain_404
def attempt_detail_manager(request: HttpRequest, attempt_pk: int) -> HttpResponse:
    attempt = monitoring.attempt_for_staff(attempt_pk, request.user)
    return _attempt_detail(request, attempt, VoidForm())


def _attempt_detail(request: HttpRequest, attempt: object, void_form: VoidForm) -> HttpResponse:
    answered, total = monitoring.answered_count(attempt)
    context = {
        "attempt": attempt,
        "assessment": attempt.assessment,
        "events": monitoring.attempt_events(attempt),
        "review": monitoring.attempt_review(attempt),
        "answered": answered,
        "total": total,
        "can_void": monitoring.is_exam_manager(request.user)
        and attempt.status != AttemptStatus.VOIDED,
        "void_form": void_form,
        "result_text": monitoring.result_text(attempt.assessment.kind, bool(attempt.passed))
        if attempt.status in (AttemptStatus.SUBMITTED, AttemptStatus.EXPIRED)
        else "",
        "duration": monitoring.duration_minutes(attempt),
    }
    return _no_store(render(request, "assessments/exam/attempt_detail.html", context))


@require_POST
@domain_404
def attempt_void(request: HttpRequest, attempt_pk: int) -> HttpResponse:
    attempt = monitoring.attempt_for_staff(attempt_pk, request.user)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            void_attempt(
                attempt, by=request.user, reason=form.cleaned_data["reason"], now=timezone.now()
            )
        except DomainError as exc:
            form.add_error("reason", str(exc))
        else:
            messages.success(
                request, _("Percobaan dibatalkan; tidak dihitung dalam batas kesempatan.")
            )
            return redirect("assessments:attempt-detail-manager", attempt_pk=attempt.pk)
    return _attempt_detail(request, attempt, form)


@require_GET
@domain_404
def assessment_analysis(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment = monitoring.assessment_for_staff(assessment_pk, request.user)
    first_only = request.GET.get("semua") != "1"
    result = analysis_service.assessment_analysis(assessment, first_only=first_only)
    test = result.analysis.test
    chart = {
        "labels": analysis_service.histogram_labels(),
        "counts": list(test.histogram),
        "label": _("Jumlah peserta"),
    }
    context = {
        "assessment": assessment,
        "result": result,
        "test": test,
        "rows": _analysis_rows(result),
        "chart": chart,
        "first_only": first_only,
    }
    return _no_store(render(request, "assessments/exam/analysis.html", context))


def _analysis_rows(result: analysis_service.AssessmentAnalysis) -> list[dict]:
    letters = monitoring.OPTION_LETTERS
    rows = []
    for number, stats in enumerate(result.analysis.items, start=1):
        info = result.items[stats.item_id]
        rows.append(
            {
                "number": number,
                "stats": stats,
                "info": info,
                "options": [
                    {"letter": letters[i], "count": count, "is_key": i in info.key}
                    for i, count in enumerate(stats.option_counts)
                ],
            }
        )
    return rows


@require_GET
@domain_404
def assessment_analysis_xlsx(request: HttpRequest, assessment_pk: int) -> HttpResponse:
    assessment = monitoring.assessment_for_staff(assessment_pk, request.user)
    first_only = request.GET.get("semua") != "1"
    result = analysis_service.assessment_analysis(assessment, first_only=first_only)
    sheets = analysis_service.analysis_sheets(result)
    return _xlsx(xlsx_bytes(sheets), f"analisis-butir-{assessment.pk}.xlsx")
