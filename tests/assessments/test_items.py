"""The item bank's rules (issue: item bank): content per type, sanitising, tags, versions that
attempts drew never change (RELIABILITY.md F14), the review by someone other than the
author, retiring, who may author, and how many attempts a bank supports."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from bangkom.accounts.choices import Role
from bangkom.assessments.attempts import start_attempt
from bangkom.assessments.choices import ItemStatus, ItemType
from bangkom.assessments.grading import score_attempt
from bangkom.assessments.items import (
    AuthoringRefused,
    ItemInvalid,
    ItemStateError,
    ReviewRefused,
    bank_capacity,
    create_bank,
    retire_item,
    review_item,
    submit_for_review,
    update_item,
)
from bangkom.assessments.models import Answer, Item, ItemBank, ItemVersion
from bangkom.assessments.option_ids import option_token
from bangkom.assessments.permissions import authorable_banks, can_author_items
from bangkom.assessments.pool import pool_for
from bangkom.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.assessments.factories import AssessmentFactory, make_bank, make_item
from tests.assessments.factories_bank import (
    options_for,
    program_bank,
    subject_bank,
    write_item,
)
from tests.curriculum.factories import CompetencyFactory, SubjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(widyaiswara):
    return subject_bank(widyaiswara)


@pytest.fixture
def other_facilitator(bank):
    user = UserFactory(roles=[Role.WIDYAISWARA])
    bank.subject.facilitators.add(user)
    return user


def problems_of(excinfo):
    return " | ".join(p.message for p in excinfo.value.problems)


# --- content rules per type -------------------------------------------------------------------


@pytest.mark.parametrize("item_type", list(ItemType.values))
def test_a_valid_item_of_each_type_is_stored_as_a_draft_with_version_one(bank, item_type):
    item = write_item(bank, item_type=item_type)

    assert item.status == ItemStatus.DRAFT
    assert item.current_version.number == 1
    assert item.versions.count() == 1
    assert item.item_type == item_type


@pytest.mark.parametrize(
    ("item_type", "options", "expected"),
    [
        (ItemType.SINGLE, [{"text": "Satu", "correct": True}], "Minimal 2 pilihan"),
        (
            ItemType.SINGLE,
            [{"text": f"P{i}", "correct": i == 0} for i in range(6)],
            "Paling banyak 5 pilihan",
        ),
        (
            ItemType.SINGLE,
            [{"text": "A", "correct": False}, {"text": "B", "correct": False}],
            "Tidak ada jawaban benar",
        ),
        (
            ItemType.SINGLE,
            [{"text": "A", "correct": True}, {"text": "B", "correct": True}],
            "tepat satu kunci (ada 2)",
        ),
        (
            ItemType.MULTIPLE,
            [{"text": "A", "correct": False}, {"text": "B", "correct": False}],
            "Tidak ada jawaban benar",
        ),
        (ItemType.MULTIPLE, [{"text": "A", "correct": True}], "Minimal 2 pilihan"),
        (
            ItemType.TRUE_FALSE,
            [{"text": "Ya", "correct": True}, {"text": "Tidak", "correct": False}],
            "tepat dua pilihan: Benar dan Salah",
        ),
        (
            ItemType.TRUE_FALSE,
            [{"text": "Benar", "correct": True}, {"text": "Salah", "correct": True}],
            "tepat satu kunci",
        ),
        (
            ItemType.GRADED,
            [{"text": "A", "points": 0}, {"text": "B", "points": 5}],
            "Poin pilihan A harus bilangan bulat 1–5",
        ),
        (
            ItemType.GRADED,
            [{"text": "A", "points": 3}, {"text": "B", "points": 6}],
            "Poin pilihan B harus bilangan bulat 1–5",
        ),
        (
            ItemType.GRADED,
            [{"text": "A", "points": 3}, {"text": "B"}],
            "Poin pilihan B harus bilangan bulat 1–5",
        ),
        (
            ItemType.SINGLE,
            [{"text": "A", "correct": True}, {"text": "  ", "correct": False}],
            "Pilihan B kosong",
        ),
        (
            ItemType.SINGLE,
            [{"text": "A", "correct": True}, {"text": "<p> </p>", "correct": False}],
            "Pilihan B kosong",
        ),
    ],
)
def test_each_content_rule_refuses_the_item_and_writes_nothing(bank, item_type, options, expected):
    with pytest.raises(ItemInvalid) as excinfo:
        write_item(bank, item_type=item_type, options=options)

    assert expected in problems_of(excinfo)
    assert not Item.objects.exists()
    assert not ItemVersion.objects.exists()


def test_an_empty_stem_is_refused(bank):
    with pytest.raises(ItemInvalid) as excinfo:
        write_item(bank, stem="<p>  </p><script>alert(1)</script>")
    assert "Pertanyaan kosong" in problems_of(excinfo)


def test_duplicate_options_ignore_tags_spacing_and_case(bank):
    options = [
        {"text": "<b>Jakarta</b>", "correct": True},
        {"text": "  jakarta ", "correct": False},
        {"text": "Bandung", "correct": False},
    ]
    with pytest.raises(ItemInvalid) as excinfo:
        write_item(bank, options=options)
    assert "Pilihan B sama dengan pilihan A" in problems_of(excinfo)


def test_every_problem_is_listed_at_once(bank):
    with pytest.raises(ItemInvalid) as excinfo:
        write_item(bank, stem="", options=[{"text": "", "correct": False}])
    messages = problems_of(excinfo)
    assert "Pertanyaan kosong" in messages
    assert "Minimal 2 pilihan" in messages
    assert "Pilihan A kosong" in messages


def test_an_image_only_option_counts_as_text(bank):
    options = [
        {"text": '<img src="https://cdn.example.id/peta.png" alt="">', "correct": True},
        {"text": "Bandung", "correct": False},
    ]
    item = write_item(bank, options=options)
    assert item.current_version.options[0]["text"].startswith("<img")


def test_stem_and_options_are_sanitised_keeping_images(bank):
    item = write_item(
        bank,
        stem='<p onclick="x()">Peta <img src="https://cdn.example.id/a.png" onerror="alert(1)">'
        "<script>alert(1)</script></p>",
        options=[
            {"text": '<a href="javascript:alert(1)">Jakarta</a>', "correct": True},
            {"text": "Bandung<style>*{}</style>", "correct": False},
        ],
    )
    version = item.current_version
    assert "<script" not in version.stem_html
    assert "onerror" not in version.stem_html
    assert "onclick" not in version.stem_html
    assert '<img src="https://cdn.example.id/a.png">' in version.stem_html
    assert "javascript:" not in version.options[0]["text"]
    assert "<style" not in version.options[1]["text"]


def test_control_characters_are_dropped_even_when_written_as_references(bank):
    item = write_item(
        bank,
        stem="Soal\x00 satu&#1;?",
        options=[{"text": "A&#x1f;", "correct": True}, {"text": "B\x07", "correct": False}],
    )
    version = item.current_version
    assert version.stem_html == "Soal satu?"
    assert [o["text"] for o in version.options] == ["A", "B"]


def test_true_false_options_are_stored_as_benar_then_salah(bank):
    item = write_item(
        bank,
        item_type=ItemType.TRUE_FALSE,
        options=[{"text": "salah", "correct": True}, {"text": "BENAR", "correct": False}],
    )
    assert item.current_version.options == [
        {"text": "Benar", "correct": False, "points": 0},
        {"text": "Salah", "correct": True, "points": 0},
    ]


def test_graded_options_keep_their_points_and_no_key(bank):
    item = write_item(
        bank,
        item_type=ItemType.GRADED,
        options=[{"text": "Diam", "points": 1, "correct": True}, {"text": "Bantu", "points": 5}],
    )
    assert [o["points"] for o in item.current_version.options] == [1, 5]
    assert not any(o["correct"] for o in item.current_version.options)


def test_partial_credit_is_kept_for_multiple_response_only(bank):
    multiple = write_item(bank, item_type=ItemType.MULTIPLE, partial_credit=True)
    single = write_item(bank, partial_credit=True, stem="Soal lain?")
    assert multiple.current_version.partial_credit is True
    assert single.current_version.partial_credit is False


@pytest.mark.parametrize("weight", ["0", "-1", "101", "abc"])
def test_weight_must_be_above_zero_and_at_most_100(bank, weight):
    with pytest.raises(ItemInvalid) as excinfo:
        write_item(bank, weight=weight)
    assert "Bobot soal" in problems_of(excinfo)


# --- tags -------------------------------------------------------------------------------------


def test_item_of_a_subject_bank_gets_the_bank_subject(bank):
    item = write_item(bank)
    assert item.subject == bank.subject


def test_subject_outside_the_bank_program_is_refused(bank):
    with pytest.raises(ItemInvalid) as excinfo:
        write_item(bank, subject=SubjectFactory())
    assert "bukan bagian dari program" in problems_of(excinfo)


def test_another_subject_of_the_program_is_refused_in_a_subject_bank(bank):
    sibling = SubjectFactory(program=bank.program)
    with pytest.raises(ItemInvalid) as excinfo:
        write_item(bank, subject=sibling)
    assert "khusus untuk mata pelatihan" in problems_of(excinfo)


def test_program_bank_items_carry_competency_level_and_difficulty(widyaiswara):
    bank = program_bank(widyaiswara)
    subject = bank.program.subjects.first()
    competency = CompetencyFactory(code="MJR-01")
    item = write_item(
        bank, subject=subject, competency=competency, competency_level=3, difficulty="sulit"
    )
    assert (item.subject, item.competency, item.competency_level, item.difficulty) == (
        subject,
        competency,
        3,
        "sulit",
    )


@pytest.mark.parametrize(("field", "value"), [("competency_level", 6), ("difficulty", "berat")])
def test_level_and_difficulty_are_checked(bank, field, value):
    with pytest.raises(ItemInvalid):
        write_item(bank, **{field: value})


# --- versions ---------------------------------------------------------------------------------


def edit(item, by=None, **changes):
    version = item.current_version
    data = {
        "item_type": item.item_type,
        "stem_html": version.stem_html,
        "options": version.options,
        "difficulty": item.difficulty,
        "subject": item.subject,
        "partial_credit": version.partial_credit,
        "weight": version.weight,
    }
    data.update(changes)
    return update_item(item, **data, by=by, now=timezone.now())


def test_editing_an_undrawn_version_edits_it_in_place(bank, widyaiswara):
    item = write_item(bank, widyaiswara)
    version_pk = item.current_version_id

    version = edit(item, widyaiswara, stem_html="<p>Ibu kota Jawa Barat?</p>")

    assert version.pk == version_pk
    assert version.number == 1
    assert ItemVersion.objects.filter(item=item).count() == 1
    assert version.stem_html == "<p>Ibu kota Jawa Barat?</p>"


def test_editing_a_drawn_version_creates_the_next_and_keeps_the_old_unchanged(bank):
    item = write_item(bank)
    old = item.current_version
    ItemVersion.objects.filter(pk=old.pk).update(is_locked=True)
    item.refresh_from_db()

    options = options_for(ItemType.SINGLE)
    options[0]["correct"], options[1]["correct"] = False, True
    version = edit(item, options=options)

    item.refresh_from_db()
    old.refresh_from_db()
    assert version.number == 2
    assert item.current_version == version
    assert old.options[0]["correct"] is True  # the drawn key is untouched
    assert old.stem_html == "<p>Ibu kota Indonesia?</p>"
    assert version.options[1]["correct"] is True


def test_saving_unchanged_content_makes_no_version(bank):
    item = write_item(bank)
    ItemVersion.objects.filter(pk=item.current_version_id).update(is_locked=True)
    item.refresh_from_db()

    edit(item, difficulty="sulit")

    item.refresh_from_db()
    assert item.versions.count() == 1
    assert item.difficulty == "sulit"


def test_type_cannot_change_after_an_attempt_drew_the_item(bank):
    item = write_item(bank)
    ItemVersion.objects.filter(pk=item.current_version_id).update(is_locked=True)
    item.refresh_from_db()

    with pytest.raises(ItemInvalid):
        edit(item, item_type=ItemType.MULTIPLE, options=options_for(ItemType.MULTIPLE))
    assert Item.objects.get(pk=item.pk).item_type == ItemType.SINGLE


def test_changing_an_active_item_sends_it_back_to_review(bank):
    item = write_item(bank)
    Item.objects.filter(pk=item.pk).update(status=ItemStatus.ACTIVE)
    item.refresh_from_db()

    edit(item, stem_html="<p>Ibu kota negara Indonesia?</p>")
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_REVIEW

    Item.objects.filter(pk=item.pk).update(status=ItemStatus.ACTIVE)
    item.refresh_from_db()
    edit(item, difficulty="mudah")  # tags only: still drawn
    item.refresh_from_db()
    assert item.status == ItemStatus.ACTIVE


def test_a_running_attempt_keeps_showing_and_scoring_the_version_it_drew(peserta, enrollment):
    # given a participant in an exam whose one item had key A
    bank = make_bank(enrollment.offering.program, size=0)
    item = make_item(bank)
    exam = AssessmentFactory(offering=enrollment.offering, item_count=1, banks=[bank])
    attempt, _created = start_attempt(
        exam, enrollment=enrollment, participant=peserta, now=timezone.now()
    )
    drawn = attempt.form[0]["version"]
    Answer.objects.filter(attempt=attempt, item=item).update(
        option_ids=[option_token(attempt.pk, item.pk, 0)]
    )
    # when the facilitator moves the key to B mid-exam
    item.refresh_from_db()
    options = [dict(o) for o in item.current_version.options]
    options[0]["correct"], options[1]["correct"] = False, True
    new = edit(item, options=options)
    # then the attempt still points at, and is scored by, the version it drew
    attempt.refresh_from_db()
    assert new.pk != drawn
    assert attempt.form[0]["version"] == drawn
    assert score_attempt(attempt).score == Decimal("100.00")
    assert Answer.objects.get(attempt=attempt).option_ids  # the saved answer is still there


# --- review workflow --------------------------------------------------------------------------


def in_review(bank, author):
    item = write_item(bank, author)
    return submit_for_review(item, by=author)


def test_submit_moves_a_draft_to_review_and_only_a_draft(bank, widyaiswara):
    item = in_review(bank, widyaiswara)
    assert item.status == ItemStatus.IN_REVIEW
    with pytest.raises(ItemStateError):
        submit_for_review(item, by=widyaiswara)


def test_the_author_cannot_review_their_own_item(bank, widyaiswara):
    item = in_review(bank, widyaiswara)

    with pytest.raises(ReviewRefused) as excinfo:
        review_item(item, approve=True, by=widyaiswara, now=timezone.now())

    assert excinfo.value.code == "reviewer_is_author"
    assert Item.objects.get(pk=item.pk).status == ItemStatus.IN_REVIEW


def test_the_writer_of_the_current_content_cannot_review_it(bank, widyaiswara, pengelola):
    item = write_item(bank, widyaiswara)
    edit(item, pengelola, stem_html="<p>Diubah pengelola?</p>")
    item = submit_for_review(Item.objects.get(pk=item.pk), by=pengelola)

    with pytest.raises(ReviewRefused):
        review_item(item, approve=True, by=pengelola, now=timezone.now())


def test_another_facilitator_of_the_subject_approves_and_the_item_becomes_active(
    bank, widyaiswara, other_facilitator
):
    item = in_review(bank, widyaiswara)
    now = timezone.now()

    item = review_item(item, approve=True, by=other_facilitator, comment="Baik.", now=now)

    assert item.status == ItemStatus.ACTIVE
    assert item.reviewer == other_facilitator
    assert item.reviewed_at == now
    assert Notification.objects.filter(user=widyaiswara).exists()


def test_a_pengelola_may_review(bank, widyaiswara, pengelola):
    item = review_item(in_review(bank, widyaiswara), approve=True, by=pengelola, now=timezone.now())
    assert item.status == ItemStatus.ACTIVE


def test_a_rejection_returns_the_item_to_draft_and_tells_the_author_why(
    bank, widyaiswara, other_facilitator
):
    item = in_review(bank, widyaiswara)

    item = review_item(
        item, approve=False, by=other_facilitator, comment="Kunci keliru.", now=timezone.now()
    )

    assert item.status == ItemStatus.DRAFT
    note = Notification.objects.get(user=widyaiswara)
    assert note.body == "Kunci keliru."


def test_a_rejection_needs_a_comment(bank, widyaiswara, other_facilitator):
    item = in_review(bank, widyaiswara)
    with pytest.raises(ItemInvalid):
        review_item(item, approve=False, by=other_facilitator, comment=" ", now=timezone.now())
    assert Item.objects.get(pk=item.pk).status == ItemStatus.IN_REVIEW


def test_a_facilitator_of_another_subject_cannot_review(bank, widyaiswara):
    stranger = UserFactory(roles=[Role.WIDYAISWARA])
    SubjectFactory().facilitators.add(stranger)
    item = in_review(bank, widyaiswara)

    with pytest.raises(ReviewRefused) as excinfo:
        review_item(item, approve=True, by=stranger, now=timezone.now())
    assert excinfo.value.code == "not_reviewer"


def test_only_an_item_in_review_can_be_reviewed(bank, widyaiswara, pengelola):
    item = write_item(bank, widyaiswara)
    with pytest.raises(ItemStateError):
        review_item(item, approve=True, by=pengelola, now=timezone.now())


def test_retire_stops_an_active_item_only(bank, widyaiswara, pengelola):
    item = review_item(in_review(bank, widyaiswara), approve=True, by=pengelola, now=timezone.now())
    assert retire_item(item).status == ItemStatus.RETIRED
    with pytest.raises(ItemStateError):
        retire_item(item)


# --- what is drawn ----------------------------------------------------------------------------


def test_only_active_items_with_a_current_version_are_drawn(program_with_offering):
    offering = program_with_offering
    bank = make_bank(offering.program, size=0)
    active = make_item(bank)
    for status in (ItemStatus.DRAFT, ItemStatus.IN_REVIEW, ItemStatus.RETIRED):
        Item.objects.filter(pk=make_item(bank).pk).update(status=status)
    without_content = make_item(bank)
    Item.objects.filter(pk=without_content.pk).update(current_version=None)
    Item.objects.filter(pk=active.pk).update(exposure_count=7)
    exam = AssessmentFactory(offering=offering, banks=[bank])

    pool, exposure = pool_for(exam)
    assert [p.item_id for p in pool] == [active.pk]
    assert pool[0].option_count == len(active.current_version.options)  # counted in the database
    assert exposure == {active.pk: 7}


@pytest.fixture
def program_with_offering():
    from tests.curriculum.factories import OfferingFactory

    return OfferingFactory(running=True)


def test_bank_capacity_counts_distinct_attempts_per_blueprint_row(program_with_offering):
    offering = program_with_offering
    subject = SubjectFactory(program=offering.program)
    bank = make_bank(offering.program, size=0)
    for _n in range(10):
        make_item(bank, subject=subject, difficulty="mudah")
    for _n in range(4):
        make_item(bank, subject=subject, difficulty="sulit")
    Item.objects.filter(pk=make_item(bank, difficulty="sulit").pk).update(status="draft")
    exam = AssessmentFactory(
        offering=offering,
        banks=[bank],
        blueprint=[
            {"subject": subject.pk, "difficulty": "mudah", "count": 3},
            {"subject": subject.pk, "difficulty": "sulit", "count": 2},
        ],
    )
    assert bank_capacity(exam) == 2  # min(10 // 3, 4 // 2); the draft does not count

    exam.blueprint = []
    exam.item_count = 5
    exam.save()
    assert bank_capacity(exam) == 2  # 14 active items // 5


# --- who may author ---------------------------------------------------------------------------


def test_facilitators_author_only_in_their_subject_or_program_banks(widyaiswara):
    own = subject_bank(widyaiswara)
    own_program = ItemBank.objects.create(code="PRG-ALL", title="Uji akhir", program=own.program)
    foreign = subject_bank()
    foreign_program = program_bank()

    assert can_author_items(widyaiswara, own)
    assert can_author_items(widyaiswara, own_program)
    assert not can_author_items(widyaiswara, foreign)
    assert not can_author_items(widyaiswara, foreign_program)
    assert set(authorable_banks(widyaiswara)) == {own, own_program}


def test_a_facilitator_of_a_sibling_subject_cannot_author_in_a_subject_bank(widyaiswara):
    bank = subject_bank()
    SubjectFactory(program=bank.program).facilitators.add(widyaiswara)
    assert not can_author_items(widyaiswara, bank)


@pytest.mark.parametrize("role", [Role.PESERTA, Role.COACH, Role.PIMPINAN])
def test_other_roles_author_nowhere(personas, role):
    bank = subject_bank(personas[role])  # even if listed on a subject by mistake
    assert not can_author_items(personas[role], bank)
    assert not authorable_banks(personas[role]).exists()


@pytest.mark.parametrize("role", [Role.PENGELOLA, Role.ADMIN])
def test_managers_author_in_every_bank(personas, role):
    assert can_author_items(personas[role], subject_bank())


def test_create_bank_for_a_subject_the_facilitator_teaches(widyaiswara):
    subject = SubjectFactory()
    subject.facilitators.add(widyaiswara)

    bank = create_bank(
        program=subject.program, subject=subject, code="MP1", title="Bank MP1", by=widyaiswara
    )

    assert bank.created_by == widyaiswara
    with pytest.raises(ItemInvalid):  # codes are unique
        create_bank(program=subject.program, subject=None, code="mp1", title="Lagi", by=widyaiswara)


def test_create_bank_elsewhere_is_refused(widyaiswara):
    subject = SubjectFactory()
    with pytest.raises(AuthoringRefused):
        create_bank(program=subject.program, subject=subject, code="X", title="X", by=widyaiswara)
    assert not ItemBank.objects.exists()
