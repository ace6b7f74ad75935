"""The standing order grid: a row per product, seven weekday columns and the week's total,
with what was typed kept apart from what was saved; and the grid's columns for export."""

from __future__ import annotations

import bisect
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QLineEdit, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from hotel_supply.formatting import ParseError, format_qty, parse_decimal
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import label
from hotel_supply.services.standing_orders import WEEKDAYS, GridRow, weekday_names
from hotel_supply.ui import theme
from hotel_supply.ui.dialogs.form import AnyIndex
from hotel_supply.ui.table_model import RIGHT, Column

ZERO = Decimal(0)
CHANGED_BG = QColor("#fff1c2")
READONLY_BG = QColor("#f4f6f8")
RIGHT_ALIGN = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class GridCol(IntEnum):
    SUPPLIER = 0
    PRODUCT = 1
    UNIT = 2
    MONDAY = 3  # .. SUNDAY = 9
    TOTAL = 10


def _day(column: int) -> int | None:
    """The weekday (0 = Monday) a column holds, or None."""
    day = column - GridCol.MONDAY
    return day if 0 <= day < WEEKDAYS else None


def _order_key(row: GridRow) -> tuple[str, int, str]:
    return (row.supplier_name.lower(), row.supplier_id, row.product_code)


class StandingOrderGridModel(QAbstractTableModel):
    """The shown rows of a hotel's grid, what they held when loaded, and what was typed."""

    edited = Signal()
    typing_error = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[GridRow] = []
        self.loaded: dict[int, list[Decimal]] = {}  # product id -> quantities as saved
        self._days = weekday_names()
        self._wide_days = weekday_names("wide")

    # --- contents ---------------------------------------------------------------

    def set_rows(self, rows: list[GridRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.loaded = {r.product_id: list(r.quantities) for r in rows}
        self._days = weekday_names()
        self._wide_days = weekday_names("wide")
        self.endResetModel()

    def add_row(self, row: GridRow) -> int:
        """Show one more product (in supplier and code order); returns its row number."""
        keys = [_order_key(r) for r in self.rows]
        at = bisect.bisect_right(keys, _order_key(row))
        self.beginInsertRows(QModelIndex(), at, at)
        self.rows.insert(at, row)
        self.loaded.setdefault(row.product_id, list(row.quantities))
        self.endInsertRows()
        return at

    def shown_ids(self) -> set[int]:
        return {r.product_id for r in self.rows}

    def is_changed(self, row: GridRow, day: int | None = None) -> bool:
        before = self.loaded.get(row.product_id, [ZERO] * WEEKDAYS)
        if day is None:
            return before != list(row.quantities)
        return before[day] != row.quantities[day]

    def changed_rows(self) -> list[GridRow]:
        return [r for r in self.rows if self.is_changed(r)]

    def changed_cells(self) -> int:
        return sum(1 for r in self.rows for d in range(WEEKDAYS) if self.is_changed(r, d))

    @property
    def dirty(self) -> bool:
        return any(self.is_changed(r) for r in self.rows)

    def revert(self) -> None:
        self.beginResetModel()
        for row in self.rows:
            row.quantities = list(self.loaded.get(row.product_id, [ZERO] * WEEKDAYS))
        self.endResetModel()
        self.edited.emit()

    def quantity(self, row: int, day: int) -> Decimal:
        return self.rows[row].quantities[day]

    # --- Qt ------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(GridCol) + WEEKDAYS - 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        day = _day(section)
        if role == Qt.ItemDataRole.DisplayRole:
            if day is not None:
                return self._days[day]
            return {
                GridCol.SUPPLIER: _("Supplier (UMKM)"),
                GridCol.PRODUCT: _("Product"),
                GridCol.UNIT: _("Unit"),
                GridCol.TOTAL: _("Total"),
            }[GridCol(section)]
        if role == Qt.ItemDataRole.ToolTipRole:
            if day is not None:
                return self._wide_days[day]
            if section == GridCol.TOTAL:
                return _("Total of the seven days")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if day is not None or section == GridCol.TOTAL:
                return RIGHT_ALIGN
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if _day(index.column()) is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        day = _day(column)
        if role == Qt.ItemDataRole.DisplayRole:
            if day is not None:
                qty = row.quantities[day]
                return format_qty(qty) if qty else ""
            if column == GridCol.SUPPLIER:
                return row.supplier_name
            if column == GridCol.PRODUCT:
                return f"{row.product_code}  {row.product_name}"
            if column == GridCol.UNIT:
                return label(row.unit)
            return format_qty(row.weekly_total) if row.weekly_total else ""
        if role == Qt.ItemDataRole.EditRole:
            if day is not None:
                qty = row.quantities[day]
                return format_qty(qty) if qty else ""
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT_ALIGN if day is not None or column == GridCol.TOTAL else None
        if role == Qt.ItemDataRole.BackgroundRole:
            if day is not None and self.is_changed(row, day):
                return QBrush(CHANGED_BG)
            if day is None:
                return QBrush(READONLY_BG)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if (day is not None and self.is_changed(row, day)) or column == GridCol.TOTAL:
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.ForegroundRole and not row.active:
            return QBrush(QColor(theme.MUTED))
        if role == Qt.ItemDataRole.ToolTipRole:
            if day is not None and self.is_changed(row, day):
                before = self.loaded.get(row.product_id, [ZERO] * WEEKDAYS)[day]
                return _("Was {qty}; not saved yet").format(qty=format_qty(before))
            if not row.active:
                return _("Product or supplier inactive: quantities can only be lowered or cleared.")
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        day = _day(index.column())
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or day is None:
            return False
        text = "" if value is None else str(value).strip()
        try:
            qty = parse_decimal(text) if text else ZERO
        except ParseError as exc:
            self.typing_error.emit(str(exc))
            return False
        if qty < 0:
            self.typing_error.emit(_("A standing order cannot be negative."))
            return False
        row = self.rows[index.row()]
        if row.quantities[day] == qty:
            return True
        row.quantities[day] = qty
        self.dataChanged.emit(
            self.index(index.row(), GridCol.MONDAY), self.index(index.row(), self.columnCount() - 1)
        )
        self.edited.emit()
        return True


class QuantityDelegate(QStyledItemDelegate):
    """A right-aligned line edit for a cell; the text is parsed by the model."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return editor


EXPORT_COLUMNS: list[Column[GridRow]] = [
    Column(N_("Supplier (UMKM)"), lambda r: r.supplier_name),
    Column(N_("Code"), lambda r: r.product_code),
    Column(N_("Product"), lambda r: r.product_name),
    Column(N_("Unit"), lambda r: label(r.unit)),
]


def export_columns() -> list[Column[GridRow]]:
    """The grid as exported: the product, a column per weekday and the week's total."""
    days = [
        Column(
            name,
            lambda r, d=d: format_qty(r.quantities[d]),
            raw=lambda r, d=d: r.quantities[d],
            align=RIGHT,
        )
        for d, name in enumerate(weekday_names())
    ]
    week = Column(
        N_("Total"), lambda r: format_qty(r.weekly_total), raw=lambda r: r.weekly_total, align=RIGHT
    )
    return [*EXPORT_COLUMNS, *days, week]
