"""Access rules of the finance context (see accounts/access_rules.py).

Cost templates, unit prices and comparisons are planning tools for program managers and
admins; every other role gets 403. Templates are not private to anyone, so object routes
answer 403 too rather than hiding existence.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = only(Role.PENGELOLA, Role.ADMIN)

ROUTES: dict[str, Rule] = {
    "finance:comparison": MANAGERS,
    "finance:comparison-xlsx": MANAGERS,
    "finance:comparison-pdf": MANAGERS,
    "finance:template-list": MANAGERS,
    "finance:template-detail": MANAGERS,
    "finance:template-edit": MANAGERS,
    "finance:template-copy": MANAGERS,
    "finance:scenario-add": MANAGERS,
    "finance:parameter-add": MANAGERS,
    "finance:parameter-edit": MANAGERS,
    "finance:line-add": MANAGERS,
    "finance:line-edit": MANAGERS,
    "finance:price-list": MANAGERS,
    "finance:price-add": MANAGERS,
    "finance:price-item-add": MANAGERS,
    "api:finance-cost-comparison": MANAGERS,
}
PUBLIC: frozenset[str] = frozenset()
HOME_LINKS: dict = {
    Role.PENGELOLA: [
        Link(
            "finance:comparison",
            _("Perbandingan biaya SMART vs konvensional"),
            _("Hitung biaya pelatihan, penghematan dan biaya per peserta (Tabel 2)."),
        ),
        Link(
            "finance:template-list",
            _("Templat biaya dan harga satuan"),
            _("Ubah baris biaya, rumus volume dan harga satuan per tahun."),
        ),
    ],
    Role.ADMIN: [
        Link(
            "finance:comparison",
            _("Perbandingan biaya SMART vs konvensional"),
            _("Hitung biaya pelatihan, penghematan dan biaya per peserta (Tabel 2)."),
        ),
    ],
}
