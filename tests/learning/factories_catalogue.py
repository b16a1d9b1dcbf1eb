"""Helpers of the catalogue and enrolment tests: XLSX files of NIPs, certified journeys,
pending enrolments and invitations."""

from __future__ import annotations

import io
from collections.abc import Iterable

import factory
import openpyxl
from django.utils import timezone
from factory.django import DjangoModelFactory

from bangkom.learning import progress
from bangkom.learning.choices import EnrollmentStatus
from bangkom.learning.models import Invitation
from tests.curriculum.factories import OfferingFactory
from tests.learning.factories import EnrollmentFactory


class PendingEnrollmentFactory(EnrollmentFactory):
    status = EnrollmentStatus.PENDING


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    offering = factory.SubFactory(OfferingFactory)
    institution = factory.SubFactory("tests.accounts.factories.InstitutionFactory")
    sent_at = factory.LazyFunction(timezone.now)


def xlsx_with_nips(values: Iterable[object], *, header: str = "nip", as_text: bool = True) -> bytes:
    """An XLSX whose first sheet has a header row and one value per row under it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([header, "nama"])
    for value in values:
        sheet.append([value, "Pegawai"])
        if as_text and isinstance(value, str):
            sheet.cell(row=sheet.max_row, column=1).number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def certify(monkeypatch, *enrollments, rpl: bool = False) -> None:
    """Make the journey of these enrolments kompeten (or exempt by RPL) until the exam
    engine exists: its facts are what ``progress.exam_facts`` returns."""
    done = {e.pk for e in enrollments}
    original = progress.exam_facts

    def facts(batch):
        found = dict(original(batch))
        for e in batch:
            if e.pk in done:
                found[e.pk] = (
                    {"has_placement": True, "placement_result": "passed"}
                    if rpl
                    else {"has_final": True, "final_passed": True}
                )
        return found

    monkeypatch.setattr(progress, "exam_facts", facts)
