"""Page templates and the PDF build every renderer ends with.

A renderer builds its story (a list of flowables) from plain data and hands it
to :func:`build_pdf`, which adds the letterhead, the copy label ("ASLI",
"SALINAN"), the footer with "Halaman x dari y" counted within each copy, and a
DRAFT/cancelled watermark, and returns the PDF bytes. Output is deterministic:
ReportLab's invariant mode, no clock.
"""

from __future__ import annotations

import datetime as dt
import io
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

from hotel_supply.documents.data import Organisation
from hotel_supply.documents.styles import (
    ACCENT,
    MUTED,
    RULE,
    TEXT,
    DocumentStyles,
    PageGeometry,
    document_styles,
    page_geometry,
    replace_style,
)
from hotel_supply.documents.text import (
    SANS_BOLD,
    Paragraph,
    draw_text,
    join_nonempty,
    register_fonts,
    user_paragraph,
)
from hotel_supply.formatting import format_datetime
from hotel_supply.i18n import _


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
    made_by: str = ""  # the full name of the account that made the document (footer)
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
                _("NPWP {npwp}").format(npwp=org.npwp) if org.npwp.strip() else "",
            ],
            " · ",
        )
        if contact:
            paras.append(user_paragraph(contact, self.styles.small))
        return paras

    def _measure_header(self) -> float:
        width = self._text_width()
        # Laid out once, drawn on every page.
        self.organisation_lines = [
            (p, p.wrap(width, 1000)[1]) for p in self._organisation_paragraphs()
        ]
        text_height = sum(h for _p, h in self.organisation_lines)
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
        for para, h in self.organisation_lines:
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
        made = _("Made by {name}").format(name=head.made_by) if head.made_by.strip() else ""
        left = join_nonempty(
            [f"{head.document_title} {head.document_number}".strip(), made, printed], " · "
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
    with _binary_streams:
        doc.build(story, canvasmaker=partial(_NumberedCanvas, furniture=furniture))
    return buffer.getvalue()


class _BinaryStreams:
    """Page streams compressed but not ASCII85-encoded while a document is built (ReportLab
    reads the setting from its global configuration): a quarter smaller, and encoding
    them was a tenth of an invoice's time. One build at a time changes it, and it is put
    back after."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._saved: list[Any] = []

    def __enter__(self) -> None:
        self._lock.acquire()
        self._saved.append(rl_config.useA85)
        rl_config.useA85 = 0

    def __exit__(self, *_exc: object) -> None:
        rl_config.useA85 = self._saved.pop()
        self._lock.release()


_binary_streams = _BinaryStreams()
