"""Rules and sanctions (seed R11): violations, sanctions, appeals, and the journey."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from bangkom.assessments.choices import AssessmentKind, AttemptEventKind, AttemptStatus
from bangkom.assessments.errors import AssessmentErrorCode
from bangkom.assessments.gates import start_refusal
from bangkom.assessments.models import AttemptEvent
from bangkom.audit.models import AuditEntry
from bangkom.common.errors import Forbidden
from bangkom.common.uploads import UploadRejected
from bangkom.evaluation.choices import AppealStatus, SanctionKind, ViolationKind
from bangkom.evaluation.errors import SanctionConflict, SanctionInvalid
from bangkom.evaluation.models import Sanction, SanctionAppeal
from bangkom.evaluation.sanctions import (
    decide_appeal,
    file_appeal,
    impose_sanction,
    lift_sanction,
    record_violation,
)
from bangkom.learning.progress import journey_for
from bangkom.notifications.models import Notification
from bangkom.progression.journey import JourneyState, NextStep
from tests.assessments.factories import AssessmentFactory
from tests.certificates.factories_certificates import passed_attempt
from tests.conftest import logged_in_client
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(peserta):
    return EnrollmentFactory(participant=peserta)


def _violation(enrollment, manager, **fields):
    defaults = {
        "kind": ViolationKind.PLAGIARISM,
        "description": "Tugas 2 sama persis dengan tugas peserta lain.",
    }
    defaults.update(fields)
    return record_violation(enrollment, by=manager, now=timezone.now(), **defaults)


def _disqualify(enrollment, manager):
    return impose_sanction(
        _violation(enrollment, manager),
        kind=SanctionKind.DISQUALIFICATION,
        reason="Plagiarisme berulang.",
        by=manager,
        now=timezone.now(),
    )


def test_disqualification_stops_the_journey(enrollment, pengelola):
    assert journey_for(enrollment).state != JourneyState.DISQUALIFIED
    _disqualify(enrollment, pengelola)
    journey = journey_for(enrollment)
    assert journey.state == JourneyState.DISQUALIFIED
    assert journey.next_step == NextStep.NONE


@pytest.mark.parametrize(
    "kind", [AssessmentKind.PLACEMENT, AssessmentKind.SUBJECT, AssessmentKind.FINAL]
)
def test_disqualified_participant_cannot_start_an_exam(enrollment, pengelola, kind):
    assessment = AssessmentFactory(offering=enrollment.offering, kind=kind, is_published=True)
    before = start_refusal(assessment, enrollment, now=timezone.now())
    _disqualify(enrollment, pengelola)
    after = start_refusal(assessment, enrollment, now=timezone.now())
    assert after == AssessmentErrorCode.PREREQUISITES_NOT_MET
    if kind == AssessmentKind.PLACEMENT:
        assert before is None  # the refusal comes from the sanction


def test_warning_does_not_stop_the_journey(enrollment, pengelola):
    impose_sanction(
        _violation(enrollment, pengelola),
        kind=SanctionKind.WARNING,
        reason="Teguran.",
        by=pengelola,
        now=timezone.now(),
    )
    assert journey_for(enrollment).state != JourneyState.DISQUALIFIED


def test_lifted_disqualification_restores_the_journey(enrollment, pengelola):
    sanction = _disqualify(enrollment, pengelola)
    lift_sanction(sanction, by=pengelola, note="Salah catat.", now=timezone.now())
    assert journey_for(enrollment).state != JourneyState.DISQUALIFIED
    assert AuditEntry.objects.filter(action="sanction.lifted").count() == 1


def test_sanction_needs_a_reason_and_changes_nothing_without_one(enrollment, pengelola):
    violation = _violation(enrollment, pengelola)
    with pytest.raises(SanctionInvalid):
        impose_sanction(
            violation, kind=SanctionKind.WARNING, reason="  ", by=pengelola, now=timezone.now()
        )
    assert not Sanction.objects.exists()
    assert not Notification.objects.filter(kind="sanction").exists()


def test_only_a_manager_decides(enrollment, pengelola, widyaiswara):
    violation = _violation(enrollment, pengelola)
    with pytest.raises(Forbidden):
        impose_sanction(
            violation, kind=SanctionKind.WARNING, reason="x", by=widyaiswara, now=timezone.now()
        )


def test_sanction_notifies_the_participant_and_is_audited(enrollment, pengelola, peserta):
    sanction = _disqualify(enrollment, pengelola)
    note = Notification.objects.get(user=peserta, kind="sanction")
    assert "Diskualifikasi" in note.title
    assert note.url == reverse("evaluation:my-sanction", args=[sanction.pk])
    entry = AuditEntry.objects.get(action="sanction.recorded")
    assert entry.subject_id == peserta.pk
    assert entry.actor_id == pengelola.pk


def test_attempt_voided_sanction_voids_the_attempt_and_shows_the_integrity_log(
    enrollment, pengelola
):
    attempt = passed_attempt(enrollment, kind=AssessmentKind.SUBJECT)
    AttemptEvent.objects.create(
        attempt=attempt, kind=AttemptEventKind.TAKEOVER, detail={"device": "b"}
    )
    violation = _violation(
        enrollment, pengelola, kind=ViolationKind.EXAM_INTEGRITY, attempt=attempt
    )
    impose_sanction(
        violation,
        kind=SanctionKind.ATTEMPT_VOIDED,
        reason="Dua perangkat.",
        by=pengelola,
        now=timezone.now(),
    )
    attempt.refresh_from_db()
    assert attempt.status == AttemptStatus.VOIDED
    html = (
        logged_in_client(pengelola)
        .get(reverse("evaluation:violation-detail", args=[violation.pk]))
        .content.decode()
    )
    assert 'data-testid="integrity-log"' in html
    assert "Pindah perangkat" in html


def test_attempt_of_another_enrollment_is_refused(enrollment, pengelola):
    other = passed_attempt(EnrollmentFactory(), kind=AssessmentKind.SUBJECT)
    with pytest.raises(SanctionInvalid):
        _violation(enrollment, pengelola, attempt=other)


def test_evidence_file_is_checked_by_content(enrollment, pengelola):
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(UploadRejected):
        _violation(enrollment, pengelola, evidence=fake)


def test_participant_files_one_appeal_and_manager_lifts(enrollment, pengelola, peserta):
    sanction = _disqualify(enrollment, pengelola)
    appeal = file_appeal(sanction, by=peserta, note="Saya mengerjakan sendiri.", now=timezone.now())
    with pytest.raises(SanctionConflict):
        file_appeal(sanction, by=peserta, note="Lagi.", now=timezone.now())
    assert SanctionAppeal.objects.count() == 1
    assert AuditEntry.objects.filter(action="sanction.appeal_filed").count() == 1
    assert Notification.objects.filter(user=pengelola, kind="sanction").exists()
    decide_appeal(appeal, lift=True, note="Bukti tidak cukup.", by=pengelola, now=timezone.now())
    sanction.refresh_from_db()
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.LIFTED
    assert not sanction.is_active
    assert journey_for(enrollment).state != JourneyState.DISQUALIFIED
    assert Notification.objects.filter(user=peserta, kind="sanction").count() == 2
    with pytest.raises(SanctionConflict):
        decide_appeal(appeal, lift=False, note="x", by=pengelola, now=timezone.now())


def test_upheld_appeal_keeps_the_sanction(enrollment, pengelola, peserta):
    sanction = _disqualify(enrollment, pengelola)
    appeal = file_appeal(sanction, by=peserta, note="Mohon ditinjau.", now=timezone.now())
    decide_appeal(appeal, lift=False, note="Bukti kuat.", by=pengelola, now=timezone.now())
    sanction.refresh_from_db()
    assert sanction.is_active
    assert journey_for(enrollment).state == JourneyState.DISQUALIFIED


def test_someone_else_cannot_appeal(enrollment, pengelola, peserta_lain):
    sanction = _disqualify(enrollment, pengelola)
    with pytest.raises(Forbidden):
        file_appeal(sanction, by=peserta_lain, note="x", now=timezone.now())


def test_participant_appeals_through_the_page_and_others_get_404(
    enrollment, pengelola, peserta, peserta_lain
):
    sanction = _disqualify(enrollment, pengelola)
    url = reverse("evaluation:my-sanction", args=[sanction.pk])
    assert logged_in_client(peserta_lain).get(url).status_code == 404
    client = logged_in_client(peserta)
    response = client.post(url, {"note": "Saya keberatan."})
    assert response.status_code == 302
    assert sanction.appeal.note == "Saya keberatan."
    page = logged_in_client(pengelola).get(
        reverse("evaluation:sanction-detail", args=[sanction.pk])
    )
    assert "Saya keberatan." in page.content.decode()


def test_manager_records_a_violation_and_decides_through_the_pages(enrollment, pengelola, peserta):
    client = logged_in_client(pengelola)
    response = client.post(
        reverse("evaluation:violation-create"),
        {
            "offering": enrollment.offering.pk,
            "nip": peserta.nip,
            "kind": ViolationKind.ABSENCE,
            "description": "Tidak hadir 5 hari berturut-turut.",
        },
    )
    assert response.status_code == 302
    violation = enrollment.violations.get()
    response = client.post(
        reverse("evaluation:violation-detail", args=[violation.pk]),
        {"kind": SanctionKind.WARNING, "reason": "Teguran tertulis."},
    )
    assert response.status_code == 302
    assert Sanction.objects.get().kind == SanctionKind.WARNING


def test_unknown_nip_is_a_form_error(enrollment, pengelola):
    response = logged_in_client(pengelola).post(
        reverse("evaluation:violation-create"),
        {
            "offering": enrollment.offering.pk,
            "nip": "199999999999999999",
            "kind": "other",
            "description": "x",
        },
    )
    assert response.status_code == 200
    assert 'data-field-error="nip"' in response.content.decode()


def test_participant_cannot_open_violation_pages(enrollment, pengelola, peserta):
    violation = _violation(enrollment, pengelola)
    client = logged_in_client(peserta)
    assert client.get(reverse("evaluation:violation-detail", args=[violation.pk])).status_code in (
        403,
        404,
    )
    assert client.get(reverse("evaluation:violation-list")).status_code == 403


def test_the_managers_appeal_email_is_not_worded_for_the_participant(
    enrollment, pengelola, peserta
):
    from bangkom.notifications.delivery import render_email

    sanction = _disqualify(enrollment, pengelola)
    file_appeal(sanction, by=peserta, note="Saya keberatan.", now=timezone.now())
    notification = Notification.objects.get(user=pengelola, kind="sanction")

    for language in ("id", "en"):
        email = render_email(notification, language=language)
        assert "Anda" not in email.body.split("Saya keberatan.")[0]
        assert "your participation" not in email.body
