"""Catalogue and enrolment pages: browsing, filters (B15), eligibility badges, times in the
viewer's zone, enrolling, my enrolments, the approval inbox and the participants list."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.curriculum.choices import OfferingStatus, ProgramType
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Enrollment
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.conftest import logged_in_client
from tests.curriculum.factories import (
    OfferingFactory,
    ProgramFactory,
    RulesDocumentFactory,
    SubjectFactory,
)
from tests.learning.factories import EnrollmentFactory
from tests.learning.factories_catalogue import InvitationFactory, PendingEnrollmentFactory

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("learning:catalogue")


def listed_ids(response) -> list[int]:
    return [card.offering.pk for card in response.context["cards"]]


# --- the catalogue -------------------------------------------------------------------


def test_catalogue_lists_open_offerings_only(peserta):
    published = OfferingFactory()
    running = OfferingFactory(running=True)
    closed = OfferingFactory(status=OfferingStatus.CLOSED)
    OfferingFactory(status=OfferingStatus.DRAFT)
    client = logged_in_client(peserta)

    response = client.get(CATALOGUE)

    assert response.status_code == 200
    assert set(listed_ids(response)) == {published.pk, running.pk}
    assert listed_ids(client.get(CATALOGUE, {"status": "closed"})) == [closed.pk]


def test_search_matches_title_code_and_theme(peserta):
    wanted = OfferingFactory(program=ProgramFactory(title="Manajemen Risiko", theme="Tata kelola"))
    by_code = OfferingFactory(program=ProgramFactory(code="KODE-XYZ"))
    OfferingFactory(program=ProgramFactory(title="Pelayanan Publik"))
    client = logged_in_client(peserta)

    assert listed_ids(client.get(CATALOGUE, {"q": "risiko"})) == [wanted.pk]
    assert listed_ids(client.get(CATALOGUE, {"q": "tata kelola"})) == [wanted.pk]
    assert listed_ids(client.get(CATALOGUE, {"q": "xyz"})) == [by_code.pk]


@pytest.mark.parametrize("query", ["%", "_", "\\"])
def test_like_wildcards_are_searched_literally(peserta, query):
    # B15: "%" and "_" must not match everything
    special = OfferingFactory(program=ProgramFactory(title=f"Diskon 100{query} nyata"))
    OfferingFactory(program=ProgramFactory(title="Biasa saja"))
    response = logged_in_client(peserta).get(CATALOGUE, {"q": query})
    assert listed_ids(response) == [special.pk]


@pytest.mark.parametrize(
    "junk",
    ["' OR 1=1--", "'; DROP TABLE learning_enrollment;--", "x" * 5000, "name; DROP", "-password"],
)
def test_hostile_filter_and_sort_values_are_harmless(peserta, junk):
    OfferingFactory()
    response = logged_in_client(peserta).get(
        CATALOGUE, {"q": junk, "urut": junk, "status": junk, "jenis": junk, "dari": junk}
    )
    assert response.status_code == 200
    assert Enrollment.objects.count() == 0


def test_sort_comes_from_the_allow_list(peserta):
    now = timezone.now()
    late = OfferingFactory(starts_at=now + timedelta(days=30), program__title="A awal")
    early = OfferingFactory(starts_at=now + timedelta(days=7), program__title="Z akhir")
    client = logged_in_client(peserta)
    assert listed_ids(client.get(CATALOGUE)) == [early.pk, late.pk]
    assert listed_ids(client.get(CATALOGUE, {"urut": "judul"})) == [late.pk, early.pk]
    assert listed_ids(client.get(CATALOGUE, {"urut": "-program__title"})) == [early.pk, late.pk]


def test_filters_by_theme_type_and_start_dates(peserta):
    now = timezone.now()
    a = OfferingFactory(
        program=ProgramFactory(theme="Digital", program_type=ProgramType.TEKNIS),
        starts_at=now + timedelta(days=10),
    )
    b = OfferingFactory(
        program=ProgramFactory(theme="Kepemimpinan", program_type=ProgramType.MANAJERIAL),
        starts_at=now + timedelta(days=40),
    )
    client = logged_in_client(peserta)
    assert listed_ids(client.get(CATALOGUE, {"tema": "Digital"})) == [a.pk]
    assert listed_ids(client.get(CATALOGUE, {"jenis": "manajerial"})) == [b.pk]
    cutoff = (now + timedelta(days=20)).date().isoformat()
    assert listed_ids(client.get(CATALOGUE, {"dari": cutoff})) == [b.pk]
    assert listed_ids(client.get(CATALOGUE, {"sampai": cutoff})) == [a.pk]


def test_cards_show_eligibility_with_its_reason(peserta, other_institution):
    open_one = OfferingFactory()
    not_for_me = OfferingFactory()
    not_for_me.eligible_institutions.add(other_institution)

    response = logged_in_client(peserta).get(CATALOGUE)

    html = response.content.decode()
    assert 'data-reason="institution_not_eligible"' in html
    assert "Instansi Anda bukan instansi sasaran angkatan ini." in html
    verdicts = {card.offering.pk: card.eligibility.ok for card in response.context["cards"]}
    assert verdicts == {open_one.pk: True, not_for_me.pk: False}


def test_schedule_is_shown_in_the_viewers_zone_with_the_planning_zone(peserta_lain):
    # peserta_lain works in Papua (WIT, UTC+9); the offering was planned in WIB (UTC+7)
    OfferingFactory(
        starts_at=datetime(2030, 5, 1, 2, 0, tzinfo=UTC),
        ends_at=datetime(2030, 5, 11, 2, 0, tzinfo=UTC),
        enrollment_closes_at=datetime(2030, 4, 30, 2, 0, tzinfo=UTC),
    )
    html = logged_in_client(peserta_lain).get(CATALOGUE).content.decode()
    assert "01-05-2030 11.00 WIT" in html
    assert "Jadwal disusun dalam WIB" in html
    assert "01-05-2030 09.00 WIB" in html


def test_catalogue_query_count_does_not_grow_with_offerings(peserta, django_assert_max_num_queries):
    def add_offerings(n):
        for _ in range(n):
            offering = OfferingFactory(capacity=50)
            EnrollmentFactory(participant=peserta, offering__program=offering.program)

    add_offerings(2)
    client = logged_in_client(peserta)
    client.get(CATALOGUE)  # warm the session
    with django_assert_max_num_queries(40) as few:
        client.get(CATALOGUE)
    add_offerings(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(CATALOGUE).context["cards"]) == 12


# --- offering detail and enrolling ---------------------------------------------------


def test_detail_shows_subjects_jp_minutes_facilitators_and_rules(peserta, widyaiswara):
    program = ProgramFactory(total_jp=Decimal("8"))
    subject = SubjectFactory(program=program, title="Etika Birokrasi", jp=Decimal("3"))
    subject.facilitators.add(widyaiswara)
    RulesDocumentFactory(program=program, version=1, body_html="<p>Versi lama</p>")
    RulesDocumentFactory(program=program, version=2, body_html="<p>Wajib hadir daring</p>")
    offering = OfferingFactory(program=program)

    response = logged_in_client(peserta).get(
        reverse("learning:offering-detail", args=[offering.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Etika Birokrasi" in html
    assert "135" in html  # 3 JP × 45 minutes
    assert widyaiswara.name in html
    assert "Wajib hadir daring" in html
    assert "Versi lama" not in html
    assert 'data-testid="enrol-button"' in html


def test_draft_offering_is_hidden_from_participants_but_not_managers(peserta, pengelola):
    draft = OfferingFactory(status=OfferingStatus.DRAFT)
    url = reverse("learning:offering-detail", args=[draft.pk])
    assert logged_in_client(peserta).get(url).status_code == 404
    assert logged_in_client(pengelola).get(url).status_code == 200


def test_enrol_button_sends_a_request_and_shows_my_enrolments(peserta):
    offering = OfferingFactory()
    client = logged_in_client(peserta)

    response = client.post(
        reverse("learning:enroll", args=[offering.pk]), {"motivation": "Tugas baru"}, follow=True
    )

    enrollment = Enrollment.objects.get(participant=peserta)
    assert enrollment.status == EnrollmentStatus.PENDING
    assert enrollment.motivation == "Tugas baru"
    assert response.redirect_chain[-1][0] == reverse("learning:my-enrollments")
    assert "menunggu persetujuan pimpinan" in response.content.decode()


def test_refused_enrolment_explains_why_and_writes_nothing(peserta, other_institution):
    offering = OfferingFactory()
    offering.eligible_institutions.add(other_institution)
    response = logged_in_client(peserta).post(
        reverse("learning:enroll", args=[offering.pk]), follow=True
    )
    assert "Instansi Anda bukan instansi sasaran angkatan ini." in response.content.decode()
    assert not Enrollment.objects.exists()


def test_mass_assignment_through_the_enrol_form_is_ignored(peserta):
    offering = OfferingFactory()
    logged_in_client(peserta).post(
        reverse("learning:enroll", args=[offering.pk]),
        {"status": "enrolled", "is_trial": "1", "participant": "1", "source": "manager"},
    )
    stored = Enrollment.objects.get()
    assert (stored.status, stored.is_trial, stored.source) == ("pending", False, "self")


def test_detail_shows_my_status_instead_of_the_button(peserta):
    pending = PendingEnrollmentFactory(participant=peserta)
    html = (
        logged_in_client(peserta)
        .get(reverse("learning:offering-detail", args=[pending.offering_id]))
        .content.decode()
    )
    assert 'data-testid="enrol-button"' not in html
    assert "Menunggu persetujuan" in html


def test_my_enrollments_shows_status_next_step_and_only_mine(peserta, peserta_lain):
    mine = EnrollmentFactory(participant=peserta, offering__program__title="Pelatihan Saya")
    PendingEnrollmentFactory(participant=peserta)
    EnrollmentFactory(participant=peserta_lain, offering__program__title="Pelatihan Orang Lain")

    response = logged_in_client(peserta).get(reverse("learning:my-enrollments"))

    html = response.content.decode()
    assert "Pelatihan Saya" in html
    assert "Pelatihan Orang Lain" not in html
    assert "Tunggu persetujuan pimpinan" in html
    assert f'data-enrollment="{mine.pk}"' in html


def test_participant_withdraws_a_pending_request(peserta, peserta_lain):
    pending = PendingEnrollmentFactory(participant=peserta)
    theirs = PendingEnrollmentFactory(participant=peserta_lain)
    client = logged_in_client(peserta)

    client.post(reverse("learning:enrollment-withdraw", args=[pending.pk]))
    other = client.post(reverse("learning:enrollment-withdraw", args=[theirs.pk]))

    pending.refresh_from_db()
    theirs.refresh_from_db()
    assert pending.status == EnrollmentStatus.WITHDRAWN
    assert other.status_code == 404
    assert theirs.status == EnrollmentStatus.PENDING


# --- approval inbox ------------------------------------------------------------------


def test_supervisor_sees_only_their_institutions_requests(pimpinan, peserta, peserta_lain):
    mine = PendingEnrollmentFactory(participant=peserta)
    PendingEnrollmentFactory(participant=peserta_lain)
    PendingEnrollmentFactory(participant=peserta, is_trial=True)

    response = logged_in_client(pimpinan).get(reverse("learning:approval-inbox"))

    assert [e.pk for e in response.context["page"]] == [mine.pk]


def test_manager_sees_every_pending_request(pengelola, peserta, peserta_lain):
    PendingEnrollmentFactory(participant=peserta)
    PendingEnrollmentFactory(participant=peserta_lain)
    EnrollmentFactory(participant=peserta)
    response = logged_in_client(pengelola).get(reverse("learning:approval-inbox"))
    assert response.context["page"].paginator.count == 2


def test_htmx_approval_returns_the_decided_row(pimpinan, peserta):
    pending = PendingEnrollmentFactory(participant=peserta)

    response = logged_in_client(pimpinan).post(
        reverse("learning:enrollment-decide", args=[pending.pk]),
        {"decision": "approve", "reason": ""},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    assert 'data-testid="decision"' in response.content.decode()
    assert "<html" not in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.ENROLLED
    assert Notification.objects.filter(user=peserta).exists()


def test_rejection_without_reason_is_shown_and_changes_nothing(pimpinan, peserta):
    pending = PendingEnrollmentFactory(participant=peserta)
    response = logged_in_client(pimpinan).post(
        reverse("learning:enrollment-decide", args=[pending.pk]),
        {"decision": "reject", "reason": ""},
        follow=True,
    )
    assert "Alasan penolakan wajib diisi." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.PENDING


def test_supervisor_of_another_institution_gets_404_and_changes_nothing(pimpinan_lain, peserta):
    pending = PendingEnrollmentFactory(participant=peserta)
    response = logged_in_client(pimpinan_lain).post(
        reverse("learning:enrollment-decide", args=[pending.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == EnrollmentStatus.PENDING


def test_approval_inbox_query_count_is_bounded(
    pimpinan, home_institution, django_assert_max_num_queries
):
    for _ in range(3):
        PendingEnrollmentFactory(participant=UserFactory(institution=home_institution))
    client = logged_in_client(pimpinan)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("learning:approval-inbox"))
    for _ in range(15):
        PendingEnrollmentFactory(participant=UserFactory(institution=home_institution))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("learning:approval-inbox"))


# --- participants (managers) ---------------------------------------------------------


def test_participants_list_excludes_trial_unless_asked(pengelola):
    offering = OfferingFactory()
    real = EnrollmentFactory(offering=offering, participant__name="Budi Nyata")
    tester = EnrollmentFactory(offering=offering, is_trial=True, participant__name="Tia Penguji")
    url = reverse("learning:offering-participants", args=[offering.pk])
    client = logged_in_client(pengelola)

    assert [r.enrollment.pk for r in client.get(url).context["rows"]] == [real.pk]
    with_trial = {r.enrollment.pk for r in client.get(url, {"trial": "1"}).context["rows"]}
    assert with_trial == {real.pk, tester.pk}


def test_participants_search_and_status_filter(pengelola):
    offering = OfferingFactory()
    budi = EnrollmentFactory(offering=offering, participant__name="Budi Santoso")
    siti = EnrollmentFactory(
        offering=offering, participant__name="Siti Aminah", status=EnrollmentStatus.PENDING
    )
    url = reverse("learning:offering-participants", args=[offering.pk])
    client = logged_in_client(pengelola)

    def ids(params):
        return [r.enrollment.pk for r in client.get(url, params).context["rows"]]

    assert ids({"q": "budi"}) == [budi.pk]
    assert ids({"q": siti.participant.nip[:10]}) == [siti.pk]
    assert ids({"status": "pending"}) == [siti.pk]
    assert ids({"q": "%"}) == []


def test_participants_xlsx_has_the_rows_and_neutralised_text(pengelola):
    offering = OfferingFactory()
    EnrollmentFactory(offering=offering, participant__name="=HYPERLINK(1)")
    EnrollmentFactory(offering=offering, is_trial=True)

    response = logged_in_client(pengelola).get(
        reverse("learning:offering-participants-xlsx", args=[offering.pk])
    )

    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("NIP", "Nama", "Instansi", "Status")
    assert len(rows) == 2  # header + the real participant; the tester is left out
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_participants_query_count_is_bounded(pengelola, django_assert_max_num_queries):
    offering = OfferingFactory()
    for _ in range(3):
        EnrollmentFactory(offering=offering)
    url = reverse("learning:offering-participants", args=[offering.pk])
    client = logged_in_client(pengelola)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for _ in range(20):
        EnrollmentFactory(offering=offering)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- who may open what ---------------------------------------------------------------

ROLES = [Role.PESERTA, Role.PIMPINAN, Role.WIDYAISWARA, Role.COACH, Role.PENGELOLA, Role.ADMIN]
EVERYONE = set(ROLES)
DECIDERS = {Role.PIMPINAN, Role.PENGELOLA, Role.ADMIN}
MANAGERS = {Role.PENGELOLA, Role.ADMIN}


@pytest.fixture
def sample_urls(peserta, home_institution):
    offering = OfferingFactory()
    pending = PendingEnrollmentFactory(participant=peserta, offering=offering)
    invitation = InvitationFactory(offering=offering, institution=home_institution)
    return {
        reverse("learning:catalogue"): (EVERYONE, 403),
        reverse("learning:offering-detail", args=[offering.pk]): (EVERYONE, 404),
        reverse("learning:enroll", args=[offering.pk]): (EVERYONE, 403),
        reverse("learning:my-enrollments"): (EVERYONE, 403),
        reverse("learning:enrollment-withdraw", args=[pending.pk]): (EVERYONE, 403),
        reverse("learning:approval-inbox"): (DECIDERS, 403),
        reverse("learning:enrollment-decide", args=[pending.pk]): (DECIDERS, 404),
        reverse("learning:offering-participants", args=[offering.pk]): (MANAGERS, 404),
        reverse("learning:offering-participants-xlsx", args=[offering.pk]): (MANAGERS, 404),
        reverse("learning:bulk-enroll", args=[offering.pk]): (MANAGERS, 404),
        reverse("learning:invitations", args=[offering.pk]): (MANAGERS, 404),
        reverse("learning:trial", args=[offering.pk]): (MANAGERS, 404),
        reverse("learning:my-invitations"): ({Role.PIMPINAN}, 403),
        reverse("learning:nominate", args=[invitation.pk]): ({Role.PIMPINAN}, 404),
    }


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_of_the_catalogue_pages(role, personas, sample_urls):
    client = logged_in_client(personas[role])
    for url, (allowed, refusal) in sample_urls.items():
        status = client.get(url).status_code
        expected = (200, 302) if role in allowed else (refusal,)
        assert status in expected, f"{role} on {url}: {status}"


def test_home_page_links_to_the_catalogue_pages(peserta, pimpinan):
    peserta_home = logged_in_client(peserta).get(reverse("home")).content.decode()
    assert reverse("learning:catalogue") in peserta_home
    assert reverse("learning:my-enrollments") in peserta_home
    pimpinan_home = logged_in_client(pimpinan).get(reverse("home")).content.decode()
    assert reverse("learning:approval-inbox") in pimpinan_home
    assert reverse("learning:my-invitations") in pimpinan_home
