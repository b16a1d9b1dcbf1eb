"""Read side of the curriculum context: lists and detail objects with their related rows
loaded up front, so a page costs a fixed number of queries whatever its length.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from bangkom.accounts.choices import Role
from bangkom.accounts.models import RoleAssignment, User
from bangkom.curriculum.choices import OfferingStatus, ProgramType
from bangkom.curriculum.facilitators import expiry_flag_limit
from bangkom.curriculum.models import (
    CommitteeMember,
    FacilitatorCertification,
    Offering,
    Program,
    ProgramCompetency,
    RulesDocument,
    Subject,
)


def _subjects_jp() -> Subquery:
    total = (
        Subject.objects.filter(program=OuterRef("pk"))
        .order_by()
        .values("program")
        .annotate(total=Sum("jp"))
        .values("total")
    )
    return Coalesce(
        Subquery(total, output_field=DecimalField(max_digits=7, decimal_places=1)),
        Value(Decimal(0)),
        output_field=DecimalField(max_digits=7, decimal_places=1),
    )


def _count_of(queryset: QuerySet, link: str) -> Coalesce:
    counted = (
        queryset.filter(**{link: OuterRef("pk")})
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def programs_for_list(*, query: str = "", program_type: str = "") -> QuerySet[Program]:
    """Programs matching a search (title or code) and type, with subject/offering counts."""
    programs = Program.objects.annotate(
        subject_count=_count_of(Subject.objects.all(), "program"),
        subjects_jp=_subjects_jp(),
        offering_count=_count_of(Offering.objects.all(), "program"),
    )
    query = query.strip()
    if query:
        programs = programs.filter(Q(title__icontains=query) | Q(code__icontains=query))
    if program_type in ProgramType.values:
        programs = programs.filter(program_type=program_type)
    return programs.order_by("title", "pk")


def program_for_detail(pk: int) -> Program:
    """One program with its subjects (and facilitators), competencies, rules and offerings."""
    facilitators = User.objects.select_related("facilitator_profile").order_by("name")
    return (
        Program.objects.annotate(subjects_jp=_subjects_jp())
        .prefetch_related(
            Prefetch(
                "subjects",
                queryset=Subject.objects.order_by("order").prefetch_related(
                    Prefetch("facilitators", queryset=facilitators)
                ),
            ),
            Prefetch(
                "competencies",
                queryset=ProgramCompetency.objects.select_related("competency"),
            ),
            Prefetch(
                "rules_versions",
                queryset=RulesDocument.objects.select_related("created_by")
                .defer("body_html", "body_markdown")
                .order_by("-version"),
            ),
            Prefetch(
                "offerings",
                queryset=Offering.objects.annotate(enrollment_count=Count("enrollments")).order_by(
                    "-starts_at"
                ),
            ),
        )
        .get(pk=pk)
    )


def offerings_for_list(*, status: str = "", program_id: int | None = None) -> QuerySet[Offering]:
    """Offerings of every program (or one), newest first, with their enrolment count."""
    offerings = Offering.objects.select_related("program").annotate(
        enrollment_count=_count_of(_enrollments(), "offering"),
    )
    if status in OfferingStatus.values:
        offerings = offerings.filter(status=status)
    if program_id is not None:
        offerings = offerings.filter(program_id=program_id)
    return offerings.order_by("-starts_at", "code")


def _enrollments() -> QuerySet:
    # the reverse relation's model, reached without importing the learning app
    return Offering.enrollments.rel.related_model.objects.all()


def offering_for_detail(pk: int) -> Offering:
    """One offering with its program, eligible institutions and committee."""
    return (
        Offering.objects.select_related("program", "created_by")
        .annotate(enrollment_count=_count_of(_enrollments(), "offering"))
        .prefetch_related(
            "eligible_institutions",
            Prefetch(
                "committee",
                queryset=CommitteeMember.objects.select_related("user").order_by(
                    "user__name", "task"
                ),
            ),
        )
        .get(pk=pk)
    )


def facilitators_for_list(*, today: date, query: str = "", verified: str = "") -> QuerySet[User]:
    """Users holding the widyaiswara role with their profile and flagged certifications.

    ``verified`` is "ya", "tidak" or "" (all). ``flagged_certifications`` counts those
    expired or expiring within the warning period.
    """
    flagged = FacilitatorCertification.objects.filter(expires_on__lte=expiry_flag_limit(today))
    users = (
        _widyaiswara_users()
        .select_related("facilitator_profile__verified_by", "employee__institution")
        .annotate(
            certification_count=_count_of(FacilitatorCertification.objects.all(), "profile__user"),
            flagged_certifications=_count_of(flagged, "profile__user"),
            subject_count=_count_of(Subject.facilitators.through.objects.all(), "user"),
        )
    )
    query = query.strip()
    if query:
        users = users.filter(
            Q(name__icontains=query)
            | Q(nip__startswith=query.replace(" ", ""))
            | Q(facilitator_profile__expertise__icontains=query)
        )
    if verified == "ya":
        users = users.filter(facilitator_profile__is_verified=True)
    elif verified == "tidak":
        users = users.exclude(facilitator_profile__is_verified=True)
    return users.order_by("name", "pk")


def facilitator_user(pk: int) -> User:
    """A user holding the widyaiswara role (DoesNotExist for anyone else)."""
    return (
        _widyaiswara_users()
        .select_related("facilitator_profile__verified_by", "employee__institution")
        .get(pk=pk)
    )


def _widyaiswara_users() -> QuerySet[User]:
    holders = RoleAssignment.objects.filter(role=Role.WIDYAISWARA).values("user_id")
    return User.objects.filter(pk__in=holders)


def certifications_of(user: User) -> list[FacilitatorCertification]:
    return list(
        FacilitatorCertification.objects.filter(profile__user=user).order_by("expires_on", "name")
    )


def subjects_taught_by(user: User) -> list[Subject]:
    """The subjects the user facilitates, with their programs."""
    return list(
        Subject.objects.filter(facilitators=user)
        .select_related("program")
        .order_by("program__title", "order")
    )


def certification_with_owner(pk: int) -> FacilitatorCertification:
    return FacilitatorCertification.objects.select_related("profile__user").get(pk=pk)
