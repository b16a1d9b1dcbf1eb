"""Survey instruments of an offering, who answers them, and answering (once, anonymously).

Who answers what (DOMAIN.md S-1 R13, R15):
- program, facilitator (one per facilitator), organizer: the offering's enrolled participants;
- program_by_manager: managers (pengelola);
- curriculum_relevance (per subject): the subject's facilitators, the participants, and the
  pimpinan of the participants' institutions;
- impact: the alumni and supervisors invited by ``impact.schedule_impact_surveys``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import RoleAssignment, User
from bangkom.curriculum.models import Offering, Subject
from bangkom.evaluation.choices import InstrumentTarget, ItemKind, RespondentRole, SurveyPhase
from bangkom.evaluation.errors import (
    AlreadyAnswered,
    InvalidAnswers,
    NotARespondent,
    SurveyClosed,
)
from bangkom.evaluation.models import (
    ImpactInvitation,
    SurveyAnswer,
    SurveyInstrument,
    SurveyItem,
    SurveyParticipation,
    SurveyResponse,
    SurveyTemplate,
)
from bangkom.evaluation.rules import OPEN_ANSWER_MAX_CHARS
from bangkom.evaluation.standard import ensure_standard_templates
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment

PARTICIPANT_TARGETS = (
    InstrumentTarget.PROGRAM,
    InstrumentTarget.FACILITATOR,
    InstrumentTarget.ORGANIZER,
)


# --- Creating instruments -----------------------------------------------------------------------


def create_instrument(
    offering: Offering,
    *,
    template: SurveyTemplate,
    opens_at: datetime,
    closes_at: datetime,
    phase: str = SurveyPhase.AFTER,
    facilitator: User | None = None,
    subject: Subject | None = None,
    title: str = "",
) -> SurveyInstrument:
    """Create (or return the existing) instrument of this template on the offering."""
    instrument, _created = SurveyInstrument.objects.get_or_create(
        offering=offering,
        template=template,
        phase=phase,
        facilitator=facilitator,
        subject=subject,
        defaults={
            "target": template.target,
            "title": title or _title(template, offering, facilitator, subject),
            "opens_at": opens_at,
            "closes_at": closes_at,
        },
    )
    return instrument


def _title(
    template: SurveyTemplate, offering: Offering, facilitator: User | None, subject: Subject | None
) -> str:
    if facilitator is not None:
        return f"{template.title}: {facilitator.name}"
    if subject is not None:
        return f"{template.title}: {subject.title}"
    return f"{template.title} — {offering.name}"


def create_offering_instruments(
    offering: Offering, *, opens_at: datetime, closes_at: datetime, phase: str = SurveyPhase.AFTER
) -> list[SurveyInstrument]:
    """The standard set for an offering: program, organizer, one per facilitator, the
    managers' program evaluation and curriculum relevance per subject. Idempotent."""
    std = ensure_standard_templates()
    window = {"opens_at": opens_at, "closes_at": closes_at, "phase": phase}
    made = [
        create_instrument(offering, template=std["STD-PROGRAM"], **window),
        create_instrument(offering, template=std["STD-ORGANIZER"], **window),
    ]
    subjects = list(offering.program.subjects.prefetch_related("facilitators"))
    facilitators = {f.pk: f for s in subjects for f in s.facilitators.all()}
    for facilitator in sorted(facilitators.values(), key=lambda u: u.name):
        made.append(
            create_instrument(
                offering, template=std["STD-FACILITATOR"], facilitator=facilitator, **window
            )
        )
    if phase == SurveyPhase.AFTER:
        made.append(create_instrument(offering, template=std["STD-PROGRAM-MANAGER"], **window))
        for subject in subjects:
            made.append(
                create_instrument(
                    offering, template=std["STD-RELEVANCE"], subject=subject, **window
                )
            )
    return made


# --- Who answers --------------------------------------------------------------------------------


def _participants(offering_id: int) -> QuerySet[User]:
    return User.objects.filter(
        enrollments__offering_id=offering_id, enrollments__status=EnrollmentStatus.ENROLLED
    )


def _supervisors_of_participants(offering_id: int) -> QuerySet[User]:
    institutions = Enrollment.objects.filter(
        offering_id=offering_id, status=EnrollmentStatus.ENROLLED
    ).values("participant__employee__institution_id")
    return User.objects.filter(
        role_assignments__role=Role.PIMPINAN, role_assignments__institution_id__in=institutions
    )


def respondents_of(instrument: SurveyInstrument) -> set[int]:
    """Pks of the users asked to answer the instrument (for the response rate)."""
    target = instrument.target
    if target in PARTICIPANT_TARGETS:
        return set(_participants(instrument.offering_id).values_list("pk", flat=True))
    if target == InstrumentTarget.PROGRAM_BY_MANAGER:
        return set(
            RoleAssignment.objects.filter(role=Role.PENGELOLA).values_list("user_id", flat=True)
        )
    if target == InstrumentTarget.CURRICULUM_RELEVANCE:
        users = set(_participants(instrument.offering_id).values_list("pk", flat=True))
        users |= set(
            _supervisors_of_participants(instrument.offering_id).values_list("pk", flat=True)
        )
        if instrument.subject_id:
            users |= set(instrument.subject.facilitators.values_list("pk", flat=True))
        return users
    return set(
        ImpactInvitation.objects.filter(instrument=instrument).values_list("user_id", flat=True)
    )


def respondent_role_for(instrument: SurveyInstrument, user: User) -> str | None:
    """The role in which ``user`` answers the instrument, or None if they are not asked."""
    target = instrument.target
    is_participant = _participants(instrument.offering_id).filter(pk=user.pk).exists()
    if target in PARTICIPANT_TARGETS:
        if target == InstrumentTarget.FACILITATOR and instrument.facilitator_id == user.pk:
            return None
        return RespondentRole.PARTICIPANT if is_participant else None
    if target == InstrumentTarget.PROGRAM_BY_MANAGER:
        return RespondentRole.MANAGER if user.has_role(Role.PENGELOLA) else None
    if target == InstrumentTarget.CURRICULUM_RELEVANCE:
        if instrument.subject_id and instrument.subject.facilitators.filter(pk=user.pk).exists():
            return RespondentRole.FACILITATOR
        if is_participant:
            return RespondentRole.PARTICIPANT
        if _supervisors_of_participants(instrument.offering_id).filter(pk=user.pk).exists():
            return RespondentRole.SUPERVISOR
        return None
    invitation = ImpactInvitation.objects.filter(instrument=instrument, user=user).first()
    return invitation.role if invitation else None


def open_surveys_for(user: User, *, now: datetime) -> list[SurveyInstrument]:
    """Instruments open now that ``user`` is asked to answer and has not answered yet."""
    enrolled = Enrollment.objects.filter(participant=user, status=EnrollmentStatus.ENROLLED).values(
        "offering_id"
    )
    supervised = Enrollment.objects.filter(
        status=EnrollmentStatus.ENROLLED,
        participant__employee__institution_id__in=RoleAssignment.objects.filter(
            user=user, role=Role.PIMPINAN
        ).values("institution_id"),
    ).values("offering_id")
    wanted = Q(offering_id__in=enrolled, target__in=PARTICIPANT_TARGETS) & ~Q(facilitator=user)
    wanted |= Q(offering_id__in=enrolled, target=InstrumentTarget.CURRICULUM_RELEVANCE)
    wanted |= Q(target=InstrumentTarget.CURRICULUM_RELEVANCE, subject__facilitators=user)
    wanted |= Q(target=InstrumentTarget.CURRICULUM_RELEVANCE, offering_id__in=supervised)
    wanted |= Q(target=InstrumentTarget.IMPACT, impact_invitations__user=user)
    if user.has_role(Role.PENGELOLA):
        wanted |= Q(target=InstrumentTarget.PROGRAM_BY_MANAGER)
    return list(
        SurveyInstrument.objects.filter(wanted, opens_at__lte=now, closes_at__gt=now)
        .exclude(participations__user=user)
        .select_related("offering__program", "facilitator", "subject")
        .distinct()
        .order_by("closes_at", "pk")
    )


def has_answered(instrument: SurveyInstrument, user: User) -> bool:
    return SurveyParticipation.objects.filter(instrument=instrument, user=user).exists()


# --- Answering ----------------------------------------------------------------------------------


def clean_answers(instrument: SurveyInstrument, raw: Mapping[int, object]) -> dict[int, int | str]:
    """Check answers against the template: every required Likert item answered, values on
    the scale, open answers not too long. Raises InvalidAnswers with one message per item."""
    scale = instrument.template.scale_points
    cleaned: dict[int, int | str] = {}
    errors: dict[int, str] = {}
    for item in SurveyItem.objects.filter(template_id=instrument.template_id).order_by("order"):
        value = raw.get(item.pk)
        text = "" if value is None else str(value).strip()
        if item.kind == ItemKind.LIKERT:
            if not text:
                if item.is_required:
                    errors[item.pk] = _("Pilih salah satu jawaban.")
                continue
            try:
                number = int(text)
            except ValueError:
                number = 0
            if not 1 <= number <= scale:
                errors[item.pk] = _("Jawaban harus antara 1 dan %(max)s.") % {"max": scale}
                continue
            cleaned[item.pk] = number
        else:
            if len(text) > OPEN_ANSWER_MAX_CHARS:
                errors[item.pk] = _("Jawaban terlalu panjang (maksimal %(n)s karakter).") % {
                    "n": OPEN_ANSWER_MAX_CHARS
                }
                continue
            if not text and item.is_required:
                errors[item.pk] = _("Pertanyaan ini wajib dijawab.")
                continue
            if text:
                cleaned[item.pk] = text
    if errors:
        raise InvalidAnswers(_("Periksa kembali jawaban yang ditandai."), errors)
    return cleaned


def submit_response(
    instrument: SurveyInstrument, *, user: User, answers: Mapping[int, object], now: datetime
) -> SurveyResponse:
    """Store one anonymous response of ``user``; a second answer is refused.

    The participation row (who answered) and the response (what, without who) commit
    together; the unique participation makes a concurrent double submit fail cleanly.
    """
    role = respondent_role_for(instrument, user)
    if role is None:
        raise NotARespondent(_("Anda tidak termasuk responden survei ini."))
    if not instrument.is_open_at(now):
        raise SurveyClosed(_("Survei ini tidak sedang dibuka."))
    if has_answered(instrument, user):
        raise AlreadyAnswered(_("Anda sudah mengisi survei ini. Terima kasih."))
    cleaned = clean_answers(instrument, answers)
    institution_id = None
    if instrument.target == InstrumentTarget.IMPACT:
        invitation = ImpactInvitation.objects.get(instrument=instrument, user=user)
        institution_id = invitation.institution_id
    try:
        with transaction.atomic():
            SurveyParticipation.objects.create(instrument=instrument, user=user, answered_at=now)
            response = SurveyResponse.objects.create(
                instrument=instrument, respondent_role=role, institution_id=institution_id
            )
            SurveyAnswer.objects.bulk_create(
                [
                    SurveyAnswer(
                        response=response,
                        item_id=item_id,
                        value=value if isinstance(value, int) else None,
                        text=value if isinstance(value, str) else "",
                    )
                    for item_id, value in cleaned.items()
                ]
            )
    except IntegrityError:
        raise AlreadyAnswered(_("Anda sudah mengisi survei ini. Terima kasih.")) from None
    return response


def instrument_items(instrument: SurveyInstrument) -> list[SurveyItem]:
    return list(
        SurveyItem.objects.filter(template_id=instrument.template_id)
        .select_related("section")
        .order_by("order")
    )
