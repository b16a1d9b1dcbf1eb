"""Access rules of the exam-engine JSON API (see accounts/access_rules.py)."""

from bangkom.accounts.access_rules import AUTHENTICATED, Rule

ROUTES: dict[str, Rule] = {
    # JSON API: object scoping (own enrolment, own attempt) is done by the endpoints.
    "api:enrollment-assessments": AUTHENTICATED,
    "api:assessment-attempts": AUTHENTICATED,
    "api:attempt-answer": AUTHENTICATED,
    "api:attempt-detail": AUTHENTICATED,
    "api:attempt-submit": AUTHENTICATED,
    "api:attempt-events": AUTHENTICATED,
}
HOME_LINKS: dict = {}
