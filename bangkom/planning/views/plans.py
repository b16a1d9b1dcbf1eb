"""Pages of program plans for managers: create, edit while draft/returned, submit, approve
or return (a pengelola other than the submitter), comments, committee, budget from the
cost model, the persiapan checklist, and "Buat angkatan" once approved."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bangkom.common.errors import DomainError
from bangkom.common.pagination import paginate
from bangkom.planning import plans as plan_service
from bangkom.planning import preparation, queries
from bangkom.planning.budget import plan_budget
from bangkom.planning.choices import PlanStatus
from bangkom.planning.forms import (
    CommentForm,
    CommitteeForm,
    CostParametersForm,
    ItemUpdateForm,
    OfferingFromPlanForm,
    PlanForm,
    PreparationItemForm,
    TransitionForm,
    item_owners,
)
from bangkom.planning.models import PlanCommitteeMember, PreparationItem, ProgramPlan

PLANS_PER_PAGE = 25


def _plan(pk: int) -> ProgramPlan:
    try:
        return queries.plan_for_detail(pk)
    except ProgramPlan.DoesNotExist:
        raise Http404 from None


def plan_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    plans = plan_service.plans_for_list(status=status)
    context = {
        "page": paginate(request, plans, per_page=PLANS_PER_PAGE),
        "status": status,
        "statuses": PlanStatus.choices,
    }
    return render(request, "planning/plan_list.html", context)


@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    initial = {"year": timezone.localdate().year, "target_pass_rate": 80}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_service.create_plan(form.plan_data(), by=request.user, now=timezone.now())
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Rencana dibuat sebagai draf dengan daftar persiapan."))
            return redirect("planning:plan-detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": None})


@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = PlanForm.for_plan(plan, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan_service.update_plan(plan, form.plan_data(), by=request.user)
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Rencana disimpan."))
            return redirect("planning:plan-detail", pk=plan.pk)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan})


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    items, summary = preparation.checklist(plan, today=timezone.localdate())
    budget = plan_budget(plan)
    editable = plan.status in plan_service.EDITABLE
    owners = item_owners()
    context = {
        "plan": plan,
        "items": [
            {
                "item": item,
                "form": ItemUpdateForm(
                    prefix=f"item{item.pk}", initial=_item_initial(item), owners=owners
                ),
            }
            for item in items
        ],
        "summary": summary,
        "committee": plan.committee.select_related("user"),
        "comments": plan.comments.select_related("author"),
        "budget": budget,
        "budget_form": CostParametersForm(budget.parameters) if budget and editable else None,
        "actions": plan_service.available_actions(request.user, plan),
        "missing": plan_service.missing_for_submission(plan),
        "editable": editable,
        "transition_form": TransitionForm(),
        "comment_form": CommentForm(),
        "committee_form": CommitteeForm(),
        "item_form": PreparationItemForm(),
        "can_create_offering": plan.status == PlanStatus.APPROVED and plan.offering_id is None,
    }
    return render(request, "planning/plan_detail.html", context)


def _item_initial(item: PreparationItem) -> dict:
    return {"owner": item.owner_id, "due_on": item.due_on, "note": item.note, "done": item.is_done}


@require_POST
def plan_transition(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tindakan tidak dikenal."))
        return redirect("planning:plan-detail", pk=plan.pk)
    seen = request.POST.get("from", "")
    if seen in PlanStatus.values:
        plan.status = seen  # what the manager saw; a stale page is refused
    try:
        plan_service.transition_plan(
            plan,
            form.cleaned_data["action"],
            by=request.user,
            now=timezone.now(),
            comment=form.cleaned_data["comment"],
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Status rencana sekarang: %(status)s.") % {"status": plan.get_status_display()},
        )
    return redirect("planning:plan-detail", pk=plan.pk)


@require_POST
def plan_comment(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        plan_service.add_plan_comment(
            plan, by=request.user, body=form.cleaned_data["body"], now=timezone.now()
        )
        messages.success(request, _("Komentar ditambahkan."))
    else:
        messages.error(request, _("Komentar tidak boleh kosong."))
    return redirect("planning:plan-detail", pk=plan.pk)


@require_POST
def plan_budget_params(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    budget = plan_budget(plan)
    if budget is None:
        messages.error(request, _("Pilih templat biaya pada rencana lebih dulu."))
        return redirect("planning:plan-detail", pk=plan.pk)
    form = CostParametersForm(budget.parameters, request.POST)
    if form.is_valid():
        try:
            plan_service.set_cost_parameters(plan, form.cleaned_data, by=request.user)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Parameter anggaran disimpan."))
    else:
        messages.error(request, _("Periksa kembali parameter anggaran."))
    return redirect("planning:plan-detail", pk=plan.pk)


@require_POST
def committee_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = CommitteeForm(request.POST)
    if form.is_valid():
        try:
            plan_service.add_committee_member(
                plan,
                user=form.cleaned_data["user"],
                task=form.cleaned_data["task"],
                by=request.user,
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Panitia ditambahkan."))
    else:
        messages.error(request, _("Pilih pengelola dan tuliskan tugasnya."))
    return redirect("planning:plan-detail", pk=plan.pk)


@require_POST
def committee_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(PlanCommitteeMember, pk=pk)
    plan_service.remove_committee_member(member, by=request.user)
    messages.success(request, _("Panitia dihapus."))
    return redirect("planning:plan-detail", pk=member.plan_id)


@require_POST
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    form = PreparationItemForm(request.POST)
    if form.is_valid():
        try:
            preparation.add_preparation_item(plan, by=request.user, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Butir persiapan ditambahkan."))
    else:
        messages.error(request, _("Periksa kembali butir persiapan."))
    return redirect("planning:plan-detail", pk=plan.pk)


@require_POST
def item_update(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(PreparationItem, pk=pk)
    form = ItemUpdateForm(request.POST, prefix=f"item{item.pk}", owners=item_owners())
    if form.is_valid():
        data = form.cleaned_data
        preparation.update_preparation_item(
            item, owner=data["owner"], due_on=data["due_on"], note=data["note"], by=request.user
        )
        preparation.set_item_done(item, done=data["done"], by=request.user, now=timezone.now())
        messages.success(request, _("Butir persiapan disimpan."))
    else:
        messages.error(request, _("Periksa kembali butir persiapan."))
    return redirect("planning:plan-detail", pk=item.plan_id)


@require_http_methods(["GET", "POST"])
def offering_create(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(pk)
    if plan.offering_id is not None:
        messages.info(request, _("Rencana ini sudah memiliki angkatan."))
        return redirect("planning:plan-detail", pk=plan.pk)
    initial = {"code": f"{plan.program.code}-{plan.year}", "name": plan.title}
    form = OfferingFromPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offering = plan_service.create_offering_from_plan(
                plan, by=request.user, now=timezone.now(), **form.cleaned_data
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request, _("Angkatan %(code)s dibuat sebagai draf.") % {"code": offering.code}
            )
            return redirect("planning:plan-detail", pk=plan.pk)
    schedule = None
    if plan.starts_on and plan.ends_on:
        schedule = plan_service.offering_schedule(plan)
    context = {"plan": plan, "form": form, "schedule": schedule}
    return render(request, "planning/offering_form.html", context)
