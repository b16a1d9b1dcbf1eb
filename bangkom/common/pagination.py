"""Pagination for long lists: one helper so every list pages the same way."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

DEFAULT_PAGE_SIZE = 50


def paginate(
    request: HttpRequest, queryset: QuerySet, *, per_page: int = DEFAULT_PAGE_SIZE
) -> Page:
    """Return the requested page; a bad or out-of-range page number gives the nearest page."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))
