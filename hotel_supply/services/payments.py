"""Money received against an issued invoice (Pembayaran), each with its receipt (kuitansi);
and money paid back to the hotel (a refund) when credit notes left an invoice overpaid.

A refund is a payment row with a negative amount and a number of its own series (RF), so
every sum of payments is what the supplier kept, and an invoice's balance
(total − credit notes − payments) returns to zero once the refund is recorded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from hotel_supply.db import Database
from hotel_supply.formatting import format_date, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import Hotel, Invoice, Payment
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus, PaymentMethod, Role
from hotel_supply.services import audit, numbering, periods, settings
from hotel_supply.services.errors import DomainError, NotFound, ValidationError
from hotel_supply.services.invoice_balances import balance
from hotel_supply.services.validation import (
    NOTES_MAX_LENGTH,
    add,
    date_problems,
    enum_problems,
    id_problems,
    money_problems,
    text_problems,
)

METERAI_ABOVE = 5_000_000  # a receipt above this carries a Rp10.000 meterai (stamp duty)


@dataclass(frozen=True)
class PaymentResult:
    payment_id: int
    number: str
    outstanding_after: int
    paid_in_full: bool


@dataclass(frozen=True)
class PaymentRow:
    id: int
    number: str
    paid_on: dt.date
    amount: int
    method: PaymentMethod
    reference: str
    created_by: str

    @property
    def is_refund(self) -> bool:
        return self.amount < 0


def validate_payment(*, amount: int, paid_on: dt.date, issue_date: dt.date | None,
                     outstanding: int) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if amount <= 0:
        problems["amount"] = [_("The amount must be more than Rp0.")]
    elif amount > outstanding:
        problems["amount"] = [_("The amount is more than the {outstanding} still owed.").format(
            outstanding=format_rupiah(outstanding))]
    if issue_date is not None and paid_on < issue_date:
        problems["paid_on"] = [_("A payment cannot be dated before the invoice ({date}).").format(
            date=format_date(issue_date))]
    return problems


def record_payment(db: Database, *, invoice_id: int, paid_on: dt.date, amount: int,
                   method: PaymentMethod, reference: str = "", notes: str = "") -> PaymentResult:
    """Record money received (partial or full); the receipt takes its own number."""
    return _record(db, invoice_id=invoice_id, paid_on=paid_on, amount=amount, method=method,
                   reference=reference, notes=notes, refund=False)


def validate_refund(*, amount: int, paid_on: dt.date, issue_date: dt.date | None,
                    overpaid: int) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if overpaid <= 0:
        problems["amount"] = [_("Nothing is owed back to the hotel on this invoice.")]
    elif amount <= 0:
        problems["amount"] = [_("The amount must be more than Rp0.")]
    elif amount > overpaid:
        problems["amount"] = [_("The amount is more than the {overpaid} owed back to the hotel.")
                              .format(overpaid=format_rupiah(overpaid))]
    if issue_date is not None and paid_on < issue_date:
        problems["paid_on"] = [_("A refund cannot be dated before the invoice ({date}).").format(
            date=format_date(issue_date))]
    return problems


def record_refund(db: Database, *, invoice_id: int, paid_on: dt.date, amount: int,
                  method: PaymentMethod, reference: str = "", notes: str = "") -> PaymentResult:
    """Record money paid back to the hotel after credit notes left the invoice overpaid.
    ``amount`` is positive (what was paid back); it is kept as a negative payment with an RF
    number and its own receipt. ``outstanding_after`` is then what is still owed back, as a
    negative figure (0 when settled)."""
    return _record(db, invoice_id=invoice_id, paid_on=paid_on, amount=amount, method=method,
                   reference=reference, notes=notes, refund=True)


def _input_problems(*, paid_on: dt.date, amount: int, method: PaymentMethod, reference: str,
                    notes: str) -> dict[str, list[str]]:
    """What is wrong with a payment as typed, before the invoice is looked at."""
    problems: dict[str, list[str]] = {}
    add(problems, "amount", money_problems(amount, label=_("The amount")))
    add(problems, "paid_on", date_problems(paid_on, label=_("The payment date")))
    add(problems, "method", enum_problems(method, PaymentMethod,
                                          message=_("Choose how the money was paid.")))
    add(problems, "reference", text_problems(reference, label=_("The reference")))
    add(problems, "notes", text_problems(notes, label=_("The notes"),
                                         max_length=NOTES_MAX_LENGTH, multiline=True))
    return problems


def _record(db: Database, *, invoice_id: int, paid_on: dt.date, amount: int,
            method: PaymentMethod, reference: str, notes: str, refund: bool) -> PaymentResult:
    problems = _input_problems(paid_on=paid_on, amount=amount, method=method,
                               reference=reference, notes=notes)
    if problems:
        raise ValidationError(problems)
    if id_problems(invoice_id, label=""):
        raise NotFound(_("The invoice no longer exists."))
    amount = int(amount)  # a Decimal without fraction is kept as whole rupiah
    with db.unit_of_work(Role.FINANCE) as session:
        invoice = session.scalars(select(Invoice).where(Invoice.id == invoice_id)
                                  .with_for_update()).one_or_none()
        if invoice is None:
            raise NotFound(_("The invoice no longer exists."))
        if invoice.kind != InvoiceKind.INVOICE or invoice.status != InvoiceStatus.ISSUED:
            raise DomainError(_("Payments are recorded against an issued invoice."))
        owed = balance(session, invoice_id).outstanding
        if refund:
            problems = validate_refund(amount=amount, paid_on=paid_on,
                                       issue_date=invoice.issue_date, overpaid=-owed)
        else:
            problems = validate_payment(amount=amount, paid_on=paid_on,
                                        issue_date=invoice.issue_date, outstanding=owed)
        if problems:
            raise ValidationError(problems)
        periods.ensure_open(session, paid_on)
        org = settings.cached(session)
        series = "RF" if refund else "KW"
        payment = Payment(
            number=numbering.take_number(session, series=series, year=paid_on.year,
                                         fmt=org.number_format(series)),
            invoice_id=invoice_id, paid_on=paid_on, amount=-amount if refund else amount,
            method=method, reference=reference.strip(), notes=notes.strip(),
            created_by=audit.current_user(session),
        )
        session.add(payment)
        session.flush()
        after = owed + amount if refund else owed - amount
        audit.record(session, action="create", entity="refund" if refund else "payment",
                     entity_id=payment.id, invoice=invoice.number, amount=payment.amount,
                     outstanding_after=after)
        return PaymentResult(payment.id, payment.number, after, after == 0)


def payments_of(db: Database, *, invoice_id: int) -> list[PaymentRow]:
    with db.reader() as session:
        rows = session.execute(
            select(Payment.id, Payment.number, Payment.paid_on, Payment.amount, Payment.method,
                   Payment.reference, Payment.created_by)
            .where(Payment.invoice_id == invoice_id).order_by(Payment.paid_on, Payment.id))
        return [PaymentRow(*r) for r in rows]


def hotel_of_invoice(db: Database, *, invoice_id: int) -> str:
    with db.reader() as session:
        return session.scalar(select(Hotel.name).join(Invoice, Invoice.hotel_id == Hotel.id)
                              .where(Invoice.id == invoice_id)) or ""
