"""HTML views of the finance context: the cost comparison (page, HTMX fragment, XLSX,
PDF) and the editing of templates, lines, parameters and unit prices.

Only pengelola and admin reach these views (``finance/access.py``). Views parse with a
form, call one function of ``costing.py`` or ``authoring.py`` and show its refusal as a
form error; a refused edit saves nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bangkom.common.downloads import content_disposition
from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.finance import authoring
from bangkom.finance.choices import ScenarioCode
from bangkom.finance.costing import (
    CostComparison,
    CostPlan,
    cost_plan,
    evaluate_plan,
    parameter_specs,
    plan_curve,
    template_by_code,
)
from bangkom.finance.documents import comparison_pdf, comparison_xlsx
from bangkom.finance.forms import (
    ComparisonForm,
    LineForm,
    ParameterForm,
    PriceItemForm,
    ScenarioAddForm,
    TemplateCopyForm,
    TemplateForm,
    UnitPriceForm,
)
from bangkom.finance.models import (
    CostLine,
    CostParameter,
    CostScenario,
    CostTemplate,
    PriceItem,
    UnitPrice,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _refuse(form: object, error: DomainError) -> None:
    """Attach a domain refusal to the form field it names, else to the whole form."""
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, str(error.message))


# --- the comparison -------------------------------------------------------------------------


@dataclass
class ComparisonRequest:
    template: CostTemplate
    form: ComparisonForm
    comparison: CostComparison | None
    plan: CostPlan | None


def _comparison_for(request: HttpRequest) -> ComparisonRequest:
    """Parse the query string and compute the comparison, or the form with its errors."""
    try:
        template = template_by_code(request.GET.get("template"))
    except DomainError:
        raise Http404 from None
    specs = parameter_specs(template)
    initial = {"template": template.code, "year": template.price_year}
    initial |= {spec.code: spec.default for spec in specs}
    # A link may name only some parameters (?participants=300): the form shows the
    # defaults for the others instead of empty fields.
    data = (
        {**{k: str(v) for k, v in initial.items()}, **request.GET.dict()} if request.GET else None
    )
    form = ComparisonForm(data, parameters=specs, initial=initial)
    if form.is_bound and not form.is_valid():
        return ComparisonRequest(template, form, None, None)
    params = form.parameter_values() if form.is_bound else {}
    year = form.cleaned_data.get("year") if form.is_bound else None
    try:
        plan = cost_plan(template, year=year)
        return ComparisonRequest(template, form, evaluate_plan(plan, params), plan)
    except DomainError as exc:
        _refuse(form, exc)
        return ComparisonRequest(template, form, None, None)


def _chart_json(result: ComparisonRequest) -> str:
    """The chart's data as JSON text for ``cost_chart.js`` ("" when there is nothing to draw)."""
    comparison, plan = result.comparison, result.plan
    if comparison is None or plan is None or comparison.participants is None:
        return ""
    params = result.form.parameter_values() if result.form.is_bound else {}
    points = plan_curve(plan, params)
    participants = comparison.participants
    data = {
        "participants": int(participants)
        if participants == participants.to_integral_value()
        else float(participants),
        "points": [
            {"participants": p.participants, "conventional": p.conventional, "smart": p.smart}
            for p in points
        ],
        "labels": {
            "conventional": comparison.conventional.label,
            "smart": comparison.smart.label,
            "x": _("Jumlah peserta (skala logaritmik)"),
            "y": _("Biaya per peserta (Rp)"),
            "participants": _("peserta"),
        },
    }
    return json.dumps(data)


@require_GET
def comparison(request: HttpRequest) -> HttpResponse:
    result = _comparison_for(request)
    query = request.GET.urlencode() or f"template={result.template.code}"
    context = {
        "template": result.template,
        "templates": CostTemplate.objects.only("code", "name"),
        "form": result.form,
        "comparison": result.comparison,
        "chart_json": _chart_json(result),
        "query": query,
    }
    if request.htmx:
        return render(request, "finance/partials/comparison_results.html", context)
    return render(request, "finance/comparison.html", context)


def _export(request: HttpRequest, *, build: object, content_type: str, ext: str) -> HttpResponse:
    result = _comparison_for(request)
    if result.comparison is None:
        errors = [str(e) for errors in result.form.errors.values() for e in errors]
        messages.error(request, " ".join(errors) or _("Parameter tidak valid."))
        return redirect(f"{reverse('finance:comparison')}?{request.GET.urlencode()}")
    response = HttpResponse(build(result.comparison), content_type=content_type)
    filename = f"perbandingan-biaya-{result.template.code}.{ext}"
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    return response


@require_GET
def comparison_xlsx_view(request: HttpRequest) -> HttpResponse:
    return _export(request, build=comparison_xlsx, content_type=XLSX, ext="xlsx")


@require_GET
def comparison_pdf_view(request: HttpRequest) -> HttpResponse:
    return _export(request, build=comparison_pdf, content_type="application/pdf", ext="pdf")


# --- templates --------------------------------------------------------------------------


@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    templates = CostTemplate.objects.annotate(line_count=Count("scenarios__lines")).order_by(
        "-is_builtin", "name", "pk"
    )
    return render(request, "finance/template_list.html", {"page": paginate(request, templates)})


def _template_with_lines(pk: int) -> CostTemplate:
    lines = CostLine.objects.select_related("price_item").order_by("order", "pk")
    return get_object_or_404(
        CostTemplate.objects.prefetch_related(
            "parameters", Prefetch("scenarios__lines", queryset=lines)
        ),
        pk=pk,
    )


@require_GET
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template_with_lines(pk)
    present = {s.code for s in template.scenarios.all()}
    context = {
        "template": template,
        "scenario_form": ScenarioAddForm(),
        "can_add_scenario": not template.is_builtin and set(ScenarioCode.values) - present,
    }
    return render(request, "finance/template_detail.html", context)


@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(CostTemplate, pk=pk)
    form = TemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data
            authoring.update_template(
                CostTemplate.objects.get(pk=pk),
                name=data["name"],
                description=data["description"],
                notes=data["notes"],
                price_year=data["price_year"],
            )
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Templat disimpan."))
            return redirect("finance:template-detail", pk=pk)
    return render(request, "finance/template_form.html", {"form": form, "template": template})


@require_http_methods(["GET", "POST"])
def template_copy(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(CostTemplate, pk=pk)
    form = TemplateCopyForm(
        request.POST or None,
        initial={
            "code": f"{source.code}-salinan",
            "name": _("%(name)s (salinan)") % {"name": source.name},
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            copy = authoring.copy_template(source, **form.cleaned_data)
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Templat disalin; salinan ini dapat diubah."))
            return redirect("finance:template-detail", pk=copy.pk)
    return render(request, "finance/template_copy.html", {"form": form, "source": source})


@require_http_methods(["GET", "POST"])
def scenario_add(request: HttpRequest, pk: int) -> HttpResponse:
    """POST adds the scenario; GET (the form lives on the detail page) goes back there."""
    template = get_object_or_404(CostTemplate, pk=pk)
    if request.method == "POST":
        _add_scenario(request, template, ScenarioAddForm(request.POST))
    return redirect("finance:template-detail", pk=pk)


def _add_scenario(request: HttpRequest, template: CostTemplate, form: ScenarioAddForm) -> None:
    if not form.is_valid():
        messages.error(request, _("Pilih skenario yang akan ditambahkan."))
        return
    try:
        authoring.add_scenario(template, **form.cleaned_data)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Skenario ditambahkan; isi baris-barisnya."))


# --- parameters and lines -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def parameter_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _parameter_form(request, get_object_or_404(CostTemplate, pk=pk), None)


@require_http_methods(["GET", "POST"])
def parameter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    parameter = get_object_or_404(CostParameter.objects.select_related("template"), pk=pk)
    return _parameter_form(request, parameter.template, parameter)


def _parameter_form(
    request: HttpRequest, template: CostTemplate, parameter: CostParameter | None
) -> HttpResponse:
    initial = {}
    if parameter is not None:
        initial = {f: getattr(parameter, f) for f in ParameterForm.base_fields}
    form = ParameterForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete" and parameter is not None:
                authoring.delete_parameter(parameter)
                messages.success(request, _("Parameter dihapus."))
                return redirect("finance:template-detail", pk=template.pk)
            if form.is_valid():
                authoring.save_parameter(template, parameter=parameter, **form.cleaned_data)
                messages.success(request, _("Parameter disimpan."))
                return redirect("finance:template-detail", pk=template.pk)
        except DomainError as exc:
            _refuse(form, exc)
    context = {"form": form, "template": template, "parameter": parameter}
    return render(request, "finance/parameter_form.html", context)


@require_http_methods(["GET", "POST"])
def line_add(request: HttpRequest, pk: int) -> HttpResponse:
    scenario = get_object_or_404(CostScenario.objects.select_related("template"), pk=pk)
    return _line_form(request, scenario, None)


@require_http_methods(["GET", "POST"])
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(
        CostLine.objects.select_related("scenario__template", "price_item"), pk=pk
    )
    return _line_form(request, line.scenario, line)


def _line_form(request: HttpRequest, scenario: CostScenario, line: CostLine | None) -> HttpResponse:
    template = scenario.template
    initial = {"order": (scenario.lines.count() + 1) if line is None else line.order}
    if line is not None:
        initial |= {f: getattr(line, f) for f in LineForm.base_fields if f != "price_item"}
        initial["price_item"] = line.price_item.code if line.price_item else None
    form = LineForm(request.POST or None, initial=initial)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "delete" and line is not None:
                authoring.delete_line(line)
                messages.success(request, _("Baris dihapus."))
                return redirect("finance:template-detail", pk=template.pk)
            if form.is_valid():
                authoring.save_line(scenario, line=line, **form.cleaned_data)
                messages.success(request, _("Baris disimpan."))
                return redirect("finance:template-detail", pk=template.pk)
        except DomainError as exc:
            _refuse(form, exc)
    parameters = template.parameters.all()
    context = {
        "form": form,
        "template": template,
        "scenario": scenario,
        "line": line,
        "parameters": parameters,
    }
    return render(request, "finance/line_form.html", context)


# --- unit prices ------------------------------------------------------------------------


@require_GET
def price_list(request: HttpRequest) -> HttpResponse:
    history = UnitPrice.objects.order_by("-effective_year", "province_code")
    items = PriceItem.objects.prefetch_related(Prefetch("prices", queryset=history))
    return render(request, "finance/price_list.html", {"page": paginate(request, items)})


@require_http_methods(["GET", "POST"])
def price_add(request: HttpRequest) -> HttpResponse:
    form = UnitPriceForm(request.POST or None, initial={"item": request.GET.get("item")})
    if request.method == "POST" and form.is_valid():
        try:
            authoring.add_unit_price(**form.cleaned_data)
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Harga baru disimpan; harga lama tetap tersimpan."))
            return redirect("finance:price-list")
    return render(request, "finance/price_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def price_item_add(request: HttpRequest) -> HttpResponse:
    form = PriceItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = authoring.create_price_item(**form.cleaned_data)
        except DomainError as exc:
            _refuse(form, exc)
        else:
            messages.success(request, _("Item disimpan; tambahkan harganya."))
            return redirect(f"{reverse('finance:price-add')}?item={item.code}")
    return render(request, "finance/price_item_form.html", {"form": form})
