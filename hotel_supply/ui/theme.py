"""One calm look: Fusion style, one palette, one icon set (Material Design Icons, the font
qtawesome ships, drawn here without importing qtawesome: its Qt wrappers slow the start)."""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QIcon,
    QIconEngine,
    QPainter,
    QPalette,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

ACCENT = "#1f5f8b"  # deep teal-blue: headers, selection, primary buttons
ACCENT_LIGHT = "#e3eef6"
OK = "#2e7d32"
WARN = "#b26a00"
BAD = "#b3261e"
MUTED = "#6b7280"
WINDOW = "#f5f6f8"
DISABLED = "#a0aab4"  # text of what cannot be used now (or by this account)


def apply(app: QApplication) -> None:
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f3f6f9"))
    palette.setColor(QPalette.ColorRole.Button, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#1f2933"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#1f2933"))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor("#1f2933"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(MUTED))
    for role in (QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.Text):  # a disabled button or field must look it
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#1f2933"))
    app.setPalette(palette)
    font = QFont(app.font())
    font.setPointSize(10)
    app.setFont(font)
    app.setStyleSheet(STYLESHEET)


STYLESHEET = f"""
QListWidget#navigation {{
    background: #20323f; color: #dfe7ee; border: none; font-size: 11pt; outline: 0;
}}
QListWidget#navigation::item {{ padding: 9px 14px; border-left: 3px solid transparent; }}
QListWidget#navigation::item:selected {{
    background: #2c4657; color: #ffffff; border-left: 3px solid #7fb8df;
}}
QLabel#pageTitle {{ font-size: 15pt; font-weight: 600; color: #1f2933; }}
QLabel#pageSubtitle {{ color: {MUTED}; }}
QLabel#fieldError {{ color: {BAD}; }}
QLabel#banner {{
    background: #fff4e5; color: #663c00; border: 1px solid #f3c98b; border-radius: 4px;
    padding: 6px 10px;
}}
QFrame#card {{ background: #ffffff; border: 1px solid #dde3e9; border-radius: 6px; }}
QLabel#cardValue {{ font-size: 18pt; font-weight: 600; color: {ACCENT}; }}
QLabel#cardLabel {{ color: {MUTED}; }}
QHeaderView::section {{
    background: #eef2f6; border: none; border-right: 1px solid #dde3e9;
    border-bottom: 1px solid #d3dae1; padding: 4px 6px; font-weight: 600;
}}
QTableView {{ gridline-color: #e6ebf0; selection-background-color: {ACCENT}; }}
QPushButton[primary="true"] {{
    background: {ACCENT}; color: white; border: 1px solid {ACCENT}; border-radius: 4px;
    padding: 5px 14px; font-weight: 600;
}}
QPushButton[primary="true"]:disabled {{ background: #9bb5c8; border-color: #9bb5c8; }}
QLineEdit[invalid="true"], QDateEdit[invalid="true"], QComboBox[invalid="true"] {{
    border: 1px solid {BAD}; background: #fdf1f0;
}}
QToolBar {{ border: none; spacing: 4px; }}
"""


ICON_FONT = "materialdesignicons6-webfont-6.9.96"  # the one set, as qtawesome names it
DISABLED_ICON = "#b0b7bd"


@cache
def _icon_font() -> tuple[str, dict[str, int]]:
    """The icon font's family (registered with Qt once) and its glyphs by name."""
    spec = importlib.util.find_spec("qtawesome")  # finds the package without importing it
    assert spec is not None and spec.submodule_search_locations
    fonts = Path(next(iter(spec.submodule_search_locations))) / "fonts"
    font_id = QFontDatabase.addApplicationFont(str(fonts / f"{ICON_FONT}.ttf"))
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    with (fonts / f"{ICON_FONT.replace('-webfont-', '-webfont-charmap-')}.json").open() as fh:
        charmap = {key: int(value, 16) for key, value in json.load(fh).items()}
    return family, charmap


class _GlyphIcon(QIconEngine):
    """One glyph of the icon font, drawn at any size (as qtawesome draws it: 7/8 high)."""

    def __init__(self, glyph: str, color: str) -> None:
        super().__init__()
        self.glyph = glyph
        self.color = color

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode,
              state: QIcon.State) -> None:
        painter.save()
        font = QFont(_icon_font()[0])
        font.setPixelSize(max(1, round(0.875 * rect.height())))
        painter.setFont(font)
        painter.setPen(QColor(DISABLED_ICON if mode == QIcon.Mode.Disabled else self.color))
        painter.drawText(rect, int(Qt.AlignmentFlag.AlignCenter), self.glyph)
        painter.restore()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        pixmap = QPixmap(size)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(QPoint(0, 0), size), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return _GlyphIcon(self.glyph, self.color)


def icon(name: str, color: str | None = None) -> QIcon:
    """An icon of the one set the app uses (Material Design Icons 6); an unknown name is an
    error, as it was with qtawesome."""
    code = _icon_font()[1].get(name)
    if code is None:
        raise ValueError(f"no icon named {name!r} in {ICON_FONT}")
    return QIcon(_GlyphIcon(chr(code), color or "#37474f"))
