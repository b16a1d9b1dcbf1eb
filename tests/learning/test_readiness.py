"""Readiness warnings for the manager: short video per subject (seed R9: ≥ 30 minutes),
subjects without materials, no orientation video, no rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkom.learning.readiness import (
    offering_warnings,
    subjects_short_of_video,
    video_minutes_by_subject,
)
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory, RulesDocumentFactory, SubjectFactory
from tests.learning.factories import MaterialFactory
from tests.learning.factories_study import DocumentMaterialFactory, VideoMaterialFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offering():
    return OfferingFactory()


def test_video_minutes_add_up_uploaded_and_linked_videos_only(offering):
    subject = SubjectFactory(program=offering.program)
    empty = SubjectFactory(program=offering.program)
    VideoMaterialFactory(subject=subject, duration_seconds=900)
    MaterialFactory(subject=subject, duration_seconds=600)  # video link
    DocumentMaterialFactory(subject=subject)
    assert video_minutes_by_subject(offering.program) == {subject.pk: 25.0, empty.pk: 0}


def test_subjects_with_less_than_thirty_minutes_of_video_are_listed(offering):
    short = SubjectFactory(program=offering.program, title="Pendek")
    enough = SubjectFactory(program=offering.program, title="Cukup")
    VideoMaterialFactory(subject=short, duration_seconds=29 * 60 + 59)
    VideoMaterialFactory(subject=enough, duration_seconds=30 * 60)
    assert [row.subject for row in subjects_short_of_video(offering.program)] == [short]
    assert subjects_short_of_video(offering.program, minimum_minutes=31)[1].subject == enough


def test_an_unready_offering_gets_every_warning(offering):
    SubjectFactory(program=offering.program, title="Tanpa materi")
    codes = {w.code for w in offering_warnings(offering)}
    assert {"subject_without_materials", "short_video", "no_orientation", "no_rules"} <= codes


def test_a_ready_offering_has_no_warnings_of_its_own(offering):
    subject = SubjectFactory(program=offering.program)
    VideoMaterialFactory(subject=subject, duration_seconds=1800)
    MaterialFactory(subject=None, program=offering.program, is_orientation=True)
    RulesDocumentFactory(program=offering.program)
    codes = {w.code for w in offering_warnings(offering)}
    assert not codes & {"subject_without_materials", "short_video", "no_orientation", "no_rules"}


def test_manager_sees_the_readiness_page(offering, pengelola):
    SubjectFactory(program=offering.program, title="Tanpa materi")
    response = logged_in_client(pengelola).get(
        reverse("learning:offering-readiness", args=[offering.pk])
    )
    assert response.status_code == 200
    assert "Tanpa materi" in response.content.decode()


def test_materials_page_warns_when_a_subject_has_less_than_thirty_minutes(widyaiswara):
    subject = SubjectFactory()
    subject.facilitators.add(widyaiswara)
    VideoMaterialFactory(subject=subject, duration_seconds=600)
    client = logged_in_client(widyaiswara)
    url = reverse("learning:manage-materials", args=[subject.pk])
    assert 'data-testid="short-video-warning"' in client.get(url).content.decode()
    VideoMaterialFactory(subject=subject, duration_seconds=1200)
    assert 'data-testid="short-video-warning"' not in client.get(url).content.decode()
