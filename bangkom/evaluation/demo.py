"""The evaluation part of the demo world (DOMAIN.md D-6; issue 8 item 7).

``seed_evaluation_demo(now=...)`` runs after the assessments demo:

- the standard questionnaires;
- on every running demo offering, the standard instruments (open now, so the demo
  participant finds them on "Survei saya"), with anonymous answers of the other enrolled
  participants (all but the demo participant) so aggregates show once 5 have answered;
- on the first running offering, the seed survey of S-5 (1000 synthetic responses that
  reproduce its percentages exactly, see ``seed_survey``);
- an impact round: the certificates issued so far are invited early (the demo's
  certificates are days old, not 12 weeks) and half of the invitees answer;
- a violation (exam integrity) with a warning sanction and an appeal note from the
  participant.

Idempotent: instruments by their unique keys, answers only from users who have not answered,
the sanction only when the demo participant has none.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bangkom.accounts.choices import Role
from bangkom.accounts.models import User
from bangkom.certificates.models import Certificate
from bangkom.curriculum.models import Offering
from bangkom.evaluation.choices import ItemKind, SanctionKind, ViolationKind
from bangkom.evaluation.errors import AlreadyAnswered
from bangkom.evaluation.impact import invite_for_certificates
from bangkom.evaluation.models import ImpactInvitation, Sanction, SurveyInstrument
from bangkom.evaluation.sanctions import file_appeal, impose_sanction, record_violation
from bangkom.evaluation.seed_survey import load_seed_survey
from bangkom.evaluation.standard import ensure_standard_templates
from bangkom.evaluation.surveys import (
    create_offering_instruments,
    respondent_role_for,
    submit_response,
)
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment

OPEN_ANSWERS = (
    "Materi video sangat membantu karena bisa diulang.",
    "Jadwal sesi Zoom sebaiknya memperhatikan zona WITA dan WIT.",
    "Tugas studi kasus relevan dengan pekerjaan di daerah.",
    "Perlu lebih banyak contoh soal sebelum ujian.",
    "Aplikasi mudah dipakai dari ponsel.",
)
# Likert answers lean positive, like the seed survey (mostly 4s and 5s).
WEIGHTS = (0.03, 0.07, 0.15, 0.45, 0.30)


def _running_offerings() -> list[Offering]:
    from bangkom.curriculum.demo import RUNNING_OFFERING_CODES

    return list(
        Offering.objects.filter(code__in=RUNNING_OFFERING_CODES)
        .select_related("program")
        .order_by("code")
    )


def _demo_user(role: str) -> User | None:
    from bangkom.accounts.demo import DEMO_ACCOUNTS

    nip = next((a.nip for a in DEMO_ACCOUNTS if a.role == role), None)
    return User.objects.filter(nip=nip).first() if nip else None


def _demo_participant() -> User | None:
    from bangkom.learning.demo import ENROLLED_NIP

    return User.objects.filter(nip=ENROLLED_NIP).first()


def _answers(instrument: SurveyInstrument, rng: random.Random) -> dict[int, object]:
    answers: dict[int, object] = {}
    for item in instrument.template.items.all():
        if item.kind == ItemKind.LIKERT:
            answers[item.pk] = rng.choices(range(1, 6), weights=WEIGHTS)[0]
        elif rng.random() < 0.4:
            answers[item.pk] = rng.choice(OPEN_ANSWERS)
    return answers


def _answer_all(instrument: SurveyInstrument, users: list[User], rng: random.Random, now) -> int:  # noqa: ANN001
    made = 0
    for user in users:
        if respondent_role_for(instrument, user) is None:
            continue
        try:
            submit_response(instrument, user=user, answers=_answers(instrument, rng), now=now)
        except AlreadyAnswered:
            continue
        made += 1
    return made


def seed_evaluation_demo(*, now: datetime) -> dict[str, int]:
    rng = random.Random(20261129)  # noqa: S311 (demo data)
    summary = {"templates": len(ensure_standard_templates())}
    participant = _demo_participant()
    manager = _demo_user(Role.PENGELOLA)
    offerings = _running_offerings()
    instruments = responses = 0
    for offering in offerings:
        made = create_offering_instruments(
            offering, opens_at=now - timedelta(days=3), closes_at=now + timedelta(days=21)
        )
        instruments += len(made)
        respondents = list(
            User.objects.filter(
                enrollments__offering=offering, enrollments__status=EnrollmentStatus.ENROLLED
            )
            .exclude(pk=participant.pk if participant else None)
            .order_by("pk")[:12]
        )
        for instrument in made:
            responses += _answer_all(instrument, respondents, rng, now)
    summary["instruments"] = instruments
    summary["responses"] = responses
    if offerings:
        seed = load_seed_survey(offerings[0], now=now)
        summary["seed_survey_responses"] = seed.responses.count()
    summary.update(_impact_round(rng, now=now))
    summary["sanctions"] = _sanction_with_appeal(participant, manager, now=now)
    return summary


def _impact_round(rng: random.Random, *, now: datetime) -> dict[str, int]:
    certificates = list(
        Certificate.objects.filter(revoked_at__isnull=True)
        .select_related("offering__program", "holder__employee")
        .order_by("pk")[:40]
    )
    invited = invite_for_certificates(certificates, now=now)
    answered = 0
    for invitation in ImpactInvitation.objects.select_related(
        "instrument__template", "user"
    ).order_by("pk"):
        if rng.random() < 0.5:
            answered += _answer_all(invitation.instrument, [invitation.user], rng, now)
    return {"impact_invitations": invited, "impact_responses": answered}


def _sanction_with_appeal(participant: User | None, manager: User | None, *, now: datetime) -> int:
    if participant is None or manager is None:
        return 0
    if Sanction.objects.filter(enrollment__participant=participant).exists():
        return 0
    enrollment = (
        Enrollment.objects.filter(participant=participant, status=EnrollmentStatus.ENROLLED)
        .select_related("offering")
        .order_by("pk")
        .first()
    )
    if enrollment is None:
        return 0
    attempt = enrollment.attempts.order_by("pk").first()
    violation = record_violation(
        enrollment,
        kind=ViolationKind.EXAM_INTEGRITY if attempt else ViolationKind.OTHER,
        description=(
            "Log integritas menunjukkan ujian dibuka di dua perangkat dan jendela ujian "
            "berkali-kali ditinggalkan."
        ),
        attempt=attempt,
        by=manager,
        now=now - timedelta(days=2),
    )
    sanction = impose_sanction(
        violation,
        kind=SanctionKind.WARNING,
        reason="Teguran tertulis: ujian wajib dikerjakan sendiri dari satu perangkat.",
        by=manager,
        now=now - timedelta(days=2),
    )
    file_appeal(
        sanction,
        by=participant,
        note="Saya berpindah dari laptop ke ponsel karena listrik padam, bukan untuk mencontek.",
        now=now - timedelta(days=1),
    )
    return 1
