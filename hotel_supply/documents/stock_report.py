"""Laporan stok: a hotel's stock on a date, with value, lots close to expiry, last count.

Plain :class:`StockReportData` in, PDF bytes out (SPEC section 4): key figures,
then one line per product grouped by supplier (or category) with subtotals of
value, then the lots expiring within the warning window and the lots already
expired. A4 portrait, one copy.

The second half of this module holds the pieces every stock document shares
(title block, key figures, table rules, signature boxes), used by
``stock_slip``, ``count_sheet`` and ``waste_report`` too.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from hotel_supply.documents.common import (
    ACCENT,
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
    replace_style,
    user_paragraph,
)
from hotel_supply.documents.stock_common import (
    grid_commands,
    header_cells,
    key_figures,
    party_markup,
    product_markup,
    section_heading,
    title_block,
    total_row_commands,
)

# re-exported: month_common.py imports these two from here
from hotel_supply.documents.stock_common import stack as stack
from hotel_supply.documents.stock_common import tight_commands as tight_commands
from hotel_supply.documents.stock_data import ExpiryLot, StockReportData, StockReportLine
from hotel_supply.formatting import format_date, format_date_long, format_qty, format_rupiah
from hotel_supply.i18n import _, ngettext

__all__ = ["render_stock_report"]


def render_stock_report(data: StockReportData, *, page_size: str = "A4") -> bytes:
    """The stock report as PDF bytes (A4). The same data gives the same bytes."""
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    title = _("Stock report")
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=join_nonempty([title, data.hotel.name], " · "),
        document_number=format_date(data.day),
        printed_at=data.printed_at,
        made_by=data.made_by,
    )
    layout = _ReportLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=("ASLI",),
        title=join_nonempty([title, data.hotel.name, format_date(data.day)], " "),
        subject=data.hotel.name,
    )


class _ReportLayout:
    def __init__(self, data: StockReportData, styles: DocumentStyles, width: float) -> None:
        self.data = data
        self.s = styles
        self.width = width

    def story(self) -> list[Flowable]:
        s, data = self.s, self.data
        rows = [
            (_("Hotel"), party_markup(data.hotel, s), True),
            (_("Stock as at"), escape(format_date_long(data.day)), False),
            (
                _("Grouped by"),
                escape(_("Category") if data.group_by == "category" else _("Supplier")),
                False,
            ),
        ]
        address = join_nonempty([data.hotel.address, data.hotel.city])
        if address:
            rows.insert(1, (_("Address"), markup(address, s.body.fontName), False))
        parts: list[Flowable] = [
            title_block(s, self.width, _("STOCK REPORT"), rows),
            Spacer(1, 4 * mm),
            key_figures(s, self.width, self._figures()),
            Spacer(1, 5 * mm),
            section_heading(s, _("Stock per product")),
        ]
        if data.groups:
            parts.append(self._stock_table())
            parts += [
                Spacer(1, 1.5 * mm),
                Paragraph(
                    escape(
                        _(
                            "Value at each lot's receipt price. Par: the quantity the hotel "
                            "wants on hand; below par is marked."
                        )
                    ),
                    s.small,
                ),
            ]
        else:
            parts.append(Paragraph(escape(_("No stock at this hotel on this date.")), s.body))
        window = data.expiring_within_days
        parts += [
            Spacer(1, 6 * mm),
            CondPageBreak(30 * mm),
            section_heading(
                s,
                ngettext(
                    "Lots expiring within {n} day",
                    "Lots expiring within {n} days",
                    window,
                ).format(n=window),
            ),
        ]
        if data.expiring_lots:
            parts.append(self._lots_table(data.expiring_lots, expired=False))
        else:
            parts.append(Paragraph(escape(_("No lot expires within this window.")), s.body))
        parts += [
            Spacer(1, 6 * mm),
            CondPageBreak(30 * mm),
            section_heading(s, _("Expired lots still in stock")),
        ]
        if data.expired_lots:
            parts.append(self._lots_table(data.expired_lots, expired=True))
            parts += [
                Spacer(1, 1.5 * mm),
                Paragraph(
                    escape(
                        _(
                            "An expired lot cannot be issued: write it off as waste or "
                            "return it to its supplier."
                        )
                    ),
                    s.small,
                ),
            ]
        else:
            parts.append(Paragraph(escape(_("No expired lot in stock.")), s.body))
        return parts

    def _figures(self) -> list[tuple[str, str]]:
        data = self.data
        expiring = len(data.expiring_lots)
        expired = len(data.expired_lots)
        return [
            (_("Products"), format_qty(data.product_count)),
            (_("Stock value"), format_rupiah(data.total_value)),
            (_("Below par"), format_qty(data.below_par_count)),
            (
                ngettext("Expiring soon ({n} lot)", "Expiring soon ({n} lots)", expiring).format(
                    n=expiring
                ),
                format_rupiah(data.expiring_value),
            ),
            (
                ngettext("Expired ({n} lot)", "Expired ({n} lots)", expired).format(n=expired),
                format_rupiah(data.expired_value),
            ),
        ]

    # ----------------------------------------------------------------- products

    def _columns(self) -> list[Column]:
        return [
            Column(_("No."), "right"),
            Column(_("Code"), max_width=22 * mm),
            Column(_("Product"), flex=3, min_width=40 * mm),
            Column(_("Unit"), max_width=14 * mm),
            Column(_("On hand"), "right"),
            Column(_("Par"), "right"),
            Column(_("Value"), "right"),
            Column(_("Nearest expiry"), "right"),
            Column(_("Last count"), "right"),
            Column(_("Remarks"), max_width=32 * mm),  # short notes: one line each
        ]

    def _cells(self, no: int, line: StockReportLine) -> list[str]:
        return [
            str(no),
            line.product_code,
            line.product_name,
            line.unit,
            format_qty(line.on_hand),
            format_qty(line.par),
            format_rupiah(line.value),
            format_date(line.nearest_expiry),
            format_date(line.last_count),
            "\n".join(self._remarks(line)),
        ]

    def _remarks(self, line: StockReportLine) -> list[str]:
        remarks = []
        if line.below_par:
            remarks.append(_("Below par"))
        if line.expired_qty > 0:
            remarks.append(_("{qty} expired").format(qty=format_qty(line.expired_qty)))
        if line.expiring_qty > 0:
            remarks.append(_("{qty} expiring").format(qty=format_qty(line.expiring_qty)))
        if line.on_hand < 0:
            remarks.append(_("Below zero"))
        return remarks

    def _stock_table(self) -> Table:
        s, data = self.s, self.data
        columns = self._columns()
        numbered = []
        no = 0
        for group in data.groups:
            for line in group.lines:
                no += 1
                numbered.append((no, line))
        cells = [self._cells(n, line) for n, line in numbered]
        totals = [format_rupiah(g.total_value) for g in data.groups]
        bold = [["", "", "", "", "", "", value, "", "", ""] for value in totals]
        # on hand is set bold when below par or below zero
        bold += [["", "", "", "", c[4], "", "", "", "", ""] for c in cells]
        bold.append(["", "", "", "", "", "", format_rupiah(data.total_value), "", "", ""])
        widths = fit_column_widths(columns, cells, self.width, s, bold_cells=bold)
        if widths is None:  # absurd numbers: share by proportion, cells wrap
            weights = [2, 4, 10, 3, 3, 3, 5, 4, 4, 4]
            widths = [self.width * w / sum(weights) for w in weights]

        rows: list[list[object]] = [header_cells(s, columns)]
        commands = grid_commands(s)
        by_no = iter(numbered)
        ncols = len(columns)
        for group in data.groups:
            start = len(rows)
            rows.append(
                [Paragraph(markup(group.name, s.cell_total.fontName), _group_style(s))]
                + [""] * (ncols - 1)
            )
            commands += [
                ("SPAN", (0, start), (-1, start)),
                ("TOPPADDING", (0, start), (-1, start), s.cell_padding * 2),
                ("LINEBELOW", (0, start), (-1, start), 0.5, RULE),
                # a supplier's name never sits alone at the foot of a page
                ("NOSPLIT", (0, start), (-1, min(start + 2, start + len(group.lines)))),
            ]
            for _line in group.lines:
                n, line = next(by_no)
                rows.append(self._product_row(n, line))
            sub = len(rows)
            rows.append(
                [
                    Paragraph(
                        escape(_("Subtotal")) + " " + markup(group.name, s.cell_total.fontName),
                        s.cell_total_right,
                    ),
                    *[""] * 5,
                    Paragraph(escape(format_rupiah(group.total_value)), s.cell_total_right),
                    "",
                    "",
                    "",
                ]
            )
            commands += [
                ("SPAN", (0, sub), (5, sub)),
                ("LINEABOVE", (0, sub), (-1, sub), 0.5, RULE),
                ("NOSPLIT", (0, sub - 1), (-1, sub)),
            ]
            if len(group.lines) > 1:
                commands.append(("LINEBELOW", (0, start + 1), (-1, sub - 2), 0.25, RULE))
        last = len(rows)
        rows.append(
            [
                Paragraph(escape(_("Total stock value")), s.cell_total),
                *[""] * 5,
                Paragraph(escape(format_rupiah(data.total_value)), s.cell_total_right),
                "",
                "",
                "",
            ]
        )
        commands += total_row_commands(last)
        commands.append(("SPAN", (0, last), (5, last)))
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return table

    def _product_row(self, no: int, line: StockReportLine) -> list[object]:
        s = self.s
        cell, right = s.cell, s.cell_right
        on_hand_style = s.cell_total_right if line.below_par or line.on_hand < 0 else right
        remarks = "<br/>".join(escape(r) for r in self._remarks(line))
        return [
            Paragraph(str(no), right),
            user_paragraph(line.product_code, s.cell_small),
            user_paragraph(line.product_name, cell),
            user_paragraph(line.unit, cell),
            Paragraph(escape(format_qty(line.on_hand)), on_hand_style),
            Paragraph(escape(format_qty(line.par)), right),
            Paragraph(escape(format_rupiah(line.value)), right),
            Paragraph(escape(format_date(line.nearest_expiry)), right),
            Paragraph(escape(format_date(line.last_count)), right),
            Paragraph(remarks, s.cell_small),
        ]

    # ----------------------------------------------------------------- lots

    def _lot_columns(self, expired: bool) -> list[Column]:
        return [
            Column(_("No."), "right"),
            Column(_("Product"), flex=3, min_width=45 * mm),
            Column(_("Lot"), flex=1, min_width=16 * mm),
            Column(_("Expiry"), "right"),
            Column(_("Days overdue") if expired else _("Days left"), "right"),
            Column(_("Quantity"), "right"),
            Column(_("Unit"), max_width=14 * mm),
            Column(_("Unit cost"), "right"),
            Column(_("Value"), "right"),
        ]

    def _lots_table(self, lots: Sequence[ExpiryLot], *, expired: bool) -> Table:
        s = self.s
        columns = self._lot_columns(expired)
        cells = [
            [
                str(i),
                f"{lot.product_code} {lot.product_name}\n{lot.supplier_name}",
                lot.lot_code,
                format_date(lot.expiry_date),
                self._days_text(lot),
                format_qty(lot.quantity),
                lot.unit,
                format_rupiah(lot.unit_cost),
                format_rupiah(lot.value),
            ]
            for i, lot in enumerate(lots, start=1)
        ]
        total = sum(lot.value for lot in lots)
        bold = [["", "", "", "", "", "", "", "", format_rupiah(total)]]
        widths = fit_column_widths(columns, cells, self.width, s, bold_cells=bold)
        if widths is None:
            weights = [2, 12, 4, 4, 3, 3, 3, 4, 5]
            widths = [self.width * w / sum(weights) for w in weights]
        rows: list[list[object]] = [header_cells(s, columns)]
        for i, lot in enumerate(lots, start=1):
            rows.append(
                [
                    Paragraph(str(i), s.cell_right),
                    Paragraph(
                        product_markup(s, lot.product_code, lot.product_name, lot.supplier_name),
                        s.cell,
                    ),
                    user_paragraph(lot.lot_code or "—", s.cell),
                    Paragraph(escape(format_date(lot.expiry_date)), s.cell_right),
                    Paragraph(escape(self._days_text(lot)), s.cell_right),
                    Paragraph(escape(format_qty(lot.quantity)), s.cell_right),
                    user_paragraph(lot.unit, s.cell),
                    Paragraph(escape(format_rupiah(lot.unit_cost)), s.cell_right),
                    Paragraph(escape(format_rupiah(lot.value)), s.cell_right),
                ]
            )
        last = len(rows)
        rows.append(
            [
                Paragraph(escape(_("Total")), s.cell_total),
                *[""] * 7,
                Paragraph(escape(format_rupiah(total)), s.cell_total_right),
            ]
        )
        commands = grid_commands(s)
        if last > 2:
            commands.append(("LINEBELOW", (0, 1), (-1, last - 2), 0.25, RULE))
        commands += total_row_commands(last)
        commands.append(("SPAN", (0, last), (2, last)))
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return table

    @staticmethod
    def _days_text(lot: ExpiryLot) -> str:
        if lot.days_left == 0:
            return _("today")
        return str(abs(lot.days_left))


def _group_style(s: DocumentStyles) -> ParagraphStyle:
    return replace_style(s.cell_total, "group_head", textColor=ACCENT)

