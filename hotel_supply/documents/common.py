"""Pieces every PDF renderer shares, gathered in one place to import from.

They live by concept: fonts and user text in :mod:`.text`, colours, page sizes and
paragraph styles in :mod:`.styles`, table column widths in :mod:`.tables`, QR codes
in :mod:`.qr`, and the letterhead, footer and :func:`build_pdf` in
:mod:`.page_templates`.
"""

from __future__ import annotations

from hotel_supply.documents.page_templates import Letterhead, build_pdf, copy_label_text
from hotel_supply.documents.qr import payload_checksum, qr_code
from hotel_supply.documents.styles import (
    ACCENT,
    ALERT,
    MUTED,
    PAGE_SIZES,
    RULE,
    TEXT,
    TINT,
    DocumentStyles,
    PageGeometry,
    document_styles,
    page_geometry,
    replace_style,
    smaller_cells,
)
from hotel_supply.documents.tables import Column, TableWithClosing, fit_column_widths, fit_table
from hotel_supply.documents.text import (
    CONDENSED,
    CONDENSED_BOLD,
    EMOJI,
    FALLBACK_FONTS,
    NBSP,
    SANS,
    SANS_BOLD,
    SANS_BOLD_ITALIC,
    SANS_ITALIC,
    bind_measures,
    clean_text,
    draw_text,
    escape,
    font_runs,
    join_nonempty,
    markup,
    nobreak,
    register_fonts,
    span,
    text_width,
    user_paragraph,
)

__all__ = [
    "ACCENT",
    "ALERT",
    "CONDENSED",
    "CONDENSED_BOLD",
    "EMOJI",
    "FALLBACK_FONTS",
    "MUTED",
    "NBSP",
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
    "TableWithClosing",
    "bind_measures",
    "build_pdf",
    "clean_text",
    "copy_label_text",
    "document_styles",
    "draw_text",
    "escape",
    "fit_column_widths",
    "fit_table",
    "font_runs",
    "join_nonempty",
    "markup",
    "nobreak",
    "page_geometry",
    "payload_checksum",
    "qr_code",
    "register_fonts",
    "replace_style",
    "smaller_cells",
    "span",
    "text_width",
    "user_paragraph",
]
