"""The scale demo: years of a programme with dozens of hotels, written in bulk.

``build_scale`` fills an empty database with the office's settings and accounts,
hotels with their outlets, UMKM with certificates and products, yearly contract
prices, standing orders and par levels; then it replays every day up to
``today``: each hotel's standing orders (and now and then an ad-hoc one) are
delivered, some lines short, over or partly rejected; every accepted line opens
a stock lot with its receipt, and the stores issue the goods to their outlets
(perishables the same day, the rest over the following days, a few lots written
off as expired). Each month is invoiced early in the next (one invoice per
supplier and hotel, PPN for PKP suppliers) and paid within its terms, some in
two instalments. Today's standing orders are left open.

Unlike ``builder.py`` it does not go through the services row by row: the rows are
computed here, with the same arithmetic the services use (``line_amount``,
``compute_totals``), and written month by month in bulk (``bulk.py``: one
``executemany`` per table, the indexes made once the rows are in). The master data
and what each hotel buys are planned in ``scale_plan.py``; what the clerk counts on
a line is ``counting.py``, as in the small demo. Each
month is one audit entry (what it wrote), chained as every other entry. Every
choice comes from one ``random.Random(seed)``: the same seed, size and ``today``
give the same database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.demo import catalog
from hotel_supply.demo.builder import _demo_accounts, is_empty
from hotel_supply.demo.catalog import part_of, round_qty, unit_step
from hotel_supply.demo.counting import count_line
from hotel_supply.demo.master import FRESH_DAYS, ZERO, ProductPlan, SupplierPlan
from hotel_supply.demo.scale_plan import MASTER, PURCHASING, ScalePlan, Store
from hotel_supply.demo.session import PinnedClock, SharedSession, moment
from hotel_supply.formatting import format_date, format_rupiah, line_amount
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Invoice,
    InvoiceLine,
    Order,
    OrderLine,
    Payment,
    StockDocument,
    StockLot,
    StockMovement,
)
from hotel_supply.models.enums import (
    DeliveryStatus,
    InvoiceKind,
    InvoiceStatus,
    MovementKind,
    OrderSource,
    OrderStatus,
    OutletKind,
    PaymentMethod,
    StockDocumentKind,
    WasteReason,
)
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import audit, settings
from hotel_supply.services.errors import DomainError
from hotel_supply.services.invoicing import compute_totals
from hotel_supply.services.printing import office_snapshot

__all__ = ["ScaleSummary", "build_scale"]

STOREROOM, FINANCE = "gudang", "keuangan"  # the demo accounts that post and bill
ADHOC_NOTES = ("Tambahan untuk acara", "Stok menipis", "Pesanan banquet", "Tamu rombongan")

# the tables in the order their rows are written (a row only refers to rows written before)
ORDER = (Order, OrderLine, Delivery, DeliveryLine, StockLot, StockDocument, StockMovement,
         Invoice, InvoiceLine, Payment)


@dataclass(frozen=True)
class ScaleSummary:
    """What the scale demo holds, for the message at the end of the build."""

    rows: dict[str, int]  # table -> rows written
    first_day: dt.date
    last_day: dt.date
    value: int  # accepted value of the deliveries
    seconds: float

    def describe(self) -> str:
        r = self.rows
        return _(
            "Scale demo ready in {seconds:.0f} s: {hotels} partner hotels, {suppliers} UMKM with "
            "{products} products. From {first} to {last}: {deliveries} deliveries with {lines} "
            "lines worth {value}, {movements} stock movements, {invoices} invoices and "
            "{payments} payments ({total} rows)."
        ).format(
            seconds=self.seconds, hotels=r.get("hotel", 0), suppliers=r.get("supplier", 0),
            products=r.get("product", 0), first=format_date(self.first_day),
            last=format_date(self.last_day), deliveries=r.get("delivery", 0),
            lines=r.get("delivery_line", 0), value=format_rupiah(self.value),
            movements=r.get("stock_movement", 0), invoices=r.get("invoice", 0),
            payments=r.get("payment", 0), total=sum(r.values()))


def build_scale(
    db: Database,
    *,
    seed: int = 2026,
    years: int = 5,
    days: int | None = None,
    hotels: int = 50,
    suppliers: int = 500,
    products: int = 5000,
    today: dt.date | None = None,
    progress: Progress = SILENT,
) -> ScaleSummary:
    """Fill an empty database with ``years`` (or ``days``) of a programme, in one transaction.

    Raises ``Cancelled`` when the user cancels through ``progress``: nothing is written then.
    """
    days = days if days is not None else 365 * years
    if days < 1 or hotels < 1 or suppliers < 1 or products < suppliers:
        raise DomainError(_("The scale demo needs at least one day, one hotel, one supplier "
                            "and a product for each supplier."))
    if not is_empty(db):
        raise DomainError(_("The demo is built only into an empty database; this one has data."))
    started = time.perf_counter()
    today = today or clock.today()
    pinned = PinnedClock(moment(today - dt.timedelta(days=days + 30), 8 * 60))
    clock.set_clock(pinned)
    try:
        with db.unit_of_work(anyone=True) as session:
            session.info["user"] = "admin"
            _demo_accounts(session)
            scale = _Scale(SharedSession(db, session), random.Random(seed), pinned,
                           today=today, days=days, progress=progress)
            scale.build(hotel_count=hotels, supplier_count=suppliers, product_count=products)
            pinned.at = moment(today, 5 * 60)
            session.info["user"] = "admin"
            audit.record(session, action="demo_built", entity="database", entity_id=None,
                         days=days, hotels=hotels, suppliers=suppliers, products=products,
                         seed=seed, scale=True)
            progress.step(scale.total_steps, scale.total_steps, _("Saving the demo database…"))
            rows = dict(scale.bulk.written)
            value = scale.value
        return ScaleSummary(rows, today - dt.timedelta(days=days), today - dt.timedelta(days=1),
                            value, time.perf_counter() - started)
    finally:
        clock.set_clock(None)


@dataclass
class _Issue:
    """Goods of a lot leaving the store on a later day (or the same)."""

    lot_id: int
    hotel: Store
    product: ProductPlan
    quantity: Decimal
    unit_cost: int
    waste: bool = False


@dataclass
class _Bill:
    """An accepted delivery line waiting for its month's invoice."""

    line_id: int
    delivery: dict[str, Any]
    product: ProductPlan
    quantity: Decimal
    price: int
    amount: int


class _Scale(ScalePlan):
    """The master data, then every day up to today, written month by month."""

    def __init__(self, db: SharedSession, rng: random.Random, pinned: PinnedClock, *,
                 today: dt.date, days: int, progress: Progress) -> None:
        super().__init__(db, rng, pinned, today=today, days=days, progress=progress)
        months = (today.year - self.start.year) * 12 + today.month - self.start.month + 1
        self.total_steps = 4 + months
        self.numbers: dict[tuple[str, int], int] = defaultdict(int)
        self.issues: dict[dt.date, list[_Issue]] = defaultdict(list)
        self.payments: dict[dt.date, list[tuple[dict[str, Any], int, PaymentMethod]]] = \
            defaultdict(list)
        self.bills: list[_Bill] = []
        self.month_deliveries: list[dict[str, Any]] = []
        self.value = 0
        self.org = settings.OrganisationSettings()
        self.office = ""

    def number(self, series: str, day: dt.date) -> str:
        self.numbers[(series, day.year)] += 1
        return self.org.number_format(series).format(
            year=day.year, seq=self.numbers[(series, day.year)])

    # --- the build

    def build(self, *, hotel_count: int, supplier_count: int, product_count: int) -> None:
        self.step(_("Preparing the programme office and the partner hotels…"))
        self.bulk.hold_upkeep([*MASTER, *ORDER])
        self.write_settings()
        self.org = settings.cached(self.session)
        self.office = office_snapshot(self.session)
        self.plan_parties(hotel_count, supplier_count, product_count)
        self.step(_("Agreeing standing orders, prices and par levels…"))
        self.plan_buying()
        self.pinned_audit(self.start, "demo_scale_master")
        self.step(_("Replaying the past days…"))
        day = self.start
        while day < self.today:
            self.replay_day(day)
            following = day + dt.timedelta(days=1)
            if following.month != day.month or following == self.today:
                self.close_month(day)
            day = following
        self.open_today()
        self.bulk.flush(ORDER)
        self.step(_("Indexing the demo database…"))
        self.bulk.resume_upkeep()
        self.write_search_text()
        self.bulk.write_number_series(self.numbers)
        self.bulk.advance_sequences()

    def pinned_audit(self, day: dt.date, action: str) -> None:
        """One audit entry for what the last bulk step wrote (rows per table)."""
        counts = self.bulk.pending()
        self.bulk.flush([*MASTER, *ORDER])
        self.clock.at = moment(day, 23 * 60)
        self.session.info["user"] = "admin"
        audit.record(self.session, action=action, entity="database", entity_id=None,
                     day=day.isoformat(), rows=counts)

    # --- the days

    def replay_day(self, day: dt.date) -> None:
        """Orders due, deliveries posted, lots received, goods issued and payments made."""
        weekday = day.weekday()
        for store in self.stores:
            hotel = store.plan
            visits: list[tuple[SupplierPlan, list[tuple[ProductPlan, Decimal]], str]] = []
            for regular in store.regulars:
                items = [(p, week[weekday]) for p, week in regular.items if week[weekday]]
                if items:
                    visits.append((regular.supplier, items, ""))
            if store.occasional and self.chance(0.12):
                supplier = self.pick(store.occasional)
                picked = self.rng.sample(supplier.products,
                                         self.rng.randint(1, min(2, len(supplier.products))))
                items = [(p, round_qty(Decimal(self.rng.randint(*p.template.order_qty))
                                       * hotel.size, p.template.unit)) for p in picked]
                visits.append((supplier, items, self.pick(ADHOC_NOTES)))
            for supplier, items, note in visits:
                self.deliver(day, store, supplier, items, note)
        self.write_issues(day, self.issues.pop(day, []))
        for invoice, amount, method in self.payments.pop(day, []):
            self.pay(day, invoice, amount, method)

    def deliver(self, day: dt.date, store: Store, supplier: SupplierPlan,
                items: list[tuple[ProductPlan, Decimal]], note: str) -> None:
        hotel = store.plan
        adhoc = bool(note)
        ordered_at = moment(day - dt.timedelta(days=1 if adhoc else 0), (14 if adhoc else 5) * 60)
        order = self.add(Order, hotel_id=hotel.id, supplier_id=supplier.id, order_date=day,
                         source=OrderSource.ADHOC if adhoc else OrderSource.STANDING,
                         status=OrderStatus.DELIVERED, notes=note, created_at=ordered_at,
                         created_by=PURCHASING)
        for product, qty in items:
            self.add(OrderLine, order_id=order["id"], product_id=product.id, quantity=qty)
        if self.chance(0.003):  # never came: the order stays open
            order["status"] = OrderStatus.OPEN
            return
        minutes = supplier.arrival + self.rng.randint(-20, 20)
        if self.chance(0.05):
            minutes += self.rng.randint(45, 120)
        arrived = moment(day, min(max(minutes, 6 * 60), 11 * 60))
        posted = arrived + dt.timedelta(minutes=self.rng.randint(8, 35))
        delivery = self.add(
            Delivery, number=self.number("SJ", day), hotel_id=hotel.id, supplier_id=supplier.id,
            order_id=order["id"], delivery_date=day, arrived_at=arrived,
            status=DeliveryStatus.POSTED, driver_name=self.pick(supplier.drivers),
            vehicle_plate=supplier.plate, received_by=self.pick(hotel.staff), notes="",
            posted_at=posted, posted_by=STOREROOM, cancelled_at=None, cancelled_by="",
            cancel_reason="", corrects_id=None, version=2, created_at=arrived,
            created_by=STOREROOM)
        self.month_deliveries.append(delivery)
        notes: list[str] = []
        for line_no, (product, ordered) in enumerate(items, start=1):
            c = count_line(self, product, ordered, day, care=supplier.care)
            if c.remark:
                notes.append(c.remark)
            if c.reason is not None:
                notes.append(catalog.RETURNED_NOTE)
            price = store.price[(product.id, day.year)]
            accepted = c.accepted
            amount = line_amount(accepted, price)
            row = self.add(DeliveryLine, delivery_id=delivery["id"], line_no=line_no,
                           product_id=product.id, unit_price=price, amount=amount,
                           ordered_qty=ordered, delivered_qty=c.delivered, accepted_qty=accepted,
                           rejected_qty=c.rejected, rejection_reason=c.reason,
                           rejection_note=c.note, lot_code=c.lot_code,
                           expiry_date=c.expiry_date)
            if accepted <= 0:
                continue
            self.value += amount
            self.bills.append(_Bill(row["id"], delivery, product, accepted, price, amount))
            self.receive(day, posted, store, product, row, delivery["id"], price)
        if notes:
            delivery["notes"] = "; ".join(dict.fromkeys(notes))

    # --- the stores

    def receive(self, day: dt.date, posted: dt.datetime, store: Store, product: ProductPlan,
                line: dict[str, Any], delivery_id: int, price: int) -> None:
        """The accepted goods become a lot; its issues (and perhaps a write-off) are planned,
        so the lot's balance is known now: what the days up to yesterday took out of it."""
        qty: Decimal = line["accepted_qty"]
        unit = product.template.unit
        shelf = product.template.shelf_life_days
        plan: list[tuple[dt.date, Decimal, bool]] = []
        if shelf is not None and shelf <= FRESH_DAYS:
            if self.chance(0.03) and qty > unit_step(unit):  # some of it went stale
                lost = part_of(qty, unit, self.rng.uniform(0.05, 0.2))
                plan = [(day, qty - lost, False), (day + dt.timedelta(days=1), lost, True)]
            else:
                plan = [(day, qty, False)]
        else:
            horizon = min(28, (shelf or 60) // 2)
            first = day + dt.timedelta(days=self.rng.randint(0, max(1, horizon // 3)))
            second = first + dt.timedelta(days=self.rng.randint(1, max(2, horizon)))
            split = qty > unit_step(unit) and self.chance(0.3)
            half = part_of(qty, unit, 0.5) if split else qty
            plan = [(first, half, False)]
            if qty - half > 0:
                expired = shelf is not None and self.chance(0.02)
                plan.append((second, qty - half, expired))
        kept = [(d, q, w) for d, q, w in plan if d < self.today]
        lot = self.add(StockLot, hotel_id=store.plan.id, product_id=product.id,
                       lot_code=line["lot_code"], expiry_date=line["expiry_date"],
                       received_on=day, unit_cost=price, delivery_line_id=line["id"],
                       on_hand=qty - sum((q for _d, q, _w in kept), ZERO))
        self.add(StockMovement, hotel_id=store.plan.id, product_id=product.id, lot_id=lot["id"],
                 movement_date=day, kind=MovementKind.RECEIPT, quantity=qty, unit_cost=price,
                 delivery_id=delivery_id, stock_document_id=None, stock_count_id=None,
                 outlet_id=None, reason="", corrects_id=None, negative_confirmed=False,
                 created_at=posted, created_by=STOREROOM)
        for when, q, waste in kept:
            self.issues[when].append(_Issue(lot["id"], store, product, q, price, waste))

    def write_issues(self, day: dt.date, issues: list[_Issue]) -> None:
        """The day's issues, one slip per hotel and outlet; write-offs on one slip per hotel."""
        slips: dict[tuple[int, int | None, bool], dict[str, Any]] = {}
        for issue in issues:
            store = issue.hotel
            if issue.waste:
                outlet = None
            elif issue.product.supplier.trade.food:
                outlet = store.outlets.get(OutletKind.KITCHEN)
            else:
                outlet = store.outlets.get(OutletKind.GIFT_SHOP, store.outlets.get(
                    OutletKind.KITCHEN))
            key = (store.plan.id, outlet, issue.waste)
            at = moment(day, (16 if issue.waste else 13) * 60 + self.rng.randint(0, 90))
            slip = slips.get(key)
            if slip is None:
                kind = StockDocumentKind.WASTE if issue.waste else StockDocumentKind.ISSUE
                slip = slips[key] = self.add(
                    StockDocument, number=self.number("BS" if issue.waste else "BK", day),
                    kind=kind, hotel_id=store.plan.id, outlet_id=outlet, supplier_id=None,
                    doc_date=day, reason=WasteReason.EXPIRED.value if issue.waste else "",
                    notes="", created_at=at, created_by=STOREROOM)
            self.add(StockMovement, hotel_id=store.plan.id, product_id=issue.product.id,
                     lot_id=issue.lot_id, movement_date=day,
                     kind=MovementKind.WASTE if issue.waste else MovementKind.ISSUE,
                     quantity=-issue.quantity, unit_cost=issue.unit_cost, delivery_id=None,
                     stock_document_id=slip["id"], stock_count_id=None, outlet_id=outlet,
                     reason=WasteReason.EXPIRED.value if issue.waste else "", corrects_id=None,
                     negative_confirmed=False, created_at=slip["created_at"],
                     created_by=STOREROOM)

    # --- the month's end: invoices, and the payments they will get

    def close_month(self, last: dt.date) -> None:
        """Invoice the month early in the next one (when that is before today), then write it."""
        issue_day = last + dt.timedelta(days=self.rng.randint(2, 5))
        invoiced = issue_day < self.today
        if invoiced:
            self.invoice_month(last, issue_day)
        self.month_deliveries = []
        self.bills = []
        self.pinned_audit(last, "demo_scale_month")
        self.step(_("Deliveries of {date}…").format(date=format_date(last)))

    def invoice_month(self, last: dt.date, issue_day: dt.date) -> None:
        for delivery in self.month_deliveries:
            delivery["status"] = DeliveryStatus.INVOICED
        groups: dict[tuple[int, int], list[_Bill]] = defaultdict(list)
        for bill in self.bills:
            groups[(bill.delivery["supplier_id"], bill.delivery["hotel_id"])].append(bill)
        issued_at = moment(issue_day, 10 * 60)
        for (supplier_id, hotel_id), bills in sorted(groups.items()):
            supplier = self.supplier_of[supplier_id]
            hotel = self.hotel_of[hotel_id]
            sd, hd = supplier.data, hotel.data
            bills.sort(key=lambda b: (b.delivery["delivery_date"], b.delivery["number"],
                                      b.line_id))
            totals = compute_totals(sum(b.amount for b in bills), is_pkp=sd.is_pkp, org=self.org)
            bank = " · ".join(x for x in (sd.bank_name, sd.bank_account_no,
                                          sd.bank_account_name) if x)
            due = issue_day + dt.timedelta(days=hd.payment_terms_days)
            invoice = self.add(
                Invoice, kind=InvoiceKind.INVOICE, number=self.number("INV", issue_day),
                status=InvoiceStatus.ISSUED, supplier_id=supplier_id, hotel_id=hotel_id,
                year=last.year, month=last.month, issue_date=issue_day, due_date=due,
                corrects_invoice_id=None, supplier_name=sd.name,
                supplier_address=", ".join(x for x in (sd.address, sd.city) if x),
                supplier_phone=sd.phone, supplier_npwp=sd.npwp, supplier_is_pkp=sd.is_pkp,
                supplier_bank=bank, hotel_billing_name=hd.billing_name or hd.name,
                hotel_address=", ".join(x for x in (hd.billing_address or hd.address, hd.city)
                                        if x),
                hotel_npwp=hd.npwp, office=self.office, subtotal=totals.subtotal,
                tax_base=totals.tax_base, ppn_rate=totals.ppn_rate, ppn=totals.ppn,
                total=totals.total, notes="", issued_at=issued_at, issued_by=FINANCE,
                cancelled_at=None, cancel_reason="", version=2, created_at=issued_at,
                created_by=FINANCE)
            for line_no, bill in enumerate(bills, start=1):
                t = bill.product.template
                self.add(InvoiceLine, invoice_id=invoice["id"], line_no=line_no,
                         delivery_line_id=bill.line_id, billed_delivery_line_id=bill.line_id,
                         corrects_line_id=None, delivery_date=bill.delivery["delivery_date"],
                         delivery_number=bill.delivery["number"], product_code=bill.product.code,
                         product_name=t.name, unit=t.unit.value, quantity=bill.quantity,
                         unit_price=bill.price, amount=bill.amount)
            self.plan_payments(invoice, issue_day, hd.payment_terms_days, supplier)

    def plan_payments(self, invoice: dict[str, Any], issued: dt.date, terms: int,
                      supplier: SupplierPlan) -> None:
        """Most invoices paid in full within their terms (a few late); some in two parts."""
        total: int = invoice["total"]
        method = PaymentMethod.TRANSFER if supplier.data.bank_account_no else PaymentMethod.CASH
        paid = issued + dt.timedelta(days=self.rng.randint(max(3, terms // 3), terms + 10))
        if self.chance(0.03):
            paid += dt.timedelta(days=self.rng.randint(20, 60))
        if self.chance(0.1) and total >= 200_000:
            first = (total // 2) // 1000 * 1000
            self.payments[paid].append((invoice, first, method))
            later = paid + dt.timedelta(days=self.rng.randint(7, 30))
            self.payments[later].append((invoice, total - first, method))
        else:
            self.payments[paid].append((invoice, total, method))

    def pay(self, day: dt.date, invoice: dict[str, Any], amount: int,
            method: PaymentMethod) -> None:
        at = moment(day, 11 * 60 + self.rng.randint(0, 240))
        reference = f"TRF{day:%y%m%d}{self.rng.randint(1000, 9999)}" \
            if method == PaymentMethod.TRANSFER else ""
        self.add(Payment, number=self.number("KW", day), invoice_id=invoice["id"], paid_on=day,
                 amount=amount, method=method, reference=reference, notes="", created_at=at,
                 created_by=FINANCE)

    # --- today, and what the app takes over

    def write_search_text(self) -> None:
        """The deliveries' search text, if the triggers that write it as lines are inserted
        were held back: each delivery touched once (its driver's name set to itself), its
        update trigger writes the text of the whole delivery."""
        if self.bulk.held_triggers & {"delivery", "delivery_line"}:
            self.session.connection().exec_driver_sql(
                "UPDATE delivery SET driver_name = driver_name")

    def open_today(self) -> None:
        """Today's standing orders are due; nothing has come yet."""
        day = self.today
        weekday = day.weekday()
        for store in self.stores:
            for regular in store.regulars:
                items = [(p, week[weekday]) for p, week in regular.items if week[weekday]]
                if not items:
                    continue
                order = self.add(Order, hotel_id=store.plan.id, supplier_id=regular.supplier.id,
                                 order_date=day, source=OrderSource.STANDING,
                                 status=OrderStatus.OPEN, notes="",
                                 created_at=moment(day, 5 * 60), created_by=PURCHASING)
                for product, qty in items:
                    self.add(OrderLine, order_id=order["id"], product_id=product.id,
                             quantity=qty)

