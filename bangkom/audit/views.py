"""Audit log pages: the admin's filtered log (and its XLSX export), a person's own entries.

Read-only: there is no route that changes or deletes an entry.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from bangkom.audit import queries
from bangkom.audit.forms import LogFilterForm
from bangkom.common.downloads import content_disposition
from bangkom.common.exports import xlsx_bytes
from bangkom.common.pagination import paginate

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PER_PAGE = 50


def _filtered(request: HttpRequest) -> tuple[LogFilterForm, object]:
    form = LogFilterForm(request.GET or None)
    entries = queries.filtered_entries(
        form.criteria() if form.is_bound else queries.LogFilter(),
        zone=timezone.get_current_timezone_name(),
    )
    return form, entries


@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": paginate(request, entries, per_page=PER_PAGE),
        "export_query": query.urlencode(),
        "export_limit": queries.EXPORT_LIMIT,
        "target_types": queries.COMMON_TARGET_TYPES,
    }
    return render(request, "audit/log.html", context)


@require_safe
def audit_log_xlsx(request: HttpRequest) -> HttpResponse:
    _form, entries = _filtered(request)
    header = [str(title) for title in queries.EXPORT_HEADER]
    data = xlsx_bytes({"Jejak audit": (header, queries.export_rows(entries))})
    response = HttpResponse(data, content_type=XLSX)
    filename = f"jejak-audit-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def my_audit(request: HttpRequest) -> HttpResponse:
    page = paginate(request, queries.entries_about(request.user), per_page=PER_PAGE)
    return render(request, "audit/mine.html", {"page": page})
