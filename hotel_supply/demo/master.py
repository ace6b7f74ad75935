"""The demo's master data, and what every part of a demo build shares.

The programme office's settings, the partner hotels and their outlets, the
coached UMKM with their certificates and products, contract prices, standing
orders and par levels: written through the services, as the office would type
them. :class:`DemoBuild` holds one build's seeded random generator, pinned clock
and session, and the plans (with the ids the services gave) that the days of
deliveries (``builder.py``) and of stock activity (``stock.py``) draw on.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from sqlalchemy import select

from hotel_supply.demo import catalog
from hotel_supply.demo.catalog import ProductTemplate, Rhythm, Trade, round_qty
from hotel_supply.demo.session import PinnedClock, SharedSession
from hotel_supply.i18n import _
from hotel_supply.models import Hotel, ParLevel, Supplier
from hotel_supply.models.enums import CertificateKind, HotelKind, LegalForm, OutletKind
from hotel_supply.progress import Progress
from hotel_supply.services import audit, prices, settings, standing_orders
from hotel_supply.services import hotels as hotel_service
from hotel_supply.services import products as product_service
from hotel_supply.services import suppliers as supplier_service

T = TypeVar("T")

ZERO = Decimal(0)
MASTER_STEPS = 5  # progress steps before the first day
PAR_WEEKS = Decimal("0.4")  # a par level: the use of so many weeks (of the standing order)
FRESH_DAYS = 7  # shelf life up to which goods are used fresh, not kept in store

# --- machinery ------------------------------------------------------------------------


def _digits(rng: random.Random, pattern: str) -> str:
    """``pattern`` with each ``#`` replaced by a random digit."""
    return "".join(str(rng.randrange(10)) if c == "#" else c for c in pattern)


def _years_later(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


# --- plans: what the generator decided, with the ids the services gave ------------


@dataclass(eq=False)
class SupplierPlan:
    index: int
    trade: Trade
    data: supplier_service.SupplierData
    drivers: tuple[str, ...]
    plate: str
    arrival: int  # usual arrival, minutes after midnight
    care: float  # how often it gets rejected, 1 = usual
    id: int = 0
    products: list[ProductPlan] = field(default_factory=list)


@dataclass(eq=False)
class ProductPlan:
    template: ProductTemplate
    code: str
    price: int
    supplier: SupplierPlan
    id: int = 0


@dataclass(eq=False)
class HotelPlan:
    index: int
    data: hotel_service.HotelData
    size: Decimal  # 1 = a large hotel
    staff: tuple[str, ...]  # who counts deliveries
    id: int = 0
    regulars: list[SupplierPlan] = field(default_factory=list)  # with standing orders
    weekly: dict[int, Decimal] = field(default_factory=dict)  # product id -> standing qty/week
    gift_suppliers: list[SupplierPlan] = field(default_factory=list)

    @property
    def kind(self) -> HotelKind:
        return self.data.kind

    @property
    def has_gift_shop(self) -> bool:
        return any(o.kind == OutletKind.GIFT_SHOP for o in self.data.outlets)


# --- one build ---------------------------------------------------------------------


class DemoBuild:
    """One build of the demo: its random generator, clock, session and plans.

    The master data is what it writes first (``write_master_data``); ``builder.py``
    goes on with the days of deliveries, ``stock.py`` with the hotels' stores.
    """

    def __init__(
        self,
        db: SharedSession,
        rng: random.Random,
        pinned: PinnedClock,
        *,
        today: dt.date,
        days: int,
        progress: Progress,
    ) -> None:
        self.db = db
        self.session = db.session
        self.rng = rng
        self.clock = pinned
        self.today = today
        self.days = days
        self.start = today - dt.timedelta(days=days)
        self.progress = progress
        self.total_steps = MASTER_STEPS + days + 1
        self.done = 0
        self.message = ""
        self.hotels: list[HotelPlan] = []
        self.suppliers: list[SupplierPlan] = []
        self.products: dict[int, ProductPlan] = {}
        self.hotel_of: dict[int, HotelPlan] = {}
        self.supplier_of: dict[int, SupplierPlan] = {}
        self.used: set[str] = set()  # names and numbers handed out; only looked up
        # Hotels and suppliers stay loaded in the session while the days are replayed,
        # so posting a delivery finds its hotel and supplier without asking the database.
        self.parties: list[Hotel | Supplier] = []

    # --- small helpers

    def step(self, message: str) -> None:
        """Report the next step (and let the user cancel)."""
        self.message = message
        self.progress.step(self.done, self.total_steps, message)
        self.done += 1

    def poll(self) -> None:
        """Within a long step: give the user a chance to cancel."""
        self.progress.step(max(self.done - 1, 0), self.total_steps, self.message)

    def tick(self, low: int = 1, high: int = 6) -> None:
        """Let the clock run a few minutes, as between two records typed in the office."""
        self.clock.at += dt.timedelta(minutes=self.rng.randint(low, high))

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def unique(self, make: Callable[[], str]) -> str:
        """A value from ``make`` nobody got yet (numbered once the material runs out)."""
        for attempt in range(400):
            value = make() if attempt < 200 else f"{make()} {attempt - 198}"
            if value not in self.used:
                self.used.add(value)
                return value
        raise RuntimeError("the demo material ran out of unique values")  # pragma: no cover

    def mobile(self) -> str:
        return f"{self.pick(catalog.MOBILE_PREFIXES)}-{_digits(self.rng, '####-####')}"

    def address(self, areas: Sequence[str] = ()) -> str:
        kecamatan = (
            self.pick(areas) if areas and self.chance(0.6) else self.pick(list(catalog.KECAMATAN))
        )
        kelurahan, streets = catalog.KECAMATAN[kecamatan]
        street = self.pick(streets)
        if self.chance(0.3):
            street = f"{street} Gg. {self.pick(catalog.GANG_NAMES)}"
        number = self.rng.randint(1, 250)
        return f"{street} No. {number}, Kel. {self.pick(kelurahan)}, Kec. {kecamatan}"

    # --- master data

    def write_master_data(self, *, hotel_count: int, supplier_count: int) -> None:
        """Office, hotels, UMKM and products, standing orders, prices and par levels."""
        self.step(_("Preparing the programme office and the partner hotels…"))
        self.write_settings()
        self.write_hotels(hotel_count)
        self.step(_("Registering the UMKM and their products…"))
        self.write_suppliers(supplier_count)
        self.step(_("Agreeing standing orders, prices and par levels…"))
        self.write_standing_orders()
        self.write_prices()
        self.write_par_levels()
        self.parties = [
            *self.session.scalars(select(Hotel)),
            *self.session.scalars(select(Supplier)),
        ]

    def write_settings(self) -> None:
        current = settings.load(self.session)
        settings.save(
            self.session,
            replace(
                current,
                name=catalog.OFFICE_NAME,
                address=catalog.OFFICE_ADDRESS,
                city="Bandar Lampung",
                phone=catalog.OFFICE_PHONE,
                email=catalog.OFFICE_EMAIL,
                known_by=catalog.OFFICE_HEAD,
            ),
        )

    def write_hotels(self, count: int) -> None:
        for index in range(count):
            plan = self.plan_hotel(index)
            self.tick()
            plan.id = hotel_service.create_hotel(self.db, data=plan.data)
            self.hotels.append(plan)
            self.hotel_of[plan.id] = plan

    def plan_hotel(self, index: int) -> HotelPlan:
        rng = self.rng
        if index < len(catalog.HOTELS):
            known = catalog.HOTELS[index]
            code, name, kind, address = known.code, known.name, known.kind, known.address
            billing, terms, size, phone = (
                known.billing_name,
                known.payment_terms_days,
                Decimal(known.size),
                known.phone,
            )
        else:
            extra = index - len(catalog.HOTELS)
            name, kind = catalog.EXTRA_HOTELS[extra % len(catalog.EXTRA_HOTELS)]
            if extra >= len(catalog.EXTRA_HOTELS):
                name = f"{name} {extra // len(catalog.EXTRA_HOTELS) + 1}"
            code = f"H{index + 1:02d}"
            address = self.address()
            short = name.removeprefix("Hotel ")
            billing = f"PT {short} Lampung" if kind == HotelKind.HOTEL else f"CV {short}"
            terms = self.pick((14, 30))
            size = Decimal(self.pick(("0.5", "0.6", "0.7", "0.8", "0.9")))
            phone = f"(0721) {rng.randint(250000, 799999)}"
        staff = tuple(rng.sample(catalog.RECEIVING_STAFF, 3))
        outlets = [
            o
            for o in hotel_service.standard_outlets()
            if kind == HotelKind.HOTEL or o.kind in (OutletKind.KITCHEN, OutletKind.GIFT_SHOP)
        ]
        data = hotel_service.HotelData(
            code=code,
            name=name,
            kind=kind,
            address=address,
            city="Bandar Lampung",
            phone=phone,
            receiving_contact=staff[0],
            receiving_phone=self.mobile(),
            billing_name=billing,
            billing_address=address,
            npwp=self.unique(lambda: _digits(rng, "0" + "#" * 15)),
            payment_terms_days=terms,
            outlets=outlets,
        )
        return HotelPlan(index=index, data=data, size=size, staff=staff)

    def write_suppliers(self, count: int) -> None:
        plans: list[SupplierPlan] = []
        for trade, number in catalog.trade_counts(count):
            for seq in range(1, number + 1):
                plans.append(self.plan_supplier(len(plans), trade, seq))
        self.plan_certificates(plans)
        for plan in plans:
            if plan.index % 10 == 0:
                self.poll()
            self.tick(2, 9)
            plan.id = supplier_service.create_supplier(self.db, data=plan.data)
            self.suppliers.append(plan)
            self.supplier_of[plan.id] = plan
            self.write_products(plan)

    def plan_supplier(self, index: int, trade: Trade, seq: int) -> SupplierPlan:
        rng = self.rng
        name = self.business_name(trade)
        owner = catalog.owner_in(name) or self.pick(catalog.OWNERS)
        legal = (
            LegalForm.CV
            if name.startswith("CV ")
            else LegalForm.UD
            if name.startswith("UD ")
            else LegalForm.SOLE
        )
        has_npwp = legal == LegalForm.CV or self.chance(0.85 if legal == LegalForm.UD else 0.6)
        pkp_share = {LegalForm.CV: 0.4, LegalForm.UD: 0.05, LegalForm.SOLE: 0.0}[legal]
        is_pkp = has_npwp and self.chance(pkp_share)
        npwp = self.unique(lambda: self.npwp(legal)) if has_npwp else ""
        bank = account_no = account_name = ""
        if self.chance(0.92):
            bank, _weight, pattern = rng.choices(
                catalog.BANKS, weights=[b[1] for b in catalog.BANKS]
            )[0]
            account_no = _digits(rng, pattern)
            account_name = name if legal == LegalForm.CV else owner
        coaching = self.today - dt.timedelta(days=rng.randint(20, 720))
        data = supplier_service.SupplierData(
            code=f"{trade.code_prefix}{seq:03d}",
            name=name,
            legal_form=legal,
            category=trade.category,
            owner_name=owner,
            phone=self.mobile(),
            address=self.address(trade.areas),
            city="Bandar Lampung",
            nib=self.unique(lambda: _digits(rng, self.pick(("9120", "8120", "1265")) + "#" * 9)),
            npwp=npwp,
            is_pkp=is_pkp,
            bank_name=bank,
            bank_account_no=account_no,
            bank_account_name=account_name,
            coaching_start=coaching,
            notes=f"Binaan angkatan {coaching.year}",
        )
        if legal == LegalForm.SOLE:
            drivers: tuple[str, ...] = (owner, self.pick(catalog.DRIVERS))
        else:
            drivers = tuple(rng.sample(catalog.DRIVERS, rng.randint(1, 2)))
        letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
        plate = self.unique(
            lambda: f"BE {rng.randint(1000, 9999)} {self.pick(letters)}{self.pick(letters)}"
        )
        care = float(self.pick(("0.5", "0.8", "1", "1", "1", "1.2", "1.5", "2.5")))
        plan = SupplierPlan(
            index=index,
            trade=trade,
            data=data,
            drivers=drivers,
            plate=plate,
            arrival=rng.randint(*trade.arrival),
            care=care,
        )
        count = rng.randint(2, min(8, len(trade.products)))
        for n, which in enumerate(sorted(rng.sample(range(len(trade.products)), count)), 1):
            template = trade.products[which]
            price = catalog.nice_price(
                Decimal(template.price) * Decimal(self.pick(catalog.PRICE_VARIATION))
            )
            plan.products.append(ProductPlan(template, f"{data.code}-{n:02d}", price, plan))
        return plan

    def business_name(self, trade: Trade) -> str:
        for name in trade.first_names:
            if name not in self.used:
                self.used.add(name)
                return name

        def make() -> str:
            person, _owner = self.pick(catalog.PERSONS)
            return self.pick(trade.names).format(
                person=person,
                brand=self.pick(catalog.BRANDS),
                origin=self.pick(catalog.COFFEE_ORIGINS),
                area=self.pick(catalog.NAME_AREAS),
            )

        return self.unique(make)

    def npwp(self, legal: LegalForm) -> str:
        """A 16-digit NPWP: a company's own, or a person's NIK (born in Bandar Lampung)."""
        rng = self.rng
        if legal == LegalForm.CV:
            return _digits(rng, "0" + "#" * 15)
        day = rng.randint(1, 28) + (40 if self.chance(0.5) else 0)  # +40: a woman's NIK
        born = f"{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}"
        return f"1871{rng.randint(1, 20):02d}{born}{rng.randint(1, 9999):04d}"

    def plan_certificates(self, plans: list[SupplierPlan]) -> None:
        """BNSP for 44 of 120, halal and P-IRT for many food UMKM; some expire soon."""
        rng, today = self.rng, self.today
        share, of = catalog.BNSP_SHARE
        bnsp = rng.sample(range(len(plans)), round(len(plans) * share / of))
        certificates: dict[int, list[supplier_service.CertificateData]] = {}
        for plan in plans:
            certs = certificates[plan.index] = []
            if plan.index in bnsp:
                issued = today - dt.timedelta(days=rng.randint(60, 1000))
                certs.append(
                    supplier_service.CertificateData(
                        CertificateKind.BNSP, "", issued, _years_later(issued, 3)
                    )
                )
            if plan.trade.food and self.chance(0.7):
                issued = today - dt.timedelta(days=rng.randint(30, 900))
                certs.append(supplier_service.CertificateData(CertificateKind.HALAL, "", issued))
            if plan.trade.food and self.chance(0.65):
                issued = today - dt.timedelta(days=rng.randint(100, 1700))
                certs.append(
                    supplier_service.CertificateData(
                        CertificateKind.PIRT, "", issued, _years_later(issued, 5)
                    )
                )
        renewing = [p for p in plans if any(c.expires_on for c in certificates[p.index])]
        soon = rng.sample(renewing, min(len(renewing), max(1, round(len(plans) * 0.07))))
        for n, plan in enumerate(soon):
            cert = self.pick([c for c in certificates[plan.index] if c.expires_on])
            years = 3 if cert.kind == CertificateKind.BNSP else 5
            if n % 4 == 3:  # one in four has just expired: renewal pending
                cert.expires_on = today - dt.timedelta(days=rng.randint(3, 40))
            else:
                cert.expires_on = today + dt.timedelta(days=rng.randint(2, 30))
            cert.issued_on = _years_later(cert.expires_on, -years)
        for plan in plans:
            for cert in certificates[plan.index]:
                cert.number = self.certificate_number(cert)
            plan.data.certificates = certificates[plan.index]

    def certificate_number(self, cert: supplier_service.CertificateData) -> str:
        rng = self.rng
        issued = cert.issued_on or self.today
        if cert.kind == CertificateKind.BNSP:
            return (
                f"{rng.randint(10000, 99999)} {rng.randint(1000, 9999)} {rng.randint(1, 9)} "
                f"{rng.randint(1, 9999999):07d} {issued.year}"
            )
        if cert.kind == CertificateKind.HALAL:
            return _digits(rng, "ID18110" + "#" * 12)
        expires = cert.expires_on or issued
        return _digits(rng, "P-IRT 2##1871######-") + f"{expires.year % 100:02d}"

    def write_products(self, supplier: SupplierPlan) -> None:
        for plan in supplier.products:
            template = plan.template
            plan.id = product_service.create_product(
                self.db,
                data=product_service.ProductData(
                    code=plan.code,
                    name=template.name,
                    supplier_id=supplier.id,
                    category=supplier.trade.category,
                    unit=template.unit,
                    perishable=template.shelf_life_days is not None,
                    shelf_life_days=template.shelf_life_days,
                    standard_price=plan.price,
                ),
            )
            self.products[plan.id] = plan

    # --- what the hotels agreed with the UMKM

    def write_standing_orders(self) -> None:
        for hotel in self.hotels:
            self.poll()
            factors = [Decimal(f) for f in catalog.WEEKDAY_FACTORS[hotel.kind]]
            rows: list[standing_orders.StandingOrderLine] = []
            for trade in catalog.TRADES:
                pool = [s for s in self.suppliers if s.trade is trade]
                chosen = self.rng.sample(pool, min(len(pool), self.regular_count(trade, hotel)))
                for supplier in sorted(chosen, key=lambda s: s.index):
                    hotel.regulars.append(supplier)
                    weekdays = self.weekdays(trade.rhythm, hotel)
                    most = 3 if trade.rhythm == Rhythm.DAILY else 2
                    items = self.rng.sample(
                        supplier.products, self.rng.randint(1, min(most, len(supplier.products)))
                    )
                    for product in sorted(items, key=lambda p: p.code):
                        unit = product.template.unit
                        base = Decimal(self.rng.randint(*product.template.order_qty)) * hotel.size
                        week = [
                            round_qty(base * factors[d], unit) if d in weekdays else ZERO
                            for d in range(7)
                        ]
                        rows.append(standing_orders.StandingOrderLine(product.id, week))
                        hotel.weekly[product.id] = sum(week, ZERO)
            if hotel.has_gift_shop:
                crafts = [s for s in self.suppliers if not s.trade.food]
                count = min(len(crafts), self.rng.randint(2, 4))
                hotel.gift_suppliers = sorted(self.rng.sample(crafts, count), key=lambda s: s.index)
            self.tick()
            standing_orders.save_standing_order_grid(self.db, hotel_id=hotel.id, rows=rows)

    def regular_count(self, trade: Trade, hotel: HotelPlan) -> int:
        """How many UMKM of a trade a hotel has standing orders with."""
        if trade.rhythm == Rhythm.RARE and (
            hotel.kind == HotelKind.RESTAURANT or not hotel.has_gift_shop
        ):
            return 0
        count = int((trade.per_hotel * hotel.size).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return max(count, 1 if trade.rhythm == Rhythm.DAILY else 0)

    def weekdays(self, rhythm: Rhythm, hotel: HotelPlan) -> tuple[int, ...]:
        rng = self.rng
        if rhythm == Rhythm.DAILY:
            return tuple(range(7 if self.chance(0.7) else 6))
        if rhythm == Rhythm.OFTEN:
            return tuple(sorted(rng.sample(range(7), self.pick((2, 3)))))
        if rhythm == Rhythm.WEEKLY:
            twice = hotel.size >= Decimal("0.9") and self.chance(0.3)
            return tuple(sorted(rng.sample(range(6), 2 if twice else 1)))
        return (rng.randrange(5),)

    def write_prices(self) -> None:
        """Contract prices for about half of what each hotel buys; some change mid-period."""
        inside = [self.start + dt.timedelta(days=n) for n in range(1, self.days)]
        firsts = [day for day in inside if day.day == 1]
        for hotel in self.hotels:
            self.poll()
            product_ids = list(hotel.weekly) + [
                p.id for s in hotel.gift_suppliers for p in s.products if p.id not in hotel.weekly
            ]
            for product_id in product_ids:
                if not self.chance(0.45):
                    continue
                product = self.products[product_id]
                since = (self.start - dt.timedelta(days=self.rng.randint(30, 240))).replace(day=1)
                price = catalog.nice_price(
                    Decimal(product.price) * Decimal(self.pick(("0.9", "0.92", "0.95", "1")))
                )
                self.tick(1, 3)
                agreement_id = prices.create_price_agreement(
                    self.db,
                    data=prices.PriceAgreementData(
                        hotel_id=hotel.id, product_id=product_id, price=price, valid_from=since
                    ),
                )
                roll = self.rng.random()
                if inside and roll < 0.15:  # a new price from the 1st (or another day)
                    change = self.pick(firsts) if firsts and self.chance(0.6) else self.pick(inside)
                    raised = catalog.nice_price(
                        Decimal(price) * Decimal(self.pick(("1.05", "1.1")))
                    )
                    prices.create_price_agreement(
                        self.db,
                        end_previous=True,
                        data=prices.PriceAgreementData(
                            hotel_id=hotel.id,
                            product_id=product_id,
                            price=raised,
                            valid_from=change,
                        ),
                    )
                elif inside and roll < 0.2:  # the contract ran out: standard price again
                    prices.end_price_agreement(
                        self.db, agreement_id=agreement_id, valid_to=self.pick(inside)
                    )

    def write_par_levels(self) -> None:
        """Par levels for what a hotel keeps in store (not bread nor cakes, which come fresh):
        a few days of use of what comes on standing orders, and a gift supplier's best seller."""
        for hotel in self.hotels:
            levels: dict[int, Decimal] = {}
            for product_id, weekly in hotel.weekly.items():
                product = self.products[product_id]
                shelf = product.template.shelf_life_days
                if product.supplier.trade.stocked and (shelf is None or shelf > FRESH_DAYS):
                    levels[product_id] = round_qty(weekly * PAR_WEEKS, product.template.unit)
            for supplier in hotel.gift_suppliers:
                for n, product in enumerate(supplier.products):
                    shown = self.rng.randint(2, 6)  # pieces the gift shop likes on display
                    if n == 0:  # the rest is ordered as it sells
                        levels.setdefault(product.id, Decimal(shown // 2))
            for product_id, qty in levels.items():
                self.session.add(ParLevel(hotel_id=hotel.id, product_id=product_id, quantity=qty))
            audit.record(
                self.session,
                action="create",
                entity="par_level",
                entity_id=None,
                hotel_id=hotel.id,
                products=len(levels),
            )
        self.session.flush()
