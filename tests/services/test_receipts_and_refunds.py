"""The kuitansi prints the invoice's whole account up to its payment, and a credit note
after full payment leaves money owed back to the hotel until a refund is recorded.

Every expected figure is the test's own arithmetic from the invoice it builds."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from hotel_supply.documents.payment_receipt import render_payment_receipt
from hotel_supply.models.enums import PaymentMethod
from hotel_supply.services import credit_notes, payments
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.invoice_balances import (
    InvoiceQuery,
    PaymentState,
    invoice_rows,
)
from hotel_supply.services.invoice_printing import invoice_data, payment_receipt_data
from tests.services.test_invoice_printing import issue_month, pdf_text, w  # noqa: F401

COFFEE_TOTAL = 1_748_250  # 17,5 kg × Rp90.000 = 1.575.000; DPP 1.443.750; PPN 173.250
# Half a kilo credited: 45.000; DPP round(45.000 × 11/12) = 41.250; PPN 12% = 4.950.
CREDIT_TOTAL = 45_000 + 4_950


def _dump(name: str, pdf: bytes) -> None:
    folder = os.environ.get("HOTEL_SUPPLY_TEST_DUMP")
    if folder:
        Path(folder, name).write_bytes(pdf)


def _credit_half_a_kilo(db, invoice_id: int, day: dt.date) -> str:
    data = invoice_data(db, invoice_id=invoice_id)
    first = data.lines[0]
    note = credit_notes.issue_credit_note(
        db,
        invoice_id=invoice_id,
        lines=[CreditLineInput(invoice_line_id=first.invoice_line_id, quantity=Decimal("0.5"))],
        reason="Setengah kilo basah",
        issue_date=day,
    )
    assert note.total == CREDIT_TOTAL
    return note.number


def _row(db, invoice_id: int):
    return next(
        r
        for r in invoice_rows(db, query=InvoiceQuery(today=dt.date(2026, 12, 20)), limit=500)
        if r.id == invoice_id
    )


def test_the_kuitansi_shows_the_credit_note_and_the_earlier_payment(db, w):  # noqa: F811
    ids = issue_month(db, w)
    inv = ids["coffee_inv"]
    nk = _credit_half_a_kilo(db, inv, dt.date(2026, 12, 5))
    first = payments.record_payment(
        db, invoice_id=inv, paid_on=dt.date(2026, 12, 10), amount=500_000,
        method=PaymentMethod.TRANSFER,
    )
    rest_amount = COFFEE_TOTAL - CREDIT_TOTAL - 500_000
    rest = payments.record_payment(
        db, invoice_id=inv, paid_on=dt.date(2026, 12, 11), amount=rest_amount,
        method=PaymentMethod.TRANSFER,
    )
    data = payment_receipt_data(db, payment_id=rest.payment_id)
    assert [(e.kind, e.number, e.amount) for e in data.history] == [
        ("invoice", data.invoice_number, COFFEE_TOTAL),
        ("credit_note", nk, -CREDIT_TOTAL),
        ("payment", first.number, -500_000),
    ]
    # On its face: the lines and this payment add up to what remains.
    assert sum(e.amount for e in data.history) - data.amount == data.outstanding_after == 0
    assert data.paid_in_full and data.amount == rest_amount
    pdf = render_payment_receipt(data)
    _dump("kuitansi-after-credit.pdf", pdf)
    text = pdf_text(pdf)
    for figure in ("Rp1.748.250", "-Rp49.950", "-Rp500.000", "-Rp1.198.300", "LUNAS"):
        assert figure in text, figure
    assert nk in text and first.number in text and data.invoice_number in text

    # The first receipt knows only what came before it: the credit note, not the later payment.
    early = payment_receipt_data(db, payment_id=first.payment_id)
    assert [e.kind for e in early.history] == ["invoice", "credit_note"]
    assert early.outstanding_after == COFFEE_TOTAL - CREDIT_TOTAL - 500_000
    early_text = pdf_text(render_payment_receipt(early))
    assert "LUNAS" not in early_text and "Rp1.198.300" in early_text
    assert rest.number not in early_text


def test_a_credit_note_after_full_payment_is_owed_back_until_refunded(db, w):  # noqa: F811
    ids = issue_month(db, w)
    inv = ids["coffee_inv"]
    payments.record_payment(
        db, invoice_id=inv, paid_on=dt.date(2026, 12, 10), amount=COFFEE_TOTAL,
        method=PaymentMethod.TRANSFER,
    )
    _credit_half_a_kilo(db, inv, dt.date(2026, 12, 12))
    row = _row(db, inv)
    assert row.outstanding == -CREDIT_TOTAL and row.state == PaymentState.OVERPAID
    overpaid = invoice_rows(
        db, query=InvoiceQuery(state=PaymentState.OVERPAID, today=dt.date(2026, 12, 20))
    )
    assert [r.id for r in overpaid] == [inv]

    with pytest.raises(ValidationError):  # nothing more can be received
        payments.record_payment(
            db, invoice_id=inv, paid_on=dt.date(2026, 12, 13), amount=1,
            method=PaymentMethod.CASH,
        )
    with pytest.raises(ValidationError):  # never more than is owed back
        payments.record_refund(
            db, invoice_id=inv, paid_on=dt.date(2026, 12, 13), amount=CREDIT_TOTAL + 1,
            method=PaymentMethod.TRANSFER,
        )
    refund = payments.record_refund(
        db, invoice_id=inv, paid_on=dt.date(2026, 12, 14), amount=CREDIT_TOTAL,
        method=PaymentMethod.TRANSFER, reference="TRF-BALIK",
    )
    assert refund.number.startswith("RF/2026/") and refund.paid_in_full
    row = _row(db, inv)
    assert row.outstanding == 0 and row.state == PaymentState.PAID
    with pytest.raises(ValidationError):  # settled: nothing left to refund
        payments.record_refund(
            db, invoice_id=inv, paid_on=dt.date(2026, 12, 15), amount=1,
            method=PaymentMethod.TRANSFER,
        )

    data = payment_receipt_data(db, payment_id=refund.payment_id)
    assert data.is_refund and data.amount == CREDIT_TOTAL
    assert [e.amount for e in data.history] == [COFFEE_TOTAL, -COFFEE_TOTAL, -CREDIT_TOTAL]
    assert sum(e.amount for e in data.history) + data.amount == data.outstanding_after == 0
    pdf = render_payment_receipt(data)
    _dump("kuitansi-refund.pdf", pdf)
    text = pdf_text(pdf)
    assert "PENGEMBALIAN" in text.upper() and "+Rp49.950" in text and refund.number in text
    assert "PT Emersia Hotel & Resort" in text  # the hotel signs for the money it got back


def test_a_refund_needs_an_overpaid_invoice(db, w):  # noqa: F811
    ids = issue_month(db, w)
    with pytest.raises(ValidationError) as err:
        payments.record_refund(
            db, invoice_id=ids["coffee_inv"], paid_on=dt.date(2026, 12, 14), amount=1_000,
            method=PaymentMethod.TRANSFER,
        )
    assert "dikembalikan" in err.value.message.lower() or "owed back" in err.value.message
