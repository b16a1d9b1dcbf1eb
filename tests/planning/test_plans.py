"""Program plans: approval workflow, separation of duties, permissions, the offering."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from bangkom.accounts.choices import Role
from bangkom.curriculum.models import CommitteeMember, Offering
from bangkom.planning.choices import STANDARD_PREPARATION, PlanStatus
from bangkom.planning.errors import PlanningConflict, PlanningForbidden, PlanningInvalid
from bangkom.planning.models import PlanComment, ProgramPlan
from bangkom.planning.plans import (
    PlanData,
    add_committee_member,
    create_offering_from_plan,
    create_plan,
    transition_plan,
    update_plan,
)
from bangkom.planning.preparation import checklist, open_items, set_item_done
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import ProgramFactory, SubjectFactory
from tests.planning.factories_planning import PlanFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


@pytest.fixture
def pengelola_lain(home_institution):
    return UserFactory(institution=home_institution, roles=[Role.PENGELOLA])


@pytest.fixture
def plan(pengelola):
    return PlanFactory(created_by=pengelola)


def _submitted(plan, by):
    return transition_plan(plan, "submit", by=by, now=NOW)


def test_new_plan_starts_as_draft_with_the_persiapan_checklist(pengelola):
    program = ProgramFactory()
    data = PlanData(
        title="Rencana Sekwan 2027",
        program=program,
        year=2027,
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 3, 10),
    )
    plan = create_plan(data, by=pengelola, now=NOW)
    assert plan.status == PlanStatus.DRAFT
    kinds = list(plan.preparation_items.order_by("id").values_list("kind", flat=True))
    assert kinds == list(STANDARD_PREPARATION)
    curriculum = plan.preparation_items.get(kind="curriculum")
    assert curriculum.due_on == date(2027, 3, 1) - timedelta(days=42)


def test_submit_needs_objectives_and_targets(pengelola):
    plan = PlanFactory(created_by=pengelola, objectives="", target_jp=None)
    with pytest.raises(PlanningInvalid) as refused:
        _submitted(plan, pengelola)
    assert refused.value.code == "plan_incomplete"
    assert "tujuan" in str(refused.value)
    assert "JP" in str(refused.value)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_submit_then_approve_by_another_pengelola(plan, pengelola, pengelola_lain):
    _submitted(plan, pengelola)
    transition_plan(plan, "approve", by=pengelola_lain, now=NOW, comment="Setuju.")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert (plan.submitted_by, plan.decided_by) == (pengelola, pengelola_lain)
    history = list(plan.comments.values_list("from_status", "to_status", "body"))
    assert history == [("draft", "submitted", ""), ("submitted", "approved", "Setuju.")]


def test_submitter_cannot_approve_their_own_plan(plan, pengelola):
    _submitted(plan, pengelola)
    with pytest.raises(PlanningForbidden) as refused:
        transition_plan(plan, "approve", by=pengelola, now=NOW)
    assert refused.value.code == "separation_of_duties"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_admin_without_pengelola_role_cannot_approve(plan, pengelola, admin_user):
    _submitted(plan, pengelola)
    with pytest.raises(PlanningForbidden):
        transition_plan(plan, "approve", by=admin_user, now=NOW)


@pytest.mark.parametrize("role", [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA])
def test_other_roles_cannot_approve_in_the_domain(role, plan, pengelola, home_institution):
    _submitted(plan, pengelola)
    outsider = UserFactory(institution=home_institution, roles=[role])
    with pytest.raises(PlanningForbidden):
        transition_plan(plan, "approve", by=outsider, now=NOW)


def test_return_needs_a_comment_and_the_plan_can_be_fixed_and_resubmitted(
    plan, pengelola, pengelola_lain
):
    _submitted(plan, pengelola)
    with pytest.raises(PlanningInvalid) as refused:
        transition_plan(plan, "return", by=pengelola_lain, now=NOW, comment="  ")
    assert refused.value.code == "comment_required"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED

    transition_plan(plan, "return", by=pengelola_lain, now=NOW, comment="Anggaran terlalu besar.")
    assert plan.status == PlanStatus.RETURNED
    data = PlanData(
        title=plan.title,
        program=plan.program,
        year=plan.year,
        objectives=plan.objectives,
        target_participants=80,
        target_pass_rate=85,
        target_jp=plan.target_jp,
    )
    update_plan(plan, data, by=pengelola)
    _submitted(plan, pengelola)
    plan.refresh_from_db()
    assert (plan.status, plan.target_participants) == (PlanStatus.SUBMITTED, 80)
    assert PlanComment.objects.filter(plan=plan, to_status="returned").get().body == (
        "Anggaran terlalu besar."
    )


def test_submitted_plan_cannot_be_edited(plan, pengelola):
    _submitted(plan, pengelola)
    data = PlanData(title="Diubah", program=plan.program, year=plan.year)
    with pytest.raises(PlanningConflict):
        update_plan(plan, data, by=pengelola)
    plan.refresh_from_db()
    assert plan.title != "Diubah"


def test_stale_status_changes_nothing(plan, pengelola, pengelola_lain):
    stale = ProgramPlan.objects.get(pk=plan.pk)
    _submitted(plan, pengelola)
    transition_plan(plan, "approve", by=pengelola_lain, now=NOW)
    with pytest.raises(PlanningConflict):
        _submitted(stale, pengelola)  # the page still showed "draft"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    assert plan.comments.count() == 2


def test_approve_button_posts_through_the_page(plan, pengelola, pengelola_lain):
    _submitted(plan, pengelola)
    client = logged_in_client(pengelola_lain)
    page = client.get(reverse("planning:plan-detail", args=[plan.pk]))
    assert page.context["actions"] == ["approve", "return"]
    response = client.post(
        reverse("planning:plan-transition", args=[plan.pk]),
        {"action": "approve", "from": "submitted", "comment": ""},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED


def test_submitter_sees_no_decision_buttons_and_a_forged_post_changes_nothing(plan, pengelola):
    _submitted(plan, pengelola)
    client = logged_in_client(pengelola)
    page = client.get(reverse("planning:plan-detail", args=[plan.pk]))
    assert page.context["actions"] == []
    client.post(
        reverse("planning:plan-transition", args=[plan.pk]),
        {"action": "approve", "from": "submitted"},
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


@pytest.mark.parametrize("role", [Role.PESERTA, Role.PIMPINAN])
def test_peserta_and_pimpinan_get_403_on_approval(role, personas, plan, pengelola):
    _submitted(plan, pengelola)
    client = logged_in_client(personas[role])
    response = client.post(
        reverse("planning:plan-transition", args=[plan.pk]),
        {"action": "approve", "from": "submitted"},
    )
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


# --- offering -------------------------------------------------------------------------------


@pytest.fixture
def approved(plan, pengelola, pengelola_lain):
    SubjectFactory(program=plan.program)
    _submitted(plan, pengelola)
    transition_plan(plan, "approve", by=pengelola_lain, now=NOW)
    return plan


def test_approved_plan_creates_exactly_one_offering(approved, pengelola):
    offering = create_offering_from_plan(
        approved, code="SEKWAN-2027-1", name="Angkatan I", by=pengelola, now=NOW
    )
    approved.refresh_from_db()
    assert approved.offering == offering
    assert offering.program == approved.program
    assert offering.starts_at.date() == date(2027, 3, 1)
    assert offering.enrollment_opens_at == offering.starts_at - timedelta(days=14)
    with pytest.raises(PlanningConflict) as refused:
        create_offering_from_plan(
            approved, code="SEKWAN-2027-2", name="Angkatan II", by=pengelola, now=NOW
        )
    assert refused.value.code == "offering_exists"
    assert Offering.objects.count() == 1


def test_stale_plan_object_cannot_create_a_second_offering(approved, pengelola):
    stale = ProgramPlan.objects.get(pk=approved.pk)
    create_offering_from_plan(approved, code="A-1", name="Angkatan I", by=pengelola, now=NOW)
    with pytest.raises(PlanningConflict):
        create_offering_from_plan(stale, code="A-2", name="Angkatan II", by=pengelola, now=NOW)
    assert Offering.objects.count() == 1


def test_draft_plan_creates_no_offering(plan, pengelola):
    with pytest.raises(PlanningConflict) as refused:
        create_offering_from_plan(plan, code="X-1", name="Angkatan", by=pengelola, now=NOW)
    assert refused.value.code == "plan_not_approved"
    assert not Offering.objects.exists()


def test_committee_joins_the_offering(approved, pengelola, pengelola_lain):
    add_committee_member(approved, user=pengelola_lain, task="Ketua panitia", by=pengelola)
    offering = create_offering_from_plan(
        approved, code="A-1", name="Angkatan I", by=pengelola, now=NOW
    )
    assert list(
        CommitteeMember.objects.filter(offering=offering).values_list("task", flat=True)
    ) == ["Ketua panitia"]


def test_offering_page_creates_the_offering_once(approved, pengelola):
    client = logged_in_client(pengelola)
    url = reverse("planning:plan-offering", args=[approved.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"code": "A-1", "name": "Angkatan I"})
    client.post(url, {"code": "A-2", "name": "Angkatan II"})
    assert list(Offering.objects.values_list("code", flat=True)) == ["A-1"]


def test_committee_member_must_be_pengelola(plan, pengelola, peserta):
    with pytest.raises(PlanningInvalid):
        add_committee_member(plan, user=peserta, task="Operator", by=pengelola)


# --- checklist ------------------------------------------------------------------------------


def test_open_items_and_overdue_flags(pengelola):
    plan = create_plan(
        PlanData(
            title="R",
            program=ProgramFactory(),
            year=2027,
            starts_on=date(2027, 3, 1),
            ends_on=date(2027, 3, 10),
        ),
        by=pengelola,
        now=NOW,
    )
    first = plan.preparation_items.get(kind="curriculum")
    set_item_done(first, done=True, by=pengelola, now=NOW)
    assert first not in open_items(plan)
    items, summary = checklist(plan, today=date(2027, 2, 20))
    assert summary.total == len(STANDARD_PREPARATION)
    assert summary.done == 1
    # due 14 days or more before 1 March are past on 20 February; 7 and 10 days are not
    overdue = {item.kind for item in items if item.is_overdue}
    assert "placement_questions" in overdue
    assert "facilities_internet" not in overdue
    assert "curriculum" not in overdue  # done
    assert items[-1].kind == "curriculum"  # done items last


def test_checklist_item_update_through_the_page(pengelola, plan):
    from bangkom.planning.models import PreparationItem

    item = PreparationItem.objects.create(plan=plan, kind="other", title="Backdrop studio")
    client = logged_in_client(pengelola)
    response = client.post(
        reverse("planning:plan-item-update", args=[item.pk]),
        {
            f"item{item.pk}-owner": pengelola.pk,
            f"item{item.pk}-due_on": "2027-02-01",
            f"item{item.pk}-done": "on",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.owner, item.due_on, item.is_done) == (pengelola, date(2027, 2, 1), True)
