"""Pieces every PDF renderer shares: fonts, styles, escaping, page furniture, QR.

A renderer builds its story (a list of flowables) from plain data and hands it
to :func:`build_pdf`, which adds the letterhead, the copy label ("ASLI",
"SALINAN"), the footer with "Halaman x dari y" counted within each copy, and a
DRAFT/cancelled watermark, and returns the PDF bytes. Output is deterministic:
ReportLab's invariant mode, no clock.

User text reaches ReportLab markup only through :func:`markup` (or
:func:`user_paragraph`), which escapes it and hands characters the text font
lacks (emoji, symbols) to a fallback font, run by run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import threading
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
)

from hotel_supply.documents.data import Organisation
from hotel_supply.formatting import format_datetime
from hotel_supply.i18n import _
from hotel_supply.resources import resource_path

# --------------------------------------------------------------------------- fonts

SANS = "HS-Sans"
SANS_BOLD = "HS-Sans-Bold"
SANS_ITALIC = "HS-Sans-Italic"
SANS_BOLD_ITALIC = "HS-Sans-BoldItalic"
CONDENSED = "HS-SansCondensed"
CONDENSED_BOLD = "HS-SansCondensed-Bold"
EMOJI = "HS-Emoji"

#: Tried in order for a character the text font has no glyph for.
FALLBACK_FONTS: tuple[str, ...] = (EMOJI,)

_FONT_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    CONDENSED: "DejaVuSansCondensed.ttf",
    CONDENSED_BOLD: "DejaVuSansCondensed-Bold.ttf",
    EMOJI: "NotoEmoji-VariableFont_wght.ttf",
}
_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Register the shipped fonts with ReportLab (once; safe to call again).

    Families are registered so that ``<b>`` and ``<i>`` work in paragraphs:
    HS-Sans has all four faces; HS-SansCondensed has no italic (italic falls
    back to upright); HS-Emoji has one face for every style.
    """
    global _fonts_registered
    if _fonts_registered:
        return
    with _fonts_lock:
        if _fonts_registered:
            return
        for name, filename in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
        pdfmetrics.registerFontFamily(
            SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
        )
        pdfmetrics.registerFontFamily(
            CONDENSED,
            normal=CONDENSED,
            bold=CONDENSED_BOLD,
            italic=CONDENSED,
            boldItalic=CONDENSED_BOLD,
        )
        pdfmetrics.registerFontFamily(
            EMOJI, normal=EMOJI, bold=EMOJI, italic=EMOJI, boldItalic=EMOJI
        )
        _fonts_registered = True


def _has_glyph(font_name: str, char: str) -> bool:
    font = pdfmetrics.getFont(font_name)
    return ord(char) in font.face.charToGlyph


# --------------------------------------------------------------------------- text

# C0/C1 controls other than newline would print as boxes or break markup.
_CONTROLS = [*range(0x00, 0x20), *range(0x7F, 0xA0)]
_CONTROL_TABLE: dict[int, str | None] = {c: None for c in _CONTROLS if c != 0x0A}
_CONTROL_TABLE[0x09] = " "  # a tab becomes a space


def clean_text(text: str | None) -> str:
    """User text made printable: NFC-composed, line ends as ``\\n``, controls removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return text.translate(_CONTROL_TABLE)


def escape(text: str | None) -> str:
    """Escape ``&``, ``<`` and ``>`` so ReportLab markup shows ``text`` literally."""
    return clean_text(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def font_runs(text: str, font: str = SANS) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font name, chunk)`` runs: ``font`` where it has the
    glyph, else the first of :data:`FALLBACK_FONTS` that has it. Characters no
    font covers stay with ``font`` (they print as its empty box)."""
    register_fonts()
    runs: list[tuple[str, str]] = []
    for char in text:
        chosen = font
        if char != "\n" and not _has_glyph(font, char):
            chosen = next((f for f in FALLBACK_FONTS if _has_glyph(f, char)), font)
        if runs and runs[-1][0] == chosen:
            runs[-1] = (chosen, runs[-1][1] + char)
        else:
            runs.append((chosen, char))
    return runs


def markup(text: str | None, font: str = SANS) -> str:
    """User text as safe Paragraph markup, set in ``font`` (the style's font).

    Escapes markup characters, turns line breaks into ``<br/>`` and wraps runs
    of characters ``font`` cannot draw in ``<font name=...>`` of a fallback
    font, so "Kopi Ñusantara ☕ & <Co>" prints exactly as typed.
    """
    parts: list[str] = []
    for run_font, chunk in font_runs(clean_text(text), font):
        body = escape(chunk).replace("\n", "<br/>")
        parts.append(body if run_font == font else f'<font name="{run_font}">{body}</font>')
    return "".join(parts)


def user_paragraph(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing user ``text`` literally in ``style``."""
    return Paragraph(markup(text, style.fontName), style)


def text_width(text: str | None, font: str, size: float) -> float:
    """Printed width of plain ``text`` (longest line), fallback fonts included."""
    widest = 0.0
    for line in clean_text(text).split("\n"):
        width = sum(pdfmetrics.stringWidth(chunk, f, size) for f, chunk in font_runs(line, font))
        widest = max(widest, width)
    return widest


def draw_text(
    canvas: Canvas,
    x: float,
    y: float,
    text: str | None,
    *,
    font: str = SANS,
    size: float = 8,
    align: str = "left",
) -> None:
    """Draw one line of plain ``text`` on ``canvas`` with font fallback.

    ``align`` is "left", "right" or "centre" about ``x``.
    """
    line = clean_text(text).replace("\n", " ")
    width = text_width(line, font, size)
    if align == "right":
        x -= width
    elif align == "centre":
        x -= width / 2
    for run_font, chunk in font_runs(line, font):
        canvas.setFont(run_font, size)
        canvas.drawString(x, y, chunk)
        x += pdfmetrics.stringWidth(chunk, run_font, size)


def span(body: str, *, colour: colors.Color | None = None, size: float | None = None) -> str:
    """``body`` (markup, already escaped) in another colour and/or size."""
    attrs = []
    if colour is not None:
        attrs.append(f'color="#{colour.hexval()[2:]}"')
    if size is not None:
        attrs.append(f'size="{size:g}"')
    return f"<font {' '.join(attrs)}>{body}</font>" if attrs else body


def join_nonempty(parts: Sequence[str | None], separator: str = ", ") -> str:
    """``parts`` without the empty ones, joined: ``"Jl. Mawar 1, Bandar Lampung"``."""
    return separator.join(p.strip() for p in parts if p and p.strip())


# --------------------------------------------------------------------------- look

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


PAGE_SIZES: dict[str, PageGeometry] = {
    "A4": PageGeometry("A4", A4, 15 * mm, 15 * mm, 12 * mm, 12 * mm),
    "A5": PageGeometry("A5", A5, 10 * mm, 10 * mm, 9 * mm, 9 * mm),
}


def page_geometry(page_size: str) -> PageGeometry:
    """Geometry for ``"A4"`` or ``"A5"`` (portrait); ``ValueError`` for anything else."""
    try:
        return PAGE_SIZES[page_size.upper()]
    except KeyError:
        raise ValueError(f"unsupported page size {page_size!r}; use A4 or A5") from None


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


def document_styles(page_size: str = "A4") -> DocumentStyles:
    """The house styles, scaled for ``page_size`` (A5 is set a little smaller)."""
    register_fonts()
    a5 = page_geometry(page_size).name == "A5"
    size = 8.0 if a5 else 9.0
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
        cell_right=replace_style(cell, "cell_right", alignment=TA_RIGHT),
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
        cell_total_right=replace_style(cell_total, "cell_total_right", alignment=TA_RIGHT),
        cell_padding=2.0 if a5 else 2.3,
    )


def replace_style(style: ParagraphStyle, name: str, **changes: Any) -> ParagraphStyle:
    """A copy of ``style`` named ``name`` with ``changes`` applied."""
    return ParagraphStyle(name, parent=style, **changes)


# --------------------------------------------------------------------------- tables


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


# --------------------------------------------------------------------------- QR


def payload_checksum(*parts: object) -> str:
    """8 hex digits of SHA-256 over ``parts`` joined by ``|`` (``str()`` of each)."""
    joined = "|".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:8]


def qr_code(payload: str, size: float) -> Drawing:
    """A square QR code (error correction M, 4-module quiet zone) ``size`` points wide."""
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


# --------------------------------------------------------------------------- pages


def copy_label_text(label: str) -> str:
    """How a copy label prints: the standard ones translated, others as given."""
    known = {"ASLI": _("ORIGINAL"), "SALINAN": _("COPY")}
    return known.get(label.strip().upper(), label)


@dataclass(frozen=True)
class Letterhead:
    """What the page furniture shows on every page of a document.

    ``document_title`` and ``document_number`` go in the footer (and the
    number under the copy label); ``watermark`` ("DRAFT", "DIBATALKAN") is
    printed large and faint across every page.
    """

    organisation: Organisation
    document_title: str
    document_number: str = ""
    printed_at: dt.datetime | None = None  # printed in the footer
    watermark: str = ""
    watermark_colour: colors.Color = MUTED


class _PageFurniture:
    """Draws the letterhead, copy label, footer and watermark of each page."""

    def __init__(
        self, letterhead: Letterhead, geometry: PageGeometry, styles: DocumentStyles
    ) -> None:
        self.letterhead = letterhead
        self.geometry = geometry
        self.styles = styles
        self.a5 = geometry.name == "A5"
        self.copy_box_width = (24 if self.a5 else 32) * mm
        self.logo = _load_logo(letterhead.organisation.logo_path)
        self.logo_height = (11 if self.a5 else 15) * mm
        self.footer_height = (8 if self.a5 else 9) * mm
        self.name_style = replace_style(
            styles.body_bold,
            "org_name",
            fontSize=styles.size + 2,
            leading=(styles.size + 2) * 1.2,
        )
        self.header_height = self._measure_header()

    # The letterhead is measured once so the frame below it can be fixed.
    def _text_width(self) -> float:
        width = self.geometry.content_width - self.copy_box_width - 4 * mm
        if self.logo is not None:
            width -= self._logo_width() + 3 * mm
        return float(width)

    def _logo_width(self) -> float:
        assert self.logo is not None
        w, h = self.logo.getSize()
        return float(min(self.logo_height * w / h, 40 * mm))

    def _organisation_paragraphs(self) -> list[Paragraph]:
        org = self.letterhead.organisation
        paras = [user_paragraph(org.name, self.name_style)]
        address = join_nonempty([org.address, org.city])
        if address:
            paras.append(user_paragraph(address, self.styles.small))
        contact = join_nonempty(
            [
                _("Phone {phone}").format(phone=org.phone) if org.phone.strip() else "",
                org.email,
            ],
            " · ",
        )
        if contact:
            paras.append(user_paragraph(contact, self.styles.small))
        return paras

    def _measure_header(self) -> float:
        width = self._text_width()
        text_height = sum(p.wrap(width, 1000)[1] for p in self._organisation_paragraphs())
        logo_height = self.logo_height if self.logo is not None else 0
        copy_height = (13 if self.a5 else 15) * mm
        return float(max(text_height, logo_height, copy_height) + 2.5 * mm)

    def frame_box(self) -> tuple[float, float, float, float]:
        g = self.geometry
        gap = 3 * mm
        y = g.bottom + self.footer_height
        height = g.height - g.top - self.header_height - gap - y
        return g.left, y, g.content_width, height

    def draw_page(
        self, canvas: Canvas, _doc: BaseDocTemplate, *, copy_index: int, copy_label: str
    ) -> None:
        canvas.saveState()
        canvas._hs_copy = copy_index  # read back when pages are numbered
        if self.letterhead.watermark:
            self._draw_watermark(canvas)
        self._draw_header(canvas, copy_label)
        self._draw_footer(canvas)
        canvas.restoreState()

    def _draw_watermark(self, canvas: Canvas) -> None:
        g = self.geometry
        text = self.letterhead.watermark
        size = (64 if self.a5 else 92) * min(1.0, 7 / max(len(text), 1))
        canvas.saveState()
        canvas.setFillColor(self.letterhead.watermark_colour)
        canvas.setFillAlpha(0.12)
        canvas.translate(g.width / 2, g.height / 2)
        canvas.rotate(35)
        draw_text(canvas, 0, -size / 3, text, font=SANS_BOLD, size=size, align="centre")
        canvas.restoreState()

    def _draw_header(self, canvas: Canvas, copy_label: str) -> None:
        g = self.geometry
        top = g.height - g.top
        x = g.left
        if self.logo is not None:
            w = self._logo_width()
            canvas.drawImage(
                self.logo,
                x,
                top - self.logo_height,
                width=w,
                height=self.logo_height,
                preserveAspectRatio=True,
                anchor="w",
                mask="auto",
            )
            x += w + 3 * mm
        y = top
        width = self._text_width()
        for para in self._organisation_paragraphs():
            _w, h = para.wrap(width, 1000)
            para.drawOn(canvas, x, y - h)
            y -= h

        # Copy label: outlined in the accent colour, top right.
        box_w = self.copy_box_width
        box_h = (7 if self.a5 else 8.5) * mm
        box_x = g.width - g.right - box_w
        box_y = top - box_h
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(1.1)
        canvas.roundRect(box_x, box_y, box_w, box_h, 1.5 * mm, stroke=1, fill=0)
        label = copy_label_text(copy_label).upper()
        label_size = (11 if self.a5 else 14) * min(1.0, 8 / max(len(label), 1))
        canvas.setFillColor(ACCENT)
        draw_text(
            canvas,
            box_x + box_w / 2,
            box_y + (box_h - label_size * 0.72) / 2,
            label,
            font=SANS_BOLD,
            size=label_size,
            align="centre",
        )
        number = self.letterhead.document_number
        if number:
            canvas.setFillColor(TEXT)
            draw_text(
                canvas,
                box_x + box_w,
                box_y - self.styles.size - 1,
                number,
                font=SANS_BOLD,
                size=self.styles.size - 1,
                align="right",
            )
        rule_y = top - self.header_height
        canvas.setStrokeColor(ACCENT)
        canvas.setLineWidth(0.8)
        canvas.line(g.left, rule_y, g.width - g.right, rule_y)

    def _draw_footer(self, canvas: Canvas) -> None:
        g = self.geometry
        rule_y = g.bottom + self.footer_height - 3 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(g.left, rule_y, g.width - g.right, rule_y)
        head = self.letterhead
        printed = (
            _("Printed {when}").format(when=format_datetime(head.printed_at))
            if head.printed_at
            else ""
        )
        left = join_nonempty(
            [f"{head.document_title} {head.document_number}".strip(), printed], " · "
        )
        canvas.setFillColor(MUTED)
        draw_text(canvas, g.left, rule_y - 3.2 * mm, left, size=self._foot_size())

    def _foot_size(self) -> float:
        return self.styles.size - 1.8

    def draw_page_number(self, canvas: Canvas, page: int, pages: int) -> None:
        g = self.geometry
        rule_y = g.bottom + self.footer_height - 3 * mm
        canvas.saveState()
        canvas.setFillColor(MUTED)
        draw_text(
            canvas,
            g.width - g.right,
            rule_y - 3.2 * mm,
            _("Page {page} of {pages}").format(page=page, pages=pages),
            size=self._foot_size(),
            align="right",
        )
        canvas.restoreState()


def _load_logo(path: str) -> ImageReader | None:
    """The logo image, or ``None`` when the path is empty, missing or not an image."""
    if not path or not Path(path).is_file():
        return None
    try:
        reader = ImageReader(path)
        w, h = reader.getSize()
    except Exception:  # a broken logo must not stop a delivery from being printed
        return None
    return reader if w > 0 and h > 0 else None


class _NumberedCanvas(Canvas):  # type: ignore[misc]  # ReportLab ships no types
    """Holds pages back until the end, then writes "Page x of y" per copy."""

    def __init__(self, *args: Any, furniture: _PageFurniture, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._hs_furniture = furniture
        self._hs_pages: list[dict[str, Any]] = []
        self._hs_copy = 0

    def showPage(self) -> None:
        self._hs_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(state["_hs_copy"] for state in self._hs_pages)
        seen: Counter[int] = Counter()
        for state in self._hs_pages:
            self.__dict__.update(state)
            seen[self._hs_copy] += 1
            self._hs_furniture.draw_page_number(self, seen[self._hs_copy], totals[self._hs_copy])
            Canvas.showPage(self)
        Canvas.save(self)


def build_pdf(
    story_for_copy: Callable[[str], list[Flowable]],
    *,
    letterhead: Letterhead,
    page_size: str = "A4",
    copies: Sequence[str] = ("ASLI",),
    title: str = "",
    subject: str = "",
) -> bytes:
    """Render one complete set of pages per copy label and return the PDF bytes.

    ``story_for_copy(label)`` is called once per copy and must return fresh
    flowables each time. Every page gets ``letterhead``, the copy label, and a
    footer with "Page x of y" counted within its copy. Same input, same bytes.
    """
    if not copies:
        raise ValueError("at least one copy label is needed")
    register_fonts()
    geometry = page_geometry(page_size)
    furniture = _PageFurniture(letterhead, geometry, document_styles(geometry.name))
    x, y, w, h = furniture.frame_box()

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=geometry.size,
        leftMargin=geometry.left,
        rightMargin=geometry.right,
        topMargin=geometry.top,
        bottomMargin=geometry.bottom,
        title=title or letterhead.document_title,
        author=letterhead.organisation.name,
        subject=subject,
        creator="Hotel Supply",
        invariant=1,
    )
    templates = []
    story: list[Flowable] = []
    for index, label in enumerate(copies):
        template_id = f"copy-{index}"
        frame = Frame(x, y, w, h, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates.append(
            PageTemplate(
                id=template_id,
                frames=[frame],
                onPage=partial(furniture.draw_page, copy_index=index, copy_label=label),
            )
        )
        if index:
            story += [NextPageTemplate(template_id), PageBreak()]
        story += story_for_copy(label)
    doc.addPageTemplates(templates)
    doc.build(story, canvasmaker=partial(_NumberedCanvas, furniture=furniture))
    return buffer.getvalue()


__all__ = [
    "ACCENT",
    "ALERT",
    "CONDENSED",
    "CONDENSED_BOLD",
    "EMOJI",
    "FALLBACK_FONTS",
    "MUTED",
    "PAGE_SIZES",
    "RULE",
    "SANS",
    "SANS_BOLD",
    "SANS_BOLD_ITALIC",
    "SANS_ITALIC",
    "TEXT",
    "TINT",
    "Column",
    "DocumentStyles",
    "Letterhead",
    "PageGeometry",
    "build_pdf",
    "clean_text",
    "copy_label_text",
    "document_styles",
    "draw_text",
    "escape",
    "fit_column_widths",
    "font_runs",
    "join_nonempty",
    "markup",
    "page_geometry",
    "payload_checksum",
    "qr_code",
    "register_fonts",
    "replace_style",
    "span",
    "text_width",
    "user_paragraph",
]
