"""Pages of the training-needs analysis (AKPK/TNA): managers build, rank, finalise and
export; a pimpinan answers the three questions for their institution's candidates, a
participant for the candidates that cover their own gap."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.common.errors import DomainError, NotFound
from bangkom.common.pagination import paginate
from bangkom.planning import needs as need_service
from bangkom.planning import queries
from bangkom.planning.choices import AnalysisStatus, RespondentKind
from bangkom.planning.forms import AnalysisBuildForm, AnswerForm
from bangkom.planning.models import NeedAnswer, NeedsAnalysis
from bangkom.planning.views import xlsx_response

ANALYSES_PER_PAGE = 25
CANDIDATES_PER_PAGE = 25


def _analysis(pk: int) -> NeedsAnalysis:
    try:
        return queries.analysis_for_detail(pk)
    except NeedsAnalysis.DoesNotExist:
        raise Http404 from None


def analysis_list(request: HttpRequest, form: AnalysisBuildForm | None = None) -> HttpResponse:
    page = paginate(request, need_service.analyses_for_list(), per_page=ANALYSES_PER_PAGE)
    year = timezone.localdate().year
    context = {"page": page, "form": form or AnalysisBuildForm(initial={"year": year})}
    return render(request, "planning/analysis_list.html", context)


@require_POST
def analysis_build(request: HttpRequest) -> HttpResponse:
    form = AnalysisBuildForm(request.POST)
    if form.is_valid():
        try:
            analysis = need_service.build_needs_analysis(
                form.cleaned_data["institution"],
                form.cleaned_data["year"],
                by=request.user,
                now=timezone.now(),
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Analisis kebutuhan disusun dari kesenjangan terkini."))
            return redirect("planning:analysis-detail", pk=analysis.pk)
    return analysis_list(request, form=form)


def analysis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(pk)
    answers = NeedAnswer.objects.select_related("answered_by").order_by("answered_at")
    candidates = need_service.ranked_needs(analysis).prefetch_related(
        Prefetch("answers", queryset=answers)
    )
    context = {
        "analysis": analysis,
        "page": paginate(request, candidates, per_page=CANDIDATES_PER_PAGE),
        "is_final": analysis.status == AnalysisStatus.FINAL,
    }
    return render(request, "planning/analysis_detail.html", context)


@require_POST
def analysis_rebuild(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(pk)
    try:
        need_service.build_needs_analysis(
            analysis.institution, analysis.year, by=request.user, now=timezone.now()
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Kandidat dihitung ulang; jawaban TNA yang masih berlaku tetap.")
        )
    return redirect("planning:analysis-detail", pk=analysis.pk)


@require_POST
def analysis_status(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(pk)
    if request.POST.get("status") == AnalysisStatus.FINAL:
        need_service.finalize_analysis(analysis, now=timezone.now())
        messages.success(request, _("Analisis kebutuhan ditetapkan final."))
    else:
        need_service.reopen_analysis(analysis, now=timezone.now())
        messages.success(request, _("Analisis kebutuhan dibuka kembali sebagai draf."))
    return redirect("planning:analysis-detail", pk=analysis.pk)


def analysis_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(pk)
    filename = f"akpk-{slugify(analysis.institution.code)}-{analysis.year}.xlsx"
    return xlsx_response(need_service.needs_xlsx(analysis), filename)


# --- answering --------------------------------------------------------------------------------


def _needs_page(request: HttpRequest, candidates: object, *, template: str) -> HttpResponse:
    page = paginate(request, candidates, per_page=CANDIDATES_PER_PAGE)
    mine = need_service.answers_of(request.user, page.object_list)
    rows = [{"candidate": c, "answer": mine.get(c.pk)} for c in page.object_list]
    return render(request, template, {"page": page, "rows": rows})


def supervisor_needs(request: HttpRequest) -> HttpResponse:
    candidates = need_service.candidates_for_supervisor(request.user)
    return _needs_page(request, candidates, template="planning/supervisor_needs.html")


def my_needs(request: HttpRequest) -> HttpResponse:
    candidates = need_service.candidates_for_employee(request.user)
    return _needs_page(request, candidates, template="planning/my_needs.html")


def _answer_page(request: HttpRequest, pk: int, *, respondent: str, back: str) -> HttpResponse:
    try:
        candidate = need_service.candidate_for(request.user, pk, respondent=respondent)
    except NotFound:
        raise Http404 from None
    answer = need_service.answers_of(request.user, [candidate]).get(candidate.pk)
    form = AnswerForm.for_answer(answer, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            need_service.answer_need(
                candidate,
                by=request.user,
                respondent=respondent,
                now=timezone.now(),
                **form.cleaned_data,
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Jawaban TNA disimpan."))
            return redirect(back)
    context = {
        "candidate": candidate,
        "form": form,
        "back": back,
        "is_final": candidate.analysis.status == AnalysisStatus.FINAL,
        "respondent": respondent,
    }
    return render(request, "planning/answer_form.html", context)


@require_http_methods(["GET", "POST"])
def supervisor_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_page(
        request, pk, respondent=RespondentKind.SUPERVISOR, back="planning:supervisor-needs"
    )


@require_http_methods(["GET", "POST"])
def my_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _answer_page(request, pk, respondent=RespondentKind.EMPLOYEE, back="planning:my-needs")
