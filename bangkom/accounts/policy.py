"""The access policy: one declarative table of which roles may use which route.

Deny by default (RELIABILITY.md control 5): a route that is neither in the table nor in the
public list is refused, and `tests/accounts/test_policy.py` fails on it (AC2). The HTML
middleware and the API authentication both read this table; object-level scoping (own
records, own institution) is done by the query functions of each app.

The accounts routes are below; every other app declares its rows in its ``access.py``
(see ``access_rules.py``), merged here on first use.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.apps import apps

from bangkom.accounts.access_rules import AUTHENTICATED, Rule, only
from bangkom.accounts.choices import Role

ACCOUNTS_PUBLIC: frozenset[str] = frozenset(
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
        # present only with BANGKOM_BENCH_ENDPOINTS=1 (bench/exam_load.py)
        "api:bench-hello",
        "api:bench-upsert",
    }
)

ACCOUNTS_ROUTES: dict[str, Rule] = {
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


@cache
def app_access_modules() -> tuple[object, ...]:
    modules = []
    for config in apps.get_app_configs():
        if config.name.startswith("bangkom.") and config.name != "bangkom.accounts":
            try:
                modules.append(import_module(f"{config.name}.access"))
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.access":
                    raise
    return tuple(modules)


@cache
def table() -> dict[str, Rule]:
    """The merged policy table: accounts' routes plus every app's ``access.ROUTES``."""
    merged = dict(ACCOUNTS_ROUTES)
    for module in app_access_modules():
        for name, rule in getattr(module, "ROUTES", {}).items():
            if name in merged:
                raise RuntimeError(f"route {name} is declared twice in the access policy")
            merged[name] = rule
    return merged


@cache
def public_routes() -> frozenset[str]:
    names = set(ACCOUNTS_PUBLIC)
    for module in app_access_modules():
        names |= set(getattr(module, "PUBLIC", ()))
    return frozenset(names)


def rule_for(route_name: str) -> Rule | None:
    """Return the rule of a route; every ``admin:*`` route shares the ``admin`` rule."""
    if route_name.startswith("admin:"):
        return table()["admin"]
    return table().get(route_name)


def is_public(route_name: str) -> bool:
    return route_name in public_routes()


def is_allowed(roles: frozenset[str], route_name: str) -> bool:
    """True when a user holding ``roles`` may use the route; unknown routes are denied."""
    rule = rule_for(route_name)
    return rule is not None and bool(rule.roles & roles)
