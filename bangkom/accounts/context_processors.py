"""Template context: the viewer's roles, so templates can show what a role may open."""

from __future__ import annotations

from django.http import HttpRequest

from bangkom.accounts import policy


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset(), "can_open": {}}
    user_roles = user.roles
    # can_open.<route with : and - replaced by _>: True when the policy lets the user open it
    can_open = {
        name.replace(":", "_").replace("-", "_"): policy.is_allowed(user_roles, name)
        for name in policy.table()
    }
    return {"user_roles": user_roles, "can_open": can_open}
