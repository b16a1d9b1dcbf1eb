"""The exam part of the demo world (API.md "Demo data"; DOMAIN.md D-4, D-5; S-1 R3–R8).

``seed_assessment_demo(now=...)`` runs after the learning demo (``LATER_DEMO_STEPS``):

- item banks for every demo SMART program, keyed by code: ``<PROGRAM>-PLC`` (placement, 30
  harder items), ``<PROGRAM>-S<order>`` (one per subject, 60 items: 5 attempts of 10
  without a repeat) and ``<PROGRAM>-FIN`` (the final, 30 items per subject: 3 attempts of
  40). Stems and options are generated from D-5's topics (the facts below): single choice
  A–E, true/false and multiple response; the managerial and Perekat Bangsa programs also
  get ~20 % situational-judgement items graded 1–5. All are active, written by the demo
  widyaiswara and reviewed by the demo pengelola, checked and sanitised by
  ``items.clean_content`` and bulk-written;
- on every demo offering (running and published): the placement test (≥ 85, 1 attempt, 25
  items), an exam per subject (≥ 70, 5 attempts, 10 items) and the final CAT (≥ 70, 3
  attempts, 40 items over the subjects), configured with the seed defaults and published,
  open during the learning window;
- in the running offerings, attempts through the real engine (start, save, submit) at
  instants between the start of learning and ``now``: the demo participant "enrolled"
  failed his placement (so every subject exam is open to him); sample participants
  (``SAMPLE_PLANS``) pass the placement (→ RPL certificate), complete everything and pass
  the final (→ completion certificate and JP; some after a remedial subject attempt or a
  failed first final), or sit some subject exams with mixed scores. The journey facts a
  final needs (rules, materials, assignments) are written directly.
  ``record_attempt_outcome`` is called right after a passed placement or final: the demo's
  single transaction runs on-commit work only at its very end.

Idempotent: banks by code (items only into an empty bank), assessments by (offering, kind,
subject), attempts only for an enrolment that has none.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from html import escape

from django.db import transaction
from django.db.models import OuterRef, Q, Subquery

from bangkom.accounts.choices import Role
from bangkom.accounts.demo import DEMO_ACCOUNTS
from bangkom.accounts.models import User
from bangkom.assessments.attempts import save_answer, start_attempt, submit_attempt
from bangkom.assessments.choices import (
    AfterLastFailure,
    AssessmentKind,
    Difficulty,
    ItemStatus,
    ItemType,
)
from bangkom.assessments.errors import StartRefused
from bangkom.assessments.items import ItemContent, ItemTags, clean_content, true_false_options
from bangkom.assessments.models import Assessment, Attempt, Item, ItemBank, ItemVersion
from bangkom.assessments.option_ids import option_token
from bangkom.assessments.setup import configure_assessment, publish_assessment
from bangkom.curriculum.demo import (
    RUNNING_OFFERING_CODES,
    SMART_PROGRAMS,
    UPCOMING_OFFERING_CODES,
)
from bangkom.curriculum.models import Offering, Program, Subject
from bangkom.learning.choices import EnrollmentStatus, SubmissionStatus
from bangkom.learning.demo import DEMO_SEED, ENROLLED_NIP, NOT_ENROLLED_NIP
from bangkom.learning.models import (
    Assignment,
    Enrollment,
    Material,
    MaterialProgress,
    RulesAcknowledgement,
    Submission,
)
from bangkom.learning.progress import OPTIONAL_KINDS, current_rules
from bangkom.progression.outcomes import record_attempt_outcome

WIDYAISWARA_NIP = next(a.nip for a in DEMO_ACCOUNTS if a.role == Role.WIDYAISWARA)
PENGELOLA_NIP = next(a.nip for a in DEMO_ACCOUNTS if a.role == Role.PENGELOLA)

# --- item-bank content (DOMAIN.md D-5) ---------------------------------------------------
#
# Each subject of a demo SMART program (program code, subject order) has facts written as
# ``(lead, key, distractor, distractor, distractor, distractor)``: the lead is a sentence the
# options complete, so one fact yields single-choice items, true/false statements and the
# statements of a multiple-response item. Situational judgements (graded 1–5, BKN TKP style)
# exist for the managerial and Perekat Bangsa programs; options are listed best (5 points)
# first. The texts follow the laws they name (UU 23/2014, PP 12/2018, PP 18/2016, PP 18/2017,
# PP 12/2019, Perpres 29/2014, PP 38/2017, UU 25/2009, UU 20/2001, UU 20/2023).
Fact = tuple[str, str, str, str, str, str]
Scenario = tuple[str, tuple[str, str, str, str, str]]

FACTS: dict[tuple[str, int], tuple[Fact, ...]] = {
    # --- Sekwan -------------------------------------------------------------------------
    ("SMART-SEKWAN", 1): (
        (
            "Sekretariat DPRD dipimpin oleh Sekretaris DPRD yang secara teknis operasional "
            "bertanggung jawab kepada",
            "pimpinan DPRD",
            "Badan Musyawarah DPRD",
            "ketua fraksi terbesar",
            "Inspektur Daerah",
            "Kepala Bappeda",
        ),
        (
            "Secara administratif, Sekretaris DPRD bertanggung jawab kepada kepala daerah melalui",
            "Sekretaris Daerah",
            "Wakil Ketua DPRD",
            "Kepala BKD",
            "Asisten Administrasi Umum",
            "Badan Kehormatan DPRD",
        ),
        (
            "Sekretaris DPRD diangkat dan diberhentikan oleh kepala daerah",
            "atas persetujuan pimpinan DPRD setelah berkonsultasi dengan pimpinan fraksi",
            "atas usul Menteri Dalam Negeri",
            "berdasarkan hasil pemungutan suara rapat paripurna",
            "tanpa melibatkan DPRD",
            "atas usul Badan Kehormatan DPRD",
        ),
        (
            "Tugas utama Sekretariat DPRD adalah",
            "menyelenggarakan administrasi kesekretariatan, keuangan, mendukung fungsi DPRD "
            "dan menyediakan tenaga ahli",
            "menetapkan peraturan daerah bersama kepala daerah",
            "mengawasi pelaksanaan APBD secara langsung",
            "memeriksa laporan keuangan perangkat daerah",
            "menyusun RPJMD",
        ),
        (
            "Menurut UU 23/2014, fungsi DPRD kabupaten/kota adalah",
            "pembentukan Perda, anggaran dan pengawasan",
            "legislasi, yudikasi dan eksekusi",
            "pembentukan Perda dan penetapan kepala daerah",
            "pengawasan dan pemeriksaan keuangan",
            "perencanaan pembangunan dan pelayanan publik",
        ),
        (
            "Sekretariat DPRD berkedudukan sebagai",
            "unsur pelayanan administrasi dan pemberian dukungan kepada DPRD",
            "alat kelengkapan DPRD",
            "unsur pengawas penyelenggaraan pemerintahan daerah",
            "lembaga vertikal Kementerian Dalam Negeri",
            "badan pemeriksa internal pemerintah daerah",
        ),
    ),
    ("SMART-SEKWAN", 2): (
        (
            "Menurut PP 12/2018, alat kelengkapan DPRD yang memeriksa dugaan pelanggaran kode "
            "etik adalah",
            "Badan Kehormatan",
            "Badan Anggaran",
            "Badan Musyawarah",
            "Bapemperda",
            "Komisi",
        ),
        (
            "Alat kelengkapan DPRD yang menetapkan agenda dan jadwal acara rapat DPRD adalah",
            "Badan Musyawarah",
            "Badan Kehormatan",
            "Badan Anggaran",
            "Komisi",
            "Sekretariat DPRD",
        ),
        (
            "Program Pembentukan Perda (Propemperda) disusun oleh",
            "DPRD dan kepala daerah untuk jangka waktu satu tahun",
            "Sekretariat DPRD sendiri setiap lima tahun",
            "Kementerian Dalam Negeri untuk seluruh daerah",
            "Bagian Hukum tanpa melibatkan DPRD",
            "Badan Anggaran bersama TAPD",
        ),
        (
            "Rancangan Perda yang telah disetujui bersama disampaikan pimpinan DPRD kepada "
            "kepala daerah paling lama",
            "3 hari sejak tanggal persetujuan bersama",
            "30 hari sejak tanggal persetujuan bersama",
            "7 hari sejak rapat paripurna",
            "14 hari sejak pengundangan",
            "1 bulan sejak evaluasi gubernur",
        ),
        (
            "Rancangan Perda yang telah disetujui bersama ditetapkan kepala daerah dengan "
            "membubuhkan tanda tangan paling lama",
            "30 hari sejak diterima dari pimpinan DPRD",
            "3 hari sejak diterima dari pimpinan DPRD",
            "60 hari sejak persetujuan bersama",
            "7 hari sejak rapat paripurna",
            "90 hari sejak disampaikan",
        ),
        (
            "Pembahasan rancangan Perda antara DPRD dan kepala daerah dilakukan melalui",
            "dua tingkat pembicaraan",
            "satu kali rapat paripurna",
            "tiga tingkat pembicaraan",
            "konsultasi tertulis tanpa rapat",
            "rapat Badan Musyawarah saja",
        ),
    ),
    ("SMART-SEKWAN", 3): (
        (
            "Hak keuangan dan administratif pimpinan dan anggota DPRD diatur dalam",
            "PP 18/2017 beserta perubahannya",
            "PP 12/2019",
            "UU 25/2009",
            "Perpres 29/2014",
            "PP 38/2017",
        ),
        (
            "Tunjangan komunikasi intensif dan tunjangan reses anggota DPRD besarnya "
            "ditentukan berdasarkan",
            "kelompok kemampuan keuangan daerah",
            "jumlah penduduk daerah pemilihan",
            "lama masa jabatan anggota",
            "jumlah Perda yang dihasilkan",
            "usulan fraksi",
        ),
        (
            "Tunjangan perumahan diberikan kepada pimpinan DPRD apabila",
            "pemerintah daerah belum dapat menyediakan rumah negara",
            "anggota berasal dari luar daerah pemilihan",
            "disetujui Badan Kehormatan",
            "anggota telah menjabat lebih dari satu tahun",
            "fraksi mengusulkannya",
        ),
        (
            "Anggaran hak keuangan dan administratif pimpinan dan anggota DPRD dianggarkan "
            "dalam APBD pada",
            "Sekretariat DPRD",
            "BPKAD",
            "Sekretariat Daerah",
            "Bappeda",
            "Inspektorat",
        ),
        (
            "Uang representasi Ketua DPRD ditetapkan",
            "setara dengan gaji pokok kepala daerah",
            "sama dengan tunjangan reses",
            "berdasarkan jumlah rapat yang dihadiri",
            "setara dengan gaji pokok Sekretaris DPRD",
            "oleh Badan Anggaran setiap tahun",
        ),
        (
            "Pertanggungjawaban penggunaan dana operasional pimpinan DPRD dilakukan",
            "secara tertib sesuai ketentuan pengelolaan keuangan daerah",
            "cukup dengan pernyataan lisan",
            "hanya jika diminta Badan Kehormatan",
            "setiap lima tahun sekali",
            "oleh fraksi masing-masing",
        ),
    ),
    ("SMART-SEKWAN", 4): (
        (
            "Reses DPRD dilaksanakan di luar masa sidang dengan tujuan",
            "menyerap aspirasi masyarakat di daerah pemilihan",
            "membahas rancangan APBD bersama TAPD",
            "melaksanakan studi banding ke luar negeri",
            "memeriksa laporan keuangan perangkat daerah",
            "menetapkan tata tertib DPRD",
        ),
        (
            "Menurut PP 12/2018, reses dilaksanakan paling banyak",
            "3 kali dalam satu tahun sidang",
            "1 kali dalam satu tahun sidang",
            "6 kali dalam satu tahun sidang",
            "setiap bulan",
            "2 kali dalam satu masa jabatan",
        ),
        (
            "Pokok-pokok pikiran DPRD disampaikan sebagai bahan penyusunan RKPD paling lambat",
            "satu minggu sebelum Musrenbang RKPD",
            "satu minggu setelah penetapan APBD",
            "pada saat pembahasan KUA-PPAS",
            "akhir tahun anggaran berjalan",
            "sebelum pelantikan anggota DPRD",
        ),
        (
            "Hasil reses setiap anggota DPRD dilaporkan",
            "secara tertulis kepada pimpinan DPRD dalam rapat paripurna",
            "secara lisan kepada ketua fraksi saja",
            "langsung kepada Menteri Dalam Negeri",
            "kepada Inspektorat untuk diperiksa",
            "tidak perlu dilaporkan",
        ),
        (
            "Rencana kerja dan anggaran Sekretariat DPRD disusun dengan berpedoman pada",
            "Renstra dan Renja Sekretariat DPRD yang selaras dengan RKPD",
            "keinginan masing-masing fraksi",
            "anggaran tahun lalu tanpa perubahan",
            "usulan tenaga ahli DPRD",
            "hasil studi banding",
        ),
        (
            "Pokok-pokok pikiran DPRD diinput dan diverifikasi melalui",
            "Sistem Informasi Pemerintahan Daerah (SIPD)",
            "surat pribadi anggota kepada kepala dinas",
            "rapat paripurna istimewa",
            "aplikasi kepegawaian BKN",
            "media sosial DPRD",
        ),
    ),
    ("SMART-SEKWAN", 5): (
        (
            "Kode etik DPRD ditetapkan dengan",
            "peraturan DPRD",
            "peraturan kepala daerah",
            "keputusan Sekretaris DPRD",
            "peraturan menteri",
            "surat edaran gubernur",
        ),
        (
            "Tata tertib DPRD ditetapkan dalam",
            "rapat paripurna dengan peraturan DPRD",
            "rapat Badan Musyawarah dengan keputusan pimpinan",
            "peraturan kepala daerah",
            "keputusan Sekretaris DPRD",
            "rapat fraksi",
        ),
        (
            "Sanksi atas pelanggaran kode etik DPRD dijatuhkan berdasarkan",
            "putusan Badan Kehormatan setelah pemeriksaan",
            "keputusan Sekretaris DPRD",
            "pengaduan lisan tanpa pemeriksaan",
            "keputusan fraksi pengusung",
            "instruksi kepala daerah",
        ),
        (
            "Sikap yang sesuai integritas bagi pegawai Sekretariat DPRD ketika diminta "
            "mempercepat pencairan dana di luar ketentuan adalah",
            "menolak dengan sopan dan menjelaskan ketentuan yang berlaku",
            "memenuhi permintaan agar hubungan tetap baik",
            "meminta imbalan sebagai ganti risiko",
            "mengabaikan permintaan tanpa penjelasan",
            "menyerahkan keputusan kepada bendahara sendiri",
        ),
        (
            "Pelayanan Sekretariat DPRD kepada seluruh fraksi harus dilaksanakan secara",
            "netral, profesional dan tidak memihak",
            "mengutamakan fraksi terbesar",
            "mengutamakan fraksi pendukung kepala daerah",
            "sesuai kedekatan pribadi",
            "bergiliran menurut urutan abjad fraksi",
        ),
        (
            "Rahasia rapat tertutup DPRD wajib dijaga oleh",
            "anggota DPRD dan pegawai Sekretariat DPRD yang mengetahuinya",
            "pimpinan DPRD saja",
            "Badan Kehormatan saja",
            "wartawan yang meliput",
            "tidak ada pihak yang wajib",
        ),
    ),
    ("SMART-SEKWAN", 6): (
        (
            "Menurut UU 23/2014, urusan pemerintahan absolut meliputi",
            "politik luar negeri, pertahanan, keamanan, yustisi, moneter dan fiskal nasional, "
            "serta agama",
            "pendidikan, kesehatan dan pekerjaan umum",
            "pertanian, kelautan dan pariwisata",
            "kependudukan dan pencatatan sipil",
            "penanaman modal dan perdagangan",
        ),
        (
            "Urusan pemerintahan konkuren adalah urusan yang",
            "dibagi antara pemerintah pusat, daerah provinsi dan daerah kabupaten/kota",
            "sepenuhnya menjadi kewenangan pemerintah pusat",
            "menjadi kewenangan presiden sebagai kepala pemerintahan",
            "hanya dilaksanakan oleh DPRD",
            "dilaksanakan oleh instansi vertikal saja",
        ),
        (
            "Hubungan kepala daerah dan DPRD menurut UU 23/2014 bersifat",
            "kemitraan sebagai sesama unsur penyelenggara pemerintahan daerah",
            "atasan dan bawahan",
            "DPRD sebagai pengawas tunggal kepala daerah",
            "kepala daerah sebagai pimpinan DPRD",
            "tidak saling berkaitan",
        ),
        (
            "Dalam studi kasus keterlambatan penetapan APBD, langkah pertama yang tepat bagi "
            "Sekretaris DPRD adalah",
            "memetakan penyebab keterlambatan dan jadwal pembahasan bersama TAPD dan Banggar",
            "menunggu teguran dari Kementerian Dalam Negeri",
            "menyalahkan pihak eksekutif dalam rapat paripurna",
            "menunda seluruh rapat DPRD",
            "menetapkan APBD tanpa pembahasan",
        ),
        (
            "Urusan pemerintahan umum di daerah dilaksanakan oleh",
            "gubernur dan bupati/wali kota di wilayah kerjanya",
            "DPRD provinsi",
            "Sekretaris DPRD",
            "kepala desa",
            "instansi vertikal kementerian teknis",
        ),
        (
            "Rekomendasi dalam laporan studi kasus sebaiknya",
            "spesifik, terukur dan disertai penanggung jawab serta jadwal",
            "bersifat umum agar mudah diterima",
            "berisi keluhan tanpa alternatif",
            "menghindari data pendukung",
            "diserahkan sepenuhnya kepada pimpinan untuk dirumuskan",
        ),
    ),
    # --- Sekda --------------------------------------------------------------------------
    ("SMART-SEKDA", 1): (
        (
            "Menurut UU 23/2014, Sekretaris Daerah mempunyai tugas",
            "membantu kepala daerah dalam penyusunan kebijakan dan pengoordinasian "
            "administratif terhadap pelaksanaan tugas perangkat daerah",
            "memimpin DPRD dalam rapat paripurna",
            "mengawasi penyelenggaraan pemerintahan desa secara langsung",
            "menetapkan Perda bersama DPRD",
            "memeriksa keuangan daerah sebagai auditor",
        ),
        (
            "Dalam penyusunan APBD, Sekretaris Daerah bertindak sebagai",
            "ketua Tim Anggaran Pemerintah Daerah (TAPD)",
            "ketua Badan Anggaran DPRD",
            "pengguna anggaran seluruh perangkat daerah",
            "bendahara umum daerah",
            "pemeriksa eksternal",
        ),
        (
            "Koordinasi perangkat daerah yang efektif dicirikan oleh",
            "kejelasan peran, sasaran bersama dan mekanisme pemantauan",
            "rapat sesering mungkin tanpa notulen",
            "keputusan yang diambil sendiri oleh setiap dinas",
            "penyeragaman seluruh program",
            "komunikasi hanya melalui surat resmi",
        ),
        (
            "Sekretaris Daerah provinsi diangkat oleh",
            "Presiden atas usul gubernur sesuai ketentuan peraturan perundang-undangan",
            "DPRD provinsi",
            "Menteri Dalam Negeri tanpa usul gubernur",
            "gubernur tanpa persetujuan pemerintah pusat",
            "Badan Kepegawaian Negara",
        ),
        (
            "Asisten Sekretaris Daerah membantu Sekretaris Daerah dalam",
            "mengoordinasikan perumusan kebijakan dan pelaksanaan tugas perangkat daerah "
            "sesuai bidangnya",
            "memimpin rapat paripurna DPRD",
            "menetapkan peraturan kepala daerah",
            "memeriksa laporan keuangan BPK",
            "melantik pejabat administrator",
        ),
        (
            "Forum koordinasi lintas perangkat daerah yang menghasilkan keputusan sebaiknya "
            "ditindaklanjuti dengan",
            "notulen berisi keputusan, penanggung jawab dan tenggat",
            "pengumuman lisan saja",
            "rapat berikutnya tanpa catatan",
            "surat edaran kepada masyarakat",
            "penundaan sampai akhir tahun",
        ),
    ),
    ("SMART-SEKDA", 2): (
        (
            "Urutan dokumen perencanaan dan penganggaran tahunan daerah yang benar adalah",
            "RKPD, KUA-PPAS, RKA-SKPD, Raperda APBD, Perda APBD",
            "KUA-PPAS, RKPD, Perda APBD, RKA-SKPD, Raperda APBD",
            "RKA-SKPD, RKPD, KUA-PPAS, Perda APBD, Raperda APBD",
            "Perda APBD, RKPD, KUA-PPAS, RKA-SKPD, DPA",
            "RPJMD, Perda APBD, RKPD, KUA-PPAS, DPA",
        ),
        (
            "RKPD ditetapkan dengan",
            "peraturan kepala daerah",
            "peraturan daerah",
            "keputusan DPRD",
            "keputusan Sekretaris Daerah",
            "peraturan menteri",
        ),
        (
            "Menurut PP 12/2019, rancangan KUA dan PPAS disampaikan kepala daerah kepada DPRD "
            "paling lambat",
            "minggu kedua bulan Juli",
            "akhir bulan Maret",
            "minggu pertama bulan Desember",
            "awal bulan Januari",
            "akhir bulan September",
        ),
        (
            "Persetujuan bersama rancangan Perda APBD antara kepala daerah dan DPRD dilakukan "
            "paling lambat",
            "satu bulan sebelum dimulainya tahun anggaran",
            "satu minggu setelah tahun anggaran dimulai",
            "pada akhir triwulan pertama",
            "enam bulan sebelum tahun anggaran",
            "bersamaan dengan penetapan RKPD",
        ),
        (
            "Evaluasi rancangan Perda APBD kabupaten/kota dilakukan oleh",
            "gubernur sebagai wakil pemerintah pusat",
            "Menteri Keuangan",
            "DPRD provinsi",
            "Badan Pemeriksa Keuangan",
            "Inspektorat kabupaten/kota",
        ),
        (
            "Kesepakatan atas KUA dan PPAS antara kepala daerah dan DPRD dituangkan dalam",
            "nota kesepakatan",
            "peraturan daerah",
            "keputusan bersama menteri",
            "surat edaran Sekretaris Daerah",
            "berita acara Musrenbang",
        ),
    ),
    ("SMART-SEKDA", 3): (
        (
            "Sistem merit dalam manajemen ASN adalah kebijakan dan manajemen berdasarkan",
            "kualifikasi, kompetensi dan kinerja secara adil tanpa membedakan latar belakang",
            "senioritas dan kedekatan dengan pimpinan",
            "asal daerah dan golongan",
            "usulan partai politik",
            "lamanya masa kerja saja",
        ),
        (
            "Pejabat Pembina Kepegawaian di pemerintah daerah adalah",
            "kepala daerah",
            "Sekretaris Daerah",
            "Kepala BKD",
            "Ketua DPRD",
            "Menteri Dalam Negeri",
        ),
        (
            "Tujuan utama manajemen talenta ASN adalah",
            "menyiapkan suksesor jabatan dari kelompok rencana suksesi berdasarkan kinerja "
            "dan potensi",
            "mempercepat kenaikan pangkat semua pegawai",
            "mengurangi jumlah pegawai",
            "memindahkan pegawai secara acak",
            "menggantikan penilaian kinerja",
        ),
        (
            "Pemetaan talenta dengan sembilan kotak (nine box) disusun berdasarkan",
            "kinerja dan potensi pegawai",
            "usia dan masa kerja",
            "golongan dan pendidikan",
            "jumlah pelatihan yang diikuti",
            "asal instansi",
        ),
        (
            "Pengisian JPT pratama di daerah dilakukan secara",
            "terbuka dan kompetitif atau melalui manajemen talenta sesuai ketentuan",
            "penunjukan langsung oleh DPRD",
            "berdasarkan urutan kepangkatan",
            "undian di antara pejabat administrator",
            "usulan tokoh masyarakat",
        ),
        (
            "Undang-undang yang saat ini menjadi dasar manajemen ASN adalah",
            "UU 20/2023",
            "UU 5/2014 tanpa perubahan",
            "UU 43/1999",
            "UU 25/2009",
            "UU 23/2014",
        ),
    ),
    ("SMART-SEKDA", 4): (
        (
            "SAKIP diatur dalam",
            "Perpres 29/2014",
            "PP 12/2019",
            "UU 25/2009",
            "PP 38/2017",
            "Perpres 95/2018",
        ),
        (
            "Dokumen yang memuat target kinerja yang disepakati antara atasan dan bawahan adalah",
            "Perjanjian Kinerja",
            "LKjIP",
            "Renstra",
            "DPA",
            "RKPD",
        ),
        (
            "Laporan Kinerja Instansi Pemerintah (LKjIP) pemerintah daerah disampaikan paling "
            "lambat",
            "tiga bulan setelah tahun anggaran berakhir",
            "satu bulan sebelum tahun anggaran berakhir",
            "enam bulan setelah tahun anggaran berakhir",
            "bersamaan dengan penyusunan RKPD",
            "setiap triwulan",
        ),
        (
            "Indikator Kinerja Utama (IKU) adalah",
            "ukuran keberhasilan dari tujuan dan sasaran strategis instansi",
            "daftar kegiatan rutin perangkat daerah",
            "jumlah anggaran yang terserap",
            "jumlah pegawai setiap unit",
            "daftar aset daerah",
        ),
        (
            "Komponen SAKIP meliputi",
            "perencanaan kinerja, pengukuran kinerja, pelaporan kinerja, serta reviu dan "
            "evaluasi kinerja",
            "penganggaran, pencairan dan pertanggungjawaban dana",
            "rekrutmen, pelatihan dan pensiun pegawai",
            "pengadaan, penyimpanan dan penghapusan barang",
            "pengaduan, mediasi dan ajudikasi",
        ),
        (
            "Penjenjangan (cascading) kinerja dilakukan agar",
            "sasaran unit kerja dan individu selaras dengan sasaran strategis daerah",
            "setiap unit menyusun sasaran sendiri tanpa acuan",
            "anggaran terbagi rata ke semua unit",
            "evaluasi kinerja tidak diperlukan",
            "jumlah indikator menjadi sebanyak mungkin",
        ),
    ),
    ("SMART-SEKDA", 5): (
        (
            "Inovasi daerah diatur dalam",
            "PP 38/2017",
            "PP 18/2017",
            "Perpres 29/2014",
            "UU 25/2009",
            "PP 12/2018",
        ),
        (
            "Menurut PP 38/2017, bentuk inovasi daerah meliputi",
            "inovasi tata kelola pemerintahan daerah, inovasi pelayanan publik dan inovasi "
            "daerah lainnya",
            "inovasi teknologi, inovasi keuangan dan inovasi politik",
            "inovasi pusat, inovasi provinsi dan inovasi desa",
            "inovasi swasta dan inovasi BUMN",
            "inovasi pendidikan dan inovasi kesehatan saja",
        ),
        (
            "Sistem Pemerintahan Berbasis Elektronik (SPBE) diatur dalam",
            "Perpres 95/2018",
            "PP 38/2017",
            "Perpres 29/2014",
            "UU 23/2014",
            "PP 12/2019",
        ),
        (
            "Uji coba inovasi daerah sebelum diterapkan bertujuan untuk",
            "menguji manfaat dan risiko sebelum diterapkan lebih luas",
            "menghabiskan sisa anggaran",
            "memenuhi syarat administrasi saja",
            "menunda pelaksanaan inovasi",
            "mendapatkan penghargaan lebih cepat",
        ),
        (
            "Transformasi digital layanan pemerintah daerah paling tepat dimulai dengan",
            "memetakan proses bisnis dan kebutuhan pengguna layanan",
            "membeli perangkat keras sebanyak mungkin",
            "membuat aplikasi baru untuk setiap dinas",
            "menghapus layanan tatap muka seluruhnya",
            "meniru aplikasi daerah lain tanpa penyesuaian",
        ),
        (
            "Pengukuran indeks inovasi daerah dilaksanakan oleh",
            "Kementerian Dalam Negeri melalui Badan Strategi Kebijakan Dalam Negeri",
            "Badan Pemeriksa Keuangan",
            "DPRD provinsi",
            "Badan Pusat Statistik",
            "Ombudsman RI",
        ),
    ),
    ("SMART-SEKDA", 6): (
        (
            "Gaya pengelolaan konflik yang tinggi ketegasan dan tinggi kerja samanya adalah",
            "kolaborasi",
            "menghindar",
            "kompetisi",
            "akomodasi",
            "kompromi",
        ),
        (
            "Gaya pengelolaan konflik yang mengalah demi menjaga hubungan disebut",
            "akomodasi",
            "kolaborasi",
            "kompetisi",
            "menghindar",
            "arbitrase",
        ),
        (
            "Rencana aksi perubahan yang baik memuat",
            "sasaran terukur, tahapan, penanggung jawab, jadwal dan indikator keberhasilan",
            "daftar keluhan tanpa tindak lanjut",
            "visi tanpa kegiatan",
            "anggaran tanpa target",
            "nama tim tanpa pembagian peran",
        ),
        (
            "Langkah pertama dalam menangani konflik antarperangkat daerah adalah",
            "mengidentifikasi kepentingan para pihak dan akar masalahnya",
            "langsung menjatuhkan sanksi",
            "mengabaikan sampai reda sendiri",
            "membawa persoalan ke media",
            "memindahkan pejabat yang berkonflik",
        ),
        (
            "Pemangku kepentingan yang berpengaruh tinggi dan berkepentingan tinggi dalam "
            "rencana aksi sebaiknya",
            "dikelola secara dekat dan dilibatkan sejak awal",
            "cukup diberi informasi di akhir",
            "dipantau tanpa dilibatkan",
            "diabaikan",
            "diminta menyusun rencana aksi sendiri",
        ),
        (
            "Indikator keberhasilan rencana aksi sebaiknya bersifat",
            "spesifik, terukur, dapat dicapai, relevan dan berbatas waktu",
            "umum agar fleksibel",
            "tidak perlu ditetapkan di awal",
            "sama untuk semua daerah",
            "ditentukan setelah kegiatan selesai",
        ),
    ),
    # --- Sahli KDH ----------------------------------------------------------------------
    ("SMART-SAHLI", 1): (
        (
            "Menurut PP 18/2016, gubernur dibantu staf ahli paling banyak",
            "3 staf ahli",
            "5 staf ahli",
            "7 staf ahli",
            "1 staf ahli",
            "sebanyak jumlah asisten",
        ),
        (
            "Staf ahli kepala daerah bertugas",
            "memberikan rekomendasi terhadap isu strategis kepada kepala daerah sesuai "
            "bidang keahliannya",
            "memimpin perangkat daerah teknis",
            "menetapkan kebijakan daerah secara mandiri",
            "melaksanakan pengawasan keuangan",
            "mewakili DPRD dalam rapat",
        ),
        (
            "Secara administratif, staf ahli kepala daerah dikoordinasikan oleh",
            "Sekretaris Daerah",
            "Ketua DPRD",
            "Inspektur Daerah",
            "Kepala Bappeda",
            "Wakil kepala daerah",
        ),
        (
            "Jabatan staf ahli kepala daerah provinsi setara dengan",
            "jabatan pimpinan tinggi pratama",
            "jabatan administrator",
            "jabatan pengawas",
            "jabatan fungsional ahli pertama",
            "jabatan pelaksana",
        ),
        (
            "Contoh bidang staf ahli kepala daerah adalah",
            "pemerintahan, hukum dan politik",
            "keuangan DPRD",
            "kesekretariatan fraksi",
            "pengadaan barang milik desa",
            "pemeriksaan eksternal",
        ),
        (
            "Hubungan kerja staf ahli dengan perangkat daerah bersifat",
            "koordinatif dan konsultatif dalam menelaah isu strategis",
            "komando langsung atas kepala dinas",
            "pengawasan keuangan",
            "tidak ada hubungan kerja",
            "menggantikan kepala perangkat daerah",
        ),
    ),
    ("SMART-SAHLI", 2): (
        (
            "Tahapan siklus kebijakan publik menurut William Dunn diawali dengan",
            "penyusunan agenda",
            "evaluasi kebijakan",
            "implementasi kebijakan",
            "adopsi kebijakan",
            "sosialisasi kebijakan",
        ),
        (
            "Kriteria yang menilai apakah manfaat dan biaya kebijakan terbagi adil di antara "
            "kelompok masyarakat adalah",
            "perataan (equity)",
            "efisiensi",
            "efektivitas",
            "kecukupan",
            "responsivitas",
        ),
        (
            "Kriteria efisiensi dalam analisis kebijakan mengukur",
            "perbandingan hasil dengan biaya atau usaha yang dikeluarkan",
            "kesesuaian dengan keinginan kelompok sasaran",
            "ketepatan waktu penetapan",
            "jumlah peraturan yang diterbitkan",
            "popularitas pengambil kebijakan",
        ),
        (
            "Analisis kebijakan yang baik membandingkan",
            "beberapa alternatif kebijakan dengan kriteria yang sama dan eksplisit",
            "satu alternatif yang disukai pimpinan",
            "alternatif tanpa kriteria penilaian",
            "pendapat media massa saja",
            "anggaran tahun lalu saja",
        ),
        (
            "Evaluasi kebijakan dilakukan untuk",
            "menilai sejauh mana kebijakan mencapai tujuan dan dampaknya",
            "menyusun agenda politik",
            "menggantikan tahap implementasi",
            "membatalkan semua kebijakan lama",
            "mengumpulkan dukungan partai",
        ),
        (
            "Alternatif status quo dalam analisis kebijakan berarti",
            "mempertahankan kebijakan yang berjalan sebagai pembanding",
            "menghapus semua kebijakan",
            "alternatif yang paling mahal",
            "alternatif yang dipilih kepala daerah",
            "alternatif tanpa data",
        ),
    ),
    ("SMART-SAHLI", 3): (
        (
            "Bagian telaahan staf yang memuat anggapan tentang kemungkinan yang akan terjadi "
            "disebut",
            "praanggapan",
            "persoalan",
            "kesimpulan",
            "saran",
            "lampiran",
        ),
        (
            "Urutan isi telaahan staf yang lazim adalah",
            "persoalan, praanggapan, fakta yang memengaruhi, analisis, kesimpulan, saran",
            "saran, kesimpulan, analisis, fakta, persoalan",
            "analisis, persoalan, saran, fakta, kesimpulan",
            "kesimpulan, persoalan, fakta, saran, analisis",
            "fakta, saran, persoalan, kesimpulan, analisis",
        ),
        (
            "Policy brief yang efektif umumnya",
            "ringkas, diawali pesan kunci dan ditutup rekomendasi yang dapat dilaksanakan",
            "panjang dan memuat seluruh data mentah",
            "ditulis dengan istilah teknis sebanyak mungkin",
            "tidak memuat rekomendasi",
            "berbentuk laporan penelitian lengkap",
        ),
        (
            "Sasaran pembaca utama policy brief adalah",
            "pengambil keputusan yang memiliki waktu terbatas",
            "peneliti yang memerlukan metodologi rinci",
            "mahasiswa yang menyusun skripsi",
            "auditor keuangan",
            "penyedia barang dan jasa",
        ),
        (
            "Bagian saran dalam telaahan staf harus",
            "berisi tindakan yang diusulkan secara jelas kepada pimpinan",
            "mengulang uraian fakta",
            "berisi keluhan penulis",
            "dikosongkan agar pimpinan bebas memilih",
            "memuat seluruh peraturan terkait",
        ),
        (
            "Fakta yang dimuat dalam telaahan staf sebaiknya",
            "relevan, akurat dan dapat diverifikasi sumbernya",
            "sebanyak mungkin walau tidak relevan",
            "berdasarkan rumor yang beredar",
            "dipilih yang mendukung pendapat penulis saja",
            "tidak perlu disebutkan sumbernya",
        ),
    ),
    ("SMART-SAHLI", 4): (
        (
            "Prinsip utama komunikasi risiko kepada publik adalah",
            "jujur, cepat, empatik dan terbuka tentang ketidakpastian",
            "menunda informasi sampai semua data lengkap",
            "menutupi risiko agar tidak panik",
            "menyerahkan sepenuhnya kepada media",
            "menggunakan istilah teknis agar terlihat ahli",
        ),
        (
            "Agar pesan kebijakan tidak simpang siur, pemerintah daerah sebaiknya",
            "menetapkan juru bicara dan pesan kunci yang konsisten",
            "membiarkan setiap dinas menyampaikan versinya",
            "tidak menanggapi pertanyaan publik",
            "hanya menjawab melalui surat resmi",
            "mengganti pesan setiap hari",
        ),
        (
            "Advokasi kebijakan adalah upaya",
            "memengaruhi pengambil keputusan dan pemangku kepentingan agar mendukung suatu "
            "kebijakan",
            "menggugat kebijakan ke pengadilan",
            "menyusun anggaran kebijakan",
            "melaksanakan kebijakan secara langsung",
            "memeriksa kepatuhan kebijakan",
        ),
        (
            "Komunikasi kebijakan yang efektif bersifat",
            "dua arah, mendengar masukan dan menyesuaikan pesan dengan audiens",
            "satu arah dari pemerintah ke masyarakat",
            "hanya melalui spanduk",
            "sama untuk semua audiens",
            "dilakukan setelah kebijakan gagal",
        ),
        (
            "Ketika terjadi hoaks tentang kebijakan daerah, langkah yang tepat adalah",
            "segera meluruskan dengan data yang jelas melalui saluran resmi",
            "membiarkannya hilang dengan sendirinya",
            "membalas dengan hoaks tandingan",
            "menutup semua kanal media sosial",
            "menunggu arahan pemerintah pusat",
        ),
        (
            "Pemetaan pemangku kepentingan dalam advokasi kebijakan berguna untuk",
            "menentukan siapa yang perlu dilibatkan, diyakinkan dan diberi informasi",
            "mengurangi jumlah rapat",
            "menentukan besaran honorarium",
            "menghindari kelompok yang kritis",
            "memilih media promosi",
        ),
    ),
    ("SMART-SAHLI", 5): (
        (
            "Judul policy brief yang baik",
            "singkat dan langsung menyampaikan pesan utama",
            "panjang dan memuat seluruh istilah teknis",
            "berupa pertanyaan retoris tanpa jawaban",
            "sama dengan judul peraturan",
            "tidak terkait isi",
        ),
        (
            "Ringkasan eksekutif policy brief ditempatkan",
            "di bagian awal sebelum uraian masalah",
            "di lampiran",
            "setelah daftar pustaka",
            "di tengah analisis",
            "tidak perlu ada",
        ),
        (
            "Bukti yang paling kuat untuk mendukung rekomendasi policy brief adalah",
            "data dan hasil kajian yang relevan serta dapat dipertanggungjawabkan",
            "pendapat pribadi penulis",
            "berita viral di media sosial",
            "kebiasaan yang berlaku selama ini",
            "keinginan kelompok tertentu",
        ),
        (
            "Opsi kebijakan dalam policy brief sebaiknya disajikan",
            "beserta kelebihan, kekurangan dan implikasinya",
            "hanya satu opsi tanpa pembanding",
            "tanpa penjelasan",
            "dalam bentuk tabel anggaran saja",
            "setelah rekomendasi ditetapkan",
        ),
        (
            "Panjang policy brief yang lazim adalah",
            "sekitar dua sampai empat halaman",
            "lebih dari lima puluh halaman",
            "satu kalimat",
            "sepanjang laporan penelitian",
            "tidak dibatasi",
        ),
        (
            "Isu strategis daerah layak diangkat menjadi policy brief apabila",
            "berdampak luas, mendesak dan dapat dipengaruhi kebijakan daerah",
            "hanya menarik perhatian media",
            "sudah selesai ditangani",
            "sepenuhnya kewenangan pemerintah pusat",
            "tidak memiliki data sama sekali",
        ),
    ),
    # --- BerAKHLAK dan Perekat Bangsa ---------------------------------------------------
    ("SMART-AKHLAK", 1): (
        (
            "Core values ASN BerAKHLAK terdiri atas",
            "Berorientasi Pelayanan, Akuntabel, Kompeten, Harmonis, Loyal, Adaptif, Kolaboratif",
            "Beriman, Amanah, Kreatif, Harmonis, Loyal, Aktif, Kolaboratif",
            "Berintegritas, Akuntabel, Kompetitif, Handal, Lugas, Adaptif, Kreatif",
            "Bertanggung jawab, Adil, Kompeten, Hemat, Loyal, Aman, Kooperatif",
            "Berorientasi Hasil, Aktif, Kompak, Harmonis, Lincah, Amanah, Kreatif",
        ),
        (
            "Perilaku 'menggunakan kekayaan dan barang milik negara secara bertanggung "
            "jawab, efektif dan efisien' termasuk nilai",
            "Akuntabel",
            "Adaptif",
            "Harmonis",
            "Kolaboratif",
            "Kompeten",
        ),
        (
            "Perilaku 'terus berinovasi dan mengembangkan kreativitas' termasuk nilai",
            "Adaptif",
            "Loyal",
            "Akuntabel",
            "Harmonis",
            "Berorientasi Pelayanan",
        ),
        (
            "Perilaku 'menjaga rahasia jabatan dan negara' termasuk nilai",
            "Loyal",
            "Kompeten",
            "Adaptif",
            "Kolaboratif",
            "Harmonis",
        ),
        (
            "Employer branding ASN yang diluncurkan bersama core values BerAKHLAK adalah",
            "Bangga Melayani Bangsa",
            "ASN Bersih Melayani",
            "Kerja Nyata untuk Negeri",
            "Melayani dengan Hati",
            "ASN Hebat Indonesia Maju",
        ),
        (
            "Perilaku 'membantu orang lain belajar' termasuk nilai",
            "Kompeten",
            "Loyal",
            "Akuntabel",
            "Adaptif",
            "Berorientasi Pelayanan",
        ),
    ),
    ("SMART-AKHLAK", 2): (
        (
            "Empat konsensus dasar berbangsa dan bernegara adalah",
            "Pancasila, UUD 1945, NKRI dan Bhinneka Tunggal Ika",
            "Pancasila, Sumpah Pemuda, NKRI dan Proklamasi",
            "UUD 1945, GBHN, NKRI dan Pancasila",
            "Pancasila, UUD 1945, Proklamasi dan Garuda",
            "NKRI, Sumpah Pemuda, Bhinneka Tunggal Ika dan GBHN",
        ),
        (
            "Semboyan Bhinneka Tunggal Ika berasal dari kitab Sutasoma karya",
            "Mpu Tantular",
            "Mpu Prapanca",
            "Mpu Sedah",
            "Mpu Kanwa",
            "Mpu Panuluh",
        ),
        (
            "Menurut Pasal 37 ayat (5) UUD 1945, yang tidak dapat dilakukan perubahan adalah",
            "bentuk Negara Kesatuan Republik Indonesia",
            "jumlah provinsi",
            "susunan kabinet",
            "jumlah anggota DPR",
            "masa jabatan kepala daerah",
        ),
        (
            "UUD 1945 telah diubah sebanyak",
            "empat kali pada tahun 1999 sampai 2002",
            "dua kali pada tahun 1998",
            "lima kali sejak 1945",
            "satu kali pada tahun 2004",
            "tiga kali pada tahun 2000 sampai 2010",
        ),
        (
            "Pancasila sebagai dasar negara disahkan pada",
            "18 Agustus 1945",
            "1 Juni 1945",
            "17 Agustus 1945",
            "22 Juni 1945",
            "28 Oktober 1928",
        ),
        (
            "Bendera, bahasa, lambang negara serta lagu kebangsaan diatur dalam",
            "UU 24/2009",
            "UU 23/2014",
            "UU 25/2009",
            "UU 20/2023",
            "UU 12/2011",
        ),
    ),
    ("SMART-AKHLAK", 3): (
        (
            "Nilai Harmonis dalam BerAKHLAK tercermin dalam perilaku",
            "menghargai setiap orang apa pun latar belakangnya",
            "mengutamakan rekan yang sesuku",
            "menghindari rekan yang berbeda pendapat",
            "bekerja sendiri tanpa berinteraksi",
            "menolak tugas dari atasan yang berbeda agama",
        ),
        (
            "Empati dalam pelayanan berarti",
            "berusaha memahami perasaan dan kebutuhan orang lain dari sudut pandangnya",
            "menyetujui semua permintaan",
            "merasa kasihan lalu melanggar prosedur",
            "mengutamakan kenalan",
            "menunjukkan simpati hanya kepada atasan",
        ),
        (
            "Stereotip adalah",
            "anggapan yang menyamaratakan sifat seseorang berdasarkan kelompoknya",
            "penilaian berdasarkan kinerja individu",
            "kebijakan afirmasi bagi kelompok rentan",
            "aturan kepegawaian",
            "cara menyusun laporan kinerja",
        ),
        (
            "Lingkungan kerja yang inklusif ditandai oleh",
            "setiap pegawai merasa dihargai dan mempunyai kesempatan yang sama",
            "semua pegawai berasal dari daerah yang sama",
            "perbedaan pendapat dilarang",
            "hanya pegawai senior yang boleh berbicara",
            "kegiatan keagamaan dilarang sama sekali",
        ),
        (
            "Sebagai perekat bangsa, ASN diharapkan",
            "menjadi teladan dalam menjaga persatuan di tengah keberagaman masyarakat",
            "berpihak pada kelompok mayoritas",
            "menghindari daerah dengan budaya berbeda",
            "aktif dalam partai politik",
            "menyebarkan pandangan kelompoknya",
        ),
        (
            "Prasangka terhadap kelompok lain paling efektif dikurangi melalui",
            "interaksi yang setara dan kerja sama mencapai tujuan bersama",
            "pemisahan ruang kerja menurut kelompok",
            "menghindari pembicaraan tentang perbedaan",
            "lelucon tentang kelompok lain",
            "aturan yang hanya berlaku bagi kelompok tertentu",
        ),
    ),
    ("SMART-AKHLAK", 4): (
        (
            "Pelayanan publik diatur dalam",
            "UU 25/2009",
            "UU 23/2014",
            "UU 20/2023",
            "UU 24/2009",
            "PP 38/2017",
        ),
        (
            "Komponen standar pelayanan yang berkaitan dengan penyampaian layanan antara lain",
            "persyaratan, prosedur, jangka waktu, biaya/tarif, produk dan penanganan pengaduan",
            "visi, misi, motto dan logo",
            "anggaran, aset dan kepegawaian",
            "struktur organisasi dan tata kerja",
            "sarana ibadah dan kantin",
        ),
        (
            "Lembaga negara yang mengawasi penyelenggaraan pelayanan publik adalah",
            "Ombudsman Republik Indonesia",
            "Badan Pemeriksa Keuangan",
            "Komisi Pemberantasan Korupsi",
            "Badan Kepegawaian Negara",
            "Mahkamah Konstitusi",
        ),
        (
            "Maklumat pelayanan adalah",
            "pernyataan tertulis kesanggupan penyelenggara melaksanakan pelayanan sesuai standar",
            "daftar pegawai pelayanan",
            "brosur promosi instansi",
            "surat keputusan tarif pajak",
            "laporan keuangan unit layanan",
        ),
        (
            "Survei kepuasan masyarakat dilakukan untuk",
            "mengukur kepuasan pengguna layanan sebagai dasar perbaikan pelayanan",
            "menilai kinerja individu petugas untuk sanksi",
            "menentukan tarif layanan",
            "menggantikan standar pelayanan",
            "memenuhi syarat anggaran saja",
        ),
        (
            "Pelayanan publik wajib memberikan perlakuan khusus kepada",
            "kelompok rentan seperti penyandang disabilitas, lansia, ibu hamil dan anak",
            "pejabat dan keluarganya",
            "pemohon yang membayar lebih",
            "kenalan petugas",
            "pemohon yang datang paling pagi saja",
        ),
    ),
    ("SMART-AKHLAK", 5): (
        (
            "Gratifikasi yang diterima pegawai negeri wajib dilaporkan kepada KPK paling lambat",
            "30 hari kerja sejak diterima",
            "7 hari kalender sejak diterima",
            "1 tahun sejak diterima",
            "saat pensiun",
            "sebelum kenaikan pangkat",
        ),
        (
            "Gratifikasi yang berhubungan dengan jabatan dan berlawanan dengan kewajiban "
            "dianggap suap menurut",
            "Pasal 12B UU 31/1999 jo UU 20/2001",
            "UU 25/2009",
            "UU 23/2014",
            "PP 38/2017",
            "UU 24/2009",
        ),
        (
            "Konflik kepentingan adalah kondisi ketika",
            "kepentingan pribadi berpotensi memengaruhi netralitas dan kualitas keputusan pejabat",
            "dua unit kerja berselisih tentang anggaran",
            "pegawai berbeda pendapat dengan atasan",
            "masyarakat mengajukan keberatan",
            "pegawai memiliki dua jabatan fungsional",
        ),
        (
            "Pejabat yang memiliki konflik kepentingan dalam suatu keputusan sebaiknya",
            "menyatakan konflik kepentingannya dan tidak ikut menetapkan keputusan",
            "tetap memutuskan asalkan tidak diketahui",
            "meminta bawahan memutuskan atas namanya",
            "menunda keputusan tanpa batas",
            "mengalihkan keputusan kepada keluarganya",
        ),
        (
            "Unit yang membantu pengendalian gratifikasi di instansi disebut",
            "Unit Pengendalian Gratifikasi (UPG)",
            "Unit Layanan Pengadaan",
            "Satuan Pengawas Internal BUMN",
            "Tim Anggaran Pemerintah Daerah",
            "Badan Kehormatan",
        ),
        (
            "Penerimaan yang tidak wajib dilaporkan sebagai gratifikasi antara lain",
            "hadiah langsung atau undian yang berlaku umum",
            "uang dari rekanan yang sedang mengikuti tender",
            "parsel dari pemohon izin yang sedang diproses",
            "tiket liburan dari vendor",
            "potongan harga khusus karena jabatan",
        ),
    ),
}

# Situational judgement (graded 1–5): options best first; the demo shuffles their order.
SJT: dict[str, tuple[Scenario, ...]] = {
    "SMART-SEKDA": (
        (
            "Dua kepala perangkat daerah berselisih tentang pembagian tugas dalam program "
            "lintas sektor sehingga pelaksanaan terhambat.",
            (
                "Mempertemukan keduanya, memetakan kepentingan masing-masing dan menyepakati "
                "pembagian peran secara tertulis",
                "Meminta masing-masing menyampaikan usulan tertulis lalu memutuskan pembagiannya",
                "Menugaskan asisten untuk menengahi tanpa memantau hasilnya",
                "Menunggu arahan kepala daerah sebelum bertindak",
                "Membiarkan karena perselisihan akan selesai dengan sendirinya",
            ),
        ),
        (
            "Serapan anggaran beberapa perangkat daerah pada triwulan ketiga masih sangat rendah.",
            (
                "Menganalisis penyebab bersama TAPD, menetapkan langkah percepatan dan "
                "memantau setiap minggu",
                "Menerbitkan surat edaran agar perangkat daerah mempercepat serapan",
                "Menyampaikan teguran lisan dalam rapat pimpinan",
                "Menunggu laporan akhir tahun untuk mengevaluasi",
                "Mendorong belanja apa saja asalkan anggaran terserap",
            ),
        ),
        (
            "Kepala daerah meminta pengisian jabatan pimpinan tinggi segera dilakukan tanpa "
            "proses seleksi karena ada calon yang dianggap cocok.",
            (
                "Menjelaskan ketentuan sistem merit dan mengusulkan mekanisme seleksi atau "
                "manajemen talenta yang cepat namun sah",
                "Melaksanakan seleksi terbuka sambil mempertimbangkan calon tersebut",
                "Meminta pertimbangan BKD tanpa menyampaikan pendapat sendiri",
                "Menunda pengisian jabatan tanpa penjelasan",
                "Langsung memproses calon yang diminta",
            ),
        ),
        (
            "Sebuah inovasi layanan yang digagas staf muda ditolak sebagian kepala bidang "
            "karena dianggap merepotkan.",
            (
                "Memfasilitasi uji coba terbatas dengan indikator yang jelas lalu memutuskan "
                "berdasarkan hasilnya",
                "Mendukung inovasi dan meminta kepala bidang menyesuaikan diri",
                "Meminta staf muda menyempurnakan gagasan tanpa batas waktu",
                "Menyerahkan keputusan kepada kepala bidang",
                "Menghentikan inovasi agar suasana kerja tetap tenang",
            ),
        ),
        (
            "Hasil evaluasi SAKIP menunjukkan indikator kinerja banyak perangkat daerah tidak "
            "mengukur hasil.",
            (
                "Memimpin reviu indikator bersama Bappeda dan perangkat daerah agar berorientasi "
                "hasil dan selaras dengan RPJMD",
                "Meminta Bappeda memperbaiki seluruh indikator sendiri",
                "Mengirim contoh indikator dari daerah lain",
                "Menunggu evaluasi tahun berikutnya",
                "Menganggap nilai SAKIP tidak penting",
            ),
        ),
        (
            "Menjelang pembahasan KUA-PPAS, DPRD meminta tambahan kegiatan yang belum ada "
            "dalam RKPD.",
            (
                "Membahas usulan bersama TAPD, menilai kesesuaiannya dengan prioritas dan "
                "kemampuan keuangan, lalu menyampaikan posisi secara terbuka",
                "Menampung usulan dan membahasnya pada perubahan anggaran",
                "Menerima seluruh usulan agar pembahasan lancar",
                "Menolak seluruh usulan tanpa pembahasan",
                "Menyerahkan sepenuhnya kepada kepala perangkat daerah",
            ),
        ),
    ),
    "SMART-SAHLI": (
        (
            "Kepala daerah meminta rekomendasi kebijakan dalam dua hari tentang isu yang "
            "datanya belum lengkap.",
            (
                "Menyusun telaahan ringkas dengan data terbaik yang ada, menyebut "
                "ketidakpastian dan opsi tindak lanjut",
                "Meminta perpanjangan waktu sambil mengumpulkan data",
                "Menyampaikan pendapat lisan tanpa dokumen",
                "Menyalin rekomendasi dari daerah lain",
                "Menunggu sampai data lengkap tanpa memberi kabar",
            ),
        ),
        (
            "Rekomendasi kebijakan Anda ditolak perangkat daerah teknis dalam rapat koordinasi.",
            (
                "Mendengarkan keberatan, menguji ulang analisis bersama mereka dan "
                "memperbaiki rekomendasi bila perlu",
                "Menjelaskan ulang dasar analisis secara rinci",
                "Meminta kepala daerah memutuskan tanpa diskusi lagi",
                "Menarik rekomendasi agar tidak berkonflik",
                "Menyalahkan perangkat daerah dalam laporan",
            ),
        ),
        (
            "Isu kebijakan daerah menjadi viral dengan informasi yang keliru.",
            (
                "Mengusulkan klarifikasi cepat melalui juru bicara resmi dengan data dan "
                "bahasa yang mudah dipahami",
                "Menyiapkan siaran pers lengkap untuk keesokan harinya",
                "Menanggapi komentar warganet satu per satu dari akun pribadi",
                "Menunggu isu mereda",
                "Meminta akun penyebar diblokir tanpa klarifikasi",
            ),
        ),
        (
            "Anda diminta menilai dua alternatif kebijakan yang masing-masing didukung "
            "kelompok berbeda.",
            (
                "Menetapkan kriteria penilaian yang eksplisit lalu membandingkan kedua "
                "alternatif secara terbuka",
                "Memilih alternatif yang didukung lebih banyak orang",
                "Meminta masing-masing kelompok menyusun analisisnya sendiri",
                "Memilih alternatif yang disukai pimpinan",
                "Menolak menilai karena isu sensitif",
            ),
        ),
        (
            "Data dari dua perangkat daerah tentang satu indikator berbeda jauh.",
            (
                "Menelusuri sumber dan metode kedua data bersama pengelolanya sebelum "
                "menyusun rekomendasi",
                "Memakai data yang paling mendukung rekomendasi",
                "Mengambil rata-rata kedua data",
                "Menyebut kedua data tanpa penjelasan",
                "Mengabaikan indikator tersebut",
            ),
        ),
    ),
    "SMART-AKHLAK": (
        (
            "Seorang rekan kerja sering menjadi sasaran lelucon tentang suku dan logat bicaranya.",
            (
                "Menegur dengan santun pelaku lelucon, mendukung rekan tersebut dan "
                "membicarakannya dengan atasan bila berulang",
                "Menasihati rekan tersebut agar tidak terlalu perasa",
                "Diam saja karena tidak ikut bercanda",
                "Ikut tertawa agar suasana tetap cair",
                "Ikut menambahkan lelucon",
            ),
        ),
        (
            "Seorang pemohon layanan yang penyandang disabilitas kesulitan mengisi formulir di "
            "loket Anda.",
            (
                "Membantu mengisi formulir dengan sabar dan menjaga kerahasiaan datanya",
                "Meminta keluarganya datang membantu",
                "Menunjuk petugas lain untuk membantu",
                "Meminta pemohon kembali lain waktu",
                "Mengabaikan karena antrean panjang",
            ),
        ),
        (
            "Rekanan yang pernah Anda bantu memberikan bingkisan berisi voucer belanja ke "
            "rumah Anda.",
            (
                "Menolak dengan sopan, atau jika tidak dapat ditolak melaporkannya kepada UPG "
                "atau KPK dalam 30 hari kerja",
                "Menerima lalu membagikannya kepada rekan kerja",
                "Menerima karena pekerjaan sudah selesai",
                "Menyimpan tanpa melaporkan",
                "Meminta bingkisan yang lebih besar",
            ),
        ),
        (
            "Tim Anda berasal dari berbagai daerah dan agama; rapat sering dijadwalkan "
            "bertepatan dengan waktu ibadah sebagian anggota.",
            (
                "Mengusulkan jadwal rapat yang menghormati waktu ibadah semua anggota",
                "Membiarkan anggota yang beribadah menyusul",
                "Meminta anggota menyesuaikan waktu ibadahnya",
                "Tetap pada jadwal karena sudah biasa",
                "Mengadakan rapat tanpa mereka",
            ),
        ),
        (
            "Warga mengeluh di media sosial bahwa layanan di unit Anda lambat dan berbelit.",
            (
                "Menanggapi secara resmi, menelusuri penyebabnya dan memperbaiki prosedur "
                "bersama atasan",
                "Meminta warga mengadu melalui surat resmi",
                "Menjelaskan bahwa prosedur sudah sesuai aturan",
                "Mengabaikan keluhan di media sosial",
                "Membalas keluhan dengan nada membela diri",
            ),
        ),
        (
            "Saudara Anda mengikuti seleksi yang panitianya Anda pimpin.",
            (
                "Menyatakan konflik kepentingan kepada atasan dan mundur dari penilaian "
                "calon tersebut",
                "Tetap menilai dengan janji bersikap objektif",
                "Meminta anggota panitia lain menilai tanpa melapor",
                "Merahasiakan hubungan keluarga",
                "Memberi nilai tertinggi kepada saudara",
            ),
        ),
        (
            "Rekan baru dari daerah lain merasa terasing dan jarang diajak bicara.",
            (
                "Mengajaknya bergabung dalam kegiatan tim dan memperkenalkannya kepada rekan",
                "Menyarankan atasan memberi orientasi",
                "Menunggu dia mendekat lebih dahulu",
                "Membiarkan karena bukan tanggung jawab Anda",
                "Membicarakan kekurangannya dengan rekan lain",
            ),
        ),
    ),
}

# Who is asked, per program (stems vary by role and institution).
ROLES: dict[str, tuple[str, ...]] = {
    "SMART-SEKWAN": (
        "Sekretaris DPRD",
        "Kepala Bagian Persidangan dan Perundang-undangan",
        "Kepala Bagian Keuangan Sekretariat DPRD",
        "Kepala Subbagian Rapat dan Risalah",
    ),
    "SMART-SEKDA": (
        "Sekretaris Daerah",
        "Asisten Pemerintahan dan Kesejahteraan Rakyat",
        "Asisten Perekonomian dan Pembangunan",
        "Asisten Administrasi Umum",
    ),
    "SMART-SAHLI": (
        "Staf Ahli Bidang Pemerintahan, Hukum dan Politik",
        "Staf Ahli Bidang Ekonomi dan Keuangan",
        "Staf Ahli Bidang Kemasyarakatan dan SDM",
    ),
    "SMART-AKHLAK": (
        "Analis SDM Aparatur",
        "petugas pelayanan Dinas Dukcapil",
        "Penata Kelola Pemerintahan",
        "Pranata Komputer",
    ),
}

PLACES = (
    "Pemerintah Provinsi Jawa Barat",
    "Pemerintah Kota Bandung",
    "Pemerintah Provinsi Aceh",
    "Pemerintah Kota Pontianak",
    "Pemerintah Provinsi Bali",
    "Pemerintah Kabupaten Gowa",
    "Pemerintah Kabupaten Kutai Kartanegara",
    "Pemerintah Kota Ambon",
    "Pemerintah Kabupaten Jayapura",
)


# --- item generation (pure) ----------------------------------------------------------------

BATCH_SIZE = 500
SUBJECT_BANK_SIZE = 60  # 5 attempts × 10 items without a repeat, plus spare (D-5)
FINAL_ITEMS_PER_SUBJECT = 30  # 150–180 per program: 3 attempts × 40 (D-5)
PLACEMENT_BANK_SIZE = 30  # one attempt of 25, drawn from a harder pool (D-5)
GRADED_SHARE_SUBJECT, GRADED_SHARE_FINAL = 12, 6  # ~20 % SJT where the program has them
TRUE_FALSE_SUBJECT, TRUE_FALSE_FINAL = 6, 3
MULTIPLE_SUBJECT, MULTIPLE_FINAL = 3, 1

_E, _M, _H = Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD
# Stem wrappers of a fact: (difficulty, template). {Lead}/{lead}: the fact's sentence start.
WRAPPERS: tuple[tuple[str, str], ...] = (
    (_E, "{Lead} …"),
    (_E, "Lengkapilah pernyataan berikut. {Lead} …"),
    (_E, "Pilih jawaban yang paling tepat. {Lead} …"),
    (_E, "Berdasarkan modul pelatihan, {lead} …"),
    (_E, "Pernyataan yang benar: {lead} …"),
    (_M, "Sesuai ketentuan yang berlaku, {lead} …"),
    (
        _M,
        "Seorang {role} di {place} perlu memastikan hal berikut sebelum rapat koordinasi. {Lead} …",
    ),
    (_M, "Saat menyusun bahan rapat pimpinan di {place}, Anda perlu memastikan bahwa {lead} …"),
    (_M, "Seorang pegawai baru di {place} bertanya kepada {role}. Jawaban yang benar: {lead} …"),
    (_M, "Dalam diskusi kelompok pelatihan, peserta dari {place} menyimpulkan bahwa {lead} …"),
    (_M, "Ketika menjawab pertanyaan pimpinan di {place}, {role} menjelaskan bahwa {lead} …"),
    (
        _H,
        "Dalam evaluasi di {place} ditemukan praktik yang berbeda-beda. Ketentuan yang "
        "seharusnya diacu: {lead} …",
    ),
    (
        _H,
        "{Role} di {place} diminta memberi telaahan singkat kepada kepala daerah. Rujukan "
        "yang tepat adalah bahwa {lead} …",
    ),
    (
        _H,
        "Inspektorat mempertanyakan dasar suatu keputusan di {place}. Penjelasan yang benar: "
        "{lead} …",
    ),
    (
        _H,
        "Dalam sebuah studi kasus di {place}, seorang pejabat keliru memahami ketentuan. "
        "Pemahaman yang benar adalah bahwa {lead} …",
    ),
)
_LOWER_FIRST = ("Menurut", "Dalam")


@dataclass(frozen=True)
class Draft:
    """An item to write: its type, difficulty, stem (plain text) and options."""

    item_type: str
    difficulty: str
    stem: str
    options: tuple[dict, ...]


def _mid_sentence(lead: str) -> str:
    """The lead as it reads after a wrapper's opening words (proper nouns keep capitals)."""
    words = lead.split(" ", 2)
    if words[0] in _LOWER_FIRST:
        return lead[0].lower() + lead[1:]
    if len(words) > 1 and (words[1][:1].isupper() or words[0] == "Pancasila"):
        return lead
    return lead[0].lower() + lead[1:]


def _wrap(template: str, lead: str, *, role: str, place: str) -> str:
    return template.format(
        Lead=lead,
        lead=_mid_sentence(lead),
        role=role,
        Role=role[0].upper() + role[1:],
        place=place,
    )


def _single(fact: Fact, template: str, difficulty: str, *, role: str, place: str) -> Draft:
    lead, key, *wrong = fact
    wrong_options = tuple({"text": text, "correct": False} for text in wrong)
    options = ({"text": key, "correct": True}, *wrong_options)
    return Draft(
        ItemType.SINGLE, difficulty, _wrap(template, lead, role=role, place=place), options
    )


def _true_false(fact: Fact, *, true: bool, wrong_index: int) -> Draft:
    lead, key, *wrong = fact
    statement = f"{lead} {key if true else wrong[wrong_index % len(wrong)]}."
    return Draft(
        ItemType.TRUE_FALSE,
        _E,
        f"Benar atau salah: {statement}",
        tuple(true_false_options(true_is_correct=true)),
    )


MULTIPLE_STEMS = (
    "manakah pernyataan berikut yang benar? Pilih semua jawaban yang benar.",
    "pilih semua pernyataan yang sesuai dengan ketentuan.",
    "dari pernyataan berikut, mana saja yang tepat? Pilih semua yang benar.",
    "tandai setiap pernyataan yang benar.",
    "pernyataan mana saja yang dapat dipertanggungjawabkan? Pilih semua yang benar.",
    "pilih semua pernyataan yang benar untuk bahan telaahan pimpinan.",
)


def _multiple(facts: tuple[Fact, ...], index: int, *, title: str) -> Draft:
    """Two true statements (facts i, i+1) and three false ones (facts i+2…i+4)."""
    n = len(facts)
    right = [facts[(index + k) % n] for k in (0, 1)]
    wrong = [facts[(index + k) % n] for k in (2, 3, 4)]
    options = [{"text": f"{lead} {key}.", "correct": True} for lead, key, *_w in right]
    options += [
        {"text": f"{lead} {rest[k % len(rest)]}.", "correct": False}
        for k, (lead, _key, *rest) in enumerate(wrong)
    ]
    stem = f"Terkait materi {title}, {MULTIPLE_STEMS[index % len(MULTIPLE_STEMS)]}"
    return Draft(ItemType.MULTIPLE, _M, stem, tuple(options))


def _graded(scenario: Scenario, *, role: str, place: str, rng: random.Random) -> Draft:
    situation, responses = scenario
    options = [{"text": text, "points": 5 - rank} for rank, text in enumerate(responses)]
    rng.shuffle(options)  # authors don't always put the best response first
    stem = f"{situation} Sebagai {role} di {place}, apa yang paling tepat Anda lakukan?"
    return Draft(ItemType.GRADED, _M, stem, tuple(options))


@dataclass
class SubjectPools:
    """One subject's generated items by type, each list in a fixed shuffled order."""

    single_hard: list[Draft]
    single: list[Draft]
    true_false: list[Draft]
    multiple: list[Draft]
    graded: list[Draft]

    def take(self, kind: str, count: int) -> list[Draft]:
        pool: list[Draft] = getattr(self, kind)
        taken, pool[:] = pool[:count], pool[count:]
        return taken


def subject_pools(
    program_code: str, order: int, *, title: str, sjt: list[tuple[Scenario, str, str]]
) -> SubjectPools:
    """All items one subject's facts yield (``sjt``: this subject's share of the program's
    situational judgements, with role and place). Deterministic."""
    facts = FACTS[(program_code, order)]
    roles = ROLES[program_code]
    rng = random.Random(f"{DEMO_SEED}:{program_code}:{order}")  # noqa: S311 -- demo data
    hard, others = [], []
    for f_index, fact in enumerate(facts):
        for w_index, (difficulty, template) in enumerate(WRAPPERS):
            if fact[0].startswith("Menurut") and ("Sesuai ketentuan" in template):
                template = "Menurut modul pelatihan ini, {lead} …"
            role = roles[(f_index + w_index) % len(roles)]
            place = PLACES[(order * 7 + f_index * 3 + w_index) % len(PLACES)]
            draft = _single(fact, template, difficulty, role=role, place=place)
            (hard if difficulty == _H else others).append(draft)
    true_false = [
        _true_false(fact, true=truth, wrong_index=i)
        for i, fact in enumerate(facts)
        for truth in (True, False)
    ]
    multiple = [_multiple(facts, i, title=title) for i in range(len(facts))]
    graded = [_graded(s, role=role, place=place, rng=rng) for s, role, place in sjt]
    for pool in (hard, others, true_false, multiple, graded):
        rng.shuffle(pool)
    return SubjectPools(hard, others, true_false, multiple, graded)


def sjt_variants(program_code: str, count: int) -> list[tuple[Scenario, str, str]]:
    """``count`` distinct (scenario, role, place) combinations, cycling fairly."""
    scenarios = SJT.get(program_code, ())
    if not scenarios:
        return []
    roles = ROLES[program_code]
    combos = [
        (scenario, role, place) for place in PLACES for role in roles for scenario in scenarios
    ]
    rng = random.Random(f"{DEMO_SEED}:{program_code}:sjt")  # noqa: S311 -- demo data
    rng.shuffle(combos)
    return combos[:count]


@dataclass
class ProgramItems:
    """A program's drafts per bank: placement, final (tagged by subject order), subjects."""

    placement: list[tuple[int, Draft]] = field(default_factory=list)
    final: list[tuple[int, Draft]] = field(default_factory=list)
    subjects: dict[int, list[Draft]] = field(default_factory=dict)


def program_items(program_code: str, titles: dict[int, str]) -> ProgramItems:
    """Split every subject's generated items (``titles``: subject order → title) into the
    program's three kinds of bank."""
    orders = list(titles)
    has_sjt = program_code in SJT
    per_subject_sjt = (GRADED_SHARE_SUBJECT + GRADED_SHARE_FINAL) if has_sjt else 0
    variants = sjt_variants(program_code, per_subject_sjt * len(orders))
    placement_share = -(-PLACEMENT_BANK_SIZE // max(len(orders), 1))
    result = ProgramItems()
    for n, order in enumerate(orders):
        sjt = variants[n * per_subject_sjt : (n + 1) * per_subject_sjt]
        pools = subject_pools(program_code, order, title=titles[order], sjt=sjt)
        for draft in pools.take("single_hard", placement_share):
            result.placement.append((order, draft))
        graded_s = GRADED_SHARE_SUBJECT if has_sjt else 0
        subject = (
            pools.take("graded", graded_s)
            + pools.take("true_false", TRUE_FALSE_SUBJECT)
            + pools.take("multiple", MULTIPLE_SUBJECT)
        )
        pools.single = pools.single_hard + pools.single  # the rest of the hard ones too
        pools.single_hard = []
        subject += pools.take("single", SUBJECT_BANK_SIZE - len(subject))
        graded_f = GRADED_SHARE_FINAL if has_sjt else 0
        final = (
            pools.take("graded", graded_f)
            + pools.take("true_false", TRUE_FALSE_FINAL)
            + pools.take("multiple", MULTIPLE_FINAL)
        )
        final += pools.take("single", FINAL_ITEMS_PER_SUBJECT - len(final))
        result.subjects[order] = subject
        result.final.extend((order, draft) for draft in final)
    result.placement = result.placement[:PLACEMENT_BANK_SIZE]
    return result


# --- writing banks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Staff:
    author: User
    reviewer: User


def _checked_entries(
    drafts: list[tuple[Subject | None, Draft]], *, difficulty: str | None = None
) -> list[tuple[ItemContent, ItemTags]]:
    entries = []
    for subject, draft in drafts:
        content, problems = clean_content(
            draft.item_type,
            f"<p>{escape(draft.stem)}</p>",
            [{**option, "text": escape(option["text"])} for option in draft.options],
        )
        if problems:  # the demo's own texts: a problem is a bug in this module
            raise ValueError(f"demo item invalid: {draft.stem!r}: {problems}")
        entries.append(
            (content, ItemTags(subject=subject, difficulty=difficulty or draft.difficulty))
        )
    return entries


def _bank(
    code: str, title: str, program: Program, subject: Subject | None, staff: _Staff
) -> tuple[ItemBank, bool]:
    return ItemBank.objects.get_or_create(
        code=code,
        defaults={
            "title": title,
            "program": program,
            "subject": subject,
            "created_by": staff.author,
        },
    )


def _fill(
    bank: ItemBank,
    drafts: list[tuple[Subject | None, Draft]],
    staff: _Staff,
    *,
    now: datetime,
    difficulty: str | None = None,
) -> int:
    """Write the drafts as active, reviewed items with version 1 unless the bank already
    holds items. Bulk writes and one UPDATE for ``current_version`` (``bulk_update`` of
    two thousand rows costs seconds on SQLite)."""
    if bank.items.exists():
        return 0
    entries = _checked_entries(drafts, difficulty=difficulty)
    items = Item.objects.bulk_create(
        [
            Item(
                bank=bank,
                item_type=content.item_type,
                status=ItemStatus.ACTIVE,
                subject=tags.subject,
                difficulty=tags.difficulty,
                author=staff.author,
                reviewer=staff.reviewer,
                reviewed_at=now,
            )
            for content, tags in entries
        ],
        batch_size=BATCH_SIZE,
    )
    ItemVersion.objects.bulk_create(
        [
            ItemVersion(
                item=item,
                number=1,
                stem_html=content.stem_html,
                options=content.options_json(),
                partial_credit=content.partial_credit,
                weight=content.weight,
                created_at=now,
                created_by=staff.author,
            )
            for item, (content, _tags) in zip(items, entries, strict=True)
        ],
        batch_size=BATCH_SIZE,
    )
    first = ItemVersion.objects.filter(item=OuterRef("pk"), number=1).values("pk")[:1]
    Item.objects.filter(bank=bank, current_version__isnull=True).update(
        current_version=Subquery(first)
    )
    return len(items)


def seed_item_banks(program: Program, staff: _Staff, *, now: datetime) -> tuple[int, int]:
    """The program's placement, subject and final banks; returns (banks, items) created."""
    subjects = {s.order: s for s in program.subjects.order_by("order")}
    orders = [order for order in subjects if (program.code, order) in FACTS]
    if not orders:
        return 0, 0
    drafts = program_items(program.code, {o: subjects[o].title for o in orders})
    banks = items = 0
    specs = [
        (
            f"{program.code}-PLC",
            f"Uji awal (soal sulit) {program.title}",
            None,
            [(subjects[o], d) for o, d in drafts.placement],
            _H,
        ),
        *[
            (
                f"{program.code}-S{order}",
                f"Ujian mata pelatihan: {subjects[order].title}",
                subjects[order],
                [(subjects[order], d) for d in drafts.subjects[order]],
                None,
            )
            for order in orders
        ],
        (
            f"{program.code}-FIN",
            f"Uji kompetensi akhir {program.title}",
            None,
            [(subjects[o], d) for o, d in drafts.final],
            None,
        ),
    ]
    for code, title, subject, bank_drafts, difficulty in specs:
        bank, created = _bank(code, title[:200], program, subject, staff)
        banks += created
        items += _fill(bank, bank_drafts, staff, now=now, difficulty=difficulty)
    return banks, items


# --- assessments -----------------------------------------------------------------------------

PLACEMENT_ITEMS, SUBJECT_ITEMS, FINAL_ITEMS = 25, 10, 40
PLACEMENT_MINUTES, SUBJECT_MINUTES, FINAL_MINUTES = 60, 30, 90


def final_blueprint(subject_ids: list[int], total: int = FINAL_ITEMS) -> list[dict]:
    """``total`` items spread over the subjects as evenly as possible (first ones +1)."""
    n = len(subject_ids)
    return [
        {"subject": pk, "count": total // n + (1 if i < total % n else 0)}
        for i, pk in enumerate(subject_ids)
    ]


def seed_assessments(offering: Offering, *, manager: User, now: datetime) -> int:
    """Placement, one exam per subject and the final CAT of the offering, published."""
    program = offering.program
    banks = {b.code: b for b in ItemBank.objects.filter(program=program)}
    subjects = list(program.subjects.order_by("order"))
    present = set(Assessment.objects.filter(offering=offering).values_list("kind", "subject_id"))
    common = {
        "opens_at": offering.starts_at,
        "closes_at": offering.ends_at,
        "shuffle_options": True,
        "allow_review": False,
        "after_last_failure": AfterLastFailure.END_NOT_PASSED,
        "by": manager,
        "now": now,
    }
    wanted = []
    if (bank := banks.get(f"{program.code}-PLC")) is not None:
        wanted.append(
            {
                "kind": AssessmentKind.PLACEMENT,
                "subject": None,
                "banks": [bank],
                "title": "Uji awal (pre-assessment)",
                "duration_minutes": PLACEMENT_MINUTES,
                "blueprint": [],
                "item_count": PLACEMENT_ITEMS,
            }
        )
    for subject in subjects:
        if (bank := banks.get(f"{program.code}-S{subject.order}")) is not None:
            wanted.append(
                {
                    "kind": AssessmentKind.SUBJECT,
                    "subject": subject,
                    "banks": [bank],
                    "title": f"Ujian: {subject.title}"[:200],
                    "duration_minutes": SUBJECT_MINUTES,
                    "blueprint": [],
                    "item_count": SUBJECT_ITEMS,
                }
            )
    if (bank := banks.get(f"{program.code}-FIN")) is not None:
        covered = set(bank.items.values_list("subject_id", flat=True))
        wanted.append(
            {
                "kind": AssessmentKind.FINAL,
                "subject": None,
                "banks": [bank],
                "title": "Uji kompetensi akhir (CAT)",
                "duration_minutes": FINAL_MINUTES,
                "blueprint": final_blueprint([s.pk for s in subjects if s.pk in covered]),
                "item_count": FINAL_ITEMS,
            }
        )
    created = 0
    for spec in wanted:
        subject = spec["subject"]
        if (spec["kind"], subject.pk if subject else None) in present:
            continue
        result = configure_assessment(offering, **spec, **common)
        publish_assessment(result.assessment, by=manager, now=now)
        created += 1
    return created


# --- attempts --------------------------------------------------------------------------------

PASS, FAIL = "pass", "fail"
ATTEMPT_MINUTES = 20  # how long a demo participant takes to answer


def _answer_indexes(
    item_type: str, options: list[dict], *, right: bool, rng: random.Random
) -> list[int]:
    indexes = range(len(options))
    if item_type == ItemType.GRADED:
        ranked = sorted(indexes, key=lambda i: options[i].get("points") or 0)
        return [ranked[-1]] if right else [ranked[rng.choice((0, 1))]]
    keyed = [i for i in indexes if options[i].get("correct")]
    if right:
        return keyed
    wrong = [i for i in indexes if i not in keyed]
    return [rng.choice(wrong)] if wrong else keyed[:0]


def _plan_answers(attempt: Attempt, outcome: str, rng: random.Random) -> dict[int, list[int]]:
    """Option indexes per item: a pass misses a few keyed items (score ≥ 80, graded items
    right), a fail misses every graded item and about 60 % of the keyed ones (≤ 55)."""
    versions = ItemVersion.objects.select_related("item").in_bulk(
        [entry["version"] for entry in attempt.form]
    )
    entries = [(e["item"], versions[e["version"]]) for e in attempt.form]
    keyed = [item for item, v in entries if v.item.item_type != ItemType.GRADED]
    if outcome == PASS:
        miss_share = rng.choice((0.0, 0.08, 0.12))
        if attempt.assessment.kind != AssessmentKind.PLACEMENT:
            miss_share = rng.choice((0.0, 0.1, 0.2))
        wrong = set(rng.sample(keyed, round(len(keyed) * miss_share)))
    else:
        wrong = set(rng.sample(keyed, round(len(keyed) * rng.choice((0.5, 0.6, 0.7)))))
        wrong |= {item for item, v in entries if v.item.item_type == ItemType.GRADED}
    return {
        item: _answer_indexes(v.item.item_type, v.options, right=item not in wrong, rng=rng)
        for item, v in entries
    }


def take_attempt(
    assessment: Assessment,
    enrollment: Enrollment,
    *,
    outcome: str,
    at: datetime,
    rng: random.Random,
) -> Attempt | None:
    """Sit the assessment through the real engine at ``at``: start, save, submit, outcome.

    None when the engine refuses the start (window, journey gate): the demo skips it.
    """
    try:
        attempt, _created = start_attempt(
            assessment, enrollment=enrollment, participant=enrollment.participant, now=at
        )
    except StartRefused:
        return None
    answers = _plan_answers(attempt, outcome, rng)
    for seq, (item_id, indexes) in enumerate(answers.items(), start=1):
        save_answer(
            attempt_id=attempt.pk,
            item_id=item_id,
            option_ids=[option_token(attempt.pk, item_id, i) for i in indexes],
            client_seq=seq,
            now=at + timedelta(seconds=30 * seq),
            user_id=enrollment.participant_id,
        )
    attempt = submit_attempt(attempt, now=at + timedelta(minutes=ATTEMPT_MINUTES))
    # Grading registers this for on_commit, but the demo's one transaction commits only at
    # the very end, and the certificates must exist now (the summary, later steps). Only a
    # passed placement or final can certify (kompeten, exempt_rpl); for any other attempt
    # the call would compute the journey to change nothing (on_commit still runs it).
    if attempt.passed and attempt.assessment.kind != AssessmentKind.SUBJECT:
        record_attempt_outcome(attempt.pk)
    return attempt


class _Clock:
    """A participant's own sequence of sittings between the start of learning and ``now``."""

    def __init__(self, offering: Offering, *, now: datetime, offset: int) -> None:
        start = offering.starts_at + timedelta(hours=1, minutes=7 * offset)
        span = max(now - start - timedelta(hours=1), timedelta(minutes=0))
        self.at = start
        self.gap = min(span / 24, timedelta(hours=3))
        self.gap = max(self.gap, timedelta(minutes=ATTEMPT_MINUTES + 1))

    def next(self) -> datetime:
        at = self.at
        self.at += self.gap
        return at


def complete_learning(enrollment: Enrollment, *, grader: User, at: datetime) -> None:
    """Rules acknowledged, orientation and every material completed, every assignment
    accepted (the journey's facts before the final test, written directly)."""
    offering = enrollment.offering
    rules = current_rules(offering.program_id)
    if rules is not None:
        RulesAcknowledgement.objects.get_or_create(
            enrollment=enrollment, rules=rules, defaults={"acknowledged_at": at}
        )
    materials = list(
        Material.objects.filter(
            Q(program_id=offering.program_id, is_orientation=True)
            | Q(subject__program_id=offering.program_id, is_orientation=False)
        ).exclude(kind__in=OPTIONAL_KINDS)
    )
    progress = {p.material_id: p for p in MaterialProgress.objects.filter(enrollment=enrollment)}
    for material in materials:
        seconds = float(material.duration_seconds or 0)
        row = progress.get(material.pk) or MaterialProgress(
            enrollment=enrollment, material=material, opened_at=at
        )
        if row.completed_at is not None:
            continue
        if seconds:
            row.watched_intervals = [[0.0, seconds]]
            row.watched_seconds = row.position_seconds = seconds
        row.completed_at = at
        row.save()
    for assignment in Assignment.objects.filter(offering=offering):
        latest = (
            Submission.objects.filter(assignment=assignment, enrollment=enrollment)
            .order_by("-version")
            .first()
        )
        if latest is not None and latest.status == SubmissionStatus.ACCEPTED:
            continue
        Submission.objects.create(
            assignment=assignment,
            enrollment=enrollment,
            version=(latest.version + 1) if latest else 1,
            text="Penerapan materi di unit kerja kami: analisis masalah, data pendukung dan "
            "rencana tindak lanjut terlampir dalam uraian ini.",
            submitted_at=at,
            status=SubmissionStatus.ACCEPTED,
            score=Decimal(80 + enrollment.pk % 16),
            feedback="Uraian runtut dan sesuai tugas jabatan. Diterima.",
            graded_by=grader,
            graded_at=at + timedelta(hours=2),
        )


# What the sample participants of the running offerings did, in enrolment order, per
# offering (in code order). Kept small: every attempt goes through the real engine, and the
# journey gates make a completion cost a placement, every subject exam and the final.
KOMPETEN, RPL, MIXED, FEW, PLACEMENT_ONLY = ("kompeten", "rpl", "mixed", "few", "placement_only")
SAMPLE_PLANS: tuple[tuple[str, ...], ...] = (
    (KOMPETEN, RPL, FEW),
    (KOMPETEN, RPL, PLACEMENT_ONLY),
    (KOMPETEN, RPL, FEW),
    (RPL, MIXED, PLACEMENT_ONLY),
)
# Remedial attempts (R4) and a first failed final (R6) of the kompeten ones, by offering.
REMEDIAL_SUBJECT = {1: 1, 2: 3}  # offering index → subject exam (0-based) failed once first
FINAL_FAILED_FIRST = {0, 2}


class _Assessments:
    def __init__(self, offering: Offering) -> None:
        found = list(
            Assessment.objects.filter(offering=offering, is_published=True)
            .select_related("subject")
            .order_by("subject__order")
        )
        self.placement = next((a for a in found if a.kind == AssessmentKind.PLACEMENT), None)
        self.final = next((a for a in found if a.kind == AssessmentKind.FINAL), None)
        self.subjects = [a for a in found if a.kind == AssessmentKind.SUBJECT]


def _play(
    plan: str,
    enrollment: Enrollment,
    exams: _Assessments,
    *,
    clock: _Clock,
    grader: User,
    rng: random.Random,
    offering_index: int,
) -> int:
    """Sit the plan's attempts in journey order; returns how many attempts were made."""
    made = []

    def sit(assessment: Assessment | None, outcome: str) -> Attempt | None:
        if assessment is None:
            return None
        attempt = take_attempt(assessment, enrollment, outcome=outcome, at=clock.next(), rng=rng)
        if attempt is not None:
            made.append(attempt)
        return attempt

    if plan == RPL:
        sit(exams.placement, PASS)
        return len(made)
    sit(exams.placement, FAIL)
    if plan == KOMPETEN:
        complete_learning(enrollment, grader=grader, at=clock.next())
        for j, exam in enumerate(exams.subjects):
            if REMEDIAL_SUBJECT.get(offering_index) == j:
                sit(exam, FAIL)
            sit(exam, PASS)
        if offering_index in FINAL_FAILED_FIRST:
            sit(exams.final, FAIL)
        sit(exams.final, PASS)
    elif plan == MIXED:
        for exam, outcomes in zip(
            exams.subjects, ((PASS,), (FAIL, FAIL), (FAIL, PASS)), strict=False
        ):
            for outcome in outcomes:
                sit(exam, outcome)
    elif plan == FEW and exams.subjects:
        sit(exams.subjects[0], FAIL)
    return len(made)


def seed_attempts(offering: Offering, *, index: int, grader: User, now: datetime) -> int:
    """The demo participant "enrolled": a failed placement; sample participants: their plan.

    Only enrolments without any attempt play (idempotent).
    """
    exams = _Assessments(offering)
    if exams.placement is None:
        return 0
    rng = random.Random(f"{DEMO_SEED}:{offering.code}:attempts")  # noqa: S311 -- demo data
    enrollments = list(
        Enrollment.objects.filter(
            offering=offering, status=EnrollmentStatus.ENROLLED, is_trial=False
        )
        .exclude(participant__nip=NOT_ENROLLED_NIP)
        .select_related("participant", "offering__program")
        .order_by("pk")
    )
    demo = [e for e in enrollments if e.participant.nip == ENROLLED_NIP]
    plans = SAMPLE_PLANS[index % len(SAMPLE_PLANS)]
    sample = [e for e in enrollments if e.participant.nip != ENROLLED_NIP][: len(plans)]
    busy = set(
        Attempt.objects.filter(enrollment__in=demo + sample).values_list("enrollment_id", flat=True)
    )
    made = 0
    for enrollment in demo:
        if enrollment.pk not in busy:
            clock = _Clock(offering, now=now, offset=0)
            clock.next()
            made += (
                take_attempt(exams.placement, enrollment, outcome=FAIL, at=clock.next(), rng=rng)
                is not None
            )
    for n, (enrollment, plan) in enumerate(zip(sample, plans, strict=False)):
        if enrollment.pk in busy:
            continue
        clock = _Clock(offering, now=now, offset=n + 1)
        made += _play(
            plan, enrollment, exams, clock=clock, grader=grader, rng=rng, offering_index=index
        )
    return made


# --- the seed --------------------------------------------------------------------------------


def _user(nip: str) -> User | None:
    return User.objects.filter(nip=nip).first()


def seed_assessment_demo(*, now: datetime) -> dict[str, int]:
    """Create (or complete) the exam demo; idempotent. Returns what was created.

    Needs the curriculum and learning demos (it does nothing without the demo pengelola and
    widyaiswara). Keys: banks, items, assessments, attempts, certificates.
    """
    created = dict.fromkeys(("banks", "items", "assessments", "attempts", "certificates"), 0)
    author, reviewer = _user(WIDYAISWARA_NIP), _user(PENGELOLA_NIP)
    if author is None or reviewer is None:
        return created
    staff = _Staff(author=author, reviewer=reviewer)
    certificates_before = _certificate_count()
    with transaction.atomic():
        programs = Program.objects.filter(code__in=[spec.code for spec in SMART_PROGRAMS])
        for program in programs.order_by("code"):
            banks, items = seed_item_banks(program, staff, now=now)
            created["banks"] += banks
            created["items"] += items
        offerings = list(
            Offering.objects.filter(code__in=RUNNING_OFFERING_CODES + UPCOMING_OFFERING_CODES)
            .select_related("program")
            .order_by("code")
        )
        for offering in offerings:
            created["assessments"] += seed_assessments(offering, manager=reviewer, now=now)
        running = [o for o in offerings if o.code in RUNNING_OFFERING_CODES]
        for index, offering in enumerate(running):
            if offering.starts_at < now < offering.ends_at:
                created["attempts"] += seed_attempts(offering, index=index, grader=author, now=now)
    created["certificates"] = _certificate_count() - certificates_before
    return created


def _certificate_count() -> int:
    try:
        from bangkom.certificates.models import Certificate
    except ImportError:  # pragma: no cover -- the certificates context is installed
        return 0
    return Certificate.objects.count()
