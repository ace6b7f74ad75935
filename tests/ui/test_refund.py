"""A credit note after full payment, as the clerk sees it: the invoice says money is owed
back, its credit note is listed, and the refund is recorded from the same dialog."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hotel_supply.models.enums import InvoiceKind, PaymentMethod
from hotel_supply.services import credit_notes, payments
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.invoice_printing import invoice_data
from hotel_supply.services.invoicing import generate_drafts, issue_invoices
from hotel_supply.ui.dialogs import payment as payment_dialog
from hotel_supply.ui.dialogs.invoice import InvoiceDialog, find_row
from hotel_supply.ui.dialogs.payment import PaymentDialog
from tests.ui.test_month_end import ctx  # noqa: F401


def test_an_overpaid_invoice_offers_the_refund(qtbot, ctx, monkeypatch):  # noqa: F811
    db = ctx.db
    drafts = generate_drafts(db, year=2026, month=10)
    issued, _refused = issue_invoices(db, invoice_ids=list(drafts.invoice_ids),
                                      issue_date=dt.date(2026, 11, 1))
    chips = next(r for r in issued if r.total == 15 * 12_000)
    payments.record_payment(db, invoice_id=chips.invoice_id, paid_on=dt.date(2026, 11, 2),
                            amount=chips.total, method=PaymentMethod.TRANSFER)
    line = invoice_data(db, invoice_id=chips.invoice_id).lines[0]
    note = credit_notes.issue_credit_note(
        db, invoice_id=chips.invoice_id, reason="rusak", issue_date=dt.date(2026, 11, 3),
        lines=[CreditLineInput(invoice_line_id=line.invoice_line_id, quantity=Decimal(2))])
    assert note.total == 24_000

    row = find_row(ctx, chips.invoice_id, chips.number, InvoiceKind.INVOICE)
    dialog = InvoiceDialog(ctx, chips.invoice_id, row)
    qtbot.addWidget(dialog)
    dialog.load()
    assert dialog.status_label.text() == "Lebih bayar: perlu dikembalikan"
    assert dialog.sum_labels["outstanding"].text() == "-Rp24.000"
    assert dialog.credits_model.total == 1  # the credit note is listed under its invoice
    assert dialog.pay_button.isEnabled()
    assert dialog.pay_button.text() == "Catat pengembalian dana…"

    monkeypatch.setattr(payment_dialog, "confirm", lambda *a, **k: False)  # no print now
    refund = PaymentDialog(ctx, dialog.row, refund=True)
    qtbot.addWidget(refund)
    assert refund.amount.text() == "Rp24.000" and refund.ok.isEnabled()
    refund.amount.setText("Rp25.000")
    assert not refund.ok.isEnabled()  # never more than is owed back
    refund.amount.setText("Rp24.000")
    refund.save()
    assert refund.result_ is not None and refund.result_.number.startswith("RF/2026/")

    dialog.load()
    assert dialog.status_label.text() == "Lunas"
    assert dialog.sum_labels["outstanding"].text() == "Rp0"
    assert not dialog.pay_button.isEnabled()
