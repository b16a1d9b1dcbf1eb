"""The planning rows of the access policy, tried by every role on every planning route."""

from __future__ import annotations

import pytest
from django.urls import reverse

from bangkom.accounts import policy
from bangkom.accounts.choices import Role
from bangkom.planning.access import HOME_LINKS, ROUTES
from tests.conftest import logged_in_client
from tests.planning.factories_planning import planning_route_samples

pytestmark = pytest.mark.django_db

ROLES = [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA, Role.COACH, Role.PENGELOLA, Role.ADMIN]


def test_every_planning_route_is_in_the_policy():
    assert all(policy.rule_for(name) is rule for name, rule in ROUTES.items())


def test_every_planning_url_has_a_row():
    from django.urls import get_resolver

    resolver = get_resolver()
    planning = next(
        entry for entry in resolver.url_patterns if getattr(entry, "namespace", "") == "planning"
    )
    names = {f"planning:{pattern.name}" for pattern in planning.url_patterns}
    assert names == set(ROUTES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_planning_rows_say(role, personas):
    samples = planning_route_samples(personas)
    client = logged_in_client(personas[role])
    for name, rule in ROUTES.items():
        status = client.get(reverse(name, args=samples.get(name, []))).status_code
        if role in rule.roles:
            # 405: a POST-only action, opened by GET, that the policy let through
            assert status in (200, 302, 405), f"{role} should open {name}, got {status}"
        else:
            expected = 404 if rule.object_route else 403
            assert status == expected, f"{role} on {name}: expected {expected}, got {status}"


@pytest.mark.parametrize("role", [Role.PESERTA, Role.PIMPINAN, Role.PENGELOLA, Role.ADMIN])
def test_home_page_links_to_the_planning_pages(role, personas):
    content = logged_in_client(personas[role]).get(reverse("home")).content.decode()
    for link in HOME_LINKS[role]:
        assert reverse(link.route) in content
