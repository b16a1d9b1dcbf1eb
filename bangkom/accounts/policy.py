"""The access policy: one declarative table of which roles may use which route.

Deny by default (RELIABILITY.md control 5): a route that is neither in ``POLICY`` nor in
``PUBLIC_ROUTES`` is refused, and `tests/accounts/test_policy.py` fails on it (AC2).
The HTML middleware and the API authentication both read this table; object-level scoping
(own records, own institution) is done by the query functions of each app.

Later issues extend the table with their routes.
"""

from __future__ import annotations

from dataclasses import dataclass

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

# Routes anyone may open, logged in or not.
PUBLIC_ROUTES: frozenset[str] = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:register",
        "accounts:register-done",
        "accounts:activate",
        "accounts:password-reset",
        "accounts:password-reset-done",
        "accounts:password-reset-confirm",
        "accounts:password-reset-complete",
        "set_language",
        "api:auth-token",
        "api:api-root",
        "api:openapi-json",
        "api:openapi-view",
    }
)

POLICY: dict[str, Rule] = {
    "home": AUTHENTICATED,
    "accounts:profile": AUTHENTICATED,
    "accounts:password-change": AUTHENTICATED,
    "accounts:password-change-done": AUTHENTICATED,
    # Admin: users, roles, institutions and the registry.
    "accounts:user-list": only(Role.ADMIN),
    "accounts:user-roles": only(Role.ADMIN, object_route=True),
    "accounts:institution-list": only(Role.ADMIN, Role.PENGELOLA),
    "accounts:employee-list": only(Role.ADMIN, Role.PENGELOLA, Role.PIMPINAN),
    "accounts:employee-detail": only(Role.ADMIN, Role.PENGELOLA, Role.PIMPINAN, object_route=True),
    "accounts:import-start": only(Role.ADMIN),
    "accounts:import-detail": only(Role.ADMIN, object_route=True),
    "accounts:import-errors-xlsx": only(Role.ADMIN, object_route=True),
    "accounts:import-template": only(Role.ADMIN),
    # Django's admin site, for admins only (RELIABILITY.md AC10).
    "admin": only(Role.ADMIN),
    # JSON API (bearer token).
    "api:me": AUTHENTICATED,
}


def rule_for(route_name: str) -> Rule | None:
    """Return the rule of a route; every ``admin:*`` route shares the ``admin`` rule."""
    if route_name.startswith("admin:"):
        return POLICY["admin"]
    return POLICY.get(route_name)


def is_public(route_name: str) -> bool:
    return route_name in PUBLIC_ROUTES


def is_allowed(roles: frozenset[str], route_name: str) -> bool:
    """True when a user holding ``roles`` may use the route; unknown routes are denied."""
    rule = rule_for(route_name)
    return rule is not None and bool(rule.roles & roles)
