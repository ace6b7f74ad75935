"""Laporan barang rusak / dibuang: every waste write-off of a period, with its value.

Plain :class:`WasteReportData` in, PDF bytes out; A4 portrait. Key figures,
then one line per product and lot written off (lot and expiry under the
product when the page is too narrow for their own columns), then subtotals
per reason and per supplier side by side (and per hotel for all hotels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from hotel_supply.documents.common import (
    RULE,
    Column,
    DocumentStyles,
    Letterhead,
    build_pdf,
    document_styles,
    escape,
    fit_column_widths,
    join_nonempty,
    markup,
    page_geometry,
    user_paragraph,
)
from hotel_supply.documents.stock_common import (
    grid_commands,
    header_cells,
    key_figures,
    party_markup,
    product_markup,
    section_heading,
    tight_commands,
    title_block,
    total_row_commands,
)
from hotel_supply.documents.stock_data import WasteReportData, WasteReportLine, WasteSubtotal
from hotel_supply.formatting import format_date, format_date_long, format_qty, format_rupiah
from hotel_supply.i18n import _

__all__ = ["render_waste_report"]

SIDE_BY_SIDE_ROWS = 18  # longer subtotal lists get the full width and may run over pages


def period_text(data: WasteReportData) -> str:
    """``1 November 2026 – 30 November 2026``, or the one day."""
    if data.date_from == data.date_to:
        return format_date_long(data.date_from)
    return f"{format_date_long(data.date_from)} – {format_date_long(data.date_to)}"


def render_waste_report(data: WasteReportData, *, page_size: str = "A4") -> bytes:
    """The waste report as PDF bytes (A4). The same data gives the same bytes."""
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    hotel = data.hotel.name if data.hotel is not None else _("All hotels")
    period = f"{format_date(data.date_from)}–{format_date(data.date_to)}"
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=join_nonempty([_("Waste report"), hotel], " · "),
        document_number=period,
        printed_at=data.printed_at,
        made_by=data.made_by,
    )
    layout = _WasteLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=("ASLI",),
        title=join_nonempty([_("Waste report"), hotel, period], " "),
        subject=hotel,
    )


class _WasteLayout:
    def __init__(self, data: WasteReportData, styles: DocumentStyles, width: float) -> None:
        self.data = data
        self.s = styles
        self.width = width
        self.all_hotels = data.hotel is None
        self.compact, self.widths = self._choose_columns()

    def story(self) -> list[Flowable]:
        s, data = self.s, self.data
        hotel = party_markup(data.hotel, s) if data.hotel is not None else escape(_("All hotels"))
        rows = [
            (_("Hotel"), hotel, data.hotel is None),
            (_("Period"), escape(period_text(data)), False),
        ]
        figures = [
            (_("Write-offs"), format_qty(data.document_count)),
            (_("Lines"), format_qty(len(data.lines))),
            (_("Value written off"), format_rupiah(data.total_value)),
        ]
        if data.by_reason:
            top = data.by_reason[0]
            share = _share(top.value, data.total_value)
            figures.append((_("Largest reason"), join_nonempty([top.name, share], " · ")))
        parts: list[Flowable] = [
            title_block(s, self.width, _("WASTE / WRITE-OFF REPORT"), rows),
            Spacer(1, 4 * mm),
            key_figures(s, self.width, figures),
            Spacer(1, 5 * mm),
            section_heading(s, _("Goods written off")),
        ]
        if not data.lines:
            parts.append(
                Paragraph(escape(_("Nothing was written off as waste in this period.")), s.body)
            )
            return parts
        parts += [self._lines_table(), Spacer(1, 6 * mm)]
        parts += self._subtotals()
        return parts

    # ----------------------------------------------------------------- lines

    def _columns(self, compact: bool) -> list[Column]:
        columns = [
            Column(_("No."), "right"),
            Column(_("Date"), "right"),
            Column(_("Number"), max_width=26 * mm),
        ]
        if self.all_hotels:
            columns.append(Column(_("Hotel"), flex=1, min_width=18 * mm))
        # Lot and expiry get their own columns only if the product keeps room to breathe.
        columns.append(Column(_("Product"), flex=3, min_width=(34 if compact else 55) * mm))
        if not compact:
            columns += [Column(_("Lot"), flex=0.8, min_width=14 * mm), Column(_("Expiry"), "right")]
        columns += [
            Column(_("Quantity"), "right"),
            Column(_("Unit"), max_width=13 * mm),
            Column(_("Reason"), max_width=24 * mm),
            Column(_("Unit cost"), "right"),
            Column(_("Value"), "right"),
        ]
        return columns

    def _cells(self, no: int, line: WasteReportLine, compact: bool) -> list[str]:
        cells = [str(no), format_date(line.day), line.number]
        if self.all_hotels:
            cells.append(line.hotel_name)
        product = f"{line.product_code} {line.product_name}\n{line.supplier_name}"
        if compact:
            product += "\n" + self._lot_text(line)
        cells.append(product)
        if not compact:
            cells += [line.lot_code or "—", format_date(line.expiry_date)]
        cells += [
            format_qty(line.quantity),
            line.unit,
            line.reason,
            format_rupiah(line.unit_cost),
            format_rupiah(line.value),
        ]
        return cells

    def _choose_columns(self) -> tuple[bool, list[float]]:
        lines = self.data.lines
        total = [format_rupiah(self.data.total_value)]
        for compact in (False, True):
            columns = self._columns(compact)
            bold = [[""] * (len(columns) - 1) + total]
            cells = [self._cells(i, line, compact) for i, line in enumerate(lines, start=1)]
            widths = fit_column_widths(columns, cells, self.width, self.s, bold_cells=bold)
            if widths is not None:
                return compact, widths
        columns = [replace(c, min_width=c.min_width / 2) for c in self._columns(True)]
        cells = [self._cells(i, line, True) for i, line in enumerate(lines, start=1)]
        bold = [[""] * (len(columns) - 1) + total]
        widths = fit_column_widths(columns, cells, self.width, self.s, bold_cells=bold)
        if widths is None:  # share by proportion: cells wrap, never clip
            weights = [1.0, 3, 4] + ([3] if self.all_hotels else []) + [8, 2, 2, 3, 3, 4]
            widths = [self.width * w / sum(weights) for w in weights]
        return True, widths

    def _lot_text(self, line: WasteReportLine) -> str:
        parts = []
        if line.lot_code.strip():
            parts.append(_("Lot {lot}").format(lot=line.lot_code))
        if line.expiry_date is not None:
            parts.append(_("Exp. {date}").format(date=format_date(line.expiry_date)))
        return " · ".join(parts)

    def _lines_table(self) -> Table:
        s, data = self.s, self.data
        compact = self.compact
        columns = self._columns(compact)
        right = s.cell_right
        rows: list[list[object]] = [header_cells(s, columns)]
        for no, line in enumerate(data.lines, start=1):
            second = line.supplier_name
            if compact and self._lot_text(line):
                second += "\n" + self._lot_text(line)
            row: list[object] = [
                Paragraph(str(no), right),
                Paragraph(escape(format_date(line.day)), right),
                user_paragraph(line.number, s.cell),
            ]
            if self.all_hotels:
                row.append(user_paragraph(line.hotel_name, s.cell))
            row.append(
                Paragraph(product_markup(s, line.product_code, line.product_name, second), s.cell)
            )
            if not compact:
                row += [
                    user_paragraph(line.lot_code or "—", s.cell),
                    Paragraph(escape(format_date(line.expiry_date)), right),
                ]
            row += [
                Paragraph(escape(format_qty(line.quantity)), right),
                user_paragraph(line.unit, s.cell),
                user_paragraph(line.reason, s.cell),
                Paragraph(escape(format_rupiah(line.unit_cost)), right),
                Paragraph(escape(format_rupiah(line.value)), right),
            ]
            rows.append(row)
        last = len(rows)
        total: list[object] = [Paragraph(escape(_("Total value written off")), s.cell_total)]
        total += [""] * (len(columns) - 2)
        total.append(Paragraph(escape(format_rupiah(data.total_value)), s.cell_total_right))
        rows.append(total)
        commands = grid_commands(s)
        if last > 2:
            commands.append(("LINEBELOW", (0, 1), (-1, last - 2), 0.25, RULE))
        commands += total_row_commands(last)
        commands.append(("SPAN", (0, last), (-2, last)))
        table = Table(rows, colWidths=self.widths, repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(commands))
        return table

    # ----------------------------------------------------------------- subtotals

    def _subtotals(self) -> list[Flowable]:
        data = self.data
        gutter = 8 * mm
        half = (self.width - gutter) / 2
        parts: list[Flowable] = [CondPageBreak(40 * mm)]
        if max(len(data.by_reason), len(data.by_supplier)) <= SIDE_BY_SIDE_ROWS:
            reason = self._subtotal_block(_("Per reason"), _("Reason"), data.by_reason, half)
            supplier = self._subtotal_block(
                _("Per supplier"), _("Supplier"), data.by_supplier, half
            )
            pair = Table([[reason, "", supplier]], colWidths=[half, gutter, half])
            pair.setStyle(TableStyle(tight_commands()))
            parts.append(pair)
        else:  # a long list must be free to run over pages: one under the other
            parts += self._subtotal_block(_("Per reason"), _("Reason"), data.by_reason, half)
            parts.append(Spacer(1, 5 * mm))
            parts += self._subtotal_block(
                _("Per supplier"), _("Supplier"), data.by_supplier, self.width
            )
        if data.by_hotel:
            parts.append(Spacer(1, 5 * mm))
            parts += self._subtotal_block(_("Per hotel"), _("Hotel"), data.by_hotel, half)
        return parts

    def _subtotal_block(
        self, heading: str, what: str, totals: Sequence[WasteSubtotal], width: float
    ) -> list[Flowable]:
        s = self.s
        columns = [
            Column(what, flex=1, min_width=30 * mm),
            Column(_("Lines"), "right"),
            Column(_("Value"), "right"),
            Column(_("Share"), "right"),
        ]
        grand = self.data.total_value
        cells = [
            [t.name, str(t.lines), format_rupiah(t.value), _share(t.value, grand)] for t in totals
        ]
        bold = [["", str(len(self.data.lines)), format_rupiah(grand), "100%"]]
        widths = fit_column_widths(columns, cells, width, s, bold_cells=bold)
        if widths is None:
            widths = [width * w / 10 for w in (5, 1.5, 2.5, 1)]
        rows: list[list[object]] = [header_cells(s, columns)]
        for t in totals:
            rows.append(
                [
                    Paragraph(markup(t.name, s.cell.fontName), s.cell),
                    Paragraph(str(t.lines), s.cell_right),
                    Paragraph(escape(format_rupiah(t.value)), s.cell_right),
                    Paragraph(escape(_share(t.value, grand)), s.cell_right),
                ]
            )
        last = len(rows)
        rows.append(
            [
                Paragraph(escape(_("Total")), s.cell_total),
                Paragraph(str(len(self.data.lines)), s.cell_total_right),
                Paragraph(escape(format_rupiah(grand)), s.cell_total_right),
                Paragraph("100%", s.cell_total_right),
            ]
        )
        commands = grid_commands(s)
        if last > 2:
            commands.append(("LINEBELOW", (0, 1), (-1, last - 2), 0.25, RULE))
        commands += total_row_commands(last)
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return [section_heading(s, heading), table]


def _share(value: int, total: int) -> str:
    """``37%``, whole percent rounded half-up; "" when nothing was written off."""
    if total <= 0:
        return ""
    percent = (value * 200 + total) // (2 * total)  # half-up in integers
    return f"{percent}%"
