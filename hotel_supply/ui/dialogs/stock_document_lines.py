"""The lines of an issue, a write-off or a return as the clerk types them: the table model
and the cell editors of the stock document dialog."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLineEdit,
    QStyleOptionViewItem,
    QWidget,
)

from hotel_supply.formatting import ParseError, format_date, format_qty, parse_decimal
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import ReturnReason, StockDocumentKind, WasteReason, label
from hotel_supply.services.stock_levels import LotRow, StockRow
from hotel_supply.ui import theme
from hotel_supply.ui.grid import TYPING_ERROR_ROLE, SpreadsheetDelegate

if TYPE_CHECKING:
    from hotel_supply.ui.dialogs.stock_document import StockDocumentDialog

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ERROR_BG = QColor("#fbe3e1")
READONLY_BG = QColor("#f4f6f8")


REASONS: dict[StockDocumentKind, list[WasteReason] | list[ReturnReason]] = {
    StockDocumentKind.WASTE: list(WasteReason),
    StockDocumentKind.RETURN: list(ReturnReason),
}


class DocCol(IntEnum):
    PRODUCT = 0
    UNIT = 1
    ON_HAND = 2
    LOT = 3
    EXPIRY = 4
    QUANTITY = 5
    REASON = 6


HEADERS = {
    DocCol.PRODUCT: N_("Product"),
    DocCol.UNIT: N_("Unit"),
    DocCol.ON_HAND: N_("On hand"),
    DocCol.LOT: N_("Lot"),
    DocCol.EXPIRY: N_("Expiry"),
    DocCol.QUANTITY: N_("Quantity"),
    DocCol.REASON: N_("Reason"),
}
EDITABLE = (DocCol.PRODUCT, DocCol.LOT, DocCol.QUANTITY, DocCol.REASON)
FIELD_OF = {
    DocCol.PRODUCT: "product",
    DocCol.LOT: "lot",
    DocCol.QUANTITY: "quantity",
    DocCol.REASON: "reason",
}
FIELD_LABELS = {
    "product": N_("Product"),
    "lot": N_("Lot"),
    "quantity": N_("Quantity"),
    "reason": N_("Reason"),
}


@dataclass
class DocLine:
    """One typed line; the quantity stays text until it parses."""

    product_id: int | None = None
    lot_id: int | None = None  # None: first expiring first
    quantity_text: str = ""
    reason: str = ""

    def is_empty(self) -> bool:
        return self.product_id is None and not self.quantity_text.strip()


class StockLinesModel(QAbstractTableModel):
    """The lines of one stock document, with on hand and lots from the dialog's loaders."""

    edited = Signal()

    def __init__(
        self, kind: StockDocumentKind, lots_of: Callable[[int], list[LotRow]], parent: Any = None
    ) -> None:
        super().__init__(parent)
        self.kind = kind
        self.lots_of = lots_of
        self.lines: list[DocLine] = []
        self.products: dict[int, StockRow] = {}  # what can be chosen now
        self.known: dict[int, StockRow] = {}  # every product seen, for lines chosen earlier
        self.problems: dict[str, list[str]] = {}
        self.unmatched: dict[int, str] = {}  # row -> text typed that names no product

    # --- content -------------------------------------------------------------

    def set_products(self, rows: list[StockRow]) -> None:
        self.products = {r.product_id: r for r in rows}
        self.known.update(self.products)
        self._all_changed()

    def add_line(self, product_id: int | None = None) -> int:
        row = len(self.lines)
        reason = self.lines[-1].reason if self.lines else ""
        self.beginInsertRows(QModelIndex(), row, row)
        self.lines.append(DocLine(product_id=product_id, reason=reason))
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_line(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.lines[row]
        self.unmatched = {r - (r > row): t for r, t in self.unmatched.items() if r != row}
        self.endRemoveRows()
        self.edited.emit()

    def set_problems(self, problems: dict[str, list[str]]) -> None:
        self.problems = problems
        self._all_changed()

    def _all_changed(self) -> None:
        if self.lines:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self.lines) - 1, len(DocCol) - 1)
            )

    def cell_problems(self, row: int, col: DocCol) -> list[str]:
        if col == DocCol.PRODUCT and row in self.unmatched:
            return [self.unmatched_problem(row)]
        name = FIELD_OF.get(col)
        return self.problems.get(f"line:{row}:{name}", []) if name else []

    def unmatched_problem(self, row: int) -> str:
        return _("No product in stock matches “{text}”.").format(text=self.unmatched[row])

    def mark_unmatched(self, row: int, text: str) -> None:
        """Keep a product name that matches nothing in the cell, marked, until retyped."""
        self.unmatched[row] = text
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(DocCol) - 1))
        self.edited.emit()

    def typing_problem(self, row: int, col: DocCol) -> str:
        """Why the text of a cell could not be read ("" when it could)."""
        if col == DocCol.PRODUCT and row in self.unmatched:
            return self.unmatched_problem(row)
        text = self.lines[row].quantity_text
        if col == DocCol.QUANTITY and text:
            try:
                parse_decimal(text)
            except ParseError as exc:
                return str(exc)
        return ""

    def offered_lots(self, row: int, day_ok: Callable[[LotRow], bool]) -> list[LotRow]:
        product_id = self.lines[row].product_id
        if product_id is None:
            return []
        return [
            lot
            for lot in self.lots_of(product_id)
            if lot.lot_id is not None and lot.quantity > 0 and day_ok(lot)
        ]

    def available(self, line: DocLine) -> Decimal:
        """On hand of the line's product; for an issue, without what is expired."""
        product = self.products.get(line.product_id) if line.product_id else None
        if product is None:
            return Decimal(0)
        if self.kind == StockDocumentKind.ISSUE:
            return product.on_hand - product.expired_qty
        return product.on_hand

    def lot(self, line: DocLine) -> LotRow | None:
        if line.product_id is None or line.lot_id is None:
            return None
        return next((x for x in self.lots_of(line.product_id) if x.lot_id == line.lot_id), None)

    # --- Qt ------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(DocCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == DocCol.ON_HAND and self.kind == StockDocumentKind.ISSUE:
                return _("Available")
            return _(HEADERS[DocCol(section)])
        if role == Qt.ItemDataRole.ToolTipRole and section == DocCol.ON_HAND:
            return (
                _("On hand at the end of the date, without expired lots")
                if self.kind == StockDocumentKind.ISSUE
                else _("On hand at the end of the date")
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and DocCol(section) in (
            DocCol.ON_HAND,
            DocCol.QUANTITY,
        ):
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        col = DocCol(index.column())
        if col in EDITABLE and (
            col == DocCol.PRODUCT or self.lines[index.row()].product_id is not None
        ):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = DocCol(index.column())
        product = self.known.get(line.product_id) if line.product_id else None
        if role == TYPING_ERROR_ROLE:
            return self.typing_problem(index.row(), col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == DocCol.PRODUCT and index.row() in self.unmatched:
                return self.unmatched[index.row()]
            return self._text(line, col, product)
        if role == Qt.ItemDataRole.EditRole:
            if col == DocCol.PRODUCT:
                return line.product_id
            if col == DocCol.LOT:
                return line.lot_id
            if col == DocCol.REASON:
                return line.reason
            return self._text(line, col, product)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col in (DocCol.ON_HAND, DocCol.QUANTITY) else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.cell_problems(index.row(), col):
                return QBrush(ERROR_BG)
            if col not in EDITABLE:
                return QBrush(READONLY_BG)
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._color(line, col, product)
        if role == Qt.ItemDataRole.ToolTipRole:
            msgs = self.cell_problems(index.row(), col)
            if msgs:
                return "\n".join(msgs)
            if (
                col == DocCol.ON_HAND
                and product
                and product.expired_qty > 0
                and self.kind == StockDocumentKind.ISSUE
            ):
                return _("{qty} more is expired: write it off as waste").format(
                    qty=format_qty(product.expired_qty, label(product.unit))
                )
            return None
        return None

    def _text(self, line: DocLine, col: DocCol, product: StockRow | None) -> str:
        if col == DocCol.PRODUCT:
            return f"{product.product_code}  {product.product_name}" if product else ""
        if product is None:
            return ""
        lot = self.lot(line)
        if col == DocCol.UNIT:
            return label(product.unit)
        if col == DocCol.ON_HAND:
            if lot is not None:
                return format_qty(lot.quantity)
            return format_qty(self.available(line))
        if col == DocCol.LOT:
            if line.lot_id is None:
                return _("Automatic")
            return (lot.lot_code or "—") if lot else "?"
        if col == DocCol.EXPIRY:
            return format_date(lot.expiry_date) if lot else ""
        if col == DocCol.QUANTITY:
            return line.quantity_text
        if col == DocCol.REASON:
            return reason_label(self.kind, line.reason)
        return ""

    def _color(self, line: DocLine, col: DocCol, product: StockRow | None) -> Any:
        if col == DocCol.ON_HAND and product is not None:
            if self.available(line) <= 0:
                return QBrush(QColor(theme.BAD))
            if product.expired_qty > 0 and self.kind == StockDocumentKind.ISSUE:
                return QBrush(QColor(theme.WARN))
        if col == DocCol.LOT and line.lot_id is None:
            return QBrush(QColor(theme.MUTED))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        line = self.lines[index.row()]
        col = DocCol(index.column())
        if col == DocCol.PRODUCT:
            product_id = int(value) if value is not None else None
            self.unmatched.pop(index.row(), None)
            if product_id != line.product_id:
                line.product_id, line.lot_id = product_id, None
        elif col == DocCol.LOT:
            line.lot_id = int(value) if value is not None else None
        elif col == DocCol.QUANTITY:
            line.quantity_text = str(value or "").strip()
            try:  # show what was typed the Indonesian way, tidied
                if line.quantity_text:
                    line.quantity_text = format_qty(parse_decimal(line.quantity_text))
            except ParseError:
                pass
        elif col == DocCol.REASON:
            line.reason = str(value or "")
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(DocCol) - 1))
        self.edited.emit()
        return True


def reason_label(kind: StockDocumentKind, value: str) -> str:
    for reason in REASONS.get(kind, []):
        if reason.value == value:
            return label(reason)
    return value


def wide_popup(combo: QComboBox) -> None:
    """Let the list of a cell's combo be as wide as its longest choice, not as the cell."""
    view = combo.view()
    view.setMinimumWidth(view.sizeHintForColumn(0) + 24)


class StockLinesDelegate(SpreadsheetDelegate):
    """A product list to type into, the offered lots, a reason list, a number editor."""

    def __init__(self, dialog: StockDocumentDialog) -> None:
        super().__init__(dialog.table)
        self.dialog = dialog

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        model = self.dialog.model
        col = DocCol(index.column())
        if col == DocCol.PRODUCT:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for row in model.products.values():
                combo.addItem(f"{row.product_code}  {row.product_name}", row.product_id)
            completer = combo.completer()
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
            wide_popup(combo)
            return combo
        if col == DocCol.LOT:
            combo = QComboBox(parent)
            combo.addItem(_("Automatic: the first to expire goes first"), None)
            day = self.dialog.date.value()
            for lot in model.offered_lots(index.row(), self.dialog.lot_allowed):
                expiry = format_date(lot.expiry_date) if lot.expiry_date else _("no expiry")
                if lot.expiry_date and lot.expiry_date < day:
                    expiry = _("{date} (expired)").format(date=expiry)
                combo.addItem(
                    f"{lot.lot_code or '—'} · {expiry} · {format_qty(lot.quantity)}", lot.lot_id
                )
            wide_popup(combo)
            return combo
        if col == DocCol.REASON:
            combo = QComboBox(parent)
            combo.addItem("", "")
            for reason in REASONS.get(model.kind, []):
                combo.addItem(label(reason), reason.value)
            return combo
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            found = editor.findData(value)
            editor.setCurrentIndex(found if found >= 0 else (-1 if editor.isEditable() else 0))
            if editor.isEditable() and found < 0:
                editor.setEditText("")
        elif isinstance(editor, QLineEdit):
            editor.setText(str(value or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: Any, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            if editor.isEditable():
                text = editor.currentText().strip()
                found = editor.findText(text, Qt.MatchFlag.MatchFixedString)
                if found < 0 and text:
                    # the one product whose code or name holds the text, as the list offered
                    holding = [i for i in range(editor.count())
                               if text.casefold() in editor.itemText(i).casefold()]
                    found = holding[0] if len(holding) == 1 else -1
                if found < 0:
                    if text:  # said in the cell and under the table; the line keeps its product
                        model.mark_unmatched(index.row(), text)
                    return
                model.setData(index, editor.itemData(found))
            else:
                model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())
