"""The catalogue (read side): offerings a participant can browse, search and open.

Published and running offerings are listed; closed ones only when the status filter asks
for them; drafts never (managers reach drafts through ``offering_for_viewer``). Search uses
``icontains`` (Django escapes LIKE wildcards, RELIABILITY.md B15) and sorting is taken only
from ``SORTS``, an allow-list; anything else falls back to the default order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bangkom.accounts.models import User
from bangkom.accounts.permissions import sees_whole_registry
from bangkom.common.timezones import DEFAULT_ZONE, to_local
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.models import Offering, RulesDocument, Subject
from bangkom.learning.errors import OfferingNotFound
from bangkom.learning.progress import current_rules

MAX_QUERY_CHARS = 100
# Offerings visible in the catalogue and the API (drafts are the managers' own business).
LISTED_STATUSES = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING, OfferingStatus.CLOSED)
DEFAULT_STATUSES = (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING)
# Sort keys a visitor may ask for → the ORDER BY they mean (B15: never the raw input).
SORTS: dict[str, tuple[str, ...]] = {
    "mulai": ("starts_at", "code"),
    "-mulai": ("-starts_at", "code"),
    "judul": ("program__title", "starts_at", "code"),
    "tutup": ("enrollment_closes_at", "code"),
    "jp": ("-program__total_jp", "starts_at", "code"),
}
SORT_LABELS = {
    "mulai": _("Mulai paling awal"),
    "-mulai": _("Mulai paling akhir"),
    "judul": _("Judul (A–Z)"),
    "tutup": _("Pendaftaran segera ditutup"),
    "jp": _("JP terbanyak"),
}
DEFAULT_SORT = "mulai"


@dataclass(frozen=True)
class CatalogueFilters:
    """Parsed filters; ``starts_from``/``starts_to`` are calendar dates in the viewer's zone."""

    q: str = ""
    theme: str = ""
    program_type: str = ""
    status: str = ""
    starts_from: date | None = None
    starts_to: date | None = None
    sort: str = DEFAULT_SORT


@dataclass(frozen=True)
class OfferingDetail:
    offering: Offering
    subjects: list[Subject]
    rules: RulesDocument | None
    total_subject_jp: float
    starts_on: date
    ends_on: date


def published_offerings(
    filters: CatalogueFilters | None = None, *, zone: str = DEFAULT_ZONE
) -> QuerySet[Offering]:
    """Offerings of the catalogue matching ``filters``, with program and subject count loaded."""
    filters = filters or CatalogueFilters()
    offerings = Offering.objects.select_related("program").annotate(
        subject_count=Count("program__subjects", distinct=True)
    )
    if filters.status in LISTED_STATUSES:
        offerings = offerings.filter(status=filters.status)
    else:
        offerings = offerings.filter(status__in=DEFAULT_STATUSES)
    query = filters.q.strip()[:MAX_QUERY_CHARS]
    if query:
        offerings = offerings.filter(
            Q(program__title__icontains=query)
            | Q(program__code__icontains=query)
            | Q(program__description__icontains=query)
            | Q(program__theme__icontains=query)
            | Q(name__icontains=query)
            | Q(code__icontains=query)
        )
    if filters.theme:
        offerings = offerings.filter(program__theme__iexact=filters.theme[:MAX_QUERY_CHARS])
    if filters.program_type:
        offerings = offerings.filter(program__program_type=filters.program_type)
    if filters.starts_from:
        offerings = offerings.filter(starts_at__gte=_start_of(filters.starts_from, zone))
    if filters.starts_to:
        offerings = offerings.filter(
            starts_at__lt=_start_of(filters.starts_to + timedelta(days=1), zone)
        )
    return offerings.order_by(*SORTS.get(filters.sort, SORTS[DEFAULT_SORT]))


def listed_offerings() -> QuerySet[Offering]:
    """Every offering the API lists (published, running, closed), program loaded."""
    return (
        Offering.objects.filter(status__in=LISTED_STATUSES)
        .select_related("program")
        .order_by("-starts_at", "code")
    )


def catalogue_themes() -> list[str]:
    """The themes of programs that have a listed offering, for the filter's choices."""
    themes = (
        Offering.objects.filter(status__in=LISTED_STATUSES)
        .exclude(program__theme="")
        .values_list("program__theme", flat=True)
        .distinct()
        .order_by("program__theme")
    )
    return list(themes)


def offering_for_viewer(pk: int, user: User) -> Offering:
    """The offering if this user may open it: listed ones for all, drafts for managers only.

    Raises ``OfferingNotFound`` otherwise, so a draft's existence stays private.
    """
    offerings = Offering.objects.select_related("program")
    if not sees_whole_registry(user):
        offerings = offerings.filter(status__in=LISTED_STATUSES)
    offering = offerings.filter(pk=pk).first()
    if offering is None:
        raise OfferingNotFound()
    return offering


def open_offering(pk: int) -> Offering:
    """An offering one may request to join through the API: listed, else ``OfferingNotFound``."""
    offering = Offering.objects.select_related("program").filter(pk=pk, status__in=LISTED_STATUSES)
    found = offering.first()
    if found is None:
        raise OfferingNotFound()
    return found


def offering_detail(offering: Offering) -> OfferingDetail:
    """Subjects (JP, minutes, facilitators) and the current rules version of an offering."""
    subjects = list(
        Subject.objects.filter(program_id=offering.program_id).prefetch_related(
            Prefetch("facilitators", queryset=User.objects.order_by("name"))
        )
    )
    return OfferingDetail(
        offering=offering,
        subjects=subjects,
        rules=current_rules(offering.program_id),
        total_subject_jp=float(sum(s.jp for s in subjects)),
        starts_on=local_date(offering.starts_at, offering.time_zone),
        ends_on=local_date(offering.ends_at, offering.time_zone),
    )


def local_date(instant: datetime, zone: str) -> date:
    """The calendar date of an instant in a zone (API.md ``starts_on``/``ends_on``)."""
    return to_local(instant, zone).date()


def _start_of(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))
