"""The demo database: a whole programme's data, plausible and repeatable.

``build_demo`` fills an empty database with the programme office's settings,
the partner hotels, about 120 coached UMKM with their certificates and
products, contract prices, standing orders and par levels (``master``);
then it replays the last ``days`` days: the loading dock (here: standing and
ad-hoc orders; deliveries with short, excess and partly rejected lines; a few
unplanned ones; a couple of orders never delivered; a posted delivery cancelled
and entered again) and, after each morning's deliveries, the hotels' stores at
work (``stock``: issues to the outlets, waste, returns, monthly counts).
Today's deliveries are left expected, one of them being counted, and one count
is half typed.

Everything is written through the services the app itself uses, so the demo
obeys the same rules (validation, prices, numbering, stock, audit). It is one
unit of work: a cancelled or failed build leaves the database empty. The same
seed and ``today`` give the same data: every choice comes from a seeded
``random.Random`` (one for the programme and its deliveries, one for the
stores), in an order that depends on nothing else.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from hotel_supply import clock
from hotel_supply.db import Database, open_database, sqlite_path
from hotel_supply.demo import catalog
from hotel_supply.demo.catalog import round_qty
from hotel_supply.demo.counting import count_line
from hotel_supply.demo.master import (
    ZERO,
    DemoBuild,
    HotelPlan,
    SupplierPlan,
)
from hotel_supply.demo.session import (
    ACTING_ACCOUNT,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    PinnedClock,
    SharedSession,
    moment,
)
from hotel_supply.demo.stock import HotelStores
from hotel_supply.demo.summary import DemoSummary, summarise
from hotel_supply.formatting import format_date, format_qty, line_amount
from hotel_supply.i18n import _
from hotel_supply.models import (
    AppUser,
    AuditEntry,
    Delivery,
    DeliveryLine,
    Hotel,
    Order,
)
from hotel_supply.models.enums import (
    OrderStatus,
    Role,
)
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import accounts, audit, deliveries, orders, prices
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import DomainError
from hotel_supply.services.permissions import format_roles

__all__ = [
    "DEMO_USER",
    "DemoSummary",
    "build_demo",
    "holds_office_work",
    "is_empty",
    "reset_database",
]

DEMO_USER = "admin"  # the demo's administrator (password "demo")
# --- the API ------------------------------------------------------------------------


def is_empty(db: Database) -> bool:
    """True when the database has no hotel yet (a demo can be built into it)."""
    with db.reader() as session:
        return session.scalar(select(Hotel.id).limit(1)) is None


def holds_office_work(db: Database) -> bool:
    """True when anything but signing in was written after the demo was built: real work,
    which a rebuild of the demo must never delete."""
    with db.reader() as session:
        built = session.scalar(select(func.max(AuditEntry.seq))
                               .where(AuditEntry.action == "demo_built"))
        return session.scalar(
            select(AuditEntry.id).where(
                AuditEntry.seq > (built or 0),
                AuditEntry.action.not_in(("sign_in", "sign_in_failed", "change_password")))
            .limit(1)
        ) is not None


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
    return open_database(url)


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
    pinned = PinnedClock(moment(today - dt.timedelta(days=days + 30), 8 * 60))
    clock.set_clock(pinned)
    try:
        with db.unit_of_work(anyone=True) as session:
            session.info["user"] = "admin"
            _demo_accounts(session)
            builder = _Builder(
                SharedSession(db, session),
                random.Random(seed),
                pinned,
                today=today,
                days=days,
                progress=progress,
            )
            builder.build(hotel_count=hotels, supplier_count=suppliers, seed=seed)
            session.info["user"] = "admin"
            audit.record(session, action="demo_built", entity="database", entity_id=None,
                         days=days, hotels=hotels, suppliers=suppliers, seed=seed)
            progress.step(builder.total_steps, builder.total_steps, _("Saving the demo database…"))
            return summarise(session, today=today, days=days)
    finally:
        clock.set_clock(None)


def _demo_accounts(session: Session) -> None:
    """The demo office's five accounts, one per role, each with the password "demo"."""
    secret = accounts.hash_password(DEMO_PASSWORD)  # one hash: the builder stays fast
    for username, (full_name, roles) in DEMO_ACCOUNTS.items():
        user = AppUser(username=username, full_name=full_name, active=True,
                       roles=format_roles(roles), password_hash=secret)
        session.add(user)
        session.flush()
        audit.record(session, action="create", entity="app_user", entity_id=user.id,
                     username=username, full_name=full_name, roles=user.roles)


# --- what the generator decided about the days ---------------------------------------


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
    hotel: HotelPlan
    supplier: SupplierPlan
    order: Order | None


# --- the builder ---------------------------------------------------------------------


class _Builder(DemoBuild):
    """The master data, then the days of deliveries, then today's expected ones."""

    def build(self, *, hotel_count: int, supplier_count: int, seed: int) -> None:
        self.write_master_data(hotel_count=hotel_count, supplier_count=supplier_count)
        self.step(_("Planning the ad-hoc orders…"))
        stores = HotelStores(self, seed=seed)
        stores.plan_adhoc_orders()
        past = [self.start + dt.timedelta(days=n) for n in range(self.days)]
        missed = self.rng.sample(past, min(len(past), max(1, round(self.days / 30))))
        unplanned = self.rng.sample(past, min(len(past), max(1, round(self.days / 20))))
        corrected = self.rng.sample(past, min(len(past), 1 if self.days < 30 else 2))
        self.step(_("Replaying the past days…"))
        stores.place_adhoc_orders(until=self.start - dt.timedelta(days=1))
        for day in past:
            self.step(_("Deliveries of {date}…").format(date=format_date(day)))
            self.replay_day(
                day, missed=day in missed, unplanned=day in unplanned, corrected=day in corrected
            )
            stores.close_day(day)
            stores.place_adhoc_orders(until=day)
        self.step(_("Today's expected deliveries…"))
        self.prepare_today()
        stores.open_count_today()

    # --- the loading dock, day by day

    def replay_day(self, day: dt.date, *, missed: bool, unplanned: bool, corrected: bool) -> None:
        """The morning of a past day: orders due, suppliers arriving, deliveries posted."""
        self.clock.at = moment(day, 5 * 60 + 30)
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
            self.session.info["user"] = ACTING_ACCOUNT[Role.STOREROOM]  # the storeroom posts
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

    def arrival(self, day: dt.date, supplier: SupplierPlan) -> dt.datetime:
        """Around the supplier's usual time; now and then late; always 06:00-11:00."""
        minutes = supplier.arrival + self.rng.randint(-20, 20)
        if self.chance(0.05):
            minutes += self.rng.randint(45, 120)
        return moment(day, min(max(minutes, 6 * 60), 11 * 60))

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
                created_by=ACTING_ACCOUNT[Role.STOREROOM],
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
                round_qty(
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
        self.session.info["user"] = ACTING_ACCOUNT[Role.STOREROOM]  # the storeroom posts
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
        lines: list[LineInput] = []
        notes: list[str] = []
        for product_id, ordered, brought in wanted:
            c = count_line(self, self.products[product_id], brought, day,
                           care=visit.supplier.care, as_ordered=as_ordered)
            if c.remark:
                notes.append(c.remark)
            lines.append(
                LineInput(
                    product_id=product_id,
                    ordered=ordered,
                    delivered=c.delivered,
                    accepted=c.accepted,
                    rejected=c.rejected,
                    rejection_reason=c.reason,
                    rejection_note=c.note,
                    lot_code=c.lot_code,
                    expiry_date=c.expiry_date,
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
        self.clock.at = moment(day, self.rng.randint(13 * 60, 15 * 60))
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
        self.session.info["user"] = ACTING_ACCOUNT[Role.STOREROOM]  # the storeroom posts
        deliveries.post(self.session, delivery)

    def prepare_today(self) -> None:
        """Today's orders are due and nothing has come yet but the first bread, being counted."""
        day = self.today
        self.clock.at = moment(day, 5 * 60 + 30)
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
        self.clock.at = moment(day, supplier.arrival)
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
