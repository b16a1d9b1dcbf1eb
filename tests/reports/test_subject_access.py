"""Subject access export (RELIABILITY.md P2): everything about me, nothing about others."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from bangkom.assessments.models import ItemVersion
from bangkom.audit.models import AuditEntry
from bangkom.learning.models import Submission
from tests.assessments.factories_exam import begin, enrolled, finish, subject_exam
from tests.conftest import logged_in_client
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories_work import SubmissionFactory
from tests.progression.factories_ledger import JpCreditFactory

pytestmark = pytest.mark.django_db


def _download(user) -> tuple[dict, zipfile.ZipFile, bytes]:
    response = logged_in_client(user).get(reverse("reports:my-data-zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return json.loads(archive.read("data-saya.json")), archive, response.content


@pytest.fixture
def exam_world(peserta, peserta_lain):
    offering = OfferingFactory(running=True)
    exam = subject_exam(offering, bank_size=6, item_count=3)
    mine = begin(exam, enrolled(offering, participant=peserta))
    finish(mine, right=2)
    theirs = begin(exam, enrolled(offering, participant=peserta_lain), device="perangkat-b-0002")
    finish(theirs, right=1)
    open_exam = subject_exam(offering, bank_size=6, item_count=3)
    still_open = begin(open_exam, mine.enrollment)
    return mine, theirs, still_open


def test_page_explains_the_export_to_any_signed_in_user(peserta):
    response = logged_in_client(peserta).get(reverse("reports:my-data"))

    assert response.status_code == 200
    assert reverse("reports:my-data-zip") in response.content.decode()


def test_export_holds_my_submitted_answers_and_score(peserta, exam_world):
    mine, _theirs, _open = exam_world

    data, _archive, _raw = _download(peserta)

    [attempt] = [a for a in data["ujian"] if a["id"] == mine.pk]
    assert attempt["nilai"] == str(mine.score) or float(attempt["nilai"]) == float(mine.score)
    assert len(attempt["jawaban"]) == 3
    first = attempt["jawaban"][0]
    version = ItemVersion.objects.get(pk=mine.form[0]["version"])
    assert first["pertanyaan"] in version.stem_html
    assert len(first["jawaban_dipilih"]) == 1


def test_open_attempt_has_no_answers_and_nothing_reveals_a_key(peserta, exam_world):
    _mine, _theirs, still_open = exam_world

    data, _archive, _raw = _download(peserta)

    [attempt] = [a for a in data["ujian"] if a["id"] == still_open.pk]
    assert "jawaban" not in attempt
    assert "nilai" not in attempt
    text = json.dumps(data)
    assert '"correct"' not in text
    assert '"points"' not in text


def test_another_participants_data_is_never_in_my_export(peserta, peserta_lain, exam_world):
    _mine, theirs, _open = exam_world
    JpCreditFactory(employee=peserta_lain.employee)

    data, archive, _raw = _download(peserta)

    assert theirs.pk not in [a["id"] for a in data["ujian"]]
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert peserta_lain.nip.encode() not in everything
    assert peserta_lain.name.encode() not in everything
    assert data["jp"]["kredit_jp"] == []


def test_export_has_no_password_hash(peserta):
    data, archive, _raw = _download(peserta)

    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert peserta.password.encode() not in everything
    assert b"argon2" not in everything
    assert b"pbkdf2" not in everything
    assert "password" not in data["profil"]["akun"]
    assert data["profil"]["akun"]["nip"] == peserta.nip


def test_export_includes_my_submitted_files_and_a_summary_workbook(peserta):
    submission = SubmissionFactory(enrollment__participant=peserta)
    submission.file.save("laporan.pdf", ContentFile(b"%PDF-1.4 isi tugas saya"), save=False)
    Submission.objects.filter(pk=submission.pk).update(
        file=submission.file.name, original_filename="Laporan Akhir.pdf"
    )

    data, archive, _raw = _download(peserta)

    [row] = data["penugasan"]
    assert row["berkas"].startswith("berkas/tugas/")
    assert archive.read(row["berkas"]) == b"%PDF-1.4 isi tugas saya"
    workbook = load_workbook(io.BytesIO(archive.read("ringkasan.xlsx")), read_only=True)
    assert "penugasan" in workbook.sheetnames
    assert "akun" in workbook.sheetnames


def test_download_is_recorded_in_the_audit_log_about_me(peserta):
    _download(peserta)

    entry = AuditEntry.objects.filter(action="data_export.downloaded").get()
    assert entry.subject_id == peserta.pk
    assert entry.actor_id == peserta.pk


def test_audit_entries_about_me_are_in_my_next_export(peserta):
    _download(peserta)

    data, _archive, _raw = _download(peserta)

    actions = [e["action"] for e in data["jejak_audit"]]
    assert "data_export.downloaded" in actions


def test_survey_participation_is_listed_but_not_survey_answers(peserta):
    data, _archive, _raw = _download(peserta)

    assert "partisipasi_survei" in data["evaluasi"]
    assert "jawaban_survei" not in json.dumps(data)


def test_anonymous_visitor_cannot_download(client):
    response = client.get(reverse("reports:my-data-zip"))

    assert response.status_code in (302, 401, 403)
