"""Uploads are judged by their content, not their name (RELIABILITY.md B3–B7)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bangkom.common.uploads import UploadRejected, check_upload, safe_display_name

MB = 1024 * 1024
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"
MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes(*, bomb: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        body = b"\x00" * (20 * MB) if bomb else b"<w:document/>"
        archive.writestr("word/document.xml", body)
    return buffer.getvalue()


def check(name: str, content: bytes, types=("pdf",), max_bytes=MB):
    return check_upload(upload(name, content), allowed_types=types, max_bytes=max_bytes)


def test_a_real_pdf_is_accepted_with_a_generated_storage_name():
    checked = check("Modul 1.pdf", PDF)
    assert checked.file_type == "pdf"
    assert checked.content_type == "application/pdf"
    assert checked.display_name == "Modul 1.pdf"
    assert checked.storage_name.endswith(".pdf")
    assert "Modul" not in checked.storage_name


def test_a_tiny_mp4_is_accepted():
    checked = check("kuliah.mp4", MP4, types=("mp4", "webm"))
    assert checked.file_type == "mp4"
    assert checked.content_type == "video/mp4"


def test_html_renamed_pdf_is_refused():
    with pytest.raises(UploadRejected):
        check("laporan.pdf", b"<html><script>alert(1)</script></html>")


def test_svg_with_a_script_is_refused_because_svg_is_not_an_allowed_type():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(UploadRejected):
        check("gambar.svg", svg, types=("pdf", "png", "jpg"))
    with pytest.raises(UploadRejected):
        check("gambar.pdf", svg)


def test_a_docx_that_is_really_html_is_refused():
    with pytest.raises(UploadRejected):
        check("tugas.docx", b"<html><body>halo</body></html>", types=("docx",))


def test_a_valid_docx_is_accepted():
    assert check("bacaan.docx", docx_bytes(), types=("docx",)).file_type == "docx"


def test_a_docx_zip_bomb_is_refused():
    content = docx_bytes(bomb=True)
    assert len(content) < MB  # small on the wire, 20 MB inside
    with pytest.raises(UploadRejected, match="zip bomb"):
        check("bom.docx", content, types=("docx",))


def test_an_oversized_upload_is_refused_one_byte_over_the_limit():
    content = PDF + b"0" * (1000 - len(PDF))
    assert check("pas.pdf", content, max_bytes=1000).size == 1000
    with pytest.raises(UploadRejected, match="terlalu besar"):
        check("besar.pdf", content + b"0", max_bytes=1000)


def test_an_empty_upload_is_refused():
    with pytest.raises(UploadRejected, match="kosong"):
        check("kosong.pdf", b"")


def test_the_eicar_test_signature_is_refused_even_inside_an_allowed_type():
    with pytest.raises(UploadRejected, match="virus"):
        check("virus.pdf", PDF + EICAR)


def refuse_everything(upload):
    raise UploadRejected("ditolak pemindai")


def crash(upload):
    raise RuntimeError("clamd is down")


def accept_everything(upload):
    return None


def test_the_scan_hook_can_refuse_an_upload(settings):
    settings.UPLOAD_SCAN_HOOK = "tests.common.test_uploads.refuse_everything"
    with pytest.raises(UploadRejected, match="ditolak pemindai"):
        check("modul.pdf", PDF)


@pytest.mark.parametrize(
    "hook", ["tests.common.test_uploads.crash", "no.such.module.scan"], ids=["crash", "missing"]
)
def test_a_scan_hook_that_fails_refuses_the_upload(settings, hook):
    # B7: when the scanner cannot run, the upload is refused (fail closed).
    settings.UPLOAD_SCAN_HOOK = hook
    with pytest.raises(UploadRejected, match="Pemindaian virus gagal"):
        check("modul.pdf", PDF)


def test_a_passing_scan_hook_lets_the_upload_through(settings):
    settings.UPLOAD_SCAN_HOOK = "tests.common.test_uploads.accept_everything"
    assert check("modul.pdf", PDF).file_type == "pdf"


@pytest.mark.parametrize(
    ("original", "shown"),
    [
        ("../../settings.py", "settings.py"),
        ("..\\..\\windows\\system32.pdf", "system32.pdf"),
        ("faktur\u202efdp.exe", "fakturfdp.exe"),  # RTL override removed
        ("a\x00.pdf", "a.pdf"),
        ('Surat "Dinas"; filename=x.html', 'Surat "Dinas"; filename=x.html'),
        ("", "berkas"),
        ("...", "berkas"),
    ],
)
def test_hostile_names_are_cleaned_for_display(original, shown):
    assert safe_display_name(original) == shown


def test_a_very_long_name_is_shortened_and_keeps_its_extension():
    name = safe_display_name("a" * 1000 + ".pdf")
    assert len(name) == 150
    assert name.endswith(".pdf")


def test_a_hostile_name_never_reaches_the_storage_name():
    checked = check("../../settings.py", PDF)
    assert "/" not in checked.storage_name
    assert ".." not in checked.storage_name
    assert checked.display_name == "settings.py"
