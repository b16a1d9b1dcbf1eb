"""The standard competency dictionary (DOMAIN.md §3, D-3): data only, no logic.

The 8 managerial competencies and Perekat Bangsa follow PermenPANRB 38/2017 (names exact,
level descriptions summarised in one line each); the Kemendagri government-affairs
competencies and the technical examples are D-3's list, with a generic 1–5 scale [U].
"""

from __future__ import annotations

from typing import NamedTuple

from bangkom.planning.choices import CompetencyType


class StandardCompetency(NamedTuple):
    code: str
    name: str
    competency_type: str
    description: str
    levels: tuple[str, str, str, str, str]


_M, _S = CompetencyType.MANAJERIAL, CompetencyType.SOSIAL_KULTURAL
_P, _T = CompetencyType.PEMERINTAHAN, CompetencyType.TEKNIS

MANAGERIAL: tuple[StandardCompetency, ...] = (
    StandardCompetency(
        "MJ-INT",
        "Integritas",
        _M,
        "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, jujur dalam "
        "hubungan dengan manajemen, rekan kerja, bawahan dan pemangku kepentingan.",
        (
            "Bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi.",
            "Mengingatkan dan mengajak rekan kerja bertindak sesuai nilai, norma dan etika.",
            "Memastikan anggota yang dipimpin bertindak sesuai nilai, norma dan etika.",
            "Menciptakan situasi kerja yang membuat rekan kerja konsisten menjaga etika.",
            "Menjadi teladan penerapan standar keadilan dan etika di tingkat nasional.",
        ),
    ),
    StandardCompetency(
        "MJ-KS",
        "Kerja Sama",
        _M,
        "Membangun tim kerja yang efektif, menghargai perbedaan dan mencapai tujuan bersama.",
        (
            "Berpartisipasi sebagai anggota tim yang baik dan mendukung keputusan tim.",
            "Menumbuhkan tim kerja yang partisipatif dan efektif.",
            "Membangun tim kerja yang efektif untuk meningkatkan kinerja organisasi.",
            "Membangun komitmen tim dan sinergi lintas unit kerja.",
            "Menciptakan kerja sama lintas instansi yang menyukseskan kebijakan nasional.",
        ),
    ),
    StandardCompetency(
        "MJ-KOM",
        "Komunikasi",
        _M,
        "Menerangkan pandangan dan gagasan secara jelas, sistematis dan persuasif, lisan "
        "maupun tertulis.",
        (
            "Menyampaikan informasi dengan jelas, lengkap dan dengan pemahaman yang sama.",
            "Aktif berkomunikasi formal dan informal serta mau mendengarkan orang lain.",
            "Berkomunikasi asertif untuk menyampaikan informasi yang sensitif dan rumit.",
            "Menyampaikan pemikiran multidimensi untuk mendorong kesepakatan bersama.",
            "Menggagas sistem komunikasi terbuka yang strategis untuk mencari solusi.",
        ),
    ),
    StandardCompetency(
        "MJ-OPH",
        "Orientasi pada Hasil",
        _M,
        "Mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas dengan "
        "hasil terbaik.",
        (
            "Bertanggung jawab memenuhi standar kerja.",
            "Meningkatkan hasil kerja pribadi di atas standar dan mencoba cara baru.",
            "Menetapkan target kerja yang menantang bagi unit kerja.",
            "Mendorong unit kerja mencapai atau melampaui target yang ditetapkan.",
            "Menyusun kebijakan strategis yang menjamin sasaran kinerja jangka panjang.",
        ),
    ),
    StandardCompetency(
        "MJ-PP",
        "Pelayanan Publik",
        _M,
        "Melaksanakan tugas pemerintahan dan pelayanan publik secara profesional, "
        "transparan dan berintegritas.",
        (
            "Menjalankan tugas mengikuti standar pelayanan.",
            "Mengawasi dan menjelaskan proses pelayanan yang diberikan.",
            "Memperbaiki standar pelayanan publik di lingkup unit kerja.",
            "Mengantisipasi dampak isu jangka panjang terhadap kebutuhan pemangku kepentingan.",
            "Menetapkan kebijakan pelayanan publik yang berintegritas tinggi.",
        ),
    ),
    StandardCompetency(
        "MJ-PDOL",
        "Pengembangan Diri dan Orang Lain",
        _M,
        "Meningkatkan pengetahuan dan keterampilan diri dan orang lain melalui belajar dan "
        "pembimbingan.",
        (
            "Mempelajari hal baru untuk meningkatkan kemampuan diri.",
            "Memberi contoh dan penjelasan cara melaksanakan tugas kepada rekan/bawahan.",
            "Memberi umpan balik dan membimbing pengembangan kemampuan bawahan.",
            "Menyusun program pengembangan jangka panjang di unit kerja.",
            "Menciptakan budaya belajar dan kebijakan pengembangan SDM organisasi.",
        ),
    ),
    StandardCompetency(
        "MJ-MP",
        "Mengelola Perubahan",
        _M,
        "Menyesuaikan diri dengan situasi yang berubah dan mendorong perubahan yang perlu.",
        (
            "Menyadari perubahan di organisasi dan berusaha menyesuaikan diri.",
            "Proaktif beradaptasi mengikuti perubahan.",
            "Membantu orang lain mengikuti dan mengantisipasi perubahan.",
            "Memimpin perubahan pada unit kerja.",
            "Mengelola perubahan yang berdampak luas pada organisasi.",
        ),
    ),
    StandardCompetency(
        "MJ-PK",
        "Pengambilan Keputusan",
        _M,
        "Membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah "
        "mempertimbangkan prinsip kehati-hatian.",
        (
            "Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
            "Menganalisis masalah secara mendalam.",
            "Membandingkan alternatif dan menimbang risiko pelaksanaannya.",
            "Memutuskan masalah berisiko tinggi dan menyiapkan mitigasinya.",
            "Menghasilkan solusi strategis yang berdampak jangka panjang.",
        ),
    ),
)

SOCIO_CULTURAL: tuple[StandardCompetency, ...] = (
    StandardCompetency(
        "SK-PB",
        "Perekat Bangsa",
        _S,
        "Mempromosikan sikap toleransi, keterbukaan, peka terhadap perbedaan dan menjaga "
        "persatuan bangsa.",
        (
            "Peka, memahami dan menerima kemajemukan.",
            "Aktif mengembangkan sikap saling menghargai dan menekankan persatuan.",
            "Mempromosikan dan mengembangkan sikap toleransi dan persatuan.",
            "Mendayagunakan perbedaan secara konstruktif untuk efektivitas organisasi.",
            "Mewakili pemerintah membangun hubungan sosial yang mempersatukan bangsa.",
        ),
    ),
)


def _scale(topic: str) -> tuple[str, str, str, str, str]:
    """A generic 1–5 scale for competencies whose official level text is not known [U]."""
    return (
        f"Memahami konsep dan ketentuan dasar {topic}.",
        f"Menerapkan {topic} dalam tugas rutin dengan bimbingan.",
        f"Menerapkan {topic} secara mandiri dan menyelesaikan masalah umum.",
        f"Menganalisis dan mengembangkan praktik {topic} di unit kerja.",
        f"Merumuskan kebijakan dan menjadi rujukan {topic} lintas instansi.",
    )


def _standard(code: str, name: str, kind: str, description: str) -> StandardCompetency:
    return StandardCompetency(code, name, kind, description, _scale(name[0].lower() + name[1:]))


GOVERNMENT: tuple[StandardCompetency, ...] = (
    _standard(
        "PM-01",
        "Kebijakan Desentralisasi dan Otonomi Daerah",
        _P,
        "Memahami dan menerapkan kebijakan desentralisasi dan otonomi daerah (UU 23/2014).",
    ),
    _standard(
        "PM-02",
        "Hubungan Pemerintah Pusat dan Daerah",
        _P,
        "Mengelola pembagian urusan dan koordinasi pusat–daerah.",
    ),
    _standard(
        "PM-03",
        "Pemerintahan Umum",
        _P,
        "Menyelenggarakan urusan pemerintahan umum di daerah.",
    ),
    _standard(
        "PM-04",
        "Pengelolaan Keuangan Daerah",
        _P,
        "Merencanakan, melaksanakan dan mempertanggungjawabkan keuangan daerah.",
    ),
    _standard(
        "PM-05",
        "Hubungan Kepala Daerah dan DPRD",
        _P,
        "Membina hubungan kerja kepala daerah dan DPRD sebagai unsur penyelenggara pemda.",
    ),
    _standard(
        "PM-06",
        "Etika Pemerintahan",
        _P,
        "Menjalankan pemerintahan sesuai etika, kepatutan dan kode etik penyelenggara.",
    ),
)

TECHNICAL: tuple[StandardCompetency, ...] = (
    _standard("TK-01", "Penyusunan Produk Hukum Daerah", _T, "Menyusun Perda dan Perkada."),
    _standard(
        "TK-02", "Fasilitasi Persidangan DPRD", _T, "Memfasilitasi rapat dan persidangan DPRD."
    ),
    _standard(
        "TK-03",
        "Perencanaan dan Penganggaran Daerah",
        _T,
        "Menyusun RKPD, KUA/PPAS dan APBD.",
    ),
    _standard(
        "TK-04",
        "Pengelolaan Barang Milik Daerah",
        _T,
        "Menatausahakan dan mengamankan barang milik daerah.",
    ),
    _standard(
        "TK-05", "Administrasi Kependudukan", _T, "Melayani pendaftaran penduduk dan catatan sipil."
    ),
    _standard(
        "TK-06",
        "Pembinaan Pemerintahan Desa",
        _T,
        "Membina dan mengawasi penyelenggaraan pemerintahan desa.",
    ),
    _standard(
        "TK-07",
        "Analisis Kebijakan",
        _T,
        "Menganalisis kebijakan publik dan menyusun policy brief.",
    ),
)

STANDARD_COMPETENCIES: tuple[StandardCompetency, ...] = (
    *MANAGERIAL,
    *SOCIO_CULTURAL,
    *GOVERNMENT,
    *TECHNICAL,
)
STANDARD_CODES: dict[str, str] = {c.name: c.code for c in STANDARD_COMPETENCIES}
