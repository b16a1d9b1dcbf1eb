"""Evaluation pages: "Survei saya" and answering; survey reports (Likert bars, XLSX); the
impact results; violations, sanctions and appeals. Thin: rules live in the modules."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bangkom.common.downloads import content_disposition
from bangkom.common.errors import DomainError, NotFound
from bangkom.common.exports import xlsx_bytes
from bangkom.common.pagination import paginate
from bangkom.curriculum.models import Offering
from bangkom.evaluation import queries, sanctions, surveys
from bangkom.evaluation.errors import InvalidAnswers
from bangkom.evaluation.forms import (
    AppealDecisionForm,
    AppealForm,
    InstrumentSetForm,
    SanctionForm,
    ViolationForm,
)
from bangkom.evaluation.impact_reports import impact_report
from bangkom.evaluation.models import SanctionAppeal
from bangkom.evaluation.reporting import instrument_results, survey_response_rate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 25


def _or_404(fn, *args):  # noqa: ANN001
    try:
        return fn(*args)
    except NotFound:
        raise Http404 from None


# --- Participants (and every other respondent) --------------------------------------------------


def my_surveys(request: HttpRequest) -> HttpResponse:
    instruments = surveys.open_surveys_for(request.user, now=timezone.now())
    return render(request, "evaluation/my_surveys.html", {"instruments": instruments})


@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = _or_404(queries.instrument_for_answer, pk)
    user = request.user
    if surveys.respondent_role_for(instrument, user) is None:
        raise Http404
    if surveys.has_answered(instrument, user):
        messages.info(request, _("Anda sudah mengisi survei ini. Terima kasih."))
        return redirect("evaluation:my-surveys")
    errors: dict[int, str] = {}
    given: dict[int, str] = {}
    if request.method == "POST":
        items = surveys.instrument_items(instrument)
        given = {item.pk: request.POST.get(f"item-{item.pk}", "") for item in items}
        try:
            surveys.submit_response(instrument, user=user, answers=given, now=timezone.now())
        except InvalidAnswers as error:
            errors = error.errors
            messages.error(request, error.message)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("evaluation:my-surveys")
        else:
            messages.success(request, _("Terima kasih, jawaban Anda tersimpan tanpa nama."))
            return redirect("evaluation:my-surveys")
    context = {
        "instrument": instrument,
        "questions": _questions(instrument, given, errors),
        "is_open": instrument.is_open_at(timezone.now()),
        "scale": list(enumerate(instrument.template.scale_labels, start=1)),
    }
    return render(request, "evaluation/survey_answer.html", context, status=422 if errors else 200)


def _questions(instrument, given: dict, errors: dict) -> list[dict]:  # noqa: ANN001
    return [
        {
            "item": item,
            "value": str(given.get(item.pk, "")),
            "error": errors.get(item.pk, ""),
        }
        for item in surveys.instrument_items(instrument)
    ]


# --- Reports ------------------------------------------------------------------------------------


def instrument_list(request: HttpRequest) -> HttpResponse:
    try:
        offering_id = int(request.GET.get("angkatan", "") or 0) or None
    except ValueError:
        offering_id = None
    rows = queries.instruments_for_list(request.user, offering_id=offering_id)
    page = paginate(request, rows, per_page=PER_PAGE)
    context = {
        "page": page,
        "offering_id": offering_id,
        "can_manage": queries.sees_all_results(request.user),
    }
    return render(request, "evaluation/instrument_list.html", context)


@require_http_methods(["GET", "POST"])
def offering_instruments(request: HttpRequest, pk: int) -> HttpResponse:
    """A manager creates the standard instruments of an offering."""
    offering = get_object_or_404(Offering.objects.select_related("program"), pk=pk)
    form = InstrumentSetForm(
        request.POST or None,
        initial={
            "phase": "after",
            "opens_at": offering.ends_at,
            "closes_at": offering.ends_at + timedelta(days=14),
        },
    )
    if request.method == "POST" and form.is_valid():
        made = surveys.create_offering_instruments(
            offering,
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
            phase=form.cleaned_data["phase"],
        )
        messages.success(request, _("%(n)s instrumen survei siap.") % {"n": len(made)})
        return redirect(f"{_url('evaluation:instrument-list')}?angkatan={offering.pk}")
    return render(
        request, "evaluation/offering_instruments.html", {"offering": offering, "form": form}
    )


def _url(name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def instrument_report(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = _or_404(queries.instrument_for_report, request.user, pk)
    results = instrument_results(instrument)
    answered, invited = survey_response_rate(instrument)
    labels = instrument.template.scale_labels
    chart = None
    if results.enough:
        chart = {
            "labels": [f"{i + 1}. {row.statement}" for i, row in enumerate(results.rows)],
            "scale": labels,
            "percents": [list(row.percents) for row in results.rows],
        }
    context = {
        "instrument": instrument,
        "results": results,
        "answered": answered,
        "invited": invited,
        "labels": labels,
        "chart": chart,
    }
    return render(request, "evaluation/instrument_report.html", context)


def instrument_export(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = _or_404(queries.instrument_for_report, request.user, pk)
    results = instrument_results(instrument)
    if not results.enough:
        messages.error(request, _("Belum cukup tanggapan (n < %(n)s).") % {"n": results.threshold})
        return redirect("evaluation:instrument-report", pk=pk)
    labels = instrument.template.scale_labels
    header = [_("No"), _("Pernyataan"), *[f"{label} (%)" for label in labels]]
    header += [_("Setuju + sangat setuju (%)"), _("Jumlah jawaban")]
    rows = [
        [i, row.statement, *row.percents, row.percent_agree, row.total]
        for i, row in enumerate(results.rows, start=1)
    ]
    body = xlsx_bytes({_("Hasil survei"): (header, rows)})
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(
        f"survei-{instrument.pk}.xlsx", inline=False
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def impact_results(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/impact_results.html", {"report": impact_report()})


# --- Violations and sanctions (managers) --------------------------------------------------------


def violation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = paginate(request, queries.violations_for_list(query=query), per_page=PER_PAGE)
    return render(request, "evaluation/violation_list.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
def violation_create(request: HttpRequest) -> HttpResponse:
    form = ViolationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enrollment = queries.enrollment_by_nip(data["offering"].pk, data["nip"])
        attempt = None
        if enrollment is None:
            form.add_error("nip", _("Tidak ada peserta dengan NIP ini di angkatan tersebut."))
        elif data["attempt_id"]:
            attempt = enrollment.attempts.filter(pk=data["attempt_id"]).first()
            if attempt is None:
                form.add_error("attempt_id", _("Percobaan ujian ini bukan milik peserta tersebut."))
        if not form.errors:
            try:
                violation = sanctions.record_violation(
                    enrollment,
                    kind=data["kind"],
                    description=data["description"],
                    attempt=attempt,
                    evidence=data["evidence"],
                    by=request.user,
                    now=timezone.now(),
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Pelanggaran dicatat. Putuskan sanksinya."))
                return redirect("evaluation:violation-detail", pk=violation.pk)
    return render(request, "evaluation/violation_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def violation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    violation = _or_404(queries.violation_for_detail, pk)
    form = SanctionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sanction = sanctions.impose_sanction(
                violation,
                kind=form.cleaned_data["kind"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                now=timezone.now(),
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Sanksi diputuskan; peserta diberi tahu."))
            return redirect("evaluation:sanction-detail", pk=sanction.pk)
    context = {
        "violation": violation,
        "events": queries.integrity_events(violation),
        "sanctions": violation.sanctions.select_related("decided_by"),
        "form": form,
    }
    return render(request, "evaluation/violation_detail.html", context)


@require_http_methods(["GET", "POST"])
def sanction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = _or_404(queries.sanction_for_manager, pk)
    appeal = SanctionAppeal.objects.filter(sanction=sanction).first()
    form = AppealDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        lift = form.cleaned_data["decision"] == "lift"
        note = form.cleaned_data["note"]
        try:
            if appeal is not None:
                sanctions.decide_appeal(
                    appeal, lift=lift, note=note, by=request.user, now=timezone.now()
                )
            elif lift:
                sanctions.lift_sanction(sanction, by=request.user, note=note, now=timezone.now())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Keputusan disimpan."))
            return redirect("evaluation:sanction-detail", pk=pk)
    context = {"sanction": sanction, "appeal": appeal, "form": form}
    return render(request, "evaluation/sanction_detail.html", context)


# --- The participant's sanctions ----------------------------------------------------------------


def my_sanctions(request: HttpRequest) -> HttpResponse:
    rows = queries.sanctions_of(request.user).select_related("appeal")
    page = paginate(request, rows, per_page=PER_PAGE)
    return render(request, "evaluation/my_sanctions.html", {"page": page})


@require_http_methods(["GET", "POST"])
def my_sanction(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = _or_404(queries.own_sanction, request.user, pk)
    appeal = SanctionAppeal.objects.filter(sanction=sanction).first()
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sanctions.file_appeal(
                sanction, by=request.user, note=form.cleaned_data["note"], now=timezone.now()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Banding diajukan; pengelola akan memutuskannya."))
            return redirect("evaluation:my-sanction", pk=pk)
    context = {"sanction": sanction, "appeal": appeal, "form": form}
    return render(request, "evaluation/my_sanction.html", context)
