"""A small programme built through the real services, and the raw rows behind it, for the
report tests: two UMKM, two hotels, ad-hoc orders met on time, late and not at all, an
unplanned delivery, rejections, a price change, an issued invoice with PPN and
certificates. Each test recomputes what it checks from ``World`` with its own arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from hotel_supply.db import Database
from hotel_supply.models.enums import Category, CertificateKind, RejectionReason, Unit
from hotel_supply.services import deliveries, invoicing, orders
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.orders import OrderLineInput
from hotel_supply.services.suppliers import CertificateData
from tests.factories import make_hotel, make_price, make_product, make_supplier

q = Decimal
AS_OF = dt.date(2026, 11, 10)


@dataclass
class Line:
    """One delivery line as the world posted it."""

    supplier: str
    hotel: str
    product: str
    day: dt.date
    delivered: Decimal
    accepted: Decimal
    price: int
    order: int | None = None  # the order's key in ``World.orders``
    reason: RejectionReason | None = None

    @property
    def rejected(self) -> Decimal:
        return self.delivered - self.accepted

    @property
    def amount(self) -> int:
        from hotel_supply.formatting import line_amount

        return line_amount(self.accepted, self.price)


@dataclass
class World:
    ids: dict[str, int] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    orders: dict[int, tuple[str, dt.date, dict[str, Decimal]]] = field(default_factory=dict)
    deliveries: int = 0


def build(db: Database) -> World:
    w = World()
    ids = w.ids
    ids["roastery"] = make_supplier(
        db, name="Kopi Way Kanan", category=Category.COFFEE, is_pkp=True,
        certificates=[CertificateData(CertificateKind.HALAL, "ID-HALAL-77",
                                      dt.date(2022, 1, 5), dt.date(2026, 12, 20))])
    ids["bakery"] = make_supplier(
        db, name="Roti Bu Sri", category=Category.BAKERY,
        certificates=[CertificateData(CertificateKind.BNSP, "BNSP-2025-001",
                                      dt.date(2025, 3, 1), dt.date(2028, 3, 1))])
    ids["h1"] = make_hotel(db, name="Hotel Emersia")
    ids["h2"] = make_hotel(db, name="Hotel Bukit Randu")
    ids["beans"] = make_product(db, ids["roastery"], name="Kopi Robusta", unit=Unit.KG,
                                category=Category.COFFEE, standard_price=90_000)
    ids["sachet"] = make_product(db, ids["roastery"], name="Kopi Sachet",
                                 category=Category.COFFEE)
    ids["bread"] = make_product(db, ids["bakery"], name="Roti Sobek", unit=Unit.PAK,
                                category=Category.BAKERY)
    make_price(db, hotel_id=ids["h1"], product_id=ids["sachet"], price=10_000)
    make_price(db, hotel_id=ids["h2"], product_id=ids["sachet"], price=10_500)
    make_price(db, hotel_id=ids["h1"], product_id=ids["beans"], price=90_000)
    make_price(db, hotel_id=ids["h1"], product_id=ids["bread"], price=25_000)
    # the sachet costs Emersia more from August 2026
    make_price(db, hotel_id=ids["h1"], product_id=ids["sachet"], price=11_000,
               valid_from=dt.date(2026, 8, 1), end_previous=True)

    def order(key: int, hotel: str, day: dt.date, wanted: dict[str, Decimal]) -> None:
        w.orders[key] = ("roastery", day, wanted)
        ids[f"order{key}"] = orders.create_adhoc_order(
            db, hotel_id=ids[hotel], supplier_id=ids["roastery"], day=day,
            lines=[OrderLineInput(ids[p], qty) for p, qty in wanted.items()])

    def deliver(lines: list[Line]) -> None:
        first = lines[0]
        data = DeliveryInput(delivery_date=first.day, lines=[
            LineInput(product_id=ids[x.product], delivered=x.delivered, accepted=x.accepted,
                      rejected=x.rejected, rejection_reason=x.reason) for x in lines])
        if first.order is not None:
            deliveries.post_delivery(db, delivery_id=None, order_id=ids[f"order{first.order}"],
                                     data=data)
        else:
            delivery_id = deliveries.new_delivery(db, hotel_id=ids[first.hotel],
                                                  supplier_id=ids[first.supplier],
                                                  day=first.day)
            deliveries.post_delivery(db, delivery_id=delivery_id, data=data)
        w.lines.extend(lines)
        w.deliveries += 1

    # a year before: one unplanned delivery of sachets
    deliver([Line("roastery", "h1", "sachet", dt.date(2025, 7, 14), q(6), q(6), 10_000)])
    # the quarter before (2026-Q2): ten sachets, nothing rejected
    deliver([Line("roastery", "h1", "sachet", dt.date(2026, 4, 6), q(10), q(10), 10_000)])
    # 2026-Q3: on time with a rejection, late, missed, and unplanned with a rejection
    order(1, "h1", dt.date(2026, 7, 6), {"sachet": q(10), "beans": q("2.5")})
    deliver([Line("roastery", "h1", "sachet", dt.date(2026, 7, 6), q(10), q(8), 10_000, 1,
                  RejectionReason.DAMAGED),
             Line("roastery", "h1", "beans", dt.date(2026, 7, 6), q("2.5"), q("2.5"), 90_000,
                  1)])
    order(2, "h2", dt.date(2026, 8, 10), {"sachet": q(20)})
    deliver([Line("roastery", "h2", "sachet", dt.date(2026, 8, 11), q(15), q(15), 10_500, 2)])
    order(3, "h1", dt.date(2026, 9, 7), {"beans": q(3)})
    deliver([Line("roastery", "h1", "sachet", dt.date(2026, 9, 14), q(5), q(4), 11_000, None,
                  RejectionReason.QUALITY)])
    # after the quarter
    deliver([Line("roastery", "h1", "sachet", dt.date(2026, 10, 5), q(3), q(3), 11_000)])
    # the bakery sells less each quarter: 12, 8, then 4 packs
    for day, packs in ((dt.date(2026, 2, 2), 12), (dt.date(2026, 5, 4), 8),
                       (dt.date(2026, 8, 3), 4)):
        deliver([Line("bakery", "h1", "bread", day, q(packs), q(packs), 25_000)])
    # July's invoices, issued: the roastery charges PPN
    drafts = invoicing.generate_drafts(db, year=2026, month=7)
    issued, refused = invoicing.issue_invoices(db, invoice_ids=drafts.invoice_ids,
                                               issue_date=dt.date(2026, 8, 3))
    assert not refused and issued
    return w


def in_range(line: Line, start: dt.date, end: dt.date) -> bool:
    return start <= line.day <= end
