"""What the month-end documents print, gathered from real deliveries, invoices, credit
notes and payments."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from pypdf import PdfReader

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.invoice import render_invoice
from hotel_supply.documents.payment_receipt import render_payment_receipt
from hotel_supply.models.enums import PaymentMethod, Unit
from hotel_supply.services import credit_notes, deliveries, invoicing, payments, settings, suppliers
from hotel_supply.services import settings as org_settings
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import NotFound
from hotel_supply.services.invoice_printing import (
    hotel_recap_data,
    invoice_data,
    payment_receipt_data,
)
from hotel_supply.services.statement import supplier_statement_data
from tests.factories import make_hotel, make_price, make_product, make_supplier

NOV = dt.date(2026, 11, 1)
ISSUED_ON = dt.date(2026, 12, 1)
ISSUED_AT = dt.datetime(2026, 12, 1, 9, 30)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def w(db: Database) -> dict[str, int]:
    """A PKP coffee roaster and a non-PKP baker, both delivering to one hotel."""
    settings.save_settings(
        db,
        settings=settings.OrganisationSettings(name="Dinas Koperasi dan UKM Kota Bandar Lampung"),
    )
    kopi = make_supplier(
        db,
        name="CV Kopi Sinar Lampung",
        is_pkp=True,
        bank_name="Bank Lampung",
        bank_account_no="380.01.02.12345",
        bank_account_name="CV Kopi Sinar",
    )
    roti = make_supplier(db, name="UD Roti <b>Pandan</b> & Co")
    hotel = make_hotel(db, name="Emersia Hotel", billing_name="PT Emersia Hotel & Resort")
    coffee = make_product(db, kopi, name="Kopi Bubuk Robusta", unit=Unit.KG)
    bread = make_product(db, roti, name="Roti Sobek Pandan")
    make_price(db, hotel_id=hotel, product_id=coffee, price=90_000)
    make_price(db, hotel_id=hotel, product_id=bread, price=12_000)
    return {"kopi": kopi, "roti": roti, "hotel": hotel, "coffee": coffee, "bread": bread}


def receive(db: Database, w: dict[str, int], product: str, qty: str, day: dt.date) -> None:
    supplier = "kopi" if product == "coffee" else "roti"
    delivery_id = deliveries.new_delivery(db, hotel_id=w["hotel"], supplier_id=w[supplier], day=day)
    q = Decimal(qty)
    deliveries.post_delivery(
        db,
        delivery_id=delivery_id,
        data=DeliveryInput(
            delivery_date=day, lines=[LineInput(product_id=w[product], delivered=q, accepted=q)]
        ),
    )


def issue_month(db: Database, w: dict[str, int]) -> dict[str, int]:
    """Three coffee and two bread deliveries in November, invoiced on 1 December."""
    receive(db, w, "coffee", "5", NOV)  # Rp450.000
    receive(db, w, "bread", "20", NOV + dt.timedelta(days=1))  # Rp240.000
    receive(db, w, "coffee", "2.5", NOV + dt.timedelta(days=7))  # Rp225.000
    receive(db, w, "bread", "30", NOV + dt.timedelta(days=8))  # Rp360.000
    receive(db, w, "coffee", "10", NOV + dt.timedelta(days=14))  # Rp900.000
    drafts = invoicing.generate_drafts(db, year=2026, month=11)
    clock.set_clock(lambda: ISSUED_AT)
    issued, refused = invoicing.issue_invoices(
        db, invoice_ids=list(drafts.invoice_ids), issue_date=ISSUED_ON
    )
    clock.set_clock(None)
    assert not refused
    by_total = {r.total: r.invoice_id for r in issued}
    # coffee: 1.575.000, DPP 1.443.750, PPN 173.250 -> 1.748.250; bread: 600.000
    return {"coffee_inv": by_total[1_748_250], "bread_inv": by_total[600_000]}


def test_an_issued_invoice_prints_its_frozen_parties_lines_and_ppn(db, w):
    ids = issue_month(db, w)
    data = invoice_data(db, invoice_id=ids["coffee_inv"])
    assert data.kind == "invoice" and data.status == "issued" and data.number
    assert data.supplier.name == "CV Kopi Sinar Lampung" and data.supplier_is_pkp
    assert "380.01.02.12345" in data.supplier_bank
    assert data.hotel.name == "PT Emersia Hotel & Resort"
    assert [line.delivery_date for line in data.lines] == [
        NOV,
        NOV + dt.timedelta(days=7),
        NOV + dt.timedelta(days=14),
    ]
    assert all(line.delivery_number for line in data.lines)
    assert [line.unit for line in data.lines] == ["kg"] * 3
    assert (data.subtotal, data.tax_base, data.ppn, data.total) == (
        1_575_000,
        1_443_750,
        173_250,
        1_748_250,
    )
    assert data.tax_base_fraction == "11/12" and data.ppn_rate == Decimal(12)
    assert data.issue_date == ISSUED_ON and data.due_date == ISSUED_ON + dt.timedelta(days=30)
    assert data.printed_at == ISSUED_AT


def test_a_reprint_is_identical_after_the_supplier_changed(db, w):
    ids = issue_month(db, w)
    first = render_invoice(invoice_data(db, invoice_id=ids["coffee_inv"]))
    current = suppliers.get_supplier(db, w["kopi"])
    suppliers.update_supplier(
        db,
        supplier_id=w["kopi"],
        data=replace(
            current, name="PT Kopi Baru", address="Jl. Lain 9", bank_account_no="999", is_pkp=False
        ),
    )
    office = org_settings.load_settings(db)  # the programme office moves, too
    office.name, office.address = "Kantor Baru UMKM", "Jl. Baru 1"
    org_settings.save_settings(db, settings=office)
    clock.set_clock(lambda: dt.datetime(2027, 3, 3, 10, 0))
    again = render_invoice(invoice_data(db, invoice_id=ids["coffee_inv"]))
    assert again == first
    assert "PT Kopi Baru" not in pdf_text(again)
    assert "Kantor Baru UMKM" not in pdf_text(again)


def test_a_draft_shows_the_parties_as_they_are_now_and_no_number(db, w):
    receive(db, w, "bread", "10", NOV)
    drafts = invoicing.generate_drafts(db, year=2026, month=11)
    data = invoice_data(db, invoice_id=drafts.invoice_ids[0])
    assert data.is_draft and data.number == ""
    assert data.supplier.name == "UD Roti <b>Pandan</b> & Co"
    assert not data.supplier_is_pkp and data.ppn == 0 and data.total == 120_000


def test_a_credit_note_names_the_invoice_it_corrects_and_why(db, w):
    ids = issue_month(db, w)
    original = invoice_data(db, invoice_id=ids["bread_inv"])
    note = credit_notes.issue_credit_note(
        db,
        invoice_id=ids["bread_inv"],
        reason="Roti <basi> & berjamur",
        issue_date=dt.date(2026, 12, 5),
        lines=[
            credit_notes.CreditLineInput(
                invoice_line_id=_line_id(db, ids["bread_inv"]), quantity=Decimal(5)
            )
        ],
    )
    data = invoice_data(db, invoice_id=note.credit_note_id)
    assert data.is_credit_note and data.corrects_number == original.number
    assert data.corrects_issue_date == ISSUED_ON
    assert data.notes == "Roti <basi> & berjamur"
    assert data.total == 60_000 and len(data.lines) == 1


def _line_id(db: Database, invoice_id: int) -> int:
    from sqlalchemy import select

    from hotel_supply.models import InvoiceLine

    with db.reader() as session:
        return session.scalars(
            select(InvoiceLine.id)
            .where(InvoiceLine.invoice_id == invoice_id)
            .order_by(InvoiceLine.line_no)
        ).first()


def test_the_hotel_recap_lists_every_invoice_with_its_delivery_notes_and_balances(db, w):
    ids = issue_month(db, w)
    payments.record_payment(
        db,
        invoice_id=ids["bread_inv"],
        paid_on=dt.date(2026, 12, 10),
        amount=600_000,
        method=PaymentMethod.TRANSFER,
    )
    payments.record_payment(
        db,
        invoice_id=ids["coffee_inv"],
        paid_on=dt.date(2026, 12, 12),
        amount=1_000_000,
        method=PaymentMethod.CASH,
    )
    recap = hotel_recap_data(
        db, hotel_id=w["hotel"], year=2026, month=11, today=dt.date(2026, 12, 20)
    )
    assert [r.supplier_name for r in recap.invoices] == [
        "CV Kopi Sinar Lampung",
        "UD Roti <b>Pandan</b> & Co",
    ]
    coffee, bread = recap.invoices
    assert len(coffee.delivery_numbers) == 3 and len(bread.delivery_numbers) == 2
    assert (coffee.paid, coffee.outstanding, coffee.state) == (1_000_000, 748_250, "partly_paid")
    assert (bread.outstanding, bread.state) == (0, "paid")
    assert recap.totals.total == 2_348_250 and recap.totals.ppn == 173_250
    assert recap.totals.paid == 1_600_000 and recap.totals.outstanding == 748_250
    # Balances as they stood on an earlier day: no payment yet.
    before = hotel_recap_data(
        db, hotel_id=w["hotel"], year=2026, month=11, today=dt.date(2026, 12, 5)
    )
    assert before.totals.paid == 0 and before.totals.outstanding == 2_348_250


def test_the_supplier_statement_shows_deliveries_invoices_payments_and_what_is_owed(db, w):
    ids = issue_month(db, w)
    receive(db, w, "coffee", "1", dt.date(2026, 11, 30))  # after issuing: not invoiced yet
    payments.record_payment(
        db,
        invoice_id=ids["coffee_inv"],
        paid_on=dt.date(2026, 12, 10),
        amount=748_250,
        method=PaymentMethod.TRANSFER,
        reference="TRX-1",
    )
    data = supplier_statement_data(
        db, supplier_id=w["kopi"], year=2026, month=11, as_of=dt.date(2027, 1, 15)
    )
    # Made up to 30 November: the invoice of 1 December is not on it yet.
    assert data.as_of == dt.date(2026, 11, 30)
    assert [d.accepted_value for d in data.deliveries] == [450_000, 225_000, 900_000, 90_000]
    assert [d.awaiting_invoice for d in data.deliveries] == [True] * 4
    assert data.delivered_value == 1_665_000
    assert data.entries == () and data.closing_balance == 0 and data.open_invoices == ()
    december = supplier_statement_data(
        db, supplier_id=w["kopi"], year=2026, month=12, as_of=dt.date(2027, 1, 15)
    )
    assert [(e.kind, e.amount) for e in december.entries] == [
        ("invoice", 1_748_250),
        ("payment", 748_250),
    ]
    assert december.entries[1].reference == "TRX-1"
    assert december.opening_balance == data.closing_balance == 0
    assert december.closing_balance == 1_748_250 - 748_250 == december.ageing.not_due


def test_the_receipt_says_lunas_only_when_the_invoice_is_settled(db, w):
    ids = issue_month(db, w)
    part = payments.record_payment(
        db,
        invoice_id=ids["coffee_inv"],
        paid_on=dt.date(2026, 12, 10),
        amount=748_250,
        method=PaymentMethod.TRANSFER,
    )
    rest = payments.record_payment(
        db,
        invoice_id=ids["coffee_inv"],
        paid_on=dt.date(2026, 12, 11),
        amount=1_000_000,
        method=PaymentMethod.CASH,
    )
    first = payment_receipt_data(db, payment_id=part.payment_id)
    second = payment_receipt_data(db, payment_id=rest.payment_id)
    assert not first.paid_in_full and first.outstanding_after == 1_000_000
    assert second.paid_in_full and second.paid_before == 748_250
    assert second.payer == "PT Emersia Hotel & Resort"
    assert second.supplier_name == "CV Kopi Sinar Lampung"
    assert not second.needs_meterai
    assert "LUNAS" in pdf_text(render_payment_receipt(second))
    assert "LUNAS" not in pdf_text(render_payment_receipt(first))
    # A reprint is the same receipt.
    assert render_payment_receipt(
        payment_receipt_data(db, payment_id=rest.payment_id)
    ) == render_payment_receipt(second)


def test_a_receipt_above_five_million_needs_a_meterai(db, w):
    receive(db, w, "coffee", "60", NOV)  # Rp5.400.000 + PPN
    drafts = invoicing.generate_drafts(db, year=2026, month=11)
    issued, _refused = invoicing.issue_invoices(
        db, invoice_ids=list(drafts.invoice_ids), issue_date=ISSUED_ON
    )
    paid = payments.record_payment(
        db,
        invoice_id=issued[0].invoice_id,
        paid_on=ISSUED_ON,
        amount=issued[0].total,
        method=PaymentMethod.TRANSFER,
    )
    data = payment_receipt_data(db, payment_id=paid.payment_id)
    assert data.needs_meterai and data.paid_in_full


def test_missing_documents_raise_not_found(db, w):
    with pytest.raises(NotFound):
        invoice_data(db, invoice_id=999)
    with pytest.raises(NotFound):
        payment_receipt_data(db, payment_id=999)
    with pytest.raises(NotFound):
        hotel_recap_data(db, hotel_id=999, year=2026, month=11)
    with pytest.raises(NotFound):
        supplier_statement_data(db, supplier_id=999, year=2026, month=11)
