"""Monthly invoices: drafts from the accepted deliveries, then issued and frozen (SPEC rule 6).

A draft is one supplier's bill to one hotel for one month, one line per
accepted, posted, not yet invoiced delivery line dated up to the month's end
(so a late delivery for an invoiced month lands on the next draft). Drafts take
no number and can be regenerated freely. Issuing takes the number, copies the
parties, lines and totals into the invoice's own rows, and marks the deliveries
invoiced; nothing recomputes an issued invoice afterwards.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Exists, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.orm.exc import StaleDataError

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_date, format_month, round_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Invoice,
    InvoiceLine,
    Product,
    Supplier,
)
from hotel_supply.models.enums import DeliveryStatus, InvoiceKind, InvoiceStatus, Role
from hotel_supply.services import audit, numbering, periods, settings
from hotel_supply.services.errors import ConflictError, DomainError, NotAllowed, NotFound
from hotel_supply.services.printing import bank_line, office_snapshot
from hotel_supply.services.settings import OrganisationSettings


@dataclass(frozen=True)
class Totals:
    subtotal: int
    tax_base: int  # DPP
    ppn_rate: Decimal  # percent
    ppn: int
    total: int


def compute_totals(subtotal: int, *, is_pkp: bool, org: OrganisationSettings) -> Totals:
    """PPN only for PKP suppliers: DPP = subtotal × base fraction, half-up; PPN on the DPP,
    half-up (SPEC rule 8)."""
    if not is_pkp:
        return Totals(subtotal, 0, Decimal(0), 0, subtotal)
    base = round_rupiah(Decimal(subtotal) * org.ppn_base_numerator / org.ppn_base_denominator)
    ppn = round_rupiah(Decimal(base) * org.ppn_rate / 100)
    return Totals(subtotal, base, org.ppn_rate, ppn, subtotal + ppn)


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last)


# --- drafts -----------------------------------------------------------------


@dataclass(frozen=True)
class UnpostedDraft:
    delivery_id: int
    delivery_date: dt.date
    hotel_name: str
    supplier_name: str


class UnpostedDraftsError(DomainError):
    """Deliveries of the month are still drafts: their goods would be missing from the bills."""

    def __init__(self, drafts: list[UnpostedDraft]) -> None:
        self.drafts = drafts
        listed = "\n".join(f"{format_date(d.delivery_date)} · {d.hotel_name} · {d.supplier_name}"
                           for d in drafts[:15])
        more = len(drafts) - 15
        if more > 0:
            listed += "\n" + _("… and {n} more").format(n=more)
        super().__init__(_("{n} deliveries of this month are still drafts; post or discard them "
                           "first, or generate without them:").format(n=len(drafts))
                         + "\n" + listed)


@dataclass(frozen=True)
class GenerateResult:
    invoice_ids: tuple[int, ...]
    lines: int
    subtotal: int
    total: int
    replaced: int  # drafts that were there before and were made again


def _unposted(session: Session, *, start: dt.date, end: dt.date,
              hotel_id: int | None) -> list[UnpostedDraft]:
    stmt = (
        select(Delivery.id, Delivery.delivery_date, Hotel.name, Supplier.name)
        .join(Hotel, Hotel.id == Delivery.hotel_id)
        .join(Supplier, Supplier.id == Delivery.supplier_id)
        .where(Delivery.status == DeliveryStatus.DRAFT, Delivery.delivery_date >= start,
               Delivery.delivery_date <= end)
        .order_by(Delivery.delivery_date, Hotel.name, Supplier.name)
    )
    if hotel_id is not None:
        stmt = stmt.where(Delivery.hotel_id == hotel_id)
    return [UnpostedDraft(*r) for r in session.execute(stmt)]


def _billed_elsewhere() -> Exists:
    """The delivery line is on an invoice that is not a draft being rebuilt."""
    other = aliased(Invoice)
    return (
        select(InvoiceLine.id)
        .join(other, other.id == InvoiceLine.invoice_id)
        .where(InvoiceLine.delivery_line_id == DeliveryLine.id,
               other.status != InvoiceStatus.CANCELLED, other.kind == InvoiceKind.INVOICE)
        .exists()
    )


def generate_drafts(db: Database, *, year: int, month: int, hotel_id: int | None = None,
                    ignore_unposted: bool = False) -> GenerateResult:
    """(Re)build the month's draft invoices, one per supplier and hotel."""
    start, end = month_bounds(year, month)
    with db.unit_of_work(Role.FINANCE) as session:
        if periods.is_closed(session, start):
            raise DomainError(_("{month} is closed: its invoices can no longer be made.").format(
                month=format_month(year, month)))
        unposted = _unposted(session, start=start, end=end, hotel_id=hotel_id)
        if unposted and not ignore_unposted:
            raise UnpostedDraftsError(unposted)
        old = select(Invoice.id).where(Invoice.status == InvoiceStatus.DRAFT,
                                       Invoice.kind == InvoiceKind.INVOICE,
                                       Invoice.year == year, Invoice.month == month)
        if hotel_id is not None:
            old = old.where(Invoice.hotel_id == hotel_id)
        old_ids = list(session.scalars(old.with_for_update()))
        if old_ids:
            session.execute(delete(InvoiceLine).where(InvoiceLine.invoice_id.in_(old_ids)))
            session.execute(delete(Invoice).where(Invoice.id.in_(old_ids)))
        stmt = (
            select(DeliveryLine.id, Delivery.supplier_id, Delivery.hotel_id, Delivery.delivery_date,
                   Delivery.number, Product.code, Product.name, Product.unit,
                   DeliveryLine.accepted_qty, DeliveryLine.unit_price, DeliveryLine.amount,
                   Supplier.is_pkp)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .join(Product, Product.id == DeliveryLine.product_id)
            .join(Supplier, Supplier.id == Delivery.supplier_id)
            .where(Delivery.status == DeliveryStatus.POSTED, Delivery.delivery_date <= end,
                   DeliveryLine.accepted_qty > 0, ~_billed_elsewhere())
            .order_by(Delivery.supplier_id, Delivery.hotel_id, Delivery.delivery_date,
                      Delivery.number, DeliveryLine.line_no)
        )
        if hotel_id is not None:
            stmt = stmt.where(Delivery.hotel_id == hotel_id)
        # A supplier already billed to a hotel for this month is not billed twice: what
        # arrives late waits for the next month's draft.
        billed = set(session.execute(
            select(Invoice.supplier_id, Invoice.hotel_id).where(
                Invoice.status == InvoiceStatus.ISSUED, Invoice.kind == InvoiceKind.INVOICE,
                Invoice.year == year, Invoice.month == month)).all())
        org = settings.cached(session)
        invoices: dict[tuple[int, int], Invoice] = {}
        pkp: dict[int, bool] = {}
        count = 0
        for (line_id, supplier_id, h_id, day, number, code, name, unit, qty, price, amount,
             is_pkp) in session.execute(stmt):
            if (supplier_id, h_id) in billed:
                continue
            invoice = invoices.get((supplier_id, h_id))
            if invoice is None:
                invoice = Invoice(kind=InvoiceKind.INVOICE, status=InvoiceStatus.DRAFT,
                                  supplier_id=supplier_id, hotel_id=h_id, year=year, month=month,
                                  created_by=audit.current_user(session))
                invoices[(supplier_id, h_id)] = invoice
                pkp[supplier_id] = is_pkp
            invoice.lines.append(InvoiceLine(
                line_no=len(invoice.lines) + 1, delivery_line_id=line_id, delivery_date=day,
                delivery_number=number or "", product_code=code, product_name=name,
                unit=unit.value, quantity=qty, unit_price=price, amount=amount))
            count += 1
        for invoice in invoices.values():
            totals = compute_totals(sum(x.amount for x in invoice.lines),
                                    is_pkp=pkp[invoice.supplier_id], org=org)
            _set_totals(invoice, totals)
            session.add(invoice)
        session.flush()
        audit.record(session, action="generate", entity="invoice", entity_id=None,
                     year=year, month=month, hotel_id=hotel_id, drafts=len(invoices),
                     lines=count, replaced=len(old_ids))
        return GenerateResult(tuple(i.id for i in invoices.values()), count,
                              sum(i.subtotal for i in invoices.values()),
                              sum(i.total for i in invoices.values()), len(old_ids))


def _set_totals(invoice: Invoice, totals: Totals) -> None:
    invoice.subtotal = totals.subtotal
    invoice.tax_base = totals.tax_base
    invoice.ppn_rate = totals.ppn_rate
    invoice.ppn = totals.ppn
    invoice.total = totals.total


# --- issuing ----------------------------------------------------------------


@dataclass(frozen=True)
class IssueResult:
    invoice_id: int
    number: str
    total: int
    due_date: dt.date


def _party_snapshot(invoice: Invoice, supplier: Supplier, hotel: Hotel) -> None:
    invoice.supplier_name = supplier.name
    invoice.supplier_address = ", ".join(x for x in (supplier.address, supplier.city) if x)
    invoice.supplier_phone = supplier.phone
    invoice.supplier_npwp = supplier.npwp
    invoice.supplier_is_pkp = supplier.is_pkp
    invoice.supplier_bank = bank_line(supplier)
    invoice.hotel_billing_name = hotel.billing_name or hotel.name
    invoice.hotel_address = ", ".join(
        x for x in ((hotel.billing_address or hotel.address), hotel.city) if x)
    invoice.hotel_npwp = hotel.npwp


def issue(session: Session, invoice_id: int, *, issue_date: dt.date) -> IssueResult:
    """Session-level: issue one draft (number, snapshot, totals, deliveries invoiced)."""
    invoice = session.scalars(select(Invoice).where(Invoice.id == invoice_id)
                              .with_for_update()).one_or_none()
    if invoice is None:
        raise NotFound(_("This draft no longer exists: it was regenerated or issued on another "
                         "computer. Refresh the list."))
    if invoice.status != InvoiceStatus.DRAFT:
        raise ConflictError(_("This invoice was already issued as {number}.").format(
            number=invoice.number))
    if not invoice.lines:
        raise DomainError(_("An invoice without lines cannot be issued."))
    periods.ensure_open(session, dt.date(invoice.year, invoice.month, 1))
    periods.ensure_open(session, issue_date)
    if issue_date < month_bounds(invoice.year, invoice.month)[0]:
        raise DomainError(_("An invoice for {month} cannot be dated before the month starts.")
                          .format(month=format_month(invoice.year, invoice.month)))
    line_ids = [x.delivery_line_id for x in invoice.lines if x.delivery_line_id is not None]
    # Lock the deliveries (in id order: two PCs never wait on each other crosswise) before
    # asking whether their lines are still free: a PC issuing another month's draft with
    # the same lines waits here until this one commits, then sees them invoiced.
    delivery_ids = list(session.scalars(
        select(DeliveryLine.delivery_id).where(DeliveryLine.id.in_(line_ids)).distinct()))
    session.execute(select(Delivery.id).where(Delivery.id.in_(delivery_ids))
                    .order_by(Delivery.id).with_for_update())
    _ensure_lines_free(session, invoice.id, line_ids)
    supplier = session.get(Supplier, invoice.supplier_id)
    hotel = session.get(Hotel, invoice.hotel_id)
    assert supplier is not None and hotel is not None
    org = settings.cached(session)
    _party_snapshot(invoice, supplier, hotel)
    invoice.office = office_snapshot(session)
    _set_totals(invoice, compute_totals(sum(x.amount for x in invoice.lines),
                                        is_pkp=supplier.is_pkp, org=org))
    invoice.number = numbering.take_number(session, series="INV", year=issue_date.year,
                                           fmt=org.number_format("INV"))
    invoice.status = InvoiceStatus.ISSUED
    invoice.issue_date = issue_date
    invoice.due_date = issue_date + dt.timedelta(days=hotel.payment_terms_days)
    invoice.issued_at = clock.now()
    invoice.issued_by = audit.current_user(session)
    for delivery in session.scalars(select(Delivery).where(Delivery.id.in_(delivery_ids))):
        delivery.status = DeliveryStatus.INVOICED
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(_("Another computer issued this invoice at the same moment."))\
            from exc
    _bill_lines(session, invoice)
    audit.record(session, action="issue", entity="invoice", entity_id=invoice.id,
                 number=invoice.number, total=invoice.total, lines=len(invoice.lines))
    return IssueResult(invoice.id, invoice.number, invoice.total, invoice.due_date)


def _ensure_lines_free(session: Session, invoice_id: int, line_ids: list[int]) -> None:
    """Refuse a draft whose deliveries were cancelled or whose lines another invoice bills."""
    other = aliased(Invoice)
    billed = session.execute(
        select(Delivery.number, Delivery.delivery_date, other.number)
        .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
        .join(InvoiceLine, InvoiceLine.delivery_line_id == DeliveryLine.id)
        .join(other, other.id == InvoiceLine.invoice_id)
        .where(DeliveryLine.id.in_(line_ids), other.id != invoice_id,
               other.status == InvoiceStatus.ISSUED, other.kind == InvoiceKind.INVOICE)
        .order_by(Delivery.delivery_date, Delivery.number)
        .limit(1)).first()
    if billed is not None:
        raise _already_invoiced(*billed)
    stale = session.scalar(
        select(DeliveryLine.id)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(DeliveryLine.id.in_(line_ids), Delivery.status != DeliveryStatus.POSTED)
        .limit(1))
    if stale is not None:
        raise _draft_changed()


def _draft_changed() -> ConflictError:
    return ConflictError(_("Deliveries on this draft changed since it was made (cancelled or "
                           "invoiced elsewhere). Generate the drafts again."))


def _already_invoiced(delivery_number: str | None, day: dt.date,
                      invoice_number: str | None) -> ConflictError:
    return ConflictError(_("The delivery {delivery} of {date} was already invoiced on "
                           "{invoice}. Generate the drafts again.").format(
        delivery=delivery_number or "", date=format_date(day), invoice=invoice_number or ""))


def _bill_lines(session: Session, invoice: Invoice) -> None:
    """Mark the invoice's lines as the billing of their delivery lines. The unique index on
    ``billed_delivery_line_id`` refuses a second billing even when two PCs get past the
    check at once; the savepoint keeps the transaction usable to say which invoice won."""
    try:
        with session.begin_nested():
            for line in invoice.lines:
                line.billed_delivery_line_id = line.delivery_line_id
    except IntegrityError as exc:
        line_ids = [x.delivery_line_id for x in invoice.lines if x.delivery_line_id is not None]
        other = aliased(Invoice)
        billed = session.execute(
            select(Delivery.number, Delivery.delivery_date, other.number)
            .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
            .join(InvoiceLine, InvoiceLine.billed_delivery_line_id == DeliveryLine.id)
            .join(other, other.id == InvoiceLine.invoice_id)
            .where(DeliveryLine.id.in_(line_ids), other.id != invoice.id)
            .order_by(Delivery.delivery_date, Delivery.number)
            .limit(1)).first()
        if billed is None:
            raise _draft_changed() from exc
        raise _already_invoiced(*billed) from exc


def issue_invoices(db: Database, *, invoice_ids: list[int], issue_date: dt.date
                   ) -> tuple[list[IssueResult], list[tuple[int, str]]]:
    """Issue drafts one by one (each its own unit of work): what was issued, and per
    draft that was refused, the message why."""
    db.require(Role.FINANCE)  # refused whole, not draft by draft
    issued: list[IssueResult] = []
    refused: list[tuple[int, str]] = []
    for invoice_id in invoice_ids:
        try:
            with db.unit_of_work(Role.FINANCE) as session:
                issued.append(issue(session, invoice_id, issue_date=issue_date))
        except NotAllowed:
            raise
        except DomainError as exc:
            refused.append((invoice_id, exc.message))
    return issued, refused


def draft_ids(db: Database, *, year: int, month: int, hotel_id: int | None = None) -> list[int]:
    with db.reader() as session:
        stmt = select(Invoice.id).where(Invoice.status == InvoiceStatus.DRAFT,
                                        Invoice.kind == InvoiceKind.INVOICE,
                                        Invoice.year == year, Invoice.month == month)
        if hotel_id is not None:
            stmt = stmt.where(Invoice.hotel_id == hotel_id)
        return list(session.scalars(stmt.order_by(Invoice.hotel_id, Invoice.supplier_id)))


