"""What a finished demo holds, counted from the database, for the message at the end."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from hotel_supply.formatting import format_date, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Order,
    PriceAgreement,
    Product,
    StockCount,
    StockDocument,
    Supplier,
)
from hotel_supply.models.enums import (
    CountStatus,
    DeliveryStatus,
    OrderStatus,
    StockDocumentKind,
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo holds, for the message at the end of the build."""

    hotels: int
    suppliers: int
    products: int
    price_agreements: int
    deliveries: int  # posted (or invoiced); cancelled ones are not counted
    delivery_lines: int
    rejected_lines: int  # lines with something rejected
    value: int  # accepted value of those deliveries, whole rupiah
    cancelled: int
    first_day: dt.date
    last_day: dt.date
    today: dt.date
    expected_today: int  # orders due today
    issues: int  # stock documents posted in the stores
    write_offs: int
    returns: int
    counts: int  # posted stock counts (today's, still open, is not one)

    def describe(self) -> str:
        ready = _(
            "Demo database ready: {hotels} partner hotels, {suppliers} UMKM with {products} "
            "products and {agreements} contract prices. From {first} to {last}, {deliveries} "
            "deliveries were posted with {lines} lines ({rejected} of them partly rejected), "
            "worth {value} (cancelled deliveries: {cancelled}). Today, {today}, {expected} "
            "deliveries are expected."
        ).format(
            hotels=self.hotels,
            suppliers=self.suppliers,
            products=self.products,
            agreements=self.price_agreements,
            first=format_date(self.first_day),
            last=format_date(self.last_day),
            deliveries=self.deliveries,
            lines=self.delivery_lines,
            rejected=self.rejected_lines,
            value=format_rupiah(self.value),
            cancelled=self.cancelled,
            today=format_date(self.today),
            expected=self.expected_today,
        )
        stores = _(
            "Over those days the stores posted {issues} issues to outlets, {write_offs} waste "
            "write-offs, {returns} returns to suppliers and {counts} stock counts."
        ).format(
            issues=self.issues, write_offs=self.write_offs, returns=self.returns, counts=self.counts
        )
        return f"{ready} {stores}"


def summarise(session: Session, *, today: dt.date, days: int) -> DemoSummary:
    def count(stmt: Select[int]) -> int:
        return int(session.scalar(stmt) or 0)

    live = Delivery.status.in_((DeliveryStatus.POSTED, DeliveryStatus.INVOICED))
    lines, value, rejected = session.execute(
        select(
            func.count(DeliveryLine.id),
            func.coalesce(func.sum(DeliveryLine.amount), 0),
            func.count(DeliveryLine.id).filter(DeliveryLine.rejected_qty > 0),
        )
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .where(live)
    ).one()
    documents: dict[StockDocumentKind, int] = {
        kind: int(n)
        for kind, n in session.execute(
            select(StockDocument.kind, func.count(StockDocument.id)).group_by(StockDocument.kind)
        )
    }
    return DemoSummary(
        hotels=count(select(func.count(Hotel.id))),
        suppliers=count(select(func.count(Supplier.id))),
        products=count(select(func.count(Product.id))),
        price_agreements=count(
            select(func.count(PriceAgreement.id)).where(PriceAgreement.active.is_(True))
        ),
        deliveries=count(select(func.count(Delivery.id)).where(live)),
        delivery_lines=int(lines),
        rejected_lines=int(rejected),
        value=int(value),
        cancelled=count(
            select(func.count(Delivery.id)).where(Delivery.status == DeliveryStatus.CANCELLED)
        ),
        first_day=today - dt.timedelta(days=days),
        last_day=today - dt.timedelta(days=1),
        today=today,
        expected_today=count(
            select(func.count(Order.id)).where(
                Order.order_date == today, Order.status != OrderStatus.CANCELLED
            )
        ),
        issues=documents.get(StockDocumentKind.ISSUE, 0),
        write_offs=documents.get(StockDocumentKind.WASTE, 0),
        returns=documents.get(StockDocumentKind.RETURN, 0),
        counts=count(
            select(func.count(StockCount.id)).where(StockCount.status == CountStatus.POSTED)
        ),
    )
