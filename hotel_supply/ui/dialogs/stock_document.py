"""Goods leaving the store: one dialog for an issue to an outlet, a waste write-off and a
return to the supplier, by mode. The clerk types lines; the service picks the lots."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from types import SimpleNamespace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import ParseError, format_date, format_qty, parse_decimal
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import ReturnReason, StockDocumentKind, WasteReason, label
from hotel_supply.services import stock_moves
from hotel_supply.services.errors import DomainError, ValidationError
from hotel_supply.services.hotels import hotel_choices, outlet_choices
from hotel_supply.services.stock import NegativeStockError
from hotel_supply.services.stock_levels import (
    LotRow,
    StockQuery,
    StockRow,
    product_lots,
    stock_rows,
)
from hotel_supply.services.stock_moves import StockDocumentResult, StockLineInput
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.par_levels import commit_typing
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, confirm, show_error

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ERROR_BG = QColor("#fbe3e1")
READONLY_BG = QColor("#f4f6f8")

TITLES = {
    StockDocumentKind.ISSUE: N_("Issue to outlet"),
    StockDocumentKind.WASTE: N_("Waste write-off"),
    StockDocumentKind.RETURN: N_("Return to supplier"),
}
SUBTITLES = {
    StockDocumentKind.ISSUE: N_(
        "Goods go to a kitchen, minibar, banquet or gift shop. Lots are "
        "taken first-expiring-first unless you choose one; expired lots "
        "are never issued."
    ),
    StockDocumentKind.WASTE: N_(
        "Expired, damaged or spoiled goods leave the stock. Expired lots "
        "are taken first unless you choose one."
    ),
    StockDocumentKind.RETURN: N_("Goods go back to the UMKM that delivered them."),
}
NOTES_HINTS = {
    StockDocumentKind.ISSUE: N_("e.g. for the wedding banquet on Saturday"),
    StockDocumentKind.WASTE: N_("e.g. found mouldy during the morning check"),
    StockDocumentKind.RETURN: N_("e.g. taken back by the driver of the next delivery"),
}
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
        name = FIELD_OF.get(col)
        return self.problems.get(f"line:{row}:{name}", []) if name else []

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
        if role == Qt.ItemDataRole.DisplayRole:
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


class StockLinesDelegate(QStyledItemDelegate):
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
                found = editor.findText(editor.currentText(), Qt.MatchFlag.MatchFixedString)
                if found < 0:
                    return  # nothing that matches a product: leave the line as it was
                model.setData(index, editor.itemData(found))
            else:
                model.setData(index, editor.currentData())
        elif isinstance(editor, QLineEdit):
            model.setData(index, editor.text())


class StockDocumentDialog(QDialog):
    """Type the lines of an issue, a write-off or a return, and post it.

    After posting, ``result`` holds what the service did; the slip preview opens.
    """

    def __init__(
        self,
        ctx: AppContext,
        kind: StockDocumentKind,
        *,
        hotel_id: int | None = None,
        product_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.kind = kind
        self.result: StockDocumentResult | None = None
        self._lots: dict[int, list[LotRow]] = {}
        self.setWindowTitle(_(TITLES[kind]))
        self.setMinimumSize(860, 480)
        self.resize(1040, 600)
        self._build()
        self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(ctx.db)])
        if hotel_id is not None:
            self.hotel.select_id(hotel_id)
        if kind == StockDocumentKind.RETURN:
            self.supplier.set_choices([(s[0], s[2]) for s in supplier_choices(ctx.db)])
            if product_id is not None:
                self._select_supplier_of(product_id)
        self._hotel_changed()
        if product_id is not None and product_id in self.model.products:
            row = self.model.add_line(product_id)
            self.start_editing(row, DocCol.QUANTITY)
        else:
            row = self.model.add_line()
            self.table.setCurrentIndex(self.model.index(row, DocCol.PRODUCT))
        self._validate()

    # --- layout --------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        title = QLabel(_(TITLES[self.kind]))
        title.setObjectName("pageTitle")
        subtitle = QLabel(_(SUBTITLES[self.kind]))
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(subtitle)

        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        self.hotel = ChoiceCombo()
        self.date = DateEdit(clock.today())
        self.outlet = ChoiceCombo()
        self.supplier = ChoiceCombo()
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(_(NOTES_HINTS[self.kind]))
        party: QWidget | None = None
        party_label = ""
        if self.kind == StockDocumentKind.ISSUE:
            party, party_label = self.outlet, _("Outlet")
        elif self.kind == StockDocumentKind.RETURN:
            party, party_label = self.supplier, _("Supplier (UMKM)")
        fields: list[tuple[str, QWidget]] = [(_("Hotel"), self.hotel), (_("Date"), self.date)]
        if party is not None:
            fields.append((party_label, party))
        for c, (caption, widget) in enumerate(fields):
            text = QLabel(caption)
            text.setBuddy(widget)
            grid.addWidget(text, 0, 2 * c)
            grid.addWidget(widget, 0, 2 * c + 1)
            grid.setColumnStretch(2 * c + 1, 0 if widget is self.date else 1)
        notes_label = QLabel(_("Notes"))
        notes_label.setBuddy(self.notes)
        grid.addWidget(notes_label, 1, 0)
        grid.addWidget(self.notes, 1, 1, 1, 2 * len(fields) - 1)
        layout.addLayout(grid)
        self.header_problem = QLabel()
        self.header_problem.setObjectName("fieldError")
        self.header_problem.hide()
        layout.addWidget(self.header_problem)

        self.model = StockLinesModel(self.kind, self._lots_of, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(StockLinesDelegate(self))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setTabKeyNavigation(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(40)
        header.setSectionResizeMode(DocCol.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (DocCol.UNIT, 70),
            (DocCol.ON_HAND, 90),
            (DocCol.LOT, 190),
            (DocCol.EXPIRY, 115),
            (DocCol.QUANTITY, 90),
            (DocCol.REASON, 190),
        ):
            self.table.setColumnWidth(col, width)
        self.table.setColumnHidden(DocCol.REASON, self.kind == StockDocumentKind.ISSUE)
        layout.addWidget(self.table, 1)
        self.model.edited.connect(self._validate)

        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)

        buttons = QHBoxLayout()
        self.add_button = QPushButton(theme.icon("plus"), _("Add line"))
        self.add_button.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_button.setToolTip(_("Add a line (Insert)"))
        self.remove_button = QPushButton(theme.icon("minus"), _("Remove line"))
        self.summary = QLabel()
        self.summary.setObjectName("pageSubtitle")
        post_icon = {
            StockDocumentKind.ISSUE: "tray-arrow-up",
            StockDocumentKind.WASTE: "delete-variant",
            StockDocumentKind.RETURN: "truck-delivery",
        }[self.kind]
        self.post_button = QPushButton(theme.icon(post_icon, "#ffffff"), _("Post"))
        self.post_button.setProperty("primary", True)
        self.post_button.setToolTip(
            _("Post: take the number and take the goods out of stock (Ctrl+Enter)")
        )
        close = QPushButton(_("Close"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.summary)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.post_button)
        layout.addLayout(buttons)
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, activated=self.post)
        self.add_button.clicked.connect(self.add_line)
        self.remove_button.clicked.connect(self.remove_line)
        self.post_button.clicked.connect(self.post)
        close.clicked.connect(self.reject)
        self.post_button.setAutoDefault(False)
        close.setAutoDefault(False)
        self.hotel.currentIndexChanged.connect(self._hotel_changed)
        self.date.dateChanged.connect(lambda _d: self._load_products())
        self.supplier.currentIndexChanged.connect(lambda _i: self._load_products())
        self.outlet.currentIndexChanged.connect(lambda _i: self._validate())

    # --- data ----------------------------------------------------------------

    def _select_supplier_of(self, product_id: int) -> None:
        from hotel_supply.services.products import get_product

        with contextlib.suppress(DomainError):  # the product is gone: the clerk chooses
            self.supplier.select_id(get_product(self.ctx.db, product_id).supplier_id)

    def _hotel_changed(self) -> None:
        hotel_id = self.hotel.current_id()
        if self.kind == StockDocumentKind.ISSUE:
            self.outlet.set_choices(
                [(o[0], o[2]) for o in outlet_choices(self.ctx.db, hotel_id)] if hotel_id else [],
                keep=False,
            )
        self._load_products()

    def _load_products(self) -> None:
        """The products that can be chosen: the hotel's stock (of the supplier, for a return)."""
        self._lots.clear()
        hotel_id = self.hotel.current_id()
        rows: list[StockRow] = []
        if hotel_id is not None and (
            self.kind != StockDocumentKind.RETURN or self.supplier.current_id() is not None
        ):
            rows = [
                r
                for r in stock_rows(
                    self.ctx.db,
                    query=StockQuery(
                        hotel_id=hotel_id,
                        day=self.date.value(),
                        supplier_id=self.supplier.current_id()
                        if self.kind == StockDocumentKind.RETURN
                        else None,
                    ),
                )
                if r.on_hand != 0
                or any(line.product_id == r.product_id for line in self.model.lines)
            ]
        self.model.set_products(rows)
        self._validate()

    def _lots_of(self, product_id: int) -> list[LotRow]:
        if product_id not in self._lots:
            hotel_id = self.hotel.current_id()
            self._lots[product_id] = (
                product_lots(
                    self.ctx.db, hotel_id=hotel_id, product_id=product_id, day=self.date.value()
                )
                if hotel_id
                else []
            )
        return self._lots[product_id]

    def lot_allowed(self, lot: LotRow) -> bool:
        """An issue never offers an expired lot; waste and returns are for exactly those."""
        if self.kind != StockDocumentKind.ISSUE:
            return True
        return lot.expiry_date is None or lot.expiry_date >= self.date.value()

    # --- editing -------------------------------------------------------------

    def start_editing(self, row: int, col: DocCol) -> None:
        index = self.model.index(row, col)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def add_line(self) -> None:
        row = self.model.add_line()
        self.start_editing(row, DocCol.PRODUCT)

    def remove_line(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.remove_line(index.row())

    def typed_lines(self) -> tuple[list[StockLineInput], list[int], dict[str, list[str]]]:
        """The non-empty lines as the service takes them, the row each came from, and the
        problems found in typing (keyed by row)."""
        inputs: list[StockLineInput] = []
        rows: list[int] = []
        problems: dict[str, list[str]] = {}
        for i, line in enumerate(self.model.lines):
            if line.is_empty():
                continue
            quantity = Decimal(0)
            if not line.quantity_text:
                problems.setdefault(f"line:{i}:quantity", []).append(_("Enter a quantity."))
            else:
                try:
                    quantity = parse_decimal(line.quantity_text)
                except ParseError as exc:
                    problems.setdefault(f"line:{i}:quantity", []).append(str(exc))
            inputs.append(
                StockLineInput(
                    product_id=line.product_id or 0,
                    quantity=quantity,
                    lot_id=line.lot_id,
                    reason=line.reason,
                )
            )
            rows.append(i)
        return inputs, rows, problems

    def _validate(self) -> dict[str, list[str]]:
        inputs, rows, problems = self.typed_lines()
        supplier_id = self.supplier.current_id() if self.kind == StockDocumentKind.RETURN else None
        # validate_lines reads a product's name, unit and supplier: plain stand-ins will do
        products = {
            pid: SimpleNamespace(
                id=pid,
                name=row.product_name,
                unit=row.unit,
                supplier_id=supplier_id if pid in self.model.products else None,
            )
            for pid, row in self.model.known.items()
        }
        found = stock_moves.validate_lines(
            inputs,
            products,  # type: ignore[arg-type]
            kind=self.kind,
            supplier_id=supplier_id,
        )
        for key, msgs in found.items():
            parts = key.split(":")
            if parts[0] == "line" and len(parts) == 3:
                key = f"line:{rows[int(parts[1])]}:{parts[2]}"
            if key.endswith(":quantity") and key in problems:
                continue  # the typing problem says it better
            problems.setdefault(key, []).extend(msgs)
        header = self._header_problem()
        self.header_problem.setText(header)
        self.header_problem.setVisible(bool(header))
        if header:
            problems.setdefault("header", []).append(header)
        self.model.set_problems(problems)
        self.problems.setText(self._describe({k: v for k, v in problems.items() if k != "header"}))
        self.post_button.setEnabled(not problems)
        lines = len(inputs)
        self.summary.setText(_("{n} line(s)").format(n=lines) if lines else "")
        return problems

    def _header_problem(self) -> str:
        if self.hotel.current_id() is None:
            return _("Choose a hotel.")
        if self.kind == StockDocumentKind.ISSUE and self.outlet.current_id() is None:
            return _("Choose the outlet the goods go to.")
        if self.kind == StockDocumentKind.RETURN and self.supplier.current_id() is None:
            return _("Choose the supplier the goods go back to.")
        return ""

    def _describe(self, problems: dict[str, list[str]], limit: int = 4) -> str:
        texts = []
        for key, msgs in problems.items():
            parts = key.split(":")
            if parts[0] == "line" and len(parts) == 3:
                row = int(parts[1])
                pid = self.model.lines[row].product_id if row < len(self.model.lines) else None
                product = self.model.known.get(pid) if pid else None
                where = _("Line {n}").format(n=row + 1) + (
                    f" ({product.product_name})" if product else ""
                )
                field = _(FIELD_LABELS.get(parts[2], parts[2]))
                texts.extend(f"{where} · {field}: {m}" for m in msgs)
            else:
                texts.extend(msgs)
        more = len(texts) - limit
        text = "\n".join(texts[:limit])
        if more > 0:
            text += "\n" + _("… and {n} more").format(n=more)
        return text

    # --- posting -------------------------------------------------------------

    def post(self) -> None:
        commit_typing(self.table)
        if self.result is not None:
            return
        if self._validate():
            self.ctx.say(_("Correct the marked cells before posting."))
            return
        inputs, rows, _p = self.typed_lines()
        hotel_id = self.hotel.current_id()
        assert hotel_id is not None
        confirm_negative = False
        while True:
            try:
                result = self._call_service(hotel_id, inputs, confirm_negative)
            except NegativeStockError as exc:
                shortages = "\n".join("• " + s.describe() for s in exc.shortages)
                text = (
                    _("Stock below zero — post anyway?")
                    + "\n\n"
                    + shortages
                    + "\n\n"
                    + _(
                        "Only post when the goods really left the store: the stock will show "
                        "less than zero until a delivery or a count corrects it."
                    )
                )
                if not confirm(self, text, title=_("Stock below zero"), yes=_("Post anyway")):
                    self.ctx.say(_("Not posted: nothing was changed."))
                    return
                confirm_negative = True
                continue
            except ValidationError as exc:
                problems: dict[str, list[str]] = {}
                for key, msgs in exc.problems.items():
                    parts = key.split(":")
                    if parts[0] == "line" and len(parts) == 3 and int(parts[1]) < len(rows):
                        key = f"line:{rows[int(parts[1])]}:{parts[2]}"
                    problems[key] = msgs
                self.model.set_problems(problems)
                self.problems.setText(self._describe(problems))
                show_error(self, exc)
                return
            except Exception as exc:
                show_error(self, exc)
                return
            break
        self.result = result
        message = {
            StockDocumentKind.ISSUE: _("Issue {number} posted to {outlet}."),
            StockDocumentKind.WASTE: _("Waste write-off {number} posted."),
            StockDocumentKind.RETURN: _("Return {number} posted to {supplier}."),
        }[self.kind].format(
            number=result.number,
            outlet=self.outlet.currentText(),
            supplier=self.supplier.currentText(),
        )
        if result.below_zero:
            message += " " + _("Stock went below zero, as confirmed.")
        self.ctx.notify("stock", message)
        self.accept()
        preview_stock_slip(self.ctx, result.document_id, parent=self.parentWidget())

    def _call_service(
        self, hotel_id: int, lines: list[StockLineInput], confirm_negative: bool
    ) -> StockDocumentResult:
        day, notes = self.date.value(), self.notes.text()
        if self.kind == StockDocumentKind.ISSUE:
            outlet_id = self.outlet.current_id()
            assert outlet_id is not None
            return stock_moves.issue_to_outlet(
                self.ctx.db,
                hotel_id=hotel_id,
                outlet_id=outlet_id,
                day=day,
                lines=lines,
                notes=notes,
                confirm_negative=confirm_negative,
            )
        if self.kind == StockDocumentKind.WASTE:
            return stock_moves.write_off_waste(
                self.ctx.db,
                hotel_id=hotel_id,
                day=day,
                lines=lines,
                notes=notes,
                confirm_negative=confirm_negative,
            )
        supplier_id = self.supplier.current_id()
        assert supplier_id is not None
        return stock_moves.return_to_supplier(
            self.ctx.db,
            hotel_id=hotel_id,
            supplier_id=supplier_id,
            day=day,
            lines=lines,
            notes=notes,
            confirm_negative=confirm_negative,
        )

    def reject(self) -> None:
        """Esc and Close: ask before dropping typed lines."""
        typed = any(not line.is_empty() for line in self.model.lines)
        if (
            self.result is None
            and typed
            and not confirm(
                self,
                _("Close without posting? The typed lines are lost."),
                yes=_("Close without posting"),
            )
        ):
            return
        super().reject()


def preview_stock_slip(ctx: AppContext, document_id: int, *, parent: QWidget | None = None) -> None:
    """The slip of an issue, write-off or return, to print (A5 or A4)."""
    try:
        from hotel_supply.documents.stock_slip import render_stock_slip
        from hotel_supply.services.stock_printing import stock_slip_data

        data = stock_slip_data(ctx.db, document_id=document_id)
    except ImportError:
        QMessageBox.information(
            parent, _("Print"), _("Printing of stock documents is not available yet.")
        )
        return
    except Exception as exc:
        show_error(parent, exc)
        return
    from hotel_supply.ui.dialogs.print_preview import PrintPreviewDialog

    number = str(getattr(data, "number", "") or "")

    def render(size: str, copies: tuple[str, ...]) -> bytes:
        return bytes(render_stock_slip(data, page_size=size, copies=copies))

    # two copies by default: one stays in the store, one goes with the goods
    PrintPreviewDialog(
        ctx,
        render,
        title=_("Stock slip {number}").format(number=number),
        filename=number or "stock-slip",
        sizes=("A5", "A4"),
        with_copies=True,
        parent=parent,
    ).exec()
