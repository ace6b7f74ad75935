"""Table columns for the PDF renderers, widths that fit what the cells hold as printed,
and a table that never leaves what closes it (totals, signatures) alone on a page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Table

from hotel_supply.documents.styles import CELL_SHRINK_STEPS, DocumentStyles, smaller_cells
from hotel_supply.documents.text import text_width


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
    slack = 2 * styles.cell_padding + 1.0
    head_font, head_size = styles.cell_head.fontName, styles.cell_head.fontSize
    natural: list[float] = []
    for index, column in enumerate(columns):
        head = max((text_width(w, head_font, head_size) for w in column.header.split()), default=0)
        body = max(
            (text_width(row[index], styles.cell.fontName, styles.cell_size) for row in cells),
            default=0,
        )
        bold = max(
            (
                text_width(row[index], styles.cell_total.fontName, styles.cell_size)
                for row in bold_cells
            ),
            default=0,
        )
        natural.append(max(head, body, bold) + slack)

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
    candidates = [styles, *(smaller_cells(styles, step) for step in CELL_SHRINK_STEPS)]
    for candidate in candidates:
        for tried in (columns, relaxed):
            widths = fit_column_widths(tried, cells, total_width, candidate, bold_cells=bold_cells)
            if widths is not None:
                return widths, candidate
    smallest = candidates[-1]
    loose = [replace(c, min_width=0.0, max_width=None) for c in relaxed]
    natural = fit_column_widths(loose, cells, 10 * total_width, smallest, bold_cells=bold_cells)
    assert natural is not None  # ten pages wide holds anything
    needed = [
        w if not c.flex else max(min(w, c.min_width), 1.0)
        for c, w in zip(relaxed, natural, strict=True)
    ]
    scale = total_width / sum(needed)
    return [w * scale for w in needed], smallest


class TableWithClosing(Flowable):  # type: ignore[misc]  # ReportLab ships no types
    """A lines table and what closes it (totals, the amount in words, signatures).

    The closing never starts a page on its own: when it does not fit under the table,
    the table's last ``keep_rows`` rows (its header repeated) go over to the next page
    with it. A table longer than a page breaks as usual, but always leaves at least
    ``keep_rows`` rows for the page where the closing prints.
    """

    def __init__(self, table: Table, closing: Sequence[Flowable], *, keep_rows: int = 3) -> None:
        super().__init__()
        self.table = table
        self.closing = list(closing)
        self.keep_rows = keep_rows

    def wrap(self, avail_width: float, _avail_height: float) -> tuple[float, float]:
        # Always "too tall": the frame asks split(), which hands back the pieces.
        return avail_width, 0xFFFFFF

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        table = self.table
        table_height = table.wrap(avail_width, avail_height)[1]
        if table_height + _height(self.closing, avail_width) <= avail_height:
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
                return [parts[0], TableWithClosing(parts[1], self.closing, keep_rows=keep)]
        if not at_top:
            return []  # start the next page with the whole of it
        # Taller than a page even so: break where it must, the closing after it.
        parts = table.split(avail_width, avail_height) if table_height > avail_height else []
        if len(parts) == 2:
            return [parts[0], TableWithClosing(parts[1], self.closing, keep_rows=keep)]
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
