"""What each role's home page offers: sections of links, filtered by the access policy.

Only links to pages that exist and that the user may open are shown; later issues add
their sections here.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bangkom.accounts import policy
from bangkom.accounts.access_rules import Link
from bangkom.accounts.choices import Role
from bangkom.accounts.models import User

SECTIONS: tuple[tuple[str, str | Promise, tuple[Link, ...]], ...] = (
    (
        Role.PESERTA,
        _("Peserta"),
        (Link("accounts:profile", _("Profil saya"), _("Data pegawai, zona waktu, kata sandi.")),),
    ),
    (
        Role.PIMPINAN,
        _("Pimpinan instansi"),
        (
            Link(
                "accounts:employee-list",
                _("Pegawai instansi saya"),
                _("Data induk pegawai instansi yang Anda pimpin."),
            ),
        ),
    ),
    (
        Role.WIDYAISWARA,
        _("Widyaiswara / narasumber"),
        (Link("accounts:profile", _("Profil saya"), _("Data pegawai dan kontak.")),),
    ),
    (
        Role.COACH,
        _("Coach / mentor"),
        (Link("accounts:profile", _("Profil saya"), _("Data pegawai dan kontak.")),),
    ),
    (
        Role.PENGELOLA,
        _("Pengelola program"),
        (
            Link("accounts:employee-list", _("Data induk pegawai"), _("Cari pegawai per NIP.")),
            Link("accounts:institution-list", _("Instansi"), _("Instansi dan zona waktunya.")),
        ),
    ),
    (
        Role.ADMIN,
        _("Admin"),
        (
            Link("accounts:user-list", _("Pengguna dan peran"), _("Beri atau cabut peran.")),
            Link("accounts:employee-list", _("Data induk pegawai"), _("Daftar dan pencarian.")),
            Link(
                "accounts:import-start",
                _("Impor data pegawai"),
                _("Unggah CSV/XLSX; semua baris diperiksa dulu, lalu disimpan sekaligus."),
            ),
            Link("accounts:institution-list", _("Instansi"), _("Instansi, unit, zona waktu.")),
            Link("admin:index", _("Admin Django"), _("Pengelolaan data tingkat rendah.")),
        ),
    ),
)


def _app_links(role: str) -> list[Link]:
    """Links that other apps add to a role's home page (``HOME_LINKS`` in their access.py)."""
    links: list[Link] = []
    for module in policy.app_access_modules():
        links.extend(getattr(module, "HOME_LINKS", {}).get(role, ()))
    return links


def home_sections(user: User) -> list[dict]:
    """The sections of the user's home page, one per role held, with allowed links only."""
    sections = []
    for role, title, own_links in SECTIONS:
        if not user.has_role(role):
            continue
        links = [*_app_links(role), *own_links]
        allowed = [
            {"url": reverse(link.route), "title": link.title, "description": link.description}
            for link in links
            if policy.is_allowed(user.roles, link.route)
        ]
        sections.append({"role": role, "title": title, "links": allowed})
    return sections
