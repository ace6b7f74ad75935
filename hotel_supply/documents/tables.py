"""Table columns for the PDF renderers, widths that fit what the cells hold as printed,
and a table that never leaves what closes it (totals, signatures) alone on a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Table

from hotel_supply.documents.styles import CELL_SHRINK_STEPS, DocumentStyles, smaller_cells
from hotel_supply.documents.text import clean_text, font_runs, text_width


def _text_out(text: Any, runs: Sequence[tuple[str, str, float, Color]],
              font: tuple[str, float] | None,
              colour: Color | None) -> tuple[tuple[str, float] | None, Color | None]:
    """Each run of a line into ``text``, the font and colour set only where they change;
    the font and colour in force after it."""
    for chunk, run_font, size, run_colour in runs:
        if font != (run_font, size):
            font = (run_font, size)
            text.setFont(run_font, size)
        if colour != run_colour:
            colour = run_colour
            text.setFillColor(run_colour)
        text.textOut(chunk)
    return font, colour


@dataclass(frozen=True)
class Column:
    """One table column for :func:`fit_column_widths`.

    ``flex == 0``: as wide as its widest cell (and the longest word of its
    header), capped at ``max_width`` if given (the cell then wraps).
    ``flex > 0``: shares what is left, in proportion to ``flex``, never below
    ``min_width`` and not wider than it needs.
    """

    header: str
    align: str = "left"  # "left" | "right" | "centre"
    flex: float = 0.0
    min_width: float = 0.0
    max_width: float | None = None


def fit_column_widths(
    columns: Sequence[Column],
    cells: Sequence[Sequence[str]],
    total_width: float,
    styles: DocumentStyles,
    *,
    bold_cells: Sequence[Sequence[str]] = (),
) -> list[float] | None:
    """Column widths (points) summing to ``total_width``, or ``None`` if the
    content cannot fit (the renderer then picks a more compact layout).

    ``cells`` holds the plain text of each body cell (lines split by ``\\n``)
    as set in ``styles.cell``; ``bold_cells`` rows (totals) are set in
    ``styles.cell_total``; headers in ``styles.cell_head`` may wrap between
    words. Everything is measured as printed, so numbers never clip or wrap.
    """
    return _fit_widths(columns, _Measures.of(columns, cells, bold_cells, styles), total_width,
                       styles)


@dataclass(frozen=True)
class _Measures:
    """Per column, the widest header word, body cell and bold cell, each at a type size of
    one point (a width grows with the size): measured once, tried at every size."""

    head: tuple[float, ...]
    body: tuple[float, ...]
    bold: tuple[float, ...]

    @classmethod
    def of(
        cls,
        columns: Sequence[Column],
        cells: Sequence[Sequence[str]],
        bold_cells: Sequence[Sequence[str]],
        styles: DocumentStyles,
    ) -> _Measures:
        head_font = styles.cell_head.fontName
        body_font, bold_font = styles.cell.fontName, styles.cell_total.fontName

        def widest(texts: Any, font: str) -> float:
            return max((text_width(t, font, 1.0) for t in set(texts) if t), default=0.0)

        return cls(
            head=tuple(widest(c.header.split(), head_font) for c in columns),
            body=tuple(widest((row[i] for row in cells), body_font) for i in range(len(columns))),
            bold=tuple(
                widest((row[i] for row in bold_cells), bold_font) for i in range(len(columns))
            ),
        )


def _fit_widths(
    columns: Sequence[Column], measures: _Measures, total_width: float, styles: DocumentStyles
) -> list[float] | None:
    slack = 2 * styles.cell_padding + 1.0
    head_size, size = styles.cell_head.fontSize, styles.cell_size
    natural = [
        max(head * head_size, body * size, bold * size) + slack
        for head, body, bold in zip(measures.head, measures.body, measures.bold, strict=True)
    ]

    widths = [0.0] * len(columns)
    for index, column in enumerate(columns):
        if not column.flex:
            width = max(natural[index], column.min_width)
            if column.max_width is not None:
                width = min(width, max(column.max_width, column.min_width))
            widths[index] = width

    flexible = [i for i, c in enumerate(columns) if c.flex]
    left = total_width - sum(widths)
    if not flexible:
        if left < -0.01:
            return None
        # Nothing flexes: give the spare room to the widest column.
        widths[max(range(len(widths)), key=widths.__getitem__)] += left
        return widths

    # Each flexible column starts at its floor (no wider than its content
    # needs); the rest is shared in proportion to flex, a column stopping
    # once it has room for its longest line.
    for i in flexible:
        widths[i] = min(columns[i].min_width, natural[i])
    extra = left - sum(widths[i] for i in flexible)
    if extra < -0.01:
        return None
    growing = [i for i in flexible if natural[i] > widths[i]]
    while extra > 0.01 and growing:
        weight = sum(columns[i].flex for i in growing)
        grant = {i: extra * columns[i].flex / weight for i in growing}
        full = [i for i in growing if widths[i] + grant[i] >= natural[i]]
        if not full:
            for i in growing:
                widths[i] += grant[i]
            extra = 0.0
            break
        for i in full:
            extra -= natural[i] - widths[i]
            widths[i] = natural[i]
            growing.remove(i)
    if extra > 0.01:
        widths[max(flexible, key=lambda i: columns[i].flex)] += extra
    return widths


def fit_table(
    columns: Sequence[Column],
    cells: Sequence[Sequence[str]],
    total_width: float,
    styles: DocumentStyles,
    *,
    bold_cells: Sequence[Sequence[str]] = (),
) -> tuple[list[float], DocumentStyles]:
    """Column widths in which every figure prints whole, and the styles to set the
    cells in.

    Tried in turn: the columns as given; text columns (``flex``) down to half their
    minimum (they wrap more); then the same with the cells a step smaller. Figures
    (right-aligned cells) always keep the width of their widest value. Only when even
    the smallest type cannot hold them is the page shared in proportion to what each
    column needs.
    """
    relaxed = [replace(c, min_width=c.min_width / 2) if c.flex else c for c in columns]
    measures = _Measures.of(columns, cells, bold_cells, styles)
    for step in (0.0, *CELL_SHRINK_STEPS):
        candidate = smaller_cells(styles, step) if step else styles
        for tried in (columns, relaxed):
            widths = _fit_widths(tried, measures, total_width, candidate)
            if widths is not None:
                return widths, candidate
    smallest = candidate
    loose = [replace(c, min_width=0.0, max_width=None) for c in relaxed]
    natural = _fit_widths(loose, measures, 10 * total_width, smallest)
    assert natural is not None  # ten pages wide holds anything
    needed = [
        w if not c.flex else max(min(w, c.min_width), 1.0)
        for c, w in zip(relaxed, natural, strict=True)
    ]
    scale = total_width / sum(needed)
    return [w * scale for w in needed], smallest


#: One run of a :class:`TextLines` line: text, font, size and colour.
Run = tuple[str, str, float, Color]


class TextLines(Flowable):  # type: ignore[misc]  # ReportLab ships no types
    """Lines of plain text in a table cell, drawn where a Paragraph of the same style would
    draw them when nothing wraps (first baseline one type size below the top, then one
    ``leading`` per line), without parsing markup or breaking lines: a cell that never
    wraps costs a tenth. Each line is runs of (text, font, size, colour), aligned
    ``"left"``, ``"right"`` or ``"centre"`` within the widest line."""

    def __init__(self, lines: Sequence[Sequence[Run]], *, leading: float, align: str) -> None:
        super().__init__()
        self.lines = [list(line) for line in lines]
        self.leading = leading
        self.align = align
        self.line_widths = [
            sum(stringWidth(text, font, size) for text, font, size, _c in line)
            for line in self.lines
        ]
        self.width = max(self.line_widths, default=0.0)
        self.height = leading * len(self.lines)

    def wrap(self, _avail_width: float, _avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        first = self.lines[0] if self.lines else []
        y = self.height - max((size for _t, _f, size, _c in first), default=0.0)
        text = self.canv.beginText()
        font: tuple[str, float] | None = None
        colour: Color | None = None
        for line, line_width in zip(self.lines, self.line_widths, strict=True):
            x = 0.0
            if self.align == "right":
                x = self.width - line_width
            elif self.align == "centre":
                x = (self.width - line_width) / 2
            text.setTextOrigin(x, y)
            font, colour = _text_out(text, line, font, colour)
            y -= self.leading
        self.canv.drawText(text)


class RunsText(str):
    """A table cell's text that is drawn as runs of fonts and colours (a muted product code
    before the name, a small muted second line) by a :class:`RunsTable`, where a
    Paragraph would draw it when nothing wraps: as cheap as a plain string cell. As a
    string it is the plain text, one line per line, which sizes the row."""

    lines: list[list[Run]]
    line_widths: list[float]

    def __new__(cls, lines: Sequence[Sequence[Run]]) -> RunsText:
        text = super().__new__(cls, "\n".join("".join(r[0] for r in line) for line in lines))
        text.lines = [list(line) for line in lines]
        text.line_widths = [
            sum(stringWidth(chunk, font, size) for chunk, font, size, _c in line)
            for line in text.lines
        ]
        return text


class RunsTable(Table):  # type: ignore[misc]  # ReportLab ships no types
    """A Table that draws :class:`RunsText` cells run by run, on the baselines the table
    gives a string cell (first one a type size below the top padding, then one leading
    per line)."""

    def _drawCell(self, cellval: Any, cellstyle: Any, pos: Any, size: Any) -> None:
        if not isinstance(cellval, RunsText):
            super()._drawCell(cellval, cellstyle, pos, size)
            return
        colpos, rowpos = pos
        colwidth, rowheight = size
        leading, fontsize = cellstyle.leading, cellstyle.fontsize
        n = len(cellval.lines)
        if cellstyle.valign == "TOP":
            y = rowpos + rowheight - cellstyle.topPadding - fontsize
        elif cellstyle.valign == "BOTTOM":
            y = rowpos + cellstyle.bottomPadding + n * leading - fontsize
        else:
            y = rowpos + (cellstyle.bottomPadding + rowheight - cellstyle.topPadding
                          + n * leading) / 2 - fontsize
        canvas = self.canv
        canvas.saveState()
        text = canvas.beginText()
        font: tuple[str, float] | None = None
        colour: Color | None = None
        for line, width in zip(cellval.lines, cellval.line_widths, strict=True):
            if cellstyle.alignment == "RIGHT":
                x = colpos + colwidth - cellstyle.rightPadding - width
            elif cellstyle.alignment in ("CENTRE", "CENTER"):
                x = colpos + (colwidth + cellstyle.leftPadding - cellstyle.rightPadding - width) / 2
            else:
                x = colpos + cellstyle.leftPadding
            text.setTextOrigin(x, y)
            font, colour = _text_out(text, line, font, colour)
            y -= leading
        canvas.drawText(text)
        canvas.restoreState()


def wrap_words(text: str, font: str, size: float, room: float) -> list[str] | None:
    """``text`` broken into lines between words as a Paragraph breaks it in ``room``
    points (a line may take a twentieth of a space more per space, as there); ``None``
    when a word alone is wider than ``room`` (a Paragraph would split the word)."""
    space = stringWidth(" ", font, size)
    lines: list[list[str]] = []
    current: list[str] = []
    width = -space
    for word in text.split():
        word_width = stringWidth(word, font, size)
        if word_width > room:
            return None
        wider = width + space + word_width
        if current and wider > room + 0.05 * space * len(current):
            lines.append(current)
            current, width = [word], word_width
        else:
            current.append(word)
            width = wider
    if current:
        lines.append(current)
    return [" ".join(line) for line in lines]


def text_runs(text: str, font: str, size: float, colour: Color) -> list[Run]:
    """``text`` (one line, already clean) as runs: ``font`` where it has the glyph, a
    fallback font where it does not (as :func:`~hotel_supply.documents.text.markup`)."""
    return [(chunk, run_font, size, colour) for run_font, chunk in font_runs(text, font)]


def one_line(text: str) -> str:
    """User text as a Paragraph would set it on one line: cleaned, runs of spaces made one,
    no space at either end (a non-breaking space stays as it is)."""
    return " ".join(clean_text(text).replace("\n", " ").split(" ")).strip(" ")


class TableWithClosing(Flowable):  # type: ignore[misc]  # ReportLab ships no types
    """A lines table and what closes it (totals, the amount in words, signatures).

    The closing never starts a page on its own: when it does not fit under the table,
    the table's last ``keep_rows`` rows (its header repeated) go over to the next page
    with it. A table longer than a page breaks as usual, but always leaves at least
    ``keep_rows`` rows for the page where the closing prints.
    """

    def __init__(
        self,
        table: Table,
        closing: Sequence[Flowable],
        *,
        keep_rows: int = 3,
        closing_heights: dict[float, float] | None = None,
    ) -> None:
        super().__init__()
        self.table = table
        self.closing = list(closing)
        self.keep_rows = keep_rows
        # The closing's height by width: measured once, shared with the part that goes over.
        self.closing_heights = {} if closing_heights is None else closing_heights

    def _closing_height(self, width: float) -> float:
        if width not in self.closing_heights:
            self.closing_heights[width] = _height(self.closing, width)
        return self.closing_heights[width]

    def _rest(self, table: Table, keep: int) -> TableWithClosing:
        return TableWithClosing(
            table, self.closing, keep_rows=keep, closing_heights=self.closing_heights
        )

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        # Always "too tall": the frame asks split(), which hands back the pieces.
        return avail_width, 0xFFFFFF

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        table = self.table
        table_height = table.wrap(avail_width, avail_height)[1]
        if table_height + self._closing_height(avail_width) <= avail_height:
            return [table, *self.closing]
        frame = getattr(self, "_frame", None)
        at_top = bool(getattr(frame, "_atTop", False))
        heights: list[float] = list(table._rowHeights)
        body = len(heights) - _repeat_rows(table)
        keep = max(min(self.keep_rows, body), 1)
        before_tail = sum(heights[: len(heights) - keep]) + 0.01
        if body > keep:
            # Fill this page, but leave the last rows to go with the closing.
            parts = table.split(avail_width, min(avail_height, before_tail))
            if len(parts) == 2:
                return [parts[0], self._rest(parts[1], keep)]
        if not at_top:
            return []  # start the next page with the whole of it
        # Taller than a page even so: break where it must, the closing after it.
        parts = table.split(avail_width, avail_height) if table_height > avail_height else []
        if len(parts) == 2:
            return [parts[0], self._rest(parts[1], keep)]
        return [table, *self.closing]


def _repeat_rows(table: Table) -> int:
    repeat: Any = table.repeatRows
    return repeat if isinstance(repeat, int) else len(repeat)


def _height(flowables: Sequence[Flowable], width: float) -> float:
    """Height the flowables take one under the other, with their spacing."""
    total = 0.0
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            total += _height(flowable._content, width)
            continue
        total += flowable.wrap(width, 0xFFFFFF)[1]
        total += flowable.getSpaceBefore() + flowable.getSpaceAfter()
    return total
