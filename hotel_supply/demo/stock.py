"""The demo's hotel stores: what the outlets order by hand, and what the store does all day.

The gift shop, the banquet and the kitchen order by hand on top of the standing
orders; those ad-hoc orders are planned ahead, with the build's random
generator, and placed on the day the office typed them.

After each day's deliveries the storeroom issues to the outlets about what they
use of what came in (bread and jajanan the same day, coffee, snacks and crafts
over the days until the next drop), first expiring first and never more than it
has; it writes off what expired the day before and, now and then, something
spoiled or damaged; it returns a few goods to their UMKM; on the first of each
month it counts its stock; and today one count is half typed. All of it goes
through the stock services, so the ledger, the lots' running balances and the
numbers are those of real use. The store's choices come from a generator of its
own, so that the deliveries do not depend on them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_FLOOR, Decimal
from typing import TypeVar

from sqlalchemy import select, type_coerce
from sqlalchemy.sql import func

from hotel_supply.demo import catalog
from hotel_supply.demo.catalog import Rhythm, part_of, round_qty, unit_step
from hotel_supply.demo.master import (
    FRESH_DAYS,
    ZERO,
    DemoBuild,
    HotelPlan,
    ProductPlan,
    SupplierPlan,
)
from hotel_supply.demo.session import moment
from hotel_supply.models import Delivery, Outlet, StockMovement
from hotel_supply.models.base import Quantity
from hotel_supply.models.enums import (
    HotelKind,
    MovementKind,
    OutletKind,
    ReturnReason,
    WasteReason,
)
from hotel_supply.services import orders, stock_counts, stock_moves
from hotel_supply.services.stock import LotBalance, allocate
from hotel_supply.services.stock_levels import lot_rows_for_hotel
from hotel_supply.services.stock_moves import StockLineInput

T = TypeVar("T")
Usage = tuple[int, int, OutletKind]  # hotel id, product id, the outlet that uses it

MILLI = Decimal("0.001")
# Weekdays (Monday 0) on which an outlet asks the store for what keeps (coffee, snacks,
# crafts); what spoils within a week goes out every day.
REQUISITION_DAYS = {
    OutletKind.KITCHEN: (0, 2, 4),
    OutletKind.MINIBAR: (1, 5),
    OutletKind.BANQUET: (0, 1, 2, 3, 4, 5, 6),
    OutletKind.GIFT_SHOP: (0, 3),
}
OUTLET_ORDER = (OutletKind.KITCHEN, OutletKind.BANQUET, OutletKind.MINIBAR, OutletKind.GIFT_SHOP)
INCIDENT_CHANCE = 0.06  # a hotel's store writes off something spoiled or damaged that day
RETURN_CHANCE = 0.12  # some hotel sends goods back to their UMKM that day
COUNT_SLIPS = 0.06  # counted lines that differ from the book


@dataclass
class _AdhocOrder:
    created_at: dt.datetime
    hotel: HotelPlan
    supplier: SupplierPlan
    day: dt.date
    lines: list[orders.OrderLineInput]
    notes: str
    outlet: OutletKind | None  # the outlet it is for; None: as each product usually goes


class HotelStores:
    """The hotels' stores and outlets during one build of the demo."""

    def __init__(self, build: DemoBuild, *, seed: int) -> None:
        self.build = build
        self.db = build.db
        self.session = build.session
        self.clock = build.clock
        self.rng = random.Random(f"{seed}/stores")  # the store's own choices
        self.planned: list[_AdhocOrder] = []  # planned, not placed yet; oldest first
        self.routes: dict[int, OutletKind] = {}  # order id -> the outlet it was for
        self.outlets: dict[int, dict[OutletKind, int]] = {}  # hotel id -> kind -> outlet id
        self.due: dict[dt.date, dict[Usage, Decimal]] = {}  # what the outlets will use
        self.owed: dict[Usage, Decimal] = {}  # used but not issued yet (not a whole unit)
        self.lots: dict[int, list[LotBalance]] = {}  # the hotel at hand: product -> lots

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def share(self, low: float, high: float) -> Decimal:
        return Decimal(f"{self.rng.uniform(low, high):.3f}")

    def at(self, day: dt.date, minutes: int) -> None:
        """Set the clock to ``day`` at ``minutes``, give or take a quarter of an hour."""
        self.clock.at = moment(day, minutes + self.rng.randint(-15, 15))

    def tick(self, low: int, high: int) -> None:
        self.clock.at += dt.timedelta(minutes=self.rng.randint(low, high))

    # --- orders entered by hand

    def plan_adhoc_orders(self) -> None:
        """Gift-shop, banquet and kitchen orders for the past days, today and two days ahead."""
        build = self.build  # planned with the build's generator, before the days
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
                    planned.append(
                        self.plan_adhoc(
                            hotel, gift, day, catalog.GIFT_SHOP_NOTES, 3, 1, OutletKind.GIFT_SHOP
                        )
                    )
                if cakes and hotel.kind == HotelKind.HOTEL and build.chance(0.12 * size):
                    pax = build.pick((50, 80, 100, 150, 200, 300))
                    notes = [text.format(pax=pax) for text in catalog.BANQUET_NOTES]
                    cake, times = build.pick(cakes), build.pick((2, 3, 4))
                    planned.append(
                        self.plan_adhoc(hotel, cake, day, notes, 2, times, OutletKind.BANQUET)
                    )
                if stores and build.chance(0.05):
                    planned.append(
                        self.plan_adhoc(
                            hotel, build.pick(stores), day, catalog.KITCHEN_NOTES, 2, 1, None
                        )
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
        outlet: OutletKind | None,
    ) -> _AdhocOrder:
        rng = self.build.rng
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
        return _AdhocOrder(created, hotel, supplier, day, lines, self.build.pick(notes), outlet)

    def place_adhoc_orders(self, *, until: dt.date) -> None:
        """Type the planned orders the office typed up to the end of ``until``."""
        while self.planned and self.planned[0].created_at.date() <= until:
            order = self.planned.pop(0)
            self.clock.at = order.created_at
            order_id = orders.create_adhoc_order(
                self.db,
                hotel_id=order.hotel.id,
                supplier_id=order.supplier.id,
                day=order.day,
                lines=order.lines,
                notes=order.notes,
            )
            if order.outlet is not None:
                self.routes[order_id] = order.outlet

    # --- the day's work in the store, after the morning's deliveries

    def close_day(self, day: dt.date) -> None:
        """What the outlets use of today's goods, then each hotel's store at work."""
        if not self.outlets:
            for hotel_id, kind, outlet_id in self.session.execute(
                select(Outlet.hotel_id, Outlet.kind, Outlet.id).order_by(Outlet.id)
            ):
                self.outlets.setdefault(hotel_id, {})[kind] = outlet_id
        self.plan_usage(day)
        wanted = self.owed
        for usage, quantity in self.due.pop(day, {}).items():
            wanted[usage] = wanted.get(usage, ZERO) + quantity
        returning = self.pick(self.build.hotels) if self.chance(RETURN_CHANCE) else None
        for hotel in self.build.hotels:
            self.build.poll()
            self.lots = {
                product_id: sorted(
                    (
                        LotBalance(
                            r.lot_id,
                            r.lot_code,
                            r.expiry_date,
                            r.received_on or day,
                            r.unit_cost,
                            r.quantity,
                        )
                        for r in rows
                        if r.lot_id is not None and r.quantity > 0
                    ),
                    key=_first_expiring,
                )
                for product_id, rows in lot_rows_for_hotel(
                    self.session, hotel_id=hotel.id, day=day
                ).items()
            }
            self.at(day, 15 * 60)
            self.write_off_expired(day, hotel)
            self.issue(day, hotel, wanted)
            if self.chance(INCIDENT_CHANCE):
                self.write_off_incident(day, hotel)
            if hotel is returning:
                self.return_to_supplier(day, hotel)
            if day.day == 1:
                self.count(day, hotel)
        self.owed = {usage: qty for usage, qty in wanted.items() if qty > 0}

    def plan_usage(self, day: dt.date) -> None:
        """Spread what came in today over the days its outlet uses it."""
        received = type_coerce(func.sum(StockMovement.quantity), Quantity())
        rows = self.session.execute(
            select(StockMovement.hotel_id, StockMovement.product_id, Delivery.order_id, received)
            .join(Delivery, Delivery.id == StockMovement.delivery_id)
            .where(
                StockMovement.movement_date == day,
                StockMovement.kind.in_((MovementKind.RECEIPT, MovementKind.RECEIPT_REVERSAL)),
            )
            .group_by(StockMovement.hotel_id, StockMovement.product_id, Delivery.order_id)
        ).all()
        for hotel_id, product_id, order_id, quantity in sorted(
            rows, key=lambda r: (r[0], r[1], r[2] or 0)
        ):
            if not quantity or quantity <= 0:
                continue  # received and cancelled the same day (a mistyped delivery)
            hotel, product = self.build.hotel_of[hotel_id], self.build.products[product_id]
            outlet = self.routes.get(order_id or 0) or self.outlet_for(hotel, product)
            share, days = self.usage(hotel, product, outlet, quantity)
            portion = (quantity * share / days).quantize(MILLI)
            for n in range(days):
                due = self.due.setdefault(day + dt.timedelta(days=n), {})
                usage = (hotel_id, product_id, outlet)
                due[usage] = due.get(usage, ZERO) + portion

    def outlet_for(self, hotel: HotelPlan, product: ProductPlan) -> OutletKind:
        trade = product.supplier.trade
        kind = (
            OutletKind.GIFT_SHOP
            if not trade.food
            else OutletKind.MINIBAR
            if product.template.name in catalog.MINIBAR_PRODUCTS
            else OutletKind.KITCHEN
        )
        return kind if kind in self.outlets[hotel.id] else OutletKind.KITCHEN

    def usage(
        self, hotel: HotelPlan, product: ProductPlan, outlet: OutletKind, quantity: Decimal
    ) -> tuple[Decimal, int]:
        """How much of a drop its outlet uses (a share), and over how many days."""
        trade, shelf = product.supplier.trade, product.template.shelf_life_days
        if outlet == OutletKind.BANQUET:
            return self.share(0.95, 1), 1  # the event is today
        if trade.rhythm == Rhythm.DAILY:
            return self.share(0.93, 1.13), 1  # most days everything goes
        if not trade.food:
            return self.share(0.6, 0.9), 14
        weekly = hotel.weekly.get(product.id)
        days = 7 if not weekly else min(max(round(7 * quantity / weekly), 2), 14)
        if shelf is not None:
            days = min(days, max(1, shelf * 3 // 4))
        return self.share(0.92, 1.02), days

    def issue(self, day: dt.date, hotel: HotelPlan, wanted: dict[Usage, Decimal]) -> None:
        """One issue per outlet of what it uses today (what keeps: on its requisition days)."""
        mine = sorted(
            (usage for usage in wanted if usage[0] == hotel.id),
            key=lambda u: (OUTLET_ORDER.index(u[2]), self.build.products[u[1]].code),
        )
        lines: dict[OutletKind, list[StockLineInput]] = {}
        for usage in mine:
            _hotel, product_id, outlet = usage
            product = self.build.products[product_id]
            shelf = product.template.shelf_life_days
            fresh = product.supplier.trade.rhythm == Rhythm.DAILY or (
                shelf is not None and shelf <= FRESH_DAYS
            )
            if not fresh and day.weekday() not in REQUISITION_DAYS[outlet]:
                continue
            step = unit_step(product.template.unit)
            quantity = _whole(wanted[usage], step)
            lots = self.lots.get(product_id, [])
            have = _whole(sum((lot.quantity for lot in lots if lot.usable_on(day)), ZERO), step)
            if quantity > have:  # the store ran out: the outlet makes do
                quantity, wanted[usage] = have, ZERO
            else:
                wanted[usage] -= quantity
            if quantity > 0:
                self.take(product_id, quantity, day=day)
                lines.setdefault(outlet, []).append(StockLineInput(product_id, quantity))
        for outlet in OUTLET_ORDER:
            if outlet in lines:
                self.tick(2, 9)
                stock_moves.issue_to_outlet(
                    self.db,
                    hotel_id=hotel.id,
                    outlet_id=self.outlets[hotel.id][outlet],
                    day=day,
                    lines=lines[outlet],
                    notes=self.pick(catalog.ISSUE_NOTES[outlet.value]),
                )

    def take(
        self, product_id: int, quantity: Decimal, *, day: dt.date, lot_id: int | None = None
    ) -> None:
        """Take ``quantity`` out of the lots at hand as the services will (from ``lot_id``,
        else first expiring first), so that the day's next choices see what is left."""
        lots = self.lots[product_id]
        taken: dict[int | None, Decimal] = {lot_id: quantity}
        if lot_id is None:
            picks, _rest = allocate(lots, quantity, day=day, include_expired=False)
            taken = {pick.lot_id: pick.quantity for pick in picks}
        self.lots[product_id] = [
            replace(lot, quantity=lot.quantity - taken.get(lot.lot_id, ZERO))
            for lot in lots
            if lot.quantity > taken.get(lot.lot_id, ZERO)
        ]

    def write_off_expired(self, day: dt.date, hotel: HotelPlan) -> None:
        """What expired yesterday (or before) is written off, lot by lot."""
        lines = [
            StockLineInput(product_id, lot.quantity, lot.lot_id, WasteReason.EXPIRED.value)
            for product_id in sorted(self.lots, key=lambda p: self.build.products[p].code)
            for lot in self.lots[product_id]
            if not lot.usable_on(day)
        ]
        if not lines:
            return
        for line in lines:
            self.lots[line.product_id] = [
                lot for lot in self.lots[line.product_id] if lot.lot_id != line.lot_id
            ]
        stock_moves.write_off_waste(
            self.db,
            hotel_id=hotel.id,
            day=day,
            lines=lines,
            notes=self.pick(catalog.EXPIRED_NOTES),
        )

    def write_off_incident(self, day: dt.date, hotel: HotelPlan) -> None:
        """Something spoiled before its date, or damaged in the store."""
        choices = self.usable_lots(day)
        if not choices:
            return
        product, lot = self.pick(choices)
        unit = product.template.unit
        quantity = part_of(lot.quantity, unit, self.rng.uniform(0.05, 0.25))
        if not product.supplier.trade.food:
            reason, notes = WasteReason.DAMAGED, catalog.CRAFT_DAMAGE_NOTES
        else:
            reason = WasteReason.SPOILED if self.chance(0.6) else WasteReason.DAMAGED
            notes = catalog.INCIDENT_NOTES[reason.value]
        self.take(product.id, quantity, day=day, lot_id=lot.lot_id)
        self.tick(10, 40)
        stock_moves.write_off_waste(
            self.db,
            hotel_id=hotel.id,
            day=day,
            lines=[StockLineInput(product.id, quantity, lot.lot_id, reason.value)],
            notes=self.pick(notes),
        )

    def return_to_supplier(self, day: dt.date, hotel: HotelPlan) -> None:
        """Part of a recent drop of snacks or coffee goes back to its UMKM (quality, damage)."""
        recent = day - dt.timedelta(days=10)
        choices = [
            (product, lot)
            for product, lot in self.usable_lots(day)
            if product.supplier.trade.food
            and product.supplier.trade.stocked
            and lot.received_on >= recent
            and lot.quantity >= 2 * unit_step(product.template.unit)
        ]
        if not choices:
            return
        product, lot = self.pick(choices)
        quantity = part_of(lot.quantity, product.template.unit, self.rng.uniform(0.3, 0.6))
        reason = ReturnReason.QUALITY if self.chance(0.75) else ReturnReason.DAMAGED
        self.take(product.id, quantity, day=day, lot_id=lot.lot_id)
        self.tick(10, 40)
        stock_moves.return_to_supplier(
            self.db,
            hotel_id=hotel.id,
            supplier_id=product.supplier.id,
            day=day,
            lines=[StockLineInput(product.id, quantity, lot.lot_id, reason.value)],
            notes=self.pick(catalog.RETURN_NOTES),
        )

    def usable_lots(self, day: dt.date) -> list[tuple[ProductPlan, LotBalance]]:
        products = self.build.products
        return [
            (products[product_id], lot)
            for product_id in sorted(self.lots, key=lambda p: products[p].code)
            for lot in self.lots[product_id]
            if lot.usable_on(day)
        ]

    # --- stock counts

    def count(self, day: dt.date, hotel: HotelPlan) -> None:
        """The first of the month: the store counts everything and posts the differences."""
        self.at(day, 16 * 60 + 45)
        count_id = stock_counts.start_count(
            self.db, hotel_id=hotel.id, day=day, notes=catalog.COUNT_NOTE
        )
        self.tick(45, 100)
        self.type_count(count_id, share=1.0)
        self.tick(5, 20)
        stock_counts.post_count(self.db, count_id=count_id)

    def open_count_today(self) -> None:
        """A spot count of one hotel, started this morning and typed halfway."""
        day = self.build.today
        hotel = self.pick(self.build.hotels)
        self.at(day, 8 * 60)
        count_id = stock_counts.start_count(
            self.db, hotel_id=hotel.id, day=day, notes=catalog.SPOT_COUNT_NOTE
        )
        self.tick(30, 60)
        self.type_count(count_id, share=0.5)

    def type_count(self, count_id: int, *, share: float) -> None:
        """Type the counted quantities of the first ``share`` of the sheet, in its order."""
        view = stock_counts.get_count(self.db, count_id)
        lines = view.lines[: round(len(view.lines) * share)]
        counted: dict[int, Decimal | None] = {}
        reasons: dict[int, str] = {}
        for line in lines:
            counted[line.id] = line.book
            if line.lot_id is None or line.book <= 0 or not self.chance(COUNT_SLIPS):
                continue
            step = unit_step(line.unit)
            if self.chance(0.75):
                counted[line.id] = max(line.book - step * self.rng.randint(1, 2), ZERO)
                reasons[line.id] = self.pick(catalog.COUNT_SHORT_REASONS)
            else:
                counted[line.id] = line.book + step
                reasons[line.id] = self.pick(catalog.COUNT_OVER_REASONS)
        stock_counts.save_counted(self.db, count_id=count_id, counted=counted, reasons=reasons)


def _whole(quantity: Decimal, step: Decimal) -> Decimal:
    """``quantity`` rounded down to whole steps of its unit."""
    return (quantity / step).to_integral_value(rounding=ROUND_FLOOR) * step


def _first_expiring(lot: LotBalance) -> tuple[bool, dt.date, dt.date, int]:
    """The order in which ``stock.lots_on_hand`` gives the lots (and the services take them)."""
    return (
        lot.expiry_date is None,
        lot.expiry_date or lot.received_on,
        lot.received_on,
        lot.lot_id,
    )
