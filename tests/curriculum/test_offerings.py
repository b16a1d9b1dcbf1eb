"""Offerings: schedule validation, capacity, status transitions, committee."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bangkom.accounts.choices import Role
from bangkom.common.errors import DomainError
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.errors import CurriculumErrorCode
from bangkom.curriculum.models import CommitteeMember, Offering
from bangkom.curriculum.offerings import (
    OfferingData,
    add_committee_member,
    change_offering_status,
    create_offering,
    has_room,
    in_zone,
    update_offering,
)
from bangkom.learning.models import Enrollment
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.curriculum.factories import OfferingFactory, ProgramFactory, SubjectFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)


def offering_data(**overrides: object) -> OfferingData:
    values = {
        "code": "SEKWAN-2026-1",
        "name": "Angkatan I 2026",
        "enrollment_opens_at": NOW,
        "enrollment_closes_at": NOW + timedelta(days=7),
        "starts_at": NOW + timedelta(days=8),
        "ends_at": NOW + timedelta(days=18),
    }
    values.update(overrides)
    return OfferingData(**values)


def test_new_offering_is_a_draft_without_cap_by_default(pengelola):
    offering = create_offering(ProgramFactory(), offering_data(), by=pengelola)

    offering.refresh_from_db()
    assert offering.status == OfferingStatus.DRAFT
    assert offering.capacity is None
    assert offering.created_by == pengelola


def test_capacity_none_means_no_cap():
    offering = OfferingFactory(capacity=None)
    assert has_room(offering, taken=0)
    assert has_room(offering, taken=1_000_000)


def test_a_set_capacity_is_a_cap():
    offering = OfferingFactory(capacity=30)
    assert has_room(offering, taken=29)
    assert not has_room(offering, taken=30)


def test_capacity_zero_is_refused(pengelola):
    with pytest.raises(DomainError) as refused:
        create_offering(ProgramFactory(), offering_data(capacity=0), by=pengelola)
    assert refused.value.field == "capacity"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"enrollment_closes_at": NOW}, "enrollment_closes_at"),
        ({"ends_at": NOW + timedelta(days=8)}, "ends_at"),
        (
            {
                "enrollment_opens_at": NOW + timedelta(days=9),
                "enrollment_closes_at": NOW + timedelta(days=10),
            },
            "enrollment_opens_at",
        ),
        ({"enrollment_closes_at": NOW + timedelta(days=19)}, "enrollment_closes_at"),
        ({"ends_at": NOW + timedelta(days=8, hours=12)}, "ends_at"),  # shorter than a day
        ({"ends_at": NOW + timedelta(days=8 + 400)}, "ends_at"),  # longer than a year
    ],
)
def test_unordered_or_unreasonable_windows_are_refused(pengelola, overrides, field):
    with pytest.raises(DomainError) as refused:
        create_offering(ProgramFactory(), offering_data(**overrides), by=pengelola)

    assert refused.value.code == CurriculumErrorCode.INVALID_SCHEDULE
    assert refused.value.field == field
    assert not Offering.objects.exists()


def test_enrolment_may_stay_open_into_the_learning_window(pengelola):
    data = offering_data(enrollment_closes_at=NOW + timedelta(days=10))
    assert create_offering(ProgramFactory(), data, by=pengelola).pk


def test_naive_times_are_refused(pengelola):
    with pytest.raises(DomainError):
        create_offering(
            ProgramFactory(), offering_data(starts_at=datetime(2026, 3, 9, 8)), by=pengelola
        )


def test_wall_clock_time_in_wita_is_the_right_utc_instant():
    instant = in_zone(datetime(2026, 3, 9, 8, 0), "Asia/Makassar")
    assert instant == datetime(2026, 3, 9, 0, 0, tzinfo=UTC)


def test_inactive_program_gets_no_new_offering(pengelola):
    with pytest.raises(DomainError) as refused:
        create_offering(ProgramFactory(is_active=False), offering_data(), by=pengelola)
    assert refused.value.code == CurriculumErrorCode.PROGRAM_INACTIVE


def test_duplicate_offering_code_is_refused(pengelola):
    OfferingFactory(code="SEKWAN-2026-1")
    with pytest.raises(DomainError) as refused:
        create_offering(ProgramFactory(), offering_data(), by=pengelola)
    assert refused.value.code == CurriculumErrorCode.DUPLICATE_CODE


def test_unknown_position_type_is_refused(pengelola):
    with pytest.raises(DomainError) as refused:
        create_offering(
            ProgramFactory(), offering_data(eligible_position_types=("menteri",)), by=pengelola
        )
    assert refused.value.field == "eligible_position_types"


def test_eligibility_is_stored(pengelola, home_institution):
    offering = create_offering(
        ProgramFactory(),
        offering_data(
            eligible_institutions=(home_institution,),
            eligible_position_types=("pengawas", "jpt"),
        ),
        by=pengelola,
    )
    offering.refresh_from_db()
    assert list(offering.eligible_institutions.all()) == [home_institution]
    assert offering.eligible_position_types == ["jpt", "pengawas"]


def test_closed_offering_is_not_edited():
    offering = OfferingFactory(status=OfferingStatus.CLOSED, name="Lama")
    with pytest.raises(DomainError) as refused:
        update_offering(offering, offering_data(name="Baru"))
    assert refused.value.code == CurriculumErrorCode.OFFERING_CLOSED
    offering.refresh_from_db()
    assert offering.name == "Lama"


# --- status transitions -----------------------------------------------------------------


def draft_with_subject() -> Offering:
    offering = OfferingFactory(status=OfferingStatus.DRAFT)
    SubjectFactory(program=offering.program)
    return offering


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (OfferingStatus.DRAFT, OfferingStatus.PUBLISHED),
        (OfferingStatus.PUBLISHED, OfferingStatus.RUNNING),
        (OfferingStatus.PUBLISHED, OfferingStatus.DRAFT),
        (OfferingStatus.RUNNING, OfferingStatus.CLOSED),
    ],
)
def test_allowed_transitions_move_the_offering(pengelola, start, to):
    offering = draft_with_subject()
    Offering.objects.filter(pk=offering.pk).update(status=start)
    offering.refresh_from_db()

    change_offering_status(offering, to=to, by=pengelola, now=NOW)

    offering.refresh_from_db()
    assert offering.status == to
    assert offering.updated_at == NOW


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (OfferingStatus.DRAFT, OfferingStatus.RUNNING),
        (OfferingStatus.DRAFT, OfferingStatus.CLOSED),
        (OfferingStatus.PUBLISHED, OfferingStatus.CLOSED),
        (OfferingStatus.RUNNING, OfferingStatus.PUBLISHED),
        (OfferingStatus.RUNNING, OfferingStatus.DRAFT),
        (OfferingStatus.CLOSED, OfferingStatus.RUNNING),
        (OfferingStatus.CLOSED, OfferingStatus.DRAFT),
        (OfferingStatus.DRAFT, "archived"),
    ],
)
def test_other_transitions_are_refused_and_change_nothing(pengelola, start, to):
    offering = draft_with_subject()
    Offering.objects.filter(pk=offering.pk).update(status=start)
    offering.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        change_offering_status(offering, to=to, by=pengelola, now=NOW)

    assert refused.value.code == CurriculumErrorCode.TRANSITION_NOT_ALLOWED
    offering.refresh_from_db()
    assert offering.status == start


def test_publishing_needs_a_subject(pengelola):
    offering = OfferingFactory(status=OfferingStatus.DRAFT)

    with pytest.raises(DomainError) as refused:
        change_offering_status(offering, to=OfferingStatus.PUBLISHED, by=pengelola, now=NOW)

    assert refused.value.code == CurriculumErrorCode.NO_SUBJECTS
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.DRAFT


def test_back_to_draft_is_refused_once_someone_enrolled(pengelola, peserta):
    offering = draft_with_subject()
    change_offering_status(offering, to=OfferingStatus.PUBLISHED, by=pengelola, now=NOW)
    Enrollment.objects.create(offering=offering, participant=peserta)

    with pytest.raises(DomainError) as refused:
        change_offering_status(offering, to=OfferingStatus.DRAFT, by=pengelola, now=NOW)

    assert refused.value.code == CurriculumErrorCode.HAS_ENROLLMENTS
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.PUBLISHED


def test_a_stale_status_is_refused(pengelola):
    offering = draft_with_subject()
    stale = Offering.objects.get(pk=offering.pk)
    change_offering_status(offering, to=OfferingStatus.PUBLISHED, by=pengelola, now=NOW)

    with pytest.raises(DomainError) as refused:
        change_offering_status(stale, to=OfferingStatus.PUBLISHED, by=pengelola, now=NOW)

    assert refused.value.code == CurriculumErrorCode.STATUS_CHANGED


def test_committee_hears_of_a_status_change_except_who_made_it(pengelola):
    offering = draft_with_subject()
    colleague = UserFactory(roles=[Role.PENGELOLA])
    add_committee_member(offering, user=pengelola, task="Ketua", by=pengelola)
    add_committee_member(offering, user=colleague, task="Sekretaris", by=pengelola)
    Notification.objects.all().delete()

    change_offering_status(offering, to=OfferingStatus.PUBLISHED, by=pengelola, now=NOW)

    assert list(Notification.objects.values_list("user", flat=True)) == [colleague.pk]


# --- committee --------------------------------------------------------------------------


def test_committee_member_is_a_manager_with_a_task_and_is_notified(pengelola):
    offering = OfferingFactory()

    member = add_committee_member(offering, user=pengelola, task=" Sekretariat ", by=pengelola)

    assert member.task == "Sekretariat"
    assert Notification.objects.filter(user=pengelola).count() == 1


def test_non_manager_cannot_sit_on_the_committee(pengelola, widyaiswara):
    with pytest.raises(DomainError) as refused:
        add_committee_member(OfferingFactory(), user=widyaiswara, task="Ketua", by=pengelola)
    assert refused.value.code == CurriculumErrorCode.NOT_A_MANAGER
    assert not CommitteeMember.objects.exists()


def test_same_task_twice_is_refused_but_a_second_task_is_fine(pengelola):
    offering = OfferingFactory()
    add_committee_member(offering, user=pengelola, task="Ketua", by=pengelola)

    with pytest.raises(DomainError) as refused:
        add_committee_member(offering, user=pengelola, task="Ketua", by=pengelola)
    add_committee_member(offering, user=pengelola, task="Bendahara", by=pengelola)

    assert refused.value.code == CurriculumErrorCode.DUPLICATE_COMMITTEE_TASK
    assert offering.committee.count() == 2


def test_empty_task_is_refused(pengelola):
    with pytest.raises(DomainError) as refused:
        add_committee_member(OfferingFactory(), user=pengelola, task="  ", by=pengelola)
    assert refused.value.field == "task"
