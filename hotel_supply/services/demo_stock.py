"""The demo's hotel stores: what the outlets order by hand, and what the store does with it.

The gift shop, the banquet and the kitchen order by hand on top of the standing
orders; those ad-hoc orders are planned ahead, with the build's one random
generator, and placed on the day the office typed them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from hotel_supply.models.enums import HotelKind
from hotel_supply.services import demo_catalog as catalog
from hotel_supply.services import orders
from hotel_supply.services.demo_catalog import Rhythm
from hotel_supply.services.demo_master import (
    DemoBuild,
    HotelPlan,
    SupplierPlan,
    moment,
    round_qty,
)


@dataclass
class _AdhocOrder:
    created_at: dt.datetime
    hotel: HotelPlan
    supplier: SupplierPlan
    day: dt.date
    lines: list[orders.OrderLineInput]
    notes: str


class HotelStores:
    """The hotels' stores and outlets during one build of the demo."""

    def __init__(self, build: DemoBuild) -> None:
        self.build = build
        self.rng = build.rng
        self.clock = build.clock
        self.planned: list[_AdhocOrder] = []  # planned, not placed yet; oldest first

    # --- orders entered by hand

    def plan_adhoc_orders(self) -> None:
        """Gift-shop, banquet and kitchen orders for the past days, today and two days ahead."""
        build = self.build
        planned: list[_AdhocOrder] = []
        for n in range(build.days + 3):
            day = build.start + dt.timedelta(days=n)
            for hotel in build.hotels:
                cakes = [
                    s
                    for s in hotel.regulars
                    if s.trade.rhythm == Rhythm.DAILY or s.trade.key == "kue"
                ]
                stores = [s for s in hotel.regulars if s.trade.food and s.trade.stocked]
                size = float(hotel.size)
                if hotel.gift_suppliers and build.chance(0.1 * size):
                    gift = build.pick(hotel.gift_suppliers)
                    planned.append(self.plan_adhoc(hotel, gift, day, catalog.GIFT_SHOP_NOTES, 3, 1))
                if cakes and hotel.kind == HotelKind.HOTEL and build.chance(0.12 * size):
                    pax = build.pick((50, 80, 100, 150, 200, 300))
                    notes = [text.format(pax=pax) for text in catalog.BANQUET_NOTES]
                    planned.append(
                        self.plan_adhoc(
                            hotel, build.pick(cakes), day, notes, 2, build.pick((2, 3, 4))
                        )
                    )
                if stores and build.chance(0.05):
                    planned.append(
                        self.plan_adhoc(hotel, build.pick(stores), day, catalog.KITCHEN_NOTES, 2, 1)
                    )
        planned.sort(key=lambda a: (a.created_at, a.hotel.index, a.supplier.index))
        self.planned = planned

    def plan_adhoc(
        self,
        hotel: HotelPlan,
        supplier: SupplierPlan,
        day: dt.date,
        notes: Sequence[str],
        most: int,
        times: int,
    ) -> _AdhocOrder:
        rng = self.rng
        items = rng.sample(supplier.products, rng.randint(1, min(most, len(supplier.products))))
        lines = [
            orders.OrderLineInput(
                p.id,
                round_qty(Decimal(rng.randint(*p.template.order_qty) * times), p.template.unit),
            )
            for p in sorted(items, key=lambda p: p.code)
        ]
        lead = rng.randint(2, 5) if times > 1 else rng.randint(1, 3)
        created = moment(day - dt.timedelta(days=lead), rng.randint(9 * 60, 15 * 60 + 30))
        return _AdhocOrder(created, hotel, supplier, day, lines, self.build.pick(notes))

    def place_adhoc_orders(self, *, until: dt.date) -> None:
        """Type the planned orders the office typed up to the end of ``until``."""
        while self.planned and self.planned[0].created_at.date() <= until:
            order = self.planned.pop(0)
            self.clock.at = order.created_at
            orders.create_adhoc_order(
                self.build.db,
                hotel_id=order.hotel.id,
                supplier_id=order.supplier.id,
                day=order.day,
                lines=order.lines,
                notes=order.notes,
            )
