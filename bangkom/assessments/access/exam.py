"""Access rules of the assessments context's exam pages (see accounts/access_rules.py).

Participant routes are open to every role, as the learning room is, because trial testers
(pengelola, widyaiswara) take the exams of an offering in trial mode too; every one of them
answers 404 unless the enrolment or attempt is the user's own (``monitoring.own_attempt``,
the views' ``_own_enrollment``). Configuration and voiding are for pengelola and admins;
the monitor, results, integrity log and item analysis are also open, read-only, to the
widyaiswara who facilitates the subject of a subject exam (``monitoring.assessment_for_staff``
answers 404 for any other assessment).
"""

from django.utils.translation import gettext_lazy as _

from bangkom.accounts.access_rules import AUTHENTICATED_OBJECT, Link, Rule, only
from bangkom.accounts.choices import Role

_MANAGERS = (Role.PENGELOLA, Role.ADMIN)
_WATCHERS = (*_MANAGERS, Role.WIDYAISWARA)

ROUTES: dict[str, Rule] = {
    # participants: own enrolment / own attempt only
    "assessments:my-exams": AUTHENTICATED_OBJECT,
    "assessments:exam-start": AUTHENTICATED_OBJECT,
    "assessments:exam-page": AUTHENTICATED_OBJECT,
    "assessments:exam-result": AUTHENTICATED_OBJECT,
    # managers: configuration, voiding
    "assessments:exam-overview": only(*_WATCHERS),
    "assessments:offering-assessments": only(*_MANAGERS, object_route=True),
    "assessments:assessment-create": only(*_MANAGERS, object_route=True),
    "assessments:assessment-edit": only(*_MANAGERS, object_route=True),
    "assessments:assessment-publish": only(*_MANAGERS, object_route=True),
    "assessments:attempt-void": only(*_MANAGERS, object_route=True),
    # managers, and facilitators of the subject read-only
    "assessments:assessment-monitor": only(*_WATCHERS, object_route=True),
    "assessments:assessment-results": only(*_WATCHERS, object_route=True),
    "assessments:assessment-results-xlsx": only(*_WATCHERS, object_route=True),
    "assessments:attempt-detail-manager": only(*_WATCHERS, object_route=True),
    "assessments:assessment-analysis": only(*_WATCHERS, object_route=True),
    "assessments:assessment-analysis-xlsx": only(*_WATCHERS, object_route=True),
}

_OVERVIEW = Link(
    "assessments:exam-overview",
    _("Ujian dan hasil"),
    _("Pengaturan ujian, pantauan sesi CAT, hasil, log integritas, analisis butir soal."),
)
_FACILITATOR_OVERVIEW = Link(
    "assessments:exam-overview",
    _("Ujian mata pelatihan saya"),
    _("Pantauan, hasil dan analisis butir ujian mata pelatihan yang Anda ampu."),
)

HOME_LINKS: dict = {
    Role.PENGELOLA: [_OVERVIEW],
    Role.ADMIN: [_OVERVIEW],
    Role.WIDYAISWARA: [_FACILITATOR_OVERVIEW],
}
