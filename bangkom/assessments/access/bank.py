"""Access rules of the assessments context's bank pages (see accounts/access_rules.py).

The item bank holds answer keys: only the people who write and review items may open any
of its pages or exports (RELIABILITY.md K8) — widyaiswara, pengelola and admin. Peserta,
coaches and pimpinan are refused everywhere (404 on object routes, 403 otherwise). Which
bank a widyaiswara may open is decided per object by ``assessments.permissions`` (the
banks of their own subjects and programs; 404 for any other).
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import Link, Rule, only
from bangkom.accounts.choices import Role

_AUTHORS = (Role.WIDYAISWARA, Role.PENGELOLA, Role.ADMIN)

ROUTES: dict[str, Rule] = {
    "assessments:bank-list": only(*_AUTHORS),
    "assessments:bank-create": only(*_AUTHORS),
    "assessments:bank-template-xlsx": only(*_AUTHORS),
    "assessments:bank-detail": only(*_AUTHORS, object_route=True),
    "assessments:item-create": only(*_AUTHORS, object_route=True),
    "assessments:bank-import": only(*_AUTHORS, object_route=True),
    "assessments:bank-export-gift": only(*_AUTHORS, object_route=True),
    "assessments:bank-export-xlsx": only(*_AUTHORS, object_route=True),
    "assessments:item-detail": only(*_AUTHORS, object_route=True),
    "assessments:item-edit": only(*_AUTHORS, object_route=True),
    "assessments:item-review": only(*_AUTHORS, object_route=True),
    "assessments:item-status": only(*_AUTHORS, object_route=True),
}

_BANK_LINK = Link(
    "assessments:bank-list",
    _("Bank soal"),
    _("Tulis, telaah, impor dan ekspor butir soal ujian (GIFT, Aiken, XLSX)."),
)

HOME_LINKS: dict = {
    Role.WIDYAISWARA: [_BANK_LINK],
    Role.PENGELOLA: [_BANK_LINK],
}
