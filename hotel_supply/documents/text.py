"""Fonts and user text for the PDF renderers.

User text reaches ReportLab markup only through :func:`markup` (or
:func:`user_paragraph`), which escapes it and hands characters the text font
lacks (emoji, symbols) to a fallback font, run by run.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph as _Paragraph

from hotel_supply.resources import resource_path


class Paragraph(_Paragraph):  # type: ignore[misc]  # ReportLab ships no types
    """A ReportLab Paragraph that breaks its lines once per width: a table asks each cell's
    size when it measures a row and again when it draws it, and a nested table is measured
    by the table around it too; the answer is the same each time."""

    _wrapped_at: float | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if avail_width == self._wrapped_at:
            return self.width, self.height
        size: tuple[float, float] = super().wrap(avail_width, avail_height)
        # (too narrow to hold anything: no lines were broken, nothing to keep)
        self._wrapped_at = avail_width if size == (self.width, self.height) else None
        return size


# The text is set in the PDF's built-in Helvetica: nothing to embed, and every Indonesian
# text is in its WinAnsi encoding. A character outside it (Ğ, ≤, ✓, an emoji) is drawn in a
# TrueType font embedded for just those glyphs: DejaVu of the same weight, else Noto Emoji.
SANS = "Helvetica"
SANS_BOLD = "Helvetica-Bold"
SANS_ITALIC = "Helvetica-Oblique"
SANS_BOLD_ITALIC = "Helvetica-BoldOblique"
CONDENSED = SANS  # Helvetica is as narrow as DejaVu Sans Condensed, the tables' font
CONDENSED_BOLD = SANS_BOLD
TTF_SANS = "HS-Sans"
TTF_SANS_BOLD = "HS-Sans-Bold"
TTF_SANS_ITALIC = "HS-Sans-Italic"
TTF_SANS_BOLD_ITALIC = "HS-Sans-BoldItalic"
EMOJI = "HS-Emoji"

#: Tried in order for a character the text font has no glyph for (after its TrueType twin).
FALLBACK_FONTS: tuple[str, ...] = (EMOJI,)

#: The built-in fonts and the TrueType font of the same face for glyphs outside WinAnsi.
_TRUETYPE_TWIN = {
    SANS: TTF_SANS,
    SANS_BOLD: TTF_SANS_BOLD,
    SANS_ITALIC: TTF_SANS_ITALIC,
    SANS_BOLD_ITALIC: TTF_SANS_BOLD_ITALIC,
}

_FONT_FILES = {
    TTF_SANS: "DejaVuSans.ttf",
    TTF_SANS_BOLD: "DejaVuSans-Bold.ttf",
    TTF_SANS_ITALIC: "DejaVuSans-Oblique.ttf",
    TTF_SANS_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    EMOJI: "NotoEmoji-VariableFont_wght.ttf",
}
_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Nothing to do for the built-in fonts; the TrueType ones are read from their files
    the first time a glyph outside WinAnsi needs one (:func:`_register_truetype`), so a
    process that prints only Indonesian text never loads them."""


def _register_truetype() -> None:
    """Register the shipped TrueType fonts with ReportLab (once; safe to call again).

    Families are registered so that ``<b>`` and ``<i>`` work in paragraphs:
    HS-Sans has all four faces; HS-Emoji has one face for every style.
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
            TTF_SANS, normal=TTF_SANS, bold=TTF_SANS_BOLD, italic=TTF_SANS_ITALIC,
            boldItalic=TTF_SANS_BOLD_ITALIC,
        )
        pdfmetrics.registerFontFamily(
            EMOJI, normal=EMOJI, bold=EMOJI, italic=EMOJI, boldItalic=EMOJI
        )
        _fonts_registered = True


def _has_glyph(font_name: str, char: str) -> bool:
    if font_name in _TRUETYPE_TWIN:  # a built-in font: what WinAnsi (cp1252) encodes
        return _in_winansi(char)
    _register_truetype()
    font = pdfmetrics.getFont(font_name)
    return ord(char) in font.face.charToGlyph


def _in_winansi(char: str) -> bool:
    if char < "\x80":
        return True
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


#: One line a built-in font draws as it is: printable ASCII and Latin-1, nothing to clean.
_PLAIN_WINANSI = re.compile("[\x20-\x7e\xa0-\xff]*")

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


def _escape_markup(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str | None) -> str:
    """Escape ``&``, ``<`` and ``>`` so ReportLab markup shows ``text`` literally; a character
    Helvetica has no glyph for ("−", "≤") is set in the TrueType font that has it."""
    cleaned = clean_text(text)
    if all(_in_winansi(char) for char in cleaned):
        return _escape_markup(cleaned)
    parts: list[str] = []
    for run_font, chunk in font_runs(cleaned, SANS):
        body = _escape_markup(chunk)
        parts.append(body if run_font == SANS else f'<font name="{run_font}">{body}</font>')
    return "".join(parts)


def font_runs(text: str, font: str = SANS) -> list[tuple[str, str]]:
    """Split ``text`` into ``(font name, chunk)`` runs: ``font`` where it has the
    glyph, else the first of :data:`FALLBACK_FONTS` that has it. Characters no
    font covers stay with ``font`` (they print as its empty box)."""
    runs: list[tuple[str, str]] = []
    twin = _TRUETYPE_TWIN.get(font)
    fallbacks = (twin, *FALLBACK_FONTS) if twin else FALLBACK_FONTS
    for char in text:
        chosen = font
        if char != "\n" and not _has_glyph(font, char):
            chosen = next((f for f in fallbacks if _has_glyph(f, char)), twin or font)
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
        body = _escape_markup(chunk).replace("\n", "<br/>")
        parts.append(body if run_font == font else f'<font name="{run_font}">{body}</font>')
    return "".join(parts)


def user_paragraph(text: str | None, style: ParagraphStyle) -> Paragraph:
    """A Paragraph showing user ``text`` literally in ``style``."""
    return Paragraph(markup(text, style.fontName), style)


def plain_winansi(text: str) -> bool:
    """``text`` is one line the built-in fonts draw as it is (no fallback font, nothing to
    clean)."""
    return _PLAIN_WINANSI.fullmatch(text) is not None


def text_width(text: str | None, font: str, size: float) -> float:
    """Printed width of plain ``text`` (longest line), fallback fonts included."""
    if text and font in _TRUETYPE_TWIN and _PLAIN_WINANSI.fullmatch(text):
        return float(pdfmetrics.stringWidth(text, font, size))  # one line, one font
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


#: A space that never breaks a line: between a figure and its unit, inside a figure.
NBSP = "\u00a0"

# A number and the short word that measures it ("250 g", "2,5 kg", "12 pcs", "2 m").
_MEASURE = re.compile(
    r"(?<=\d) +(?=(?:g|gr|gram|kg|mg|ml|l|lt|liter|litre|cc|cm|mm|m|pcs|pc|pak|btl|"
    r"kotak|lembar|lbr|biji|buah|bh|ons|oz|x)\b)",
    re.IGNORECASE,
)


def nobreak(text: str) -> str:
    """``text`` with every space made non-breaking: a figure, an amount or a unit
    ("Rp 1.250.000", "2,5 kg") that must print on one line."""
    return text.replace(" ", NBSP)


def bind_measures(text: str) -> str:
    """Free text (a product name) where a number never parts from its unit:
    "Kemplang Panggang Tenggiri 250 g" wraps before "250 g", never between them."""
    return _MEASURE.sub(NBSP, text)


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
