"""The supplier statement of account, from real deliveries, invoices, credit notes,
payments and a refund: it adds up on its face, its ageing adds up to its closing
balance, and one month's closing balance is the next month's opening balance.

Every expected figure is worked out here from the raw quantities and prices.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.statement_data import CREDIT_NOTE, INVOICE, PAYMENT, REFUND
from hotel_supply.documents.supplier_statement import render_supplier_statement
from hotel_supply.formatting import format_rupiah
from hotel_supply.models import Invoice, InvoiceLine, Payment
from hotel_supply.models.enums import InvoiceStatus, PaymentMethod, RejectionReason, Unit
from hotel_supply.services import credit_notes, deliveries, invoicing, payments, settings
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import NotFound
from hotel_supply.services.statement import ageing_bucket, supplier_statement_data
from tests.factories import make_hotel, make_price, make_product, make_supplier

D = dt.date
PRICE_EMERSIA = 20_000
PRICE_RANDU = 30_000


def with_ppn(subtotal: int) -> int:
    """SPEC rule 8: DPP 11/12 of the subtotal, half-up; PPN 12% of the DPP, half-up."""
    base = (Decimal(subtotal) * 11 / 12).quantize(Decimal(1), ROUND_HALF_UP)
    return subtotal + int((base * 12 / 100).quantize(Decimal(1), ROUND_HALF_UP))


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def receive(
    db: Database, hotel: int, supplier: int, product: int, day: dt.date, qty: int, accepted: int
) -> int:
    delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
    rejected = qty - accepted
    deliveries.post_delivery(
        db,
        delivery_id=delivery_id,
        data=DeliveryInput(
            delivery_date=day,
            lines=[
                LineInput(
                    product_id=product,
                    delivered=Decimal(qty),
                    accepted=Decimal(accepted),
                    rejected=Decimal(rejected),
                    rejection_reason=RejectionReason.DAMAGED if rejected else None,
                )
            ],
        ),
    )
    return delivery_id


def issue(db: Database, *, year: int, month: int, hotel: int, on: dt.date) -> dict[int, int]:
    """Issue the hotel's drafts of the month on ``on``: {total: invoice id}."""
    drafts = invoicing.generate_drafts(db, year=year, month=month, hotel_id=hotel)
    issued, refused = invoicing.issue_invoices(
        db, invoice_ids=list(drafts.invoice_ids), issue_date=on
    )
    assert not refused
    return {r.total: r.invoice_id for r in issued}


def pay(db: Database, invoice_id: int, day: dt.date, amount: int, reference: str = "") -> None:
    payments.record_payment(
        db,
        invoice_id=invoice_id,
        paid_on=day,
        amount=amount,
        method=PaymentMethod.TRANSFER,
        reference=reference,
    )


def refund(db: Database, invoice_id: int, day: dt.date, amount: int, number: str) -> None:
    """Money paid back to the hotel: a payment row with a negative amount (series RF)."""
    with db.unit_of_work(anyone=True) as session:
        session.add(
            Payment(
                number=number,
                invoice_id=invoice_id,
                paid_on=day,
                amount=-amount,
                method=PaymentMethod.TRANSFER,
                reference="",
                created_by="test",
            )
        )


# Expected totals, from the raw quantities and prices.
J = with_ppn(5 * PRICE_EMERSIA)  # June, Emersia, never paid
A = with_ppn(10 * PRICE_EMERSIA)  # September, Emersia
B = with_ppn(5 * PRICE_RANDU)  # September, Bukit Randu
CN = with_ppn(2 * PRICE_EMERSIA)  # October credit note on A: 2 pcs
C = with_ppn(8 * PRICE_EMERSIA)  # October, Emersia, issued 31 October
REFUNDED = 30_000


@pytest.fixture
def boga(db: Database) -> dict[str, int]:
    """CV Boga Nyambai (PKP) delivering to two hotels from June to October 2026, with a
    competitor's invoice in the same hotel that must never show on its statement."""
    settings.save_settings(
        db,
        settings=settings.OrganisationSettings(name="Dinas Koperasi dan UKM Kota Bandar Lampung"),
    )
    supplier = make_supplier(
        db, name="CV Boga Nyambai", is_pkp=True, bank_name="Bank Lampung", bank_account_no="123"
    )
    other = make_supplier(db, name="UD Lain")
    emersia = make_hotel(db, name="Emersia Hotel", payment_terms_days=30)
    randu = make_hotel(db, name="Bukit Randu", payment_terms_days=14)
    kue = make_product(db, supplier, name="Kue Lapis", unit=Unit.PCS)
    other_product = make_product(db, other, name="Keripik")
    make_price(db, hotel_id=emersia, product_id=kue, price=PRICE_EMERSIA)
    make_price(db, hotel_id=randu, product_id=kue, price=PRICE_RANDU)
    make_price(db, hotel_id=emersia, product_id=other_product, price=10_000)

    receive(db, emersia, supplier, kue, D(2026, 6, 10), 5, 5)
    ids = issue(db, year=2026, month=6, hotel=emersia, on=D(2026, 6, 30))
    j = ids[J]
    # August: an invoice issued, then cancelled: it never counts.
    receive(db, randu, supplier, kue, D(2026, 8, 20), 1, 1)
    cancelled = issue(db, year=2026, month=8, hotel=randu, on=D(2026, 8, 31))[with_ppn(PRICE_RANDU)]
    with db.unit_of_work(anyone=True) as session:
        session.execute(
            update(Invoice)
            .where(Invoice.id == cancelled)
            .values(status=InvoiceStatus.CANCELLED, cancel_reason="wrong hotel")
        )

    receive(db, emersia, supplier, kue, D(2026, 9, 5), 10, 10)
    receive(db, emersia, other, other_product, D(2026, 9, 6), 3, 3)
    receive(db, randu, supplier, kue, D(2026, 9, 10), 5, 5)
    ids = issue(db, year=2026, month=9, hotel=emersia, on=D(2026, 9, 30))
    a, other_invoice = ids[A], ids[30_000]
    b = issue(db, year=2026, month=9, hotel=randu, on=D(2026, 9, 30))[B]
    pay(db, a, D(2026, 9, 30), 100_000)

    pay(db, other_invoice, D(2026, 10, 2), 30_000)  # the competitor's: not on the statement
    pay(db, b, D(2026, 10, 3), 50_000, reference="TRX-B1")
    pay(db, a, D(2026, 10, 5), A - 100_000, reference="TRX-A2")
    receive(db, emersia, supplier, kue, D(2026, 10, 6), 8, 8)
    receive(db, randu, supplier, kue, D(2026, 10, 8), 5, 0)  # rejected in full
    gone = receive(db, randu, supplier, kue, D(2026, 10, 9), 2, 2)
    deliveries.cancel_delivery(db, delivery_id=gone, reason="entered twice")
    with db.reader() as session:
        line_id = session.scalars(select(InvoiceLine.id).where(InvoiceLine.invoice_id == a)).one()
    credit_notes.issue_credit_note(
        db,
        invoice_id=a,
        lines=[CreditLineInput(invoice_line_id=line_id, quantity=Decimal(2))],
        reason="2 pcs damaged",
        issue_date=D(2026, 10, 10),
    )
    refund(db, a, D(2026, 10, 20), REFUNDED, "RF/2026/00001")
    receive(db, randu, supplier, kue, D(2026, 10, 28), 1, 1)  # not invoiced: a draft only
    c = issue(db, year=2026, month=10, hotel=emersia, on=D(2026, 10, 31))[C]
    invoicing.generate_drafts(db, year=2026, month=10, hotel_id=randu)
    return {"supplier": supplier, "a": a, "b": b, "c": c, "j": j}


def test_the_statement_adds_up_from_the_opening_balance_to_the_closing_balance(db, boga):
    data = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=10, as_of=D(2026, 12, 15)
    )
    assert data.as_of == D(2026, 10, 31) and data.period_start == D(2026, 10, 1)
    opening = J + A + B - 100_000
    assert data.opening_balance == opening

    expected = [
        (PAYMENT, D(2026, 10, 3), "Bukit Randu", -50_000),
        (PAYMENT, D(2026, 10, 5), "Emersia Hotel", -(A - 100_000)),
        (CREDIT_NOTE, D(2026, 10, 10), "Emersia Hotel", -CN),
        (REFUND, D(2026, 10, 20), "Emersia Hotel", +REFUNDED),
        (INVOICE, D(2026, 10, 31), "Emersia Hotel", +C),
    ]
    assert [(e.kind, e.day, e.hotel_name) for e in data.entries] == [x[:3] for x in expected]
    running = opening
    for entry, (_kind, _day, _hotel, signed) in zip(data.entries, expected, strict=True):
        running += signed
        assert entry.amount == abs(signed) and entry.balance == running
    numbers = [e.number for e in data.entries]
    assert numbers[3] == "RF/2026/00001" and all(numbers)
    assert {e.invoice_number for e in data.entries[1:4]} == {_number(db, boga["a"])}
    assert data.entries[4].invoice_number == "" and data.entries[4].due_date == D(2026, 11, 30)

    received = 50_000 + (A - 100_000)
    assert (data.invoiced, data.credited, data.received, data.refunded) == (
        C,
        CN,
        received,
        REFUNDED,
    )
    closing = opening + C - CN - received + REFUNDED
    assert data.closing_balance == closing == running


def test_the_ageing_of_the_open_invoices_adds_up_to_the_closing_balance(db, boga):
    data = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=10, as_of=D(2026, 10, 31)
    )
    overpaid = A - CN - (100_000 + (A - 100_000) - REFUNDED)  # below zero: owed back
    assert overpaid == REFUNDED - CN < 0
    ageing = data.ageing
    assert ageing.not_due == C  # due 30 November
    assert ageing.days_1_30 == B - 50_000  # due 14 October: 17 days late
    assert ageing.days_31_60 == 0 and ageing.days_61_90 == 0
    assert ageing.over_90 == J  # due 30 July: 93 days late
    assert ageing.credit == overpaid
    assert ageing.total == data.closing_balance == J + (B - 50_000) + overpaid + C

    rows = {o.number: o for o in data.open_invoices}
    assert [o.number for o in data.open_invoices] == [
        _number(db, boga[k]) for k in ("j", "a", "b", "c")
    ]
    a = rows[_number(db, boga["a"])]
    assert (a.total, a.credited, a.paid, a.open) == (A, CN, A - REFUNDED, overpaid)
    assert a.overpaid
    b = rows[_number(db, boga["b"])]
    assert (b.open, b.days_overdue, b.hotel_name) == (B - 50_000, 17, "Bukit Randu")
    assert rows[_number(db, boga["j"])].days_overdue == 93
    assert rows[_number(db, boga["c"])].days_overdue == -30


def test_next_months_opening_balance_is_this_months_closing_balance(db, boga):
    october = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=10, as_of=D(2026, 11, 30)
    )
    pay(db, boga["c"], D(2026, 11, 12), C, reference="TRX-C")
    november = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=11, as_of=D(2026, 11, 30)
    )
    assert november.opening_balance == october.closing_balance
    assert [(e.kind, e.amount) for e in november.entries] == [(PAYMENT, C)]
    assert november.closing_balance == october.closing_balance - C == november.ageing.total
    assert november.deliveries == ()
    # The October statement printed again later is the same statement.
    again = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=10, as_of=D(2026, 12, 31)
    )
    assert again.entries == october.entries and again.ageing == october.ageing


def test_a_month_not_ended_yet_is_made_up_to_today(db, boga):
    pay(db, boga["c"], D(2026, 11, 12), 100_000)
    pay(db, boga["c"], D(2026, 11, 20), 50_000)
    clock.set_clock(lambda: dt.datetime(2026, 11, 15, 10, 0))
    november = supplier_statement_data(db, supplier_id=boga["supplier"], year=2026, month=11)
    assert november.as_of == D(2026, 11, 15)
    assert [e.amount for e in november.entries] == [100_000]  # nothing after today counts
    assert november.closing_balance == november.opening_balance - 100_000


def test_deliveries_rejected_in_full_or_cancelled_are_never_awaiting_an_invoice(db, boga):
    data = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=10, as_of=D(2026, 10, 31)
    )
    seen = [(d.delivery_date.day, d.status, d.accepted_value) for d in data.deliveries]
    assert seen == [
        (6, "invoiced", 8 * PRICE_EMERSIA),
        (8, "rejected", 0),
        (9, "cancelled", 0),
        (28, "posted", PRICE_RANDU),
    ]
    assert data.deliveries[0].invoice_number == _number(db, boga["c"])
    assert [d.awaiting_invoice for d in data.deliveries] == [False, False, False, True]
    assert data.delivered_value == 8 * PRICE_EMERSIA + PRICE_RANDU
    assert data.awaiting_invoice_value == PRICE_RANDU
    # Made up to 30 October, the invoice of 31 October does not bill it yet.
    early = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=10, as_of=D(2026, 10, 30)
    )
    assert early.deliveries[0].invoice_number == ""
    assert early.awaiting_invoice_value == 8 * PRICE_EMERSIA + PRICE_RANDU


def test_the_printed_statement_shows_the_same_figures(db, boga):
    data = supplier_statement_data(
        db, supplier_id=boga["supplier"], year=2026, month=10, as_of=D(2026, 10, 31)
    )
    text = pdf_text(render_supplier_statement(data))
    flat = re.sub(r"\s+", " ", text)
    opening = J + A + B - 100_000
    received = 50_000 + (A - 100_000)
    closing = opening + C - CN - received + REFUNDED
    for figure in (opening, C, CN, received, REFUNDED, closing, REFUNDED - CN, J, B - 50_000):
        assert format_rupiah(figure) in text, figure
    assert "Ditolak seluruhnya" in flat and "Dibatalkan" in flat
    assert "RF/2026/00001" in text and "TRX-A2" in text
    assert "UD Lain" not in text
    assert "termasuk PPN" in flat


def test_the_ageing_buckets_follow_the_days_past_due():
    days = [-5, 0, 1, 30, 31, 60, 61, 90, 91, 400]
    assert [ageing_bucket(d) for d in days] == [
        "not_due",
        "not_due",
        "days_1_30",
        "days_1_30",
        "days_31_60",
        "days_31_60",
        "days_61_90",
        "days_61_90",
        "over_90",
        "over_90",
    ]


def test_a_missing_supplier_raises_not_found(db):
    with pytest.raises(NotFound):
        supplier_statement_data(db, supplier_id=999, year=2026, month=10)


def _number(db: Database, invoice_id: int) -> str:
    with db.reader() as session:
        invoice = session.get(Invoice, invoice_id)
        assert invoice is not None and invoice.number
        return invoice.number
