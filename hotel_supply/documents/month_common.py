"""Pieces the month-end documents share: landscape pages, a plain data table, compact
lists of document numbers, the DPP fraction, a signature block and a stamp.

The layout pieces of the stock documents (title block, key figures, section
headings, table rules) are reused from :mod:`hotel_supply.documents.stock_report`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Table, TableStyle
from reportlab.platypus.tables import CellStyle

from hotel_supply.documents.common import (
    MUTED,
    PAGE_SIZES,
    RULE,
    SANS_BOLD,
    Column,
    DocumentStyles,
    PageGeometry,
    bind_measures,
    draw_text,
    escape,
    fit_table,
    markup,
    page_geometry,
    replace_style,
    span,
)
from hotel_supply.documents.stock_report import (
    grid_commands,
    header_cells,
    key_figures,
    party_markup,
    section_heading,
    stack,
    tight_commands,
    title_block,
    total_row_commands,
)
from hotel_supply.documents.styles import F4
from hotel_supply.documents.tables import (
    Run,
    RunsTable,
    RunsText,
    TextLines,
    one_line,
    text_runs,
    wrap_words,
)
from hotel_supply.documents.text import Paragraph, plain_winansi, text_width
from hotel_supply.formatting import round_rupiah

__all__ = [
    "A4_LANDSCAPE",
    "A5_LANDSCAPE",
    "F4_LANDSCAPE",
    "Cell",
    "Stamp",
    "compact_numbers",
    "data_table",
    "grid_commands",
    "header_cells",
    "key_figures",
    "landscape_of",
    "party_markup",
    "section_heading",
    "signature_block",
    "stack",
    "tax_base_fraction",
    "tight_commands",
    "title_block",
    "total_row_commands",
]

# Landscape pages for build_pdf: styles and furniture follow the paper's name (A4/A5/F4).
A4_LANDSCAPE = "A4-LANDSCAPE"
A5_LANDSCAPE = "A5-LANDSCAPE"
F4_LANDSCAPE = "F4-LANDSCAPE"
PAGE_SIZES.setdefault(
    A4_LANDSCAPE, PageGeometry("A4", landscape(A4), 12 * mm, 12 * mm, 10 * mm, 10 * mm)
)
PAGE_SIZES.setdefault(
    A5_LANDSCAPE, PageGeometry("A5", landscape(A5), 12 * mm, 12 * mm, 9 * mm, 8 * mm)
)
PAGE_SIZES.setdefault(
    F4_LANDSCAPE, PageGeometry("F4", landscape(F4), 12 * mm, 12 * mm, 10 * mm, 10 * mm)
)


def landscape_of(paper: str) -> str:
    """The landscape page of ``paper`` ("A4", "A5" or "F4") for build_pdf."""
    name = page_geometry(paper).name
    return f"{name}-LANDSCAPE"


# --------------------------------------------------------------------------- numbers

_TRAILING_DIGITS = re.compile(r"^(.*?)(\d+)$")


def compact_numbers(numbers: Sequence[str]) -> str:
    """Document numbers as a short list: a number with the same prefix as the one before
    it prints only its digits, and a run of consecutive numbers as ``first–last``.

    ``["SJ/2026/00012", "SJ/2026/00013", "SJ/2026/00014", "SJ/2026/00020"]`` →
    ``"SJ/2026/00012–00014, 00020"``. Every number stays readable in full.
    """
    parts: list[str] = []
    prefix: str | None = None
    run: list[tuple[str, int, str]] = []  # (prefix, value, digits)

    def flush() -> None:
        nonlocal prefix
        if not run:
            return
        first_prefix, _value, digits = run[0]
        head = digits if first_prefix == prefix else first_prefix + digits
        if len(run) > 2:
            head += "–" + run[-1][2]
        elif len(run) == 2:
            parts.append(head)
            head = run[1][2]
        parts.append(head)
        prefix = first_prefix
        run.clear()

    for number in numbers:
        match = _TRAILING_DIGITS.match(number)
        if match is None:
            flush()
            parts.append(number)
            prefix = None
            continue
        pre, digits = match.group(1), match.group(2)
        value = int(digits)
        if run and run[-1][0] == pre and run[-1][1] + 1 == value:
            run.append((pre, value, digits))
            continue
        flush()
        run.append((pre, value, digits))
    flush()
    return ", ".join(parts)


def tax_base_fraction(subtotal: int, tax_base: int) -> str:
    """The DPP fraction that gives ``tax_base`` from ``subtotal`` ("11/12"), told from the
    amounts alone (so a reprint never depends on today's settings); "" if none does."""
    if subtotal <= 0 or tax_base <= 0 or tax_base >= subtotal:
        return ""
    for denominator in range(2, 101):
        for numerator in range(1, denominator):
            if Fraction(numerator, denominator).denominator != denominator:
                continue  # 2/4 is 1/2, tried already
            if round_rupiah(Decimal(subtotal) * numerator / denominator) == tax_base:
                return f"{numerator}/{denominator}"
    return ""


# --------------------------------------------------------------------------- tables


@dataclass(frozen=True)
class Cell:
    """A table cell: plain user text, and an optional small muted second line."""

    text: str
    sub: str = ""
    bold: bool = False
    prefix: str = ""  # printed muted before the text: a product code

    @property
    def plain(self) -> str:
        main = f"{self.prefix} {self.text}" if self.prefix else self.text
        return f"{main}\n{self.sub}" if self.sub else main


def _cell(value: str | Cell) -> Cell:
    return value if isinstance(value, Cell) else Cell(value)


def data_table(
    s: DocumentStyles,
    width: float,
    columns: Sequence[Column],
    rows: Sequence[Sequence[str | Cell]],
    *,
    total: Sequence[str] | None = None,
    total_label_span: int = 0,
    weights: Sequence[float] | None = None,
) -> Table:
    """A lines table as on the other documents: tinted header repeated on each page,
    hairlines between rows, an optional bold totals row (its first cell spanning
    ``total_label_span`` + 1 columns). Widths fit the content (:func:`fit_table`):
    figures never wrap, text columns wrap, and the cells are set a step smaller when a
    wide table needs it. ``weights`` is no longer needed and is ignored."""
    del weights  # the widths follow the content now
    cells = [[_cell(c) for c in row] for row in rows]
    plain = [[c.plain for c in row] for row in cells]
    bold = [list(total)] if total is not None else []
    bold += [[c.text if c.bold else "" for c in row] for row in cells]
    widths, s = fit_table(columns, plain, width, s, bold_cells=bold)
    room = [w - 2 * s.cell_padding for w in widths]
    body: list[list[object]] = [_header_row(s, columns, room)]
    # Cells that fit on one line are plain strings (or a few runs of text) set by the
    # table itself, on the baseline a Paragraph would use; only a cell that wraps is a
    # Paragraph. Every cell starts in the cell type, padded and aligned as its column
    # (grid_commands' padding and top alignment, set once per cell instead of applied
    # command by command to each of them).
    kinds = [_cell_style_kind(s, column.align) for column in columns]
    styles = [[kind(f"({c},0)") for c, kind in enumerate(kinds)]]
    commands = [
        c for c in grid_commands(s) if c[0] not in _PRESET or c[1:3] == ((0, 0), (-1, 0))
    ]
    for row in cells:
        styles.append([kind(f"({c},{len(styles)})") for c, kind in enumerate(kinds)])
        r = len(body)
        line: list[object] = []
        for i, (column, cell) in enumerate(zip(columns, row, strict=True)):
            value = _fast_cell(s, column, cell, room[i])
            if value is None:
                value = _paragraph(s, column, cell)
            elif cell.bold and isinstance(value, str):
                commands.append(
                    ("FONT", (i, r), (i, r), s.cell_total.fontName, s.cell_size, s.cell.leading)
                )
            line.append(value)
        body.append(line)
    last_body = len(body) - 1
    if last_body > 1:
        commands.append(("LINEBELOW", (0, 1), (-1, last_body - 1), 0.25, RULE))
    if total is not None:
        row_index = len(body)
        span_end = total_label_span if total_label_span else 0
        total_room = [*room]
        total_room[0] = sum(widths[: span_end + 1]) - 2 * s.cell_padding
        total_row: list[object] = []
        for i, (column, text) in enumerate(zip(columns, total, strict=True)):
            right = column.align == "right" and i
            fast = _fast_cell(s, column, Cell(text, bold=True), total_room[i])
            total_row.append(
                fast
                if fast is not None
                else Paragraph(escape(text), s.cell_total_right if right else s.cell_total)
            )
        body.append(total_row)
        styles.append([kind(f"({c},{len(styles)})") for c, kind in enumerate(kinds)])
        commands += [
            *total_row_commands(row_index),
            ("FONT", (0, row_index), (-1, row_index), s.cell_total.fontName, s.cell_size,
             s.cell.leading),
            ("ALIGN", (0, row_index), (0, row_index), "LEFT"),
        ]
        if total_label_span:
            commands.append(("SPAN", (0, row_index), (total_label_span, row_index)))
    table = RunsTable(body, colWidths=widths, repeatRows=1, cellStyles=styles)
    table.setStyle(TableStyle(commands))
    return table


#: What :func:`_cell_style_kind` sets on every cell (the header row's own alignment stays).
_PRESET = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING", "VALIGN")


@lru_cache(maxsize=64)
def _cell_style_kind(s: DocumentStyles, align: str) -> type[CellStyle]:
    """A table cell style whose defaults are a data table's cell in column ``align``."""
    pad = s.cell_padding
    preset: dict[str, object] = {
        "fontname": s.cell.fontName,
        "fontsize": s.cell_size,
        "leading": s.cell.leading,
        "color": s.cell.textColor,
        "alignment": {"right": "RIGHT", "centre": "CENTRE"}.get(align, "LEFT"),
        "valign": "TOP",
        "leftPadding": pad,
        "rightPadding": pad,
        "topPadding": pad * 0.8,
        "bottomPadding": pad * 1.05,
    }
    return type("DataCellStyle", (CellStyle,), preset)


def _header_row(
    s: DocumentStyles, columns: Sequence[Column], room: Sequence[float]
) -> list[object]:
    """The header cells, broken between words as their Paragraphs would be (a header that
    does not break that simply is a Paragraph)."""
    head = s.cell_head
    cells = header_cells(s, columns)
    for i, column in enumerate(columns):
        if not plain_winansi(column.header):
            continue
        lines = wrap_words(column.header, head.fontName, head.fontSize, room[i])
        if lines is not None:
            runs = [[(line, head.fontName, head.fontSize, head.textColor)] for line in lines]
            cells[i] = TextLines(runs, leading=head.leading, align=column.align)
    return cells


def _fast_cell(s: DocumentStyles, column: Column, cell: Cell, room: float) -> object | None:
    """The cell as a plain string (or :class:`TextLines`) when each of its lines fits in
    ``room`` as it prints; ``None`` when one would wrap (it is then a Paragraph)."""
    font = s.cell_total.fontName if cell.bold else s.cell.fontName
    size = s.cell_size
    if not cell.prefix and not cell.sub and " " not in cell.text and plain_winansi(cell.text):
        # a figure, a date, a number: one word, drawn as it is
        return cell.text if stringWidth(cell.text, font, size) <= room else None
    if "\n" in cell.text or "\n" in cell.prefix:
        return None
    text = one_line(bind_measures(cell.text))
    prefix = one_line(cell.prefix)
    main = f"{prefix} {text}" if prefix else text
    if text_width(main, font, size) > room:
        return None
    subs = [one_line(x) for x in cell.sub.split("\n")] if cell.sub else []
    small = s.cell_small.fontSize
    if any(text_width(x, font, small) > room for x in subs):
        return None
    if not prefix and not subs and plain_winansi(main):
        return main  # one font, one colour: the table draws it
    colour = s.cell.textColor
    first: list[Run] = []
    if prefix:
        first += [*text_runs(prefix, font, size, MUTED), (" ", font, size, colour)]
    first += text_runs(text, font, size, colour)
    # (the second line in the cell's own face, smaller: bold under a bold cell, as before)
    lines = [first, *(text_runs(x, font, small, MUTED) for x in subs)]
    return RunsText(lines)


def _paragraph(s: DocumentStyles, column: Column, cell: Cell) -> Paragraph:
    if cell.bold:
        style = s.cell_total_right if column.align == "right" else s.cell_total
    elif column.align == "right":
        style = s.cell_right
    elif column.align == "centre":
        style = s.cell_centre
    else:
        style = s.cell
    # A number never parts from its unit ("250 g"), in a product name or anywhere.
    text = markup(bind_measures(cell.text), style.fontName)
    if cell.prefix:
        text = span(markup(cell.prefix, style.fontName), colour=MUTED) + " " + text
    if cell.sub:
        text += "<br/>" + span(
            markup(cell.sub, s.cell_small.fontName), colour=MUTED, size=s.cell_small.fontSize
        )
    return Paragraph(text, style)


# --------------------------------------------------------------------------- signatures


def signature_block(
    s: DocumentStyles,
    width: float,
    boxes: Sequence[tuple[str, str, str]],
    *,
    space: float = 18 * mm,
    box_width: float | None = None,
    align_right: bool = False,
) -> Flowable:
    """Signature boxes side by side: (heading, on whose behalf, name or "").

    One box sits on the right, as under a letter; several share the width.
    """
    head = replace_style(s.body, "msig_head", alignment=TA_CENTER)
    sub = replace_style(s.body_bold, "msig_sub", alignment=TA_CENTER)
    name_style = replace_style(s.body, "msig_name", alignment=TA_CENTER)
    blank_style = replace_style(name_style, "msig_blank", textColor=MUTED)
    n = len(boxes)
    gutter = 8 * mm
    col = box_width or min((width - (n - 1) * gutter) / n, 70 * mm)
    rows: list[list[object]] = [[], [], [], []]
    widths: list[float] = []
    if align_right or n == 1:
        for row in rows:
            row.append("")
        widths.append(width - n * col - (n - 1) * gutter)
    for index, (title, party, person) in enumerate(boxes):
        if index:
            for row in rows:
                row.append("")
            widths.append(gutter)
        rows[0].append(Paragraph(escape(title), head))
        rows[1].append(Paragraph(markup(party, sub.fontName), sub) if party else "")
        rows[2].append("")
        rows[3].append(
            Paragraph(markup(person, name_style.fontName), name_style)
            if person.strip()
            else Paragraph("(" + "." * 30 + ")", blank_style)
        )
        widths.append(col)
    if not (align_right or n == 1):
        # Boxes keep their width; the room left widens the gaps between them.
        spare = width - sum(widths)
        if n > 1:
            widths = [w if i % 2 == 0 else w + spare / (n - 1) for i, w in enumerate(widths)]
        else:
            widths[0] += spare
    table = Table(rows, colWidths=widths, rowHeights=[None, None, space, None])
    commands = [*tight_commands()]
    first = 1 if (align_right or n == 1) else 0
    for c in range(first, len(widths), 2):
        commands.append(("LINEABOVE", (c, 3), (c, 3), 0.6, MUTED))
        commands.append(("TOPPADDING", (c, 3), (c, 3), 1.5))
    table.setStyle(TableStyle(commands))
    return table


class Stamp(Flowable):  # type: ignore[misc]  # ReportLab ships no types
    """A boxed word set at an angle, like a rubber stamp ("LUNAS"), ``width`` wide.

    Takes no room of its own beyond its box; used in a table cell or on its own.
    """

    def __init__(
        self, text: str, *, colour: colors.Color, width: float, height: float, size: float
    ) -> None:
        super().__init__()
        self.text = text
        self.colour = colour
        self.width = width
        self.height = height
        self.size = size

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.translate(self.width / 2, self.height / 2)
        canvas.rotate(12)
        canvas.setStrokeColor(self.colour)
        canvas.setFillColor(self.colour)
        canvas.setStrokeAlpha(0.85)
        canvas.setFillAlpha(0.85)
        box_w = self.width * 0.86
        box_h = self.size * 1.45
        canvas.setLineWidth(2.2)
        canvas.roundRect(-box_w / 2, -box_h / 2, box_w, box_h, 2 * mm, stroke=1, fill=0)
        canvas.setLineWidth(0.8)
        inset = 1.3 * mm
        canvas.roundRect(
            -box_w / 2 + inset,
            -box_h / 2 + inset,
            box_w - 2 * inset,
            box_h - 2 * inset,
            1.5 * mm,
            stroke=1,
            fill=0,
        )
        draw_text(
            canvas, 0, -self.size * 0.36, self.text, font=SANS_BOLD, size=self.size, align="centre"
        )
        canvas.restoreState()
