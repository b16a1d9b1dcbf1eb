"""Programs, target competencies and subjects (curriculum/programs.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bangkom.common.errors import DomainError
from bangkom.curriculum.errors import CurriculumErrorCode
from bangkom.curriculum.models import Program, ProgramCompetency, Subject
from bangkom.curriculum.programs import (
    ProgramData,
    SubjectData,
    add_subject,
    create_program,
    jp_mismatch,
    set_program_competency,
    update_program,
    update_subject,
)
from tests.curriculum.factories import CompetencyFactory, ProgramFactory, SubjectFactory

pytestmark = pytest.mark.django_db


def program_data(**overrides: object) -> ProgramData:
    values = {
        "code": "SEKWAN-01",
        "title": "Pelatihan Pemantapan Tugas Sekretaris DPRD",
        "program_type": "pemerintahan",
        "total_jp": Decimal("30"),
        "learning_form": "NKL03",
    }
    values.update(overrides)
    return ProgramData(**values)


def test_create_program_stores_what_the_manager_entered(pengelola):
    program = create_program(program_data(description="  Untuk Sekwan  "), by=pengelola)

    program.refresh_from_db()
    assert program.code == "SEKWAN-01"
    assert program.total_jp == Decimal("30")
    assert program.description == "Untuk Sekwan"
    assert program.created_by == pengelola
    assert program.total_minutes == 30 * 45


def test_duplicate_program_code_is_refused_whatever_its_case(pengelola):
    create_program(program_data(), by=pengelola)

    with pytest.raises(DomainError) as refused:
        create_program(program_data(code="sekwan-01", title="Lain"), by=pengelola)

    assert refused.value.code == CurriculumErrorCode.DUPLICATE_CODE
    assert Program.objects.count() == 1


@pytest.mark.parametrize("jp", ["0", "-4", "2.25", "10000"])
def test_program_jp_must_be_positive_in_half_steps(pengelola, jp):
    with pytest.raises(DomainError) as refused:
        create_program(program_data(total_jp=Decimal(jp)), by=pengelola)

    assert refused.value.field == "total_jp"
    assert not Program.objects.exists()


def test_half_jp_is_accepted(pengelola):
    program = create_program(program_data(total_jp=Decimal("20.5")), by=pengelola)
    assert program.total_jp == Decimal("20.5")


def test_unknown_learning_form_is_refused(pengelola):
    with pytest.raises(DomainError) as refused:
        create_program(program_data(learning_form="XX99"), by=pengelola)
    assert refused.value.field == "learning_form"


def test_update_program_refuses_another_programs_code(pengelola):
    ProgramFactory(code="SEKDA-01")
    program = ProgramFactory(code="SAHLI-01", title="Sahli")

    with pytest.raises(DomainError):
        update_program(program, program_data(code="SEKDA-01"))

    program.refresh_from_db()
    assert program.code == "SAHLI-01"
    assert program.title == "Sahli"


def test_target_competency_level_must_be_1_to_5():
    program = ProgramFactory()
    competency = CompetencyFactory()

    with pytest.raises(DomainError) as refused:
        set_program_competency(program, competency=competency, target_level=6)

    assert refused.value.code == CurriculumErrorCode.INVALID_COMPETENCY_LEVEL
    assert not ProgramCompetency.objects.exists()


def test_setting_a_target_competency_again_changes_its_level():
    program = ProgramFactory()
    competency = CompetencyFactory()
    set_program_competency(program, competency=competency, target_level=3)

    set_program_competency(program, competency=competency, target_level=4)

    assert list(program.competencies.values_list("target_level", flat=True)) == [4]


def test_widyaiswara_may_facilitate_a_subject(widyaiswara):
    program = ProgramFactory()

    subject = add_subject(
        program,
        SubjectData(title="Analisis kebijakan", jp=Decimal("8"), facilitators=(widyaiswara,)),
    )

    assert list(subject.facilitators.all()) == [widyaiswara]


def test_a_non_widyaiswara_facilitator_is_refused_and_nothing_is_saved(widyaiswara, peserta):
    program = ProgramFactory()

    with pytest.raises(DomainError) as refused:
        add_subject(
            program,
            SubjectData(title="Analisis", jp=Decimal("8"), facilitators=(widyaiswara, peserta)),
        )

    assert refused.value.code == CurriculumErrorCode.NOT_A_FACILITATOR
    assert peserta.name in str(refused.value)
    assert not Subject.objects.exists()


def test_editing_a_subject_cannot_add_a_non_widyaiswara_facilitator(widyaiswara, pengelola):
    subject = SubjectFactory(title="Lama")
    subject.facilitators.set([widyaiswara])

    with pytest.raises(DomainError):
        update_subject(
            subject, SubjectData(title="Baru", jp=Decimal("4"), facilitators=(pengelola,))
        )

    subject.refresh_from_db()
    assert subject.title == "Lama"
    assert list(subject.facilitators.all()) == [widyaiswara]


def test_subject_without_order_goes_last():
    program = ProgramFactory()
    add_subject(program, SubjectData(title="Satu", jp=Decimal("4")))
    add_subject(program, SubjectData(title="Dua", jp=Decimal("4")))

    assert list(program.subjects.values_list("title", "order")) == [("Satu", 1), ("Dua", 2)]


def test_subject_inserted_on_a_taken_order_shifts_the_others_down():
    program = ProgramFactory()
    for title in ("A", "B", "C"):
        add_subject(program, SubjectData(title=title, jp=Decimal("4")))

    add_subject(program, SubjectData(title="Baru", jp=Decimal("2"), order=2))

    assert list(program.subjects.values_list("title", flat=True)) == ["A", "Baru", "B", "C"]
    assert list(program.subjects.values_list("order", flat=True)) == [1, 2, 3, 4]


def test_moving_a_subject_to_a_free_order_keeps_the_others_numbers():
    program = ProgramFactory()
    a = add_subject(program, SubjectData(title="A", jp=Decimal("4")))
    add_subject(program, SubjectData(title="B", jp=Decimal("4")))

    update_subject(a, SubjectData(title="A", jp=Decimal("4"), order=10))

    assert list(program.subjects.values_list("title", "order")) == [("B", 2), ("A", 10)]


def test_moving_a_subject_up_reorders_the_program():
    program = ProgramFactory()
    for title in ("A", "B", "C"):
        add_subject(program, SubjectData(title=title, jp=Decimal("4")))
    c = program.subjects.get(title="C")

    update_subject(c, SubjectData(title="C", jp=Decimal("4"), order=1))

    assert list(program.subjects.values_list("title", flat=True)) == ["C", "A", "B"]


def test_jp_mismatch_is_the_total_minus_the_subjects_sum():
    program = ProgramFactory(total_jp=Decimal("30"))
    SubjectFactory(program=program, jp=Decimal("6"))
    SubjectFactory(program=program, jp=Decimal("8.5"))

    assert jp_mismatch(program) == Decimal("15.5")


def test_jp_mismatch_is_zero_when_subjects_add_up():
    program = ProgramFactory(total_jp=Decimal("20"))
    for _ in range(5):
        SubjectFactory(program=program, jp=Decimal("4"))

    assert jp_mismatch(program) == 0


def test_jp_mismatch_is_negative_when_subjects_exceed_the_total():
    program = ProgramFactory(total_jp=Decimal("4"))
    SubjectFactory(program=program, jp=Decimal("6"))

    assert jp_mismatch(program) == Decimal("-2")
