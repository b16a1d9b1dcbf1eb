"""Access rules of the planning context (see accounts/access_rules.py).

Managers (pengelola) and admins keep the dictionary, positions, profiles, analyses and
plans. A pimpinan sees the gaps of the institutions they lead and answers the TNA questions
for them; a participant answers for their own needs. Object scoping (which institution,
whose candidate) is done by the query functions: another institution's object is a 404.
Approving a plan is a function route (403 to other roles); who of the managers may decide
is checked by ``plans.transition_plan`` (a pengelola other than the submitter).
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = (Role.PENGELOLA, Role.ADMIN)

ROUTES: dict[str, Rule] = {
    # competency dictionary
    "planning:competency-list": only(*MANAGERS),
    "planning:competency-create": only(*MANAGERS),
    "planning:competency-edit": only(*MANAGERS, object_route=True),
    "planning:competency-import": only(*MANAGERS),
    "planning:competency-template": only(*MANAGERS),
    # positions
    "planning:position-list": only(*MANAGERS),
    "planning:position-create": only(*MANAGERS),
    "planning:position-detail": only(*MANAGERS, object_route=True),
    "planning:position-edit": only(*MANAGERS, object_route=True),
    "planning:requirement-set": only(*MANAGERS, object_route=True),
    "planning:requirement-remove": only(*MANAGERS, object_route=True),
    "planning:position-import": only(*MANAGERS),
    "planning:position-template": only(*MANAGERS),
    # profiles and gaps
    "planning:profile-search": only(*MANAGERS),
    "planning:profile-detail": only(*MANAGERS, object_route=True),
    "planning:assessment-add": only(*MANAGERS, object_route=True),
    "planning:position-assign": only(*MANAGERS, object_route=True),
    "planning:gap-institutions": only(*MANAGERS, Role.PIMPINAN),
    "planning:institution-gaps": only(*MANAGERS, Role.PIMPINAN, object_route=True),
    # needs analyses
    "planning:analysis-list": only(*MANAGERS),
    "planning:analysis-build": only(*MANAGERS),
    "planning:analysis-detail": only(*MANAGERS, object_route=True),
    "planning:analysis-rebuild": only(*MANAGERS, object_route=True),
    "planning:analysis-status": only(*MANAGERS, object_route=True),
    "planning:analysis-xlsx": only(*MANAGERS, object_route=True),
    "planning:supervisor-needs": only(Role.PIMPINAN),
    "planning:supervisor-answer": only(Role.PIMPINAN, object_route=True),
    "planning:my-needs": only(Role.PESERTA),
    "planning:my-answer": only(Role.PESERTA, object_route=True),
    # program plans
    "planning:plan-list": only(*MANAGERS),
    "planning:plan-create": only(*MANAGERS),
    "planning:plan-detail": only(*MANAGERS, object_route=True),
    "planning:plan-edit": only(*MANAGERS, object_route=True),
    "planning:plan-transition": only(*MANAGERS),
    "planning:plan-comment": only(*MANAGERS, object_route=True),
    "planning:plan-budget": only(*MANAGERS, object_route=True),
    "planning:plan-committee-add": only(*MANAGERS, object_route=True),
    "planning:plan-committee-remove": only(*MANAGERS, object_route=True),
    "planning:plan-item-add": only(*MANAGERS, object_route=True),
    "planning:plan-item-update": only(*MANAGERS, object_route=True),
    "planning:plan-offering": only(*MANAGERS, object_route=True),
}

_MANAGER_LINKS = [
    Link(
        "planning:competency-list",
        _("Kamus kompetensi"),
        _("Kompetensi teknis, manajerial, sosial kultural dan pemerintahan; impor XLSX."),
    ),
    Link(
        "planning:position-list",
        _("Jabatan (Anjab)"),
        _("Jabatan, kelas jabatan dan standar kompetensinya; impor XLSX."),
    ),
    Link(
        "planning:profile-search",
        _("Profil kompetensi pegawai"),
        _("Cari per NIP, catat hasil penilaian, lihat kesenjangan."),
    ),
    Link(
        "planning:gap-institutions",
        _("Peta kesenjangan kompetensi"),
        _("Kesenjangan per instansi, jabatan dan unit kerja."),
    ),
    Link(
        "planning:analysis-list",
        _("Analisis kebutuhan (AKPK/TNA)"),
        _("Kandidat program dari kesenjangan, peringkat, jawaban TNA, unduh XLSX."),
    ),
    Link(
        "planning:plan-list",
        _("Rencana program"),
        _("Tujuan, sasaran, panitia, jadwal, anggaran, persetujuan dan persiapan."),
    ),
]

HOME_LINKS: dict = {
    Role.PENGELOLA: _MANAGER_LINKS,
    Role.ADMIN: _MANAGER_LINKS,
    Role.PIMPINAN: [
        Link(
            "planning:supervisor-needs",
            _("Analisis kebutuhan pelatihan"),
            _("Jawab tiga pertanyaan TNA untuk kebutuhan pelatihan instansi Anda."),
        ),
        Link(
            "planning:gap-institutions",
            _("Kesenjangan kompetensi instansi"),
            _("Peta kesenjangan kompetensi pegawai instansi yang Anda pimpin."),
        ),
    ],
    Role.PESERTA: [
        Link(
            "planning:my-needs",
            _("Kebutuhan pelatihan saya"),
            _("Program yang menutup kesenjangan kompetensi Anda; beri jawaban TNA."),
        )
    ],
}
