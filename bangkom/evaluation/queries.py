"""Read side of the evaluation context, scoped to what the viewer may see.

Managers (pengelola, admin) see every instrument, violation and sanction (curriculum gives
them every offering). A widyaiswara sees only the instruments rating themselves. A
participant sees only their own sanctions. Anything else is "not found" (404).
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.assessments.models import AttemptEvent
from bangkom.evaluation.choices import InstrumentTarget
from bangkom.evaluation.errors import EvaluationNotFound
from bangkom.evaluation.models import Sanction, SurveyInstrument, Violation
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment


def sees_all_results(user: User) -> bool:
    return user.has_role(Role.PENGELOLA) or user.has_role(Role.ADMIN)


def instruments_visible_to(user: User) -> QuerySet[SurveyInstrument]:
    query = SurveyInstrument.objects.select_related("offering__program", "template", "facilitator")
    if sees_all_results(user):
        return query
    if user.has_role(Role.WIDYAISWARA):
        return query.filter(target=InstrumentTarget.FACILITATOR, facilitator=user)
    return query.none()


def instruments_for_list(user: User, *, offering_id: int | None = None) -> QuerySet:
    query = instruments_visible_to(user).annotate(n_responses=Count("responses", distinct=True))
    if offering_id:
        query = query.filter(offering_id=offering_id)
    return query.order_by("-offering__starts_at", "offering_id", "target", "title", "pk")


def instrument_for_report(user: User, pk: int) -> SurveyInstrument:
    try:
        return instruments_visible_to(user).get(pk=pk)
    except SurveyInstrument.DoesNotExist:
        raise EvaluationNotFound() from None


def instrument_for_answer(pk: int) -> SurveyInstrument:
    try:
        return SurveyInstrument.objects.select_related(
            "template", "offering__program", "facilitator", "subject"
        ).get(pk=pk)
    except SurveyInstrument.DoesNotExist:
        raise EvaluationNotFound() from None


def violations_for_list(*, query: str = "") -> QuerySet[Violation]:
    rows = Violation.objects.select_related(
        "enrollment__participant", "enrollment__offering", "recorded_by"
    ).annotate(n_sanctions=Count("sanctions"))
    if query:
        rows = rows.filter(
            Q(enrollment__participant__name__icontains=query)
            | Q(enrollment__participant__nip__icontains=query)
            | Q(enrollment__offering__code__icontains=query)
        )
    return rows.order_by("-recorded_at", "-pk")


def violation_for_detail(pk: int) -> Violation:
    try:
        return Violation.objects.select_related(
            "enrollment__participant", "enrollment__offering__program", "attempt__assessment"
        ).get(pk=pk)
    except Violation.DoesNotExist:
        raise EvaluationNotFound() from None


def integrity_events(violation: Violation) -> list[AttemptEvent]:
    if violation.attempt_id is None:
        return []
    return list(AttemptEvent.objects.filter(attempt_id=violation.attempt_id).order_by("at", "pk"))


def sanction_for_manager(pk: int) -> Sanction:
    try:
        return Sanction.objects.select_related(
            "violation", "enrollment__participant", "enrollment__offering", "decided_by"
        ).get(pk=pk)
    except Sanction.DoesNotExist:
        raise EvaluationNotFound() from None


def sanctions_of(user: User) -> QuerySet[Sanction]:
    return Sanction.objects.filter(enrollment__participant=user).select_related(
        "enrollment__offering", "violation"
    )


def own_sanction(user: User, pk: int) -> Sanction:
    try:
        return sanctions_of(user).get(pk=pk)
    except Sanction.DoesNotExist:
        raise EvaluationNotFound() from None


def enrollment_by_nip(offering_id: int, nip: str) -> Enrollment | None:
    return (
        Enrollment.objects.filter(
            offering_id=offering_id, participant__nip=nip.strip(), status=EnrollmentStatus.ENROLLED
        )
        .select_related("participant", "offering")
        .first()
    )
