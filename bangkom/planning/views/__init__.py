"""Thin HTML views of the planning context, one module per area of the pages."""

from __future__ import annotations

from django.http import HttpResponse

from bangkom.common.downloads import content_disposition

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
IMPORT_ERRORS_SHOWN = 200  # the report lists this many row errors; the rest are counted


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(filename, inline=False)
    response["X-Content-Type-Options"] = "nosniff"
    return response
