"""Impact surveys: scheduled relative to the certificate, idempotent, reminders stop after a
response; results per program and institution behind the threshold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from bangkom.accounts.choices import Role
from bangkom.evaluation.choices import RespondentRole
from bangkom.evaluation.impact import schedule_impact_surveys, send_impact_reminders
from bangkom.evaluation.impact_reports import impact_report
from bangkom.evaluation.models import ImpactInvitation, ProgramImpactSetting, SurveyResponse
from bangkom.evaluation.surveys import open_surveys_for, submit_response
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.certificates.factories_certificates import issued, kompeten_enrollment
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory
from tests.evaluation.factories import likert_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate(peserta, pimpinan):
    enrollment = kompeten_enrollment(participant=peserta)
    return issued(enrollment)


def _weeks_later(certificate, weeks, days=0):
    return certificate.issued_at + timedelta(weeks=weeks, days=days)


def test_eleven_weeks_after_the_certificate_nobody_is_invited(certificate):
    assert schedule_impact_surveys(now=_weeks_later(certificate, 11, 6)) == 0
    assert not ImpactInvitation.objects.exists()


def test_twelve_weeks_after_alumnus_and_supervisor_are_invited_once(
    certificate, peserta, pimpinan, pimpinan_lain
):
    now = _weeks_later(certificate, 12)
    assert schedule_impact_surveys(now=now) == 2
    roles = dict(ImpactInvitation.objects.values_list("user_id", "role"))
    assert roles == {peserta.pk: RespondentRole.ALUMNUS, pimpinan.pk: RespondentRole.SUPERVISOR}
    assert schedule_impact_surveys(now=now + timedelta(days=1)) == 0
    assert ImpactInvitation.objects.count() == 2
    assert Notification.objects.filter(kind="survey").count() == 2
    assert {i.pk for i in open_surveys_for(pimpinan, now=now)} == {
        ImpactInvitation.objects.first().instrument_id
    }


def test_program_setting_overrides_the_weeks(certificate):
    ProgramImpactSetting.objects.create(
        program=certificate.offering.program, weeks_after_certificate=4
    )
    assert schedule_impact_surveys(now=_weeks_later(certificate, 3, 6)) == 0
    assert schedule_impact_surveys(now=_weeks_later(certificate, 4)) == 2


def test_revoked_certificate_gets_no_survey(certificate):
    certificate.revoked_at = certificate.issued_at + timedelta(days=1)
    certificate.revoke_reason = "Salah terbit."
    certificate.save(update_fields=["revoked_at", "revoke_reason"])
    assert schedule_impact_surveys(now=_weeks_later(certificate, 20)) == 0


def test_reminders_every_seven_days_at_most_twice_and_stop_after_answering(
    certificate, peserta, pimpinan
):
    start = _weeks_later(certificate, 12)
    schedule_impact_surveys(now=start)
    assert send_impact_reminders(now=start + timedelta(days=6)) == 0
    assert send_impact_reminders(now=start + timedelta(days=7)) == 2
    assert send_impact_reminders(now=start + timedelta(days=8)) == 0
    instrument = ImpactInvitation.objects.get(user=peserta).instrument
    submit_response(
        instrument, user=peserta, answers=likert_answers(instrument), now=start + timedelta(days=10)
    )
    assert send_impact_reminders(now=start + timedelta(days=14)) == 1  # only the supervisor
    assert send_impact_reminders(now=start + timedelta(days=21)) == 0  # two reminders sent
    assert Notification.objects.filter(user=peserta, event_key__contains="reminder").count() == 1
    assert Notification.objects.filter(user=pimpinan, event_key__contains="reminder").count() == 2


def test_impact_answer_stores_role_and_institution_not_the_user(certificate, peserta):
    start = _weeks_later(certificate, 12)
    schedule_impact_surveys(now=start)
    instrument = ImpactInvitation.objects.get(user=peserta).instrument
    submit_response(instrument, user=peserta, answers=likert_answers(instrument), now=start)
    response = SurveyResponse.objects.get()
    assert response.respondent_role == RespondentRole.ALUMNUS
    assert response.institution_id == peserta.employee.institution_id


def test_results_show_rates_always_and_means_only_from_five_responses(home_institution, pengelola):
    alumni = [UserFactory(institution=home_institution) for _ in range(5)]
    offering = OfferingFactory()
    certificates = [
        issued(kompeten_enrollment(participant=user, offering=offering)) for user in alumni
    ]
    now = max(c.issued_at for c in certificates) + timedelta(weeks=12)
    assert schedule_impact_surveys(now=now) == 5
    instrument = ImpactInvitation.objects.first().instrument
    for user in alumni[:4]:
        submit_response(instrument, user=user, answers=likert_answers(instrument, 4), now=now)
    report = impact_report()
    row = report.by_program[0]
    assert (row.invited, row.answered, row.mean) == (5, 4, None)
    submit_response(instrument, user=alumni[4], answers=likert_answers(instrument, 5), now=now)
    report = impact_report()
    assert report.by_program[0].mean == 4.2
    assert report.by_institution[0].mean == 4.2
    html = logged_in_client(pengelola).get(reverse("evaluation:impact-results")).content.decode()
    assert "4,20" in html


def test_command_runs_the_sweep(certificate, capsys):
    call_command("schedule_impact_surveys")
    out = capsys.readouterr().out
    assert "undangan" in out


def test_supervisor_role_must_be_for_the_alumnus_institution(certificate, pimpinan_lain):
    schedule_impact_surveys(now=_weeks_later(certificate, 12))
    assert not ImpactInvitation.objects.filter(user=pimpinan_lain).exists()
    assert pimpinan_lain.has_role(Role.PIMPINAN)


def test_competency_table_compares_the_gap_before_and_now(certificate, peserta):
    from bangkom.curriculum.models import ProgramCompetency
    from tests.curriculum.factories import CompetencyFactory
    from tests.planning.factories_planning import (
        AssessmentFactory,
        AssignmentFactory,
        RequirementFactory,
    )

    competency = CompetencyFactory(name="Pengambilan keputusan")
    program = certificate.offering.program
    ProgramCompetency.objects.create(program=program, competency=competency, target_level=4)
    requirement = RequirementFactory(competency=competency, required_level=4)
    AssignmentFactory(employee=peserta.employee, position=requirement.position)
    before = certificate.issued_on - timedelta(days=30)
    AssessmentFactory(employee=peserta.employee, competency=competency, level=2, assessed_on=before)
    later = certificate.issued_on + timedelta(days=60)
    AssessmentFactory(employee=peserta.employee, competency=competency, level=4, assessed_on=later)
    schedule_impact_surveys(now=_weeks_later(certificate, 12))

    row = impact_report().by_competency[0]
    assert row.competency == "Pengambilan keputusan"
    assert (row.alumni_known, str(row.gap_before), str(row.gap_now)) == (1, "2.00", "0.00")
    assert row.mean is None  # no responses yet: no impact score
