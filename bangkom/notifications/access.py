"""Access rules of the notifications context (see accounts/access_rules.py).

Every user has a notification centre; ``open`` is an object route scoped to the user's own
notifications in ``service.open_notification`` (another user's answers 404).
"""

from bangkom.accounts.access_rules import AUTHENTICATED, AUTHENTICATED_OBJECT, Rule

ROUTES: dict[str, Rule] = {
    "notifications:list": AUTHENTICATED,
    "notifications:open": AUTHENTICATED_OBJECT,
    "notifications:mark-all-read": AUTHENTICATED,
    "notifications:preferences": AUTHENTICATED,
    "api:notifications-list": AUTHENTICATED,
    "api:notifications-read-all": AUTHENTICATED,
}
PUBLIC: frozenset[str] = frozenset()
