"""The month's check over generated months and over the demo: whatever mix of deliveries,
rejections, cancellations, counts, invoices, credit notes, partial payments and refunds
the services accept, every document agrees with the ledger — and one changed figure does
not."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from hotel_supply import clock
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database
from hotel_supply.models.enums import InvoiceKind, PaymentMethod, RejectionReason, Unit
from hotel_supply.services import (
    credit_notes,
    deliveries,
    invoicing,
    payments,
    stock_counts,
)
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.invoice_balances import InvoiceQuery, invoice_rows
from hotel_supply.services.invoice_printing import invoice_data
from hotel_supply.services.month_check import check_month
from tests.demo_support import TODAY, build_small
from tests.factories import make_hotel, make_product, make_supplier
from tests.tamper import tampering

OCT = dt.date(2026, 10, 1)
AFTER = dt.date(2026, 12, 15)

delivery = st.tuples(
    st.integers(0, 27),  # day of October
    st.integers(0, 2),  # product
    st.integers(1, 40),  # delivered (tenths for kg)
    st.integers(0, 3),  # rejected
    st.booleans(),  # cancel it afterwards
)
settlement = st.sampled_from(["none", "partial", "full", "credit_then_pay", "pay_then_credit",
                              "pay_credit_refund"])


def _fresh(template: Path) -> Database:
    folder = Path(tempfile.mkdtemp())
    shutil.copyfile(template, folder / "db.sqlite3")
    return Database(sqlite_url(folder / "db.sqlite3"), user="tester")


def _run_month(db: Database, plan: list[tuple[int, int, int, int, bool]],
               settle: list[str], count_short: int) -> None:
    kopi = make_supplier(db, name="CV Kopi", is_pkp=True)
    roti = make_supplier(db, name="UD Roti")
    hotel = make_hotel(db)
    products = [
        (kopi, make_product(db, kopi, unit=Unit.KG, standard_price=87_500)),
        (roti, make_product(db, roti, standard_price=3_333)),
        (roti, make_product(db, roti, unit=Unit.PAK, standard_price=12_750)),
    ]
    for day, index, delivered, rejected, cancel in plan:
        supplier, product = products[index]
        q = Decimal(delivered) / (10 if index == 0 else 1)
        r = min(Decimal(rejected), q)
        d = OCT + dt.timedelta(days=day)
        delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=d)
        deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
            delivery_date=d, lines=[LineInput(
                product_id=product, delivered=q, accepted=q - r, rejected=r,
                rejection_reason=RejectionReason.DAMAGED if r else None)]))
        if cancel:
            deliveries.cancel_delivery(db, delivery_id=delivery_id, reason="salah input",
                                       confirm_negative=True)
    count_id = stock_counts.start_count(db, hotel_id=hotel, day=dt.date(2026, 10, 30))
    view = stock_counts.get_count(db, count_id)
    if view.lines:
        typed = {line.id: line.book for line in view.lines}
        first = view.lines[0]
        typed[first.id] = max(first.book - count_short, Decimal(0))
        stock_counts.save_counted(db, count_id=count_id, counted=typed)
        stock_counts.post_count(db, count_id=count_id)
    drafts = invoicing.generate_drafts(db, year=2026, month=10)
    invoicing.issue_invoices(db, invoice_ids=list(drafts.invoice_ids),
                             issue_date=dt.date(2026, 11, 1))
    rows = invoice_rows(db, query=InvoiceQuery(year=2026, month=10, kind=InvoiceKind.INVOICE))
    for row, how in zip(rows, settle, strict=False):
        _settle(db, row.id, row.total, how)


def _credit(db: Database, invoice_id: int, day: dt.date) -> int:
    line = invoice_data(db, invoice_id=invoice_id).lines[0]
    return credit_notes.issue_credit_note(
        db, invoice_id=invoice_id, reason="koreksi", issue_date=day,
        lines=[CreditLineInput(invoice_line_id=line.invoice_line_id,
                               quantity=min(line.quantity, Decimal(1)))]).total


def _settle(db: Database, invoice_id: int, total: int, how: str) -> None:
    pay = payments.record_payment
    method = PaymentMethod.TRANSFER
    if how == "partial":
        pay(db, invoice_id=invoice_id, paid_on=dt.date(2026, 11, 10), amount=total // 3 or 1,
            method=method)
    elif how == "full":
        pay(db, invoice_id=invoice_id, paid_on=dt.date(2026, 11, 10), amount=total, method=method)
    elif how == "credit_then_pay":
        credit = _credit(db, invoice_id, dt.date(2026, 11, 3))
        if total - credit:
            pay(db, invoice_id=invoice_id, paid_on=dt.date(2026, 11, 12), amount=total - credit,
                method=method)
    elif how in ("pay_then_credit", "pay_credit_refund"):
        pay(db, invoice_id=invoice_id, paid_on=dt.date(2026, 11, 10), amount=total, method=method)
        credit = _credit(db, invoice_id, dt.date(2026, 11, 11))
        if how == "pay_credit_refund":
            payments.record_refund(db, invoice_id=invoice_id, paid_on=dt.date(2026, 11, 13),
                                   amount=credit, method=method)


@settings(max_examples=10, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(plan=st.lists(delivery, min_size=1, max_size=8),
       settle=st.lists(settlement, min_size=2, max_size=2),
       count_short=st.integers(0, 2))
def test_generated_months_check_clean(_sqlite_template, plan, settle, count_short):
    clock.set_clock(lambda: dt.datetime(2026, 11, 20, 9, 0))
    try:
        db = _fresh(_sqlite_template)
        _run_month(db, plan, settle, count_short)
        for month in (10, 11):
            report = check_month(db, year=2026, month=month, today=AFTER)
            assert report.ok, [str(d) for d in report.disagreements]
        with tampering(db) as s:  # one rupiah off on one invoice line: found
            changed = s.execute(text("UPDATE invoice_line SET amount = amount + 1 WHERE id = "
                                     "(SELECT min(id) FROM invoice_line)")).rowcount
        assert check_month(db, year=2026, month=10, today=AFTER).ok is (changed == 0)
        db.dispose()
    finally:
        clock.set_clock(None)


def test_the_small_demo_checks_clean_after_month_end(sqlite_db):
    build_small(sqlite_db)
    drafts = invoicing.generate_drafts(sqlite_db, year=2025, month=12, ignore_unposted=True)
    issued, refused = invoicing.issue_invoices(sqlite_db, invoice_ids=list(drafts.invoice_ids),
                                               issue_date=TODAY)
    assert issued and not refused
    for i, result in enumerate(issued):
        if i % 3 == 0:
            payments.record_payment(sqlite_db, invoice_id=result.invoice_id, paid_on=TODAY,
                                    amount=result.total, method=PaymentMethod.CASH)
        elif i % 3 == 1:
            _credit(sqlite_db, result.invoice_id, TODAY)
    for year, month in ((2025, 12), (2026, 1)):
        report = check_month(sqlite_db, year=year, month=month, today=TODAY)
        assert report.ok, [str(d) for d in report.disagreements]
        assert sum(report.checked.values()) > 0
