"""Access rules of the learning context's study area (see accounts/access_rules.py).

The learning-room routes are open to every role because a trial tester (a pengelola or
widyaiswara) studies too; each view answers 404 unless the enrolment is the user's own.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, AUTHENTICATED_OBJECT, Link, Rule, only
from bangkom.accounts.choices import Role

_MANAGERS = (Role.PENGELOLA, Role.ADMIN)
_AUTHORS = (Role.WIDYAISWARA, *_MANAGERS)

ROUTES: dict[str, Rule] = {
    "learning:study": AUTHENTICATED_OBJECT,
    "learning:rules": AUTHENTICATED_OBJECT,
    "learning:rules-acknowledge": AUTHENTICATED_OBJECT,
    "learning:check-in": AUTHENTICATED_OBJECT,
    "learning:subject": AUTHENTICATED_OBJECT,
    "learning:material": AUTHENTICATED_OBJECT,
    "learning:video-progress": AUTHENTICATED_OBJECT,
    "learning:material-watched": AUTHENTICATED_OBJECT,
    "learning:offering-room": AUTHENTICATED_OBJECT,
    "learning:material-file": AUTHENTICATED_OBJECT,
    "learning:manage-subjects": only(*_AUTHORS),
    "learning:manage-materials": only(*_AUTHORS, object_route=True),
    "learning:material-edit": only(*_AUTHORS, object_route=True),
    "learning:material-delete": only(*_AUTHORS, object_route=True),
    "learning:manage-orientation": only(*_MANAGERS, object_route=True),
    "learning:manage-library": only(*_AUTHORS),
    "learning:library": AUTHENTICATED,
    "learning:library-item": AUTHENTICATED_OBJECT,
    "learning:offering-attendance": only(*_MANAGERS, object_route=True),
    "learning:offering-attendance-xlsx": only(*_MANAGERS, object_route=True),
    "learning:announcements": only(*_MANAGERS, object_route=True),
    "learning:offering-readiness": only(*_MANAGERS, object_route=True),
}
PUBLIC: frozenset[str] = frozenset()

_LIBRARY = Link(
    "learning:library",
    _("Perpustakaan materi (KMS)"),
    _("Cari modul, video dan bacaan dari semua program."),
)
_SUBJECT_MATERIALS = Link(
    "learning:manage-subjects",
    _("Materi mata pelatihan"),
    _("Unggah video, modul, salindia dan bacaan; cek kecukupan video."),
)
_LIBRARY_MATERIALS = Link(
    "learning:manage-library",
    _("Materi perpustakaan"),
    _("Terbitkan materi ke perpustakaan tanpa angkatan."),
)

HOME_LINKS: dict = {
    Role.PESERTA: [_LIBRARY],
    Role.PIMPINAN: [_LIBRARY],
    Role.WIDYAISWARA: [_SUBJECT_MATERIALS, _LIBRARY_MATERIALS, _LIBRARY],
    Role.COACH: [_LIBRARY],
    Role.PENGELOLA: [_SUBJECT_MATERIALS, _LIBRARY_MATERIALS, _LIBRARY],
    Role.ADMIN: [_SUBJECT_MATERIALS, _LIBRARY_MATERIALS, _LIBRARY],
}
