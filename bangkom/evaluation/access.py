"""Access rules of the evaluation context (see accounts/access_rules.py).

Everyone may open "Survei saya" and the survey pages they are asked to answer (the view
answers 404 to anyone else). Reports: managers see every instrument, a widyaiswara only
those rating themselves (scoped in ``queries.instruments_visible_to``). Violations and
sanctions are managed by pengelola/admin; a participant sees only their own sanctions.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, AUTHENTICATED_OBJECT, Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = (Role.PENGELOLA, Role.ADMIN)
READERS = (Role.WIDYAISWARA, *MANAGERS)

ROUTES: dict[str, Rule] = {
    "evaluation:my-surveys": AUTHENTICATED,
    "evaluation:survey-answer": AUTHENTICATED_OBJECT,
    "evaluation:instrument-list": only(*READERS),
    "evaluation:instrument-report": only(*READERS, object_route=True),
    "evaluation:instrument-export": only(*READERS, object_route=True),
    "evaluation:offering-instruments": only(*MANAGERS, object_route=True),
    "evaluation:impact-results": only(*MANAGERS),
    "evaluation:violation-list": only(*MANAGERS),
    "evaluation:violation-create": only(*MANAGERS),
    "evaluation:violation-detail": only(*MANAGERS, object_route=True),
    "evaluation:sanction-detail": only(*MANAGERS, object_route=True),
    "evaluation:my-sanctions": only(Role.PESERTA),
    "evaluation:my-sanction": only(Role.PESERTA, object_route=True),
}
PUBLIC: frozenset[str] = frozenset()

_MY_SURVEYS = Link(
    "evaluation:my-surveys",
    _("Survei saya"),
    _("Evaluasi program, fasilitator, penyelenggara dan dampak yang menunggu jawaban Anda."),
)
_RESULTS = Link(
    "evaluation:instrument-list",
    _("Hasil survei"),
    _("Rekap jawaban survei (hanya agregat, minimal 5 tanggapan)."),
)
_MANAGER_LINKS = [
    _RESULTS,
    Link(
        "evaluation:impact-results",
        _("Evaluasi dampak"),
        _("Tingkat tanggapan dan hasil survei dampak per program, instansi dan kompetensi."),
    ),
    Link(
        "evaluation:violation-list",
        _("Pelanggaran dan sanksi"),
        _("Catat pelanggaran, putuskan sanksi, tanggapi banding."),
    ),
]

HOME_LINKS = {
    Role.PESERTA: [
        _MY_SURVEYS,
        Link("evaluation:my-sanctions", _("Sanksi saya"), _("Sanksi yang dikenakan dan banding.")),
    ],
    Role.PIMPINAN: [_MY_SURVEYS],
    Role.WIDYAISWARA: [_MY_SURVEYS, _RESULTS],
    Role.PENGELOLA: [_MY_SURVEYS, *_MANAGER_LINKS],
    Role.ADMIN: _MANAGER_LINKS,
}
