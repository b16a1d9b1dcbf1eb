"""Sample learning media made on this machine, for the demo world: nothing is downloaded.

``sample_pdf`` writes a few pages of Indonesian placeholder text with ReportLab (a module or
slide deck titled with the subject's name). ``sample_video`` encodes an H.264 MP4 of a test
pattern with a running seconds counter, using the ffmpeg binary that ships inside the
``imageio-ffmpeg`` wheel (no system ffmpeg needed). The video is tiny on purpose: 128×72
pixels, one frame per second, so 31 minutes (DOMAIN.md S-1 R9: at least 30 minutes of video
per subject) take about 1 MB and encode in well under a second. ``+faststart`` puts the
index first, so a browser can seek before the whole file has arrived.
"""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.pdfgen.canvas import Canvas

# 128×72 is the smallest size at which ffmpeg's test pattern draws a legible counter; at
# 64×36 it is a blur. CRF 38 keeps 31 minutes near 1 MB (checked: 0.85–1.1 MB).
VIDEO_SIZE = "128x72"
VIDEO_FPS = 1
VIDEO_CRF = 38
KEYFRAME_EVERY = 30  # seconds between keyframes: a seek lands at most 30 s early
MAX_VIDEO_SECONDS = 24 * 3600  # what a material may declare (learning.materials)
FFMPEG_TIMEOUT_SECONDS = 120

PLACEHOLDER_PARAGRAPHS = (
    "Modul ini disusun sebagai bahan belajar mandiri dalam SMART Training. Peserta "
    "mempelajari setiap bagian secara berurutan, mengerjakan latihan pada akhir bagian, dan "
    "mendiskusikan pertanyaan yang belum terjawab di forum mata pelatihan.",
    "Tujuan pembelajaran: setelah mempelajari materi ini peserta mampu menjelaskan konsep "
    "pokok, menerapkannya dalam tugas jabatan di instansi masing-masing, serta menyusun "
    "rencana tindak lanjut yang dapat diukur.",
    "Uraian materi memuat dasar hukum, pengertian, ruang lingkup, contoh penerapan di "
    "pemerintah daerah, dan studi kasus singkat. Perhatikan perbedaan kewenangan pemerintah "
    "pusat, provinsi dan kabupaten/kota sebagaimana diatur dalam peraturan perundang-undangan.",
    "Latihan: identifikasi satu permasalahan di unit kerja Anda yang berkaitan dengan materi "
    "ini, uraikan penyebabnya, dan usulkan dua alternatif penyelesaian beserta kelebihan dan "
    "kekurangannya.",
    "Rangkuman: pembelajaran yang baik menggabungkan belajar mandiri, belajar dari rekan dan "
    "pengalaman kerja (70:20:10). Gunakan video, modul, salindia dan referensi secara "
    "bersama-sama.",
    "Catatan: dokumen ini adalah contoh untuk data demo Bangkom. Isinya teks pengisi, bukan "
    "bahan ajar resmi.",
)


class SampleMediaUnavailable(RuntimeError):
    """The sample video cannot be made here (imageio-ffmpeg missing or ffmpeg failed)."""


def sample_pdf(title: str, pages: int = 3, *, slides: bool = False) -> bytes:
    """Return a PDF of ``pages`` pages titled ``title`` with Indonesian placeholder text.

    ``slides`` lays the pages out landscape with larger type, like a slide deck. The
    output is deterministic for the same arguments (no creation date inside).
    """
    pages = max(1, pages)
    buffer = io.BytesIO()
    size = landscape(A4) if slides else A4
    canvas = Canvas(buffer, pagesize=size, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("BPSDM Kementerian Dalam Negeri (demo)")
    canvas.setSubject("Bahan ajar contoh SMART Training")
    for number in range(1, pages + 1):
        _pdf_page(canvas, title, number, pages, size=size, slides=slides)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _pdf_page(
    canvas: Canvas,
    title: str,
    number: int,
    pages: int,
    *,
    size: tuple[float, float],
    slides: bool,
) -> None:
    width, height = size
    margin = 2 * cm
    canvas.setFont("Helvetica-Bold", 22 if slides else 16)
    y = height - margin
    for line in _wrap(title, 50 if slides else 60):
        canvas.drawString(margin, y, line)
        y -= 28 if slides else 20
    canvas.setFont("Helvetica", 10)
    canvas.drawString(margin, y, "BPSDM Kementerian Dalam Negeri · SMART Training")
    y -= 30
    body_size, leading, chars = (16, 22, 70) if slides else (11, 15, 90)
    canvas.setFont("Helvetica", body_size)
    count = 3 if slides else len(PLACEHOLDER_PARAGRAPHS)
    for index in range(count):
        paragraph = PLACEHOLDER_PARAGRAPHS[(number - 1 + index) % len(PLACEHOLDER_PARAGRAPHS)]
        for row, line in enumerate(_wrap(paragraph, chars)):
            if y < margin + leading:
                break
            if slides and row == 0:
                canvas.drawString(margin, y, "•")
            canvas.drawString(margin + (14 if slides else 0), y, line)
            y -= leading
        y -= leading / 2
    canvas.setFont("Helvetica", 9)
    canvas.drawRightString(width - margin, margin / 2, f"Halaman {number} dari {pages}")


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    return lines


def ffmpeg_executable() -> str:
    """The path of the ffmpeg binary shipped in the imageio-ffmpeg wheel."""
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # the dependency is in pyproject.toml; an old venv may lack it
        raise SampleMediaUnavailable(
            "imageio-ffmpeg tidak terpasang; jalankan pip install -e . untuk membuat video contoh"
        ) from exc
    return imageio_ffmpeg.get_ffmpeg_exe()


def sample_video(seconds: int) -> bytes:
    """Return an MP4 (H.264, no audio) of ``seconds`` seconds: a test pattern and a counter.

    Raises ``SampleMediaUnavailable`` when ffmpeg is missing or fails; nothing is faked.
    """
    if not 1 <= seconds <= MAX_VIDEO_SECONDS:
        raise ValueError("seconds must be between 1 and 86400")
    executable = ffmpeg_executable()
    with tempfile.TemporaryDirectory(prefix="bangkom-video-") as folder:
        # +faststart rewrites the file after encoding, so it needs a real file, not a pipe.
        target = Path(folder) / "sample.mp4"
        command = [
            executable,
            "-hide_banner",
            "-loglevel",
            "error",
            "-nostdin",
            "-y",
            "-f",
            "lavfi",
            "-i",
            f"testsrc=size={VIDEO_SIZE}:rate={VIDEO_FPS}:duration={seconds}",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            str(VIDEO_CRF),
            "-pix_fmt",
            "yuv420p",
            "-g",
            str(KEYFRAME_EVERY),
            "-movflags",
            "+faststart",
            "-f",
            "mp4",
            str(target),
        ]
        try:
            # a fixed argument list and the wheel's own binary: no shell, no user input
            subprocess.run(  # noqa: S603
                command, check=True, capture_output=True, timeout=FFMPEG_TIMEOUT_SECONDS
            )
        except (OSError, subprocess.SubprocessError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            raise SampleMediaUnavailable(
                f"ffmpeg gagal membuat video contoh: {detail.decode(errors='replace')[:300]}"
            ) from exc
        return target.read_bytes()
