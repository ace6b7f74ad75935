"""Record money received against an issued invoice, or money paid back to the hotel when
credit notes left it overpaid; then offer its receipt (kuitansi)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models.enums import PaymentMethod, label
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.invoice_balances import InvoiceRow
from hotel_supply.services.payments import (
    METERAI_ABOVE,
    PaymentResult,
    record_payment,
    record_refund,
    validate_payment,
    validate_refund,
)
from hotel_supply.ui import theme
from hotel_supply.ui.context import AppContext
from hotel_supply.ui.widgets import DateEdit, MoneyEdit, confirm, show_error


def _field_error() -> QLabel:
    error = QLabel()
    error.setObjectName("fieldError")
    error.setWordWrap(True)
    error.hide()
    return error


class PaymentDialog(QDialog):
    """Date (today), amount (what is still owed, or with ``refund`` what is owed back to the
    hotel), method and reference of one payment or refund."""

    def __init__(self, ctx: AppContext, invoice: InvoiceRow, parent: QWidget | None = None,
                 *, refund: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.invoice = invoice
        self.refund = refund
        self.result_: PaymentResult | None = None
        self.setWindowTitle(_("Record refund") if refund else _("Record payment"))
        self.setMinimumWidth(580)
        layout = QVBoxLayout(self)
        heading = QLabel(f"{invoice.number} — {invoice.supplier_name}  →  {invoice.hotel_name}")
        heading.setStyleSheet("font-weight: 600; font-size: 11pt;")
        heading.setWordWrap(True)
        layout.addWidget(heading)
        if refund:
            summary = _(
                "Total {total} · credited {credited} · paid {paid} · owed back to the hotel "
                "{overpaid}"
            )
        else:
            summary = _(
                "Total {total} · credited {credited} · paid {paid} · still owed {outstanding}"
            )
        owed = QLabel(
            summary.format(
                total=format_rupiah(invoice.total),
                credited=format_rupiah(invoice.credited),
                paid=format_rupiah(invoice.paid),
                outstanding=format_rupiah(invoice.outstanding),
                overpaid=format_rupiah(-invoice.outstanding),
            )
        )
        owed.setObjectName("pageSubtitle")
        owed.setWordWrap(True)
        layout.addWidget(owed)

        form = QFormLayout()
        self.paid_on = DateEdit(clock.today())
        self.paid_on_error = _field_error()
        self.amount = MoneyEdit()
        owed_now = -invoice.outstanding if refund else invoice.outstanding
        self.amount.setText(format_rupiah(max(owed_now, 0)))
        self.amount_error = _field_error()
        self.meterai = QLabel(
            _("Above {limit}: the receipt gets a box for the Rp10.000 meterai.").format(
                limit=format_rupiah(METERAI_ABOVE)
            )
        )
        self.meterai.setObjectName("pageSubtitle")
        self.meterai.setWordWrap(True)
        self.method = QComboBox()
        for method in PaymentMethod:
            self.method.addItem(label(method), method)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText(_("Transfer reference, giro number…"))
        self.notes = QLineEdit()
        form.addRow(_("Paid back on") if refund else _("Paid on"), self.paid_on)
        form.addRow("", self.paid_on_error)
        form.addRow(_("Amount"), self.amount)
        form.addRow("", self.amount_error)
        form.addRow("", self.meterai)
        form.addRow(_("Method"), self.method)
        form.addRow(_("Reference"), self.reference)
        form.addRow(_("Notes"), self.notes)
        layout.addLayout(form)

        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(
            _("Record refund") if refund else _("Record payment"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.ok.setIcon(theme.icon("cash-check", "#ffffff"))
        self.ok.setProperty("primary", True)
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.amount.textChanged.connect(lambda _t: self.validate())
        self.paid_on.dateChanged.connect(lambda _d: self.validate())
        self.validate()

    def problems(self) -> dict[str, list[str]]:
        amount = self.amount.amount()
        if amount is None:
            return {"amount": [self.amount.error() or _("Type the amount received.")]}
        if self.refund:
            return validate_refund(
                amount=amount,
                paid_on=self.paid_on.value(),
                issue_date=self.invoice.issue_date,
                overpaid=-self.invoice.outstanding,
            )
        return validate_payment(
            amount=amount,
            paid_on=self.paid_on.value(),
            issue_date=self.invoice.issue_date,
            outstanding=self.invoice.outstanding,
        )

    def validate(self) -> bool:
        problems = self.problems()
        for key, widget, error in (
            ("amount", self.amount, self.amount_error),
            ("paid_on", self.paid_on, self.paid_on_error),
        ):
            text = " ".join(problems.get(key, []))
            error.setText(text)
            error.setVisible(bool(text))
            widget.setProperty("invalid", bool(text))
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        amount = self.amount.amount() or 0
        self.meterai.setVisible(amount > METERAI_ABOVE)
        self.ok.setEnabled(not problems)
        return not problems

    def save(self) -> None:
        if not self.validate():
            return
        amount = self.amount.amount()
        assert amount is not None
        try:
            record = record_refund if self.refund else record_payment
            result = record(
                self.ctx.db,
                invoice_id=self.invoice.id,
                paid_on=self.paid_on.value(),
                amount=amount,
                method=PaymentMethod(self.method.currentData()),
                reference=self.reference.text(),
                notes=self.notes.text(),
            )
        except ValidationError as exc:
            self.amount_error.setText(exc.message)
            self.amount_error.show()
            return
        except Exception as exc:
            show_error(self, exc)
            return
        self.result_ = result
        if self.refund:
            message = _("Refund {number} recorded: nothing more is owed back on {invoice}.")
            if not result.paid_in_full:
                message = _("Refund {number} recorded: {owed_back} still owed back on {invoice}.")
        elif result.paid_in_full:
            message = _("Payment {number} recorded: {invoice} is paid in full.")
        else:
            message = _("Payment {number} recorded: {outstanding} still owed on {invoice}.")
        self.ctx.notify(
            "invoice",
            message.format(
                number=result.number,
                invoice=self.invoice.number,
                outstanding=format_rupiah(result.outstanding_after),
                owed_back=format_rupiah(-result.outstanding_after),
            ),
        )
        self.accept()
        if confirm(
            self.parentWidget(),
            _("Print receipt {number} ({date}) now?").format(
                number=result.number, date=format_date(self.paid_on.value())
            ),
            yes=_("Print…"),
        ):
            from hotel_supply.ui.dialogs.month_print import preview_receipt

            preview_receipt(self.ctx, result.payment_id, parent=self.parentWidget())
