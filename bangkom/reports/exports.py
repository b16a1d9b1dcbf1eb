"""XLSX exports of the report tables (RELIABILITY.md B12 through ``common.exports``).

Each workbook holds the same numbers as the page's tables, from the same dataclasses:
counts as integers, percentages as numbers with one decimal (empty when undefined).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bangkom.common.exports import xlsx_bytes
from bangkom.reports.agency import OfferingRow
from bangkom.reports.compliance import InstitutionYear
from bangkom.reports.dashboard import OfferingDashboard


def _number(value: object) -> object:
    """Decimals as floats (or ints when whole), so a spreadsheet sums them."""
    if value is None:
        return None
    if hasattr(value, "to_integral_value"):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def funnel_rows(dashboard: OfferingDashboard) -> list[list[object]]:
    return [[stage.label, stage.count, stage.percent] for stage in dashboard.stages]


def rate_rows(dashboard: OfferingDashboard) -> list[list[object]]:
    return [
        [
            rate.title,
            rate.kind_label,
            rate.max_attempts,
            rate.takers,
            rate.passed,
            rate.pass_rate,
            rate.attempts,
            rate.attempts_per_taker,
            rate.passed_first,
            _number(rate.mean_score),
        ]
        for rate in dashboard.rates
    ]


def offering_dashboard_xlsx(dashboard: OfferingDashboard) -> bytes:
    """Sheets: funnel, assessments, attendance (summary and per day), surveys, cost."""
    a = dashboard.attendance
    scale = max((row.scale for row in dashboard.survey_rows), default=0)
    sheets = {
        _("Corong"): (
            [_("Tahap"), _("Peserta"), _("Persentase dari terdaftar")],
            funnel_rows(dashboard),
        ),
        _("Ujian"): (
            [
                _("Ujian"),
                _("Jenis"),
                _("Kesempatan maks."),
                _("Peserta ujian"),
                _("Lulus"),
                _("Tingkat kelulusan (%)"),
                _("Percobaan dipakai"),
                _("Percobaan per peserta"),
                _("Lulus pada percobaan pertama"),
                _("Rata-rata nilai"),
            ],
            rate_rows(dashboard),
        ),
        _("Kehadiran"): (
            [_("Ukuran"), _("Nilai")],
            [
                [_("Peserta"), a.participants],
                [_("Hadir minimal sekali"), a.present_once],
                [_("Hadir minimal sekali (%)"), a.present_share],
                [_("Rata-rata hari hadir"), a.average_days],
                [_("Hari pembelajaran"), a.window_days],
                [_("Rata-rata kehadiran (%)"), a.average_share],
                [_("Median hari sampai selesai"), dashboard.completion.median_days],
                [_("Peserta selesai"), dashboard.completion.completed],
            ],
        ),
        _("Kehadiran per hari"): (
            [_("Tanggal"), _("Hadir"), _("Absen harian")],
            [[day.day, day.present, day.checked_in] for day in a.days],
        ),
        _("Survei"): (
            [
                _("Instrumen"),
                _("Pernyataan"),
                *[str(value) for value in range(1, scale + 1)],
                _("Jumlah"),
                _("Setuju (%)"),
            ],
            [
                [
                    row.instrument,
                    row.statement,
                    *[row.counts[i] if i < len(row.counts) else None for i in range(scale)],
                    row.total,
                    row.percent_agree,
                ]
                for row in dashboard.survey_rows
            ],
        ),
        _("Biaya"): ([_("Ukuran"), _("Nilai")], cost_rows(dashboard)),
    }
    return xlsx_bytes(sheets)


def cost_rows(dashboard: OfferingDashboard) -> list[list[object]]:
    cost = dashboard.cost
    if cost is None:
        return [[_("Rencana"), _("tidak ada rencana")]]
    return [
        [_("Rencana"), cost.plan_title],
        [_("Total SMART (Rp)"), cost.smart_total],
        [_("Total konvensional (Rp)"), cost.conventional_total],
        [_("Penghematan (Rp)"), cost.saving],
        [_("Penghematan (%)"), _number(cost.saving_percent)],
        [_("Peserta direncanakan"), cost.planned_participants],
        [_("Peserta terdaftar"), cost.actual_participants],
        [_("Biaya per peserta terdaftar (Rp)"), cost.per_participant],
    ]


def institution_header(year: int) -> list[str]:
    return [
        _("Instansi"),
        _("Pegawai aktif"),
        _("Memenuhi 20 JP"),
        _("Kepatuhan JP (%)"),
        _("Pegawai yang mengikuti pelatihan"),
        _("Partisipasi (%)"),
        _("Kesenjangan dalam AKPK %(year)s") % {"year": year},
        _("Kesenjangan tertutup"),
        _("Penutupan kesenjangan (%)"),
    ]


def institution_row(row: InstitutionYear) -> list[object]:
    return [
        row.name,
        row.employees,
        row.compliant,
        row.compliance,
        row.participants,
        row.participation,
        row.gaps,
        row.gaps_closed if row.gaps is not None else None,
        row.gap_closure,
    ]


def institution_report_xlsx(
    rows: Iterable[InstitutionYear], *, total: InstitutionYear, year: int
) -> bytes:
    body = [institution_row(row) for row in rows] + [institution_row(total)]
    return xlsx_bytes({_("Instansi %(year)s") % {"year": year}: (institution_header(year), body)})


AGENCY_HEADER = (
    gettext_lazy("Kode angkatan"),
    gettext_lazy("Angkatan"),
    gettext_lazy("Program"),
    gettext_lazy("Mulai"),
    gettext_lazy("Terdaftar"),
    gettext_lazy("Kompeten"),
    gettext_lazy("Dibebaskan (RPL)"),
    gettext_lazy("Peserta uji akhir"),
    gettext_lazy("Tingkat kelulusan uji akhir (%)"),
    gettext_lazy("JP dikreditkan"),
    gettext_lazy("Biaya per peserta (Rp)"),
)


def agency_row(row: OfferingRow) -> list[object]:
    o = row.offering
    return [
        o.code,
        o.name,
        o.program.title,
        o.starts_at,
        row.enrolled,
        row.kompeten,
        row.exempt,
        row.final_takers,
        row.pass_rate,
        _number(row.jp_credited),
        row.cost_per_participant,
    ]


def agency_xlsx(rows: Iterable[OfferingRow]) -> bytes:
    header = [str(title) for title in AGENCY_HEADER]
    return xlsx_bytes({_("Angkatan"): (header, (agency_row(row) for row in rows))})
