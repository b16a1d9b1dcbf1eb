"""Access rules of the certificates context (see accounts/access_rules.py).

Verification is public (API.md: "no authentication"); everything else needs a login.
Object scoping (own certificate, managed offering) is done in ``queries.py``: a user who
may use a route but not that object gets 404.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, AUTHENTICATED_OBJECT, Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = only(Role.PENGELOLA, Role.ADMIN, object_route=True)

ROUTES: dict[str, Rule] = {
    "certificates:my-certificates": AUTHENTICATED,
    "certificates:pdf": AUTHENTICATED_OBJECT,
    "certificates:offering-certificates": MANAGERS,
    "certificates:certificate-revoke": MANAGERS,
    "certificates:certificate-settings": MANAGERS,
    "certificates:archive-start": MANAGERS,
    "certificates:archive-detail": MANAGERS,
    "certificates:archive-download": MANAGERS,
    "api:certificates": AUTHENTICATED,
    "api:certificate-pdf": AUTHENTICATED_OBJECT,
}
PUBLIC: frozenset[str] = frozenset(
    {
        "certificates:verify",
        "certificates:verify-number",
        "certificates:verify-token",
        "api:certificate-verify",
    }
)
HOME_LINKS: dict = {
    Role.PESERTA: [
        Link(
            "certificates:my-certificates",
            _("Sertifikat saya"),
            _("Unduh sertifikat pelatihan yang telah terbit."),
        )
    ],
}
