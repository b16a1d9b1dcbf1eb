"""The vocabulary of access rules, shared by every app's ``access.py``.

Each app declares its routes in ``bangkom/<app>/access.py`` as ``ROUTES`` (route name →
Rule), optionally ``PUBLIC`` (route names anyone may open) and ``HOME_LINKS`` (role →
links for that role's home page). ``bangkom/accounts/policy.py`` merges them into the one
table that the middleware, the API and the tests read.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise

from bangkom.accounts.choices import Role

ANY_ROLE = frozenset(Role.values)


@dataclass(frozen=True)
class Rule:
    """Who may use a route. ``object_route``: a refusal answers 404 so existence stays private."""

    roles: frozenset[str]
    object_route: bool = False


def only(*roles: str, object_route: bool = False) -> Rule:
    return Rule(frozenset(roles), object_route)


AUTHENTICATED = Rule(ANY_ROLE)
AUTHENTICATED_OBJECT = Rule(ANY_ROLE, object_route=True)


@dataclass(frozen=True)
class Link:
    """A link on a role's home page: only shown when the policy lets the user open it."""

    route: str
    title: str | Promise
    description: str | Promise
