"""The small slips of the storeroom: an issue to an outlet (Bukti Pengeluaran Barang),
a waste write-off (Berita Acara Barang Rusak) and a return to a supplier (Nota Retur
Barang).

Plain :class:`StockSlipData` in, PDF bytes out; A5 by default, A4 on request.
Lot and expiry have their own columns when the page is wide enough, else they
move under the product name.
"""

from __future__ import annotations

from dataclasses import replace

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from hotel_supply.documents.common import (
    MUTED,
    RULE,
    Column,
    DocumentStyles,
    Letterhead,
    PageGeometry,
    build_pdf,
    document_styles,
    escape,
    fit_column_widths,
    join_nonempty,
    markup,
    page_geometry,
    span,
    user_paragraph,
)
from hotel_supply.documents.stock_common import (
    grid_commands,
    header_cells,
    party_markup,
    product_markup,
    section_heading,
    signature_table,
    title_block,
    total_row_commands,
)
from hotel_supply.documents.stock_data import (
    SLIP_ISSUE,
    SLIP_RETURN,
    SLIP_WASTE,
    StockSlipData,
    StockSlipLine,
)
from hotel_supply.formatting import format_date, format_date_long, format_qty, format_rupiah
from hotel_supply.i18n import _

__all__ = ["render_stock_slip", "slip_title"]


def slip_title(kind: str) -> str:
    """The printed heading of a slip of ``kind``: "BUKTI PENGELUARAN BARANG", ..."""
    titles = {
        SLIP_ISSUE: _("GOODS ISSUE SLIP"),
        SLIP_WASTE: _("WASTE WRITE-OFF RECORD"),
        SLIP_RETURN: _("GOODS RETURN NOTE"),
    }
    return titles.get(kind, _("STOCK DOCUMENT"))


def _statement(kind: str) -> str:
    """The sentence that says what the slip records, above its lines."""
    statements = {
        SLIP_ISSUE: _("The goods below were handed over from the storeroom to the outlet."),
        SLIP_WASTE: _(
            "The goods below were found damaged, spoiled or expired and are written off "
            "the hotel's stock."
        ),
        SLIP_RETURN: _("The goods below are returned to the supplier."),
    }
    return statements.get(kind, "")


def _short_title(kind: str) -> str:
    """The slip's name in the footer."""
    titles = {
        SLIP_ISSUE: _("Goods issue slip"),
        SLIP_WASTE: _("Waste write-off record"),
        SLIP_RETURN: _("Goods return note"),
    }
    return titles.get(kind, _("Stock document"))


def render_stock_slip(
    data: StockSlipData, *, page_size: str = "A5", copies: tuple[str, ...] = ("ASLI",)
) -> bytes:
    """The slip as PDF bytes, one full set of pages per copy label ("ASLI", "SALINAN").

    ``page_size`` is "A5" (default), "A4" or "F4". The same data gives the same bytes.
    """
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=_short_title(data.kind),
        document_number=data.number,
        printed_at=data.printed_at,
        made_by=data.made_by,
    )
    layout = _SlipLayout(data, styles, geometry)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=copies,
        title=join_nonempty([_short_title(data.kind), data.number], " "),
        subject=data.hotel.name,
    )


class _SlipLayout:
    def __init__(self, data: StockSlipData, styles: DocumentStyles, geometry: PageGeometry):
        self.data = data
        self.s = styles
        self.width = geometry.content_width
        self.a5 = geometry.name == "A5"
        self.with_reason = data.kind != SLIP_ISSUE
        self.compact, self.widths = self._choose_columns()

    def story(self) -> list[Flowable]:
        s, data = self.s, self.data
        parts: list[Flowable] = [self._heading(), Spacer(1, (3 if self.a5 else 4) * mm)]
        parts += [Paragraph(escape(_statement(data.kind)), s.body), Spacer(1, 2 * mm)]
        parts.append(self._lines_table())
        if any(line.below_zero for line in data.lines):
            parts += [
                Spacer(1, 1.2 * mm),
                Paragraph(
                    "* " + escape(_("Taken beyond the recorded stock, as confirmed by the user.")),
                    s.small,
                ),
            ]
        if data.notes.strip():
            parts += [
                Spacer(1, 3 * mm),
                section_heading(s, _("Notes")),
                user_paragraph(data.notes, s.body),
            ]
        parts += [
            CondPageBreak((34 if self.a5 else 45) * mm),
            signature_table(s, self.width, data.signatures, a5=self.a5),
        ]
        return parts

    # ----------------------------------------------------------------- heading

    def _heading(self) -> Flowable:
        s, data = self.s, self.data
        rows: list[tuple[str, str, bool]] = [
            (_("Number"), markup(data.number, s.body_bold.fontName), True),
            (_("Date"), escape(format_date_long(data.doc_date)), False),
            (_("Hotel"), party_markup(data.hotel, s), False),
        ]
        if data.kind == SLIP_ISSUE and data.outlet.strip():
            rows.append((_("To outlet"), markup(data.outlet, s.body_bold.fontName), True))
        if data.kind == SLIP_RETURN and data.supplier is not None:
            supplier = data.supplier
            text = party_markup(supplier, s)
            details = join_nonempty(
                [
                    supplier.address,
                    supplier.city,
                    _("Phone {phone}").format(phone=supplier.phone)
                    if supplier.phone.strip()
                    else "",
                ]
            )
            if details:
                text += "<br/>" + span(
                    markup(details, s.small.fontName), colour=MUTED, size=s.small.fontSize
                )
            rows.append((_("Returned to"), text, False))
        if data.created_by.strip():
            made = markup(data.created_by, s.body.fontName)
            if data.created_at is not None:
                made += " · " + escape(format_date(data.created_at.date()))
            rows.append((_("Made by"), made, False))
        return title_block(s, self.width, slip_title(data.kind), rows)

    # ----------------------------------------------------------------- lines

    def _columns(self, compact: bool) -> list[Column]:
        columns = [
            Column(_("No."), "right"),
            # Lot and expiry get their own columns only if the product keeps room to breathe.
            Column(_("Product"), flex=3, min_width=_product_width(compact, self.a5)),
        ]
        if not compact:
            columns += [
                Column(_("Lot"), flex=0.8, min_width=14 * mm),
                Column(_("Expiry"), "right"),
            ]
        columns += [
            Column(_("Quantity"), "right"),
            Column(_("Unit"), max_width=12 * mm),
        ]
        if self.with_reason:
            columns.append(Column(_("Reason"), flex=1.2, min_width=14 * mm))
        columns += [Column(_("Unit cost"), "right"), Column(_("Value"), "right")]
        return columns

    def _cells(self, line: StockSlipLine, compact: bool) -> list[str]:
        product = f"{line.product_code} {line.product_name}" + (" *" if line.below_zero else "")
        if compact:
            product += "\n" + self._lot_text(line)
        cells = [str(line.line_no), product]
        if not compact:
            cells += [line.lot_code or "—", format_date(line.expiry_date)]
        cells += [self._qty_text(line), line.unit]
        if self.with_reason:
            cells.append(line.reason)
        cells += [format_rupiah(line.unit_cost), format_rupiah(line.value)]
        return cells

    def _total_cells(self, compact: bool) -> list[str]:
        cells = [""] * len(self._columns(compact))
        cells[_qty_index(compact)] = self._total_qty_text()
        cells[-1] = format_rupiah(self.data.total_value)
        return cells

    def _choose_columns(self) -> tuple[bool, list[float]]:
        s = self.s
        # Without any lot or expiry their columns would stand empty: leave them out.
        has_lots = any(line.lot_code.strip() or line.expiry_date for line in self.data.lines)
        for compact in (False, True) if has_lots else (True,):
            widths = fit_column_widths(
                self._columns(compact),
                [self._cells(line, compact) for line in self.data.lines],
                self.width,
                s,
                bold_cells=[self._total_cells(compact)],
            )
            if widths is not None:
                return compact, widths
        columns = [replace(c, min_width=c.min_width / 2) for c in self._columns(True)]
        widths = fit_column_widths(
            columns,
            [self._cells(line, True) for line in self.data.lines],
            self.width,
            s,
            bold_cells=[self._total_cells(True)],
        )
        if widths is None:  # share by proportion: cells wrap, never clip
            weights = [1, 6, 2, 2] + ([3] if self.with_reason else []) + [3, 3]
            widths = [self.width * w / sum(weights) for w in weights]
        return True, widths

    def _qty_text(self, line: StockSlipLine) -> str:
        return format_qty(line.quantity)

    def _total_qty_text(self) -> str:
        """The total quantity, only when every line counts in the same unit."""
        units = {line.unit for line in self.data.lines}
        return format_qty(self.data.total_quantity) if len(units) == 1 else ""

    def _lot_text(self, line: StockSlipLine) -> str:
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
        rows: list[list[object]] = [header_cells(s, columns)]
        for line in data.lines:
            rows.append(self._line_row(line, compact))
        last = len(rows)
        total: list[object] = [Paragraph(escape(_("Total")), s.cell_total)]
        total += [""] * (len(columns) - 1)
        qty_index = _qty_index(compact)
        total[qty_index] = Paragraph(escape(self._total_qty_text()), s.cell_total_right)
        total[-1] = Paragraph(escape(format_rupiah(data.total_value)), s.cell_total_right)
        rows.append(total)
        commands = grid_commands(s)
        if last > 2:
            commands.append(("LINEBELOW", (0, 1), (-1, last - 2), 0.25, RULE))
        commands += total_row_commands(last)
        commands.append(("SPAN", (0, last), (qty_index - 1, last)))
        table = Table(rows, colWidths=self.widths, repeatRows=1, splitInRow=1)
        table.setStyle(TableStyle(commands))
        return table

    def _line_row(self, line: StockSlipLine, compact: bool) -> list[object]:
        s = self.s
        right = s.cell_right
        # a line taken below zero is starred; the footnote under the table says why
        name = line.product_name + (" *" if line.below_zero else "")
        lot = self._lot_text(line) if compact else ""
        product = product_markup(s, line.product_code, name, lot)
        row: list[object] = [
            Paragraph(str(line.line_no), right),
            Paragraph(product, s.cell),
        ]
        if not compact:
            row += [
                user_paragraph(line.lot_code or "—", s.cell),
                Paragraph(escape(format_date(line.expiry_date)), right),
            ]
        row += [
            Paragraph(escape(self._qty_text(line)), right),
            user_paragraph(line.unit, s.cell),
        ]
        if self.with_reason:
            row.append(user_paragraph(line.reason, s.cell))
        row += [
            Paragraph(escape(format_rupiah(line.unit_cost)), right),
            Paragraph(escape(format_rupiah(line.value)), right),
        ]
        return row


def _qty_index(compact: bool) -> int:
    """Column of the quantity: after No. and Product (and Lot and Expiry when not compact)."""
    return 2 if compact else 4


def _product_width(compact: bool, a5: bool) -> float:
    """The least width of the product column, per layout and page size."""
    if compact:
        return float((28 if a5 else 40) * mm)
    return float((42 if a5 else 48) * mm)
