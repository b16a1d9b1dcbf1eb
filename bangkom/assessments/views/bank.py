"""Pages of the item bank: banks, items (authoring, versions, review), import and export.

Only a bank's authors reach them (RELIABILITY.md K8): the access policy admits widyaiswara,
pengelola and admin, and ``permissions.authorable_bank``/``authorable_item`` answer 404
for a bank of someone else's subject or program. Answer keys appear on these pages and in
the exports only. The rules live in items.py, importers/ and exporters.py.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bangkom.assessments import items as item_service
from bangkom.assessments.choices import ItemStatus
from bangkom.assessments.exporters import export_gift, export_xlsx, template_xlsx
from bangkom.assessments.forms import (
    ImportForm,
    ItemBankForm,
    ItemFilterForm,
    ItemForm,
    ItemStatusForm,
    ReviewForm,
)
from bangkom.assessments.importers import import_items
from bangkom.assessments.permissions import (
    authorable_bank,
    authorable_banks,
    authorable_item,
    bank_targets,
    can_review_item,
    is_item_author,
)
from bangkom.common.downloads import content_disposition
from bangkom.common.errors import DomainError, NotFound
from bangkom.common.pagination import paginate
from bangkom.common.uploads import UploadRejected, run_scan_hook

BANKS_PER_PAGE = 25
ITEMS_PER_PAGE = 25
ERRORS_SHOWN = 200  # a broken 10 MB file may have thousands; the first ones tell the story
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _found(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn a NotFound from the scoping lookups into a 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc)) from None

    return wrapper


def _download(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # answer keys: never kept in a cache
    return response


# --- banks ----------------------------------------------------------------------------------


@require_GET
def bank_list(request: HttpRequest) -> HttpResponse:
    banks = item_service.banks_with_counts(authorable_banks(request.user))
    programs, subjects = bank_targets(request.user)
    context = {
        "page": paginate(request, banks, per_page=BANKS_PER_PAGE),
        "can_create": programs.exists() or subjects.exists(),
    }
    return render(request, "assessments/bank/bank_list.html", context)


@require_http_methods(["GET", "POST"])
def bank_create(request: HttpRequest) -> HttpResponse:
    programs, subjects = bank_targets(request.user)
    form = ItemBankForm(request.POST or None, programs=programs, subjects=subjects)
    if request.method == "POST" and form.is_valid():
        program, subject = form.target_objects()
        try:
            bank = item_service.create_bank(
                program=program,
                subject=subject,
                code=form.cleaned_data["code"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Bank soal %(code)s dibuat.") % {"code": bank.code})
            return redirect("assessments:bank-detail", bank.pk)
    return render(request, "assessments/bank/bank_form.html", {"form": form})


@require_GET
@_found
def bank_detail(request: HttpRequest, bank_pk: int) -> HttpResponse:
    bank = authorable_bank(request.user, bank_pk)
    filters = ItemFilterForm(request.GET or None, bank=bank)
    items = item_service.bank_items(bank, **filters.filters())
    counts = item_service.status_counts(bank)
    page = paginate(request, items, per_page=ITEMS_PER_PAGE)
    for item in page:
        version = item.current_version
        item.stem_text = item_service.plain_text(version.stem_html) if version else ""
    context = {
        "bank": bank,
        "filters": filters,
        "page": page,
        "counts": [(value, label, counts[value]) for value, label in ItemStatus.choices],
    }
    return render(request, "assessments/bank/bank_detail.html", context)


# --- items ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@_found
def item_create(request: HttpRequest, bank_pk: int) -> HttpResponse:
    bank = authorable_bank(request.user, bank_pk)
    form = ItemForm(request.POST or None, bank=bank)
    if request.method == "POST" and form.is_valid():
        try:
            item = item_service.create_item(
                bank, **form.item_data(), by=request.user, now=timezone.now()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(request, _("Soal disimpan sebagai draf."))
            return redirect("assessments:item-detail", item.pk)
    context = {"form": form, "bank": bank, "item": None}
    return render(request, "assessments/bank/item_form.html", context)


@require_http_methods(["GET", "POST"])
@_found
def item_edit(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = authorable_item(request.user, item_pk)
    form = ItemForm(request.POST or None, bank=item.bank, initial=ItemForm.initial_for(item))
    if request.method == "POST" and form.is_valid():
        before = item.current_version_id
        try:
            version = item_service.update_item(
                item, **form.item_data(), by=request.user, now=timezone.now()
            )
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            if version is not None and version.pk != before:
                messages.success(
                    request,
                    _(
                        "Versi %(number)s dibuat: versi sebelumnya sudah dipakai dalam ujian "
                        "dan tetap tersimpan."
                    )
                    % {"number": version.number},
                )
            else:
                messages.success(request, _("Soal disimpan."))
            return redirect("assessments:item-detail", item.pk)
    version = item.current_version
    context = {
        "form": form,
        "bank": item.bank,
        "item": item,
        "edits_make_version": version is not None and version.is_locked,
        "edits_need_review": item.status == ItemStatus.ACTIVE,
    }
    return render(request, "assessments/bank/item_form.html", context)


@require_GET
@_found
def item_detail(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = authorable_item(request.user, item_pk)
    versions = list(item_service.version_history(item))
    for version in [*versions, item.current_version]:
        if version is not None:
            version.lettered = item_service.lettered(version.options)
    context = {
        "item": item,
        "bank": item.bank,
        "version": item.current_version,
        "versions": versions,
        "can_review": can_review_item(request.user, item),
        "waits_for_other_reviewer": (
            item.status == ItemStatus.IN_REVIEW and is_item_author(request.user, item)
        ),
        "can_submit": item.status == ItemStatus.DRAFT and item.current_version_id is not None,
        "can_retire": item.status == ItemStatus.ACTIVE,
        "review_form": ReviewForm(),
    }
    return render(request, "assessments/bank/item_detail.html", context)


@require_POST
@_found
def item_review(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = authorable_item(request.user, item_pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Keputusan telaah tidak dikenali."))
        return redirect("assessments:item-detail", item.pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        item_service.review_item(
            item,
            approve=approve,
            by=request.user,
            comment=form.cleaned_data["comment"],
            now=timezone.now(),
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Soal disetujui dan aktif.") if approve else _("Soal dikembalikan ke draf.")
        )
    return redirect("assessments:item-detail", item.pk)


@require_POST
@_found
def item_status(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = authorable_item(request.user, item_pk)
    form = ItemStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tindakan tidak dikenali."))
        return redirect("assessments:item-detail", item.pk)
    try:
        if form.cleaned_data["action"] == "submit":
            item_service.submit_for_review(item, by=request.user)
            messages.success(request, _("Soal diajukan untuk ditelaah."))
        else:
            item_service.retire_item(item, by=request.user)
            messages.success(request, _("Soal dipensiunkan dan tidak diundi lagi."))
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("assessments:item-detail", item.pk)


# --- import and export ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@_found
def bank_import(request: HttpRequest, bank_pk: int) -> HttpResponse:
    bank = authorable_bank(request.user, bank_pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            run_scan_hook(upload)
        except UploadRejected as exc:
            form.add_error("file", str(exc))
        else:
            upload.seek(0)
            result = import_items(
                bank,
                upload.read(),
                filename=upload.name or "",
                fmt=form.cleaned_data["fmt"] or None,
                by=request.user,
                now=timezone.now(),
            )
            if result.ok:
                messages.success(
                    request,
                    _("Impor selesai: %(n)s butir soal ditambahkan sebagai draf.")
                    % {"n": result.created},
                )
                return redirect("assessments:bank-detail", bank.pk)
    context = {
        "bank": bank,
        "form": form,
        "result": result,
        "errors_shown": result.errors[:ERRORS_SHOWN] if result else (),
        "errors_hidden": max(0, len(result.errors) - ERRORS_SHOWN) if result else 0,
    }
    return render(request, "assessments/bank/import.html", context)


@require_GET
@_found
def bank_export_gift(request: HttpRequest, bank_pk: int) -> HttpResponse:
    bank = authorable_bank(request.user, bank_pk)
    text = export_gift(item_service.exportable_items(bank))
    return _download(
        text.encode("utf-8"),
        filename=f"{bank.code}-gift.txt",
        content_type="text/plain; charset=utf-8",
    )


@require_GET
@_found
def bank_export_xlsx(request: HttpRequest, bank_pk: int) -> HttpResponse:
    bank = authorable_bank(request.user, bank_pk)
    data = export_xlsx(item_service.exportable_items(bank))
    return _download(data, filename=f"{bank.code}.xlsx", content_type=XLSX_TYPE)


@require_GET
def bank_template_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(template_xlsx(), filename="templat-bank-soal.xlsx", content_type=XLSX_TYPE)
