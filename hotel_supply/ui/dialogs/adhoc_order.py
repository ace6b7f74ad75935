"""Enter an ad-hoc order: a hotel asks a supplier for something outside the standing orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.formatting import ParseError, format_qty, parse_decimal
from hotel_supply.i18n import _
from hotel_supply.services import orders
from hotel_supply.services.errors import DomainError
from hotel_supply.services.hotels import hotel_choices
from hotel_supply.services.orders import OrderLineInput
from hotel_supply.services.products import product_choices
from hotel_supply.services.suppliers import supplier_choices
from hotel_supply.ui import geometry
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.widgets import ChoiceCombo, DateEdit, show_error

AnyIndex = QModelIndex | QPersistentModelIndex


class _QuantitiesModel(QAbstractTableModel):
    """The supplier's products with a quantity to order each."""

    def __init__(self) -> None:
        super().__init__()
        self.products: list[tuple[int, str, str]] = []
        self.quantities: dict[int, Decimal] = {}

    def set_products(self, products: list[tuple[int, str, str]]) -> None:
        self.beginResetModel()
        self.products = products
        self.quantities = {}
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.products)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (_("Code"), _("Product"), _("Quantity"))[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == 2 else flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        product_id, code, name = self.products[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if index.column() == 0:
                return code
            if index.column() == 1:
                return name
            qty = self.quantities.get(product_id)
            return format_qty(qty) if qty else ""
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        product_id = self.products[index.row()][0]
        text = str(value).strip()
        try:
            qty = parse_decimal(text) if text else Decimal(0)
        except ParseError:
            return False
        if qty < 0:
            return False
        self.quantities[product_id] = qty
        self.dataChanged.emit(index, index)
        return True


class AdhocOrderDialog(QDialog):
    def __init__(self, ctx: AppContext, *, hotel_id: int | None, day: dt.date,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Ad-hoc order"))
        geometry.fit_to_screen(self, 620, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.hotel = ChoiceCombo()
        self.hotel.set_choices([(h[0], h[2]) for h in hotel_choices(ctx.db)])
        if hotel_id:
            self.hotel.select_id(hotel_id)
        self.supplier = ChoiceCombo()
        self.supplier.set_choices([(s[0], f"{s[2]} ({s[1]})") for s in supplier_choices(ctx.db)])
        self.day = DateEdit(day)
        self.notes = QLineEdit()
        self.notes.setPlaceholderText(_("e.g. gift shop: batik for the weekend"))
        form.addRow(_("Hotel"), self.hotel)
        form.addRow(_("Supplier (UMKM)"), self.supplier)
        form.addRow(_("Expected on"), self.day)
        form.addRow(_("Notes"), self.notes)
        layout.addLayout(form)
        layout.addWidget(QLabel(_("Type the quantity of each product to order:")))
        self.model = _QuantitiesModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(_("Save order"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.supplier.currentIndexChanged.connect(self._load_products)
        self._load_products()

    def _load_products(self) -> None:
        supplier_id = self.supplier.current_id()
        products = product_choices(self.ctx.db, supplier_id=supplier_id) if supplier_id else []
        self.model.set_products(list(products))

    def accept(self) -> None:
        hotel_id, supplier_id = self.hotel.current_id(), self.supplier.current_id()
        if hotel_id is None or supplier_id is None:
            show_error(self, DomainError(_("Choose a hotel and a supplier.")))
            return
        lines = [OrderLineInput(product_id=p, quantity=q)
                 for p, q in self.model.quantities.items() if q > 0]
        try:
            orders.create_adhoc_order(self.ctx.db, hotel_id=hotel_id, supplier_id=supplier_id,
                                      day=self.day.value(), lines=lines,
                                      notes=self.notes.text())
        except Exception as exc:
            show_error(self, exc)
            return
        super().accept()
