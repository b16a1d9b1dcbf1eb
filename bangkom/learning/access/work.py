"""Access rules of the learning context's work area (see accounts/access_rules.py).

Every route takes an object id, so a refusal is a 404 (no existence leak); which object a
permitted role may open is decided by the scoped queries in ``learning/assignments.py`` and
``learning/forum.py`` (own enrolment, facilitator's own subjects, managers everything).
"""

from bangkom.accounts.access_rules import Rule, only
from bangkom.accounts.choices import Role

PARTICIPANT = only(Role.PESERTA, object_route=True)
STAFF = only(Role.WIDYAISWARA, Role.PENGELOLA, Role.ADMIN, object_route=True)
EVERYONE_IN_CLASS = only(
    Role.PESERTA, Role.WIDYAISWARA, Role.PENGELOLA, Role.ADMIN, object_route=True
)

ROUTES: dict[str, Rule] = {
    "learning:assignments": PARTICIPANT,
    "learning:assignment-submit": PARTICIPANT,
    "learning:assignment-manage": STAFF,
    "learning:assignment-edit": STAFF,
    "learning:grading": STAFF,
    "learning:grading-xlsx": STAFF,
    "learning:submission-grade": STAFF,
    "learning:submission-file": EVERYONE_IN_CLASS,
    "learning:forum": EVERYONE_IN_CLASS,
    "learning:thread": EVERYONE_IN_CLASS,
}
PUBLIC: frozenset[str] = frozenset()
HOME_LINKS: dict = {}
