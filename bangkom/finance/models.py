"""The cost model: templates of cost lines per scenario, and a versioned unit-price table.

A ``CostTemplate`` names its parameters (participants, meal-days, facilitators, JP, months of
video-conference licence …) and holds one ``CostScenario`` per way of running the training
(conventional, SMART, optionally hotel/PNBP). Each ``CostLine`` has a quantity formula over
the parameters (evaluated by ``formulas.py``) and a unit price: either a ``PriceItem`` —
whose amount comes from the versioned ``UnitPrice`` table ``(item, effective year,
province?, amount)`` as DOMAIN.md §6 asks — or a literal amount. All money is whole rupiah.
The built-in template reproducing the seed's Tabel 2 (DOMAIN.md S-3) is installed by a data
migration (``builtin.py``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bangkom.common.models import TimeStampedModel
from bangkom.finance.choices import PriceSource, ScenarioCode

CODE_VALIDATOR = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$",
    _("Gunakan huruf kecil, angka dan garis bawah, diawali huruf (maks. 40 karakter)."),
)
MAX_UNIT_PRICE = 10**12  # a trillion rupiah per unit is beyond any training budget line
MIN_PRICE_YEAR, MAX_PRICE_YEAR = 2000, 2100


class CostTemplate(TimeStampedModel):
    code = models.SlugField(_("kode"), max_length=60, unique=True)
    name = models.CharField(_("nama"), max_length=200)
    description = models.TextField(_("deskripsi"), blank=True)
    # One note per line, shown under every comparison made with this template.
    notes = models.TextField(_("catatan"), blank=True)
    # The price year used when a comparison names none, so a template keeps its figures
    # when newer prices are added (the built-in one stays equal to the seed's Tabel 2).
    price_year = models.PositiveSmallIntegerField(
        _("tahun harga"),
        validators=[MinValueValidator(MIN_PRICE_YEAR), MaxValueValidator(MAX_PRICE_YEAR)],
    )
    is_builtin = models.BooleanField(_("bawaan"), default=False)

    class Meta:
        ordering = ["-is_builtin", "name", "pk"]
        verbose_name = _("templat biaya")
        verbose_name_plural = _("templat biaya")

    def __str__(self) -> str:
        return self.name

    @property
    def note_lines(self) -> list[str]:
        return [line.strip() for line in self.notes.splitlines() if line.strip()]


class CostParameter(models.Model):
    template = models.ForeignKey(CostTemplate, on_delete=models.CASCADE, related_name="parameters")
    code = models.CharField(_("kode"), max_length=40, validators=[CODE_VALIDATOR])
    label = models.CharField(_("label"), max_length=200)
    default_value = models.DecimalField(_("nilai bawaan"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=40, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        ordering = ["template", "order", "pk"]
        verbose_name = _("parameter biaya")
        verbose_name_plural = _("parameter biaya")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="finance_parameter_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.template.code}.{self.code}"


class CostScenario(models.Model):
    template = models.ForeignKey(CostTemplate, on_delete=models.CASCADE, related_name="scenarios")
    code = models.CharField(_("kode"), max_length=20, choices=ScenarioCode.choices)
    label = models.CharField(_("label"), max_length=100)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["template", "pk"]
        verbose_name = _("skenario biaya")
        verbose_name_plural = _("skenario biaya")
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="finance_scenario_code_once")
        ]

    def __str__(self) -> str:
        return f"{self.template.code}: {self.label}"


class PriceItem(models.Model):
    """A cost item whose unit price is versioned by year (and optionally province)."""

    code = models.CharField(_("kode"), max_length=40, unique=True, validators=[CODE_VALIDATOR])
    name = models.CharField(_("nama"), max_length=200)
    unit = models.CharField(_("satuan"), max_length=40)
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("item harga")
        verbose_name_plural = _("item harga")

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"


class UnitPrice(TimeStampedModel):
    """One amount of an item from an effective year on; older rows are kept as history.

    A comparison for year Y uses, per item, the row with the greatest ``effective_year``
    ≤ Y, preferring a row of the requested province over the national one (no province).
    """

    item = models.ForeignKey(PriceItem, on_delete=models.CASCADE, related_name="prices")
    effective_year = models.PositiveSmallIntegerField(
        _("tahun berlaku"),
        validators=[MinValueValidator(MIN_PRICE_YEAR), MaxValueValidator(MAX_PRICE_YEAR)],
    )
    province_code = models.CharField(_("kode provinsi"), max_length=2, null=True, blank=True)
    amount = models.PositiveBigIntegerField(
        _("harga satuan (Rp)"), validators=[MaxValueValidator(MAX_UNIT_PRICE)]
    )
    source = models.CharField(_("sumber"), max_length=10, choices=PriceSource.choices)
    source_note = models.CharField(_("keterangan sumber"), max_length=300, blank=True)

    class Meta:
        ordering = ["item", "-effective_year", "province_code"]
        verbose_name = _("harga satuan")
        verbose_name_plural = _("harga satuan")
        constraints = [
            # Two partial indexes, because NULLs are distinct in a plain unique index on
            # SQLite and PostgreSQL: one national row and one row per province per year.
            models.UniqueConstraint(
                fields=["item", "effective_year"],
                condition=Q(province_code__isnull=True),
                name="finance_unitprice_once_national",
            ),
            models.UniqueConstraint(
                fields=["item", "effective_year", "province_code"],
                condition=Q(province_code__isnull=False),
                name="finance_unitprice_once_per_province",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.code} {self.effective_year}: {self.amount}"


class CostLine(models.Model):
    """A row of a scenario: quantity (formula) × unit price (price item or literal)."""

    scenario = models.ForeignKey(CostScenario, on_delete=models.CASCADE, related_name="lines")
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)
    # The row's key across scenarios: the same item_code is one row of the comparison table.
    item_code = models.CharField(_("kode baris"), max_length=40, validators=[CODE_VALIDATOR])
    name = models.CharField(_("uraian"), max_length=200)
    unit = models.CharField(_("satuan volume"), max_length=40)
    quantity_formula = models.CharField(_("rumus volume"), max_length=200)
    price_item = models.ForeignKey(
        PriceItem,
        on_delete=models.PROTECT,
        related_name="lines",
        null=True,
        blank=True,
        verbose_name=_("item harga"),
    )
    literal_unit_price = models.PositiveBigIntegerField(
        _("harga satuan tetap (Rp)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_UNIT_PRICE)],
    )
    note = models.TextField(_("catatan"), blank=True)

    class Meta:
        ordering = ["scenario", "order", "pk"]
        verbose_name = _("baris biaya")
        verbose_name_plural = _("baris biaya")
        constraints = [
            models.CheckConstraint(
                condition=(Q(price_item__isnull=False) & Q(literal_unit_price__isnull=True))
                | (Q(price_item__isnull=True) & Q(literal_unit_price__isnull=False)),
                name="finance_costline_one_price",
            ),
            models.UniqueConstraint(
                fields=["scenario", "item_code"], name="finance_costline_item_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scenario}: {self.name}"
