"""Edit a supplier (UMKM): identity, tax, bank account, certificates and notes."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import ParseError, format_date
from hotel_supply.i18n import N_, _
from hotel_supply.models.enums import Category, CertificateKind, LegalForm, label
from hotel_supply.services import suppliers
from hotel_supply.services.suppliers import CertificateData, SupplierData
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.dialogs.delivery_lines import parse_date
from hotel_supply.ui.dialogs.form import (
    AnyIndex,
    EnumDelegate,
    FormDialog,
    OptionalDate,
    WrappedLabel,
    enum_combo,
    select_data,
)

EXPIRY_WARNING_DAYS = 30


def expiry_color(expires_on: dt.date | None, today: dt.date | None = None) -> str | None:
    """Red once expired, amber within 30 days, nothing otherwise."""
    if expires_on is None:
        return None
    today = today or clock.today()
    if expires_on < today:
        return theme.BAD
    if (expires_on - today).days <= EXPIRY_WARNING_DAYS:
        return theme.WARN
    return None


class CertCol(IntEnum):
    KIND = 0
    NUMBER = 1
    ISSUED = 2
    EXPIRES = 3


CERT_HEADERS = {
    CertCol.KIND: N_("Certificate"),
    CertCol.NUMBER: N_("Number"),
    CertCol.ISSUED: N_("Issued"),
    CertCol.EXPIRES: N_("Expires"),
}


class CertificatesModel(QAbstractTableModel):
    """The supplier's certificates as the dialog edits them (kind, number, issued, expires)."""

    typing_error = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.certificates: list[CertificateData] = []

    def set_certificates(self, certificates: list[CertificateData]) -> None:
        self.beginResetModel()
        self.certificates = [replace(c) for c in certificates]
        self.endResetModel()

    def add(self) -> int:
        row = len(self.certificates)
        self.beginInsertRows(QModelIndex(), row, row)
        self.certificates.append(CertificateData(kind=CertificateKind.BNSP, number=""))
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self.certificates[row]
        self.endRemoveRows()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.certificates)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(CertCol)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and orientation == Qt.Orientation.Horizontal:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return _(CERT_HEADERS[CertCol(section)])

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cert = self.certificates[index.row()]
        col = CertCol(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            if col == CertCol.KIND:
                return label(cert.kind)
            if col == CertCol.NUMBER:
                return cert.number
            if col == CertCol.ISSUED:
                return format_date(cert.issued_on)
            return format_date(cert.expires_on) or _("does not expire")
        if role == Qt.ItemDataRole.EditRole:
            if col == CertCol.KIND:
                return cert.kind
            if col == CertCol.NUMBER:
                return cert.number
            return format_date(cert.issued_on if col == CertCol.ISSUED else cert.expires_on)
        if role == Qt.ItemDataRole.ForegroundRole and col == CertCol.EXPIRES:
            if cert.expires_on is None:
                return QBrush(QColor(theme.MUTED))
            color = expiry_color(cert.expires_on)
            return QBrush(QColor(color)) if color else None
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        cert = self.certificates[index.row()]
        col = CertCol(index.column())
        if col == CertCol.KIND:
            if value is None:
                return False
            cert.kind = CertificateKind(value)
        elif col == CertCol.NUMBER:
            cert.number = str(value)
        else:
            try:
                day = parse_date(str(value or ""))
            except ParseError as exc:
                self.typing_error.emit(str(exc))
                return False
            if col == CertCol.ISSUED:
                cert.issued_on = day
            else:
                cert.expires_on = day
        self.dataChanged.emit(index, index)
        return True


class _DateTextDelegate(QStyledItemDelegate):
    """Dates typed as 19/11/2026; empty for none."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.setPlaceholderText(_("dd/mm/yyyy"))
        return editor


class SupplierDialog(FormDialog):
    """New supplier (``supplier_id`` None) or edit an existing one."""

    def __init__(
        self, ctx: AppContext, supplier_id: int | None = None, parent: QWidget | None = None
    ) -> None:
        self.supplier_id = supplier_id
        super().__init__(
            ctx,
            title=_("New supplier") if supplier_id is None else _("Edit supplier"),
            parent=parent,
        )
        geometry.fit_to_screen(self, 760, 560)
        self.tabs = QTabWidget()
        self.body.addWidget(self.tabs)
        self._build_identity()
        self._build_tax_and_bank()
        self._build_certificates()
        self._build_notes()
        if supplier_id is not None:
            self.load(suppliers.get_supplier(ctx.db, supplier_id))
        self.finish_loading()
        self.code.setFocus()

    # --- building ---------------------------------------------------------------

    def _tab(self, title: str) -> QVBoxLayout:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.tabs.addTab(page, title)
        return layout

    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return form

    def _build_identity(self) -> None:
        layout = self._tab(_("Business"))
        form = self._form()
        self.code = QLineEdit()
        self.code.setPlaceholderText(_("e.g. KOPI-017"))
        self.code.setMaxLength(20)
        self.name = QLineEdit()
        self.name.setPlaceholderText(_("e.g. Kopi Robusta Lampung Barat"))
        self.legal_form = enum_combo(LegalForm, placeholder=_("Choose…"))
        self.category = enum_combo(Category, placeholder=_("Choose…"))
        self.owner_name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("0812-3456-7890")
        self.address = QPlainTextEdit()
        self.address.setFixedHeight(54)
        self.address.setTabChangesFocus(True)
        self.city = QLineEdit()
        self.coaching_start = OptionalDate("")
        self.coaching_start.setToolTip(
            _("Start of the programme's six-month monitoring of this UMKM")
        )
        self.add_field(form, "code", _("Code"), self.code)
        self.add_field(form, "name", _("Name"), self.name)
        self.add_field(form, "legal_form", _("Legal form"), self.legal_form)
        self.add_field(form, "category", _("Category"), self.category)
        self.add_field(form, "owner_name", _("Owner"), self.owner_name)
        self.add_field(form, "phone", _("Phone"), self.phone)
        self.add_field(form, "address", _("Address"), self.address)
        self.add_field(form, "city", _("City"), self.city)
        self.add_field(form, "coaching_start", _("Coached since"), self.coaching_start)
        layout.addLayout(form)
        layout.addStretch(1)

    def _build_tax_and_bank(self) -> None:
        layout = self._tab(_("Tax and bank"))
        tax = QGroupBox(_("Tax"))
        form = self._form()
        tax.setLayout(form)
        self.nib = QLineEdit()
        self.nib.setPlaceholderText(_("13 digits, from OSS"))
        self.npwp = QLineEdit()
        self.npwp.setPlaceholderText(_("16 digits"))
        self.is_pkp = QCheckBox(_("Registered for VAT: charges PPN on its invoices"))
        # a PKP supplier needs an NPWP: say so at once, next to the NPWP
        self.is_pkp.toggled.connect(lambda _on: self._touched.add("npwp"))
        self.add_field(form, "nib", _("NIB"), self.nib)
        self.add_field(form, "npwp", _("NPWP"), self.npwp)
        self.add_field(form, "is_pkp", _("PKP"), self.is_pkp)
        bank = QGroupBox(_("Bank account (for payments)"))
        form = self._form()
        bank.setLayout(form)
        self.bank_name = QLineEdit()
        self.bank_name.setPlaceholderText(_("e.g. Bank Lampung"))
        self.bank_account_no = QLineEdit()
        self.bank_account_name = QLineEdit()
        self.add_field(form, "bank_name", _("Bank"), self.bank_name)
        self.add_field(form, "bank_account_no", _("Account number"), self.bank_account_no)
        self.add_field(form, "bank_account_name", _("Account holder"), self.bank_account_name)
        layout.addWidget(tax)
        layout.addWidget(bank)
        layout.addStretch(1)

    def _build_certificates(self) -> None:
        layout = self._tab(_("Certificates"))
        hint = WrappedLabel(
            _(
                "BNSP, halal and P-IRT certificates. Dates are typed as "
                "19/11/2026; leave the expiry empty when the certificate does not "
                "expire."
            ),
            style="pageSubtitle",
        )
        layout.addWidget(hint)
        self.certificates = CertificatesModel(self)
        self.cert_table = QTableView()
        self.cert_table.setModel(self.certificates)
        self.cert_table.setItemDelegateForColumn(
            CertCol.KIND, EnumDelegate(CertificateKind, self.cert_table)
        )
        dates = _DateTextDelegate(self.cert_table)
        self.cert_table.setItemDelegateForColumn(CertCol.ISSUED, dates)
        self.cert_table.setItemDelegateForColumn(CertCol.EXPIRES, dates)
        self.cert_table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.cert_table.setTabKeyNavigation(True)
        self.cert_table.verticalHeader().setDefaultSectionSize(24)
        header = self.cert_table.horizontalHeader()
        header.setSectionResizeMode(CertCol.NUMBER, QHeaderView.ResizeMode.Stretch)
        for col, width in ((CertCol.KIND, 170), (CertCol.ISSUED, 110), (CertCol.EXPIRES, 130)):
            self.cert_table.setColumnWidth(col, width)
        self.cert_typing = QLabel()
        self.cert_typing.setObjectName("fieldError")
        self.cert_typing.hide()
        self.certificates.typing_error.connect(self._cert_typing_error)
        self.certificates.dataChanged.connect(lambda *_a: self.cert_typing.hide())
        buttons = QHBoxLayout()
        self.add_cert_button = QPushButton(theme.icon("plus"), _("Add certificate"))
        self.add_cert_button.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_cert_button.setToolTip(_("Add a certificate (Insert)"))
        self.remove_cert_button = QPushButton(theme.icon("minus"), _("Remove certificate"))
        buttons.addWidget(self.add_cert_button)
        buttons.addWidget(self.remove_cert_button)
        buttons.addStretch(1)
        self.add_cert_button.clicked.connect(self.add_certificate)
        self.remove_cert_button.clicked.connect(self.remove_certificate)
        box = QVBoxLayout()
        box.setSpacing(2)
        box.addWidget(self.cert_table, 1)
        box.addWidget(self.cert_typing)
        layout.addLayout(box, 1)
        self.register_field("certificates", _("Certificates"), self.cert_table, box)
        self.watch(self.certificates, "certificates")
        layout.addLayout(buttons)

    def _build_notes(self) -> None:
        layout = self._tab(_("Notes"))
        self.notes = QPlainTextEdit()
        self.notes.setPlaceholderText(
            _("Anything the office should know: delivery habits, contact person, …")
        )
        box = QVBoxLayout()
        box.addWidget(self.notes, 1)
        layout.addLayout(box, 1)
        self.register_field("notes", _("Notes"), self.notes, box)

    # --- data -------------------------------------------------------------------

    def load(self, data: SupplierData) -> None:
        self.code.setText(data.code)
        self.name.setText(data.name)
        select_data(self.legal_form, data.legal_form)
        select_data(self.category, data.category)
        self.owner_name.setText(data.owner_name)
        self.phone.setText(data.phone)
        self.address.setPlainText(data.address)
        self.city.setText(data.city)
        self.coaching_start.set_value(data.coaching_start)
        self.nib.setText(data.nib)
        self.npwp.setText(data.npwp)
        self.is_pkp.setChecked(data.is_pkp)
        self.bank_name.setText(data.bank_name)
        self.bank_account_no.setText(data.bank_account_no)
        self.bank_account_name.setText(data.bank_account_name)
        self.notes.setPlainText(data.notes)
        self.certificates.set_certificates(data.certificates)

    def collect(self) -> SupplierData:
        return SupplierData(
            code=self.code.text(),
            name=self.name.text(),
            legal_form=self.legal_form.currentData(),
            category=self.category.currentData(),
            owner_name=self.owner_name.text(),
            phone=self.phone.text(),
            address=self.address.toPlainText(),
            city=self.city.text(),
            nib=self.nib.text(),
            npwp=self.npwp.text(),
            is_pkp=self.is_pkp.isChecked(),
            bank_name=self.bank_name.text(),
            bank_account_no=self.bank_account_no.text(),
            bank_account_name=self.bank_account_name.text(),
            coaching_start=self.coaching_start.value(),
            notes=self.notes.toPlainText(),
            certificates=[replace(c) for c in self.certificates.certificates],
        )

    def validate(self, data: SupplierData) -> dict[str, list[str]]:
        return suppliers.validate_supplier(data)

    def save(self, data: SupplierData) -> None:
        if self.supplier_id is None:
            self.saved_id = suppliers.create_supplier(self.ctx.db, data=data)
        else:
            suppliers.update_supplier(self.ctx.db, supplier_id=self.supplier_id, data=data)
            self.saved_id = self.supplier_id

    # --- certificates -----------------------------------------------------------

    def add_certificate(self) -> None:
        row = self.certificates.add()
        index = self.certificates.index(row, CertCol.NUMBER)
        self.cert_table.setCurrentIndex(index)
        self.cert_table.edit(index)

    def remove_certificate(self) -> None:
        index = self.cert_table.currentIndex()
        if index.isValid():
            self.certificates.remove(index.row())

    def _cert_typing_error(self, message: str) -> None:
        self.cert_typing.setText(message)
        self.cert_typing.show()
        self.ctx.say(message)
