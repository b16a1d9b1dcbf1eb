"""Bearer authentication for the API, enforcing the access policy table per route."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer

from bangkom.accounts import policy
from bangkom.accounts.errors import NotAllowed, Unauthenticated
from bangkom.accounts.models import User
from bangkom.accounts.tokens import user_for_token


class BearerAuth(HttpBearer):
    def __call__(self, request: HttpRequest) -> User:
        user = super().__call__(request)
        if user is None:  # no or malformed Authorization header
            raise Unauthenticated()
        return user

    def authenticate(self, request: HttpRequest, token: str) -> User:
        user = user_for_token(token, now=timezone.now())
        if user is None:
            raise Unauthenticated()
        route = request.resolver_match.view_name if request.resolver_match else ""
        if not policy.is_allowed(user.roles, route):
            raise NotAllowed()
        request.user = user
        return user
