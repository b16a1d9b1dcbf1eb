"""TNA answers: a pimpinan for their own institution only, an employee for their own gap."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from bangkom.accounts.choices import Role
from bangkom.planning.choices import RespondentKind
from bangkom.planning.errors import PlanningNotFound
from bangkom.planning.models import NeedAnswer
from bangkom.planning.needs import answer_need, build_needs_analysis
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
YES = {"needed": "1", "beneficial": "1", "harmful_if_absent": "0", "comment": "Perlu segera."}


@pytest.fixture
def analysis(world, pengelola):
    return build_needs_analysis(world.institution, 2027, by=pengelola, now=NOW)


@pytest.fixture
def top(analysis):
    return analysis.candidates.get(rank=1)  # X-Komunikasi: e1 and e2


def _answer(candidate, user, respondent):
    return answer_need(
        candidate,
        by=user,
        respondent=respondent,
        needed=True,
        beneficial=True,
        harmful_if_absent=False,
        now=NOW,
    )


def test_pimpinan_answers_for_their_own_institution(top, world_pimpinan):
    answer = _answer(top, world_pimpinan, RespondentKind.SUPERVISOR)
    assert (answer.respondent, answer.employee_id, answer.needed) == ("supervisor", None, True)


def test_answering_again_replaces_the_answer(top, world_pimpinan):
    _answer(top, world_pimpinan, RespondentKind.SUPERVISOR)
    answer_need(
        top,
        by=world_pimpinan,
        respondent=RespondentKind.SUPERVISOR,
        needed=False,
        beneficial=False,
        harmful_if_absent=False,
        now=NOW,
    )
    assert NeedAnswer.objects.get().needed is False


def test_pimpinan_of_another_institution_is_refused(top, pimpinan_lain):
    with pytest.raises(PlanningNotFound):
        _answer(top, pimpinan_lain, RespondentKind.SUPERVISOR)
    assert not NeedAnswer.objects.exists()


def test_pengelola_cannot_answer_as_supervisor(top, pengelola):
    with pytest.raises(PlanningNotFound):
        _answer(top, pengelola, RespondentKind.SUPERVISOR)


def test_employee_answers_only_for_a_candidate_covering_their_own_gap(world, analysis):
    e1_user = UserFactory(employee=world.e1, roles=[Role.PESERTA])
    e3_user = UserFactory(employee=world.e3, roles=[Role.PESERTA])
    y_kom = analysis.candidates.get(program=world.y, competency=world.a)  # covers e2 only

    answer = _answer(analysis.candidates.get(rank=1), e1_user, RespondentKind.EMPLOYEE)
    assert answer.employee_id == world.e1.pk

    with pytest.raises(PlanningNotFound):
        _answer(y_kom, e1_user, RespondentKind.EMPLOYEE)
    with pytest.raises(PlanningNotFound):  # e3 meets the standard: no gap, no answer
        _answer(analysis.candidates.get(rank=1), e3_user, RespondentKind.EMPLOYEE)
    assert NeedAnswer.objects.count() == 1


def test_supervisor_answer_page_of_another_institution_is_404(top, pimpinan_lain):
    client = logged_in_client(pimpinan_lain)
    url = reverse("planning:supervisor-answer", args=[top.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, YES).status_code == 404
    assert not NeedAnswer.objects.exists()


def test_supervisor_answers_through_the_page(top, world_pimpinan):
    client = logged_in_client(world_pimpinan)
    listing = client.get(reverse("planning:supervisor-needs"))
    assert "Program X" in listing.content.decode()

    response = client.post(reverse("planning:supervisor-answer", args=[top.pk]), YES)

    assert response.status_code == 302
    answer = NeedAnswer.objects.get()
    assert (answer.needed, answer.beneficial, answer.harmful_if_absent) == (True, True, False)
    assert answer.comment == "Perlu segera."


def test_answer_without_choosing_is_a_form_error(top, world_pimpinan):
    client = logged_in_client(world_pimpinan)
    response = client.post(reverse("planning:supervisor-answer", args=[top.pk]), {"needed": "1"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NeedAnswer.objects.exists()


def test_my_needs_lists_only_my_candidates_and_refuses_others(world, analysis):
    e2_user = UserFactory(employee=world.e2, roles=[Role.PESERTA])
    client = logged_in_client(e2_user)
    page = client.get(reverse("planning:my-needs"))
    rows = page.context["rows"]
    assert sorted(r["candidate"].program.code for r in rows) == ["PRG-X", "PRG-Y"]
    assert "1 / 3" in page.content.decode()  # e2's level / standard on Komunikasi

    x_oph = analysis.candidates.get(program=world.x, competency=world.b)  # e1's gap, not e2's
    assert client.get(reverse("planning:my-answer", args=[x_oph.pk])).status_code == 404
    response = client.post(reverse("planning:my-answer", args=[rows[0]["candidate"].pk]), YES)
    assert response.status_code == 302
    assert NeedAnswer.objects.get().respondent == RespondentKind.EMPLOYEE


@pytest.mark.parametrize("route", ["planning:supervisor-needs", "planning:my-needs"])
def test_managers_do_not_answer_tna_pages(route, pengelola):
    assert logged_in_client(pengelola).get(reverse(route)).status_code == 403
