"""API schemas of the finance context (API.md: Finance).

``CostComparisonIn`` lists the built-in template's parameters for the OpenAPI page, and
keeps any other field so a copied template's own parameters can be given too; fields that
the chosen template does not know are ignored (API.md: more fields are welcome). Money in
the output is whole rupiah (integers).
"""

from __future__ import annotations

from decimal import Decimal

from ninja import Schema
from pydantic import ConfigDict, Field


class CostComparisonIn(Schema):
    model_config = ConfigDict(extra="allow")

    template: str | None = Field(None, description="kode templat; kosong: Tabel 2 bawaan")
    year: int | None = Field(None, description="tahun harga (SBM); kosong: tahun templat")
    province: str | None = Field(None, max_length=2, description="kode provinsi harga")
    participants: Decimal | None = None
    days: Decimal | None = None
    meal_days: Decimal | None = None
    facilitators_external: Decimal | None = None
    facilitators_internal: Decimal | None = None
    jp_external_conventional: Decimal | None = None
    jp_internal_conventional: Decimal | None = None
    jp_per_facilitator_smart: Decimal | None = None
    meeting_attendees: Decimal | None = None
    licence_months: Decimal | None = None
    licence_capacity: Decimal | None = None


class PerParticipantOut(Schema):
    conventional: int | None
    smart: int | None


class CostLineOut(Schema):
    """One row of the table: ``quantity``/``unit_price`` are the conventional line's when
    the row has one, else the SMART line's; ``quantities``/``unit_prices``/``amounts`` give
    every scenario's (``null`` where the row is absent)."""

    item: str
    name: str
    unit: str
    quantity: int | float
    unit_price: int
    conventional: int | None
    smart: int | None
    note: str
    quantities: dict[str, int | float | None]
    unit_prices: dict[str, int | None]
    amounts: dict[str, int | None]


class CostComparisonOut(Schema):
    template: str
    year: int
    conventional_total: int
    smart_total: int
    saving: int
    saving_percent: float | None
    per_participant: PerParticipantOut
    totals: dict[str, int]
    parameters: dict[str, int | float]
    lines: list[CostLineOut]
    notes: list[str]
