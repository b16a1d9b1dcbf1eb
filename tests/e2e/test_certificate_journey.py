"""Browser: a participant passes the final test and downloads a certificate; scanning the QR's
URL opens the verification page showing it valid (DOMAIN.md §4.1; RELIABILITY.md AC11).

No QR decoder is installed, so the QR's content is captured where the PDF draws it: the
segno call made while the live server renders the downloaded file is recorded."""

from __future__ import annotations

import re
import subprocess
from urllib.parse import urlsplit

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from bangkom.assessments.choices import AssessmentKind
from bangkom.assessments.models import Attempt, ItemVersion
from bangkom.assessments.option_ids import option_token
from bangkom.certificates import pdf as certificate_pdf
from bangkom.certificates.formatting import format_nip
from bangkom.certificates.models import Certificate
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.assessments.factories import AssessmentFactory, make_bank
from tests.learning.factories import EnrollmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def participant_ready_for_the_final():
    """An enrolled participant of a program with only a published final test: the journey
    is at ``final_available`` straight away."""
    user = UserFactory()
    enrollment = EnrollmentFactory(participant=user, offering__running=True)
    program = enrollment.offering.program
    AssessmentFactory(
        offering=enrollment.offering,
        kind=AssessmentKind.FINAL,
        title="Uji Kompetensi Akhir",
        banks=[make_bank(program, size=10)],
        item_count=5,
        passing_score=60,
    )
    return user, enrollment


def correct_token(attempt: Attempt, entry: dict) -> str:
    options = ItemVersion.objects.get(pk=entry["version"]).options
    index = next(i for i, option in enumerate(options) if option["correct"])
    return option_token(attempt.pk, entry["item"], index)


def save_as_attachment(route) -> None:
    response = route.fetch()
    headers = {**response.headers, "content-disposition": "attachment; filename=sertifikat.pdf"}
    route.fulfill(response=response, headers=headers)


def pdf_text(path) -> str:
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return result.stdout


def test_participant_passes_the_final_downloads_the_certificate_and_its_qr_verifies(
    page, monkeypatch, tmp_path
):
    # given
    user, enrollment = participant_ready_for_the_final()
    qr_contents: list[str] = []
    make_qr = segno.make_qr

    def recording_make_qr(content, *args, **kwargs):
        qr_contents.append(content)
        return make_qr(content, *args, **kwargs)

    monkeypatch.setattr(certificate_pdf.segno, "make_qr", recording_make_qr)

    # when: the participant logs in and takes the final test, answering every item correctly
    page.goto("/akun/masuk/")
    page.get_by_label("NIP").fill(user.nip)
    page.get_by_label("Kata sandi").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Selamat datang").wait_for()
    page.goto(reverse("assessments:my-exams", args=[enrollment.pk]))
    page.get_by_test_id("exam-start").click()
    page.wait_for_url("**/ujian/kerjakan/**")
    attempt = Attempt.objects.get(enrollment=enrollment)
    question = page.get_by_test_id("exam-question-number")
    connection = page.get_by_test_id("exam-connection")
    for position, entry in enumerate(attempt.form, start=1):
        expect(question).to_have_text(re.compile(f"^Soal {position} dari {len(attempt.form)}"))
        option = page.locator(f'input[name="exam-option"][value="{correct_token(attempt, entry)}"]')
        option.click()
        expect(option).to_be_checked()
        expect(connection).to_have_attribute("data-state", "saved")
        if position < len(attempt.form):
            page.get_by_test_id("exam-next").click()
    page.get_by_test_id("exam-submit").click()
    page.get_by_test_id("exam-submit-confirm").click()
    page.wait_for_url("**/ujian/hasil/**")

    # then: the result says competent and a certificate was issued
    expect(page.get_by_test_id("exam-result-label")).to_have_text("Kompeten")
    expect(page.get_by_test_id("exam-result-value")).to_have_text(re.compile(r"^100"))
    certificate = Certificate.objects.get(holder_nip=user.nip)

    # the participant downloads it from "Sertifikat saya"
    page.goto(reverse("certificates:my-certificates"))
    expect(page.get_by_role("heading", name="Sertifikat saya")).to_be_visible()
    row = (
        page.get_by_test_id("my-certificates")
        .get_by_role("row")
        .filter(has_text=certificate.number)
    )
    # The server sends the PDF inline (it opens in the browser's viewer, which headless
    # Chromium lacks); the test asks for it as an attachment so the browser saves the file.
    page.route("**/sertifikat/*/pdf/", save_as_attachment)
    with page.expect_download() as download_info:
        row.get_by_role("link", name="Unduh PDF").click()
    saved = tmp_path / "sertifikat.pdf"
    download_info.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    text = pdf_text(saved)
    assert user.name in text
    assert certificate.number in text

    # the QR drawn in that PDF carries the token URL, not the guessable number
    expected_url = settings.SITE_URL + reverse(
        "certificates:verify-token", args=[certificate.verification_token]
    )
    assert qr_contents == [expected_url]
    assert certificate_pdf.verification_url(certificate) == expected_url

    # scanning it opens the public verification page: valid, with the program, without the NIP
    page.context.clear_cookies()  # whoever scans it is not logged in
    page.goto(urlsplit(expected_url).path)
    expect(page.get_by_test_id("certificate-status")).to_have_text(
        "Sertifikat SAH dan tercatat di Bangkom."
    )
    expect(page.get_by_test_id("holder-name")).to_have_text(user.name)
    content = page.locator("body")
    assert certificate.program_title == enrollment.offering.program.title
    expect(content).to_contain_text(certificate.program_title)
    expect(content).to_contain_text(certificate.number)
    html = page.content()
    assert user.nip not in html
    assert format_nip(user.nip) not in html
