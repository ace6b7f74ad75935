"""The UMKM scorecard: how one UMKM did in a month, a quarter or a year. Reads only.

One page handed to the UMKM at a coaching session, with the same period a year
before beside each figure: the value each hotel accepted (before PPN) and what
was billed for it (before PPN, the PPN, with PPN); deliveries made, on time
against the hotels' orders (standing and ad-hoc); the fill rate (delivered ÷
ordered, per product: a product's quantities are in one unit, and the UMKM's
fill rate is the mean of its products' rates, as in the month-end
reconciliation); rejections by reason (share of the value delivered); the
products sold and which are new; price changes; certificates with expiry; and
the accepted value of each of the last twelve months.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, aliased

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.data import Organisation, Party
from hotel_supply.formatting import round_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Order,
    OrderLine,
    PriceAgreement,
    Product,
    Supplier,
)
from hotel_supply.models.enums import (
    Category,
    CertificateKind,
    OrderStatus,
    RejectionReason,
    Unit,
)
from hotel_supply.services.errors import NotFound
from hotel_supply.services.printing import organisation, supplier_party
from hotel_supply.services.umkm_figures import (
    LIVE,
    Billed,
    Flow,
    Period,
    billed_by,
    change_percent,
    flows_by_month,
    latest_certificates,
    month_range,
    percent,
    rejected_by_reason,
    total_flow,
)

__all__ = ["Scorecard", "scorecard_data", "supplier_id_by_code"]

ZERO = Decimal(0)
EXPIRY_WARNING_DAYS = 90


@dataclass(frozen=True)
class HotelFigures:
    """One hotel's figures for the period (``before``: the same period a year before)."""

    hotel_name: str
    deliveries: int
    accepted: int  # before PPN
    accepted_before: int
    billed: int  # invoices less credit notes, before PPN
    ppn: int
    billed_total: int  # with PPN

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.accepted, self.accepted_before)


@dataclass(frozen=True)
class Punctuality:
    """The hotels' orders due in the period and how they were met."""

    expected: int  # orders due (not cancelled), up to the day the card is made
    on_time: int  # a delivery came on (or before) the day
    late: int  # one came after the day
    missed: int  # none came
    unplanned: int  # deliveries that answered no order

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.on_time, self.expected)


@dataclass(frozen=True)
class FillLine:
    product_code: str
    product_name: str
    unit: Unit
    ordered: Decimal
    delivered: Decimal  # delivered against those orders, counted up to what was ordered

    @property
    def fill_rate(self) -> Decimal | None:
        return percent(min(self.delivered, self.ordered), self.ordered)


@dataclass(frozen=True)
class RejectionLine:
    reason: RejectionReason | None
    lines: int
    value: int
    share: Decimal | None  # of the value delivered, percent


@dataclass(frozen=True)
class ProductSold:
    product_code: str
    product_name: str
    unit: Unit
    accepted: Decimal
    value: int
    value_before: int
    hotels: int
    is_new: bool  # first accepted in this period


@dataclass(frozen=True)
class PriceChange:
    product_name: str
    hotel_name: str
    valid_from: dt.date
    old_price: int | None
    new_price: int

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.new_price, self.old_price) if self.old_price else None


@dataclass(frozen=True)
class CertificateLine:
    kind: CertificateKind
    number: str
    issued_on: dt.date | None
    expires_on: dt.date | None
    days_left: int | None  # from the day the card was made; negative once lapsed


@dataclass(frozen=True)
class TrendMonth:
    year: int
    month: int
    accepted: int
    rejection_rate: Decimal | None


@dataclass(frozen=True)
class Scorecard:
    organisation: Organisation
    supplier: Party
    category: Category
    is_pkp: bool
    coaching_start: dt.date | None
    period: Period
    before: Period  # the same period a year before
    as_of: dt.date
    hotels: tuple[HotelFigures, ...]
    flow: Flow
    flow_before: Flow
    billed: Billed
    billed_before: Billed
    punctuality: Punctuality
    punctuality_before: Punctuality
    fill: tuple[FillLine, ...]
    fill_rate_before: Decimal | None
    rejections: tuple[RejectionLine, ...]
    products: tuple[ProductSold, ...]
    price_changes: tuple[PriceChange, ...]
    certificates: tuple[CertificateLine, ...]
    trend: tuple[TrendMonth, ...]
    printed_at: dt.datetime

    @property
    def fill_rate(self) -> Decimal | None:
        return mean_rate([f.fill_rate for f in self.fill])

    @property
    def new_products(self) -> int:
        return sum(1 for p in self.products if p.is_new)


def mean_rate(rates: list[Decimal | None]) -> Decimal | None:
    known = [r for r in rates if r is not None]
    if not known:
        return None
    return (sum(known, ZERO) / len(known)).quantize(Decimal("0.1"))


def supplier_id_by_code(db: Database, code: str) -> int:
    with db.reader() as session:
        found = session.scalar(select(Supplier.id).where(
            func.upper(Supplier.code) == code.strip().upper()))
    if found is None:
        raise NotFound(_("No supplier has the code {code}.").format(code=code))
    return found


def scorecard_data(db: Database, *, supplier_id: int, period: Period,
                   as_of: dt.date | None = None) -> Scorecard:
    """The scorecard of one UMKM for ``period``, with the same period a year before.

    Orders count up to ``as_of`` (default today): an order not yet due is not missed.
    """
    as_of = as_of or clock.today()
    before = period.year_before()
    with db.reader() as session:
        supplier = session.get(Supplier, supplier_id)
        if supplier is None:
            raise NotFound(_("The supplier no longer exists."))
        hotels = dict(session.execute(select(Hotel.id, Hotel.name)).all())
        trend_first = _months_back(period.months()[-1], 11)
        first = min(trend_first, before.first_month)
        flows = flows_by_month(session, dt.date(*first, 1), period.end, supplier_id=supplier_id)

        def flow_of(p: Period, hotel_id: int | None = None) -> Flow:
            months = set(p.months())
            return total_flow(f for (_s, h, y, m), f in flows.items()
                              if (y, m) in months and (hotel_id is None or h == hotel_id))

        billed = billed_by(session, period.months(), supplier_id=supplier_id)
        billed_before = billed_by(session, before.months(), supplier_id=supplier_id)
        hotel_ids = {h for (_s, h, y, m) in flows if (y, m) in set(period.months())}
        hotel_ids |= {h for (_s, h) in billed}
        hotel_rows = []
        for h in sorted(hotel_ids, key=lambda i: hotels.get(i, "").lower()):
            now, earlier = flow_of(period, h), flow_of(before, h)
            bill = billed.get((supplier_id, h), Billed())
            hotel_rows.append(HotelFigures(hotels.get(h, ""), now.deliveries, now.accepted,
                                           earlier.accepted, bill.subtotal, bill.ppn,
                                           bill.total))
        flow = flow_of(period)
        total_reasons = rejected_by_reason(session, period.start, period.end,
                                           supplier_id=supplier_id)
        rejections = tuple(
            RejectionLine(reason, lines, round_rupiah(value),
                          percent(value, flow.accepted + flow.rejected_exact))
            for (_s, reason), (lines, value) in sorted(
                total_reasons.items(), key=lambda kv: -kv[1][1])
        )
        trend = tuple(
            TrendMonth(y, m, f.accepted, f.rejection_rate)
            for y, m in month_range(trend_first, 12)
            for f in [total_flow(v for (_s, _h, yy, mm), v in flows.items()
                                 if (yy, mm) == (y, m))]
        )
        return Scorecard(
            organisation=organisation(session),
            supplier=supplier_party(supplier),
            category=supplier.category,
            is_pkp=supplier.is_pkp,
            coaching_start=supplier.coaching_start,
            period=period,
            before=before,
            as_of=as_of,
            hotels=tuple(hotel_rows),
            flow=flow,
            flow_before=flow_of(before),
            billed=_sum_billed(billed.values()),
            billed_before=_sum_billed(billed_before.values()),
            punctuality=_punctuality(session, supplier_id, period, as_of),
            punctuality_before=_punctuality(session, supplier_id, before, as_of),
            fill=tuple(_fill(session, supplier_id, period, as_of)),
            fill_rate_before=mean_rate(
                [f.fill_rate for f in _fill(session, supplier_id, before, as_of)]),
            rejections=rejections,
            products=tuple(_products(session, supplier_id, period, before)),
            price_changes=tuple(_price_changes(session, supplier_id, period, hotels)),
            certificates=tuple(
                CertificateLine(c.kind, c.number, c.issued_on, c.expires_on,
                                (c.expires_on - as_of).days if c.expires_on else None)
                for c in latest_certificates(session, supplier_id=supplier_id)
                if not c.replaced
            ),
            trend=trend,
            printed_at=clock.now(),
        )


def _sum_billed(values: Iterable[Billed]) -> Billed:
    out = Billed()
    for b in values:
        out.add(b)
    return out


def _months_back(month: tuple[int, int], steps: int) -> tuple[int, int]:
    index = month[0] * 12 + month[1] - 1 - steps
    return index // 12, index % 12 + 1


def _due_orders(supplier_id: int, period: Period,
                as_of: dt.date) -> list[ColumnElement[bool]]:
    return [Order.supplier_id == supplier_id, Order.order_date >= period.start,
            Order.order_date <= min(period.end, as_of), Order.status != OrderStatus.CANCELLED]


def _punctuality(session: Session, supplier_id: int, period: Period,
                 as_of: dt.date) -> Punctuality:
    first_delivery = (
        select(func.min(Delivery.delivery_date))
        .where(Delivery.order_id == Order.id, Delivery.status.in_(LIVE))
        .correlate(Order)
        .scalar_subquery()
    )
    on_time = late = missed = expected = 0
    for order_date, delivered_on in session.execute(
        select(Order.order_date, first_delivery).where(*_due_orders(supplier_id, period, as_of))
    ):
        expected += 1
        if delivered_on is None:
            missed += 1
        elif delivered_on <= order_date:
            on_time += 1
        else:
            late += 1
    unplanned = session.scalar(
        select(func.count(Delivery.id)).where(
            Delivery.supplier_id == supplier_id, Delivery.order_id.is_(None),
            Delivery.status.in_(LIVE), Delivery.delivery_date >= period.start,
            Delivery.delivery_date <= period.end)
    ) or 0
    return Punctuality(expected, on_time, late, missed, int(unplanned))


def _fill(session: Session, supplier_id: int, period: Period, as_of: dt.date) -> list[FillLine]:
    """Per product: ordered in the period's due orders, and delivered for those orders."""
    due = _due_orders(supplier_id, period, as_of)
    ordered = dict(session.execute(
        select(OrderLine.product_id, func.sum(OrderLine.quantity))
        .join(Order, Order.id == OrderLine.order_id)
        .where(*due)
        .group_by(OrderLine.product_id)
    ).all())
    if not ordered:
        return []
    delivered = dict(session.execute(
        select(DeliveryLine.product_id, func.sum(DeliveryLine.delivered_qty))
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .join(Order, Order.id == Delivery.order_id)
        .where(*due, Delivery.status.in_(LIVE))
        .group_by(DeliveryLine.product_id)
    ).all())
    products = session.execute(
        select(Product.id, Product.code, Product.name, Product.unit)
        .where(Product.id.in_(ordered))
    ).all()
    lines = [FillLine(code, name, unit, Decimal(ordered[pid]),
                      Decimal(delivered.get(pid) or ZERO))
             for pid, code, name, unit in products]
    lines.sort(key=lambda f: f.product_name.lower())
    return lines


def _products(session: Session, supplier_id: int, period: Period,
              before: Period) -> list[ProductSold]:
    def accepted(p: Period) -> dict[int, tuple[Decimal, int, int]]:
        rows = session.execute(
            select(DeliveryLine.product_id, func.sum(DeliveryLine.accepted_qty),
                   func.sum(DeliveryLine.amount), func.count(func.distinct(Delivery.hotel_id)))
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.supplier_id == supplier_id, Delivery.status.in_(LIVE),
                   Delivery.delivery_date >= p.start, Delivery.delivery_date <= p.end,
                   DeliveryLine.accepted_qty > 0)
            .group_by(DeliveryLine.product_id)
        )
        return {pid: (Decimal(q), int(v), int(h)) for pid, q, v, h in rows}

    now, earlier = accepted(period), accepted(before)
    if not now:
        return []
    sold_before = set(session.scalars(
        select(DeliveryLine.product_id).distinct()
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(Delivery.supplier_id == supplier_id, Delivery.status.in_(LIVE),
               Delivery.delivery_date < period.start, DeliveryLine.accepted_qty > 0,
               DeliveryLine.product_id.in_(now))
    ))
    products = session.execute(
        select(Product.id, Product.code, Product.name, Product.unit).where(Product.id.in_(now))
    ).all()
    out = [ProductSold(code, name, unit, now[pid][0], now[pid][1],
                       earlier.get(pid, (ZERO, 0, 0))[1], now[pid][2], pid not in sold_before)
           for pid, code, name, unit in products]
    out.sort(key=lambda p: (-p.value, p.product_name.lower()))
    return out


def _price_changes(session: Session, supplier_id: int, period: Period,
                   hotels: dict[int, str]) -> list[PriceChange]:
    """Contract prices that took effect in the period, each with the price it replaced."""
    older = aliased(PriceAgreement)
    previous = (
        select(older.price)
        .where(older.hotel_id == PriceAgreement.hotel_id,
               older.product_id == PriceAgreement.product_id,
               older.active.is_(True), older.valid_from < PriceAgreement.valid_from)
        .order_by(older.valid_from.desc(), older.id.desc())
        .limit(1)
        .correlate(PriceAgreement)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Product.name, PriceAgreement.hotel_id, PriceAgreement.valid_from,
               previous, PriceAgreement.price)
        .join(Product, Product.id == PriceAgreement.product_id)
        .where(Product.supplier_id == supplier_id, PriceAgreement.active.is_(True),
               PriceAgreement.valid_from >= period.start,
               PriceAgreement.valid_from <= period.end)
        .order_by(PriceAgreement.valid_from, Product.name)
    )
    changes: dict[tuple[str, int, dt.date], PriceChange] = {}
    for name, hotel_id, valid_from, old, new in rows:
        if old is not None and int(old) == int(new):
            continue  # prolonged at the same price: no change
        changes[(name, hotel_id, valid_from)] = PriceChange(
            name, hotels.get(hotel_id, ""), valid_from, int(old) if old is not None else None,
            int(new))
    return list(changes.values())
