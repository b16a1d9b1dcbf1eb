"""Access rules of the audit context (see accounts/access_rules.py).

The whole log is for admins (RELIABILITY.md access matrix, "Audit log"). Entries carry no
program reference that would let a pengelola's view be filtered to their programs cheaply,
so pengelola get no access for now. Everyone sees the entries about themselves.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, Link, Rule, only
from bangkom.accounts.choices import Role

ROUTES: dict[str, Rule] = {
    "audit:log": only(Role.ADMIN),
    "audit:log-xlsx": only(Role.ADMIN),
    "audit:mine": AUTHENTICATED,
}
PUBLIC: frozenset[str] = frozenset()

HOME_LINKS = {
    Role.ADMIN: [
        Link("audit:log", _("Jejak audit"), _("Siapa melakukan apa dan kapan; rantai hash.")),
    ],
    Role.PESERTA: [
        Link(
            "audit:mine",
            _("Jejak audit saya"),
            _("Catatan tindakan yang menyangkut Anda: nilai, sertifikat, masuk."),
        ),
    ],
}
