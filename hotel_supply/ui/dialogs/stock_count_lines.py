"""The lines of a stock count as the counters type them: the table model and its cell
editors, for the stock count dialog."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLineEdit, QStyleOptionViewItem, QWidget

from hotel_supply import clock
from hotel_supply.formatting import (
    ParseError,
    format_date,
    format_qty,
    format_rupiah,
    parse_decimal,
    round_rupiah,
)
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import label
from hotel_supply.services.stock_counts import CountLineView
from hotel_supply.ui import theme
from hotel_supply.ui.grid import TYPING_ERROR_ROLE, SpreadsheetDelegate

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ERROR_BG = QColor("#fbe3e1")
READONLY_BG = QColor("#f4f6f8")
CHANGED_BG = QColor("#fff4e5")


class CountCol(IntEnum):
    PRODUCT = 0
    UNIT = 1
    LOT = 2
    EXPIRY = 3
    BOOK = 4
    COUNTED = 5
    DIFFERENCE = 6
    DIFFERENCE_VALUE = 7
    REASON = 8


HEADERS = {
    CountCol.PRODUCT: N_("Product"),
    CountCol.UNIT: N_("Unit"),
    CountCol.LOT: N_("Lot"),
    CountCol.EXPIRY: N_("Expiry"),
    CountCol.BOOK: N_("Book"),
    CountCol.COUNTED: N_("Counted"),
    CountCol.DIFFERENCE: N_("Difference"),
    CountCol.DIFFERENCE_VALUE: N_("Difference value"),
    CountCol.REASON: N_("Reason"),
}
NUMERIC = (CountCol.BOOK, CountCol.COUNTED, CountCol.DIFFERENCE, CountCol.DIFFERENCE_VALUE)
EDITABLE = (CountCol.COUNTED, CountCol.REASON)


class CountLinesModel(QAbstractTableModel):
    """The lines of a count with what is typed on top of what was saved."""

    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[CountLineView] = []
        self.typed: dict[int, str] = {}  # line id -> counted text typed since the last save
        self.reasons: dict[int, str] = {}  # line id -> reason typed since the last save
        self.editable = True
        self.day = clock.today()  # the count date: lots expired before it show red

    def set_lines(self, lines: list[CountLineView], *, day: dt.date, editable: bool) -> None:
        self.beginResetModel()
        self.lines = lines
        self.day = day
        self.editable = editable
        ids = {line.id for line in lines}
        self.typed = {k: v for k, v in self.typed.items() if k in ids}
        self.reasons = {k: v for k, v in self.reasons.items() if k in ids}
        self.endResetModel()

    # --- what is typed ---------------------------------------------------------

    def counted_text(self, line: CountLineView) -> str:
        if line.id in self.typed:
            return self.typed[line.id]
        return format_qty(line.counted) if line.counted is not None else ""

    def counted(self, line: CountLineView) -> Decimal | None:
        """The counted quantity as typed; raises ParseError."""
        text = self.counted_text(line)
        return parse_decimal(text) if text.strip() else None

    def problem(self, line: CountLineView) -> str:
        try:
            value = self.counted(line)
        except ParseError as exc:
            return str(exc)
        if value is not None and value < 0:
            return _("A counted quantity cannot be negative.")
        return ""

    def reason(self, line: CountLineView) -> str:
        return self.reasons.get(line.id, line.reason)

    def difference(self, line: CountLineView) -> Decimal | None:
        try:
            value = self.counted(line)
        except ParseError:
            return None
        return None if value is None else value - line.book

    def difference_value(self, line: CountLineView) -> int:
        diff = self.difference(line)
        return 0 if diff is None else round_rupiah(diff * line.unit_cost)

    def counted_changed(self, line: CountLineView) -> bool:
        if line.id not in self.typed:
            return False
        try:
            return self.counted(line) != line.counted
        except ParseError:
            return True

    def reason_changed(self, line: CountLineView) -> bool:
        return line.id in self.reasons and self.reasons[line.id] != line.reason

    def is_changed(self, line: CountLineView) -> bool:
        return self.counted_changed(line) or self.reason_changed(line)

    def dirty(self) -> bool:
        return any(self.is_changed(line) for line in self.lines)

    def changes(self) -> tuple[dict[int, Decimal | None], dict[int, str]]:
        """What to save: counted quantities and reasons of the changed lines."""
        counted: dict[int, Decimal | None] = {}
        reasons: dict[int, str] = {}
        for line in self.lines:
            if not self.is_changed(line):
                continue
            counted[line.id] = self.counted(line)
            reasons[line.id] = self.reason(line)
        return counted, reasons

    # --- Qt ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CountCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[CountCol(section)])
        if role == Qt.ItemDataRole.TextAlignmentRole and CountCol(section) in NUMERIC:
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and CountCol(index.column()) in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = CountCol(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(line, col)
        if role == TYPING_ERROR_ROLE:
            return self.problem(line) if col == CountCol.COUNTED else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col in NUMERIC else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if col == CountCol.COUNTED and self.problem(line):
                return QBrush(ERROR_BG)
            if (col == CountCol.COUNTED and self.counted_changed(line)) or (
                col == CountCol.REASON and self.reason_changed(line)
            ):
                return QBrush(CHANGED_BG)
            if self.editable and col not in EDITABLE:
                return QBrush(READONLY_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col in (CountCol.DIFFERENCE, CountCol.DIFFERENCE_VALUE):
                diff = self.difference(line)
                if diff:
                    return QBrush(QColor(theme.BAD if diff < 0 else theme.OK))
            if col == CountCol.EXPIRY and line.expiry_date and line.expiry_date < self.day:
                return QBrush(QColor(theme.BAD))
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == CountCol.COUNTED:
                return self.problem(line) or _("Type what is on the shelf; 0 when none is there.")
            if col == CountCol.PRODUCT:
                return f"{line.product_code} — {line.product_name} ({line.supplier_name})"
        return None

    def _text(self, line: CountLineView, col: CountCol) -> str:
        if col == CountCol.PRODUCT:
            return f"{line.product_code}  {line.product_name}"
        if col == CountCol.UNIT:
            return label(line.unit)
        if col == CountCol.LOT:
            return line.lot_code or ("" if line.lot_id is None else "—")
        if col == CountCol.EXPIRY:
            return format_date(line.expiry_date)
        if col == CountCol.BOOK:
            return format_qty(line.book)
        if col == CountCol.COUNTED:
            return self.counted_text(line)
        if col == CountCol.DIFFERENCE:
            diff = self.difference(line)
            return "" if diff is None else ("+" if diff > 0 else "") + format_qty(diff)
        if col == CountCol.DIFFERENCE_VALUE:
            diff = self.difference(line)
            return format_rupiah(self.difference_value(line)) if diff else ""
        if col == CountCol.REASON:
            return self.reason(line)
        return ""

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        line = self.lines[index.row()]
        col = CountCol(index.column())
        text = str(value or "").strip()
        if col == CountCol.COUNTED:
            try:
                if text:
                    text = format_qty(parse_decimal(text))
            except ParseError:
                pass  # kept as typed, marked, and listed under the table
            self.typed[line.id] = text
        elif col == CountCol.REASON:
            self.reasons[line.id] = text
        else:
            return False
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), len(CountCol) - 1)
        )
        self.edited.emit()
        return True


class CountLinesDelegate(SpreadsheetDelegate):
    """A plain line edit: right-aligned for the counted quantity, short for the reason; the
    first key typed replaces what the cell held."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        if index.column() == CountCol.COUNTED:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        else:
            editor.setMaxLength(40)
            editor.setPlaceholderText(_("e.g. broken, eaten by guests"))
        return editor
