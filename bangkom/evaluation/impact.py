"""Impact evaluation (Kirkpatrick L3/L4; DOMAIN.md S-1 R13 (2), §8, D-6): some weeks after
the certificate the alumnus and the pimpinan of their institution each answer an impact
survey. Weeks: the program's ``ProgramImpactSetting`` or the global default (12).

``schedule_impact_surveys`` and ``send_impact_reminders`` are idempotent sweeps (run by
``bangkom schedule-impact-surveys`` from cron): notifications carry stable event keys, and
reminders are counted with a conditional update.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from bangkom.accounts.choices import Role
from bangkom.accounts.models import RoleAssignment
from bangkom.certificates.models import Certificate
from bangkom.evaluation.choices import InstrumentTarget, RespondentRole, SurveyPhase
from bangkom.evaluation.models import (
    ImpactInvitation,
    ProgramImpactSetting,
    SurveyInstrument,
    SurveyParticipation,
)
from bangkom.evaluation.rules import (
    MAX_REMINDERS,
    REMINDER_INTERVAL_DAYS,
    default_impact_weeks,
)
from bangkom.evaluation.standard import ensure_standard_templates
from bangkom.evaluation.surveys import create_instrument
from bangkom.notifications.kinds import NotificationKind
from bangkom.notifications.service import notify

ANSWER_WEEKS = 6  # how long an impact survey stays open after the latest invitation


@dataclass(frozen=True)
class ImpactSweep:
    invited: int
    reminded: int

    def __str__(self) -> str:
        return f"{self.invited} undangan survei dampak baru, {self.reminded} pengingat."


def weeks_for_programs(program_ids: set[int]) -> dict[int, int]:
    """Program pk → weeks after the certificate (override or global default)."""
    default = default_impact_weeks()
    found = dict(
        ProgramImpactSetting.objects.filter(program_id__in=program_ids).values_list(
            "program_id", "weeks_after_certificate"
        )
    )
    return {pk: found.get(pk, default) for pk in program_ids}


def due_certificates(*, now: datetime) -> list[Certificate]:
    """Valid certificates issued at least the program's weeks ago, alumnus not yet invited."""
    already = ImpactInvitation.objects.filter(
        certificate=OuterRef("pk"), role=RespondentRole.ALUMNUS
    )
    shortest = min(
        [
            default_impact_weeks(),
            *ProgramImpactSetting.objects.values_list("weeks_after_certificate", flat=True),
        ]
    )
    candidates = list(
        Certificate.objects.filter(
            revoked_at__isnull=True, issued_at__lte=now - timedelta(weeks=shortest)
        )
        .exclude(Exists(already))
        .select_related("offering", "holder__employee")
        .order_by("issued_at", "pk")
    )
    weeks = weeks_for_programs({c.offering.program_id for c in candidates})
    return [
        c for c in candidates if c.issued_at <= now - timedelta(weeks=weeks[c.offering.program_id])
    ]


def impact_instrument(offering, *, now: datetime) -> SurveyInstrument:  # noqa: ANN001
    """The offering's impact instrument, kept open ``ANSWER_WEEKS`` past ``now``."""
    template = ensure_standard_templates()["STD-IMPACT"]
    closes_at = now + timedelta(weeks=ANSWER_WEEKS)
    instrument = create_instrument(
        offering, template=template, opens_at=now, closes_at=closes_at, phase=SurveyPhase.AFTER
    )
    if instrument.closes_at < closes_at:
        SurveyInstrument.objects.filter(pk=instrument.pk).update(closes_at=closes_at)
        instrument.closes_at = closes_at
    return instrument


def schedule_impact_surveys(*, now: datetime) -> int:
    """Invite the alumni of certificates that are due, and their supervisors; returns how
    many invitations were created. Running it again invites nobody twice."""
    return invite_for_certificates(due_certificates(now=now), now=now)


def invite_for_certificates(certificates: list[Certificate], *, now: datetime) -> int:
    """Invite each certificate's holder and the pimpinan of their institution to the
    offering's impact survey (idempotent per instrument and user)."""
    created = 0
    institution_ids = {
        c.holder.employee.institution_id for c in certificates if c.holder.employee_id
    }
    supervisors: dict[int, list] = defaultdict(list)
    for assignment in RoleAssignment.objects.filter(
        role=Role.PIMPINAN, institution_id__in=institution_ids
    ).select_related("user"):
        if assignment.user.is_active:
            supervisors[assignment.institution_id].append(assignment.user)
    instruments: dict[int, SurveyInstrument] = {}
    for certificate in certificates:
        if certificate.offering_id not in instruments:
            instruments[certificate.offering_id] = impact_instrument(certificate.offering, now=now)
        instrument = instruments[certificate.offering_id]
        institution_id = (
            certificate.holder.employee.institution_id if certificate.holder.employee_id else None
        )
        invitees = [(certificate.holder, RespondentRole.ALUMNUS)]
        invitees += [
            (user, RespondentRole.SUPERVISOR)
            for user in supervisors.get(institution_id, [])
            if user.pk != certificate.holder_id
        ]
        for user, role in invitees:
            invitation, is_new = ImpactInvitation.objects.get_or_create(
                instrument=instrument,
                user=user,
                defaults={
                    "role": role,
                    "institution_id": institution_id,
                    "certificate": certificate,
                    "invited_at": now,
                },
            )
            if role == RespondentRole.ALUMNUS and invitation.certificate_id != certificate.pk:
                # this holder was invited first as a supervisor: remember the certificate
                ImpactInvitation.objects.filter(pk=invitation.pk).update(certificate=certificate)
            if is_new:
                created += 1
                _invite(invitation, instrument)
    return created


def _invite(invitation: ImpactInvitation, instrument: SurveyInstrument) -> None:
    offering = instrument.offering
    if invitation.role == RespondentRole.ALUMNUS:
        body = _(
            "Beberapa pekan lalu Anda lulus %(program)s. Ceritakan dampaknya pada pekerjaan, "
            "unit dan instansi Anda."
        )
    else:
        body = _(
            "Pegawai instansi Anda lulus %(program)s. Mohon nilai dampaknya pada pekerjaan, "
            "unit dan instansi."
        )
    notify(
        invitation.user,
        event_key=f"impact:{instrument.pk}:{invitation.user_id}:invited",
        title=_("Survei dampak pelatihan: %(program)s") % {"program": offering.program.title},
        body=body % {"program": offering.program.title},
        url=reverse("evaluation:survey-answer", args=[instrument.pk]),
        kind=NotificationKind.SURVEY,
    )


def send_impact_reminders(*, now: datetime) -> int:
    """Remind invitees who have not answered, every 7 days, at most twice; returns how many."""
    answered = SurveyParticipation.objects.filter(
        instrument=OuterRef("instrument"), user=OuterRef("user")
    )
    interval = timedelta(days=REMINDER_INTERVAL_DAYS)
    due = (
        ImpactInvitation.objects.filter(
            reminders_sent__lt=MAX_REMINDERS,
            instrument__closes_at__gt=now,
        )
        .filter(
            Q(last_reminded_at__isnull=True, invited_at__lte=now - interval)
            | Q(last_reminded_at__lte=now - interval)
        )
        .exclude(Exists(answered))
        .select_related("instrument__offering__program", "user")
    )
    sent = 0
    for invitation in due:
        claimed = ImpactInvitation.objects.filter(
            pk=invitation.pk, reminders_sent=invitation.reminders_sent
        ).update(reminders_sent=F("reminders_sent") + 1, last_reminded_at=now)
        if claimed != 1:  # another sweep reminded first
            continue
        number = invitation.reminders_sent + 1
        notify(
            invitation.user,
            event_key=f"impact:{invitation.instrument_id}:{invitation.user_id}:reminder-{number}",
            title=_("Pengingat: survei dampak %(program)s")
            % {"program": invitation.instrument.offering.program.title},
            body=_("Survei ditutup pada %(date)s.")
            % {"date": invitation.instrument.closes_at.date().isoformat()},
            url=reverse("evaluation:survey-answer", args=[invitation.instrument_id]),
            kind=NotificationKind.SURVEY,
        )
        sent += 1
    return sent


def run_impact_sweep(*, now: datetime) -> ImpactSweep:
    return ImpactSweep(
        invited=schedule_impact_surveys(now=now), reminded=send_impact_reminders(now=now)
    )


def impact_instruments():  # noqa: ANN201
    return SurveyInstrument.objects.filter(target=InstrumentTarget.IMPACT)
