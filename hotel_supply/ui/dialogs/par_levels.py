"""Par levels of one hotel: the quantity below which a product should be reordered.

All levels are typed in one table (the Indonesian way: ``2,5``) and saved in one go.
This module also holds :func:`pick_product`, the small product picker of the stock dialogs,
and :func:`commit_typing`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import ParseError, format_number, format_qty, parse_decimal
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Role, Unit, label
from hotel_supply.services.products import product_choices, product_row
from hotel_supply.services.replenishment import set_par_levels
from hotel_supply.services.stock_levels import StockQuery, stock_rows
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.permissions import allow
from hotel_supply.ui.widgets import show_error

AnyIndex = QModelIndex | QPersistentModelIndex
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
ERROR_BG = QColor("#fbe3e1")
CHANGED_BG = QColor("#fff4e5")
ZERO = Decimal(0)


def commit_typing(table: QTableView) -> None:
    """Take what is typed in an open cell editor, as Enter would: Ctrl+S and Ctrl+Enter are
    pressed while the clerk is still in the cell."""
    if table.state() != QAbstractItemView.State.EditingState:
        return
    delegate = table.itemDelegate()
    viewport = table.viewport()
    # a cell editor is a child of the viewport (a combo's own line edit is its grandchild)
    for editor in viewport.findChildren(QWidget):
        if editor.parentWidget() is viewport and editor.isVisible():
            delegate.commitData.emit(editor)
            delegate.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def pick_product(
    parent: QWidget, choices: list[tuple[int, str]], *, title: str | None = None
) -> int | None:
    """Let the clerk find one product by typing part of its name; its id, or None."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title or _("Add product"))
    geometry.fit_to_screen(dialog, 560, 480, remember=False)
    layout = QVBoxLayout(dialog)
    search = QLineEdit()
    search.setPlaceholderText(_("Type part of the product or supplier name…"))
    search.setClearButtonEnabled(True)
    items = QListWidget()
    for key, text in choices:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        items.addItem(item)
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add"))
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(search)
    layout.addWidget(items, 1)
    layout.addWidget(buttons)

    def narrow(text: str) -> None:
        words = text.lower().split()
        first = None
        for i in range(items.count()):
            item = items.item(i)
            hidden = not all(w in item.text().lower() for w in words)
            item.setHidden(hidden)
            if not hidden and first is None:
                first = i
        if first is not None:
            items.setCurrentRow(first)

    search.textChanged.connect(narrow)
    items.itemDoubleClicked.connect(lambda _i: dialog.accept())
    if items.count():
        items.setCurrentRow(0)
    if not dialog.exec():
        return None
    current = items.currentItem()
    if current is None or current.isHidden():
        return None
    return int(current.data(Qt.ItemDataRole.UserRole))


@dataclass
class ParRow:
    product_id: int
    product_code: str
    product_name: str
    supplier_name: str
    unit: Unit
    on_hand: Decimal
    usage_per_day: Decimal
    saved: Decimal | None  # the par level in the database
    text: str  # what is typed now

    def value(self) -> Decimal | None:
        """The typed par level (None: no par); raises ParseError."""
        return parse_decimal(self.text) if self.text.strip() else None

    def changed(self) -> bool:
        try:
            value = self.value()
        except ParseError:
            return True
        return (value or ZERO) != (self.saved or ZERO)


class ParCol(IntEnum):
    PRODUCT = 0
    SUPPLIER = 1
    UNIT = 2
    ON_HAND = 3
    USAGE = 4
    PAR = 5


HEADERS = {
    ParCol.PRODUCT: N_("Product"),
    ParCol.SUPPLIER: N_("Supplier (UMKM)"),
    ParCol.UNIT: N_("Unit"),
    ParCol.ON_HAND: N_("On hand"),
    ParCol.USAGE: N_("Used per day"),
    ParCol.PAR: N_("Par level"),
}


class ParLevelsModel(QAbstractTableModel):
    edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ParRow] = []

    def set_rows(self, rows: list[ParRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def add_row(self, row: ParRow) -> int:
        n = len(self.rows)
        self.beginInsertRows(QModelIndex(), n, n)
        self.rows.append(row)
        self.endInsertRows()
        return n

    def problem(self, row: ParRow) -> str:
        try:
            value = row.value()
        except ParseError as exc:
            return str(exc)
        if value is not None and value < 0:
            return _("A par level cannot be negative.")
        return ""

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ParCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[ParCol(section)])
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= ParCol.ON_HAND:
            return RIGHT
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == ParCol.PAR else base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = ParCol(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {
                ParCol.PRODUCT: f"{row.product_code}  {row.product_name}",
                ParCol.SUPPLIER: row.supplier_name,
                ParCol.UNIT: label(row.unit),
                ParCol.ON_HAND: format_qty(row.on_hand),
                ParCol.USAGE: format_number(row.usage_per_day) if row.usage_per_day else "",
                ParCol.PAR: row.text,
            }[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if col >= ParCol.ON_HAND else None
        if col != ParCol.PAR:
            if role == Qt.ItemDataRole.ForegroundRole and col == ParCol.ON_HAND:
                try:
                    par = row.value()
                except ParseError:
                    par = None
                if par is not None and row.on_hand < par:
                    return QBrush(QColor(theme.WARN))
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            if self.problem(row):
                return QBrush(ERROR_BG)
            return QBrush(CHANGED_BG) if row.changed() else None
        if role == Qt.ItemDataRole.FontRole and row.changed():
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            problem = self.problem(row)
            if problem:
                return problem
            if row.changed():
                return _("Was: {value}").format(value=format_qty(row.saved) or _("no par"))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != ParCol.PAR:
            return False
        row = self.rows[index.row()]
        row.text = str(value or "").strip()
        try:
            parsed = row.value()
            if parsed is not None:
                row.text = format_qty(parsed)
        except ParseError:
            pass
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(ParCol) - 1))
        self.edited.emit()
        return True


class _NumberDelegate(QStyledItemDelegate):
    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor


class ParLevelsDialog(QDialog):
    """The hotel's stocked products with their par level; Save writes every change."""

    def __init__(
        self, ctx: AppContext, *, hotel_id: int, day: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.hotel_id = hotel_id
        self.day = day
        self.setWindowTitle(_("Par levels"))
        self.setMinimumSize(760, 460)
        geometry.fit_to_screen(self, 980, 640)
        layout = QVBoxLayout(self)
        title = QLabel(_("Par levels"))
        title.setObjectName("pageTitle")
        subtitle = QLabel(
            _(
                "Below its par level a product shows as “below par” and is suggested "
                "for reordering. Leave a cell empty (or 0) for no par level."
            )
        )
        subtitle.setObjectName("pageSubtitle")
        subtitle.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search product or supplier…"))
        self.search.setClearButtonEnabled(True)
        layout.addWidget(self.search)

        self.model = ParLevelsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegate(_NumberDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(ParCol.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (ParCol.SUPPLIER, 200),
            (ParCol.UNIT, 70),
            (ParCol.ON_HAND, 80),
            (ParCol.USAGE, 130),
            (ParCol.PAR, 90),
        ):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)

        buttons = QHBoxLayout()
        add = QPushButton(theme.icon("plus"), _("Add product…"))
        add.setToolTip(_("Give a par level to a product the hotel has not stocked yet"))
        self.summary = QLabel()
        self.summary.setObjectName("pageSubtitle")
        self.save_button = QPushButton(theme.icon("content-save", "#ffffff"), _("Save"))
        self.save_button.setProperty("primary", True)
        self.save_button.setToolTip(_("Save every changed par level (Ctrl+S)"))
        allow(self.save_button, self.ctx, Role.PURCHASING, Role.STOREROOM)
        close = QPushButton(_("Close"))
        for b in (add, self.save_button, close):
            b.setAutoDefault(False)
        buttons.addWidget(add)
        buttons.addSpacing(12)
        buttons.addWidget(self.summary)
        buttons.addStretch(1)
        buttons.addWidget(close)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        add.clicked.connect(self.add_product)
        self.save_button.clicked.connect(self.save)
        close.clicked.connect(self.reject)
        self.model.edited.connect(self._update)
        self.search.textChanged.connect(self._filter)
        self.load()

    def load(self) -> None:
        rows = stock_rows(self.ctx.db, query=StockQuery(hotel_id=self.hotel_id, day=self.day))
        self.model.set_rows(
            [
                ParRow(
                    r.product_id,
                    r.product_code,
                    r.product_name,
                    r.supplier_name,
                    r.unit,
                    r.on_hand,
                    r.usage_per_day,
                    r.par,
                    format_qty(r.par),
                )
                for r in rows
            ]
        )
        self._update()
        if rows:
            self.table.setCurrentIndex(self.model.index(0, ParCol.PAR))

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for i, row in enumerate(self.model.rows):
            haystack = f"{row.product_code} {row.product_name} {row.supplier_name}".lower()
            self.table.setRowHidden(i, not all(w in haystack for w in words))

    def _update(self) -> None:
        problems = [
            f"{row.product_name}: {p}" for row in self.model.rows if (p := self.model.problem(row))
        ]
        self.problems.setText(
            "\n".join(problems[:4])
            + ("\n" + _("… and {n} more").format(n=len(problems) - 4) if len(problems) > 4 else "")
        )
        changed = sum(1 for row in self.model.rows if row.changed())
        self.summary.setText(_("{n} changed").format(n=changed) if changed else "")
        self.save_button.setEnabled(changed > 0 and not problems)

    def add_product(self) -> None:
        shown = {row.product_id for row in self.model.rows}
        choices = [
            (c[0], f"{c[1]}  {c[2]}") for c in product_choices(self.ctx.db) if c[0] not in shown
        ]
        if not choices:
            QMessageBox.information(self, _("Add product"), _("Every product is in the list."))
            return
        product_id = pick_product(self, choices)
        if product_id is None:
            return
        p = product_row(self.ctx.db, product_id)
        n = self.model.add_row(
            ParRow(p.id, p.code, p.name, p.supplier_name, p.unit, ZERO, ZERO, None, "")
        )
        index = self.model.index(n, ParCol.PAR)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def save(self) -> bool:
        commit_typing(self.table)
        if not self.save_button.isEnabled():
            return False
        levels = {row.product_id: row.value() for row in self.model.rows if row.changed()}
        try:
            set_par_levels(self.ctx.db, hotel_id=self.hotel_id, levels=levels)
        except Exception as exc:
            show_error(self, exc)
            return False
        self.ctx.notify("stock", _("{n} par level(s) saved.").format(n=len(levels)))
        self.accept()
        return True

    def reject(self) -> None:
        if any(row.changed() for row in self.model.rows):
            box = QMessageBox(
                QMessageBox.Icon.Question,
                _("Unsaved changes"),
                _("Save the changed par levels?"),
                parent=self,
            )
            save = box.addButton(_("Save"), QMessageBox.ButtonRole.AcceptRole)
            drop = box.addButton(_("Discard changes"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is save:
                self.save()
                return
            if box.clickedButton() is not drop:
                return
        super().reject()
