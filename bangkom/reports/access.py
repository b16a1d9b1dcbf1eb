"""Access rules of the reports context (see accounts/access_rules.py).

- Offering dashboards and the agency-wide table: program managers and admins. Facilitators
  do not get the offering dashboard: it shows the offering's cost and every assessment's
  results, which are management information; their own survey scores reach them through
  the evaluation context, past its anonymity threshold.
- Institution report: managers and admins see every institution; a pimpinan only the
  institutions they supervise (asking for another one answers 404).
- "Data saya" (RELIABILITY.md P2): every signed-in user, own data only.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = only(Role.PENGELOLA, Role.ADMIN)
MANAGERS_OBJECT = only(Role.PENGELOLA, Role.ADMIN, object_route=True)
SUPERVISORS = only(Role.PENGELOLA, Role.ADMIN, Role.PIMPINAN)

ROUTES: dict[str, Rule] = {
    "reports:offering-dashboard": MANAGERS_OBJECT,
    "reports:offering-dashboard-xlsx": MANAGERS_OBJECT,
    "reports:institution-report": SUPERVISORS,
    "reports:institution-report-xlsx": SUPERVISORS,
    "reports:agency": MANAGERS,
    "reports:agency-xlsx": MANAGERS,
    "reports:my-data": AUTHENTICATED,
    "reports:my-data-zip": AUTHENTICATED,
}
PUBLIC: frozenset[str] = frozenset()

_AGENCY = Link(
    "reports:agency",
    _("Dasbor angkatan"),
    _("Peserta, kompeten, kelulusan, JP dan biaya per angkatan; buka dasbor tiap angkatan."),
)
_INSTITUTIONS = Link(
    "reports:institution-report",
    _("Laporan instansi per tahun"),
    _("Kepatuhan 20 JP, penutupan kesenjangan kompetensi dan partisipasi per instansi."),
)
_MY_DATA = Link(
    "reports:my-data",
    _("Data saya"),
    _("Unduh semua data pribadi Anda yang disimpan Bangkom (UU PDP)."),
)

HOME_LINKS: dict = {
    Role.PENGELOLA: [_AGENCY, _INSTITUTIONS, _MY_DATA],
    Role.ADMIN: [_AGENCY, _INSTITUTIONS, _MY_DATA],
    Role.PIMPINAN: [_INSTITUTIONS, _MY_DATA],
    Role.PESERTA: [_MY_DATA],
    Role.WIDYAISWARA: [_MY_DATA],
    Role.COACH: [_MY_DATA],
}
