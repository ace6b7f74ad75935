"""Lembar stok opname: the sheet a storeroom clerk counts on, with a box per line.

Plain :class:`CountSheetData` in, PDF bytes out; A4 portrait. Lines are grouped
by supplier as the count lists them; each lot shows its code, expiry and the day it
was received, so two lots of one product are told apart on the shelf. A blind count
(``show_book`` False) has no book column at all; quantities already typed in the app
print inside their boxes, and with the book shown the difference and its value follow.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from hotel_supply.documents.common import (
    ACCENT,
    ALERT,
    CONDENSED,
    MUTED,
    RULE,
    TEXT,
    Column,
    DocumentStyles,
    Letterhead,
    TableWithClosing,
    build_pdf,
    document_styles,
    draw_text,
    escape,
    fit_table,
    join_nonempty,
    markup,
    page_geometry,
    replace_style,
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
from hotel_supply.documents.stock_data import CountSheetData, CountSheetLine
from hotel_supply.formatting import (
    format_date,
    format_date_long,
    format_datetime,
    format_qty,
    format_rupiah,
)
from hotel_supply.i18n import _

__all__ = ["render_count_sheet"]

BOX_WIDTH = 20 * mm  # room to write "1.250,5" by hand
BOX_HEIGHT = 6.2 * mm


def render_count_sheet(data: CountSheetData, *, page_size: str = "A4") -> bytes:
    """The count sheet as PDF bytes (A4). The same data gives the same bytes."""
    geometry = page_geometry(page_size)
    styles = document_styles(geometry.name)
    cancelled = data.status == "cancelled"
    letterhead = Letterhead(
        organisation=data.organisation,
        document_title=join_nonempty([_("Stock count sheet"), data.hotel.name], " · "),
        document_number=data.number or format_date(data.count_date),
        printed_at=data.printed_at,
        made_by=data.made_by,
        watermark=_("CANCELLED") if cancelled else "",
        watermark_colour=ALERT if cancelled else MUTED,
    )
    layout = _SheetLayout(data, styles, geometry.content_width)
    return build_pdf(
        lambda _copy: layout.story(),
        letterhead=letterhead,
        page_size=geometry.name,
        copies=("ASLI",),
        title=join_nonempty([_("Stock count sheet"), data.number, data.hotel.name], " "),
        subject=data.hotel.name,
    )


class WriteInBox(Flowable):  # type: ignore[misc]  # ReportLab ships no types
    """An outlined box to write a quantity in; a quantity already typed prints inside."""

    def __init__(self, width: float, height: float, text: str = "", *, size: float = 8.5):
        super().__init__()
        self.width = width
        self.height = height
        self.text = text
        self.size = size

    def wrap(self, _available_width: float, _available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(MUTED)
        canvas.setLineWidth(0.6)
        canvas.rect(0, 0, self.width, self.height, stroke=1, fill=0)
        if self.text:
            canvas.setFillColor(TEXT)
            baseline = (self.height - self.size * 0.72) / 2
            draw_text(
                canvas,
                self.width - 1.5 * mm,
                baseline,
                self.text,
                font=CONDENSED,
                size=self.size,
                align="right",
            )
        canvas.restoreState()


class _SheetLayout:
    def __init__(self, data: CountSheetData, styles: DocumentStyles, width: float) -> None:
        self.data = data
        self.s = styles
        self.width = width
        self.show_book = data.show_book
        # Differences are printed once something is counted against a visible book.
        self.show_difference = data.show_book and any(
            line.difference is not None for line in data.lines
        )

    def story(self) -> list[Flowable]:
        s, data = self.s, self.data
        parts: list[Flowable] = [self._heading(), Spacer(1, 3 * mm)]
        instruction = _(
            "Count every product and lot on the shelf and write the quantity in its box, "
            "in the unit shown; write 0 when none is found. Products found that are not on "
            "the sheet go on the empty lines at the end."
        )
        if data.notes.strip():
            parts += [
                section_heading(s, _("Notes")),
                user_paragraph(data.notes, s.body),
                Spacer(1, 2.5 * mm),
            ]
        parts += [Paragraph(escape(instruction), s.small), Spacer(1, 3 * mm)]
        signatures = signature_table(s, self.width, data.signatures)
        if data.lines:
            # The signatures never stand alone on a page: the empty lines to write in
            # (and the last counted line) go over with them.
            keep = 5 + (1 if self.show_difference else 0)
            parts.append(TableWithClosing(self._lines_table(), [signatures], keep_rows=keep))
        else:
            parts += [
                Paragraph(escape(_("Nothing to count at this hotel.")), s.body),
                signatures,
            ]
        return parts

    # ----------------------------------------------------------------- heading

    def _heading(self) -> Flowable:
        s, data = self.s, self.data
        if data.number.strip():
            number = markup(data.number, s.body_bold.fontName)
        else:
            number = escape(_("— (given when the count is posted)"))
        rows: list[tuple[str, str, bool]] = [
            (_("Number"), number, bool(data.number.strip())),
            (_("Hotel"), party_markup(data.hotel, s), False),
            (_("Count date"), escape(format_date_long(data.count_date)), False),
            (_("Status"), escape(self._status_text()), False),
            (
                _("Book quantities"),
                escape(_("shown") if data.show_book else _("hidden (blind count)")),
                False,
            ),
        ]
        if data.counted_lines:
            counted = _("{counted} of {lines} lines counted").format(
                counted=data.counted_lines, lines=len(data.lines)
            )
            rows.append((_("Progress"), escape(counted), False))
        return title_block(s, self.width, _("STOCK COUNT SHEET"), rows)

    def _status_text(self) -> str:
        data = self.data
        if data.status == "posted":
            text = _("Posted")
            when = format_datetime(data.posted_at)
            who = data.posted_by.strip()
            details = join_nonempty([when, who], " · ")
            return f"{text} ({details})" if details else text
        if data.status == "cancelled":
            return _("Cancelled")
        return _("In progress")

    # ----------------------------------------------------------------- lines

    def _columns(self) -> list[Column]:
        columns = [
            Column(_("No."), "right"),
            Column(_("Product"), flex=3, min_width=42 * mm),
            Column(_("Unit"), max_width=14 * mm),
            Column(_("Lot"), flex=0.8, min_width=16 * mm),
            Column(_("Expiry"), "right"),
            Column(_("Received on"), "right"),
        ]
        if self.show_book:
            columns.append(Column(_("Book"), "right"))
        columns.append(
            Column(_("Counted"), "centre", min_width=BOX_WIDTH + 2 * self.s.cell_padding)
        )
        if self.show_difference:
            columns += [Column(_("Difference"), "right"), Column(_("Difference value"), "right")]
        # room to write why a count differs
        remarks = (20 if self.show_difference else 30) * mm
        columns.append(Column(_("Remarks"), min_width=remarks, max_width=remarks))
        return columns

    def _cells(self, line: CountSheetLine) -> list[str]:
        cells = [
            str(line.line_no),
            f"{line.product_code} {line.product_name}",
            line.unit,
            line.lot_code,
            format_date(line.expiry_date),
            format_date(line.received_on),
        ]
        if self.show_book:
            cells.append(format_qty(line.book))
        cells.append("")
        if self.show_difference:
            cells += [_signed_qty(line), _signed_value(line.difference_value)]
        cells.append(line.reason)
        return cells

    def _total_cells(self) -> list[str]:
        cells = [""] * len(self._columns())
        if self.show_difference:
            cells[-2] = _signed_value(self.data.difference_value)
        return cells

    def _widths(self, columns: list[Column]) -> tuple[list[float], DocumentStyles]:
        cells = [self._cells(line) for line in self.data.lines]
        return fit_table(columns, cells, self.width, self.s, bold_cells=[self._total_cells()])

    def _groups(self) -> Iterator[tuple[str, list[CountSheetLine]]]:
        for name, lines in groupby(self.data.lines, key=lambda line: line.supplier_name):
            yield name, list(lines)

    def _lines_table(self) -> Table:
        columns = self._columns()
        widths, s = self._widths(columns)
        box_index = columns.index(next(c for c in columns if c.header == _("Counted")))
        box_width = min(BOX_WIDTH, widths[box_index] - 2 * s.cell_padding)
        group_style = replace_style(s.cell_total, "count_group", textColor=ACCENT)
        rows: list[list[object]] = [header_cells(s, columns)]
        commands = grid_commands(s)
        commands += [
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("ALIGN", (box_index, 1), (box_index, -1), "CENTER"),
        ]
        ncols = len(columns)
        for name, lines in self._groups():
            start = len(rows)
            rows.append([Paragraph(markup(name, group_style.fontName), group_style)])
            rows[-1] += [""] * (ncols - 1)
            commands += [
                ("SPAN", (0, start), (-1, start)),
                ("VALIGN", (0, start), (-1, start), "BOTTOM"),
                ("TOPPADDING", (0, start), (-1, start), s.cell_padding * 2),
                ("LINEBELOW", (0, start), (-1, start), 0.5, RULE),
                ("NOSPLIT", (0, start), (-1, start + 1)),
            ]
            for line in lines:
                rows.append(self._line_row(s, line, box_width))
            if len(lines) > 1:
                commands.append(("LINEBELOW", (0, start + 1), (-1, len(rows) - 2), 0.25, RULE))
        # Empty lines for products found on the shelf but missing from the sheet.
        spare_start = len(rows)
        rows.append(
            [Paragraph(escape(_("Found, not on the sheet")), group_style)] + [""] * (ncols - 1)
        )
        commands += [
            ("SPAN", (0, spare_start), (-1, spare_start)),
            ("TOPPADDING", (0, spare_start), (-1, spare_start), s.cell_padding * 2),
            ("LINEBELOW", (0, spare_start), (-1, spare_start), 0.5, RULE),
            ("NOSPLIT", (0, spare_start), (-1, spare_start + 3)),
        ]
        for _i in range(3):
            row: list[object] = [""] * ncols
            row[box_index] = WriteInBox(box_width, BOX_HEIGHT)
            rows.append(row)
        commands.append(("LINEBELOW", (0, spare_start + 1), (-1, len(rows) - 1), 0.25, RULE))
        if self.show_difference:
            last = len(rows)
            total: list[object] = [Paragraph(escape(_("Total difference value")), s.cell_total)]
            total += [""] * (ncols - 1)
            total[-2] = Paragraph(
                escape(_signed_value(self.data.difference_value)), s.cell_total_right
            )
            rows.append(total)
            commands += total_row_commands(last)
            commands.append(("SPAN", (0, last), (ncols - 3, last)))
        table = Table(rows, colWidths=widths, repeatRows=1)
        table.setStyle(TableStyle(commands))
        return table

    def _line_row(self, s: DocumentStyles, line: CountSheetLine, box_width: float) -> list[object]:
        right = s.cell_right
        row: list[object] = [
            Paragraph(str(line.line_no), right),
            Paragraph(product_markup(s, line.product_code, line.product_name), s.cell),
            user_paragraph(line.unit, s.cell),
            user_paragraph(line.lot_code, s.cell),
            Paragraph(escape(format_date(line.expiry_date)), right),
            Paragraph(escape(format_date(line.received_on)), right),
        ]
        if self.show_book:
            row.append(Paragraph(escape(format_qty(line.book)), right))
        counted = format_qty(line.counted) if line.counted is not None else ""
        row.append(WriteInBox(box_width, BOX_HEIGHT, counted, size=s.cell_size + 1.2))
        if self.show_difference:
            diff_style = s.cell_total_right if line.difference else right
            row += [
                Paragraph(escape(_signed_qty(line)), diff_style),
                Paragraph(escape(_signed_value(line.difference_value)), right),
            ]
        row.append(user_paragraph(line.reason, s.cell_small))
        return row


def _signed_qty(line: CountSheetLine) -> str:
    """``+2``, ``-1,5``, ``0``; empty while not counted."""
    diff = line.difference
    if diff is None:
        return ""
    return ("+" if diff > 0 else "") + format_qty(diff)


def _signed_value(value: int | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + format_rupiah(value)
