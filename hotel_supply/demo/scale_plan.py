"""The scale demo's plans: hotels, UMKM and products, and what each hotel buys.

:class:`ScalePlan` writes the master data in bulk (``bulk.py``): the partner
hotels with their outlets, the UMKM with their certificates and as many products as
asked, then each hotel's standing orders, its occasional suppliers, a contract price
per product and year, and par levels. The days (``scale.py``) draw on the plans.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from hotel_supply.demo import catalog
from hotel_supply.demo.bulk import BulkRows
from hotel_supply.demo.catalog import Rhythm, Trade, round_qty
from hotel_supply.demo.master import (
    FRESH_DAYS,
    PAR_WEEKS,
    ZERO,
    DemoBuild,
    HotelPlan,
    ProductPlan,
    SupplierPlan,
)
from hotel_supply.demo.session import PinnedClock, SharedSession, moment
from hotel_supply.models import (
    Certificate,
    Hotel,
    Outlet,
    ParLevel,
    PriceAgreement,
    Product,
    StandingOrder,
    Supplier,
)
from hotel_supply.models.enums import HotelKind, OutletKind
from hotel_supply.progress import Progress

__all__ = ["MASTER", "PURCHASING", "Regular", "ScalePlan", "Store"]

PURCHASING = "pembelian"  # the demo account that keeps the master data
PRICE_RISE = ("1.03", "1.04", "1.05", "1.05", "1.06", "1.08")  # a contract's yearly raise
VARIANTS = ("", " Kemasan Hotel", " Kemasan Ekonomis", " Premium", " Isi Besar", " Original",
            " Pedas", " Manis", " Tanpa Gula", " Spesial")
# the master tables in the order their rows are written (a row only refers to rows before)
MASTER = (Hotel, Outlet, Supplier, Certificate, Product, PriceAgreement, StandingOrder,
          ParLevel)


@dataclass(eq=False)
class Regular:
    """A supplier with standing orders at a hotel: what, on which weekdays, how much."""

    supplier: SupplierPlan
    items: list[tuple[ProductPlan, list[Decimal]]]  # product, quantity per weekday


@dataclass(eq=False)
class Store:
    """A hotel as the days see it: its suppliers, outlets and contract prices."""

    plan: HotelPlan
    regulars: list[Regular] = field(default_factory=list)
    occasional: list[SupplierPlan] = field(default_factory=list)  # ad-hoc orders only
    outlets: dict[OutletKind, int] = field(default_factory=dict)
    price: dict[tuple[int, int], int] = field(default_factory=dict)  # (product, year) -> Rp


class ScalePlan(DemoBuild):
    """A scale build's master data and plans, its rows kept by ``bulk`` until flushed."""

    def __init__(self, db: SharedSession, rng: random.Random, pinned: PinnedClock, *,
                 today: dt.date, days: int, progress: Progress) -> None:
        super().__init__(db, rng, pinned, today=today, days=days, progress=progress)
        self.bulk = BulkRows(self.session)
        self.add = self.bulk.add
        self.stores: list[Store] = []

    # --- master data

    def plan_parties(self, hotel_count: int, supplier_count: int, product_count: int) -> None:
        stamp = moment(self.start - dt.timedelta(days=30), 9 * 60)
        for index in range(hotel_count):
            hotel_plan = self.plan_hotel(index)
            hd = hotel_plan.data
            row = self.add(Hotel, code=hd.code, name=hd.name, kind=hd.kind,
                           address=hd.address, city=hd.city, phone=hd.phone,
                           receiving_contact=hd.receiving_contact,
                           receiving_phone=hd.receiving_phone, billing_name=hd.billing_name,
                           billing_address=hd.billing_address, npwp=hd.npwp,
                           payment_terms_days=hd.payment_terms_days, active=True,
                           created_at=stamp, created_by=PURCHASING)
            hotel_plan.id = row["id"]
            store = Store(hotel_plan)
            for outlet in hd.outlets:
                o = self.add(Outlet, hotel_id=hotel_plan.id, code=outlet.code, name=outlet.name,
                             kind=outlet.kind, active=True)
                store.outlets.setdefault(outlet.kind, o["id"])
            self.hotels.append(hotel_plan)
            self.hotel_of[hotel_plan.id] = hotel_plan
            self.stores.append(store)
        plans: list[SupplierPlan] = []
        for trade, number in catalog.trade_counts(supplier_count):
            for seq in range(1, number + 1):
                plans.append(self.plan_supplier(len(plans), trade, seq))
        self.plan_certificates(plans)
        self.fit_products(plans, product_count)
        for plan in plans:
            data = plan.data
            row = self.add(Supplier, code=data.code, name=data.name, legal_form=data.legal_form,
                           category=data.category, owner_name=data.owner_name, phone=data.phone,
                           address=data.address, city=data.city, nib=data.nib, npwp=data.npwp,
                           is_pkp=data.is_pkp, bank_name=data.bank_name,
                           bank_account_no=data.bank_account_no,
                           bank_account_name=data.bank_account_name,
                           coaching_start=min(data.coaching_start or self.start, self.start),
                           notes=data.notes, active=True, created_at=stamp,
                           created_by=PURCHASING)
            plan.id = row["id"]
            for cert in data.certificates:
                self.add(Certificate, supplier_id=plan.id, kind=cert.kind, number=cert.number,
                         issued_on=cert.issued_on, expires_on=cert.expires_on)
            for product in plan.products:
                t = product.template
                p = self.add(Product, code=product.code, name=t.name, supplier_id=plan.id,
                             category=data.category, unit=t.unit,
                             perishable=t.shelf_life_days is not None,
                             shelf_life_days=t.shelf_life_days, standard_price=product.price,
                             active=True, created_at=stamp, created_by=PURCHASING)
                product.id = p["id"]
                self.products[product.id] = product
            self.suppliers.append(plan)
            self.supplier_of[plan.id] = plan

    def fit_products(self, plans: list[SupplierPlan], wanted: int) -> None:
        """As many products as asked: variants of a UMKM's range added, or ranges trimmed."""
        total = sum(len(p.products) for p in plans)
        n = 0
        while total > wanted:
            plan = plans[n % len(plans)]
            if len(plan.products) > 1:
                plan.products.pop()
                total -= 1
            n += 1
        n = 0
        while total < wanted:
            plan = plans[n % len(plans)]
            base = plan.products[len(plan.products) % max(1, min(3, len(plan.products)))]
            variant = VARIANTS[1 + (len(plan.products) // 3) % (len(VARIANTS) - 1)]
            template = replace(base.template, name=f"{base.template.name}{variant}")
            price = catalog.nice_price(Decimal(base.price) * Decimal(self.pick(("0.9", "1.15"))))
            code = f"{plan.data.code}-{len(plan.products) + 1:02d}"
            plan.products.append(ProductPlan(template, code, price, plan))
            total += 1
            n += 1
        for plan in plans:  # the variants' names are unique within a supplier
            seen: set[str] = set()
            for product in plan.products:
                name = product.template.name
                k = 2
                while name in seen:
                    name = f"{product.template.name} ({k})"
                    k += 1
                seen.add(name)
                if name != product.template.name:
                    product.template = replace(product.template, name=name)

    def plan_buying(self) -> None:
        """Standing orders, occasional suppliers, yearly contract prices and par levels."""
        first_year, last_year = self.start.year - 1, self.today.year
        stamp = moment(self.start - dt.timedelta(days=25), 10 * 60)
        for store in self.stores:
            hotel = store.plan
            factors = [Decimal(f) for f in catalog.WEEKDAY_FACTORS[hotel.kind]]
            for trade in catalog.TRADES:
                pool = [s for s in self.suppliers if s.trade is trade]
                chosen = self.rng.sample(pool, min(len(pool), self.regular_count(trade, hotel)))
                for supplier in sorted(chosen, key=lambda s: s.index):
                    weekdays = self.weekdays(trade.rhythm, hotel)
                    most = 3 if trade.rhythm == Rhythm.DAILY else 2
                    items = self.rng.sample(
                        supplier.products, self.rng.randint(1, min(most, len(supplier.products))))
                    regular = Regular(supplier, [])
                    for product in sorted(items, key=lambda p: p.code):
                        unit = product.template.unit
                        base = Decimal(self.rng.randint(*product.template.order_qty)) * hotel.size
                        week = [round_qty(base * factors[d], unit) if d in weekdays else ZERO
                                for d in range(7)]
                        regular.items.append((product, week))
                        hotel.weekly[product.id] = sum(week, ZERO)
                        for d, qty in enumerate(week):
                            if qty:
                                self.add(StandingOrder, hotel_id=hotel.id, product_id=product.id,
                                         weekday=d, quantity=qty)
                    store.regulars.append(regular)
                    hotel.regulars.append(supplier)
            regular_ids = {r.supplier.id for r in store.regulars}
            others = [s for s in self.suppliers if s.id not in regular_ids and s.trade.food]
            store.occasional = sorted(self.rng.sample(others, min(len(others), 3)),
                                      key=lambda s: s.index)
            if hotel.has_gift_shop:
                crafts = [s for s in self.suppliers if not s.trade.food and s.id not in regular_ids]
                store.occasional += sorted(self.rng.sample(crafts, min(len(crafts), 2)),
                                           key=lambda s: s.index)
            bought = [p for r in store.regulars for p, _week in r.items]
            bought += [p for s in store.occasional for p in s.products]
            for product in bought:
                price = catalog.nice_price(
                    Decimal(product.price) * Decimal(self.pick(("0.9", "0.95", "1", "1"))))
                for year in range(first_year, last_year + 1):
                    store.price[(product.id, year)] = price
                    self.add(PriceAgreement, hotel_id=hotel.id, product_id=product.id,
                             price=price, valid_from=dt.date(year, 1, 1),
                             valid_to=None if year == last_year else dt.date(year, 12, 31),
                             active=True, created_at=stamp, created_by=PURCHASING)
                    price = catalog.nice_price(Decimal(price) * Decimal(self.pick(PRICE_RISE)))
            for product_id, weekly in hotel.weekly.items():
                product = self.products[product_id]
                shelf = product.template.shelf_life_days
                if product.supplier.trade.stocked and (shelf is None or shelf > FRESH_DAYS):
                    level = round_qty(weekly * PAR_WEEKS, product.template.unit)
                    self.add(ParLevel, hotel_id=hotel.id, product_id=product_id, quantity=level)

    def regular_count(self, trade: Trade, hotel: HotelPlan) -> int:
        """Half the small demo's regulars: about a million delivery lines in five years
        at fifty hotels (SPEC section 7)."""
        if trade.rhythm == Rhythm.RARE and (
                hotel.kind == HotelKind.RESTAURANT or not hotel.has_gift_shop):
            return 0
        count = int((trade.per_hotel * hotel.size / 2).quantize(Decimal(1),
                                                                rounding=ROUND_HALF_UP))
        return max(count, 1 if trade.rhythm == Rhythm.DAILY else 0)
