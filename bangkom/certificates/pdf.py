"""The certificate PDF: ReportLab canvas, A4 landscape, Indonesian (DOMAIN.md §4.1), with a
QR code (segno, drawn as vector squares) carrying the unguessable verification-token URL
(RELIABILITY.md AC11, control 13).

Fonts: DejaVu Sans is registered and embedded (subset) when
``/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf`` exists (Debian ``fonts-dejavu-core``),
so names such as "Nyoman Ṣ" print as written (RELIABILITY.md B20). Without it the built-in
Helvetica is used, and characters it cannot show are reduced to their base letter
(Ṣ → S) or replaced with "?"; the stored snapshot keeps the exact name either way.
Rendering reads only the certificate row (no queries), so it is fast enough for bulk zips.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.urls import reverse
from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from bangkom.certificates.formatting import format_nip, jp_text, tanggal
from bangkom.certificates.models import Certificate

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
PAGE = landscape(A4)
INK = HexColor("#1f2937")
ACCENT = HexColor("#0b5394")


@cache
def fonts() -> tuple[str, str, bool]:
    """``(regular, bold, unicode_capable)``, registering DejaVu once per process."""
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if regular.exists() and bold.exists():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(regular)))
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
        return "DejaVuSans", "DejaVuSans-Bold", True
    return "Helvetica", "Helvetica-Bold", False


def printable(text: str) -> str:
    """``text`` as the chosen font can print it (unchanged with DejaVu)."""
    if fonts()[2]:
        return text
    out = []
    for char in text:
        try:
            char.encode("cp1252")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def verification_url(certificate: Certificate) -> str:
    """The absolute URL printed as the QR code: the token page, not the guessable number."""
    path = reverse("certificates:verify-token", args=[certificate.verification_token])
    return settings.SITE_URL + path


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as a one-page PDF (A4 landscape)."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=PAGE, pageCompression=1)
    pdf.setTitle(f"Sertifikat {certificate.number}")
    pdf.setAuthor(printable(certificate.provider_name))
    pdf.setSubject(printable(certificate.program_title))
    _frame(pdf)
    _body(pdf, certificate)
    _footer(pdf, certificate)
    _qr(pdf, verification_url(certificate), x=60, y=60, size=95)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _text(pdf: canvas.Canvas, x: float, y: float, text: str, *, size: float, bold: bool = False,
          align: str = "center") -> None:  # fmt: skip
    regular, heavy, _unicode = fonts()
    font = heavy if bold else regular
    text = printable(text)
    while size > 6 and pdfmetrics.stringWidth(text, font, size) > PAGE[0] - 140:
        size -= 0.5  # long names and titles shrink instead of running off the page
    pdf.setFont(font, size)
    if align == "center":
        pdf.drawCentredString(x, y, text)
    elif align == "right":
        pdf.drawRightString(x, y, text)
    else:
        pdf.drawString(x, y, text)


def _frame(pdf: canvas.Canvas) -> None:
    width, height = PAGE
    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(25, 25, width - 50, height - 50)
    pdf.setLineWidth(0.8)
    pdf.rect(33, 33, width - 66, height - 66)
    pdf.setFillColor(INK)


def _body(pdf: canvas.Canvas, c: Certificate) -> None:
    mid, top = PAGE[0] / 2, PAGE[1] - 75
    _text(pdf, mid, top, c.provider_name.upper(), size=12, bold=True)
    pdf.setFillColor(ACCENT)
    _text(pdf, mid, top - 45, "SERTIFIKAT", size=34, bold=True)
    pdf.setFillColor(INK)
    _text(pdf, mid, top - 65, f"Nomor: {c.number}", size=11)
    _text(pdf, mid, top - 92, "Diberikan kepada", size=12)
    _text(pdf, mid, top - 122, c.holder_name, size=22, bold=True)
    born = ", ".join(part for part in (c.birth_place, tanggal(c.birth_date)) if part)
    rows = [
        ("NIP", format_nip(c.holder_nip)),
        ("Tempat, tanggal lahir", born if c.birth_date else (c.birth_place or "-")),
        ("Pangkat/golongan", c.rank or "-"),
        ("Jabatan", c.position_name or "-"),
        ("Instansi", c.institution_name or "-"),
    ]
    y = top - 148
    for label, value in rows:
        _text(pdf, mid - 10, y, label, size=10.5, align="right")
        _text(pdf, mid, y, ":", size=10.5)
        _text(pdf, mid + 10, y, value, size=10.5, align="left")
        y -= 15
    y -= 8
    _text(pdf, mid, y, f"telah mengikuti {c.program_title}", size=12, bold=True)
    _text(
        pdf,
        mid,
        y - 17,
        f"pada tanggal {tanggal(c.starts_on)} sampai dengan {tanggal(c.ends_on)}, "
        f"yang meliputi {jp_text(c.jp)} jam pelajaran",
        size=11,
    )
    _text(pdf, mid, y - 40, f"dengan hasil: {c.result_text.upper()}", size=13, bold=True)


def _footer(pdf: canvas.Canvas, c: Certificate) -> None:
    x, y = PAGE[0] - 200, 150
    _text(pdf, x, y, f"{c.place_of_issue}, {tanggal(c.issued_on)}", size=11)
    _text(pdf, x, y - 15, c.signatory_position or "Kepala Badan", size=11)
    _text(pdf, x, y - 75, c.signatory_name or "-", size=11, bold=True)
    _text(pdf, 165, 80, "Pindai untuk memeriksa keaslian sertifikat ini.", size=8, align="left")
    _text(pdf, 165, 68, f"Kode verifikasi: {c.number}", size=8, align="left")


def _qr(pdf: canvas.Canvas, url: str, *, x: float, y: float, size: float) -> None:
    """Draw the QR as vector squares: one ``re`` per horizontal run of dark modules, in
    integer module units under a scale transform, written as raw path operators.

    ReportLab's pure-Python number formatting made per-module ``rect`` calls the slowest
    part of a certificate; this keeps the page at well over 20 PDFs/s on one core. The
    mask is fixed (any of the eight is valid QR) to skip segno's mask scoring per code.
    """
    matrix = segno.make_qr(url, error="m", mask=4).matrix
    modules = len(matrix)
    ops = []
    for row_index, row in enumerate(matrix):
        bottom = modules - row_index - 1
        start = None
        for col_index, dark in enumerate((*row, 0)):
            if dark and start is None:
                start = col_index
            elif not dark and start is not None:
                ops.append(f"{start} {bottom} {col_index - start} 1 re")
                start = None
    pdf.saveState()
    pdf.translate(x, y)
    pdf.scale(size / modules, size / modules)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.addLiteral("\n".join(ops) + "\nf")
    pdf.restoreState()
