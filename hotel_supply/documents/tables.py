"""Table columns for the PDF renderers, and widths that fit what the cells hold as printed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hotel_supply.documents.styles import DocumentStyles
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
