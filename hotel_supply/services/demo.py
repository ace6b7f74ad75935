"""The demo database: a whole programme's data, plausible and repeatable.

``build_demo`` fills an empty database with the programme office's settings,
the partner hotels, about 120 coached UMKM with their certificates and
products, contract prices, standing orders and par levels; then it replays
the last ``days`` days of receiving (standing and ad-hoc orders; deliveries
with short, excess and partly rejected lines; a few unplanned ones; a couple
of orders never delivered; a posted delivery cancelled and entered again) and
leaves today's deliveries expected, one of them being counted.

Everything is written through the services the app itself uses, so the demo
obeys the same rules (validation, prices, numbering, stock, audit). It is one
unit of work: a cancelled or failed build leaves the database empty. The same
seed and ``today`` give the same data: every choice comes from one seeded
``random.Random``, in an order that depends on nothing else.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from typing import TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from hotel_supply import clock
from hotel_supply.db import Database, open_database, sqlite_path
from hotel_supply.formatting import format_date, format_qty, format_rupiah, line_amount
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Order,
    ParLevel,
    PriceAgreement,
    Product,
    Supplier,
)
from hotel_supply.models.enums import (
    CertificateKind,
    DeliveryStatus,
    HotelKind,
    LegalForm,
    OrderStatus,
    OutletKind,
    RejectionReason,
    Unit,
)
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import audit, deliveries, orders, prices, settings, standing_orders
from hotel_supply.services import demo_catalog as catalog
from hotel_supply.services import hotels as hotel_service
from hotel_supply.services import products as product_service
from hotel_supply.services import suppliers as supplier_service
from hotel_supply.services.deliveries import COUNTABLE_UNITS, DeliveryInput, LineInput
from hotel_supply.services.demo_catalog import ProductTemplate, Rhythm, Trade
from hotel_supply.services.errors import DomainError

__all__ = ["DEMO_USER", "DemoSummary", "build_demo", "is_empty", "reset_database"]

T = TypeVar("T")

DEMO_USER = "demo"
ZERO = Decimal(0)
HALF = Decimal("0.5")
# How much a hotel (restaurant) orders on each weekday, Monday first: busier weekends.
WEEKDAY_FACTORS = {
    HotelKind.HOTEL: ("1", "0.95", "0.95", "1", "1.1", "1.25", "1.15"),
    HotelKind.RESTAURANT: ("0.85", "0.85", "0.9", "0.95", "1.15", "1.4", "1.3"),
}
PRICE_VARIATION = ("0.9", "0.95", "1", "1", "1", "1", "1.05", "1.1")  # a UMKM's own price
SHORT_SHARE = 0.05  # lines delivered short
EXCESS_SHARE = 0.02  # lines delivered over the order
REJECT_SHARE = 0.025  # lines partly rejected, times the supplier's carelessness
BNSP_SHARE = (44, 120)  # 44 of the 120 coached UMKM hold a BNSP certificate
MASTER_STEPS = 5  # progress steps before the first day


# --- the API ------------------------------------------------------------------------


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

    def describe(self) -> str:
        return _(
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


def is_empty(db: Database) -> bool:
    """True when the database has no hotel yet (a demo can be built into it)."""
    with db.reader() as session:
        return session.scalar(select(Hotel.id).limit(1)) is None


def reset_database(url: str) -> Database:
    """Delete a SQLite demo file and open it again, empty and migrated, for user "demo".

    Only a SQLite file is ever deleted: for a database server this raises
    :class:`DomainError` and changes nothing.
    """
    path = sqlite_path(url)
    if path is None:
        raise DomainError(
            _(
                "Only a demo database kept in a SQLite file can be rebuilt; "
                "a database server is never wiped."
            )
        )
    try:
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
    except OSError as exc:
        raise DomainError(
            _(
                "The demo database cannot be deleted ({error}). Close Hotel Supply on this "
                "computer and try again."
            ).format(error=exc.strerror or exc)
        ) from exc
    return open_database(url, user=DEMO_USER)


def build_demo(
    db: Database,
    *,
    seed: int = 2026,
    days: int = 60,
    hotels: int = 5,
    suppliers: int = 120,
    today: dt.date | None = None,
    progress: Progress = SILENT,
) -> DemoSummary:
    """Fill an empty database with the demo (see the module's docstring) in one unit of work.

    Deliveries cover the ``days`` days before ``today`` (default: the real
    today); today's orders are left open. Raises ``Cancelled`` when the user
    cancels through ``progress``: nothing is written then.
    """
    if days < 1 or hotels < 1 or suppliers < 1:
        raise DomainError(_("The demo needs at least one day, one hotel and one supplier."))
    if not is_empty(db):
        raise DomainError(_("The demo is built only into an empty database; this one has data."))
    today = today or clock.today()
    pinned = _PinnedClock(_at(today - dt.timedelta(days=days + 30), 8 * 60))
    clock.set_clock(pinned)
    try:
        with db.unit_of_work() as session:
            builder = _Builder(
                _SharedSession(db, session),
                random.Random(seed),
                pinned,
                today=today,
                days=days,
                progress=progress,
            )
            builder.build(hotel_count=hotels, supplier_count=suppliers)
            progress.step(builder.total_steps, builder.total_steps, _("Saving the demo database…"))
            return _summary(session, today=today, days=days)
    finally:
        clock.set_clock(None)


# --- machinery ------------------------------------------------------------------------


class _PinnedClock:
    """The app's clock while the demo is built: set to each moment the demo replays."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at


class _SharedSession(Database):
    """The database as the services see it during the build.

    Every unit of work a service opens joins the demo's one session, so the
    services validate and audit as usual while the whole demo is committed, or
    rolled back, at once (and fast: one transaction instead of thousands).
    """

    def __init__(self, db: Database, session: Session) -> None:
        super().__init__(db.url, user=db.user, engine=db.engine)
        self.session = session

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        yield self.session

    @contextmanager
    def reader(self) -> Iterator[Session]:
        yield self.session


def _at(day: dt.date, minutes: int) -> dt.datetime:
    """``day`` at ``minutes`` after midnight."""
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minutes)


def _quantity(value: Decimal, unit: Unit) -> Decimal:
    """A plausible quantity: whole for counted units, in halves for kg and liter."""
    if unit in COUNTABLE_UNITS:
        return max(Decimal(1), value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return max(HALF, (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2)


def _part(total: Decimal, unit: Unit, share: float) -> Decimal:
    """About ``share`` of ``total``: at least one step of the unit, at most all of it."""
    step = Decimal(1) if unit in COUNTABLE_UNITS else HALF
    raw = (total * Decimal(str(share)) / step).quantize(Decimal(1), rounding=ROUND_FLOOR) * step
    return min(max(raw, step), total)


def _nice_price(amount: Decimal) -> int:
    """Round a price the way a UMKM writes it: to Rp500, Rp1.000, Rp5.000 or Rp25.000."""
    step = 500 if amount < 50_000 else 1_000 if amount < 200_000 else 5_000
    if amount >= 1_000_000:
        step = 25_000
    return int((amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step


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
class _SupplierPlan:
    index: int
    trade: Trade
    data: supplier_service.SupplierData
    drivers: tuple[str, ...]
    plate: str
    arrival: int  # usual arrival, minutes after midnight
    care: float  # how often it gets rejected, 1 = usual
    id: int = 0
    products: list[_ProductPlan] = field(default_factory=list)


@dataclass(eq=False)
class _ProductPlan:
    template: ProductTemplate
    code: str
    price: int
    supplier: _SupplierPlan
    id: int = 0


@dataclass(eq=False)
class _HotelPlan:
    index: int
    data: hotel_service.HotelData
    size: Decimal  # 1 = a large hotel
    staff: tuple[str, ...]  # who counts deliveries
    id: int = 0
    regulars: list[_SupplierPlan] = field(default_factory=list)  # with standing orders
    weekly: dict[int, Decimal] = field(default_factory=dict)  # product id -> standing qty/week
    gift_suppliers: list[_SupplierPlan] = field(default_factory=list)

    @property
    def kind(self) -> HotelKind:
        return self.data.kind

    @property
    def has_gift_shop(self) -> bool:
        return any(o.kind == OutletKind.GIFT_SHOP for o in self.data.outlets)


@dataclass
class _AdhocOrder:
    created_at: dt.datetime
    hotel: _HotelPlan
    supplier: _SupplierPlan
    day: dt.date
    lines: list[orders.OrderLineInput]
    notes: str


@dataclass
class _Correction:
    """A posted delivery with a typing mistake: cancelled and entered again that afternoon."""

    delivery_id: int
    order_id: int
    data: DeliveryInput  # what should have been typed
    reason: str


@dataclass(eq=False)
class _Visit:
    """A supplier at a hotel's loading dock: for an order, or unannounced (``order`` None)."""

    at: dt.datetime
    hotel: _HotelPlan
    supplier: _SupplierPlan
    order: Order | None


# --- the builder ---------------------------------------------------------------------


class _Builder:
    """Decides everything with one random generator and writes it through the services."""

    def __init__(
        self,
        db: _SharedSession,
        rng: random.Random,
        pinned: _PinnedClock,
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
        self.hotels: list[_HotelPlan] = []
        self.suppliers: list[_SupplierPlan] = []
        self.products: dict[int, _ProductPlan] = {}
        self.hotel_of: dict[int, _HotelPlan] = {}
        self.supplier_of: dict[int, _SupplierPlan] = {}
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

    # --- the whole build

    def build(self, *, hotel_count: int, supplier_count: int) -> None:
        self.step(_("Preparing the programme office and the partner hotels…"))
        self.write_settings()
        self.write_hotels(hotel_count)
        self.step(_("Registering the UMKM and their products…"))
        self.write_suppliers(supplier_count)
        self.step(_("Agreeing standing orders, prices and par levels…"))
        self.write_standing_orders()
        self.write_prices()
        self.write_par_levels()
        self.step(_("Planning the ad-hoc orders…"))
        self.parties = [
            *self.session.scalars(select(Hotel)),
            *self.session.scalars(select(Supplier)),
        ]
        adhoc = self.plan_adhoc_orders()
        past = [self.start + dt.timedelta(days=n) for n in range(self.days)]
        missed = self.rng.sample(past, min(len(past), max(1, round(self.days / 30))))
        unplanned = self.rng.sample(past, min(len(past), max(1, round(self.days / 20))))
        corrected = self.rng.sample(past, min(len(past), 1 if self.days < 30 else 2))
        self.step(_("Replaying the past days…"))
        self.place_adhoc([a for a in adhoc if a.created_at.date() < self.start])
        for day in past:
            self.step(_("Deliveries of {date}…").format(date=format_date(day)))
            self.replay_day(
                day, missed=day in missed, unplanned=day in unplanned, corrected=day in corrected
            )
            self.place_adhoc([a for a in adhoc if a.created_at.date() == day])
        self.step(_("Today's expected deliveries…"))
        self.prepare_today()

    # --- master data

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

    def plan_hotel(self, index: int) -> _HotelPlan:
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
        return _HotelPlan(index=index, data=data, size=size, staff=staff)

    def write_suppliers(self, count: int) -> None:
        plans: list[_SupplierPlan] = []
        for trade, number in _trade_counts(count):
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

    def plan_supplier(self, index: int, trade: Trade, seq: int) -> _SupplierPlan:
        rng = self.rng
        name = self.business_name(trade)
        owner = _owner_in(name) or self.pick(catalog.OWNERS)
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
        plan = _SupplierPlan(
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
            price = _nice_price(Decimal(template.price) * Decimal(self.pick(PRICE_VARIATION)))
            plan.products.append(_ProductPlan(template, f"{data.code}-{n:02d}", price, plan))
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

    def plan_certificates(self, plans: list[_SupplierPlan]) -> None:
        """BNSP for 44 of 120, halal and P-IRT for many food UMKM; some expire soon."""
        rng, today = self.rng, self.today
        share, of = BNSP_SHARE
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

    def write_products(self, supplier: _SupplierPlan) -> None:
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
            factors = [Decimal(f) for f in WEEKDAY_FACTORS[hotel.kind]]
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
                            _quantity(base * factors[d], unit) if d in weekdays else ZERO
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

    def regular_count(self, trade: Trade, hotel: _HotelPlan) -> int:
        """How many UMKM of a trade a hotel has standing orders with."""
        if trade.rhythm == Rhythm.RARE and (
            hotel.kind == HotelKind.RESTAURANT or not hotel.has_gift_shop
        ):
            return 0
        count = int((trade.per_hotel * hotel.size).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return max(count, 1 if trade.rhythm == Rhythm.DAILY else 0)

    def weekdays(self, rhythm: Rhythm, hotel: _HotelPlan) -> tuple[int, ...]:
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
                price = _nice_price(
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
                    raised = _nice_price(Decimal(price) * Decimal(self.pick(("1.05", "1.1"))))
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
        """Par levels for what a hotel keeps in store (not the bread of the day)."""
        for hotel in self.hotels:
            levels: dict[int, Decimal] = {}
            for product_id, weekly in hotel.weekly.items():
                product = self.products[product_id]
                if product.supplier.trade.stocked:
                    levels[product_id] = _quantity(weekly * Decimal("1.5"), product.template.unit)
            for supplier in hotel.gift_suppliers:
                for product in supplier.products:
                    levels.setdefault(product.id, Decimal(self.rng.randint(2, 6)))
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

    # --- orders entered by hand

    def plan_adhoc_orders(self) -> list[_AdhocOrder]:
        """Gift-shop, banquet and kitchen orders for the past days, today and two days ahead."""
        planned: list[_AdhocOrder] = []
        for n in range(self.days + 3):
            day = self.start + dt.timedelta(days=n)
            for hotel in self.hotels:
                cakes = [
                    s
                    for s in hotel.regulars
                    if s.trade.rhythm == Rhythm.DAILY or s.trade.key == "kue"
                ]
                stores = [s for s in hotel.regulars if s.trade.food and s.trade.stocked]
                size = float(hotel.size)
                if hotel.gift_suppliers and self.chance(0.1 * size):
                    planned.append(
                        self.adhoc(
                            hotel,
                            self.pick(hotel.gift_suppliers),
                            day,
                            catalog.GIFT_SHOP_NOTES,
                            3,
                            1,
                        )
                    )
                if cakes and hotel.kind == HotelKind.HOTEL and self.chance(0.12 * size):
                    pax = self.pick((50, 80, 100, 150, 200, 300))
                    notes = [text.format(pax=pax) for text in catalog.BANQUET_NOTES]
                    planned.append(
                        self.adhoc(hotel, self.pick(cakes), day, notes, 2, self.pick((2, 3, 4)))
                    )
                if stores and self.chance(0.05):
                    planned.append(
                        self.adhoc(hotel, self.pick(stores), day, catalog.KITCHEN_NOTES, 2, 1)
                    )
        planned.sort(key=lambda a: (a.created_at, a.hotel.index, a.supplier.index))
        return planned

    def adhoc(
        self,
        hotel: _HotelPlan,
        supplier: _SupplierPlan,
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
                _quantity(Decimal(rng.randint(*p.template.order_qty) * times), p.template.unit),
            )
            for p in sorted(items, key=lambda p: p.code)
        ]
        lead = rng.randint(2, 5) if times > 1 else rng.randint(1, 3)
        created = _at(day - dt.timedelta(days=lead), rng.randint(9 * 60, 15 * 60 + 30))
        return _AdhocOrder(created, hotel, supplier, day, lines, self.pick(notes))

    def place_adhoc(self, planned: list[_AdhocOrder]) -> None:
        for order in planned:
            self.clock.at = order.created_at
            orders.create_adhoc_order(
                self.db,
                hotel_id=order.hotel.id,
                supplier_id=order.supplier.id,
                day=order.day,
                lines=order.lines,
                notes=order.notes,
            )

    # --- the loading dock, day by day

    def replay_day(self, day: dt.date, *, missed: bool, unplanned: bool, corrected: bool) -> None:
        """The morning of a past day: orders due, suppliers arriving, deliveries posted."""
        self.clock.at = _at(day, 5 * 60 + 30)
        orders.materialise_standing_orders(self.session, day=day)
        due = self.orders_due(day)
        if missed and due:
            due.pop(self.rng.randrange(len(due)))  # this one never comes
        visits = [
            _Visit(
                self.arrival(day, self.supplier_of[o.supplier_id]),
                self.hotel_of[o.hotel_id],
                self.supplier_of[o.supplier_id],
                o,
            )
            for o in due
        ]
        if unplanned:
            hotel = self.pick(self.hotels)
            strangers = [s for s in self.suppliers if s.trade.food and s not in hotel.regulars]
            supplier = self.pick(strangers or self.suppliers)
            visits.append(_Visit(self.arrival(day, supplier), hotel, supplier, None))
        visits.sort(
            key=lambda v: (v.at, v.hotel.index, v.supplier.index, v.order.id if v.order else 0)
        )
        expected = [n for n, visit in enumerate(visits) if visit.order is not None]
        wrong = self.pick(expected) if corrected and expected else -1
        drafts = self.draft_deliveries(day, visits, wrong=wrong)
        corrections: list[_Correction] = []
        for n, visit in enumerate(visits):
            if n % 20 == 0:
                self.poll()
            if visit.order is None:
                self.receive_unannounced(day, visit)
                continue
            delivery, counted, reason = drafts[n]
            self.clock.at = visit.at + dt.timedelta(minutes=self.rng.randint(8, 35))
            deliveries.post(self.session, delivery)
            if reason:
                corrections.append(_Correction(delivery.id, visit.order.id, counted, reason))
        for correction in corrections:
            self.correct(day, correction)

    def orders_due(self, day: dt.date) -> list[Order]:
        stmt = (
            select(Order)
            .where(Order.order_date == day, Order.status == OrderStatus.OPEN)
            .options(selectinload(Order.lines))
        )
        due = list(self.session.scalars(stmt))
        due.sort(
            key=lambda o: (
                self.hotel_of[o.hotel_id].index,
                self.supplier_of[o.supplier_id].index,
                str(o.source),
                o.id,
            )
        )
        return due

    def prices_on(self, day: dt.date, due: Sequence[Order]) -> dict[int, dict[int, int]]:
        """Hotel id -> product id -> price on ``day`` of everything due (a query per hotel)."""
        wanted: dict[int, list[int]] = {hotel.id: [] for hotel in self.hotels}
        for order in due:
            wanted[order.hotel_id].extend(line.product_id for line in order.lines)
        return {
            hotel_id: prices.prices_on(self.session, hotel_id=hotel_id, product_ids=ids, day=day)
            for hotel_id, ids in wanted.items()
        }

    def arrival(self, day: dt.date, supplier: _SupplierPlan) -> dt.datetime:
        """Around the supplier's usual time; now and then late; always 06:00-11:00."""
        minutes = supplier.arrival + self.rng.randint(-20, 20)
        if self.chance(0.05):
            minutes += self.rng.randint(45, 120)
        return _at(day, min(max(minutes, 6 * 60), 11 * 60))

    def draft_deliveries(
        self, day: dt.date, visits: list[_Visit], *, wrong: int
    ) -> dict[int, tuple[Delivery, DeliveryInput, str]]:
        """The day's expected deliveries counted and saved as drafts, ready to be posted.

        Visit number -> (draft, what was counted, why it must be corrected: the
        draft of visit ``wrong`` has a typing mistake). The rows are those
        ``deliveries.draft_from_order`` and ``save_lines`` would leave, priced
        from the day's agreements, written in one flush for the whole day (the
        two services would write every line twice, a flush each); posting
        validates each draft as it would any other.
        """
        price = self.prices_on(day, [v.order for v in visits if v.order is not None])
        drafts: dict[int, tuple[Delivery, DeliveryInput, str]] = {}
        for n, visit in enumerate(visits):
            if visit.order is None:
                continue
            wanted = [(x.product_id, x.quantity, x.quantity) for x in visit.order.lines]
            counted = self.count(day, visit, wanted)
            typed, reason = counted, ""
            if n == wrong:
                typo = self.typo(counted)
                if typo is not None:
                    typed, reason = typo
            delivery = Delivery(
                hotel_id=visit.hotel.id,
                supplier_id=visit.supplier.id,
                order_id=visit.order.id,
                delivery_date=day,
                arrived_at=visit.at,
                driver_name=typed.driver_name,
                vehicle_plate=typed.vehicle_plate,
                received_by=typed.received_by,
                notes=typed.notes,
                created_at=visit.at,
                created_by=self.db.user,
            )
            for line_no, line in enumerate(typed.lines, start=1):
                unit_price = price[visit.hotel.id][line.product_id]
                delivery.lines.append(
                    DeliveryLine(
                        line_no=line_no,
                        product_id=line.product_id,
                        ordered_qty=line.ordered,
                        delivered_qty=line.delivered,
                        accepted_qty=line.accepted,
                        rejected_qty=line.rejected,
                        rejection_reason=line.rejection_reason,
                        rejection_note=line.rejection_note,
                        lot_code=line.lot_code,
                        expiry_date=line.expiry_date,
                        unit_price=unit_price,
                        amount=line_amount(line.accepted, unit_price),
                    )
                )
            self.session.add(delivery)
            drafts[n] = (delivery, counted, reason)
        self.session.flush()
        for n, (delivery, _counted, _reason) in drafts.items():
            self.clock.at = visits[n].at
            audit.record(
                self.session,
                action="create",
                entity="delivery",
                entity_id=delivery.id,
                order_id=delivery.order_id,
            )
        return drafts

    def receive_unannounced(self, day: dt.date, visit: _Visit) -> None:
        """Goods that came without an order, accepted by the chef."""
        self.clock.at = visit.at
        delivery_id = deliveries.new_delivery(
            self.db, hotel_id=visit.hotel.id, supplier_id=visit.supplier.id, day=day
        )
        products = visit.supplier.products
        items = self.rng.sample(products, self.rng.randint(1, min(2, len(products))))
        wanted = [
            (
                p.id,
                ZERO,
                _quantity(
                    Decimal(self.rng.randint(*p.template.order_qty)) * visit.hotel.size,
                    p.template.unit,
                ),
            )
            for p in sorted(items, key=lambda p: p.code)
        ]
        data = self.count(day, visit, wanted, as_ordered=True)
        data.notes = self.pick(catalog.UNPLANNED_NOTES)
        self.tick(8, 35)
        delivery = self.session.get(Delivery, delivery_id)
        assert delivery is not None
        deliveries.save_lines(self.session, delivery, data)
        deliveries.post(self.session, delivery)

    def count(
        self,
        day: dt.date,
        visit: _Visit,
        wanted: list[tuple[int, Decimal, Decimal]],
        *,
        as_ordered: bool = False,
    ) -> DeliveryInput:
        """What the clerk counts: (product, ordered, brought) -> delivered, accepted, rejected.

        Most lines come as ordered; some short, a few over; a few percent are
        partly rejected. Perishables get a lot code and an expiry date.
        """
        rng = self.rng
        lines: list[LineInput] = []
        notes: list[str] = []
        for product_id, ordered, brought in wanted:
            product = self.products[product_id]
            unit = product.template.unit
            food = product.supplier.trade.food
            delivered, rejected, reason = brought, ZERO, None
            roll = rng.random() if not as_ordered else 1.0
            if roll < SHORT_SHARE and brought > 1:
                missing = min(_part(brought, unit, rng.uniform(0.1, 0.4)), brought - _step(unit))
                delivered = brought - missing
                notes.append(self.pick(catalog.SHORT_NOTES))
            elif roll < SHORT_SHARE + EXCESS_SHARE:
                extra = _part(brought, unit, rng.uniform(0.05, 0.2))
                delivered = brought + extra
                if self.chance(0.6):
                    rejected, reason = extra, RejectionReason.EXCESS
            if reason is None and self.chance(REJECT_SHARE * visit.supplier.care):
                choices = [
                    RejectionReason.DAMAGED,
                    RejectionReason.QUALITY,
                    RejectionReason.WRONG_PRODUCT,
                ]
                if food and product.template.shelf_life_days is not None:
                    choices.append(RejectionReason.EXPIRED)
                reason = self.pick(choices)
                whole = reason == RejectionReason.EXPIRED and self.chance(0.5)
                rejected = delivered if whole else _part(delivered, unit, rng.uniform(0.05, 0.3))
            note = ""
            if reason is not None:
                table = catalog.REJECTION_NOTES if food else catalog.NON_FOOD_NOTES
                note = self.pick(table[reason])
            lot, expiry = self.lot(product, day, near_expiry=reason == RejectionReason.EXPIRED)
            lines.append(
                LineInput(
                    product_id=product_id,
                    ordered=ordered,
                    delivered=delivered,
                    accepted=delivered - rejected,
                    rejected=rejected,
                    rejection_reason=reason,
                    rejection_note=note,
                    lot_code=lot,
                    expiry_date=expiry,
                )
            )
        if any(line.rejected for line in lines):
            notes.append(catalog.RETURNED_NOTE)
        return DeliveryInput(
            delivery_date=day,
            arrived_at=visit.at,
            driver_name=self.pick(visit.supplier.drivers),
            vehicle_plate=visit.supplier.plate,
            received_by=self.pick(visit.hotel.staff),
            notes="; ".join(dict.fromkeys(notes)),
            lines=lines,
        )

    def lot(
        self, product: _ProductPlan, day: dt.date, *, near_expiry: bool
    ) -> tuple[str, dt.date | None]:
        """Lot code (production date) and expiry of a perishable; nothing for cloth and crafts."""
        shelf = product.template.shelf_life_days
        if shelf is None:
            return "", None
        if near_expiry:
            expiry = day + dt.timedelta(days=self.rng.randint(0, 1))
            made = expiry - dt.timedelta(days=shelf)
        else:
            made = (
                day
                if shelf <= 3
                else day - dt.timedelta(days=self.rng.randint(1, max(1, shelf // 6)))
            )
            expiry = made + dt.timedelta(days=shelf)
        batch = "" if shelf <= 3 else f"-{self.rng.randint(1, 9)}"
        return f"L{made:%y%m%d}{batch}", expiry

    def typo(self, data: DeliveryInput) -> tuple[DeliveryInput, str] | None:
        """The same delivery with one quantity typed ten times too large, and why it is undone."""
        for n, line in enumerate(data.lines):
            if line.rejected == 0 and line.delivered > 0:
                wrong = line.delivered * 10
                lines = list(data.lines)
                lines[n] = replace(line, delivered=wrong, accepted=wrong)
                reason = self.pick(catalog.CANCEL_REASONS).format(
                    product=self.products[line.product_id].template.name,
                    wrong=format_qty(wrong),
                    right=format_qty(line.delivered),
                )
                return replace(data, lines=lines), reason
        return None

    def correct(self, day: dt.date, correction: _Correction) -> None:
        """In the afternoon: cancel the mistyped delivery and enter it again, right."""
        self.clock.at = _at(day, self.rng.randint(13 * 60, 15 * 60))
        deliveries.cancel_delivery(
            self.db, delivery_id=correction.delivery_id, reason=correction.reason
        )
        cancelled = self.session.get(Delivery, correction.delivery_id)
        order = self.session.get(Order, correction.order_id)
        assert cancelled is not None and order is not None
        self.tick(5, 15)
        arrived = correction.data.arrived_at or self.clock.at
        delivery = deliveries.draft_from_order(self.session, order, arrived_at=arrived)
        audit.record(
            self.session,
            action="create",
            entity="delivery",
            entity_id=delivery.id,
            order_id=order.id,
        )
        note = catalog.REPLACEMENT_NOTE.format(number=cancelled.number)
        notes = "; ".join(filter(None, [correction.data.notes, note]))
        data = replace(correction.data, notes=notes)
        self.tick(2, 6)
        deliveries.save_lines(self.session, delivery, data)
        deliveries.post(self.session, delivery)

    def prepare_today(self) -> None:
        """Today's orders are due and nothing has come yet but the first bread, being counted."""
        day = self.today
        self.clock.at = _at(day, 5 * 60 + 30)
        orders.materialise_standing_orders(self.session, day=day)
        due = self.orders_due(day)
        if not due:
            return
        first = min(
            due,
            key=lambda o: (
                self.supplier_of[o.supplier_id].arrival,
                self.hotel_of[o.hotel_id].index,
                self.supplier_of[o.supplier_id].index,
            ),
        )
        supplier, hotel = self.supplier_of[first.supplier_id], self.hotel_of[first.hotel_id]
        self.clock.at = _at(day, supplier.arrival)
        delivery_id = deliveries.start_from_order(self.db, order_id=first.id)
        view = deliveries.get_delivery(self.db, delivery_id)
        self.tick(3, 8)
        deliveries.save_draft(
            self.db,
            delivery_id=delivery_id,
            version=view.version,
            data=replace(
                view.data,
                driver_name=self.pick(supplier.drivers),
                vehicle_plate=supplier.plate,
                received_by=self.pick(hotel.staff),
            ),
        )


# --- helpers without state --------------------------------------------------------


def _step(unit: Unit) -> Decimal:
    return Decimal(1) if unit in COUNTABLE_UNITS else HALF


def _trade_counts(total: int) -> list[tuple[Trade, int]]:
    """Split ``total`` suppliers over the trades as the catalog's shares (largest remainder)."""
    weight = sum(t.share for t in catalog.TRADES)
    counts = [t.share * total // weight for t in catalog.TRADES]
    by_remainder = sorted(
        range(len(counts)), key=lambda i: (-(catalog.TRADES[i].share * total % weight), i)
    )
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return [(t, n) for t, n in zip(catalog.TRADES, counts, strict=True) if n]


def _owner_in(name: str) -> str | None:
    """The owner's full name when a business is named after her ("UD Keripik Pisang Mbok Sum")."""
    for nickname, full_name in catalog.PERSONS:
        if name.endswith(nickname) or f"{nickname} " in name:
            return full_name
    return None


def _summary(session: Session, *, today: dt.date, days: int) -> DemoSummary:
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
    )
