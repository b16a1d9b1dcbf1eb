"""Manager pages of programs and offerings, and the role matrix of every curriculum route."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from bangkom.accounts import policy
from bangkom.accounts.choices import Role
from bangkom.curriculum.access import ROUTES
from bangkom.curriculum.choices import OfferingStatus
from bangkom.curriculum.models import Offering, Program, RulesDocument, Subject
from bangkom.learning.models import Enrollment
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import (
    OfferingFactory,
    ProgramFactory,
    RulesDocumentFactory,
    SubjectFactory,
)
from tests.curriculum.factories_curriculum import (
    CommitteeMemberFactory,
    policy_route_samples,
    verified_facilitator,
)

pytestmark = pytest.mark.django_db

ROLES = [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA, Role.COACH, Role.PENGELOLA, Role.ADMIN]


@pytest.fixture
def manager(pengelola):
    return logged_in_client(pengelola)


# --- the role matrix --------------------------------------------------------------------


def test_every_curriculum_route_is_in_the_policy():
    assert all(policy.rule_for(name) is rule for name, rule in ROUTES.items())


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_the_curriculum_rows_say(role, personas):
    samples = policy_route_samples(personas)
    client = logged_in_client(personas[role])
    for name, rule in ROUTES.items():
        status = client.get(reverse(name, args=samples.get(name, []))).status_code
        if role in rule.roles:
            # 405: a POST-only action, opened by GET, that the policy let through
            assert status in (200, 302, 405), f"{role} should open {name}, got {status}"
        else:
            expected = 404 if rule.object_route else 403
            assert status == expected, f"{role} on {name}: expected {expected}, got {status}"


@pytest.mark.parametrize("role", [Role.PENGELOLA, Role.WIDYAISWARA])
def test_home_page_links_to_the_curriculum_pages(role, personas):
    content = logged_in_client(personas[role]).get(reverse("home")).content.decode()
    if role == Role.PENGELOLA:
        assert reverse("curriculum:program-list") in content
        assert reverse("curriculum:offering-list") in content
        assert reverse("curriculum:facilitator-list") in content
    else:
        assert reverse("curriculum:my-facilitator-profile") in content
        assert reverse("curriculum:program-list") not in content


def test_participant_is_refused_the_program_pages(peserta):
    program = ProgramFactory()
    client = logged_in_client(peserta)
    assert client.get(reverse("curriculum:program-list")).status_code == 403
    assert client.get(reverse("curriculum:program-detail", args=[program.pk])).status_code == 404
    response = client.post(
        reverse("curriculum:program-edit", args=[program.pk]), {"title": "Diretas"}
    )
    assert response.status_code == 404
    program.refresh_from_db()
    assert program.title != "Diretas"


# --- programs ---------------------------------------------------------------------------


def test_program_list_searches_and_filters_by_type(manager):
    ProgramFactory(title="Pelatihan Sekwan", program_type="pemerintahan")
    ProgramFactory(title="Pelatihan Sekda", program_type="manajerial")
    ProgramFactory(title="Nilai BerAKHLAK", program_type="sosial_kultural")

    by_text = manager.get(reverse("curriculum:program-list"), {"q": "pelatihan"}).content.decode()
    by_type = manager.get(
        reverse("curriculum:program-list"), {"q": "pelatihan", "jenis": "manajerial"}
    ).content.decode()

    assert "Pelatihan Sekwan" in by_text
    assert "Pelatihan Sekda" in by_text
    assert "BerAKHLAK" not in by_text
    assert "Pelatihan Sekda" in by_type
    assert "Pelatihan Sekwan" not in by_type


def test_program_list_is_paginated(manager):
    for n in range(30):
        ProgramFactory(title=f"Program {n:02d}")
    first = manager.get(reverse("curriculum:program-list"))
    second = manager.get(reverse("curriculum:program-list"), {"page": 2})
    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5


def test_program_list_query_count_does_not_grow_with_programs(
    manager, django_assert_max_num_queries
):
    for _ in range(20):
        program = ProgramFactory()
        SubjectFactory.create_batch(3, program=program)
        OfferingFactory.create_batch(2, program=program)
    with django_assert_max_num_queries(6):
        response = manager.get(reverse("curriculum:program-list"))
    assert response.status_code == 200


def test_manager_creates_a_program(manager, pengelola):
    response = manager.post(
        reverse("curriculum:program-create"),
        {
            "code": "SEKDA-01",
            "title": "Pelatihan Kepemimpinan Sekretaris Daerah",
            "program_type": "manajerial",
            "learning_form": "NKL03",
            "total_jp": "40",
            "is_active": "on",
        },
    )
    program = Program.objects.get(code="SEKDA-01")
    assert response.status_code == 302
    assert response["Location"] == reverse("curriculum:program-detail", args=[program.pk])
    assert program.created_by == pengelola
    assert program.total_jp == Decimal("40")


def test_duplicate_code_is_shown_next_to_the_field(manager):
    ProgramFactory(code="SEKDA-01")
    response = manager.post(
        reverse("curriculum:program-create"),
        {
            "code": "SEKDA-01",
            "title": "X",
            "program_type": "manajerial",
            "learning_form": "NKL03",
            "total_jp": "40",
        },
    )
    assert response.status_code == 200
    assert "Kode program sudah dipakai" in response.content.decode()
    assert response.context["form"].errors["code"]
    assert Program.objects.count() == 1


def test_program_detail_warns_of_jp_mismatch_and_unverified_facilitators(manager):
    program = ProgramFactory(total_jp=Decimal("30"))
    SubjectFactory(program=program, jp=Decimal("6"), title="Kedudukan Setwan")
    content = manager.get(reverse("curriculum:program-detail", args=[program.pk])).content.decode()
    assert 'data-warning="jp-mismatch"' in content
    assert "selisih 24,0 JP" in content  # Indonesian decimal comma
    assert 'data-warning="no-verified-facilitator"' in content


def test_program_detail_has_no_warnings_when_ready(manager):
    program = ProgramFactory(total_jp=Decimal("4"))
    subject = SubjectFactory(program=program, jp=Decimal("4"))
    subject.facilitators.set([verified_facilitator()])
    content = manager.get(reverse("curriculum:program-detail", args=[program.pk])).content.decode()
    assert "readiness-warnings" not in content


def test_manager_adds_a_subject_with_a_facilitator(manager, widyaiswara):
    program = ProgramFactory()
    response = manager.post(
        reverse("curriculum:subject-create", args=[program.pk]),
        {
            "title": "Analisis kebijakan publik",
            "jp": "8",
            "objectives": "Memahami siklus.",
            "facilitators": [widyaiswara.pk],
        },
    )
    assert response.status_code == 302
    subject = program.subjects.get()
    assert subject.order == 1
    assert list(subject.facilitators.all()) == [widyaiswara]


def test_subject_form_offers_only_widyaiswara_as_facilitators(manager, peserta, widyaiswara):
    program = ProgramFactory()
    response = manager.post(
        reverse("curriculum:subject-create", args=[program.pk]),
        {"title": "X", "jp": "4", "facilitators": [peserta.pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["facilitators"]
    assert not Subject.objects.exists()


def test_manager_reorders_a_subject_by_its_number(manager):
    program = ProgramFactory()
    a = SubjectFactory(program=program, order=1, title="A")
    SubjectFactory(program=program, order=2, title="B")
    c = SubjectFactory(program=program, order=3, title="C")
    manager.post(
        reverse("curriculum:subject-edit", args=[c.pk]),
        {"order": "1", "title": "C", "jp": "4"},
    )
    assert list(program.subjects.values_list("title", flat=True)) == ["C", "A", "B"]
    a.refresh_from_db()
    assert a.order == 2


def test_manager_sets_and_removes_a_target_competency(manager):
    from tests.curriculum.factories import CompetencyFactory

    program = ProgramFactory()
    competency = CompetencyFactory(name="Pengambilan Keputusan")
    manager.post(
        reverse("curriculum:competency-set", args=[program.pk]),
        {"competency": competency.pk, "target_level": "4"},
    )
    target = program.competencies.get()
    assert target.target_level == 4

    manager.post(reverse("curriculum:competency-remove", args=[target.pk]))
    assert not program.competencies.exists()


def test_rules_preview_shows_sanitised_html_and_publishes_nothing(manager):
    program = ProgramFactory()
    response = manager.post(
        reverse("curriculum:rules-create", args=[program.pk]),
        {
            "title": "Ketentuan",
            "body_markdown": "**Wajib** hadir <script>alert(1)</script>",
            "action": "preview",
        },
    )
    content = response.content.decode()
    assert "<strong>Wajib</strong>" in content
    assert "<script>alert(1)</script>" not in content
    assert not RulesDocument.objects.exists()


def test_publishing_rules_makes_the_next_version_and_prefills_the_form(manager):
    program = ProgramFactory()
    RulesDocumentFactory(program=program, version=1)
    response = manager.post(
        reverse("curriculum:rules-create", args=[program.pk]),
        {"title": "Ketentuan 2026", "body_markdown": "- Kerjakan sendiri", "action": "publish"},
    )
    assert response.status_code == 302
    latest = program.rules_versions.first()
    assert (latest.version, latest.body_html) == (2, "<ul>\n<li>Kerjakan sendiri</li>\n</ul>")

    form = manager.get(reverse("curriculum:rules-create", args=[program.pk])).context["form"]
    assert form.initial["body_markdown"] == "- Kerjakan sendiri"

    detail = manager.get(reverse("curriculum:rules-detail", args=[latest.pk]))
    assert "<li>Kerjakan sendiri</li>" in detail.content.decode()


# --- offerings --------------------------------------------------------------------------


def offering_form(**overrides: str) -> dict:
    values = {
        "code": "SEKWAN-2026-1",
        "name": "Angkatan I",
        "time_zone": "Asia/Makassar",
        "enrollment_opens_at": "2026-03-02T08:00",
        "enrollment_closes_at": "2026-03-09T16:00",
        "starts_at": "2026-03-10T08:00",
        "ends_at": "2026-03-20T16:00",
        "capacity": "",
        "requires_supervisor_approval": "on",
    }
    values.update(overrides)
    return values


def test_times_entered_in_wita_are_stored_as_the_right_utc_instant(manager):
    program = ProgramFactory()

    response = manager.post(
        reverse("curriculum:offering-create", args=[program.pk]), offering_form()
    )

    offering = Offering.objects.get()
    assert response.status_code == 302
    assert offering.time_zone == "Asia/Makassar"
    assert offering.starts_at == datetime(2026, 3, 10, 0, 0, tzinfo=UTC)  # 08.00 WITA
    assert offering.ends_at == datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
    assert offering.capacity is None  # blank = no cap
    assert offering.status == OfferingStatus.DRAFT


def test_offering_edit_form_shows_the_times_in_the_offerings_zone(manager):
    program = ProgramFactory()
    manager.post(reverse("curriculum:offering-create", args=[program.pk]), offering_form())
    offering = Offering.objects.get()

    content = manager.get(reverse("curriculum:offering-edit", args=[offering.pk])).content.decode()

    assert 'value="2026-03-10T08:00"' in content


def test_offering_detail_shows_times_in_the_viewers_zone(manager):
    program = ProgramFactory()
    manager.post(reverse("curriculum:offering-create", args=[program.pk]), offering_form())
    offering = Offering.objects.get()

    content = manager.get(
        reverse("curriculum:offering-detail", args=[offering.pk])
    ).content.decode()

    assert "10-03-2026 07.00 WIB" in content  # the pengelola works in Jawa Barat (WIB)


def test_offering_with_unordered_windows_shows_the_error_and_saves_nothing(manager):
    program = ProgramFactory()
    response = manager.post(
        reverse("curriculum:offering-create", args=[program.pk]),
        offering_form(ends_at="2026-03-09T08:00"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ends_at"]
    assert not Offering.objects.exists()


def test_offering_capacity_and_eligibility_are_saved(manager, home_institution):
    program = ProgramFactory()
    manager.post(
        reverse("curriculum:offering-create", args=[program.pk]),
        offering_form(
            capacity="30",
            eligible_institutions=[home_institution.pk],
            eligible_position_types=["jpt", "administrator"],
        ),
    )
    offering = Offering.objects.get()
    assert offering.capacity == 30
    assert list(offering.eligible_institutions.all()) == [home_institution]
    assert offering.eligible_position_types == ["jpt", "administrator"]


def test_status_buttons_move_the_offering_and_refusals_are_messages(manager, peserta):
    offering = OfferingFactory(status=OfferingStatus.DRAFT)
    url = reverse("curriculum:offering-status", args=[offering.pk])

    refused = manager.post(url, {"to": "published", "from": "draft"}, follow=True)
    assert "paling sedikit satu mata pelatihan" in refused.content.decode()
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.DRAFT

    SubjectFactory(program=offering.program)
    manager.post(url, {"to": "published", "from": "draft"})
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.PUBLISHED

    Enrollment.objects.create(offering=offering, participant=peserta)
    back = manager.post(url, {"to": "draft", "from": "published"}, follow=True)
    assert "sudah memiliki pendaftar" in back.content.decode()
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.PUBLISHED


def test_a_status_button_from_a_stale_page_changes_nothing(manager):
    offering = OfferingFactory(status=OfferingStatus.RUNNING)
    manager.post(
        reverse("curriculum:offering-status", args=[offering.pk]),
        {"to": "draft", "from": "published"},
    )
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.RUNNING


def test_status_change_needs_post(manager):
    offering = OfferingFactory(status=OfferingStatus.PUBLISHED)
    response = manager.get(
        reverse("curriculum:offering-status", args=[offering.pk]), {"to": "running"}
    )
    assert response.status_code == 405
    offering.refresh_from_db()
    assert offering.status == OfferingStatus.PUBLISHED


def test_offering_detail_shows_readiness_and_only_allowed_status_buttons(manager):
    offering = OfferingFactory(status=OfferingStatus.PUBLISHED)
    SubjectFactory(program=offering.program, title="Etika DPRD")
    content = manager.get(
        reverse("curriculum:offering-detail", args=[offering.pk])
    ).content.decode()
    assert "Etika DPRD" in content
    assert "no-verified-facilitator" in content
    assert 'data-testid="status-running"' in content
    assert 'data-testid="status-draft"' in content
    assert 'data-testid="status-closed"' not in content


def test_manager_adds_and_removes_a_committee_member(manager, pengelola):
    offering = OfferingFactory()
    manager.post(
        reverse("curriculum:committee-add", args=[offering.pk]),
        {"user": pengelola.pk, "task": "Ketua panitia"},
    )
    member = offering.committee.get()
    assert (member.user, member.task) == (pengelola, "Ketua panitia")

    manager.post(reverse("curriculum:committee-remove", args=[member.pk]))
    assert not offering.committee.exists()


def test_committee_refuses_a_non_manager(manager, widyaiswara):
    offering = OfferingFactory()
    manager.post(
        reverse("curriculum:committee-add", args=[offering.pk]),
        {"user": widyaiswara.pk, "task": "Ketua"},
    )
    assert not offering.committee.exists()


def test_offering_list_filters_by_status(manager):
    OfferingFactory(name="Angkatan Berjalan", running=True)
    OfferingFactory(name="Angkatan Draf", status=OfferingStatus.DRAFT)
    content = manager.get(
        reverse("curriculum:offering-list"), {"status": "running"}
    ).content.decode()
    assert "Angkatan Berjalan" in content
    assert "Angkatan Draf" not in content


def test_offering_list_query_count_does_not_grow_with_offerings(
    manager, django_assert_max_num_queries
):
    for _ in range(20):
        offering = OfferingFactory()
        Enrollment.objects.create(offering=offering, participant=UserFactory())
    with django_assert_max_num_queries(6):
        response = manager.get(reverse("curriculum:offering-list"))
    assert response.status_code == 200
    assert response.context["page"][0].enrollment_count == 1


def test_offering_detail_query_count_is_bounded(manager, django_assert_max_num_queries):
    offering = OfferingFactory()
    CommitteeMemberFactory.create_batch(5, offering=offering)
    for _ in range(5):
        SubjectFactory(program=offering.program).facilitators.set([verified_facilitator()])
    with django_assert_max_num_queries(12):
        response = manager.get(reverse("curriculum:offering-detail", args=[offering.pk]))
    assert response.status_code == 200
