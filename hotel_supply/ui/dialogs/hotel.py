"""Edit a partner hotel: identity, receiving contact, billing, payment terms and outlets."""

from __future__ import annotations

from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import HotelKind, OutletKind, label
from hotel_supply.services import hotels
from hotel_supply.services.hotels import MAX_PAYMENT_TERMS_DAYS, HotelData, OutletData
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.form import AnyIndex, EnumDelegate, FormDialog, enum_combo, select_data


class OutletCol(IntEnum):
    CODE = 0
    NAME = 1
    KIND = 2
    ACTIVE = 3


OUTLET_HEADERS = {
    OutletCol.CODE: N_("Code"),
    OutletCol.NAME: N_("Name"),
    OutletCol.KIND: N_("Kind"),
    OutletCol.ACTIVE: N_("Active"),
}


class OutletsModel(QAbstractTableModel):
    """A hotel's outlets as the dialog edits them; saved ones are deactivated, never removed."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.outlets: list[OutletData] = []

    def set_outlets(self, outlets: list[OutletData]) -> None:
        self.beginResetModel()
        self.outlets = [replace(o) for o in outlets]
        self.endResetModel()

    def add(self) -> int:
        row = len(self.outlets)
        self.beginInsertRows(QModelIndex(), row, row)
        self.outlets.append(OutletData(code="", name="", kind=OutletKind.OTHER))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        """Drop a new outlet; deactivate one already saved (documents may refer to it)."""
        outlet = self.outlets[row]
        if outlet.id is None:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self.outlets[row]
            self.endRemoveRows()
        else:
            self.setData(
                self.index(row, OutletCol.ACTIVE),
                Qt.CheckState.Unchecked.value,
                Qt.ItemDataRole.CheckStateRole,
            )

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.outlets)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(OutletCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return _(OUTLET_HEADERS[OutletCol(section)])

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == OutletCol.ACTIVE:
            return flags | Qt.ItemFlag.ItemIsUserCheckable
        return flags | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        outlet = self.outlets[index.row()]
        col = OutletCol(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == OutletCol.CODE:
                return outlet.code
            if col == OutletCol.NAME:
                return outlet.name
            if col == OutletCol.KIND:
                return label(outlet.kind) if role == Qt.ItemDataRole.DisplayRole else outlet.kind
            return None
        if role == Qt.ItemDataRole.CheckStateRole and col == OutletCol.ACTIVE:
            return Qt.CheckState.Checked if outlet.active else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and not outlet.active:
            return QBrush(QColor(theme.MUTED))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        outlet = self.outlets[index.row()]
        col = OutletCol(index.column())
        if role == Qt.ItemDataRole.CheckStateRole and col == OutletCol.ACTIVE:
            outlet.active = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value)
        elif role == Qt.ItemDataRole.EditRole and col == OutletCol.CODE:
            outlet.code = str(value).strip().upper()
        elif role == Qt.ItemDataRole.EditRole and col == OutletCol.NAME:
            outlet.name = str(value)
        elif role == Qt.ItemDataRole.EditRole and col == OutletCol.KIND and value is not None:
            outlet.kind = OutletKind(value)
        else:
            return False
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), len(OutletCol) - 1)
        )
        return True


class HotelDialog(FormDialog):
    """New hotel (``hotel_id`` None; starts with the four usual outlets) or edit one."""

    def __init__(
        self, ctx: AppContext, hotel_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        self.hotel_id = hotel_id
        super().__init__(
            ctx,
            title=_("New partner hotel") if hotel_id is None else _("Edit partner hotel"),
            parent=parent,
        )
        geometry.fit_to_screen(self, 940, 660)
        grid = QGridLayout()
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)

        self.code = QLineEdit()
        self.code.setMaxLength(20)
        self.code.setPlaceholderText(_("e.g. EMERSIA"))
        self.name = QLineEdit()
        self.kind = enum_combo(HotelKind)
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(54)
        self.address.setTabChangesFocus(True)
        self.city = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("(0721) 123456")
        identity = QGroupBox(_("Hotel"))
        form = self._form(identity)
        self.add_field(form, "code", _("Code"), self.code)
        self.add_field(form, "name", _("Name"), self.name)
        self.add_field(form, "kind", _("Kind"), self.kind)
        self.add_field(form, "address", _("Address"), self.address)
        self.add_field(form, "city", _("City"), self.city)
        self.add_field(form, "phone", _("Phone"), self.phone)
        grid.addWidget(identity, 0, 0, 2, 1)

        receiving = QGroupBox(_("Receiving goods"))
        form = self._form(receiving)
        self.receiving_contact = QLineEdit()
        self.receiving_contact.setPlaceholderText(_("who counts and signs for deliveries"))
        self.receiving_phone = QLineEdit()
        self.add_field(form, "receiving_contact", _("Contact"), self.receiving_contact)
        self.add_field(form, "receiving_phone", _("Phone"), self.receiving_phone)
        grid.addWidget(receiving, 0, 1)

        billing = QGroupBox(_("Billing"))
        form = self._form(billing)
        self.billing_name = QLineEdit()
        self.billing_name.setPlaceholderText(_("legal name on invoices, if different"))
        self.billing_address = QPlainTextEdit()
        self.billing_address.setFixedHeight(54)
        self.billing_address.setTabChangesFocus(True)
        self.npwp = QLineEdit()
        self.npwp.setPlaceholderText(_("16 digits"))
        self.payment_terms = QSpinBox()
        self.payment_terms.setRange(0, MAX_PAYMENT_TERMS_DAYS)
        self.payment_terms.setSuffix(" " + _("days"))
        self.payment_terms.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.payment_terms.setMaximumWidth(120)
        self.payment_terms.setToolTip(_("The invoice is due this many days after it is issued"))
        self.add_field(form, "billing_name", _("Billing name"), self.billing_name)
        self.add_field(form, "billing_address", _("Billing address"), self.billing_address)
        self.add_field(form, "npwp", _("NPWP"), self.npwp)
        self.add_field(form, "payment_terms_days", _("Payment terms"), self.payment_terms)
        grid.addWidget(billing, 1, 1)

        outlets = QGroupBox(_("Outlets (departments that use the goods)"))
        box = QVBoxLayout(outlets)
        self.outlets = OutletsModel(self)
        self.outlet_table = QTableView()
        self.outlet_table.setModel(self.outlets)
        self.outlet_table.setItemDelegateForColumn(
            OutletCol.KIND, EnumDelegate(OutletKind, self.outlet_table)
        )
        self.outlet_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.outlet_table.setTabKeyNavigation(True)
        self.outlet_table.verticalHeader().setDefaultSectionSize(24)
        self.outlet_table.setMinimumHeight(150)
        header = self.outlet_table.horizontalHeader()
        header.setSectionResizeMode(OutletCol.NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((OutletCol.CODE, 100), (OutletCol.KIND, 160), (OutletCol.ACTIVE, 70)):
            self.outlet_table.setColumnWidth(col, width)
        box.addWidget(self.outlet_table, 1)
        self.register_field("outlets", _("Outlets"), self.outlet_table, box)
        self.watch(self.outlets, "outlets")
        buttons = QHBoxLayout()
        self.add_outlet_button = QPushButton(theme.icon("plus"), _("Add outlet"))
        self.add_outlet_button.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_outlet_button.setToolTip(_("Add an outlet (Insert)"))
        self.remove_outlet_button = QPushButton(theme.icon("minus"), _("Remove outlet"))
        self.remove_outlet_button.setToolTip(
            _("A new outlet is removed; a saved one is deactivated, since documents refer to it")
        )
        buttons.addWidget(self.add_outlet_button)
        buttons.addWidget(self.remove_outlet_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.add_outlet_button.clicked.connect(self.add_outlet)
        self.remove_outlet_button.clicked.connect(self.remove_outlet)
        self.body.addWidget(outlets, 1)

        if hotel_id is not None:
            self.load(hotels.get_hotel(ctx.db, hotel_id))
        else:
            self.city.setText(HotelData(code="", name="").city)
            self.payment_terms.setValue(HotelData(code="", name="").payment_terms_days)
            self.outlets.set_outlets(hotels.standard_outlets())
        self.finish_loading()
        self.code.setFocus()

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        """A form at the top of ``box``: spare height goes below it, not between its rows."""
        outer = QVBoxLayout(box)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        outer.addLayout(form)
        outer.addStretch(1)
        return form

    def load(self, data: HotelData) -> None:
        self.code.setText(data.code)
        self.name.setText(data.name)
        select_data(self.kind, data.kind)
        self.address.setPlainText(data.address)
        self.city.setText(data.city)
        self.phone.setText(data.phone)
        self.receiving_contact.setText(data.receiving_contact)
        self.receiving_phone.setText(data.receiving_phone)
        self.billing_name.setText(data.billing_name)
        self.billing_address.setPlainText(data.billing_address)
        self.npwp.setText(data.npwp)
        self.payment_terms.setValue(data.payment_terms_days)
        self.outlets.set_outlets(data.outlets)

    def collect(self) -> HotelData:
        return HotelData(
            code=self.code.text(),
            name=self.name.text(),
            kind=self.kind.currentData(),
            address=self.address.toPlainText(),
            city=self.city.text(),
            phone=self.phone.text(),
            receiving_contact=self.receiving_contact.text(),
            receiving_phone=self.receiving_phone.text(),
            billing_name=self.billing_name.text(),
            billing_address=self.billing_address.toPlainText(),
            npwp=self.npwp.text(),
            payment_terms_days=self.payment_terms.value(),
            outlets=[replace(o) for o in self.outlets.outlets],
        )

    def validate(self, data: HotelData) -> dict[str, list[str]]:
        return hotels.validate_hotel(data)

    def save(self, data: HotelData) -> None:
        if self.hotel_id is None:
            self.saved_id = hotels.create_hotel(self.ctx.db, data=data)
        else:
            hotels.update_hotel(self.ctx.db, hotel_id=self.hotel_id, data=data)
            self.saved_id = self.hotel_id

    def add_outlet(self) -> None:
        row = self.outlets.add()
        index = self.outlets.index(row, OutletCol.CODE)
        self.outlet_table.setCurrentIndex(index)
        self.outlet_table.edit(index)

    def remove_outlet(self) -> None:
        index = self.outlet_table.currentIndex()
        if index.isValid():
            self.outlets.remove(index.row())
