"""Month-end reconciliation (SPEC section 5): ordered, delivered, accepted, rejected,
invoiced, credited, paid and outstanding side by side, book stock against the counts,
and every difference as an exception that points at the document behind it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_date, format_qty, format_rupiah, round_rupiah
from hotel_supply.i18n import N_, _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Invoice,
    InvoiceLine,
    Order,
    OrderLine,
    Payment,
    PriceAgreement,
    Product,
    StockCount,
    StockCountLine,
    StockLot,
    Supplier,
)
from hotel_supply.models.enums import (
    CountStatus,
    DeliveryStatus,
    InvoiceKind,
    InvoiceStatus,
    OrderStatus,
    RejectionReason,
    Unit,
    label,
)
from hotel_supply.services.invoicing import month_bounds
from hotel_supply.services.orders import materialise_standing_orders
from hotel_supply.services.permissions import ANY_ROLE

ZERO = Decimal(0)


class ExceptionKind(StrEnum):
    UNPOSTED = "unposted"  # a delivery still a draft
    NOT_INVOICED = "not_invoiced"  # posted, accepted goods, on no issued invoice
    NOT_DELIVERED = "not_delivered"  # an order of a past day that never came
    PRICE_DIFFERS = "price_differs"  # line price is not the agreement's price on that day
    OVERDUE = "overdue"  # an issued invoice past its due date, still owed
    COUNT_VARIANCE = "count_variance"  # a posted count found a difference
    REFUND_DUE = "refund_due"  # credit notes after payment: money is owed back to the hotel


EXCEPTION_LABELS = {
    ExceptionKind.UNPOSTED: N_("Delivery not posted"),
    ExceptionKind.NOT_INVOICED: N_("Delivery not invoiced"),
    ExceptionKind.NOT_DELIVERED: N_("Order not delivered"),
    ExceptionKind.PRICE_DIFFERS: N_("Price differs from the agreement"),
    ExceptionKind.OVERDUE: N_("Invoice overdue"),
    ExceptionKind.COUNT_VARIANCE: N_("Count variance"),
    ExceptionKind.REFUND_DUE: N_("Refund due to the hotel"),
}


@dataclass(frozen=True)
class ProductLine:
    hotel_name: str
    supplier_name: str
    product_code: str
    product_name: str
    unit: Unit
    ordered: Decimal
    delivered: Decimal
    accepted: Decimal
    rejected: Decimal
    accepted_value: int
    rejected_value: int
    rejection_reasons: str  # "Rusak 2, Mutu 1"
    invoiced_qty: Decimal
    invoiced_value: int  # before PPN, on issued invoices
    credited_value: int  # before PPN, on issued credit notes

    @property
    def fill_rate(self) -> Decimal | None:
        if self.ordered <= 0:
            return None
        return (min(self.delivered, self.ordered) / self.ordered * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class SupplierLine:
    """One supplier at one hotel. Quantities of its products are never added together
    (their units differ): the fill rate is the mean of its products' fill rates. Money
    columns are the month's invoices with PPN, their credit notes with PPN, and what was
    received on them and refunded."""

    hotel_id: int
    hotel_name: str
    supplier_id: int
    supplier_name: str
    products: int  # products ordered or delivered
    fill_rate: Decimal | None  # mean of the products' fill rates, percent
    accepted_value: int
    rejected_value: int
    invoiced: int  # invoice totals of the month (with PPN)
    credited: int  # their credit notes (with PPN)
    received: int  # payments received on them
    refunded: int = 0  # money paid back to the hotel on them

    @property
    def paid(self) -> int:
        return self.received - self.refunded

    @property
    def outstanding(self) -> int:
        """Still owed by the hotel; negative when money is owed back to it."""
        return self.invoiced - self.credited - self.paid


@dataclass(frozen=True)
class StockCheck:
    hotel_name: str
    count_number: str
    count_date: dt.date
    product_name: str
    unit: Unit
    book: Decimal
    counted: Decimal
    variance_value: int

    @property
    def variance(self) -> Decimal:
        return self.counted - self.book


@dataclass(frozen=True)
class ReconException:
    kind: ExceptionKind
    day: dt.date | None
    hotel_name: str
    supplier_name: str
    description: str
    amount: int
    ref_kind: str  # "delivery" | "order" | "invoice" | "count": what opens
    ref_id: int

    @property
    def title(self) -> str:
        return _(EXCEPTION_LABELS[self.kind])


@dataclass(frozen=True)
class Reconciliation:
    year: int
    month: int
    hotel_id: int | None
    hotel_name: str  # "" for all hotels
    made_at: dt.datetime
    products: tuple[ProductLine, ...]
    suppliers: tuple[SupplierLine, ...]
    stock_checks: tuple[StockCheck, ...]
    exceptions: tuple[ReconException, ...]
    totals: dict[str, int] = field(default_factory=dict)

    @property
    def fill_rate(self) -> Decimal | None:
        """The mean of the products' fill rates (quantities of different units are never
        added together)."""
        return mean_fill_rate(self.products)


def mean_fill_rate(products: Iterable[ProductLine]) -> Decimal | None:
    rates = [p.fill_rate for p in products if p.fill_rate is not None]
    if not rates:
        return None
    return (sum(rates, ZERO) / len(rates)).quantize(Decimal("0.1"))


def prepare_month(db: Database, *, year: int, month: int, today: dt.date | None = None) -> None:
    """Make sure the standing orders of every past day of the month exist (fill rate)."""
    start, end = month_bounds(year, month)
    last = min(end, (today or clock.today()) - dt.timedelta(days=1))
    with db.unit_of_work(*ANY_ROLE) as session:
        day = start
        while day <= last:
            materialise_standing_orders(session, day=day)
            day += dt.timedelta(days=1)


def reconcile(db: Database, *, year: int, month: int, hotel_id: int | None = None,
              today: dt.date | None = None) -> Reconciliation:
    """The month side by side; read-only (call ``prepare_month`` first for standing orders)."""
    today = today or clock.today()
    with db.reader() as session:
        return _reconcile(session, year, month, hotel_id, today)


def _reconcile(session: Session, year: int, month: int, hotel_id: int | None,
               today: dt.date) -> Reconciliation:
    start, end = month_bounds(year, month)
    names = {
        "hotel": dict(session.execute(select(Hotel.id, Hotel.name)).all()),
        "supplier": dict(session.execute(select(Supplier.id, Supplier.name)).all()),
    }

    def where_hotel(column: InstrumentedAttribute[int]) -> list[ColumnElement[bool]]:
        return [] if hotel_id is None else [column == hotel_id]

    Key = tuple[int, int, int]  # hotel, supplier, product
    ordered: dict[Key, Decimal] = defaultdict(lambda: ZERO)
    for h, s, p, q in session.execute(
        select(Order.hotel_id, Order.supplier_id, OrderLine.product_id,
               func.sum(OrderLine.quantity))
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.order_date >= start, Order.order_date <= end,
               Order.status != OrderStatus.CANCELLED, *where_hotel(Order.hotel_id))
        .group_by(Order.hotel_id, Order.supplier_id, OrderLine.product_id)
    ):
        ordered[(h, s, p)] = q

    got: dict[Key, list[Decimal | int]] = {}
    reasons: dict[Key, dict[RejectionReason, Decimal]] = defaultdict(dict)
    live = (DeliveryStatus.POSTED, DeliveryStatus.INVOICED)
    lines = session.execute(
        select(Delivery.hotel_id, Delivery.supplier_id, DeliveryLine.product_id,
               DeliveryLine.delivered_qty, DeliveryLine.accepted_qty, DeliveryLine.rejected_qty,
               DeliveryLine.amount, DeliveryLine.unit_price, DeliveryLine.rejection_reason)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Delivery.delivery_date >= start, Delivery.delivery_date <= end,
               Delivery.status.in_(live), *where_hotel(Delivery.hotel_id))
    ).all()
    for h, s, p, delivered, accepted, rejected, amount, price, reason in lines:
        row = got.setdefault((h, s, p), [ZERO, ZERO, ZERO, 0, 0])
        row[0] += delivered
        row[1] += accepted
        row[2] += rejected
        row[3] += amount
        row[4] += round_rupiah(rejected * price)
        if rejected and reason:
            reasons[(h, s, p)][reason] = reasons[(h, s, p)].get(reason, ZERO) + rejected

    invoiced: dict[Key, list[Decimal | int]] = {}
    credited: dict[Key, int] = defaultdict(int)
    for kind, h, s, p, qty, amount in session.execute(
        select(Invoice.kind, Invoice.hotel_id, Invoice.supplier_id, DeliveryLine.product_id,
               InvoiceLine.quantity, InvoiceLine.amount)
        .join(InvoiceLine, InvoiceLine.invoice_id == Invoice.id)
        .join(DeliveryLine, DeliveryLine.id == InvoiceLine.delivery_line_id)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Invoice.status == InvoiceStatus.ISSUED, Delivery.delivery_date >= start,
               Delivery.delivery_date <= end, *where_hotel(Invoice.hotel_id))
    ):
        if kind == InvoiceKind.CREDIT_NOTE:
            credited[(h, s, p)] += amount
        else:
            row = invoiced.setdefault((h, s, p), [ZERO, 0])
            row[0] += qty
            row[1] += amount

    keys = set(ordered) | set(got) | set(invoiced)
    products = {r[0]: r[1:] for r in session.execute(
        select(Product.id, Product.code, Product.name, Product.unit)
        .where(Product.id.in_({k[2] for k in keys})))} if keys else {}
    product_lines = []
    for key in sorted(keys, key=lambda k: (names["hotel"][k[0]], names["supplier"][k[1]].lower(),
                                           products[k[2]][1].lower())):
        h, s, p = key
        d = got.get(key, [ZERO, ZERO, ZERO, 0, 0])
        inv = invoiced.get(key, [ZERO, 0])
        why = ", ".join(f"{label(r)} {format_qty(q)}" for r, q in sorted(reasons[key].items()))
        product_lines.append(ProductLine(
            names["hotel"][h], names["supplier"][s], products[p][0], products[p][1],
            products[p][2], ordered.get(key, ZERO), Decimal(d[0]), Decimal(d[1]), Decimal(d[2]),
            int(d[3]), int(d[4]), why, Decimal(inv[0]), int(inv[1]), credited.get(key, 0)))

    suppliers = _supplier_lines(session, start, end, hotel_id, names, product_lines, ordered, got)
    checks = _stock_checks(session, start, end, hotel_id, names)
    exceptions = _exceptions(session, start, end, hotel_id, today, names, checks)
    totals = {
        "accepted_value": sum(p.accepted_value for p in product_lines),
        "rejected_value": sum(p.rejected_value for p in product_lines),
        "invoiced": sum(s.invoiced for s in suppliers),
        "credited": sum(s.credited for s in suppliers),
        "paid": sum(s.paid for s in suppliers),
        "received": sum(s.received for s in suppliers),
        "refunded": sum(s.refunded for s in suppliers),
        "outstanding": sum(s.outstanding for s in suppliers),
        "not_invoiced": sum(e.amount for e in exceptions
                            if e.kind == ExceptionKind.NOT_INVOICED),
    }
    return Reconciliation(year, month, hotel_id, names["hotel"].get(hotel_id, "") if hotel_id
                          else "", clock.now(), tuple(product_lines), tuple(suppliers),
                          tuple(checks), tuple(exceptions), totals)


def _supplier_lines(session: Session, start: dt.date, end: dt.date, hotel_id: int | None,
                    names: dict[str, dict[int, str]], products: list[ProductLine],
                    ordered: dict[tuple[int, int, int], Decimal],
                    got: dict[tuple[int, int, int], list[Decimal | int]]) -> list[SupplierLine]:
    # invoiced, credited, received, refunded: the month's invoices, with PPN
    money: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    stmt = (select(Invoice.id, Invoice.hotel_id, Invoice.supplier_id, Invoice.total)
            .where(Invoice.status == InvoiceStatus.ISSUED, Invoice.kind == InvoiceKind.INVOICE,
                   Invoice.year == start.year, Invoice.month == start.month))
    if hotel_id is not None:
        stmt = stmt.where(Invoice.hotel_id == hotel_id)
    invoice_ids = []
    for invoice_id, h, s, total in session.execute(stmt):
        money[(h, s)][0] += total
        invoice_ids.append(invoice_id)
    if invoice_ids:
        for h, s, total in session.execute(
            select(Invoice.hotel_id, Invoice.supplier_id, func.sum(Invoice.total))
            .where(Invoice.corrects_invoice_id.in_(invoice_ids),
                   Invoice.kind == InvoiceKind.CREDIT_NOTE,
                   Invoice.status == InvoiceStatus.ISSUED)
            .group_by(Invoice.hotel_id, Invoice.supplier_id)
        ):
            money[(h, s)][1] += int(total)
        for h, s, amount in session.execute(
            select(Invoice.hotel_id, Invoice.supplier_id, Payment.amount)
            .join(Payment, Payment.invoice_id == Invoice.id)
            .where(Invoice.id.in_(invoice_ids))
        ):
            if amount >= 0:
                money[(h, s)][2] += amount
            else:
                money[(h, s)][3] -= amount
    # accepted value, rejected value
    values: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for (h, s, _p), d in got.items():
        values[(h, s)][0] += int(d[3])
        values[(h, s)][1] += int(d[4])
    per_product: dict[tuple[str, str], list[ProductLine]] = defaultdict(list)
    for line in products:
        per_product[(line.hotel_name, line.supplier_name)].append(line)
    keys = {(h, s) for h, s, _p in ordered} | {(h, s) for h, s, _p in got} | set(money)
    return [
        SupplierLine(h, names["hotel"][h], s, names["supplier"][s],
                     len(per_product[(names["hotel"][h], names["supplier"][s])]),
                     mean_fill_rate(per_product[(names["hotel"][h], names["supplier"][s])]),
                     *values[(h, s)], *money[(h, s)])
        for h, s in sorted(keys, key=lambda k: (names["hotel"][k[0]],
                                                names["supplier"][k[1]].lower()))
    ]


@dataclass
class _CountTally:
    name: str
    unit: Unit
    book: Decimal = ZERO
    counted: Decimal = ZERO
    value: int = 0


def _stock_checks(session: Session, start: dt.date, end: dt.date, hotel_id: int | None,
                  names: dict[str, dict[int, str]]) -> list[StockCheck]:
    """Per posted count of the month and product, book against counted. Each line (lot) is
    valued as the count itself values it: its difference × the lot's receipt price (the
    product's standard price for a line without a lot), rounded per line."""
    stmt = (
        select(StockCount.hotel_id, StockCount.number, StockCount.count_date, Product.id,
               Product.name, Product.unit, StockCountLine.book_qty, StockCountLine.counted_qty,
               StockLot.unit_cost, Product.standard_price)
        .join(StockCountLine, StockCountLine.count_id == StockCount.id)
        .join(Product, Product.id == StockCountLine.product_id)
        .join(StockLot, StockLot.id == StockCountLine.lot_id, isouter=True)
        .where(StockCount.status == CountStatus.POSTED, StockCount.count_date >= start,
               StockCount.count_date <= end)
    )
    if hotel_id is not None:
        stmt = stmt.where(StockCount.hotel_id == hotel_id)
    per: dict[tuple[int, str, dt.date, int], _CountTally] = {}
    for h, number, day, p_id, name, unit, book, counted, lot_cost, standard in \
            session.execute(stmt):
        tally = per.setdefault((h, number or "", day, p_id), _CountTally(name, unit))
        counted = counted if counted is not None else book
        cost = lot_cost if lot_cost is not None else standard
        tally.book += book
        tally.counted += counted
        tally.value += round_rupiah((counted - book) * int(cost or 0))
    checks = [
        StockCheck(names["hotel"][h], number, day, t.name, t.unit, t.book, t.counted, t.value)
        for (h, number, day, _p), t in per.items()
        if t.book != t.counted
    ]
    checks.sort(key=lambda c: (c.hotel_name, c.count_date, c.product_name))
    return checks


def _exceptions(session: Session, start: dt.date, end: dt.date, hotel_id: int | None,
                today: dt.date, names: dict[str, dict[int, str]],
                checks: list[StockCheck]) -> list[ReconException]:
    found: list[ReconException] = []

    def deliveries(status: DeliveryStatus) -> list[tuple[int, dt.date, int, int, str, int]]:
        stmt = (
            select(Delivery.id, Delivery.delivery_date, Delivery.hotel_id, Delivery.supplier_id,
                   Delivery.number, func.coalesce(func.sum(DeliveryLine.amount), 0))
            .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id, isouter=True)
            .where(Delivery.status == status, Delivery.delivery_date >= start,
                   Delivery.delivery_date <= end)
            .group_by(Delivery.id, Delivery.delivery_date, Delivery.hotel_id,
                      Delivery.supplier_id, Delivery.number)
        )
        if hotel_id is not None:
            stmt = stmt.where(Delivery.hotel_id == hotel_id)
        return [(r[0], r[1], r[2], r[3], r[4] or "", int(r[5])) for r in session.execute(stmt)]

    for d_id, day, h, s, _number, value in deliveries(DeliveryStatus.DRAFT):
        found.append(ReconException(ExceptionKind.UNPOSTED, day, names["hotel"][h],
                                    names["supplier"][s], _("Still a draft"), value,
                                    "delivery", d_id))
    for d_id, day, h, s, number, value in deliveries(DeliveryStatus.POSTED):
        if value > 0:
            found.append(ReconException(ExceptionKind.NOT_INVOICED, day, names["hotel"][h],
                                        names["supplier"][s], number, value, "delivery", d_id))
    stmt = (select(Order.id, Order.order_date, Order.hotel_id, Order.supplier_id)
            .where(Order.status == OrderStatus.OPEN, Order.order_date >= start,
                   Order.order_date <= end, Order.order_date < today))
    if hotel_id is not None:
        stmt = stmt.where(Order.hotel_id == hotel_id)
    for o_id, day, h, s in session.execute(stmt):
        found.append(ReconException(ExceptionKind.NOT_DELIVERED, day, names["hotel"][h],
                                    names["supplier"][s], _("Nothing arrived"), 0, "order", o_id))
    found.extend(_price_exceptions(session, start, end, hotel_id, names))
    credited = aliased(Invoice)
    owed = (Invoice.total
            - select(func.coalesce(func.sum(credited.total), 0))
            .where(credited.corrects_invoice_id == Invoice.id,
                   credited.status == InvoiceStatus.ISSUED).scalar_subquery()
            - select(func.coalesce(func.sum(Payment.amount), 0))
            .where(Payment.invoice_id == Invoice.id).scalar_subquery())
    stmt2 = (select(Invoice.id, Invoice.due_date, Invoice.hotel_id, Invoice.supplier_id,
                    Invoice.number, owed)
             .where(Invoice.kind == InvoiceKind.INVOICE, Invoice.status == InvoiceStatus.ISSUED,
                    Invoice.due_date < today, owed > 0,
                    (Invoice.year * 100 + Invoice.month) <= start.year * 100 + start.month))
    if hotel_id is not None:
        stmt2 = stmt2.where(Invoice.hotel_id == hotel_id)
    for i_id, due, h, s, invoice_number, amount in session.execute(stmt2):
        found.append(ReconException(
            ExceptionKind.OVERDUE, due, names["hotel"][h], names["supplier"][s],
            _("{number}, due {date}").format(number=invoice_number, date=format_date(due)),
            int(amount), "invoice", i_id))
    stmt3 = (select(Invoice.id, Invoice.issue_date, Invoice.hotel_id, Invoice.supplier_id,
                    Invoice.number, owed)
             .where(Invoice.kind == InvoiceKind.INVOICE, Invoice.status == InvoiceStatus.ISSUED,
                    owed < 0,
                    (Invoice.year * 100 + Invoice.month) <= start.year * 100 + start.month))
    if hotel_id is not None:
        stmt3 = stmt3.where(Invoice.hotel_id == hotel_id)
    for i_id, issued_on, h, s, invoice_number, amount in session.execute(stmt3):
        found.append(ReconException(
            ExceptionKind.REFUND_DUE, issued_on, names["hotel"][h], names["supplier"][s],
            _("{number}: credited after payment; {amount} to pay back to the hotel").format(
                number=invoice_number, amount=format_rupiah(-int(amount))),
            -int(amount), "invoice", i_id))
    counts = session.execute(select(StockCount.id, StockCount.number).where(
        StockCount.status == CountStatus.POSTED, StockCount.count_date >= start,
        StockCount.count_date <= end)).all()
    by_number = {number or "": c_id for c_id, number in counts}
    variance: dict[str, list[StockCheck]] = defaultdict(list)
    for check in checks:
        variance[check.count_number].append(check)
    for number, rows in variance.items():
        found.append(ReconException(
            ExceptionKind.COUNT_VARIANCE, rows[0].count_date, rows[0].hotel_name, "",
            _("{number}: {n} products differ").format(number=number, n=len(rows)),
            sum(r.variance_value for r in rows), "count", by_number.get(number, 0)))
    order = list(ExceptionKind)
    found.sort(key=lambda e: (order.index(e.kind), e.day or dt.date.min, e.hotel_name,
                              e.supplier_name))
    return found


def _price_exceptions(session: Session, start: dt.date, end: dt.date, hotel_id: int | None,
                      names: dict[str, dict[int, str]]) -> list[ReconException]:
    """Lines whose kept price is not what the agreements (or the standard price) say today."""
    stmt = (
        select(Delivery.id, Delivery.delivery_date, Delivery.hotel_id, Delivery.supplier_id,
               Delivery.number, DeliveryLine.product_id, Product.name, Product.standard_price,
               DeliveryLine.unit_price, DeliveryLine.accepted_qty)
        .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
        .join(Product, Product.id == DeliveryLine.product_id)
        .where(Delivery.delivery_date >= start, Delivery.delivery_date <= end,
               Delivery.status.in_((DeliveryStatus.POSTED, DeliveryStatus.INVOICED)),
               DeliveryLine.accepted_qty > 0)
    )
    if hotel_id is not None:
        stmt = stmt.where(Delivery.hotel_id == hotel_id)
    rows = session.execute(stmt).all()
    if not rows:
        return []
    agreements: dict[tuple[int, int], list[tuple[dt.date, dt.date | None, int]]] = \
        defaultdict(list)
    for h, p, price, valid_from, valid_to in session.execute(
        select(PriceAgreement.hotel_id, PriceAgreement.product_id, PriceAgreement.price,
               PriceAgreement.valid_from, PriceAgreement.valid_to)
        .where(PriceAgreement.active.is_(True), PriceAgreement.valid_from <= end,
               PriceAgreement.product_id.in_({r[5] for r in rows}))
    ):
        agreements[(h, p)].append((valid_from, valid_to, price))
    found = []
    for d_id, day, h, s, number, p, name, standard, price, qty in rows:
        valid = [a for a in agreements.get((h, p), [])
                 if a[0] <= day and (a[1] is None or a[1] >= day)]
        expected = max(valid)[2] if valid else standard
        if price != expected:
            found.append(ReconException(
                ExceptionKind.PRICE_DIFFERS, day, names["hotel"][h], names["supplier"][s],
                _("{number}: {product} at {price}, agreement {expected}").format(
                    number=number or "", product=name, price=format_rupiah(price),
                    expected=format_rupiah(expected)),
                round_rupiah(qty * (price - expected)), "delivery", d_id))
    return found


Table = tuple[str, list[str], list[list[object]]]


def as_tables(recon: Reconciliation) -> list[Table]:
    """The reconciliation as plain tables (raw values), for XLSX export."""
    suppliers: Table = (_("Suppliers"), [
        _("Hotel"), _("Supplier (UMKM)"), _("Products"), _("Fill rate (%)"),
        _("Value accepted"), _("Value rejected"), _("Invoiced incl. PPN"),
        _("Credited incl. PPN"), _("Received"), _("Refunded"), _("Outstanding")], [
        [s.hotel_name, s.supplier_name, s.products, s.fill_rate, s.accepted_value,
         s.rejected_value, s.invoiced, s.credited, s.received, s.refunded, s.outstanding]
        for s in recon.suppliers])
    products: Table = (_("Products"), [
        _("Hotel"), _("Supplier (UMKM)"), _("Code"), _("Product"), _("Unit"), _("Ordered"),
        _("Delivered"), _("Accepted"), _("Rejected"), _("Fill rate (%)"), _("Value accepted"),
        _("Value rejected"), _("Reasons"), _("Invoiced qty"), _("Invoiced excl. PPN"),
        _("Credited excl. PPN")], [
        [p.hotel_name, p.supplier_name, p.product_code, p.product_name, label(p.unit), p.ordered,
         p.delivered, p.accepted, p.rejected, p.fill_rate, p.accepted_value, p.rejected_value,
         p.rejection_reasons, p.invoiced_qty, p.invoiced_value, p.credited_value]
        for p in recon.products])
    stock: Table = (_("Stock and counts"), [
        _("Hotel"), _("Count"), _("Date"), _("Product"), _("Unit"), _("Book"), _("Counted"),
        _("Difference"), _("Value")], [
        [c.hotel_name, c.count_number, c.count_date, c.product_name, label(c.unit), c.book,
         c.counted, c.variance, c.variance_value] for c in recon.stock_checks])
    exceptions: Table = (_("Exceptions"), [
        _("Exception"), _("Date"), _("Hotel"), _("Supplier (UMKM)"), _("Description"),
        _("Value")], [
        [e.title, e.day, e.hotel_name, e.supplier_name, e.description, e.amount]
        for e in recon.exceptions])
    return [suppliers, products, stock, exceptions]
