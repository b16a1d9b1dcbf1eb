"""Factories of the progression context's JP ledger."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from bangkom.curriculum.choices import LearningForm
from bangkom.progression.choices import CreditSource
from bangkom.progression.models import JpCredit
from tests.accounts.factories import EmployeeFactory


class JpCreditFactory(DjangoModelFactory):
    """An external-source credit (no enrolment) of some JP in a year."""

    class Meta:
        model = JpCredit

    employee = factory.SubFactory(EmployeeFactory)
    year = 2026
    jp = Decimal("10")
    source = CreditSource.EXTERNAL
    title = factory.Sequence(lambda n: f"Bimtek {n}")
    provider = "Lembaga Administrasi Negara"
    starts_on = date(2026, 3, 2)
    ends_on = date(2026, 3, 4)
    learning_form = LearningForm.KL10
