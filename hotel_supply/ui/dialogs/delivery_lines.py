"""The editable lines of a delivery: what the receiving clerk counts and types."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QStyleOptionViewItem,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import (
    ParseError,
    format_date,
    format_qty,
    format_rupiah,
    line_amount,
    parse_day,
    parse_decimal,
)
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import RejectionReason, label
from hotel_supply.services.deliveries import LineInput, ProductInfo
from hotel_supply.ui.grid import TYPING_ERROR_ROLE, SpreadsheetDelegate

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ERROR_BG = QColor("#fbe3e1")
READONLY_BG = QColor("#f4f6f8")


class Col(IntEnum):
    PRODUCT = 0
    UNIT = 1
    ORDERED = 2
    DELIVERED = 3
    ACCEPTED = 4
    REJECTED = 5
    REASON = 6
    NOTE = 7
    LOT = 8
    EXPIRY = 9
    PRICE = 10
    AMOUNT = 11


HEADERS = {
    Col.PRODUCT: N_("Product"),
    Col.UNIT: N_("Unit"),
    Col.ORDERED: N_("Ordered"),
    Col.DELIVERED: N_("Delivered"),
    Col.ACCEPTED: N_("Accepted"),
    Col.REJECTED: N_("Rejected"),
    Col.REASON: N_("Reason"),
    Col.NOTE: N_("Note"),
    Col.LOT: N_("Lot"),
    Col.EXPIRY: N_("Expiry"),
    Col.PRICE: N_("Price"),
    Col.AMOUNT: N_("Amount"),
}
QTY_COLS = (Col.ORDERED, Col.DELIVERED, Col.ACCEPTED, Col.REJECTED)
EDITABLE = (Col.DELIVERED, Col.ACCEPTED, Col.REJECTED, Col.REASON, Col.NOTE, Col.LOT,
            Col.EXPIRY)
# which validation field a column shows
FIELD_OF = {
    Col.PRODUCT: "product", Col.ORDERED: "ordered", Col.DELIVERED: "delivered",
    Col.ACCEPTED: "accepted", Col.REJECTED: "rejected", Col.REASON: "reason",
    Col.EXPIRY: "expiry",
}


def parse_date(text: str) -> dt.date | None:
    """A date typed in a table cell (``19/11/2026``, ``19/11`` in this year); empty → None;
    raises ParseError."""
    return parse_day(text, reference=clock.today())


class DeliveryLinesModel(QAbstractTableModel):
    """Lines of one delivery, with the problems validation found in each cell."""

    edited = Signal()
    typing_error = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.lines: list[LineInput] = []
        self.products: dict[int, ProductInfo] = {}
        self.prices: dict[int, int] = {}
        self.problems: dict[str, list[str]] = {}
        self.editable = True
        self.day = clock.today()  # the delivery date: "3/12" is read in its year
        # (row, column) -> (text, why it could not be read): shown in the cell until retyped
        self.typed: dict[tuple[int, int], tuple[str, str]] = {}

    def set_lines(self, lines: list[LineInput], products: dict[int, ProductInfo],
                  prices: dict[int, int], *, editable: bool) -> None:
        self.beginResetModel()
        self.lines = lines
        self.products = dict(products)
        self.prices = dict(prices)
        self.editable = editable
        self.typed = {}
        self.endResetModel()

    def add_line(self, product: ProductInfo, price: int) -> int:
        row = len(self.lines)
        self.beginInsertRows(QModelIndex(), row, row)
        self.products[product.id] = product
        self.prices[product.id] = price
        self.lines.append(LineInput(product_id=product.id))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_line(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.lines[row]
        self.typed = {(r - (r > row), c): v for (r, c), v in self.typed.items() if r != row}
        self.endRemoveRows()
        self.edited.emit()

    def set_problems(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        if self.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, len(Col) - 1))

    def cell_problems(self, row: int, col: Col) -> list[str]:
        if (row, col) in self.typed:
            return [self.typed[row, col][1]]
        name = FIELD_OF.get(col)
        return self.problems.get(f"line:{row}:{name}", []) if name else []

    def typing_problems(self) -> dict[str, list[str]]:
        """What could not be read, keyed as validation keys its problems."""
        return {f"line:{r}:{FIELD_OF.get(Col(c), Col(c).name.lower())}": [why]
                for (r, c), (_text, why) in sorted(self.typed.items())}

    def amount(self, row: int) -> int:
        line = self.lines[row]
        return line_amount(line.accepted, self.prices.get(line.product_id, 0))

    def total_value(self) -> int:
        return sum(self.amount(i) for i in range(len(self.lines)))

    # --- Qt ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[Col(section)])
        if role == Qt.ItemDataRole.TextAlignmentRole and (
            Col(section) in QTY_COLS or Col(section) in (Col.PRICE, Col.AMOUNT)
        ):
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and Col(index.column()) in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = Col(index.column())
        product = self.products.get(line.product_id)
        if role == TYPING_ERROR_ROLE:
            return self.typed.get((index.row(), col), ("", ""))[1]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if (index.row(), col) in self.typed:
                return self.typed[index.row(), col][0]
            return self._text(line, col, product, edit=role == Qt.ItemDataRole.EditRole,
                              row=index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in QTY_COLS or col in (Col.PRICE, Col.AMOUNT):
                return RIGHT
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.cell_problems(index.row(), col):
                return QBrush(ERROR_BG)
            if self.editable and col not in EDITABLE:
                return QBrush(READONLY_BG)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            msgs = self.cell_problems(index.row(), col)
            if msgs:
                return "\n".join(msgs)
            if col == Col.PRODUCT and product:
                return f"{product.code} — {product.name}"
            return None
        return None

    def _text(self, line: LineInput, col: Col, product: ProductInfo | None, *, edit: bool,
              row: int) -> str:
        if col == Col.PRODUCT:
            return f"{product.code}  {product.name}" if product else ""
        if col == Col.UNIT:
            return label(product.unit) if product else ""
        if col in QTY_COLS:
            value: Decimal = getattr(line, col.name.lower())
            return format_qty(value)
        if col == Col.REASON:
            if edit:
                return line.rejection_reason.value if line.rejection_reason else ""
            return label(line.rejection_reason) if line.rejection_reason else ""
        if col == Col.NOTE:
            return line.rejection_note
        if col == Col.LOT:
            return line.lot_code
        if col == Col.EXPIRY:
            text = format_date(line.expiry_date)
            if not text and product and product.perishable and not edit:
                return "—"
            return text
        if col == Col.PRICE:
            return format_rupiah(self.prices.get(line.product_id, 0))
        if col == Col.AMOUNT:
            return format_rupiah(self.amount(row))
        return ""

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not self.editable:
            return False
        line = self.lines[index.row()]
        col = Col(index.column())
        try:
            if col in (Col.DELIVERED, Col.ACCEPTED, Col.REJECTED):
                self._set_quantity(line, col, parse_decimal(str(value)) if str(value).strip()
                                   else Decimal(0))
            elif col == Col.REASON:
                line.rejection_reason = RejectionReason(value) if value else None
            elif col == Col.NOTE:
                line.rejection_note = str(value)
            elif col == Col.LOT:
                line.lot_code = str(value).strip()
            elif col == Col.EXPIRY:
                line.expiry_date = parse_day(str(value), reference=self.day, after=True)
            else:
                return False
        except ParseError as exc:
            # the text stays in the cell, red, with the reason as its tooltip
            self.typed[index.row(), col] = (str(value), str(exc))
            self.dataChanged.emit(index, index)
            self.typing_error.emit(str(exc))
            return False
        self.typed.pop((index.row(), col), None)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(Col) - 1))
        self.edited.emit()
        return True

    @staticmethod
    def _set_quantity(line: LineInput, col: Col, qty: Decimal) -> None:
        """Keep accepted + rejected = delivered as the clerk types, where that is unambiguous."""
        if col == Col.DELIVERED:
            line.delivered = qty
            if qty - line.rejected >= 0:
                line.accepted = qty - line.rejected
            else:
                line.accepted, line.rejected = qty, Decimal(0)
        elif col == Col.REJECTED:
            line.rejected = qty
            if line.delivered - qty >= 0:
                line.accepted = line.delivered - qty
        elif col == Col.ACCEPTED:
            line.accepted = qty
            if line.delivered - qty >= 0:
                line.rejected = line.delivered - qty


class LinesDelegate(SpreadsheetDelegate):
    """Right-aligned number editors, a reason list, and date text for expiry."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: AnyIndex) -> QWidget:
        col = Col(index.column())
        if col == Col.REASON:
            combo = QComboBox(parent)
            combo.addItem("", "")
            for reason in RejectionReason:
                combo.addItem(label(reason), reason.value)
            return combo
        editor = QLineEdit(parent)
        if col in QTY_COLS:
            editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if col == Col.EXPIRY:
            editor.setPlaceholderText(_("dd/mm/yyyy or dd/mm"))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(0, editor.findData(value)))
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))
            editor.selectAll()  # the first key typed replaces the cell, as in a spreadsheet

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
