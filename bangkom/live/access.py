"""Access rules of the live context (see accounts/access_rules.py).

Everyone sees the sessions of their own calendar (participants: their offerings';
facilitators and hosts: their own); managers plan sessions for any offering. Object
scoping (enrolled participant, own booking, own slot) is done in ``queries.py``: a user who
may use a route but not that object gets 404. The calendar feed is public: its secret token
is the credential.
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED, AUTHENTICATED_OBJECT, Link, Rule, only
from bangkom.accounts.choices import Role

MANAGERS = (Role.PENGELOLA, Role.ADMIN)
COACHES = (Role.COACH, Role.WIDYAISWARA)

ROUTES: dict[str, Rule] = {
    "live:my-sessions": AUTHENTICATED,
    "live:session-detail": AUTHENTICATED_OBJECT,
    "live:session-join": AUTHENTICATED_OBJECT,
    "live:session-ics": AUTHENTICATED_OBJECT,
    "live:manage-sessions": only(*MANAGERS),
    "live:schedule-check": only(*MANAGERS),
    "live:offering-sessions": only(*MANAGERS, object_route=True),
    "live:session-create": only(*MANAGERS, object_route=True),
    "live:session-edit": only(*MANAGERS, object_route=True),
    "live:session-cancel": only(*MANAGERS, object_route=True),
    "live:session-attendance": only(*MANAGERS, object_route=True),
    "live:session-attendance-xlsx": only(*MANAGERS, object_route=True),
    "live:slot-list": only(Role.PESERTA),
    "live:slot-book": only(Role.PESERTA, object_route=True),
    "live:booking-detail": AUTHENTICATED_OBJECT,
    "live:booking-cancel": AUTHENTICATED_OBJECT,
    "live:booking-notes": only(*COACHES, object_route=True),
    "live:booking-ics": AUTHENTICATED_OBJECT,
    "live:my-slots": only(*COACHES),
    "live:slot-create": only(*COACHES),
    "live:slot-detail": only(*COACHES, object_route=True),
    "live:slot-cancel": only(*COACHES, object_route=True),
    "live:calendar": AUTHENTICATED,
    "live:calendar-regenerate": AUTHENTICATED,
    "live:calendar-revoke": AUTHENTICATED,
    "api:live-sessions": AUTHENTICATED,
}
PUBLIC: frozenset[str] = frozenset({"live:calendar-feed"})

_CALENDAR = Link(
    "live:calendar",
    _("Kalender"),
    _("Alamat kalender pribadi (iCalendar) berisi sesi, coaching, tenggat dan jadwal ujian."),
)
_MANAGER_LINKS = [
    Link(
        "live:manage-sessions",
        _("Sesi langsung"),
        _("Jadwalkan sesi daring per mata pelatihan dengan asisten zona waktu WIB/WITA/WIT."),
    )
]
HOME_LINKS: dict = {
    Role.PESERTA: [
        Link(
            "live:my-sessions",
            _("Sesi & coaching"),
            _("Sesi langsung angkatan Anda, pemesanan coaching dan mentoring."),
        ),
        _CALENDAR,
    ],
    Role.COACH: [
        Link(
            "live:my-slots",
            _("Slot saya"),
            _("Terbitkan slot coaching/mentoring, lihat pemesanan, tulis catatan sesi."),
        ),
        _CALENDAR,
    ],
    Role.PENGELOLA: _MANAGER_LINKS,
    Role.ADMIN: _MANAGER_LINKS,
}
