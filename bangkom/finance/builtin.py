"""The built-in cost template: the seed's Tabel 2, line by line (DOMAIN.md S-3).

30 participants, 8 meal-days, 5 + 5 facilitators, 8/6 JP conventional, 3 JP SMART,
12 months of video-conference licence → conventional Rp91,829,000, SMART Rp13,731,988.
The seed's inconsistencies stay visible as notes: its title says 6 days but row 3 counts
8 meal-days, and its Rp69,000 meal+snack is not the 2024 SBM figure for DKI Jakarta
(Rp77,000). Every unit price here is the seed's own number, recorded with source "seed",
never as an official SBM value (DOMAIN.md §6).

The data is plain Python and the installer takes an app registry, so migration 0002 (with
the historical models) and ``ensure_builtin_template()`` (tests, after a database flush)
install the very same rows. Keep the installer to the fields of migration 0001: if the
schema changes, freeze a copy of this module into that migration first.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

BUILTIN_TEMPLATE_CODE = "tabel2-bihamding-2024"
SEED_PRICE_YEAR = 2024
SEED_SOURCE = "seed"
SEED_SOURCE_NOTE = "Nilai seed (Bihamding 2024, Tabel 2), bukan nilai resmi SBM PMK 49/2023."
NOTE_69K = (
    "Rp69.000 (1× makan + 1× snack) adalah angka seed; SBM 2024 konsumsi rapat "
    "DKI Jakarta adalah Rp77.000."
)
NOTE_6_VS_8_DAYS = (
    "Judul Tabel 2 menyebut 6 hari, tetapi baris ini dihitung dengan 8 hari makan "
    "(30 × 8 × Rp185.000 = Rp44.400.000); dengan 6 hari: 30 × 6 × Rp185.000 = Rp33.300.000."
)

TEMPLATE = {
    "code": BUILTIN_TEMPLATE_CODE,
    "name": "Tabel 2 seed: pelatihan 30 peserta, 6 hari — SMART vs konvensional",
    "description": (
        "Biaya satu pelatihan dengan 30 peserta dan 10 narasumber, sumber dana Rupiah Murni, "
        "menurut Tabel 2 artikel seed (H. Bihamding, 2024) yang menyebut PMK 49/2023."
    ),
    "notes": "\n".join(
        (
            "Semua harga satuan templat ini adalah nilai seed, bukan nilai resmi SBM PMK 49/2023.",
            NOTE_69K,
            "Menurut teks seed, pelatihan konvensional 5 hari untuk 30 peserta (Rupiah Murni) "
            "berbiaya Rp75–110 juta, dan di hotel melalui PNBP Rp145–170 juta; seed tidak "
            "memberi rincian barisnya, jadi varian hotel/PNBP tidak dihitung di sini.",
        )
    ),
    "price_year": SEED_PRICE_YEAR,
    "is_builtin": True,
}


@dataclass(frozen=True)
class ParameterSpec:
    code: str
    label: str
    default: Decimal
    unit: str
    note: str = ""


PARAMETERS: tuple[ParameterSpec, ...] = (
    ParameterSpec("participants", "Jumlah peserta", Decimal(30), "orang"),
    ParameterSpec(
        "days",
        "Lama pelatihan",
        Decimal(6),
        "hari",
        "Judul Tabel 2: 6 hari (teks: 5–6 hari). Tidak dipakai baris mana pun; konsumsi "
        "peserta dihitung dengan hari makan.",
    ),
    ParameterSpec("meal_days", "Hari makan peserta", Decimal(8), "hari", NOTE_6_VS_8_DAYS),
    ParameterSpec("facilitators_external", "Pengajar dari luar satker", Decimal(5), "orang"),
    ParameterSpec("facilitators_internal", "Pengajar dari dalam satker", Decimal(5), "orang"),
    ParameterSpec(
        "jp_external_conventional", "JP per pengajar luar (konvensional)", Decimal(8), "JP"
    ),
    ParameterSpec(
        "jp_internal_conventional", "JP per pengajar dalam (konvensional)", Decimal(6), "JP"
    ),
    ParameterSpec("jp_per_facilitator_smart", "JP per pengajar (SMART)", Decimal(3), "JP"),
    ParameterSpec("meeting_attendees", "Peserta rapat persiapan/evaluasi", Decimal(15), "orang"),
    ParameterSpec("licence_months", "Lama sewa lisensi konferensi video", Decimal(12), "bulan"),
    ParameterSpec(
        "licence_capacity",
        "Kapasitas satu lisensi konferensi video",
        Decimal(300),
        "orang",
        "Tabel 2: 'Sewa link Zoom 1 thn / 300 org'; tiap 300 peserta berikutnya perlu satu "
        "lisensi lagi.",
    ),
)


@dataclass(frozen=True)
class PriceSpec:
    code: str
    name: str
    unit: str
    amount: int
    note: str = ""


PRICES: tuple[PriceSpec, ...] = (
    PriceSpec("atk_persiapan", "ATK persiapan & pelaksanaan (konvensional)", "paket", 9_500_000),
    PriceSpec("atk_persiapan_smart", "ATK persiapan & pelaksanaan (SMART)", "paket", 800_000),
    PriceSpec(
        "konsumsi_rapat", "Konsumsi rapat (1× makan + 1× snack)", "orang/kali", 69_000, NOTE_69K
    ),
    PriceSpec(
        "konsumsi_diklat", "Konsumsi peserta diklat (3× makan + 2× snack)", "orang/hari", 185_000
    ),
    PriceSpec("obat", "Obat-obatan", "paket", 1_500_000),
    PriceSpec("komputer_supplies", "Komputer supplies pelaksanaan", "paket", 3_000_000),
    PriceSpec("blangko_sttpl", "Cetak blangko STTPL", "lembar", 65_000),
    PriceSpec("bahan_ajar", "Bahan ajar (copy) peserta", "orang", 100_000),
    PriceSpec("training_kit", "Training kit peserta", "orang", 150_000),
    PriceSpec("honor_pengajar_luar", "Honorarium pengajar dari luar satker", "OJ", 300_000),
    PriceSpec("honor_pengajar_dalam", "Honorarium pengajar dari dalam satker", "OJ", 200_000),
    PriceSpec("atk_evaluasi", "ATK tahap evaluasi (konvensional)", "paket", 1_719_000),
    PriceSpec("atk_evaluasi_smart", "ATK tahap evaluasi (SMART)", "paket", 800_000),
    PriceSpec("transport_narasumber", "Transport jasa profesi", "orang/kali", 150_000),
    PriceSpec("lisensi_zoom", "Sewa lisensi Zoom untuk 300 orang", "bulan", 213_499),
)


@dataclass(frozen=True)
class LineSpec:
    """One row of Tabel 2; ``None`` formula: the row is absent from that scenario."""

    order: int
    item_code: str
    name: str
    unit: str
    conventional: str | None
    smart: str | None
    price: str
    smart_price: str | None = None  # when SMART uses another price item than conventional
    note: str = ""


FACILITATORS = "facilitators_external + facilitators_internal"
# Tabel 2 row by row: (no, row key, name, volume unit, conventional formula, SMART formula,
# price item [, SMART price item], note). Kept as a table for review against DOMAIN.md S-3.
# fmt: off
LINES: tuple[LineSpec, ...] = (
    LineSpec(1, "atk_persiapan", "ATK (persiapan & pelaksanaan)", "paket", "1", "1",
             "atk_persiapan", "atk_persiapan_smart", "Harga borongan; SMART Rp800.000."),
    LineSpec(2, "rapat_persiapan", "Biaya rapat (persiapan)", "orang",
             "meeting_attendees", "meeting_attendees", "konsumsi_rapat",
             note="15 orang × Rp69.000 × 1 rapat. " + NOTE_69K),
    LineSpec(3, "konsumsi_peserta", "Konsumsi peserta (3× makan + 2× snack)", "OH",
             "participants * meal_days", None, "konsumsi_diklat", note=NOTE_6_VS_8_DAYS),
    LineSpec(4, "konsumsi_pengajar", "Konsumsi pengajar (1× makan + 1× snack)", "orang",
             FACILITATORS, None, "konsumsi_rapat",
             note="10 orang × Rp69.000 × 1. " + NOTE_69K),
    LineSpec(5, "obat", "Obat-obatan", "paket", "1", None, "obat"),
    LineSpec(6, "komputer_supplies", "Komputer supplies pelaksanaan", "paket", "1", None,
             "komputer_supplies"),
    LineSpec(7, "blangko_sttpl", "Cetak blangko STTPL", "lembar", "participants", None,
             "blangko_sttpl"),
    LineSpec(8, "bahan_ajar", "Bahan ajar (copy) bagi peserta", "orang", "participants", None,
             "bahan_ajar"),
    LineSpec(9, "training_kit", "Training kit bagi peserta", "orang", "participants", None,
             "training_kit"),
    LineSpec(10, "pengajar_luar", "Belanja jasa profesi pengajar luar", "OJ",
             "facilitators_external * jp_external_conventional",
             "facilitators_external * jp_per_facilitator_smart", "honor_pengajar_luar",
             note="Konvensional 5 × 8 JP = 40 JP; SMART 5 × 3 JP = 15 JP."),
    LineSpec(11, "pengajar_dalam", "Belanja jasa profesi pengajar dalam", "OJ",
             "facilitators_internal * jp_internal_conventional",
             "facilitators_internal * jp_per_facilitator_smart", "honor_pengajar_dalam",
             note="Konvensional 5 × 6 JP = 30 JP; SMART 5 × 3 JP = 15 JP."),
    LineSpec(12, "atk_evaluasi", "Tahap evaluasi (ATK)", "paket", "1", "1",
             "atk_evaluasi", "atk_evaluasi_smart", "Harga borongan; SMART Rp800.000."),
    LineSpec(13, "rapat_evaluasi", "Tahap evaluasi (rapat)", "orang",
             "meeting_attendees", "meeting_attendees", "konsumsi_rapat",
             note="15 orang × Rp69.000. " + NOTE_69K),
    LineSpec(14, "transport", "Transport jasa profesi", "orang", FACILITATORS, None,
             "transport_narasumber", note="10 orang × Rp150.000 × 1."),
    LineSpec(15, "lisensi_zoom", "Sewa link Zoom 1 tahun / 300 orang", "bulan", None,
             "licence_months * ceil(participants / licence_capacity)", "lisensi_zoom",
             note="Rp213.499 × 12 bulan; satu lisensi per 300 peserta."),
)
# fmt: on

SCENARIOS = (
    ("conventional", "Konvensional", "Tatap muka, Rupiah Murni."),
    (
        "smart",
        "SMART Training",
        "Daring dan mandiri: tanpa konsumsi, cetak, obat dan transport; honor untuk 3 JP per "
        "pengajar dan lisensi konferensi video.",
    ),
)


def install_builtin_template(apps: object) -> object:
    """Create the Tabel 2 template, its price items and 2024 seed prices; idempotent.

    ``apps`` is a migration's historical registry or ``django.apps.apps``. An existing
    template with the built-in code is returned untouched; existing prices are kept.
    """
    template_model = apps.get_model("finance", "CostTemplate")
    existing = template_model.objects.filter(code=BUILTIN_TEMPLATE_CODE).first()
    if existing is not None:
        return existing
    items = _install_prices(apps)
    template = template_model.objects.create(**TEMPLATE)
    parameter_model = apps.get_model("finance", "CostParameter")
    parameter_model.objects.bulk_create(
        parameter_model(
            template=template,
            code=spec.code,
            label=spec.label,
            default_value=spec.default,
            unit=spec.unit,
            note=spec.note,
            order=order,
        )
        for order, spec in enumerate(PARAMETERS, start=1)
    )
    scenario_model = apps.get_model("finance", "CostScenario")
    line_model = apps.get_model("finance", "CostLine")
    for code, label, note in SCENARIOS:
        scenario = scenario_model.objects.create(
            template=template, code=code, label=label, note=note
        )
        line_model.objects.bulk_create(
            line_model(
                scenario=scenario,
                order=spec.order,
                item_code=spec.item_code,
                name=spec.name,
                unit=spec.unit,
                quantity_formula=getattr(spec, code),
                price_item=items[
                    spec.smart_price if code == "smart" and spec.smart_price else spec.price
                ],
                note=spec.note,
            )
            for spec in LINES
            if getattr(spec, code) is not None
        )
    return template


def _install_prices(apps: object) -> dict[str, object]:
    item_model = apps.get_model("finance", "PriceItem")
    price_model = apps.get_model("finance", "UnitPrice")
    items = {}
    for spec in PRICES:
        item, _created = item_model.objects.get_or_create(
            code=spec.code, defaults={"name": spec.name, "unit": spec.unit, "note": spec.note}
        )
        price_model.objects.get_or_create(
            item=item,
            effective_year=SEED_PRICE_YEAR,
            province_code=None,
            defaults={
                "amount": spec.amount,
                "source": SEED_SOURCE,
                "source_note": SEED_SOURCE_NOTE,
            },
        )
        items[spec.code] = item
    return items


def remove_builtin_template(apps: object) -> None:
    """Undo ``install_builtin_template``: the template, then the seed prices and items that
    no other template's line uses."""
    apps.get_model("finance", "CostTemplate").objects.filter(code=BUILTIN_TEMPLATE_CODE).delete()
    item_model = apps.get_model("finance", "PriceItem")
    unused = item_model.objects.filter(code__in=[spec.code for spec in PRICES], lines__isnull=True)
    apps.get_model("finance", "UnitPrice").objects.filter(
        item__in=unused, effective_year=SEED_PRICE_YEAR, source=SEED_SOURCE
    ).delete()
    unused.filter(prices__isnull=True).delete()


def ensure_builtin_template() -> object:
    """Install the built-in template in the live registry if it is missing (tests, demo)."""
    from django.apps import apps

    return install_builtin_template(apps)
