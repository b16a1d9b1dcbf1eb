"""Access rules of the progression context (see accounts/access_rules.py).

Every user with a registry record has a JP ledger, so "my JP" is open to any role. The JP
report is for pengelola and admin (all institutions) and pimpinan (their own institution,
scoped in ``ledger.report_institutions_for``). External learning and follow-up programs are
managers' work.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = (Role.PENGELOLA, Role.ADMIN)
REPORT_READERS = only(Role.PENGELOLA, Role.ADMIN, Role.PIMPINAN)

ROUTES: dict[str, Rule] = {
    "progression:my-jp": AUTHENTICATED,
    "progression:jp-report": REPORT_READERS,
    "progression:jp-report-xlsx": REPORT_READERS,
    "progression:jp-siasn-xlsx": REPORT_READERS,
    "progression:external-learning": only(*MANAGERS),
    "progression:external-learning-decide": only(*MANAGERS, object_route=True),
    "progression:external-learning-evidence": only(*MANAGERS, object_route=True),
    "progression:follow-ups": only(*MANAGERS, object_route=True),
    "progression:follow-up-remove": only(*MANAGERS, object_route=True),
    "api:reports-jp": REPORT_READERS,
}
PUBLIC: frozenset[str] = frozenset()

_REPORT_LINK = Link(
    "progression:jp-report",
    _("Laporan JP (20 JP/tahun)"),
    _("JP per pegawai per tahun terhadap batas minimal 20 JP; ekspor XLSX dan SIASN."),
)
HOME_LINKS: dict = {
    Role.PESERTA: [
        Link(
            "progression:my-jp",
            _("JP saya"),
            _("JP tahun ini terhadap 20 JP, riwayat kursus dan program lanjutan."),
        )
    ],
    Role.PIMPINAN: [_REPORT_LINK],
    Role.PENGELOLA: [
        _REPORT_LINK,
        Link(
            "progression:external-learning",
            _("Pembelajaran eksternal"),
            _("Catat kegiatan di luar Bangkom dengan bukti; disetujui pengelola lain."),
        ),
    ],
    Role.ADMIN: [_REPORT_LINK],
}
