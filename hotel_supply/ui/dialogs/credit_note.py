"""Correct an issued invoice with a credit note (Nota Kredit): quantities given back, or a
price charged too high; a reason and a date; the totals shown before issuing."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor
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

from hotel_supply import clock
from hotel_supply.formatting import (
    ParseError,
    format_date,
    format_qty,
    format_rupiah,
    line_amount,
    parse_decimal,
)
from hotel_supply.i18n import N_, _
from hotel_supply.services.credit_notes import CreditLineInput, issue_credit_note
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.invoicing import compute_totals
from hotel_supply.services.settings import load_settings
from hotel_supply.ui import geometry, theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.table_model import LEFT, RIGHT, AnyIndex
from hotel_supply.ui.widgets import DateEdit, show_error

ZERO = Decimal(0)


@dataclass
class CreditLine:
    invoice_line_id: int | None
    day: str
    delivery_number: str
    product: str
    unit: str
    invoiced: Decimal
    price: int
    quantity: Decimal = ZERO  # to credit
    credit_price: int | None = None  # None: the invoiced price

    @property
    def amount(self) -> int:
        price = self.price if self.credit_price is None else self.credit_price
        return line_amount(self.quantity, price) if self.quantity > 0 else 0


class Col(IntEnum):
    DATE = 0
    NOTE = 1
    PRODUCT = 2
    UNIT = 3
    INVOICED = 4
    PRICE = 5
    QUANTITY = 6
    CREDIT_PRICE = 7
    AMOUNT = 8


HEADERS = {
    Col.DATE: N_("Date"),
    Col.NOTE: N_("Delivery note"),
    Col.PRODUCT: N_("Product"),
    Col.UNIT: N_("Unit"),
    Col.INVOICED: N_("Invoiced"),
    Col.PRICE: N_("Price"),
    Col.QUANTITY: N_("Credit qty"),
    Col.CREDIT_PRICE: N_("Credit price"),
    Col.AMOUNT: N_("Amount"),
}
EDITABLE = (Col.QUANTITY, Col.CREDIT_PRICE)


class CreditLinesModel(QAbstractTableModel):
    edited = Signal()

    def __init__(self, lines: list[CreditLine], parent: Any = None) -> None:
        super().__init__(parent)
        self.lines = lines
        self.errors: dict[int, str] = {}

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[Col(section)])
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        line = self.lines[index.row()]
        if index.column() in EDITABLE and line.invoice_line_id is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = Col(index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return {
                Col.DATE: line.day,
                Col.NOTE: line.delivery_number,
                Col.PRODUCT: line.product,
                Col.UNIT: line.unit,
                Col.INVOICED: format_qty(line.invoiced),
                Col.PRICE: format_rupiah(line.price),
                Col.QUANTITY: format_qty(line.quantity) if line.quantity else "",
                Col.CREDIT_PRICE: ""
                if line.credit_price is None
                else format_rupiah(line.credit_price),
                Col.AMOUNT: format_rupiah(line.amount) if line.amount else "",
            }[col]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if col in (Col.DATE, Col.NOTE, Col.PRODUCT, Col.UNIT) else RIGHT)
        if role == Qt.ItemDataRole.BackgroundRole and col in EDITABLE:
            return QBrush(QColor(theme.ACCENT_LIGHT))
        if role == Qt.ItemDataRole.ForegroundRole and index.row() in self.errors:
            return QBrush(QColor(theme.BAD))
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() not in EDITABLE:
            return False
        line = self.lines[index.row()]
        text = str(value or "").strip()
        try:
            if index.column() == Col.QUANTITY:
                line.quantity = parse_decimal(text) if text else ZERO
            else:
                line.credit_price = (
                    int(parse_decimal(text.removeprefix("Rp"), places=0)) if text else None
                )
        except ParseError as exc:
            self.errors[index.row()] = str(exc)
        else:
            self.errors.pop(index.row(), None)
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(Col) - 1))
        self.edited.emit()
        return True


class CreditNoteDialog(QDialog):
    """The invoice's lines with what to credit; issues the credit note at once."""

    def __init__(
        self, ctx: AppContext, invoice_id: int, data: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice_id = invoice_id
        self.data = data  # the invoice's frozen data (invoice_printing.invoice_data)
        self.result_ = None
        self.setWindowTitle(_("Credit note for {number}").format(number=data.number))
        self.setMinimumSize(860, 480)
        geometry.fit_to_screen(self, 1040, 620)
        layout = QVBoxLayout(self)
        heading = QLabel(_("Credit note for {number}").format(number=data.number))
        heading.setObjectName("pageTitle")
        layout.addWidget(heading)
        sub = QLabel(f"{data.supplier.name}  →  {data.hotel.name}")
        sub.setObjectName("pageSubtitle")
        layout.addWidget(sub)
        hint = QLabel(
            _(
                "Type the quantity given back or charged wrongly; for a price charged "
                "too high, also type the difference to credit per unit."
            )
        )
        hint.setWordWrap(True)
        layout.addWidget(hint)
        lines = [
            CreditLine(
                x.invoice_line_id,
                format_date(x.delivery_date),
                x.delivery_number,
                x.product_name,
                x.unit,
                x.quantity,
                x.unit_price,
            )
            for x in data.lines
        ]
        self.model = CreditLinesModel(lines, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Col.PRODUCT, QHeaderView.ResizeMode.Stretch)
        for col, width in (
            (Col.DATE, 90),
            (Col.NOTE, 130),
            (Col.UNIT, 72),
            (Col.INVOICED, 80),
            (Col.PRICE, 100),
            (Col.QUANTITY, 115),
            (Col.CREDIT_PRICE, 115),
            (Col.AMOUNT, 110),
        ):
            self.table.setColumnWidth(col, width)
        layout.addWidget(self.table, 1)
        if any(x.invoice_line_id is None for x in lines):
            missing = QLabel(_("Some lines cannot be credited from here."))
            missing.setObjectName("banner")
            layout.addWidget(missing)

        form = QFormLayout()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Why the invoice is corrected (required)"))
        self.issue_date = DateEdit(clock.today())
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Credit note date"), self.issue_date)
        layout.addLayout(form)
        self.totals = QLabel()
        self.totals.setStyleSheet("font-weight: 600; font-size: 11pt;")
        layout.addWidget(self.totals)
        self.problems = QLabel()
        self.problems.setObjectName("fieldError")
        self.problems.setWordWrap(True)
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Issue credit note"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setIcon(theme.icon("file-undo-outline", "#ffffff"))
        self.ok.setProperty("primary", True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.issue)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        try:
            self._org = load_settings(ctx.db)
        except Exception:  # the preview falls back to the subtotal; issuing computes for real
            self._org = None
        self.model.edited.connect(self.validate)
        self.reason.textChanged.connect(lambda _t: self.validate())
        self.validate()

    def chosen(self) -> list[CreditLineInput]:
        return [
            CreditLineInput(x.invoice_line_id, x.quantity, x.credit_price)
            for x in self.model.lines
            if x.invoice_line_id is not None and x.quantity > 0
        ]

    def messages(self) -> list[str]:
        found = list(self.model.errors.values())
        for x in self.model.lines:
            if x.quantity > x.invoiced:
                found.append(
                    _("{product}: at most {left} can still be credited.").format(
                        product=x.product, left=format_qty(x.invoiced)
                    )
                )
            if x.credit_price is not None and not 0 <= x.credit_price <= x.price:
                found.append(
                    _("{product}: the credited price cannot exceed the invoiced {price}.").format(
                        product=x.product, price=format_rupiah(x.price)
                    )
                )
        if not self.chosen():
            found.append(_("Choose at least one invoice line to credit."))
        if not self.reason.text().strip():
            found.append(_("Say why the invoice is corrected."))
        return found

    def validate(self) -> None:
        subtotal = sum(x.amount for x in self.model.lines)
        if self._org is not None:
            t = compute_totals(subtotal, is_pkp=self.data.supplier_is_pkp, org=self._org)
            self.totals.setText(
                _("Subtotal {subtotal} · PPN {ppn} · credit note total {total}").format(
                    subtotal=format_rupiah(t.subtotal),
                    ppn=format_rupiah(t.ppn),
                    total=format_rupiah(t.total),
                )
            )
        else:
            self.totals.setText(format_rupiah(subtotal))
        found = self.messages()
        self.problems.setText("\n".join(found))
        self.ok.setEnabled(not found)

    def issue(self) -> None:
        if self.messages():
            return
        try:
            result = issue_credit_note(
                self.ctx.db,
                invoice_id=self.invoice_id,
                lines=self.chosen(),
                reason=self.reason.text(),
                issue_date=self.issue_date.value(),
            )
        except ValidationError as exc:
            self.problems.setText(exc.message)
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.result_ = result
        self.ctx.notify(
            "invoice",
            _("Credit note {number} issued: {total}.").format(
                number=result.number, total=format_rupiah(result.total)
            ),
        )
        self.accept()
