"""The role × route matrix, generated from the one policy table (RELIABILITY.md AC1–AC8).

Every resolvable route must be in the policy table or the public list (AC2); every role is
tried on every route (AC1/AC6); object routes answer 404 to the wrong role (no existence
leak), function routes 403; a pimpinan sees only their own institution (AC4).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from bangkom.accounts import policy
from bangkom.accounts.choices import Role
from bangkom.accounts.models import ImportJob
from tests.accounts.factories import EmployeeFactory
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db


def all_route_names(resolver: URLResolver | None = None, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= all_route_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
        elif isinstance(entry, URLPattern):
            names.add(f"{namespace}<unnamed:{entry.pattern}>")
    return names


def test_every_route_is_in_the_policy_table_or_public():
    unlisted = {
        name
        for name in all_route_names()
        if not policy.is_public(name) and policy.rule_for(name) is None
    }
    assert unlisted == set(), f"routes missing from bangkom/accounts/policy.py: {unlisted}"


def test_unknown_route_is_denied_for_every_role():
    assert not policy.is_allowed(frozenset(Role.values), "accounts:no-such-route")


def catalogue_route_samples(peserta, home_institution) -> dict[str, list]:
    from tests.curriculum.factories import OfferingFactory
    from tests.learning.factories_catalogue import InvitationFactory, PendingEnrollmentFactory

    offering = OfferingFactory()
    pending = PendingEnrollmentFactory(participant=peserta, offering=offering)
    invitation = InvitationFactory(offering=offering, institution=home_institution)
    samples = {
        name: [offering.pk]
        for name in (
            "learning:offering-detail",
            "learning:enroll",
            "learning:offering-participants",
            "learning:offering-participants-xlsx",
            "learning:bulk-enroll",
            "learning:invitations",
            "learning:trial",
        )
    }
    samples.update(
        {
            "learning:enrollment-withdraw": [pending.pk],
            "learning:enrollment-decide": [pending.pk],
            "learning:nominate": [invitation.pk],
        }
    )
    return samples


@pytest.fixture
def html_routes(home_institution, admin_user, personas):
    """Sample URL of every HTML route of the policy table (API routes are tested in test_api).

    Areas provide real objects for their routes; a route with arguments and no sample is
    probed with an unknown id: a refused role must still be refused before the view runs.
    Returns {route name: (url, probed)}.
    """
    from tests.assessments.factories_bank import bank_route_samples
    from tests.curriculum.factories_curriculum import policy_route_samples
    from tests.finance.factories_finance import finance_route_samples
    from tests.learning.factories_work import work_route_samples
    from tests.planning.factories_planning import planning_route_samples

    employee = EmployeeFactory(institution=home_institution)
    job = ImportJob.objects.create(file="imports/x.csv", original_name="x.csv")
    samples = {
        "accounts:user-roles": [admin_user.pk],
        "accounts:employee-detail": [employee.pk],
        "accounts:import-detail": [job.pk],
        "accounts:import-errors-xlsx": [job.pk],
        **policy_route_samples(personas),
        **work_route_samples(
            participant=personas[Role.PESERTA], facilitator=personas[Role.WIDYAISWARA]
        ),
        **catalogue_route_samples(personas[Role.PESERTA], home_institution),
        **planning_route_samples(personas),
        **finance_route_samples(),
        **bank_route_samples(personas),
    }
    urls = {}
    for name in policy.table():
        if name.startswith("api:"):
            continue
        if name == "admin":
            urls[name] = (reverse("admin:index"), False)
        elif name in samples:
            urls[name] = (reverse(name, args=samples[name]), False)
        else:
            urls[name] = _probe(name)
    return urls


def _probe(name: str) -> tuple[str, bool]:
    for arity in range(4):
        try:
            return reverse(name, args=[999_999] * arity), arity > 0
        except NoReverseMatch:
            continue
    raise AssertionError(f"cannot build a URL for {name}")


ROLES = [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA, Role.COACH, Role.PENGELOLA, Role.ADMIN]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_table_says(role, personas, html_routes):
    client = logged_in_client(personas[role])
    for name, (url, probed) in html_routes.items():
        rule = policy.rule_for(name)
        status = client.get(url).status_code
        if role in rule.roles:
            # 405: a POST-only action opened by GET; 404: an unknown id that was only probed
            allowed = (200, 302, 405, 404) if probed else (200, 302, 405)
            assert status in allowed, f"{role} should open {name}, got {status}"
        else:
            expected = 404 if rule.object_route else 403
            assert status == expected, f"{role} on {name}: expected {expected}, got {status}"


def test_anonymous_visitor_is_sent_to_login_from_every_protected_route(html_routes):
    client = Client()
    for name, (url, _probed) in html_routes.items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:login")), name


def test_outsider_role_on_api_me_is_allowed_only_with_a_token(peserta_lain):
    assert Client().get("/api/v1/me").status_code == 401


def test_pimpinan_sees_only_their_own_institution(pimpinan, other_institution):
    own = EmployeeFactory(institution=pimpinan.employee.institution, name="Pegawai Sendiri")
    foreign = EmployeeFactory(institution=other_institution, name="Pegawai Lain")
    client = logged_in_client(pimpinan)

    listing = client.get(reverse("accounts:employee-list")).content.decode()

    assert own.name in listing
    assert foreign.name not in listing
    assert client.get(reverse("accounts:employee-detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("accounts:employee-detail", args=[foreign.pk])).status_code == 404
    # a filter naming the other institution shows nothing of it (AC4)
    filtered = client.get(reverse("accounts:employee-list"), {"instansi": other_institution.pk})
    assert foreign.name not in filtered.content.decode()


def test_state_changes_need_the_csrf_token(admin_user, peserta):
    # AC8: a cross-site form post is refused.
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:user-roles", args=[peserta.pk]), {"role": Role.ADMIN, "action": "grant"}
    )
    assert response.status_code == 403
    assert peserta.roles == {"peserta"}


def test_logout_by_get_changes_nothing(peserta):
    client = logged_in_client(peserta)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_home_page_shows_one_section_per_role_held(role, personas):
    response = logged_in_client(personas[role]).get(reverse("home"))
    sections = [s["role"] for s in response.context["sections"]]
    assert sections == [role]


def test_admin_grants_and_revokes_a_role_and_it_takes_effect_at_once(admin_user, peserta):
    admin = logged_in_client(admin_user)
    participant = logged_in_client(peserta)
    assert participant.get(reverse("accounts:institution-list")).status_code == 403

    admin.post(
        reverse("accounts:user-roles", args=[peserta.pk]),
        {"role": Role.PENGELOLA, "action": "grant"},
    )
    assert participant.get(reverse("accounts:institution-list")).status_code == 200

    admin.post(
        reverse("accounts:user-roles", args=[peserta.pk]),
        {"role": Role.PENGELOLA, "action": "revoke"},
    )
    assert participant.get(reverse("accounts:institution-list")).status_code == 403  # AC7


def test_pimpinan_role_needs_an_institution(admin_user, peserta):
    response = logged_in_client(admin_user).post(
        reverse("accounts:user-roles", args=[peserta.pk]),
        {"role": Role.PIMPINAN, "action": "grant"},
    )
    assert response.status_code == 200
    assert "instansi" in response.content.decode().lower()
    assert not peserta.role_assignments.filter(role=Role.PIMPINAN).exists()


def test_deactivated_account_is_logged_out_on_its_next_request(peserta):
    client = logged_in_client(peserta)
    peserta.is_active = False
    peserta.save()
    response = client.get(reverse("home"))
    assert response.status_code == 302  # AC7: sessions of a deactivated account end
