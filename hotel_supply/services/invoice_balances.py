"""What an invoice is owed: its total less credit notes and payments; and the list of invoices."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.selectable import ScalarSelect

from hotel_supply.db import Database
from hotel_supply.models import Hotel, Invoice, InvoiceLine, Payment, Supplier
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus
from hotel_supply.services.errors import NotFound
from hotel_supply.services.validation import like_pattern


class PaymentState(StrEnum):
    UNPAID = "unpaid"
    PARTLY_PAID = "partly_paid"
    PAID = "paid"
    OVERDUE = "overdue"
    OVERPAID = "overpaid"  # credit notes after payment: money is owed back to the hotel


@dataclass(frozen=True)
class Balance:
    """What an invoice is owed. ``received`` is money the hotel paid; ``refunded`` money paid
    back to it (a refund is a payment row with a negative amount)."""

    total: int
    credited: int
    received: int
    refunded: int = 0

    @property
    def paid(self) -> int:
        """Money kept: received less refunded."""
        return self.received - self.refunded

    @property
    def outstanding(self) -> int:
        """Still owed by the hotel; negative when the hotel is owed money back."""
        return self.total - self.credited - self.paid


def balance(session: Session, invoice_id: int) -> Balance:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound("invoice")
    credited = session.scalar(select(func.coalesce(func.sum(Invoice.total), 0)).where(
        Invoice.corrects_invoice_id == invoice_id, Invoice.kind == InvoiceKind.CREDIT_NOTE,
        Invoice.status == InvoiceStatus.ISSUED)) or 0
    received = refunded = 0
    for amount in session.scalars(select(Payment.amount).where(Payment.invoice_id == invoice_id)):
        if amount >= 0:
            received += amount
        else:
            refunded -= amount
    return Balance(invoice.total, int(credited), received, refunded)


def state_of(outstanding: int, paid: int, due: dt.date | None, today: dt.date) -> PaymentState:
    if outstanding < 0:
        return PaymentState.OVERPAID
    if outstanding == 0:
        return PaymentState.PAID
    if due is not None and due < today:
        return PaymentState.OVERDUE
    return PaymentState.PARTLY_PAID if paid > 0 else PaymentState.UNPAID


@dataclass(frozen=True)
class InvoiceQuery:
    year: int | None = None
    month: int | None = None
    hotel_id: int | None = None
    supplier_id: int | None = None
    status: InvoiceStatus | None = None
    kind: InvoiceKind | None = None
    state: PaymentState | None = None  # issued invoices only
    text: str = ""
    today: dt.date | None = None  # for "overdue"
    corrects_invoice_id: int | None = None  # the credit notes of one invoice


@dataclass(frozen=True)
class InvoiceRow:
    id: int
    kind: InvoiceKind
    number: str
    status: InvoiceStatus
    year: int
    month: int
    hotel_name: str
    supplier_name: str
    issue_date: dt.date | None
    due_date: dt.date | None
    lines: int
    subtotal: int
    ppn: int
    total: int
    credited: int
    paid: int
    corrects_number: str  # a credit note: the invoice it corrects
    state: PaymentState | None  # None for drafts and credit notes
    hotel_id: int = 0
    supplier_id: int = 0

    @property
    def outstanding(self) -> int:
        return self.total - self.credited - self.paid


def _sums() -> tuple[ScalarSelect[int], ScalarSelect[int], ScalarSelect[int]]:
    """Per invoice: issued credit notes, payments, and lines, as correlated sub-selects."""
    credit = aliased(Invoice)
    credited = (
        select(func.coalesce(func.sum(credit.total), 0))
        .where(credit.corrects_invoice_id == Invoice.id, credit.kind == InvoiceKind.CREDIT_NOTE,
               credit.status == InvoiceStatus.ISSUED)
        .scalar_subquery()
    )
    paid = (select(func.coalesce(func.sum(Payment.amount), 0))
            .where(Payment.invoice_id == Invoice.id).scalar_subquery())
    lines = (select(func.count(InvoiceLine.id)).where(InvoiceLine.invoice_id == Invoice.id)
             .scalar_subquery())
    return credited, paid, lines


def _filtered(stmt: Select, q: InvoiceQuery) -> Select:  # type: ignore[type-arg]
    credited, paid, _lines = _sums()
    if q.year:
        stmt = stmt.where(Invoice.year == q.year)
    if q.month:
        stmt = stmt.where(Invoice.month == q.month)
    if q.hotel_id:
        stmt = stmt.where(Invoice.hotel_id == q.hotel_id)
    if q.supplier_id:
        stmt = stmt.where(Invoice.supplier_id == q.supplier_id)
    if q.status:
        stmt = stmt.where(Invoice.status == q.status)
    if q.kind:
        stmt = stmt.where(Invoice.kind == q.kind)
    if q.corrects_invoice_id:
        stmt = stmt.where(Invoice.corrects_invoice_id == q.corrects_invoice_id)
    text = q.text.strip().lower()
    if text:
        like = like_pattern(text)  # % and _ typed are found as themselves
        stmt = stmt.where(or_(func.lower(Invoice.number).like(like, escape="\\"),
                              func.lower(Supplier.name).like(like, escape="\\"),
                              func.lower(Hotel.name).like(like, escape="\\")))
    if q.state:
        outstanding = Invoice.total - credited - paid
        stmt = stmt.where(Invoice.status == InvoiceStatus.ISSUED,
                          Invoice.kind == InvoiceKind.INVOICE)
        today = q.today or dt.date.today()
        if q.state == PaymentState.PAID:
            stmt = stmt.where(outstanding == 0)
        elif q.state == PaymentState.OVERPAID:
            stmt = stmt.where(outstanding < 0)
        elif q.state == PaymentState.OVERDUE:
            stmt = stmt.where(outstanding > 0, Invoice.due_date < today)
        elif q.state == PaymentState.PARTLY_PAID:
            stmt = stmt.where(outstanding > 0, paid > 0, Invoice.due_date >= today)
        else:
            stmt = stmt.where(paid == 0, outstanding > 0, Invoice.due_date >= today)
    return stmt


def _base() -> Select:  # type: ignore[type-arg]
    return (select(Invoice.id)
            .join(Hotel, Hotel.id == Invoice.hotel_id)
            .join(Supplier, Supplier.id == Invoice.supplier_id))


def count_invoices(db: Database, *, query: InvoiceQuery) -> int:
    with db.reader() as session:
        sub = _filtered(_base(), query).subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def invoice_rows(db: Database, *, query: InvoiceQuery, offset: int = 0,
                 limit: int = 200) -> list[InvoiceRow]:
    """Newest month first, then hotel and supplier; sums for just this window."""
    credited, paid, lines = _sums()
    corrected = aliased(Invoice)
    today = query.today or dt.date.today()
    with db.reader() as session:
        stmt = _filtered(
            select(Invoice.id, Invoice.kind, Invoice.number, Invoice.status, Invoice.year,
                   Invoice.month, Hotel.name, Supplier.name, Invoice.issue_date,
                   Invoice.due_date, lines, Invoice.subtotal, Invoice.ppn, Invoice.total,
                   credited, paid, corrected.number, Invoice.hotel_id, Invoice.supplier_id)
            .join(Hotel, Hotel.id == Invoice.hotel_id)
            .join(Supplier, Supplier.id == Invoice.supplier_id)
            .join(corrected, corrected.id == Invoice.corrects_invoice_id, isouter=True),
            query,
        ).order_by(Invoice.year.desc(), Invoice.month.desc(), Hotel.name, Supplier.name,
                   Invoice.id).offset(offset).limit(limit)
        rows = []
        for r in session.execute(stmt):
            state = None
            if r[3] == InvoiceStatus.ISSUED and r[1] == InvoiceKind.INVOICE:
                state = state_of(r[13] - r[14] - r[15], r[15], r[9], today)
            rows.append(InvoiceRow(r[0], r[1], r[2] or "", r[3], r[4], r[5], r[6], r[7], r[8],
                                   r[9], int(r[10]), r[11], r[12], r[13], int(r[14]), int(r[15]),
                                   r[16] or "", state, r[17], r[18]))
        return rows
