"""The supplier statement: one UMKM's account with the partner hotels for a month. Reads only.

A statement of account (SPEC section 4): the opening balance (everything dated
before the month), every issued invoice, credit note, payment and refund of the
month in date order with a running balance, the closing balance, and the ageing
of the invoices still open on the statement date. Opening, lines, closing and
ageing are all drawn from one list of the account's movements, so the page adds
up on its face. Cancelled invoices and drafts never count; nothing dated after
the statement date does either, so a statement reprinted later is the same.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session, aliased

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.data import Organisation
from hotel_supply.documents.statement_data import (
    CREDIT_NOTE,
    INVOICE,
    PAYMENT,
    REFUND,
    Ageing,
    OpenInvoice,
    StatementDelivery,
    StatementEntry,
    SupplierStatementData,
)
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Invoice,
    InvoiceLine,
    Payment,
    Supplier,
)
from hotel_supply.models.enums import DeliveryStatus, InvoiceKind, InvoiceStatus, label
from hotel_supply.services.accounts import printed_by
from hotel_supply.services.errors import NotFound
from hotel_supply.services.invoicing import month_bounds
from hotel_supply.services.printing import bank_line, organisation, supplier_party

__all__ = [
    "ageing_bucket",
    "statement_date",
    "supplier_statement_data",
    "supplier_statements_data",
]

# Same-day lines: the invoice first, so nothing is paid or credited before it is billed.
_ORDER = {INVOICE: 0, CREDIT_NOTE: 1, PAYMENT: 2, REFUND: 3}


@dataclass(frozen=True)
class _Invoice:
    id: int
    number: str
    hotel_id: int
    issue_date: dt.date
    due_date: dt.date | None
    total: int
    year: int
    month: int


@dataclass(frozen=True)
class _Movement:
    """A document of the account; ``amount`` signed as it moves the balance."""

    kind: str
    day: dt.date
    number: str
    invoice_id: int
    amount: int
    method: str = ""
    reference: str = ""


def statement_date(year: int, month: int, today: dt.date) -> dt.date:
    """The day a statement is made up to: the month's last day, or ``today`` before then."""
    return min(month_bounds(year, month)[1], today)


def ageing_bucket(days_overdue: int) -> str:
    """The ageing column of an open invoice ``days_overdue`` past its due date."""
    if days_overdue <= 0:
        return "not_due"
    if days_overdue <= 30:
        return "days_1_30"
    if days_overdue <= 60:
        return "days_31_60"
    if days_overdue <= 90:
        return "days_61_90"
    return "over_90"


def supplier_statement_data(
    db: Database, *, supplier_id: int, year: int, month: int, as_of: dt.date | None = None
) -> SupplierStatementData:
    """One UMKM's statement of account across hotels for a month, made up to the month's
    last day (or ``as_of``, default today, when earlier).

    closing = opening + invoiced − credited − received + refunded, and the ageing of the
    open invoices adds up to the closing balance. Money includes PPN where charged.
    """
    found = supplier_statements_data(
        db, supplier_ids=[supplier_id], year=year, month=month, as_of=as_of
    )
    if supplier_id not in found:
        raise NotFound(_("The supplier no longer exists."))
    return found[supplier_id]


def supplier_statements_data(
    db: Database,
    *,
    supplier_ids: Sequence[int],
    year: int,
    month: int,
    as_of: dt.date | None = None,
) -> dict[int, SupplierStatementData]:
    """:func:`supplier_statement_data` of many suppliers by id (in the order asked; one
    that no longer exists is left out), their accounts read together: a few queries per
    :data:`BATCH` suppliers instead of several for each."""
    found: dict[int, SupplierStatementData] = {}
    with db.reader() as session:
        hotels = {h_id: name for h_id, name in session.execute(select(Hotel.id, Hotel.name))}
        office, made_by = organisation(session), printed_by(session)
        for first in range(0, len(supplier_ids), BATCH):
            chunk = list(supplier_ids[first : first + BATCH])
            found.update(
                _statements(session, chunk, year, month, as_of or clock.today(), hotels,
                            office, made_by)
            )
    return {i: found[i] for i in supplier_ids if i in found}


#: Suppliers whose accounts :func:`supplier_statements_data` reads together.
BATCH = 200


def _statements(
    session: Session,
    supplier_ids: list[int],
    year: int,
    month: int,
    today: dt.date,
    hotels: dict[int, str],
    office: Organisation,
    made_by: str,
) -> dict[int, SupplierStatementData]:
    start, _end = month_bounds(year, month)
    day = statement_date(year, month, today)
    suppliers = {s.id: s for s in session.scalars(select(Supplier).where(
        Supplier.id.in_(supplier_ids)))}
    invoices = _issued_invoices(session, supplier_ids, day)
    credits = _credit_movements(session, supplier_ids, day, invoices)
    received = _payment_movements(session, supplier_ids, day, invoices)
    delivered = _deliveries(session, supplier_ids, start, day, hotels)
    return {
        supplier_id: _statement(
            supplier,
            year=year,
            month=month,
            start=start,
            day=day,
            hotels=hotels,
            invoices=invoices.get(supplier_id, {}),
            movements=_invoice_movements(invoices.get(supplier_id, {}))
            + credits.get(supplier_id, [])
            + received.get(supplier_id, []),
            deliveries=delivered.get(supplier_id, ()),
            office=office,
            made_by=made_by,
        )
        for supplier_id, supplier in suppliers.items()
    }


def _statement(
    supplier: Supplier,
    *,
    year: int,
    month: int,
    start: dt.date,
    day: dt.date,
    hotels: dict[int, str],
    invoices: dict[int, _Invoice],
    movements: list[_Movement],
    deliveries: tuple[StatementDelivery, ...],
    office: Organisation,
    made_by: str,
) -> SupplierStatementData:
    """One supplier's statement from its account's documents, read beforehand."""
    movements = sorted(movements, key=lambda m: (m.day, _ORDER[m.kind], m.number))
    opening = sum(m.amount for m in movements if m.day < start)
    entries: list[StatementEntry] = []
    running = opening
    for m in movements:
        if m.day < start:
            continue
        running += m.amount
        invoice = invoices[m.invoice_id]
        entries.append(
            StatementEntry(
                kind=m.kind,
                day=m.day,
                number=m.number,
                hotel_name=hotels.get(invoice.hotel_id, ""),
                amount=abs(m.amount),
                balance=running,
                invoice_number="" if m.kind == INVOICE else invoice.number,
                due_date=invoice.due_date if m.kind == INVOICE else None,
                billed_year=invoice.year if m.kind == INVOICE else 0,
                billed_month=invoice.month if m.kind == INVOICE else 0,
                method=m.method,
                reference=m.reference,
            )
        )
    open_invoices = _open_invoices(invoices, movements, hotels, day)
    ageing: dict[str, int] = defaultdict(int)
    for o in open_invoices:
        ageing["credit" if o.overpaid else ageing_bucket(o.days_overdue)] += o.open

    def period_sum(kind: str) -> int:
        return sum(e.amount for e in entries if e.kind == kind)

    return SupplierStatementData(
        organisation=office,
        made_by=made_by,
        supplier=supplier_party(supplier),
        supplier_bank=bank_line(supplier),
        supplier_is_pkp=supplier.is_pkp,
        year=year,
        month=month,
        period_start=start,
        as_of=day,
        opening_balance=opening,
        entries=tuple(entries),
        invoiced=period_sum(INVOICE),
        credited=period_sum(CREDIT_NOTE),
        received=period_sum(PAYMENT),
        refunded=period_sum(REFUND),
        closing_balance=sum(o.open for o in open_invoices),
        ageing=Ageing(**ageing),
        open_invoices=open_invoices,
        deliveries=deliveries,
        printed_at=clock.now(),
    )


# --------------------------------------------------------------------------- the account


def _issued_invoices(
    session: Session, supplier_ids: list[int], day: dt.date
) -> dict[int, dict[int, _Invoice]]:
    """Each supplier's issued invoices up to ``day``, by id."""
    rows = session.execute(
        select(
            Invoice.supplier_id,
            Invoice.id,
            Invoice.number,
            Invoice.hotel_id,
            Invoice.issue_date,
            Invoice.due_date,
            Invoice.total,
            Invoice.year,
            Invoice.month,
        ).where(
            Invoice.supplier_id.in_(supplier_ids),
            Invoice.kind == InvoiceKind.INVOICE,
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.issue_date <= day,
        )
    )
    found: dict[int, dict[int, _Invoice]] = defaultdict(dict)
    for supplier_id, i, number, hotel_id, issued, due, total, y, m in rows:
        if issued is not None:
            found[supplier_id][i] = _Invoice(
                i, number or "", hotel_id, issued, due, int(total), y, m
            )
    return found


def _invoice_movements(invoices: dict[int, _Invoice]) -> list[_Movement]:
    return [_Movement(INVOICE, i.issue_date, i.number, i.id, i.total) for i in invoices.values()]


def _credit_movements(
    session: Session,
    supplier_ids: list[int],
    day: dt.date,
    invoices: dict[int, dict[int, _Invoice]],
) -> dict[int, list[_Movement]]:
    """Issued credit notes (their total with PPN) against each account's invoices."""
    rows = session.execute(
        select(
            Invoice.supplier_id,
            Invoice.number,
            Invoice.issue_date,
            Invoice.total,
            Invoice.corrects_invoice_id,
        ).where(
            Invoice.supplier_id.in_(supplier_ids),
            Invoice.kind == InvoiceKind.CREDIT_NOTE,
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.issue_date <= day,
        )
    )
    found: dict[int, list[_Movement]] = defaultdict(list)
    for supplier_id, number, issued, total, corrects in rows:
        if issued is not None and corrects in invoices.get(supplier_id, {}):
            found[supplier_id].append(
                _Movement(CREDIT_NOTE, issued, number or "", corrects, -int(total))
            )
    return found


def _payment_movements(
    session: Session,
    supplier_ids: list[int],
    day: dt.date,
    invoices: dict[int, dict[int, _Invoice]],
) -> dict[int, list[_Movement]]:
    """Money received (a positive amount) and refunds paid back to a hotel (negative)."""
    rows = session.execute(
        select(
            Invoice.supplier_id,
            Payment.number,
            Payment.paid_on,
            Payment.amount,
            Payment.invoice_id,
            Payment.method,
            Payment.reference,
        )
        .join(Invoice, Invoice.id == Payment.invoice_id)
        .where(Invoice.supplier_id.in_(supplier_ids), Payment.paid_on <= day)
    )
    found: dict[int, list[_Movement]] = defaultdict(list)
    for supplier_id, number, paid_on, amount, invoice_id, method, reference in rows:
        if invoice_id in invoices.get(supplier_id, {}) and amount != 0:
            found[supplier_id].append(
                _Movement(
                    PAYMENT if amount > 0 else REFUND,
                    paid_on,
                    number,
                    invoice_id,
                    -int(amount),
                    label(method),
                    reference,
                )
            )
    return found


def _open_invoices(
    invoices: dict[int, _Invoice],
    movements: list[_Movement],
    hotels: dict[int, str],
    day: dt.date,
) -> tuple[OpenInvoice, ...]:
    """Every invoice whose balance on ``day`` is not zero, oldest first."""
    credited: dict[int, int] = defaultdict(int)
    paid: dict[int, int] = defaultdict(int)
    for m in movements:
        if m.kind == CREDIT_NOTE:
            credited[m.invoice_id] -= m.amount
        elif m.kind in (PAYMENT, REFUND):
            paid[m.invoice_id] -= m.amount
    found = []
    for i in sorted(invoices.values(), key=lambda i: (i.issue_date, i.number)):
        if i.total - credited[i.id] - paid[i.id] == 0:
            continue
        found.append(
            OpenInvoice(
                number=i.number,
                hotel_name=hotels.get(i.hotel_id, ""),
                issue_date=i.issue_date,
                due_date=i.due_date,
                total=i.total,
                credited=credited[i.id],
                paid=paid[i.id],
                days_overdue=(day - i.due_date).days if i.due_date is not None else 0,
            )
        )
    return tuple(found)


# --------------------------------------------------------------------------- deliveries


def _deliveries(
    session: Session,
    supplier_ids: list[int],
    start: dt.date,
    day: dt.date,
    hotels: dict[int, str],
) -> dict[int, tuple[StatementDelivery, ...]]:
    """The month's posted deliveries up to ``day``: accepted value, and the invoice issued
    for it by then; one with nothing accepted is "rejected", never awaiting an invoice."""
    billed = aliased(Invoice)
    invoice_of = (
        select(billed.number)
        .join(InvoiceLine, InvoiceLine.invoice_id == billed.id)
        .join(DeliveryLine, DeliveryLine.id == InvoiceLine.delivery_line_id)
        .where(
            DeliveryLine.delivery_id == Delivery.id,
            billed.kind == InvoiceKind.INVOICE,
            billed.status == InvoiceStatus.ISSUED,
            billed.issue_date <= day,
        )
        .order_by(billed.number.desc())
        .limit(1)
        .correlate(Delivery)
        .scalar_subquery()
    )
    value = (
        select(func.coalesce(func.sum(DeliveryLine.amount), 0))
        .where(DeliveryLine.delivery_id == Delivery.id)
        .correlate(Delivery)
        .scalar_subquery()
    )
    # Quantities of different units are never added: "anything accepted" is an existence test.
    accepted_any = (
        exists()
        .where(DeliveryLine.delivery_id == Delivery.id, DeliveryLine.accepted_qty > 0)
        .correlate(Delivery)
    )
    rows = session.execute(
        select(
            Delivery.supplier_id,
            Delivery.delivery_date,
            Delivery.number,
            Delivery.hotel_id,
            Delivery.status,
            value,
            accepted_any,
            invoice_of,
        )
        .where(
            Delivery.supplier_id.in_(supplier_ids),
            Delivery.delivery_date >= start,
            Delivery.delivery_date <= day,
            Delivery.status != DeliveryStatus.DRAFT,
        )
        .order_by(Delivery.delivery_date, Delivery.number)
    )
    found: dict[int, list[StatementDelivery]] = defaultdict(list)
    for supplier_id, delivered_on, number, hotel_id, status, amount, any_accepted, invoice in rows:
        if status == DeliveryStatus.CANCELLED:
            state = "cancelled"
        elif not any_accepted:
            state = "rejected"
        else:
            state = status.value
        found[supplier_id].append(
            StatementDelivery(
                delivery_date=delivered_on,
                number=number or "",
                hotel_name=hotels.get(hotel_id, ""),
                accepted_value=int(amount) if state in ("posted", "invoiced") else 0,
                status=state,
                invoice_number=(invoice or "") if state in ("posted", "invoiced") else "",
            )
        )
    return {supplier_id: tuple(rows) for supplier_id, rows in found.items()}
