"""``hotel-supply check``: a month recomputed from the ledger agrees with every document,
and a figure changed behind the app's back is found and named."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import text

from hotel_supply.cli import main
from hotel_supply.models.enums import PaymentMethod
from hotel_supply.services import credit_notes, month_close, payments, reconciliation
from hotel_supply.services.credit_notes import CreditLineInput
from hotel_supply.services.invoice_printing import invoice_data
from hotel_supply.services.month_check import check_month
from hotel_supply.services.month_close import CheckFailedError
from tests.services.test_invoice_printing import issue_month, w  # noqa: F401
from tests.tamper import tampering

TODAY = dt.date(2026, 12, 20)


def busy_month(db, w):  # noqa: F811
    """November invoiced on 1 December; a credit note, partial and full payments, a refund."""
    ids = issue_month(db, w)
    coffee, bread = ids["coffee_inv"], ids["bread_inv"]
    first_line = invoice_data(db, invoice_id=coffee).lines[0]
    payments.record_payment(db, invoice_id=coffee, paid_on=dt.date(2026, 12, 5), amount=700_000,
                            method=PaymentMethod.TRANSFER)
    credit_notes.issue_credit_note(
        db, invoice_id=coffee, reason="basah",
        lines=[CreditLineInput(invoice_line_id=first_line.invoice_line_id,
                               quantity=Decimal("0.5"))],
        issue_date=dt.date(2026, 12, 6))
    payments.record_payment(db, invoice_id=coffee, paid_on=dt.date(2026, 12, 8),
                            amount=1_748_250 - 49_950 - 700_000, method=PaymentMethod.CASH)
    payments.record_payment(db, invoice_id=bread, paid_on=dt.date(2026, 12, 9), amount=600_000,
                            method=PaymentMethod.TRANSFER)
    bread_line = invoice_data(db, invoice_id=bread).lines[0]
    credit_notes.issue_credit_note(
        db, invoice_id=bread, reason="keras",
        lines=[CreditLineInput(invoice_line_id=bread_line.invoice_line_id, quantity=Decimal(2))],
        issue_date=dt.date(2026, 12, 10))
    payments.record_refund(db, invoice_id=bread, paid_on=dt.date(2026, 12, 11), amount=24_000,
                           method=PaymentMethod.CASH)
    return ids


def test_a_busy_month_checks_clean(db, w):  # noqa: F811
    busy_month(db, w)
    report = check_month(db, year=2026, month=11, today=TODAY)
    assert report.ok, [str(d) for d in report.disagreements]
    assert sum(report.checked.values()) > 10
    december = check_month(db, year=2026, month=12, today=TODAY)
    assert december.ok, [str(d) for d in december.disagreements]


@pytest.mark.parametrize(
    ("sql", "area", "words"),
    [
        ("UPDATE invoice SET total = total + 1 WHERE kind = 'invoice' AND ppn > 0",
         "invoice", "PPN"),
        ("UPDATE delivery_line SET amount = amount + 1000 WHERE id = (SELECT min(id) FROM "
         "delivery_line)", "delivery", "×"),
        ("UPDATE stock_lot SET on_hand = on_hand + 1000 WHERE id = (SELECT min(id) FROM "
         "stock_lot)", "stock", "mutasi"),
        ("UPDATE payment SET amount = amount + 5 WHERE number LIKE 'KW/%' AND amount = 700000",
         "receipt", "buku besar"),
    ],
)
def test_a_figure_changed_behind_the_apps_back_is_found(db, w, sql, area, words):  # noqa: F811
    busy_month(db, w)
    with tampering(db) as s:
        s.execute(text(sql))
    report = check_month(db, year=2026, month=12 if area == "receipt" else 11, today=TODAY)
    assert not report.ok
    found = [d for d in report.disagreements if d.area == area]
    assert found and any(words in d.message for d in found), [str(d) for d in found]
    assert all(d.documents for d in found)


def test_a_month_closes_only_when_it_checks_clean(db, w):  # noqa: F811
    busy_month(db, w)
    with tampering(db) as s:
        s.execute(text("UPDATE stock_lot SET on_hand = on_hand + 1 WHERE id = "
                       "(SELECT min(id) FROM stock_lot)"))
    seen = len(reconciliation.reconcile(db, year=2026, month=11, today=TODAY).exceptions)
    with pytest.raises(CheckFailedError) as err:
        month_close.close_period(db, year=2026, month=11, exceptions_seen=seen, today=TODAY)
    assert "hotel-supply check --month 2026-11" in err.value.message
    with tampering(db) as s:
        s.execute(text("UPDATE stock_lot SET on_hand = on_hand - 1 WHERE id = "
                       "(SELECT min(id) FROM stock_lot)"))
    report = month_close.close_period(db, year=2026, month=11, exceptions_seen=seen, today=TODAY)
    assert report.ok


def test_the_check_command_exits_non_zero_on_a_disagreement(db, w, capsys):  # noqa: F811
    busy_month(db, w)
    args = ["check", "--month", "2026-11", "--today", "2026-12-20", "--database", db.url]
    assert main(args) == 0
    assert "November 2026" in capsys.readouterr().out
    with tampering(db) as s:
        s.execute(text("UPDATE invoice SET subtotal = subtotal - 1 WHERE kind = 'invoice' "
                       "AND ppn = 0"))
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "INV/2026/" in out and "subtotal" in out.lower()
