"""The participant's learning room and the material pages (issue: study; Gambar 2 steps
1–3): own approved enrolment only, the learning window, the one next action, video
progress over HTTP, downloads, and managing materials."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bangkom.learning.choices import MaterialKind
from bangkom.learning.models import Material, MaterialProgress, RulesAcknowledgement
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory, RulesDocumentFactory, SubjectFactory
from tests.learning.factories import EnrollmentFactory, MaterialFactory
from tests.learning.factories_study import (
    MP4_BYTES,
    PDF_BYTES,
    DocumentMaterialFactory,
    VideoMaterialFactory,
    running_offering,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def enrollment(peserta):
    return EnrollmentFactory(participant=peserta, offering=running_offering())


@pytest.fixture
def program(enrollment):
    return enrollment.offering.program


@pytest.fixture
def client(peserta):
    return logged_in_client(peserta)


def url(name, *args):
    return reverse(f"learning:{name}", args=args)


def post_progress(client, enrollment, material, payload):
    return client.post(
        url("video-progress", enrollment.pk, material.pk),
        data=json.dumps(payload),
        content_type="application/json",
    )


# --- who may enter -----------------------------------------------------------------------------


def test_participant_opens_own_learning_room(client, enrollment, program):
    response = client.get(url("study", enrollment.pk))
    assert response.status_code == 200
    assert program.title in response.content.decode()


def test_someone_elses_enrolment_is_not_found(enrollment, peserta_lain):
    assert logged_in_client(peserta_lain).get(url("study", enrollment.pk)).status_code == 404


@pytest.mark.parametrize("status", ["pending", "rejected", "withdrawn"])
def test_an_unapproved_enrolment_has_no_learning_room(peserta, status):
    enrollment = EnrollmentFactory(participant=peserta, offering=running_offering(), status=status)
    client = logged_in_client(peserta)
    assert client.get(url("study", enrollment.pk)).status_code == 404
    assert client.post(url("check-in", enrollment.pk)).status_code == 404


def test_a_facilitator_cannot_open_a_participants_room(enrollment, widyaiswara):
    assert logged_in_client(widyaiswara).get(url("study", enrollment.pk)).status_code == 404


def test_before_the_learning_window_materials_are_refused_with_a_clear_message(peserta):
    enrollment = EnrollmentFactory(participant=peserta, offering=OfferingFactory())  # starts later
    material = DocumentMaterialFactory(subject__program=enrollment.offering.program)
    client = logged_in_client(peserta)

    room = client.get(url("study", enrollment.pk))
    assert room.status_code == 200
    assert "Masa belajar belum dimulai" in room.content.decode()

    page = client.get(url("material", enrollment.pk, material.pk))
    assert page.status_code == 403
    assert "Masa belajar belum dimulai" in page.content.decode()
    assert not MaterialProgress.objects.exists()


def test_after_the_learning_window_video_reports_are_refused(peserta):
    now = timezone.now()
    offering = running_offering(starts_at=now - timedelta(days=20), ends_at=now - timedelta(days=1))
    enrollment = EnrollmentFactory(participant=peserta, offering=offering)
    video = VideoMaterialFactory(subject__program=offering.program)
    response = post_progress(logged_in_client(peserta), enrollment, video, {"intervals": [[0, 9]]})
    assert response.status_code == 403
    assert response.json()["code"] == "learning_ended"


def test_a_trial_enrolment_may_study_before_the_window(pengelola):
    enrollment = EnrollmentFactory(participant=pengelola, offering=OfferingFactory(), is_trial=True)
    material = DocumentMaterialFactory(subject__program=enrollment.offering.program)
    response = logged_in_client(pengelola).get(url("material", enrollment.pk, material.pk))
    assert response.status_code == 200


# --- the room ------------------------------------------------------------------------------------


def test_room_shows_the_one_next_action_and_a_progress_bar(client, enrollment, program):
    RulesDocumentFactory(program=program)
    DocumentMaterialFactory(subject__program=program)
    html = client.get(url("study", enrollment.pk)).content.decode()
    assert html.count('data-testid="next-action"') == 1
    assert re.search(r'data-testid="next-action">\s*<div[^>]*>\s*<a href="[^"]*/ketentuan/">', html)
    assert "<progress" in html


def test_acknowledging_the_rules_moves_the_next_action_on(client, enrollment, program):
    RulesDocumentFactory(program=program)
    DocumentMaterialFactory(subject__program=program)

    response = client.post(url("rules-acknowledge", enrollment.pk))
    assert response.status_code == 302
    client.post(url("rules-acknowledge", enrollment.pk))  # idempotent
    assert RulesAcknowledgement.objects.filter(enrollment=enrollment).count() == 1

    room = client.get(url("study", enrollment.pk))
    assert room.context["journey"].next_step == "study_materials"
    rules_page = client.get(url("rules", enrollment.pk)).content.decode()
    assert 'data-testid="rules-acknowledged"' in rules_page


def test_a_new_rules_version_must_be_acknowledged_again(client, enrollment, program):
    RulesDocumentFactory(program=program, version=1)
    client.post(url("rules-acknowledge", enrollment.pk))
    RulesDocumentFactory(program=program, version=2)
    assert client.get(url("study", enrollment.pk)).context["journey"].next_step == (
        "acknowledge_rules"
    )


def test_acknowledging_without_rules_shows_a_message(client, enrollment):
    response = client.post(url("rules-acknowledge", enrollment.pk), follow=True)
    assert "belum memiliki ketentuan" in response.content.decode()
    assert not RulesAcknowledgement.objects.exists()


def test_room_shows_per_subject_progress_and_facilitator_contacts(
    client, enrollment, program, widyaiswara
):
    subject = SubjectFactory(program=program, title="Etika DPRD")
    subject.facilitators.add(widyaiswara)
    done = DocumentMaterialFactory(subject=subject)
    DocumentMaterialFactory(subject=subject)
    MaterialProgress.objects.create(
        enrollment=enrollment, material=done, completed_at=timezone.now()
    )

    response = client.get(url("study", enrollment.pk))
    html = response.content.decode()
    assert "1 dari 2 materi selesai" in html
    assert widyaiswara.name in html
    assert widyaiswara.email in html


# --- materials -----------------------------------------------------------------------------------


def test_material_page_returns_the_resume_position(client, enrollment, program):
    video = VideoMaterialFactory(subject__program=program, duration_seconds=600)
    MaterialProgress.objects.create(
        enrollment=enrollment, material=video, position_seconds=123.5,
        watched_intervals=[[0, 123.5]], watched_seconds=123.5,
    )  # fmt: skip
    html = client.get(url("material", enrollment.pk, video.pk)).content.decode()
    assert 'data-resume="123.500"' in html
    assert 'data-duration="600"' in html
    assert f'data-progress-url="{url("video-progress", enrollment.pk, video.pk)}"' in html
    assert "js/video_progress.js" in html


def test_video_progress_endpoint_merges_and_completes_at_ninety_percent(
    client, enrollment, program
):
    video = VideoMaterialFactory(subject__program=program, duration_seconds=100)

    jump = post_progress(client, enrollment, video, {"intervals": [[95, 100]], "position": 100})
    assert jump.status_code == 200
    assert jump.json() == {
        "percent": 5,
        "watched_seconds": 5.0,
        "position": 100.0,
        "completed": False,
    }

    post_progress(client, enrollment, video, {"intervals": [[0, 50]], "position": 50})
    done = post_progress(client, enrollment, video, {"intervals": [[49, 85.5]], "position": 85})
    assert done.json()["completed"] is True
    assert done.json()["percent"] == 100
    progress = MaterialProgress.objects.get()
    assert progress.watched_intervals == [[0, 85.5], [95, 100]]


@pytest.mark.parametrize("body", ["not json", "[1, 2]", json.dumps({"intervals": "x"})])
def test_a_malformed_progress_report_is_refused_and_changes_nothing(
    client, enrollment, program, body
):
    video = VideoMaterialFactory(subject__program=program)
    response = client.post(
        url("video-progress", enrollment.pk, video.pk), data=body, content_type="application/json"
    )
    assert response.status_code in (400, 422)
    assert "code" in response.json()
    assert not MaterialProgress.objects.filter(watched_seconds__gt=0).exists()


def test_progress_report_needs_the_csrf_token(peserta, enrollment, program):
    video = VideoMaterialFactory(subject__program=program)
    client = Client(enforce_csrf_checks=True)
    client.force_login(peserta)
    response = post_progress(client, enrollment, video, {"intervals": [[0, 10]]})
    assert response.status_code == 403
    assert not MaterialProgress.objects.exists()


def test_progress_on_another_programs_video_is_not_found(client, enrollment):
    foreign = VideoMaterialFactory()
    response = post_progress(client, enrollment, foreign, {"intervals": [[0, 10]]})
    assert response.status_code == 404


def test_opening_a_document_marks_it_done(client, enrollment, program):
    module = DocumentMaterialFactory(subject__program=program)
    html = client.get(url("material", enrollment.pk, module.pk)).content.decode()
    assert 'data-testid="material-done"' in html
    assert MaterialProgress.objects.get(material=module).completed_at is not None


def test_opening_a_video_does_not_mark_it_done(client, enrollment, program):
    video = VideoMaterialFactory(subject__program=program)
    client.get(url("material", enrollment.pk, video.pk))
    assert MaterialProgress.objects.get(material=video).completed_at is None


def test_an_external_video_is_done_on_the_participants_own_word(client, enrollment, program):
    link = MaterialFactory(subject__program=program, kind=MaterialKind.VIDEO_URL)
    page = client.get(url("material", enrollment.pk, link.pk)).content.decode()
    assert "Saya sudah menonton" in page
    assert "pernyataan Anda sendiri" in page

    client.post(url("material-watched", enrollment.pk, link.pk))
    assert MaterialProgress.objects.get(material=link).completed_at is not None


def test_an_uploaded_video_cannot_be_self_declared(client, enrollment, program):
    video = VideoMaterialFactory(subject__program=program)
    client.post(url("material-watched", enrollment.pk, video.pk))
    assert not MaterialProgress.objects.filter(completed_at__isnull=False).exists()


def test_subject_page_ticks_done_materials(client, enrollment, program):
    subject = SubjectFactory(program=program)
    done = DocumentMaterialFactory(subject=subject, title="Sudah dibaca")
    DocumentMaterialFactory(subject=subject, title="Belum dibaca")
    MaterialProgress.objects.create(
        enrollment=enrollment, material=done, completed_at=timezone.now()
    )
    html = client.get(url("subject", enrollment.pk, subject.pk)).content.decode()
    assert html.count('data-testid="material-done"') == 1
    assert "Belum dibaca" in html


def test_subject_of_another_program_is_not_found(client, enrollment):
    assert client.get(url("subject", enrollment.pk, SubjectFactory().pk)).status_code == 404


# --- downloads ---------------------------------------------------------------------------------


def test_participant_streams_a_video_with_range_requests(client, enrollment, program):
    video = VideoMaterialFactory(subject__program=program)
    response = client.get(url("material-file", video.pk), HTTP_RANGE="bytes=4-11")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == MP4_BYTES[4:12]
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Disposition"].startswith("inline;")


def test_a_pdf_download_is_an_attachment_with_nosniff(client, enrollment, program):
    module = DocumentMaterialFactory(subject__program=program, original_filename="Modul 1.pdf")
    response = client.get(url("material-file", module.pk) + "?unduh=1")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Modul%201.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_outsider_cannot_download_a_programs_material(peserta_lain, program):
    module = DocumentMaterialFactory(subject__program=program)
    response = logged_in_client(peserta_lain).get(url("material-file", module.pk))
    assert response.status_code == 404


# --- managing materials ------------------------------------------------------------------------


@pytest.fixture
def facilitated(widyaiswara):
    subject = SubjectFactory()
    subject.facilitators.add(widyaiswara)
    return subject


def test_facilitator_uploads_a_module_through_the_page(widyaiswara, facilitated):
    client = logged_in_client(widyaiswara)
    response = client.post(
        url("manage-materials", facilitated.pk),
        {"kind": "module", "title": "Modul Etika", "upload": upload("../../etika.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.original_filename == "etika.pdf"
    listing = client.get(url("manage-materials", facilitated.pk)).content.decode()
    assert "Modul Etika" in listing


def test_a_rejected_upload_is_shown_as_a_form_error(widyaiswara, facilitated):
    response = logged_in_client(widyaiswara).post(
        url("manage-materials", facilitated.pk),
        {"kind": "module", "title": "Palsu", "upload": upload("x.pdf", b"<html></html>")},
    )
    assert response.status_code == 200
    assert 'data-field-error="upload"' in response.content.decode()
    assert not Material.objects.exists()


def test_facilitator_managing_another_subject_gets_404(widyaiswara):
    other = SubjectFactory()
    client = logged_in_client(widyaiswara)
    assert client.get(url("manage-materials", other.pk)).status_code == 404
    material = DocumentMaterialFactory(subject=other)
    assert client.get(url("material-edit", material.pk)).status_code == 404
    assert client.post(url("material-delete", material.pk)).status_code == 404
    assert Material.objects.filter(pk=material.pk).exists()


def test_facilitator_edits_and_deletes_own_material(widyaiswara, facilitated):
    material = DocumentMaterialFactory(subject=facilitated)
    client = logged_in_client(widyaiswara)
    client.post(
        url("material-edit", material.pk),
        {"kind": "module", "title": "Judul baru", "order": 2, "in_library": "on"},
    )
    material.refresh_from_db()
    assert (material.title, material.order, material.in_library) == ("Judul baru", 2, True)
    assert client.get(url("material-delete", material.pk)).status_code == 200
    client.post(url("material-delete", material.pk))
    assert not Material.objects.filter(pk=material.pk).exists()


def test_manager_sets_the_orientation_video_and_a_facilitator_cannot(pengelola, widyaiswara):
    program = SubjectFactory().program
    data = {
        "kind": "video_url", "title": "Orientasi", "url": "https://video.example/o",
        "duration_seconds": 900,
    }  # fmt: skip
    facilitator = logged_in_client(widyaiswara)
    assert facilitator.post(url("manage-orientation", program.pk), data).status_code == 404
    response = logged_in_client(pengelola).post(url("manage-orientation", program.pk), data)
    assert response.status_code == 302
    assert Material.objects.get(is_orientation=True).program == program


def test_facilitator_lists_only_own_subjects(widyaiswara, facilitated):
    other = SubjectFactory(title="Bukan milik saya")
    html = logged_in_client(widyaiswara).get(url("manage-subjects")).content.decode()
    assert facilitated.title in html
    assert other.title not in html


def test_facilitator_publishes_a_library_only_material(widyaiswara):
    client = logged_in_client(widyaiswara)
    response = client.post(
        url("manage-library"),
        {"kind": "module", "title": "Pedoman", "upload": upload("pedoman.pdf", PDF_BYTES)},
    )
    assert response.status_code == 302
    material = Material.objects.get()
    assert material.in_library
    assert material.program is None


def test_home_page_links_every_role_to_the_library(personas):
    for user in personas.values():
        html = logged_in_client(user).get(reverse("home")).content.decode()
        assert url("library") in html


# --- query counts --------------------------------------------------------------------------------


def _fill(program, enrollment, subjects):
    RulesDocumentFactory(program=program)
    MaterialFactory(subject=None, program=program, is_orientation=True)
    for n in range(subjects):
        subject = SubjectFactory(program=program)
        for _ in range(3):
            material = DocumentMaterialFactory(subject=subject)
            MaterialProgress.objects.create(
                enrollment=enrollment, material=material, completed_at=timezone.now()
            )
        VideoMaterialFactory(subject=subject)
        if n % 2:
            subject.facilitators.add(EnrollmentFactory().participant)


def test_study_page_query_count_does_not_grow_with_subjects(
    client, enrollment, program, django_assert_max_num_queries
):
    _fill(program, enrollment, subjects=6)
    with django_assert_max_num_queries(28):
        response = client.get(url("study", enrollment.pk))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="subject-card"') == 6


def test_subject_page_query_count_is_bounded(
    client, enrollment, program, django_assert_max_num_queries
):
    _fill(program, enrollment, subjects=2)
    subject = program.subjects.first()
    for _ in range(10):
        DocumentMaterialFactory(subject=subject)
    with django_assert_max_num_queries(15):
        response = client.get(url("subject", enrollment.pk, subject.pk))
    assert response.content.decode().count('data-testid="material-row"') == 14


def test_every_management_page_renders_for_a_manager(pengelola):
    subject = SubjectFactory()
    material = DocumentMaterialFactory(subject=subject, in_library=True)
    orientation = VideoMaterialFactory(subject=None, program=subject.program, is_orientation=True)
    offering = running_offering(program=subject.program)
    client = logged_in_client(pengelola)
    pages = [
        url("manage-subjects"),
        url("manage-materials", subject.pk),
        url("material-edit", material.pk),
        url("material-edit", orientation.pk),
        url("material-delete", material.pk),
        url("manage-orientation", subject.program.pk),
        url("manage-library"),
        url("library"),
        url("library-item", material.pk),
        url("offering-attendance", offering.pk),
        url("announcements", offering.pk),
        url("offering-readiness", offering.pk),
    ]
    for page in pages:
        assert client.get(page).status_code == 200, page


def test_room_with_orientation_and_rules_renders_for_the_participant(client, enrollment, program):
    orientation = VideoMaterialFactory(subject=None, program=program, is_orientation=True)
    RulesDocumentFactory(program=program)
    html = client.get(url("study", enrollment.pk)).content.decode()
    assert url("material", enrollment.pk, orientation.pk) in html
    assert client.get(url("rules", enrollment.pk)).status_code == 200
    assert client.get(url("material", enrollment.pk, orientation.pk)).status_code == 200
