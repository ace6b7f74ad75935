"""Pieces every stock document shares (stock report, slips, count sheet, waste report):
the title block, key-figure boxes, section headings, table rules and signature boxes."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from hotel_supply.documents.common import (
    ACCENT,
    MUTED,
    RULE,
    TINT,
    Column,
    DocumentStyles,
    bind_measures,
    escape,
    markup,
    nobreak,
    replace_style,
    span,
    text_width,
    user_paragraph,
)
from hotel_supply.documents.data import Party
from hotel_supply.documents.stock_data import SignatureBox
from hotel_supply.documents.text import Paragraph


def tight_commands() -> list[tuple[object, ...]]:
    """Table commands for a layout table: no padding, top-aligned."""
    return [
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]


def stack(flowables: Sequence[Flowable], width: float) -> Table:
    """Flowables one under the other in a box ``width`` wide (for side-by-side blocks)."""
    table = Table([[f] for f in flowables], colWidths=[width])
    table.setStyle(TableStyle(tight_commands()))
    return table


def party_markup(party: Party, s: DocumentStyles) -> str:
    """``Name (CODE)`` as markup: the name bold, the code small and muted."""
    text = markup(party.name, s.body_bold.fontName)
    if party.code.strip():
        code = f"({markup(party.code, s.body_bold.fontName)})"
        text += " " + span(code, colour=MUTED, size=s.small.fontSize)
    return text


def product_markup(s: DocumentStyles, code: str, name: str, second_line: str = "") -> str:
    """Product code (muted) and name as cell markup, with an optional small second line."""
    font = s.cell.fontName
    text = markup(bind_measures(name), font)  # "250 g" never splits
    if code.strip():
        text = f"{span(markup(code, font), colour=MUTED)} {text}"
    if second_line.strip():
        text += "<br/>" + span(markup(second_line, font), colour=MUTED, size=s.cell_small.fontSize)
    return text


def title_block(
    s: DocumentStyles,
    width: float,
    title: str,
    rows: Sequence[tuple[str, str, bool]],
    *,
    label_width: float | None = None,
    right: Sequence[Flowable] = (),
    right_width: float = 0.0,
) -> Flowable:
    """The document title and its facts: ``rows`` of (label, value markup, bold).

    ``right`` flowables, if any, stand in a column ``right_width`` wide beside them.
    """
    left_width = width - (right_width + 6 * mm if right else 0)
    if label_width is None:  # as wide as the longest label, so none wraps
        widest = max(
            (
                text_width(label, s.label.fontName, s.label.fontSize)
                for label, _value, _bold in rows
            ),
            default=0,
        )
        label_width = min(widest + 4 * mm, left_width / 2)
    info = Table(
        [
            [Paragraph(escape(label), s.label), Paragraph(value, s.body_bold if bold else s.body)]
            for label, value, bold in rows
        ],
        colWidths=[label_width, left_width - label_width],
        hAlign="LEFT",
    )
    info.setStyle(TableStyle([*tight_commands(), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2)]))
    left = stack([Paragraph(escape(title), s.title), Spacer(1, 2.5 * mm), info], left_width)
    if not right:
        return left
    block = Table(
        [[left, "", stack(list(right), right_width)]],
        colWidths=[left_width, 6 * mm, right_width],
    )
    block.setStyle(TableStyle(tight_commands()))
    return block


def key_figures(s: DocumentStyles, width: float, figures: Sequence[tuple[str, str]]) -> Table:
    """A strip of boxed figures: a small label over each value."""
    label_style = replace_style(s.small, "figure_label")
    value_style = replace_style(s.body_bold, "figure_value", fontSize=s.size + 0.5)
    # Each box as wide as its own text, the room left shared equally; equal boxes if tight.
    pad = 4.5 * mm + 1
    natural = [
        max(
            text_width(label, label_style.fontName, label_style.fontSize),
            text_width(value, value_style.fontName, value_style.fontSize),
        )
        + pad
        for label, value in figures
    ]
    spare = width - sum(natural)
    if spare >= 0:
        widths = [w + spare / len(figures) for w in natural]
    else:
        widths = [width / len(figures)] * len(figures)
        # Equal boxes: the values set smaller if need be, so no figure wraps.
        size = min(
            (w - pad) / max(text_width(value, value_style.fontName, 1), 1)
            for w, (_label, value) in zip(widths, figures, strict=True)
        )
        if size < value_style.fontSize:
            value_style = replace_style(
                value_style, "figure_value_small", fontSize=size, leading=size * 1.2
            )
    value_style = replace_style(value_style, "figure_value_whole", splitLongWords=0)
    table = Table(
        [
            [Paragraph(escape(label), label_style) for label, _value in figures],
            [Paragraph(escape(nobreak(value)), value_style) for _label, value in figures],
        ],
        colWidths=widths,
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, RULE),
                ("LINEBEFORE", (1, 0), (-1, -1), 0.6, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2 * mm),
                ("TOPPADDING", (0, 0), (-1, 0), 1.8 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 0.3 * mm),
                ("TOPPADDING", (0, 1), (-1, 1), 0),
                ("BOTTOMPADDING", (0, 1), (-1, 1), 2 * mm),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def section_heading(s: DocumentStyles, text: str) -> Paragraph:
    """A small capitalised heading in the accent colour, above a table or a note."""
    style = replace_style(s.section, "section_gap", spaceAfter=1.2 * mm)
    return Paragraph(escape(text.upper()), style)


def header_cells(s: DocumentStyles, columns: Sequence[Column]) -> list[object]:
    """The header row of a lines table, aligned as its columns."""
    cells: list[object] = []
    for c in columns:
        style = s.cell_head_right if c.align == "right" else s.cell_head
        if c.align == "centre":
            style = replace_style(s.cell_head, "cell_head_centre", alignment=TA_CENTER)
        cells.append(Paragraph(escape(c.header), style))
    return cells


def grid_commands(s: DocumentStyles) -> list[tuple[object, ...]]:
    """Padding, header tint and rules of a lines table (as on the delivery note)."""
    pad = s.cell_padding
    return [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad * 0.8),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 1.05),
        ("BACKGROUND", (0, 0), (-1, 0), TINT),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, ACCENT),
    ]


def total_row_commands(row: int) -> list[tuple[object, ...]]:
    """Rules around the totals row ``row`` of a lines table."""
    return [
        ("LINEABOVE", (0, row), (-1, row), 0.8, ACCENT),
        ("LINEBELOW", (0, row), (-1, row), 0.8, ACCENT),
    ]


def signature_table(
    s: DocumentStyles, width: float, boxes: Sequence[SignatureBox], *, a5: bool = False
) -> Flowable:
    """Signature boxes side by side: heading, whom the signer stands for, room to sign,
    a line, and the name (or a dotted blank). Never split across pages."""
    head = replace_style(s.body_bold, "sig_head", alignment=TA_CENTER)
    sub = replace_style(s.small, "sig_sub", alignment=TA_CENTER)
    name_style = replace_style(s.body, "sig_name", alignment=TA_CENTER)
    blank_style = replace_style(name_style, "sig_blank", textColor=MUTED)
    n = max(len(boxes), 1)
    gutter = (5 if a5 else 8) * mm
    # Two boxes sit at the outer thirds, as on a form; three or more share the width.
    count = max(n, 3) if n == 2 else n
    col = (width - (count - 1) * gutter) / count
    space = (14 if a5 else 18) * mm
    blank = "(" + "." * (22 if a5 else 28) + ")"
    rows: list[list[object]] = [[], [], [], []]
    widths: list[float] = []
    placed: list[SignatureBox | None] = list(boxes)
    if n == 2:
        placed = [boxes[0], None, boxes[1]]
    for index, box in enumerate(placed):
        if index:
            for row in rows:
                row.append("")
            widths.append(gutter)
        widths.append(col)
        if box is None:
            for row in rows:
                row.append("")
            continue
        rows[0].append(Paragraph(escape(box.title), head))
        rows[1].append(user_paragraph(box.party, sub) if box.party.strip() else "")
        rows[2].append("")
        rows[3].append(
            user_paragraph(box.name, name_style)
            if box.name.strip()
            else Paragraph(blank, blank_style)
        )
    table = Table(rows, colWidths=widths, rowHeights=[None, None, space, None])
    commands = [*tight_commands()]
    for index, box in enumerate(placed):
        if box is None:
            continue
        c = index * 2
        commands.append(("LINEABOVE", (c, 3), (c, 3), 0.6, MUTED))
        commands.append(("TOPPADDING", (c, 3), (c, 3), 1.5))
    table.setStyle(TableStyle(commands))
    return KeepTogether([Spacer(1, (4 if a5 else 6) * mm), table])
