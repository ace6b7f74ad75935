"""Month end: drafts, issuing, PPN, credit notes, payments, reconciliation and closing."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import amount_in_words
from hotel_supply.models import Delivery, Invoice
from hotel_supply.models.enums import (
    DeliveryStatus,
    InvoiceStatus,
    PaymentMethod,
    RejectionReason,
    Role,
    Unit,
)
from hotel_supply.services import (
    credit_notes,
    deliveries,
    invoicing,
    month_close,
    payments,
    periods,
    reconciliation,
    suppliers,
)
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import (
    ClosedPeriodError,
    DomainError,
    NotAllowed,
    ValidationError,
)
from hotel_supply.services.invoice_balances import InvoiceQuery, PaymentState, invoice_rows
from hotel_supply.services.reconciliation import ExceptionKind
from tests.conftest import add_tester
from tests.factories import make_hotel, make_price, make_product, make_supplier

NOV = (2026, 11)


@pytest.fixture
def month(db: Database) -> dict[str, int]:
    clock.set_clock(lambda: dt.datetime(2026, 12, 2, 9, 0))
    pkp = make_supplier(db, name="CV Kopi Lampung", is_pkp=True)
    small = make_supplier(db, name="Keripik Mbok Sum")
    kopi = make_product(db, pkp, name="Kopi Robusta 250 g", standard_price=45_000)
    keripik = make_product(db, small, name="Keripik Pisang", unit=Unit.PAK,
                           standard_price=25_000)
    gula = make_product(db, small, name="Gula Aren", unit=Unit.KG, standard_price=33_333)
    hotel = make_hotel(db, name="Hotel Emersia", payment_terms_days=14)
    return {"pkp": pkp, "small": small, "kopi": kopi, "keripik": keripik, "gula": gula,
            "hotel": hotel}


def deliver(db: Database, ids: dict[str, int], supplier: str, day: dt.date,
            lines: list[tuple[str, str, str]]) -> int:
    """lines: (product, accepted, rejected)"""
    delivery_id = deliveries.new_delivery(db, hotel_id=ids["hotel"], supplier_id=ids[supplier],
                                          day=day)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[
            LineInput(product_id=ids[p], delivered=Decimal(a) + Decimal(r), accepted=Decimal(a),
                      rejected=Decimal(r),
                      rejection_reason=RejectionReason.QUALITY if Decimal(r) else None)
            for p, a, r in lines]))
    return delivery_id


def by_supplier(db: Database, year: int = 2026, month: int = 11) -> dict[str, Invoice]:
    with db.reader() as s:
        found = s.scalars(select(Invoice).where(Invoice.year == year, Invoice.month == month,
                                                Invoice.kind == "invoice")).all()
        for invoice in found:
            _ = invoice.lines
        names = {i.id: suppliers.get_supplier(db, i.supplier_id).name for i in found}
        s.expunge_all()  # keep them readable after the session ends
        return {names[i.id]: i for i in found}


def test_drafts_bill_accepted_lines_with_ppn_only_for_pkp(db, month):
    deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", "10", "2")])
    deliver(db, month, "pkp", dt.date(2026, 11, 17), [("kopi", "3", "0")])
    deliver(db, month, "small", dt.date(2026, 11, 5), [("keripik", "4", "1"), ("gula", "1.5", "0")])
    result = invoicing.generate_drafts(db, year=2026, month=11)
    assert result.lines == 4 and len(result.invoice_ids) == 2
    drafts = by_supplier(db)
    kopi = drafts["CV Kopi Lampung"]
    assert [line.quantity for line in kopi.lines] == [10, 3]  # the 2 rejected are never billed
    assert kopi.subtotal == 585_000
    assert kopi.tax_base == 536_250  # 585.000 × 11/12
    assert kopi.ppn == 64_350  # 536.250 × 12 %
    assert kopi.total == 649_350
    small = drafts["Keripik Mbok Sum"]
    # 4 × 25.000 + 1,5 × 33.333 = 100.000 + 49.999,5 → 50.000 (half-up per line)
    assert [line.amount for line in small.lines] == [100_000, 50_000]
    assert (small.subtotal, small.ppn, small.total) == (150_000, 0, 150_000)
    assert kopi.number is None and kopi.status == InvoiceStatus.DRAFT


def test_drafts_regenerate_freely_and_issuing_freezes_them(db, month):
    deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", "10", "0")])
    invoicing.generate_drafts(db, year=2026, month=11)
    again = invoicing.generate_drafts(db, year=2026, month=11)
    assert again.replaced == 1 and len(invoicing.draft_ids(db, year=2026, month=11)) == 1
    issued, refused = invoicing.issue_invoices(db, invoice_ids=list(again.invoice_ids),
                                               issue_date=dt.date(2026, 12, 1))
    assert refused == []
    assert issued[0].number == "INV/2026/00001"
    assert issued[0].due_date == dt.date(2026, 12, 15)  # 14 days' terms
    with db.reader() as s:
        assert all(d.status == DeliveryStatus.INVOICED for d in s.scalars(select(Delivery)))
    # master data changes later; the issued invoice keeps what it showed
    data = suppliers.get_supplier(db, month["pkp"])
    data.name = "CV Kopi Lampung Baru"
    suppliers.update_supplier(db, supplier_id=month["pkp"], data=data)
    invoice = by_supplier(db)["CV Kopi Lampung Baru"]
    assert invoice.supplier_name == "CV Kopi Lampung" and invoice.total == 499_500
    # and regenerating never touches it
    assert invoicing.generate_drafts(db, year=2026, month=11).invoice_ids == ()
    again_issued, refused = invoicing.issue_invoices(db, invoice_ids=[issued[0].invoice_id],
                                                     issue_date=dt.date(2026, 12, 1))
    assert again_issued == [] and "INV/2026/00001" in refused[0][1]
    with db.reader() as s:
        delivery_id = s.scalar(select(Delivery.id))
    with pytest.raises(DomainError) as err:  # invoiced: only a credit note corrects it
        deliveries.cancel_delivery(db, delivery_id=delivery_id, reason="x")
    assert "nota kredit" in err.value.message


def test_a_late_delivery_lands_on_the_next_months_draft(db, month):
    deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", "10", "0")])
    november = invoicing.generate_drafts(db, year=2026, month=11)
    invoicing.issue_invoices(db, invoice_ids=list(november.invoice_ids),
                             issue_date=dt.date(2026, 12, 1))
    deliver(db, month, "pkp", dt.date(2026, 11, 29), [("kopi", "2", "0")])  # typed in late
    assert invoicing.generate_drafts(db, year=2026, month=11).invoice_ids == ()
    december = invoicing.generate_drafts(db, year=2026, month=12)
    late = by_supplier(db, 2026, 12)["CV Kopi Lampung"]
    assert [(line.delivery_date, line.quantity) for line in late.lines] == [
        (dt.date(2026, 11, 29), 2)]
    assert len(december.invoice_ids) == 1


def test_unposted_drafts_are_listed_before_generating(db, month):
    deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", "10", "0")])
    deliveries.new_delivery(db, hotel_id=month["hotel"], supplier_id=month["small"],
                            day=dt.date(2026, 11, 20))
    with pytest.raises(invoicing.UnpostedDraftsError) as err:
        invoicing.generate_drafts(db, year=2026, month=11)
    assert "Keripik Mbok Sum" in err.value.message and len(err.value.drafts) == 1
    assert invoicing.draft_ids(db, year=2026, month=11) == []
    assert len(invoicing.generate_drafts(db, year=2026, month=11,
                                         ignore_unposted=True).invoice_ids) == 1


def test_issuing_is_refused_into_a_closed_month_and_for_an_empty_draft(db, month):
    deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", "1", "0")])
    ids = list(invoicing.generate_drafts(db, year=2026, month=11).invoice_ids)
    with db.unit_of_work(anyone=True) as s:
        from hotel_supply.models import Period

        s.add(Period(year=2026, month=12, status="closed"))
    issued, refused = invoicing.issue_invoices(db, invoice_ids=ids,
                                               issue_date=dt.date(2026, 12, 1))
    assert issued == [] and "Desember 2026" in refused[0][1]
    with db.unit_of_work(anyone=True) as s:
        empty = Invoice(supplier_id=month["pkp"], hotel_id=month["hotel"], year=2026, month=11)
        s.add(empty)
        s.flush()
        empty_id = empty.id
    with db.unit_of_work(anyone=True) as s, pytest.raises(DomainError):
        invoicing.issue(s, empty_id, issue_date=dt.date(2026, 11, 30))


def issued_kopi(db: Database, month: dict[str, int], qty: str = "100") -> Invoice:
    deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", qty, "0")])
    ids = list(invoicing.generate_drafts(db, year=2026, month=11).invoice_ids)
    invoicing.issue_invoices(db, invoice_ids=ids, issue_date=dt.date(2026, 12, 1))
    return by_supplier(db)["CV Kopi Lampung"]


def outstanding(db: Database, invoice_id: int) -> int:
    rows = invoice_rows(db, query=InvoiceQuery(year=2026, month=11))
    return next(r.outstanding for r in rows if r.id == invoice_id)


def test_credit_notes_and_payments_move_the_outstanding_exactly(db, month):
    invoice = issued_kopi(db, month)  # 100 × 45.000 = 4.500.000 + PPN 495.000
    assert invoice.total == 4_995_000
    note = credit_notes.issue_credit_note(
        db, invoice_id=invoice.id, reason="5 bungkus rusak", issue_date=dt.date(2026, 12, 3),
        lines=[CreditLineInput(invoice.lines[0].id, Decimal(5))])
    assert note.number == "NK/2026/00001"
    assert note.total == 249_750  # 225.000 + PPN on DPP 206.250 = 24.750
    assert outstanding(db, invoice.id) == 4_745_250
    first = payments.record_payment(db, invoice_id=invoice.id, paid_on=dt.date(2026, 12, 5),
                                    amount=1_000_000, method=PaymentMethod.TRANSFER,
                                    reference="BRI 123")
    assert (first.number, first.outstanding_after, first.paid_in_full) == (
        "KW/2026/00001", 3_745_250, False)
    rows = invoice_rows(db, query=InvoiceQuery(state=PaymentState.PARTLY_PAID,
                                               today=dt.date(2026, 12, 6)))
    assert [r.id for r in rows] == [invoice.id]
    last = payments.record_payment(db, invoice_id=invoice.id, paid_on=dt.date(2026, 12, 6),
                                   amount=3_745_250, method=PaymentMethod.CASH)
    assert last.paid_in_full and outstanding(db, invoice.id) == 0
    assert [r.id for r in invoice_rows(db, query=InvoiceQuery(state=PaymentState.PAID))] == [
        invoice.id]


@pytest.mark.parametrize(("amount", "day", "field"), [
    (5_000_000, dt.date(2026, 12, 5), "amount"),  # more than outstanding
    (0, dt.date(2026, 12, 5), "amount"),
    (1_000, dt.date(2026, 11, 30), "paid_on"),  # before the invoice
])
def test_bad_payments_are_refused_and_change_nothing(db, month, amount, day, field):
    invoice = issued_kopi(db, month)
    with pytest.raises(ValidationError) as err:
        payments.record_payment(db, invoice_id=invoice.id, paid_on=day, amount=amount,
                                method=PaymentMethod.TRANSFER)
    assert field in err.value.problems
    assert outstanding(db, invoice.id) == invoice.total


def test_a_credit_note_larger_than_its_invoice_is_refused(db, month):
    invoice = issued_kopi(db, month, qty="2")
    with pytest.raises(ValidationError):
        credit_notes.issue_credit_note(db, invoice_id=invoice.id, reason="x",
                                       issue_date=dt.date(2026, 12, 3),
                                       lines=[CreditLineInput(invoice.lines[0].id, Decimal(3))])
    credit_notes.issue_credit_note(db, invoice_id=invoice.id, reason="harga salah",
                                   issue_date=dt.date(2026, 12, 3),
                                   lines=[CreditLineInput(invoice.lines[0].id, Decimal(2),
                                                          unit_price=5_000)])
    with pytest.raises(ValidationError):  # the same line cannot be credited past its quantity
        credit_notes.issue_credit_note(db, invoice_id=invoice.id, reason="lagi",
                                       issue_date=dt.date(2026, 12, 3),
                                       lines=[CreditLineInput(invoice.lines[0].id, Decimal(1))])


@pytest.mark.parametrize(("amount", "words"), [
    (0, "Nol Rupiah"), (11, "Sebelas Rupiah"), (1_000, "Seribu Rupiah"),
    (1_000_000, "Satu Juta Rupiah"),
    (1_250_000, "Satu Juta Dua Ratus Lima Puluh Ribu Rupiah"),
    (1_250_000_000, "Satu Miliar Dua Ratus Lima Puluh Juta Rupiah"),
])
def test_terbilang(amount, words):
    assert amount_in_words(amount) == words


def test_reconciliation_of_a_month_matches_sums_computed_here(db, month):
    make_price(db, hotel_id=month["hotel"], product_id=month["keripik"], price=20_000,
               valid_from=dt.date(2026, 11, 1))
    d1 = deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", "10", "2")])
    deliver(db, month, "small", dt.date(2026, 11, 4), [("keripik", "4", "1")])
    # an agreement made afterwards for kopi: the kept price now differs from it
    make_price(db, hotel_id=month["hotel"], product_id=month["kopi"], price=44_000,
               valid_from=dt.date(2026, 11, 1))
    ids = list(invoicing.generate_drafts(db, year=2026, month=11).invoice_ids)
    kopi_draft = by_supplier(db)["CV Kopi Lampung"]
    invoicing.issue_invoices(db, invoice_ids=[kopi_draft.id], issue_date=dt.date(2026, 12, 1))
    payments.record_payment(db, invoice_id=kopi_draft.id, paid_on=dt.date(2026, 12, 1),
                            amount=100_000, method=PaymentMethod.CASH)
    recon = reconciliation.reconcile(db, year=2026, month=11, today=dt.date(2026, 12, 31))
    lines = {p.product_name: p for p in recon.products}
    kopi, keripik = lines["Kopi Robusta 250 g"], lines["Keripik Pisang"]
    assert (kopi.delivered, kopi.accepted, kopi.rejected) == (12, 10, 2)
    assert kopi.accepted_value == 450_000 and kopi.rejected_value == 90_000
    assert kopi.rejection_reasons == "Mutu 2"
    assert (kopi.invoiced_qty, kopi.invoiced_value) == (10, 450_000)
    assert keripik.accepted_value == 80_000 and keripik.invoiced_value == 0
    supplier_lines = {s.supplier_name: s for s in recon.suppliers}
    kopi_line = supplier_lines["CV Kopi Lampung"]
    assert (kopi_line.invoiced, kopi_line.paid, kopi_line.outstanding) == (
        499_500, 100_000, 399_500)
    kinds = {(e.kind, e.ref_kind) for e in recon.exceptions}
    assert (ExceptionKind.NOT_INVOICED, "delivery") in kinds  # keripik is still a draft bill
    assert (ExceptionKind.PRICE_DIFFERS, "delivery") in kinds
    assert (ExceptionKind.OVERDUE, "invoice") in kinds  # due 15/12, still owed on 31/12
    price = next(e for e in recon.exceptions if e.kind == ExceptionKind.PRICE_DIFFERS)
    assert price.ref_id == d1 and price.amount == 10_000  # 10 × (45.000 − 44.000)
    assert recon.totals["accepted_value"] == 530_000
    assert len(ids) == 2


def test_closing_needs_the_exceptions_seen_and_reopening_an_administrator(db, month):
    deliver(db, month, "pkp", dt.date(2026, 11, 3), [("kopi", "1", "0")])
    seen = len(reconciliation.reconcile(db, year=2026, month=11).exceptions)
    deliver(db, month, "small", dt.date(2026, 11, 4), [("keripik", "1", "0")])
    with pytest.raises(DomainError):  # a new exception since the review
        month_close.close_period(db, year=2026, month=11, exceptions_seen=seen)
    seen = len(reconciliation.reconcile(db, year=2026, month=11).exceptions)
    month_close.close_period(db, year=2026, month=11, exceptions_seen=seen)
    with pytest.raises(ClosedPeriodError):
        deliver(db, month, "pkp", dt.date(2026, 11, 5), [("kopi", "1", "0")])
    add_tester(db, "clerk", roles=[Role.FINANCE])  # may close a month, not reopen one
    clerk = Database(db.url, user="clerk")
    with pytest.raises(NotAllowed):
        month_close.reopen_period(clerk, year=2026, month=11, reason="koreksi")
    clerk.dispose()
    with pytest.raises(ValidationError):
        month_close.reopen_period(db, year=2026, month=11, reason=" ")
    month_close.reopen_period(db, year=2026, month=11, reason="Koreksi harga kopi")
    assert periods.period_view(db, year=2026, month=11).reopen_reason == "Koreksi harga kopi"
    deliver(db, month, "pkp", dt.date(2026, 11, 5), [("kopi", "1", "0")])


@pytest.mark.postgres_only
def test_two_pcs_issuing_at_once_get_unique_gapless_numbers_and_one_wins_a_draft(db, month):
    hotels = [month["hotel"], *(make_hotel(db) for _ in range(5))]
    for hotel in hotels:
        for supplier, product in (("pkp", "kopi"), ("small", "keripik")):
            delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=month[supplier],
                                                  day=dt.date(2026, 11, 3))
            deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
                delivery_date=dt.date(2026, 11, 3), lines=[LineInput(
                    product_id=month[product], delivered=Decimal(1), accepted=Decimal(1))]))
    ids = list(invoicing.generate_drafts(db, year=2026, month=11).invoice_ids)
    results: list[tuple[list, list]] = []
    barrier = threading.Barrier(2)

    def pc(name: str) -> None:
        other = Database(db.url, user="tester")
        barrier.wait()
        results.append(invoicing.issue_invoices(other, invoice_ids=ids,
                                                issue_date=dt.date(2026, 12, 1)))
        other.dispose()

    threads = [threading.Thread(target=pc, args=(f"pc{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    issued = [r for got, _refused in results for r in got]
    refused = [m for _got, ref in results for m in ref]
    assert len(issued) == len(ids) and len(refused) == len(ids)  # each draft issued once
    numbers = sorted(r.number for r in issued)
    assert numbers == [f"INV/2026/{n:05d}" for n in range(1, len(ids) + 1)]
