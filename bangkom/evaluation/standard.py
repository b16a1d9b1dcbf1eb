"""The standard questionnaires (Indonesian statements), created on demand, idempotently.

Level-1 instruments after LKPP/LAN practice (DOMAIN.md §8: pengajar, materi & metode,
penyelenggara), the curriculum-relevance and the L3 impact questionnaires (S-1 R13), and
the seed survey of S-5 (its 7 statements about SMART Training).
"""

from __future__ import annotations

from django.db import transaction

from bangkom.evaluation.choices import InstrumentTarget, ItemKind
from bangkom.evaluation.models import SurveyItem, SurveySection, SurveyTemplate
from bangkom.evaluation.rules import DEFAULT_SCALE_LABELS

L = ItemKind.LIKERT
Q = ItemKind.OPEN

# code → (target, title, [(section title, [(kind, text, required), ...]), ...])
STANDARD: dict[str, tuple[str, str, list[tuple[str, list[tuple[str, str, bool]]]]]] = {
    "STD-PROGRAM": (
        InstrumentTarget.PROGRAM,
        "Evaluasi penyelenggaraan program oleh peserta",
        [
            (
                "Materi dan metode",
                [
                    (L, "Materi pelatihan sesuai dengan tujuan pelatihan.", True),
                    (L, "Materi pelatihan relevan dengan tugas saya di tempat kerja.", True),
                    (L, "Video, modul dan salindia mudah dipelajari secara mandiri.", True),
                    (L, "Tugas dan ujian membantu saya memahami materi.", True),
                ],
            ),
            (
                "Manfaat",
                [
                    (L, "Pelatihan ini meningkatkan kompetensi saya.", True),
                    (L, "Saya akan merekomendasikan pelatihan ini kepada rekan kerja.", True),
                    (Q, "Apa yang paling bermanfaat dari pelatihan ini?", False),
                    (Q, "Apa yang perlu diperbaiki?", False),
                ],
            ),
        ],
    ),
    "STD-FACILITATOR": (
        InstrumentTarget.FACILITATOR,
        "Evaluasi fasilitator/narasumber oleh peserta",
        [
            (
                "Fasilitator",
                [
                    (L, "Fasilitator menguasai materi yang disampaikan.", True),
                    (L, "Fasilitator menjelaskan materi dengan jelas dan sistematis.", True),
                    (L, "Fasilitator menanggapi pertanyaan peserta dengan baik.", True),
                    (L, "Fasilitator tepat waktu dan memanfaatkan waktu dengan baik.", True),
                    (L, "Fasilitator memberi umpan balik yang membantu atas tugas.", True),
                    (Q, "Saran untuk fasilitator.", False),
                ],
            )
        ],
    ),
    "STD-ORGANIZER": (
        InstrumentTarget.ORGANIZER,
        "Evaluasi penyelenggara oleh peserta",
        [
            (
                "Penyelenggaraan",
                [
                    (L, "Informasi jadwal dan ketentuan pelatihan jelas.", True),
                    (L, "Aplikasi LMS mudah digunakan dan jarang bermasalah.", True),
                    (L, "Panitia cepat menanggapi pertanyaan dan kendala peserta.", True),
                    (L, "Sesi daring (Zoom) terselenggara dengan baik.", True),
                    (Q, "Saran untuk penyelenggara.", False),
                ],
            )
        ],
    ),
    "STD-PROGRAM-MANAGER": (
        InstrumentTarget.PROGRAM_BY_MANAGER,
        "Evaluasi program oleh pengelola",
        [
            (
                "Pelaksanaan",
                [
                    (L, "Program terlaksana sesuai rencana dan jadwal.", True),
                    (L, "Sasaran jumlah dan kompetensi peserta tercapai.", True),
                    (L, "Anggaran digunakan secara efisien.", True),
                    (L, "Sarana dan prasarana daring memadai.", True),
                    (Q, "Catatan dan rencana perbaikan.", False),
                ],
            )
        ],
    ),
    "STD-RELEVANCE": (
        InstrumentTarget.CURRICULUM_RELEVANCE,
        "Relevansi kurikulum mata pelatihan",
        [
            (
                "Relevansi",
                [
                    (L, "Mata pelatihan ini relevan dengan tugas organisasi.", True),
                    (L, "Bobot JP mata pelatihan ini memadai.", True),
                    (L, "Mata pelatihan ini perlu dipertahankan dalam kurikulum.", True),
                    (Q, "Usulan perubahan isi mata pelatihan.", False),
                ],
            )
        ],
    ),
    "STD-IMPACT": (
        InstrumentTarget.IMPACT,
        "Evaluasi dampak pascapelatihan",
        [
            (
                "Perilaku kerja",
                [
                    (L, "Alumni menerapkan hasil pelatihan dalam pekerjaan sehari-hari.", True),
                    (L, "Kinerja alumni meningkat setelah pelatihan.", True),
                ],
            ),
            (
                "Dampak pada unit kerja",
                [
                    (L, "Hasil pelatihan memperbaiki proses kerja di unit.", True),
                    (L, "Alumni berbagi pengetahuan dengan rekan di unit.", True),
                ],
            ),
            (
                "Dampak pada instansi",
                [
                    (L, "Hasil pelatihan mendukung pencapaian sasaran instansi.", True),
                    (Q, "Contoh perubahan nyata setelah pelatihan.", False),
                ],
            ),
        ],
    ),
    # DOMAIN.md S-5: the seed survey's 7 statements ("SMART Training …").
    "SEED-S5": (
        InstrumentTarget.PROGRAM,
        "Survei persepsi SMART Training (seed, 518 informan)",
        [
            (
                "SMART Training",
                [
                    (L, "SMART Training menyederhanakan pola pelatihan yang ada.", True),
                    (
                        L,
                        "SMART Training membuat pengembangan kompetensi efisien dan efektif.",
                        True,
                    ),
                    (L, "SMART Training memudahkan akuntabilitas kegiatan.", True),
                    (L, "SMART Training menekankan pembelajaran mandiri.", True),
                    (L, "SMART Training menggunakan aplikasi LMS.", True),
                    (
                        L,
                        "Video, tugas, kuis, modul dan salindia dipelajari secara mandiri.",
                        True,
                    ),
                    (L, "Uji kompetensi akhir dengan CAT.", True),
                ],
            )
        ],
    ),
}


def ensure_standard_templates() -> dict[str, SurveyTemplate]:
    """Create the standard templates that are missing; returns them all by code."""
    found = {t.code: t for t in SurveyTemplate.objects.filter(code__in=STANDARD)}
    for code, (target, title, sections) in STANDARD.items():
        if code not in found:
            found[code] = _create(code, target, title, sections)
    return found


@transaction.atomic
def _create(code: str, target: str, title: str, sections: list) -> SurveyTemplate:
    template = SurveyTemplate.objects.create(
        code=code,
        title=title,
        target=target,
        scale_points=len(DEFAULT_SCALE_LABELS),
        scale_labels=list(DEFAULT_SCALE_LABELS),
        is_standard=True,
    )
    order = 0
    for section_order, (section_title, items) in enumerate(sections, start=1):
        section = SurveySection.objects.create(
            template=template, order=section_order, title=section_title
        )
        for kind, text, required in items:
            order += 1
            SurveyItem.objects.create(
                template=template,
                section=section,
                order=order,
                kind=kind,
                text=text,
                is_required=required,
            )
    return template
