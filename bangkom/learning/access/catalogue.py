"""Access rules of the learning context's catalogue area (see accounts/access_rules.py).

Anyone signed in may browse and ask to enrol (eligibility decides). Deciding requests is
for supervisors and managers, scoped per object by ``enrollment_queries`` (a pimpinan of
another institution gets 404). Offering administration is for pengelola and admin.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, Link, Rule, only
from bangkom.accounts.choices import Role

_DECIDERS = (Role.PIMPINAN, Role.PENGELOLA, Role.ADMIN)
_MANAGERS = (Role.PENGELOLA, Role.ADMIN)

ROUTES: dict[str, Rule] = {
    "learning:catalogue": AUTHENTICATED,
    "learning:offering-detail": AUTHENTICATED,
    "learning:enroll": AUTHENTICATED,
    "learning:my-enrollments": AUTHENTICATED,
    "learning:enrollment-withdraw": AUTHENTICATED,
    "learning:approval-inbox": only(*_DECIDERS),
    "learning:enrollment-decide": only(*_DECIDERS, object_route=True),
    "learning:offering-participants": only(*_MANAGERS, object_route=True),
    "learning:offering-participants-xlsx": only(*_MANAGERS, object_route=True),
    "learning:bulk-enroll": only(*_MANAGERS, object_route=True),
    "learning:invitations": only(*_MANAGERS, object_route=True),
    "learning:trial": only(*_MANAGERS, object_route=True),
    "learning:my-invitations": only(Role.PIMPINAN),
    "learning:nominate": only(Role.PIMPINAN, object_route=True),
    # JSON API (API.md: Catalogue and enrolment); the ninja url_name of each operation.
    "api:programs": AUTHENTICATED,
    "api:program-enrollments": AUTHENTICATED,
    "api:enrollments": AUTHENTICATED,
    "api:enrollment-detail": AUTHENTICATED,
}
PUBLIC: frozenset[str] = frozenset()

_CATALOGUE = Link(
    "learning:catalogue",
    _("Katalog pelatihan"),
    _("Cari pelatihan yang dibuka, lihat jadwal dan JP, lalu daftar."),
)
_MY_ENROLLMENTS = Link(
    "learning:my-enrollments",
    _("Pelatihan saya"),
    _("Status pendaftaran dan langkah berikutnya."),
)
_APPROVALS = Link(
    "learning:approval-inbox",
    _("Persetujuan pendaftaran"),
    _("Setujui atau tolak permohonan pendaftaran pelatihan."),
)
_INVITATIONS = Link(
    "learning:my-invitations",
    _("Undangan pelatihan"),
    _("Undangan untuk instansi Anda; usulkan pegawai sebagai peserta."),
)

HOME_LINKS: dict = {
    Role.PESERTA: [_CATALOGUE, _MY_ENROLLMENTS],
    Role.PIMPINAN: [_APPROVALS, _INVITATIONS, _CATALOGUE],
    Role.WIDYAISWARA: [_CATALOGUE],
    Role.COACH: [_CATALOGUE],
    Role.PENGELOLA: [_APPROVALS, _CATALOGUE],
    Role.ADMIN: [_APPROVALS, _CATALOGUE],
}
