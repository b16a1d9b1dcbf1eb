"""External learning: recorded with evidence by a manager, approved by another one."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangkom.accounts.choices import Role
from bangkom.common.uploads import UploadRejected
from bangkom.progression.choices import CreditSource, ExternalLearningStatus
from bangkom.progression.errors import (
    AlreadyDecided,
    ProgressionForbidden,
    ProgressionInvalid,
    SeparationOfDuties,
)
from bangkom.progression.external import (
    ExternalLearningData,
    approve_external_learning,
    record_external_learning,
    reject_external_learning,
)
from bangkom.progression.ledger import jp_total
from bangkom.progression.models import ExternalLearning, JpCredit
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 5, 4, 3, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("sertifikat bimtek.pdf", PDF, content_type="application/pdf")


def data(**changes) -> ExternalLearningData:
    values = {
        "learning_form": "KL10",
        "title": "Bimtek Penyusunan Anggaran",
        "provider": "BPSDM Provinsi Jawa Barat",
        "starts_on": date(2026, 3, 2),
        "ends_on": date(2026, 3, 4),
        "jp": Decimal("19.5"),
    }
    values.update(changes)
    return ExternalLearningData(**values)


@pytest.fixture
def pengelola_lain(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.PENGELOLA])


@pytest.fixture
def record(peserta, pengelola, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return record_external_learning(
        peserta.employee, data(), evidence=pdf(), recorded_by=pengelola, now=NOW
    )


def test_recorded_learning_waits_for_approval_and_counts_nothing_yet(record, peserta):
    assert record.status == ExternalLearningStatus.SUBMITTED
    assert record.evidence_name == "sertifikat bimtek.pdf"
    assert jp_total(peserta.employee, 2026) == 0


def test_another_manager_approves_and_the_jp_is_credited(record, peserta, pengelola_lain):
    credit = approve_external_learning(record, by=pengelola_lain, now=NOW)

    assert credit.source == CreditSource.EXTERNAL
    assert credit.year == 2026
    assert jp_total(peserta.employee, 2026) == Decimal("19.5")
    record.refresh_from_db()
    assert record.status == ExternalLearningStatus.APPROVED
    assert record.decided_by == pengelola_lain


def test_the_recorder_cannot_approve_their_own_record(record, pengelola, peserta):
    with pytest.raises(SeparationOfDuties):
        approve_external_learning(record, by=pengelola, now=NOW)

    record.refresh_from_db()
    assert record.status == ExternalLearningStatus.SUBMITTED
    assert not JpCredit.objects.exists()


def test_a_record_is_approved_only_once(record, pengelola_lain, admin_user):
    approve_external_learning(record, by=pengelola_lain, now=NOW)

    with pytest.raises(AlreadyDecided):
        approve_external_learning(record, by=admin_user, now=NOW)
    assert JpCredit.objects.count() == 1


def test_rejection_needs_a_reason_and_credits_nothing(record, pengelola_lain):
    with pytest.raises(ProgressionInvalid):
        reject_external_learning(record, by=pengelola_lain, reason=" ", now=NOW)

    reject_external_learning(record, by=pengelola_lain, reason="Bukti tidak terbaca", now=NOW)

    record.refresh_from_db()
    assert record.status == ExternalLearningStatus.REJECTED
    assert record.reason == "Bukti tidak terbaca"
    assert not JpCredit.objects.exists()


def test_peserta_cannot_approve(record, peserta):
    with pytest.raises(ProgressionForbidden):
        approve_external_learning(record, by=peserta, now=NOW)


def test_evidence_must_really_be_a_pdf_or_image(peserta, pengelola, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fake = SimpleUploadedFile("bukti.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")

    with pytest.raises(UploadRejected):
        record_external_learning(
            peserta.employee, data(), evidence=fake, recorded_by=pengelola, now=NOW
        )
    assert not ExternalLearning.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"ends_on": date(2026, 3, 1)}, "ends_on"),
        ({"ends_on": date(2026, 6, 1)}, "ends_on"),  # not finished yet
        ({"jp": Decimal("0")}, "jp"),
        ({"jp": Decimal("2.3")}, "jp"),
        ({"learning_form": "XX"}, "learning_form"),
    ],
)
def test_invalid_records_are_refused(peserta, pengelola, changes, field):
    with pytest.raises(ProgressionInvalid) as caught:
        record_external_learning(
            peserta.employee, data(**changes), evidence=pdf(), recorded_by=pengelola, now=NOW
        )
    assert caught.value.field == field


def test_record_and_approve_through_the_pages(
    peserta, pengelola, pengelola_lain, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    recorder = logged_in_client(pengelola)
    response = recorder.post(
        "/jp/eksternal/",
        {
            "nip": peserta.nip,
            "learning_form": "NKL09",
            "title": "Belajar mandiri kebijakan publik",
            "provider": "LAN",
            "starts_on": "2025-02-03",
            "ends_on": "2025-02-07",
            "jp": "10",
            "evidence": pdf(),
        },
    )
    assert response.status_code == 302
    record = ExternalLearning.objects.get()

    own = recorder.post(f"/jp/eksternal/{record.pk}/keputusan/", {"action": "approve"}, follow=True)
    assert "pengelola lain" in own.content.decode()
    assert not JpCredit.objects.exists()

    other = logged_in_client(pengelola_lain)
    other.post(f"/jp/eksternal/{record.pk}/keputusan/", {"action": "approve"})
    assert jp_total(peserta.employee, 2025) == Decimal("10")


def test_record_page_shows_an_unknown_nip_as_a_form_error(pengelola):
    response = logged_in_client(pengelola).post(
        "/jp/eksternal/", {"nip": "199001012015011999", "jp": "2"}
    )
    assert response.status_code == 200
    assert "NIP tidak ditemukan" in response.content.decode()
    assert not ExternalLearning.objects.exists()


def test_peserta_cannot_open_external_learning(peserta):
    assert logged_in_client(peserta).get("/jp/eksternal/").status_code == 403
