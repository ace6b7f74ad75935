"""The month's figures recomputed from the ledger, independently of the code that printed them.

``check_month`` reads the raw rows (delivery lines, invoices and their lines, credit
notes, payments, counts, stock movements) with plain queries, redoes every sum with
its own arithmetic, and compares the result with what the documents and screens are
given: each invoice's and credit note's totals, every delivery line billed at most
once, every kuitansi's account, each hotel's recap, each UMKM's statement, the
reconciliation, and every lot's balance against its movements. Each disagreement
names the documents involved. Closing a month runs it and refuses while it finds any.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_month, format_qty, format_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Invoice,
    InvoiceLine,
    Payment,
    Product,
    StockCount,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.enums import CountStatus, DeliveryStatus, InvoiceKind, InvoiceStatus
from hotel_supply.services import settings

ZERO = Decimal(0)


def _half_up(value: Decimal) -> int:
    """Whole rupiah, half up (SPEC rule 1), computed here rather than borrowed."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Disagreement:
    area: str  # what was checked: "delivery", "invoice", "receipt", "recap", ...
    documents: str  # the numbers of the documents involved
    message: str  # what differs, in the user's language

    def __str__(self) -> str:
        return f"[{_(AREAS.get(self.area, self.area))}] {self.documents}: {self.message}"


AREAS = {
    "delivery": N_("delivery note"),
    "billing": N_("billing"),
    "invoice": N_("invoice"),
    "credit note": N_("credit note"),
    "payment": N_("payment"),
    "receipt": N_("receipt"),
    "recap": N_("recap"),
    "statement": N_("statement"),
    "reconciliation": N_("reconciliation"),
    "stock": N_("stock"),
}
FIGURES = {
    "accepted_value": N_("accepted value"),
    "invoiced": N_("invoiced"),
    "credited": N_("credited"),
    "paid": N_("paid"),
    "outstanding": N_("outstanding"),
}


@dataclass
class CheckReport:
    year: int
    month: int
    checked: dict[str, int] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.disagreements

    def summary(self) -> str:
        parts = ", ".join(f"{k} {n}" for k, n in self.checked.items())
        if self.ok:
            return _("{month}: every figure agrees ({parts}).").format(
                month=format_month(self.year, self.month), parts=parts)
        return _("{month}: {n} disagreements ({parts}).").format(
            month=format_month(self.year, self.month), n=len(self.disagreements), parts=parts)


def _month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return start, following - dt.timedelta(days=1)


@dataclass
class _Raw:
    """The rows of the ledger the checks share, read once."""

    invoices: dict[int, Invoice]
    credit_notes: dict[int, list[Invoice]]  # by the invoice they correct
    payments: dict[int, list[Payment]]  # by invoice


def check_month(db: Database, *, year: int, month: int, today: dt.date | None = None,
                progress: Callable[[str], None] | None = None) -> CheckReport:
    """Recompute every figure of a month and list what disagrees."""
    as_of = today or clock.today()
    report = CheckReport(year, month)
    start, end = _month_bounds(year, month)
    say = progress or (lambda _step: None)
    with db.reader() as session:
        say(_("Delivery lines"))
        _check_delivery_lines(session, report, start, end)
        say(_("Invoices and credit notes"))
        raw = _read_invoices(session, year, month)
        _check_billing(session, report, start, end)
        _check_invoices(session, report, raw)
        say(_("Stock lots"))
        _check_lots(session, report)
    say(_("Receipts"))
    _check_receipts(db, report, start, end)
    say(_("Recaps"))
    _check_recaps(db, report, raw, year, month, as_of)
    say(_("Statements"))
    _check_statements(db, report, year, month, as_of)
    say(_("Reconciliation"))
    _check_reconciliation(db, report, raw, year, month, start, end, as_of)
    return report


# --------------------------------------------------------------------------- deliveries


def _check_delivery_lines(session: Session, report: CheckReport, start: dt.date,
                          end: dt.date) -> None:
    rows = session.execute(
        select(Delivery.number, DeliveryLine.line_no, DeliveryLine.delivered_qty,
               DeliveryLine.accepted_qty, DeliveryLine.rejected_qty, DeliveryLine.unit_price,
               DeliveryLine.amount)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Delivery.delivery_date >= start, Delivery.delivery_date <= end,
               Delivery.status != DeliveryStatus.DRAFT)
    ).all()
    report.checked[_("delivery lines")] = len(rows)
    for number, line_no, delivered, accepted, rejected, price, amount in rows:
        where = f"{number} #{line_no}"
        if min(delivered, accepted, rejected) < 0 or accepted + rejected != delivered:
            report.disagreements.append(Disagreement("delivery", where, _(
                "accepted {a} + rejected {r} is not the {d} delivered").format(
                a=format_qty(accepted), r=format_qty(rejected), d=format_qty(delivered))))
        expected = _half_up(accepted * price)
        if amount != expected:
            report.disagreements.append(Disagreement("delivery", where, _(
                "line amount {amount}, but {qty} × {price} is {expected}").format(
                amount=format_rupiah(amount), qty=format_qty(accepted),
                price=format_rupiah(price), expected=format_rupiah(expected))))


def _check_billing(session: Session, report: CheckReport, start: dt.date, end: dt.date) -> None:
    """Every accepted line of an invoiced delivery is on exactly one issued invoice, with the
    delivery line's own quantity, price and amount; no line is on two."""
    billed: dict[int, list[tuple[str, Decimal, int, int]]] = defaultdict(list)
    for line_id, number, qty, price, amount in session.execute(
        select(InvoiceLine.delivery_line_id, Invoice.number, InvoiceLine.quantity,
               InvoiceLine.unit_price, InvoiceLine.amount)
        .join(Invoice, Invoice.id == InvoiceLine.invoice_id)
        .join(DeliveryLine, DeliveryLine.id == InvoiceLine.delivery_line_id)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Invoice.kind == InvoiceKind.INVOICE, Invoice.status == InvoiceStatus.ISSUED,
               Delivery.delivery_date >= start, Delivery.delivery_date <= end)
    ):
        if line_id is not None:
            billed[line_id].append((number or "", qty, price, amount))
    rows = session.execute(
        select(DeliveryLine.id, Delivery.number, Delivery.status, DeliveryLine.line_no,
               DeliveryLine.accepted_qty, DeliveryLine.unit_price, DeliveryLine.amount)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Delivery.delivery_date >= start, Delivery.delivery_date <= end,
               Delivery.status.in_((DeliveryStatus.POSTED, DeliveryStatus.INVOICED,
                                    DeliveryStatus.CANCELLED)))
    ).all()
    for line_id, number, status, line_no, accepted, price, amount in rows:
        on = billed.get(line_id, [])
        where = f"{number} #{line_no}"
        if len(on) > 1:
            report.disagreements.append(Disagreement(
                "billing", ", ".join([where, *(n for n, *_rest in on)]),
                _("one delivery line is billed on {n} invoices").format(n=len(on))))
        if status == DeliveryStatus.INVOICED and accepted > 0 and not on:
            report.disagreements.append(Disagreement("billing", where, _(
                "the delivery is marked invoiced, but this line is on no issued invoice")))
        if status != DeliveryStatus.INVOICED and on:
            report.disagreements.append(Disagreement(
                "billing", ", ".join([where, on[0][0]]),
                _("the line is billed, but its delivery is not marked invoiced")))
        for invoice_number, qty, inv_price, inv_amount in on:
            if (qty, inv_price, inv_amount) != (accepted, price, amount):
                report.disagreements.append(Disagreement(
                    "billing", f"{invoice_number}, {where}",
                    _("the invoice bills {qty} × {price} = {amount}; the delivery note says "
                      "{dqty} × {dprice} = {damount}").format(
                        qty=format_qty(qty), price=format_rupiah(inv_price),
                        amount=format_rupiah(inv_amount), dqty=format_qty(accepted),
                        dprice=format_rupiah(price), damount=format_rupiah(amount))))


# --------------------------------------------------------------------------- invoices


def _read_invoices(session: Session, year: int, month: int) -> _Raw:
    invoices = {i.id: i for i in session.scalars(
        select(Invoice).options(selectinload(Invoice.lines))
        .where(Invoice.kind == InvoiceKind.INVOICE,
                              Invoice.status == InvoiceStatus.ISSUED,
                              Invoice.year == year, Invoice.month == month))}
    ids = list(invoices)
    notes: dict[int, list[Invoice]] = defaultdict(list)
    paid: dict[int, list[Payment]] = defaultdict(list)
    if ids:
        for note in session.scalars(select(Invoice).options(selectinload(Invoice.lines)).where(
                Invoice.kind == InvoiceKind.CREDIT_NOTE, Invoice.status == InvoiceStatus.ISSUED,
                Invoice.corrects_invoice_id.in_(ids)).order_by(Invoice.id)):
            assert note.corrects_invoice_id is not None
            notes[note.corrects_invoice_id].append(note)
        for payment in session.scalars(select(Payment).where(Payment.invoice_id.in_(ids))
                                       .order_by(Payment.paid_on, Payment.id)):
            paid[payment.invoice_id].append(payment)
    session.expunge_all()  # plain objects from here on: the checks read, never write
    return _Raw(invoices, notes, paid)


def _fractions(session: Session) -> list[Decimal]:
    org = settings.cached(session)
    return [Decimal(org.ppn_base_numerator) / Decimal(org.ppn_base_denominator),
            Decimal(11) / Decimal(12), Decimal(1)]


def _check_totals(report: CheckReport, doc: Invoice, fractions: list[Decimal]) -> None:
    number = doc.number or ""
    lines = sum((x.amount for x in doc.lines), 0)
    for x in doc.lines:
        expected = _half_up(x.quantity * x.unit_price)
        if x.amount != expected:
            report.disagreements.append(Disagreement("invoice", number, _(
                "line {n}: {qty} × {price} is {expected}, printed {amount}").format(
                n=x.line_no, qty=format_qty(x.quantity), price=format_rupiah(x.unit_price),
                expected=format_rupiah(expected), amount=format_rupiah(x.amount))))
    if doc.subtotal != lines:
        report.disagreements.append(Disagreement("invoice", number, _(
            "subtotal {subtotal}, but its lines add up to {lines}").format(
            subtotal=format_rupiah(doc.subtotal), lines=format_rupiah(lines))))
    if not doc.supplier_is_pkp:
        if doc.ppn or doc.tax_base:
            report.disagreements.append(Disagreement("invoice", number, _(
                "PPN {ppn} charged by a supplier that is not PKP").format(
                ppn=format_rupiah(doc.ppn))))
    else:
        bases = {_half_up(Decimal(doc.subtotal) * f) for f in fractions}
        if doc.tax_base not in bases:
            report.disagreements.append(Disagreement("invoice", number, _(
                "DPP {base} is not the tax base of the subtotal {subtotal}").format(
                base=format_rupiah(doc.tax_base), subtotal=format_rupiah(doc.subtotal))))
        ppn = _half_up(Decimal(doc.tax_base) * doc.ppn_rate / 100)
        if doc.ppn != ppn:
            report.disagreements.append(Disagreement("invoice", number, _(
                "PPN {ppn}, but {rate}% of {base} is {expected}").format(
                ppn=format_rupiah(doc.ppn), rate=format_qty(doc.ppn_rate),
                base=format_rupiah(doc.tax_base), expected=format_rupiah(ppn))))
    if doc.total != doc.subtotal + doc.ppn:
        report.disagreements.append(Disagreement("invoice", number, _(
            "total {total} is not subtotal {subtotal} + PPN {ppn}").format(
            total=format_rupiah(doc.total), subtotal=format_rupiah(doc.subtotal),
            ppn=format_rupiah(doc.ppn))))


def _check_invoices(session: Session, report: CheckReport, raw: _Raw) -> None:
    fractions = _fractions(session)
    report.checked[_("invoices")] = len(raw.invoices)
    report.checked[_("credit notes")] = sum(len(v) for v in raw.credit_notes.values())
    for invoice in raw.invoices.values():
        _check_totals(report, invoice, fractions)
        notes = raw.credit_notes.get(invoice.id, [])
        credited_qty: dict[int, Decimal] = defaultdict(lambda: ZERO)
        by_line = {x.id: x for x in invoice.lines}
        for note in notes:
            _check_totals(report, note, fractions)
            for x in note.lines:
                original = by_line.get(x.corrects_line_id or 0)
                if original is None:
                    report.disagreements.append(Disagreement(
                        "credit note", f"{note.number}, {invoice.number}",
                        _("line {n} corrects no line of the invoice").format(n=x.line_no)))
                    continue
                credited_qty[original.id] += x.quantity
                if x.unit_price > original.unit_price:
                    report.disagreements.append(Disagreement(
                        "credit note", f"{note.number}, {invoice.number}",
                        _("line {n} credits a price above the invoiced one").format(
                            n=x.line_no)))
        for line_id, qty in credited_qty.items():
            if qty > by_line[line_id].quantity:
                report.disagreements.append(Disagreement("credit note", invoice.number or "", _(
                    "line {n}: {credited} credited of {qty} invoiced").format(
                    n=by_line[line_id].line_no, credited=format_qty(qty),
                    qty=format_qty(by_line[line_id].quantity))))
        credited = sum(n.total for n in notes)
        if credited > invoice.total:
            report.disagreements.append(Disagreement(
                "credit note", ", ".join([invoice.number or "", *(n.number or "" for n in notes)]),
                _("credit notes {credited} exceed the invoice total {total}").format(
                    credited=format_rupiah(credited), total=format_rupiah(invoice.total))))
        received = sum(p.amount for p in raw.payments.get(invoice.id, []) if p.amount > 0)
        if received > invoice.total:
            report.disagreements.append(Disagreement("payment", invoice.number or "", _(
                "payments {received} exceed the invoice total {total}").format(
                received=format_rupiah(received), total=format_rupiah(invoice.total))))


# --------------------------------------------------------------------------- receipts


def _owed_after(invoice: Invoice, notes: Iterable[Invoice], payments: Iterable[Payment],
                payment: Payment) -> tuple[int, list[str]]:
    """What the invoice still asks after ``payment``: its total less the credit notes on
    record then (dated before the payment's day, or on it and issued before it) and every
    payment up to and including this one; and the numbers that make it."""
    owed, numbers = invoice.total, [invoice.number or ""]
    for note in notes:
        stamp = note.issued_at or dt.datetime.min
        assert note.issue_date is not None
        if note.issue_date < payment.paid_on or (note.issue_date == payment.paid_on
                                                 and stamp <= payment.created_at):
            owed -= note.total
            numbers.append(note.number or "")
    for other in payments:
        if (other.paid_on, other.id) <= (payment.paid_on, payment.id):
            owed -= other.amount
            numbers.append(other.number)
    return owed, numbers


def _check_receipts(db: Database, report: CheckReport, start: dt.date, end: dt.date) -> None:
    """Every kuitansi dated in the month, whatever month its invoice bills."""
    from hotel_supply.services.invoice_printing import payment_receipt_data

    with db.reader() as session:
        ids = list(session.scalars(select(Payment.invoice_id).where(
            Payment.paid_on >= start, Payment.paid_on <= end).distinct()))
        invoices = {i.id: i for i in session.scalars(select(Invoice).where(Invoice.id.in_(ids)))}
        notes: dict[int, list[Invoice]] = defaultdict(list)
        for note in session.scalars(select(Invoice).where(
                Invoice.kind == InvoiceKind.CREDIT_NOTE, Invoice.status == InvoiceStatus.ISSUED,
                Invoice.corrects_invoice_id.in_(ids))):
            notes[note.corrects_invoice_id or 0].append(note)
        paid: dict[int, list[Payment]] = defaultdict(list)
        for payment in session.scalars(select(Payment).where(Payment.invoice_id.in_(ids))
                                       .order_by(Payment.paid_on, Payment.id)):
            paid[payment.invoice_id].append(payment)
        session.expunge_all()
    n = 0
    for invoice_id, payments in paid.items():
        invoice = invoices[invoice_id]
        for payment in payments:
            if not start <= payment.paid_on <= end:
                continue
            n += 1
            owed, numbers = _owed_after(invoice, notes.get(invoice_id, []), payments, payment)
            data = payment_receipt_data(db, payment_id=payment.id)
            face = sum(e.amount for e in data.history) + (
                data.amount if data.is_refund else -data.amount)
            where = ", ".join([*numbers[:1], payment.number])
            if face != data.outstanding_after:
                report.disagreements.append(Disagreement("receipt", where, _(
                    "the receipt's lines add up to {face}, but it prints {printed} remaining")
                    .format(face=format_rupiah(face),
                            printed=format_rupiah(data.outstanding_after))))
            if data.outstanding_after != owed:
                report.disagreements.append(Disagreement("receipt", ", ".join(numbers), _(
                    "the receipt leaves {printed} owed; the ledger says {owed}").format(
                    printed=format_rupiah(data.outstanding_after), owed=format_rupiah(owed))))
            if (payment.amount > 0 and owed < 0) or (payment.amount < 0 and owed > 0):
                report.disagreements.append(Disagreement("receipt", ", ".join(numbers), _(
                    "{number} takes the invoice past zero: {owed} after it (the ledger)").format(
                    number=payment.number, owed=format_rupiah(owed))))
            if data.paid_in_full != (owed == 0):
                report.disagreements.append(Disagreement("receipt", where, _(
                    "LUNAS is printed when something is owed, or missing when nothing is")))
    report.checked[_("receipts")] = n


# --------------------------------------------------------------------------- recaps


def _balance_as_of(invoice: Invoice, raw: _Raw, as_of: dt.date) -> tuple[int, int]:
    credited = sum(n.total for n in raw.credit_notes.get(invoice.id, [])
                   if n.issue_date is not None and n.issue_date <= as_of)
    paid = sum(p.amount for p in raw.payments.get(invoice.id, []) if p.paid_on <= as_of)
    return credited, paid


def _check_recaps(db: Database, report: CheckReport, raw: _Raw, year: int, month: int,
                  as_of: dt.date) -> None:
    from hotel_supply.services.invoice_printing import hotel_recap_data

    hotels = sorted({i.hotel_id for i in raw.invoices.values()})
    report.checked[_("recaps")] = len(hotels)
    for hotel_id in hotels:
        recap = hotel_recap_data(db, hotel_id=hotel_id, year=year, month=month, today=as_of)
        ours = [i for i in raw.invoices.values() if i.hotel_id == hotel_id]
        printed = {r.number: r for r in recap.invoices if r.status != "cancelled"}
        where = _("recap {hotel}").format(hotel=recap.hotel.code or recap.hotel.name)
        if set(printed) != {i.number for i in ours}:
            report.disagreements.append(Disagreement("recap", where, _(
                "lists {printed} invoices; the ledger has {ours}").format(
                printed=len(printed), ours=len(ours))))
        for invoice in ours:
            row = printed.get(invoice.number or "")
            if row is None:
                continue
            credited, paid = _balance_as_of(invoice, raw, as_of)
            if (row.total, row.credited, row.paid) != (invoice.total, credited, paid):
                report.disagreements.append(Disagreement("recap", f"{where}, {invoice.number}", _(
                    "prints total {t}, credited {c}, paid {p}; the ledger says {t2}, {c2}, {p2}")
                    .format(t=format_rupiah(row.total), c=format_rupiah(row.credited),
                            p=format_rupiah(row.paid), t2=format_rupiah(invoice.total),
                            c2=format_rupiah(credited), p2=format_rupiah(paid))))
        rows = [r for r in recap.invoices if r.status != "cancelled"]
        t = recap.totals
        face = (sum(r.total for r in rows), sum(r.credited for r in rows),
                sum(r.paid for r in rows), sum(r.outstanding for r in rows))
        if face != (t.total, t.credited, t.paid, t.outstanding) or \
                t.outstanding != t.total - t.credited - t.paid:
            report.disagreements.append(Disagreement("recap", where, _(
                "the totals row does not add up its invoices")))


# --------------------------------------------------------------------------- statements


def _check_statements(db: Database, report: CheckReport, year: int, month: int,
                      as_of: dt.date) -> None:
    """Each UMKM's statement adds up on its face (opening + invoiced − credited − received +
    refunded = closing = the running balance's end = the ageing's total), and its opening and
    closing balances are what the raw invoices, credit notes and payments say."""
    from hotel_supply.services.statement import statement_date, supplier_statement_data

    start, _end = _month_bounds(year, month)
    day = statement_date(year, month, as_of)
    with db.reader() as session:
        docs = session.execute(
            select(Invoice.supplier_id, Invoice.kind, Invoice.id, Invoice.issue_date,
                   Invoice.total)
            .where(Invoice.status == InvoiceStatus.ISSUED, Invoice.issue_date <= day)).all()
        paid = session.execute(
            select(Invoice.supplier_id, Payment.paid_on, Payment.amount)
            .join(Invoice, Invoice.id == Payment.invoice_id)
            .where(Payment.paid_on <= day)).all()
        codes = dict(session.execute(select(Supplier.id, Supplier.code)).all())
    opening: dict[int, int] = defaultdict(int)
    closing: dict[int, int] = defaultdict(int)
    active: set[int] = set()
    for supplier_id, kind, _id, issued, total in docs:
        signed = total if kind == InvoiceKind.INVOICE else -total
        closing[supplier_id] += signed
        if issued is not None and issued < start:
            opening[supplier_id] += signed
        else:
            active.add(supplier_id)
    for supplier_id, paid_on, amount in paid:
        closing[supplier_id] -= amount
        if paid_on < start:
            opening[supplier_id] -= amount
        else:
            active.add(supplier_id)
    suppliers = sorted(active | {s for s, v in closing.items() if v})
    report.checked[_("statements")] = len(suppliers)
    for supplier_id in suppliers:
        data = supplier_statement_data(db, supplier_id=supplier_id, year=year, month=month,
                                       as_of=as_of)
        where = _("statement {supplier}").format(supplier=codes.get(supplier_id, supplier_id))
        face = (data.opening_balance + data.invoiced - data.credited - data.received
                + data.refunded)
        running = data.entries[-1].balance if data.entries else data.opening_balance
        if len({face, data.closing_balance, running, data.ageing.total}) != 1:
            report.disagreements.append(Disagreement("statement", where, _(
                "opening {o} + invoiced {i} − credited {c} − received {r} + refunded {f} = "
                "{face}; it prints closing {closing}, running balance {running}, ageing "
                "{ageing}").format(
                o=format_rupiah(data.opening_balance), i=format_rupiah(data.invoiced),
                c=format_rupiah(data.credited), r=format_rupiah(data.received),
                f=format_rupiah(data.refunded), face=format_rupiah(face),
                closing=format_rupiah(data.closing_balance), running=format_rupiah(running),
                ageing=format_rupiah(data.ageing.total))))
        if (data.opening_balance, data.closing_balance) != (opening[supplier_id],
                                                            closing[supplier_id]):
            report.disagreements.append(Disagreement("statement", where, _(
                "opening {o} and closing {c}; the ledger says {o2} and {c2}").format(
                o=format_rupiah(data.opening_balance), c=format_rupiah(data.closing_balance),
                o2=format_rupiah(opening[supplier_id]), c2=format_rupiah(closing[supplier_id]))))


# --------------------------------------------------------------------------- reconciliation


def _check_reconciliation(db: Database, report: CheckReport, raw: _Raw, year: int, month: int,
                          start: dt.date, end: dt.date, as_of: dt.date) -> None:
    from hotel_supply.services import stock_counts
    from hotel_supply.services.reconciliation import reconcile

    recon = reconcile(db, year=year, month=month, today=as_of)
    where = _("reconciliation {month}").format(month=format_month(year, month))
    with db.reader() as session:
        accepted = session.execute(
            select(Delivery.hotel_id, Delivery.supplier_id, DeliveryLine.accepted_qty,
                   DeliveryLine.unit_price)
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.delivery_date >= start, Delivery.delivery_date <= end,
                   Delivery.status.in_((DeliveryStatus.POSTED, DeliveryStatus.INVOICED)))
        ).all()
        counts = list(session.execute(
            select(StockCount.id, StockCount.number)
            .where(StockCount.status == CountStatus.POSTED, StockCount.count_date >= start,
                   StockCount.count_date <= end)))
        names = dict(session.execute(select(Supplier.id, Supplier.name)).all())
        hotel_names = dict(session.execute(select(Hotel.id, Hotel.name)).all())
    value = sum(_half_up(q * p) for _h, _s, q, p in accepted)
    invoiced = sum(i.total for i in raw.invoices.values())
    credited = sum(n.total for group in raw.credit_notes.values() for n in group)
    paid = sum(p.amount for group in raw.payments.values() for p in group)
    expected = {
        "accepted_value": value, "invoiced": invoiced, "credited": credited, "paid": paid,
        "outstanding": invoiced - credited - paid,
    }
    for key, ours in expected.items():
        theirs = recon.totals.get(key, 0)
        if theirs != ours:
            report.disagreements.append(Disagreement("reconciliation", where, _(
                "{figure}: shows {theirs}, the ledger says {ours}").format(
                figure=_(FIGURES[key]), theirs=format_rupiah(theirs),
                ours=format_rupiah(ours))))
    per_supplier: dict[tuple[str, str], int] = defaultdict(int)
    for h, s, q, p in accepted:
        per_supplier[(hotel_names[h], names[s])] += _half_up(q * p)
    for line in recon.suppliers:
        ours = per_supplier.get((line.hotel_name, line.supplier_name), 0)
        if line.accepted_value != ours:
            report.disagreements.append(Disagreement(
                "reconciliation", f"{where}, {line.supplier_name} @ {line.hotel_name}", _(
                    "accepted value {theirs}, the delivery lines say {ours}").format(
                    theirs=format_rupiah(line.accepted_value), ours=format_rupiah(ours))))
    variance: dict[str, int] = defaultdict(int)
    for check in recon.stock_checks:
        variance[check.count_number] += check.variance_value
    for count_id, number in counts:
        sheet = stock_counts.get_count(db, count_id).difference_value
        if variance.get(number or "", 0) != sheet:
            report.disagreements.append(Disagreement("reconciliation", f"{where}, {number}", _(
                "count difference {theirs}; the count itself says {ours}").format(
                theirs=format_rupiah(variance.get(number or "", 0)),
                ours=format_rupiah(sheet))))
    report.checked[_("counts")] = len(counts)


# --------------------------------------------------------------------------- stock


def _check_lots(session: Session, report: CheckReport) -> None:
    """Every lot's running balance is the sum of its movements."""
    sums = dict(session.execute(
        select(StockMovement.lot_id, func.sum(StockMovement.quantity))
        .where(StockMovement.lot_id.is_not(None)).group_by(StockMovement.lot_id)).all())
    lots = session.execute(
        select(StockLot.id, StockLot.on_hand, StockLot.lot_code, Product.name, Hotel.code)
        .join(Product, Product.id == StockLot.product_id)
        .join(Hotel, Hotel.id == StockLot.hotel_id)).all()
    report.checked[_("stock lots")] = len(lots)
    for lot_id, on_hand, code, product, hotel in lots:
        moved = sums.get(lot_id) or ZERO
        if on_hand != moved:
            report.disagreements.append(Disagreement(
                "stock", f"{hotel} · {product} · {code or lot_id}",
                _("the lot holds {on_hand}, its movements add up to {moved}").format(
                    on_hand=format_qty(on_hand), moved=format_qty(moved))))
