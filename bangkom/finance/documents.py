"""The cost comparison as an office document: XLSX (numbers stay numbers) and PDF (A4).

Both show what the page shows: every line of every scenario, totals, the saving (Rp and
%), the cost per participant, the parameters used and the notes, including the seed's
inconsistencies. Text cells go through ``bangkom.common.exports`` so no name typed by a
manager can become a spreadsheet formula. Presentation only: the figures come from
``costing.compare_costs``.
"""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from bangkom.common.exports import xlsx_bytes
from bangkom.finance.costing import CostComparison
from bangkom.finance.formatting import format_number, format_percent, format_rupiah


def _number(value: Decimal | None) -> int | float | None:
    """A quantity as a spreadsheet number: an int when whole."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def comparison_rows(comparison: CostComparison) -> tuple[list[str], list[list[object]]]:
    """Header and rows of the comparison sheet: lines, then totals, saving, per participant."""
    header = [_("No."), _("Kode"), _("Uraian"), _("Satuan")]
    for scenario in comparison.scenarios:
        header += [
            _("Volume %(scenario)s") % {"scenario": scenario.label},
            _("Harga satuan %(scenario)s (Rp)") % {"scenario": scenario.label},
            _("Jumlah %(scenario)s (Rp)") % {"scenario": scenario.label},
        ]
    header.append(_("Catatan"))
    rows: list[list[object]] = []
    for row in comparison.rows:
        cells: list[object] = [row.number, row.item, row.name, row.unit]
        for cell in row.cells:
            if cell is None:
                cells += [None, None, None]
            else:
                cells += [_number(cell.quantity), cell.unit_price, cell.amount]
        rows.append([*cells, row.note])
    padding = [None, None]

    def summary(label: str, values: list[object], note: str = "") -> list[object]:
        cells: list[object] = [None, None, label, None]
        for value in values:
            cells += [*padding, value]
        return [*cells, note]

    rows.append(summary(_("Total"), [s.total for s in comparison.scenarios]))
    rows.append(summary(_("Biaya per peserta"), [s.per_participant for s in comparison.scenarios]))
    rows.append(summary(_("Penghematan SMART (Rp)"), [comparison.saving]))
    percent = comparison.saving_percent
    rows.append(
        summary(_("Penghematan SMART (%)"), [float(percent) if percent is not None else None])
    )
    return header, rows


def comparison_xlsx(comparison: CostComparison) -> bytes:
    """Three sheets: Perbandingan (lines and totals), Parameter, Catatan."""
    header, rows = comparison_rows(comparison)
    parameters = [
        [p.code, p.label, _number(p.value), p.unit, _number(p.default), p.note]
        for p in comparison.parameters
    ]
    notes = [
        [_("Templat"), comparison.template_name],
        [_("Tahun harga"), comparison.year],
        *[[_("Catatan"), note] for note in comparison.notes],
    ]
    return xlsx_bytes(
        {
            _("Perbandingan"): (header, rows),
            _("Parameter"): (
                [_("Kode"), _("Parameter"), _("Nilai"), _("Satuan"), _("Bawaan"), _("Catatan")],
                parameters,
            ),
            _("Catatan"): ([_("Hal"), _("Isi")], notes),
        }
    )


# --- PDF ------------------------------------------------------------------------------------

_STYLES = getSampleStyleSheet()
_SMALL = ParagraphStyle("finance-small", parent=_STYLES["Normal"], fontSize=7.5, leading=9)
_NOTE = ParagraphStyle("finance-note", parent=_SMALL, textColor=colors.HexColor("#555555"))
_RIGHT = ParagraphStyle("finance-right", parent=_SMALL, alignment=2)
_BOLD_RIGHT = ParagraphStyle("finance-bold-right", parent=_RIGHT, fontName="Helvetica-Bold")
_USABLE_WIDTH = A4[0] - 30 * mm


def _p(text: object, style: ParagraphStyle = _SMALL) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _line_table(comparison: CostComparison) -> Table:
    scenario_width = 46 * mm if len(comparison.scenarios) <= 2 else 36 * mm
    name_width = _USABLE_WIDTH - 8 * mm - len(comparison.scenarios) * scenario_width
    header = [_p(_("No.")), _p(_("Uraian"))]
    widths = [8 * mm, name_width]
    for scenario in comparison.scenarios:
        header += [_p(_("Volume × harga")), _p(scenario.label, _BOLD_RIGHT)]
        widths += [scenario_width * 0.5, scenario_width * 0.5]
    data = [header]
    for row in comparison.rows:
        name = escape(row.name)
        if row.note:
            name += f"<br/><font size=6.5 color='#555555'>{escape(row.note)}</font>"
        cells = [_p(row.number), Paragraph(name, _SMALL)]
        for cell in row.cells:
            if cell is None:
                cells += [_p("—"), _p("—", _RIGHT)]
            else:
                volume = (
                    f"{format_number(cell.quantity)} {cell.unit} × {format_number(cell.unit_price)}"
                )
                cells += [_p(volume), _p(format_rupiah(cell.amount), _RIGHT)]
        data.append(cells)
    for label, values in (
        (_("Total"), [s.total for s in comparison.scenarios]),
        (_("Biaya per peserta"), [s.per_participant for s in comparison.scenarios]),
    ):
        cells = ["", _p(label, _BOLD_RIGHT)]
        for value in values:
            cells += ["", _p(format_rupiah(value), _BOLD_RIGHT)]
        data.append(cells)
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def comparison_pdf(comparison: CostComparison) -> bytes:
    """An A4 portrait PDF in Indonesian with the same table as the page."""
    buffer = io.BytesIO()
    title = _("Perbandingan biaya SMART vs konvensional")
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author="Bangkom",
    )
    parameters = "; ".join(
        f"{p.label}: {format_number(p.value)} {p.unit}".strip() for p in comparison.parameters
    )
    summary = _(
        "Penghematan SMART: %(saving)s (%(percent)s). Biaya per peserta: konvensional "
        "%(conventional)s, SMART %(smart)s."
    ) % {
        "saving": format_rupiah(comparison.saving),
        "percent": format_percent(comparison.saving_percent),
        "conventional": format_rupiah(comparison.conventional.per_participant),
        "smart": format_rupiah(comparison.smart.per_participant),
    }
    story = [
        Paragraph(escape(title), _STYLES["Title"]),
        _p(f"{comparison.template_name} · {_('Tahun harga')} {comparison.year}", _STYLES["Normal"]),
        Spacer(1, 2 * mm),
        _p(f"{_('Parameter')}: {parameters}"),
        Spacer(1, 4 * mm),
        _line_table(comparison),
        Spacer(1, 4 * mm),
        _p(summary, _STYLES["Normal"]),
        Spacer(1, 3 * mm),
        *[_p(f"• {note}", _NOTE) for note in comparison.notes],
    ]
    document.build(story)
    return buffer.getvalue()
