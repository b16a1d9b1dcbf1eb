"""API authentication: a Bearer token (scripts, load tests) or the browser's session (the
exam page), both enforcing the access policy table per route."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from bangkom.accounts import policy
from bangkom.accounts.errors import NotAllowed, Unauthenticated
from bangkom.accounts.models import User
from bangkom.accounts.tokens import user_for_token


def enforce_policy(request: HttpRequest, user: User) -> User:
    route = request.resolver_match.view_name if request.resolver_match else ""
    if not policy.is_allowed(user.roles, route):
        raise NotAllowed()
    request.user = user
    return user


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>``; a present but bad token is refused outright."""

    def __call__(self, request: HttpRequest) -> User | None:
        header = request.headers.get("Authorization")
        if not header:
            return None  # let the session authenticator try
        user = super().__call__(request)
        if user is None:  # a malformed Authorization header
            raise Unauthenticated()
        return user

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token, now=timezone.now())
        if user is None:
            raise Unauthenticated()
        return enforce_policy(request, user)


class SessionPolicyAuth(SessionAuth):
    """The logged-in browser session (CSRF-checked for unsafe methods)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        return enforce_policy(request, user) if user is not None else None
