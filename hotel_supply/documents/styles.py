"""The look of every document: the colours, the page sizes with their margins, and the
paragraph styles scaled for A4 or A5 (F4/Folio is set as A4: it is as wide, only taller)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from hotel_supply.documents.text import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD, register_fonts
from hotel_supply.papers import FULL_SHEET as FULL_SHEET  # re-exported
from hotel_supply.papers import PAPERS as PAPERS  # re-exported

ACCENT = colors.HexColor("#1F4E79")  # the one accent colour: a calm dark blue
TEXT = colors.HexColor("#1A1A1A")
MUTED = colors.HexColor("#5F6368")
RULE = colors.HexColor("#B9C3CE")
TINT = colors.HexColor("#EEF2F7")  # very light accent, header rows only
ALERT = colors.HexColor("#A33A2E")  # cancelled marker only


@dataclass(frozen=True)
class PageGeometry:
    """Paper and margins of one page size."""

    name: str
    size: tuple[float, float]
    left: float
    right: float
    top: float
    bottom: float

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def content_width(self) -> float:
        return self.size[0] - self.left - self.right


#: F4 (Folio), the paper most Indonesian offices print on: 215 × 330 mm.
F4 = (215 * mm, 330 * mm)


PAGE_SIZES: dict[str, PageGeometry] = {
    "A4": PageGeometry("A4", A4, 15 * mm, 15 * mm, 12 * mm, 12 * mm),
    "A5": PageGeometry("A5", A5, 10 * mm, 10 * mm, 9 * mm, 9 * mm),
    "F4": PageGeometry("F4", F4, 15 * mm, 15 * mm, 12 * mm, 12 * mm),
}


def page_geometry(page_size: str) -> PageGeometry:
    """Geometry for ``"A4"``, ``"A5"`` or ``"F4"`` (portrait); ``ValueError`` for anything
    else."""
    try:
        return PAGE_SIZES[page_size.upper()]
    except KeyError:
        raise ValueError(f"unsupported page size {page_size!r}; use A4, A5 or F4") from None


@dataclass(frozen=True)
class DocumentStyles:
    """Paragraph styles of one page size. ``cell*`` styles are condensed, for tables."""

    size: float
    body: ParagraphStyle
    body_bold: ParagraphStyle
    small: ParagraphStyle
    title: ParagraphStyle
    section: ParagraphStyle
    label: ParagraphStyle
    cell_size: float
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_centre: ParagraphStyle
    cell_small: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    cell_total: ParagraphStyle
    cell_total_right: ParagraphStyle
    cell_padding: float
    page: str = "A4"  # the paper these styles are scaled for: "A4", "A5" or "F4"


#: How much a table's type may shrink, step by step, so that its figures fit.
CELL_SHRINK_STEPS = (0.5, 1.0)


def document_styles(page_size: str = "A4", *, cell_size: float | None = None) -> DocumentStyles:
    """The house styles, scaled for ``page_size`` (A5 is set a little smaller).

    ``cell_size`` sets table cells smaller than the house size (a table whose figures
    would not fit otherwise). Right-aligned cells hold figures: they never break inside
    a word, so an amount or a date never wraps mid-number. Made once per size and shared
    (styles are never changed in place: :func:`replace_style` makes a new one).
    """
    register_fonts()
    return _document_styles(page_size, cell_size)


@lru_cache(maxsize=32)
def _document_styles(page_size: str, cell_size: float | None) -> DocumentStyles:
    a5 = page_geometry(page_size).name == "A5"
    size = 8.0 if a5 else 9.0
    if cell_size is None:
        cell_size = 6.7 if a5 else 7.3

    body = ParagraphStyle("body", fontName=SANS, fontSize=size, leading=size * 1.3, textColor=TEXT)
    cell = ParagraphStyle(
        "cell",
        fontName=CONDENSED,
        fontSize=cell_size,
        leading=cell_size * 1.25,
        textColor=TEXT,
        splitLongWords=1,
    )
    cell_head = replace_style(
        cell,
        "cell_head",
        fontName=CONDENSED_BOLD,
        fontSize=cell_size - 0.9,
        leading=(cell_size - 0.9) * 1.2,
        textColor=ACCENT,
    )
    cell_total = replace_style(cell, "cell_total", fontName=CONDENSED_BOLD)
    figure = {"alignment": TA_RIGHT, "splitLongWords": 0}
    return DocumentStyles(
        size=size,
        body=body,
        body_bold=replace_style(body, "body_bold", fontName=SANS_BOLD),
        small=replace_style(
            body, "small", fontSize=size - 1.5, leading=(size - 1.5) * 1.3, textColor=MUTED
        ),
        title=replace_style(
            body,
            "title",
            fontName=SANS_BOLD,
            fontSize=size + (3.5 if a5 else 5),
            leading=(size + (3.5 if a5 else 5)) * 1.2,
            textColor=ACCENT,
        ),
        section=replace_style(
            body,
            "section",
            fontName=SANS_BOLD,
            fontSize=size - 1.5,
            leading=(size - 1.5) * 1.4,
            textColor=ACCENT,
        ),
        label=replace_style(body, "label", textColor=MUTED),
        cell_size=cell_size,
        cell=cell,
        cell_right=replace_style(cell, "cell_right", **figure),
        cell_centre=replace_style(cell, "cell_centre", alignment=TA_CENTER),
        cell_small=replace_style(
            cell,
            "cell_small",
            fontSize=cell_size - 0.6,
            leading=(cell_size - 0.6) * 1.25,
            textColor=MUTED,
        ),
        cell_head=cell_head,
        cell_head_right=replace_style(cell_head, "cell_head_right", alignment=TA_RIGHT),
        cell_total=cell_total,
        cell_total_right=replace_style(cell_total, "cell_total_right", **figure),
        cell_padding=2.0 if a5 else 2.3,
        page=page_geometry(page_size).name,
    )


def smaller_cells(styles: DocumentStyles, step: float) -> DocumentStyles:
    """``styles`` with table cells set ``step`` points smaller (the rest unchanged)."""
    return document_styles(styles.page, cell_size=styles.cell_size - step)


def replace_style(style: ParagraphStyle, name: str, **changes: Any) -> ParagraphStyle:
    """A copy of ``style`` named ``name`` with ``changes`` applied."""
    return ParagraphStyle(name, parent=style, **changes)
