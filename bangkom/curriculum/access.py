"""Access rules of the curriculum context (see accounts/access_rules.py).

Managers (pengelola) and admins plan programs and offerings and verify facilitators; a
widyaiswara keeps their own facilitator profile. Object routes answer 404 to other roles.
Which certification a widyaiswara may delete, or whose evidence anyone may download, is
checked again per object in the views (owner or manager only).
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = (Role.PENGELOLA, Role.ADMIN)

ROUTES: dict[str, Rule] = {
    # programs, subjects, competencies, rules
    "curriculum:program-list": only(*MANAGERS),
    "curriculum:program-create": only(*MANAGERS),
    "curriculum:program-detail": only(*MANAGERS, object_route=True),
    "curriculum:program-edit": only(*MANAGERS, object_route=True),
    "curriculum:subject-create": only(*MANAGERS, object_route=True),
    "curriculum:subject-edit": only(*MANAGERS, object_route=True),
    "curriculum:competency-set": only(*MANAGERS, object_route=True),
    "curriculum:competency-remove": only(*MANAGERS, object_route=True),
    "curriculum:rules-create": only(*MANAGERS, object_route=True),
    "curriculum:rules-detail": only(*MANAGERS, object_route=True),
    # offerings and committees
    "curriculum:offering-list": only(*MANAGERS),
    "curriculum:offering-create": only(*MANAGERS, object_route=True),
    "curriculum:offering-detail": only(*MANAGERS, object_route=True),
    "curriculum:offering-edit": only(*MANAGERS, object_route=True),
    "curriculum:offering-status": only(*MANAGERS, object_route=True),
    "curriculum:committee-add": only(*MANAGERS, object_route=True),
    "curriculum:committee-remove": only(*MANAGERS, object_route=True),
    # facilitators: managers' side
    "curriculum:facilitator-list": only(*MANAGERS),
    "curriculum:facilitator-export": only(*MANAGERS),
    "curriculum:facilitator-detail": only(*MANAGERS, object_route=True),
    "curriculum:facilitator-verify": only(*MANAGERS, object_route=True),
    # facilitators: the widyaiswara's own profile
    "curriculum:my-facilitator-profile": only(Role.WIDYAISWARA),
    "curriculum:certification-add": only(Role.WIDYAISWARA),
    "curriculum:certification-delete": only(Role.WIDYAISWARA, object_route=True),
    "curriculum:certification-evidence": only(Role.WIDYAISWARA, *MANAGERS, object_route=True),
}

_MANAGER_LINKS = [
    Link(
        "curriculum:program-list",
        _("Program pelatihan"),
        _("Kurikulum, mata pelatihan dan JP, kompetensi sasaran, ketentuan."),
    ),
    Link(
        "curriculum:offering-list",
        _("Angkatan"),
        _("Jadwal pendaftaran dan belajar, status, panitia, kesiapan."),
    ),
    Link(
        "curriculum:facilitator-list",
        _("Fasilitator"),
        _("Widyaiswara/narasumber, verifikasi kualifikasi, sertifikasi kedaluwarsa."),
    ),
]

HOME_LINKS: dict = {
    Role.PENGELOLA: _MANAGER_LINKS,
    Role.ADMIN: _MANAGER_LINKS,
    Role.WIDYAISWARA: [
        Link(
            "curriculum:my-facilitator-profile",
            _("Profil fasilitator saya"),
            _("Pendidikan, pengalaman, sertifikasi, kontak, mata pelatihan yang diampu."),
        )
    ],
}
