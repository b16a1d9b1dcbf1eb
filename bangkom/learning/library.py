"""The knowledge library (KMS, DOMAIN.md S-1 R9): every material published to it, across
programs, searchable by any registered user by title, description, tags, subject and
program.

On PostgreSQL the search is full-text (``websearch`` syntax, the ``simple`` configuration
because PostgreSQL has no Indonesian stemmer), ranked title > tags/subject/program >
description. On SQLite every word must appear, case-insensitively, in one of those fields.
"""

from __future__ import annotations

import re

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.common.errors import NotFound
from bangkom.learning.models import Material

PAGE_SIZE = 20
MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
SEARCH_CONFIG = "simple"
SEARCHED_FIELDS = ("title", "description", "tags", "subject__title", "program__title")


def library_materials() -> QuerySet[Material]:
    """Every published library material, with what the list shows."""
    return Material.objects.filter(in_library=True).select_related("subject", "program")


def library_material(material_pk: int) -> Material:
    material = library_materials().filter(pk=material_pk).first()
    if material is None:
        raise NotFound("material_not_found", _("Materi tidak ditemukan di perpustakaan."))
    return material


def search_words(query: str) -> list[str]:
    """The words of a query, without operators and quotes, bounded in number and length."""
    text = (query or "")[:MAX_QUERY_LENGTH]
    words = [w.strip("\"'-+") for w in re.split(r"\s+", text)]
    return [w for w in words if w and w.lower() != "or"][:MAX_WORDS]


def search_library(query: str, *, page: int | str | None = 1, per_page: int = PAGE_SIZE) -> Page:
    """One page of library materials matching ``query`` (all of them, newest first, if empty)."""
    materials = library_materials()
    if not search_words(query):
        found = materials.order_by("-created_at", "-pk")
    elif connection.vendor == "postgresql":
        found = _postgres_search(materials, query[:MAX_QUERY_LENGTH])
    else:
        found = _fallback_search(materials, search_words(query))
    return Paginator(found, per_page).get_page(page)


def _postgres_search(materials: QuerySet[Material], query: str) -> QuerySet[Material]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config=SEARCH_CONFIG)
        + SearchVector("tags", "subject__title", "program__title", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )
    search = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    return (
        materials.annotate(document=vector, rank=SearchRank(vector, search))
        .filter(document=search)
        .order_by("-rank", "-created_at", "-pk")
    )


def _fallback_search(materials: QuerySet[Material], words: list[str]) -> QuerySet[Material]:
    for word in words:
        anywhere = Q()
        for field in SEARCHED_FIELDS:
            anywhere |= Q(**{f"{field}__icontains": word})
        materials = materials.filter(anywhere)
    return materials.order_by("-created_at", "-pk")
