"""Enforces the access policy table on every HTML route (RELIABILITY.md control 5).

The API namespace is left to the API's bearer authentication, which reads the same table.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from bangkom.accounts import policy


class AccessPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable, view_args: tuple, view_kwargs: dict
    ) -> HttpResponse | None:
        match = request.resolver_match
        route = match.view_name if match else ""
        if route.startswith("api:") or policy.is_public(route):
            return None
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        rule = policy.rule_for(route)
        if rule is None or not (rule.roles & request.user.roles):
            if rule is not None and rule.object_route:
                raise Http404
            raise PermissionDenied
        return None
