"""Plain data for the month-end documents: the invoice and credit note, the hotel's
monthly recap and the payment receipt. Reads only. (The supplier statement is gathered
in :mod:`hotel_supply.services.statement`.)

An issued invoice prints only from its own rows (parties, lines and totals as
frozen at issue) and carries its issue time as the print time, so a reprint is
the same document byte for byte. A draft has no snapshot yet: it shows the
parties as they stand now.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.data import Organisation, Party
from hotel_supply.documents.invoice_data import (
    HotelRecapData,
    InvoiceDocData,
    InvoiceDocLine,
    PaymentReceiptData,
    RecapInvoice,
    RecapTotals,
    ReceiptEntry,
)
from hotel_supply.documents.month_common import tax_base_fraction
from hotel_supply.i18n import _
from hotel_supply.models import (
    Hotel,
    Invoice,
    InvoiceLine,
    Payment,
    Supplier,
)
from hotel_supply.models.enums import (
    InvoiceKind,
    InvoiceStatus,
    Unit,
    label,
)
from hotel_supply.services.accounts import full_name, full_names, printed_by
from hotel_supply.services.errors import NotFound
from hotel_supply.services.payments import METERAI_ABOVE
from hotel_supply.services.printing import bank_line, office_of, organisation
from hotel_supply.services.statement import supplier_statement_data  # moved there

__all__ = [
    "hotel_recap_data",
    "invoice_data",
    "invoices_data",
    "payment_receipt_data",
    "supplier_statement_data",
]


# --------------------------------------------------------------------------- invoice


def invoice_data(db: Database, *, invoice_id: int) -> InvoiceDocData:
    """Everything an invoice or credit note prints. Issued: only from its own rows."""
    with db.reader() as session:
        invoice = session.get(Invoice, invoice_id)
        if invoice is None:
            raise NotFound(_("The invoice no longer exists."))
        return _invoice_doc(session, invoice)


#: Invoices read together by :func:`invoices_data` (well under any driver's limit).
BATCH = 200


def invoices_data(db: Database, *, invoice_ids: Sequence[int]) -> dict[int, InvoiceDocData]:
    """:func:`invoice_data` of many invoices by id, in the order asked, read together: a
    few queries per :data:`BATCH` invoices instead of several for each. One that no longer
    exists is left out."""
    found: dict[int, InvoiceDocData] = {}
    with db.reader() as session:
        for start in range(0, len(invoice_ids), BATCH):
            found.update(_invoice_docs(session, invoice_ids[start : start + BATCH]))
    return {i: found[i] for i in invoice_ids if i in found}


def _invoice_docs(session: Session, invoice_ids: Sequence[int]) -> dict[int, InvoiceDocData]:
    invoices = list(session.scalars(select(Invoice).where(Invoice.id.in_(invoice_ids))))
    lines: dict[int, list[InvoiceDocLine]] = defaultdict(list)
    for row in session.execute(
        select(
            InvoiceLine.invoice_id,
            InvoiceLine.line_no,
            InvoiceLine.delivery_date,
            InvoiceLine.delivery_number,
            InvoiceLine.product_code,
            InvoiceLine.product_name,
            InvoiceLine.unit,
            InvoiceLine.quantity,
            InvoiceLine.unit_price,
            InvoiceLine.amount,
            InvoiceLine.id,
        )
        .where(InvoiceLine.invoice_id.in_(invoice_ids))
        .order_by(InvoiceLine.invoice_id, InvoiceLine.line_no)
    ):
        lines[row[0]].append(
            InvoiceDocLine(
                line_no=row[1],
                delivery_date=row[2],
                delivery_number=row[3],
                product_code=row[4],
                product_name=row[5],
                unit=_unit_label(row[6]),
                quantity=row[7],
                unit_price=row[8],
                amount=row[9],
                invoice_line_id=row[10],
            )
        )
    wanted = {i.corrects_invoice_id for i in invoices if i.corrects_invoice_id is not None}
    corrected = {
        row[0]: (row[1] or "", row[2])
        for row in session.execute(
            select(Invoice.id, Invoice.number, Invoice.issue_date).where(Invoice.id.in_(wanted))
        )
    }
    names = full_names(
        session, {n for i in invoices for n in (i.issued_by, i.issued_by or i.created_by)}
    )
    offices: dict[str, Organisation] = {}
    found = {}
    for invoice in invoices:
        if invoice.office not in offices:
            offices[invoice.office] = office_of(session, invoice.office)
        found[invoice.id] = _invoice_doc(
            session,
            invoice,
            lines=tuple(lines.get(invoice.id, ())),
            corrected=corrected.get(invoice.corrects_invoice_id or 0, ("", None)),
            names=names,
            office=offices[invoice.office],
        )
    return found


def _unit_label(value: str) -> str:
    try:
        return label(Unit(value))
    except ValueError:  # a unit this version does not know: print it as stored
        return value


def _invoice_doc(
    session: Session,
    invoice: Invoice,
    *,
    lines: tuple[InvoiceDocLine, ...] | None = None,
    corrected: tuple[str, dt.date | None] | None = None,
    names: dict[str, str] | None = None,
    office: Organisation | None = None,
) -> InvoiceDocData:
    """The invoice's document; what is given was read beforehand for many invoices at once
    (:func:`invoices_data`), what is not is read here."""
    draft = invoice.status == InvoiceStatus.DRAFT
    if draft:
        supplier, hotel, is_pkp, bank = _live_parties(session, invoice)
        printed_at = clock.now()
    else:
        supplier = Party(
            code="",
            name=invoice.supplier_name,
            address=invoice.supplier_address,
            phone=invoice.supplier_phone,
            npwp=invoice.supplier_npwp,
        )
        hotel = Party(
            code="",
            name=invoice.hotel_billing_name,
            address=invoice.hotel_address,
            npwp=invoice.hotel_npwp,
        )
        is_pkp, bank = invoice.supplier_is_pkp, invoice.supplier_bank
        printed_at = invoice.issued_at or clock.now()
    corrects_number, corrects_date = corrected or ("", None)
    if corrected is None and invoice.corrects_invoice_id is not None:
        earlier = session.get(Invoice, invoice.corrects_invoice_id)
        if earlier is not None:
            corrects_number, corrects_date = earlier.number or "", earlier.issue_date
    if names is None:
        names = full_names(session, {invoice.issued_by, invoice.issued_by or invoice.created_by})
    lines = lines if lines is not None else tuple(
        InvoiceDocLine(
            line_no=line.line_no,
            delivery_date=line.delivery_date,
            delivery_number=line.delivery_number,
            product_code=line.product_code,
            product_name=line.product_name,
            unit=_unit_label(line.unit),
            quantity=line.quantity,
            unit_price=line.unit_price,
            amount=line.amount,
            invoice_line_id=line.id,
        )
        for line in invoice.lines
    )
    return InvoiceDocData(
        kind=invoice.kind.value,
        number=invoice.number or "",
        status=invoice.status.value,
        year=invoice.year,
        month=invoice.month,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        organisation=office if office is not None else office_of(session, invoice.office),
        supplier=supplier,
        supplier_is_pkp=is_pkp,
        supplier_bank=bank,
        hotel=hotel,
        lines=lines,
        subtotal=invoice.subtotal,
        tax_base=invoice.tax_base,
        tax_base_fraction=tax_base_fraction(invoice.subtotal, invoice.tax_base),
        ppn_rate=invoice.ppn_rate,
        ppn=invoice.ppn,
        total=invoice.total,
        notes=invoice.notes,
        corrects_number=corrects_number,
        corrects_issue_date=corrects_date,
        cancel_reason=invoice.cancel_reason,
        issued_by=_name(names, invoice.issued_by),
        made_by=_name(names, invoice.issued_by or invoice.created_by),
        printed_at=printed_at,
    )


def _name(names: dict[str, str], username: str) -> str:
    """As :func:`~hotel_supply.services.accounts.full_name`, from names read beforehand."""
    return names.get(username, username)


def _live_parties(session: Session, invoice: Invoice) -> tuple[Party, Party, bool, str]:
    """A draft's parties as they are now (what issuing would freeze)."""
    s = session.get(Supplier, invoice.supplier_id)
    h = session.get(Hotel, invoice.hotel_id)
    if s is None or h is None:
        raise NotFound(_("The invoice no longer exists."))
    supplier = Party(
        code=s.code, name=s.name, address=s.address, city=s.city, phone=s.phone, npwp=s.npwp
    )
    hotel = Party(
        code=h.code,
        name=h.billing_name or h.name,
        address=h.billing_address or h.address,
        city=h.city,
        npwp=h.npwp,
    )
    bank = bank_line(s)
    return supplier, hotel, s.is_pkp, bank


# --------------------------------------------------------------------------- balances


def _credited_by(
    session: Session, invoice_ids: list[int], as_of: dt.date
) -> dict[int, list[tuple[str, int]]]:
    """Per invoice, its issued credit notes (number, total) dated up to ``as_of``."""
    found: dict[int, list[tuple[str, int]]] = defaultdict(list)
    if not invoice_ids:
        return found
    for corrects, number, total in session.execute(
        select(Invoice.corrects_invoice_id, Invoice.number, Invoice.total)
        .where(
            Invoice.corrects_invoice_id.in_(invoice_ids),
            Invoice.kind == InvoiceKind.CREDIT_NOTE,
            Invoice.status == InvoiceStatus.ISSUED,
            Invoice.issue_date <= as_of,
        )
        .order_by(Invoice.issue_date, Invoice.id)
    ):
        if corrects is not None:
            found[corrects].append((number or "", total))
    return found


def _paid_by(session: Session, invoice_ids: list[int], as_of: dt.date) -> dict[int, int]:
    if not invoice_ids:
        return {}
    return {
        invoice_id: int(paid)
        for invoice_id, paid in session.execute(
            select(Payment.invoice_id, func.sum(Payment.amount))
            .where(Payment.invoice_id.in_(invoice_ids), Payment.paid_on <= as_of)
            .group_by(Payment.invoice_id)
        )
    }


def _state(outstanding: int, paid: int, due: dt.date | None, as_of: dt.date) -> str:
    if outstanding < 0:
        return "overpaid"  # credited after payment: money is owed back to the hotel
    if outstanding == 0:
        return "paid"
    if due is not None and due < as_of:
        return "overdue"
    return "partly_paid" if paid > 0 else "unpaid"


# --------------------------------------------------------------------------- hotel recap


def hotel_recap_data(
    db: Database, *, hotel_id: int, year: int, month: int, today: dt.date | None = None
) -> HotelRecapData:
    """Every supplier's invoice of the month for one hotel, with credits and payments up to
    ``today``, and the delivery notes each one bills. Cancelled invoices are listed (their
    numbers stay accounted for) but count in no total."""
    as_of = today or clock.today()
    with db.reader() as session:
        hotel = session.get(Hotel, hotel_id)
        if hotel is None:
            raise NotFound(_("The hotel no longer exists."))
        invoices = list(
            session.scalars(
                select(Invoice)
                .join(Supplier, Supplier.id == Invoice.supplier_id)
                .where(
                    Invoice.hotel_id == hotel_id,
                    Invoice.year == year,
                    Invoice.month == month,
                    Invoice.kind == InvoiceKind.INVOICE,
                    Invoice.status != InvoiceStatus.DRAFT,
                )
                .order_by(Supplier.name, Invoice.number)
            )
        )
        drafts = (
            session.scalar(
                select(func.count(Invoice.id)).where(
                    Invoice.hotel_id == hotel_id,
                    Invoice.year == year,
                    Invoice.month == month,
                    Invoice.kind == InvoiceKind.INVOICE,
                    Invoice.status == InvoiceStatus.DRAFT,
                )
            )
            or 0
        )
        ids = [i.id for i in invoices]
        credits = _credited_by(session, ids, as_of)
        paid = _paid_by(session, ids, as_of)
        notes = _delivery_numbers(session, ids)
        rows = []
        for invoice in invoices:
            cancelled = invoice.status == InvoiceStatus.CANCELLED
            credited = sum(total for _n, total in credits.get(invoice.id, []))
            got = paid.get(invoice.id, 0)
            outstanding = invoice.total - credited - got
            rows.append(
                RecapInvoice(
                    number=invoice.number or "",
                    status=invoice.status.value,
                    supplier_name=invoice.supplier_name,
                    issue_date=invoice.issue_date,
                    due_date=invoice.due_date,
                    subtotal=invoice.subtotal,
                    ppn=invoice.ppn,
                    total=invoice.total,
                    credited=credited,
                    paid=got,
                    state="cancelled"
                    if cancelled
                    else _state(outstanding, got, invoice.due_date, as_of),
                    delivery_numbers=notes.get(invoice.id, ()),
                    credit_notes=tuple(n for n, _t in credits.get(invoice.id, [])),
                )
            )
        live = [r for r in rows if r.status != "cancelled"]
        totals = RecapTotals(
            subtotal=sum(r.subtotal for r in live),
            ppn=sum(r.ppn for r in live),
            total=sum(r.total for r in live),
            credited=sum(r.credited for r in live),
            paid=sum(r.paid for r in live),
            outstanding=sum(r.outstanding for r in live),
        )
        party = Party(
            code=hotel.code,
            name=hotel.name,
            address=hotel.address,
            city=hotel.city,
            contact=hotel.billing_name,
            npwp=hotel.npwp,
        )
        return HotelRecapData(
            organisation=organisation(session),
            made_by=printed_by(session),
            hotel=party,
            year=year,
            month=month,
            as_of=as_of,
            invoices=tuple(rows),
            totals=totals,
            draft_count=int(drafts),
            printed_at=clock.now(),
        )


def _delivery_numbers(session: Session, invoice_ids: list[int]) -> dict[int, tuple[str, ...]]:
    """Per invoice, the distinct delivery note numbers on its lines, in line order."""
    found: dict[int, list[str]] = defaultdict(list)
    if not invoice_ids:
        return {}
    for invoice_id, number in session.execute(
        select(InvoiceLine.invoice_id, InvoiceLine.delivery_number)
        .where(InvoiceLine.invoice_id.in_(invoice_ids))
        .order_by(InvoiceLine.invoice_id, InvoiceLine.line_no)
    ):
        if number and number not in found[invoice_id]:
            found[invoice_id].append(number)
    return {k: tuple(v) for k, v in found.items()}


# --------------------------------------------------------------------------- receipt


def payment_receipt_data(db: Database, *, payment_id: int) -> PaymentReceiptData:
    """The kuitansi of one payment (or refund): the invoice total, each credit note and each
    earlier payment or refund (number, date, amount), this payment and what remains, so the
    paper adds up on its face. What counts is what was on record when this payment was
    recorded (credit notes dated before its day, or on its day and issued before it), so a
    reprint is the same document. LUNAS when nothing is owed after it; a meterai box above
    Rp5.000.000."""
    with db.reader() as session:
        payment = session.get(Payment, payment_id)
        if payment is None:
            raise NotFound(_("The payment no longer exists."))
        invoice = payment.invoice
        entries: list[tuple[dt.date, dt.datetime, ReceiptEntry]] = []
        for number, day, issued_at, total in session.execute(
            select(Invoice.number, Invoice.issue_date, Invoice.issued_at, Invoice.total).where(
                Invoice.corrects_invoice_id == invoice.id,
                Invoice.kind == InvoiceKind.CREDIT_NOTE,
                Invoice.status == InvoiceStatus.ISSUED,
            )
        ):
            stamp = issued_at or dt.datetime.min
            if day is None:  # an issued credit note always has its date
                continue
            if day < payment.paid_on or (day == payment.paid_on and stamp <= payment.created_at):
                entries.append((day, stamp, ReceiptEntry("credit_note", number or "", day,
                                                         -total)))
        for number, day, created_at, amount, other_id in session.execute(
            select(Payment.number, Payment.paid_on, Payment.created_at, Payment.amount,
                   Payment.id).where(Payment.invoice_id == invoice.id, Payment.id != payment.id)
        ):
            if (day, other_id) < (payment.paid_on, payment.id):
                kind = "refund" if amount < 0 else "payment"
                entries.append((day, created_at, ReceiptEntry(kind, number, day, -amount)))
        entries.sort(key=lambda e: (e[0], e[1], e[2].number))
        history = (
            ReceiptEntry("invoice", invoice.number or "", invoice.issue_date, invoice.total),
            *(e[2] for e in entries),
        )
        credited = -sum(e.amount for e in history if e.kind == "credit_note")
        paid_before = -sum(e.amount for e in history if e.kind in ("payment", "refund"))
        after = sum(e.amount for e in history) - payment.amount
        org = office_of(session, invoice.office)
        return PaymentReceiptData(
            organisation=org,
            number=payment.number,
            paid_on=payment.paid_on,
            amount=abs(payment.amount),
            method=label(payment.method),
            reference=payment.reference,
            payer=invoice.hotel_billing_name,
            hotel_address=invoice.hotel_address,
            supplier_name=invoice.supplier_name,
            invoice_number=invoice.number or "",
            invoice_issue_date=invoice.issue_date,
            invoice_total=invoice.total,
            credited=credited,
            paid_before=paid_before,
            outstanding_after=after,
            paid_in_full=after == 0,
            needs_meterai=abs(payment.amount) > METERAI_ABOVE,
            meterai_above=METERAI_ABOVE,
            received_by=full_name(session, payment.created_by),
            made_by=full_name(session, payment.created_by),
            notes=payment.notes,
            city=org.city,
            printed_at=payment.created_at,
            history=history,
            is_refund=payment.amount < 0,
        )
