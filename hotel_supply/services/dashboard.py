"""The dashboard's figures, and the list behind each of its charts. Reads only.

Twelve weeks (Monday to Sunday) up to this week: the value each hotel accepted
per week (before PPN), the weekly rejection rate (rejected value ÷ value
delivered), the UMKM with the most value accepted in those weeks; today's stock
value per hotel (as the Stock page values it) and the overdue invoices per
hotel. Every chart opens its list: :func:`detail_list`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import round_rupiah
from hotel_supply.i18n import N_
from hotel_supply.models import Delivery, DeliveryLine, Hotel, Product, Supplier
from hotel_supply.models.base import quantity_value
from hotel_supply.models.enums import InvoiceKind, InvoiceStatus, label
from hotel_supply.services.invoice_balances import InvoiceQuery, PaymentState, invoice_rows
from hotel_supply.services.stock_levels import StockQuery, stock_rows
from hotel_supply.services.umkm_figures import LIVE, Flow, percent

__all__ = ["WEEKS", "Dashboard", "DetailList", "dashboard_data", "detail_list"]

WEEKS = 12
TOP = 8
OVERDUE_LIMIT = 10_000


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: what it is (``key`` opens its list), its label and value."""

    key: int
    label: str
    value: int


@dataclass(frozen=True)
class Dashboard:
    today: dt.date
    weeks: tuple[dt.date, ...]  # each week's Monday, oldest first
    hotels: tuple[tuple[int, str], ...]  # the hotels in the weekly chart, by name
    weekly: dict[tuple[int, int], int]  # (week index, hotel id) -> value accepted
    rejection: tuple[tuple[int, int], ...]  # per week: (rejected value, value delivered)
    top_umkm: tuple[Bar, ...]
    stock: tuple[Bar, ...]
    overdue: tuple[Bar, ...]  # outstanding per hotel
    overdue_counts: dict[int, int]  # hotel id -> overdue invoices

    def week_total(self, week: int) -> int:
        return sum(v for (w, _h), v in self.weekly.items() if w == week)

    def rejection_rate(self, week: int) -> Decimal | None:
        rejected, delivered = self.rejection[week]
        return percent(rejected, delivered)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def dashboard_data(db: Database, *, today: dt.date | None = None) -> Dashboard:
    """Everything the dashboard draws."""
    today = today or clock.today()
    first = week_start(today) - dt.timedelta(weeks=WEEKS - 1)
    weeks = tuple(first + dt.timedelta(weeks=i) for i in range(WEEKS))
    with db.reader() as session:
        names = dict(session.execute(select(Hotel.id, Hotel.name)).all())
        active_hotels = list(session.execute(
            select(Hotel.id, Hotel.name).where(Hotel.active.is_(True)).order_by(Hotel.name)))
        flows: dict[tuple[int, int], Flow] = defaultdict(Flow)
        for day, hotel_id, accepted, rejected in session.execute(
            select(Delivery.delivery_date, Delivery.hotel_id,
                   func.coalesce(func.sum(DeliveryLine.amount), 0),
                   func.coalesce(func.sum(quantity_value(DeliveryLine.rejected_qty,
                                                         DeliveryLine.unit_price)), 0))
            .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
            .where(Delivery.status.in_(LIVE), Delivery.delivery_date >= first,
                   Delivery.delivery_date <= today)
            .group_by(Delivery.delivery_date, Delivery.hotel_id)
        ):
            index = (day - first).days // 7
            flows[(index, hotel_id)].add(Flow(int(accepted), Decimal(rejected)))
        top = session.execute(
            select(Supplier.id, Supplier.name, func.sum(DeliveryLine.amount))
            .join(Delivery, Delivery.supplier_id == Supplier.id)
            .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
            .where(Delivery.status.in_(LIVE), Delivery.delivery_date >= first,
                   Delivery.delivery_date <= today)
            .group_by(Supplier.id, Supplier.name)
            .order_by(func.sum(DeliveryLine.amount).desc(), Supplier.name)
            .limit(TOP)
        ).all()
    hotel_ids = sorted({h for (_w, h) in flows} | {h for h, _n in active_hotels},
                       key=lambda h: names.get(h, "").lower())
    rejection = []
    for w in range(WEEKS):
        week = [f for (i, _h), f in flows.items() if i == w]
        rejected = sum((f.rejected_exact for f in week), Decimal(0))
        accepted = sum(f.accepted for f in week)
        rejection.append((round_rupiah(rejected), round_rupiah(accepted + rejected)))
    stock = tuple(
        Bar(h, name, sum(r.value for r in stock_rows(db, query=StockQuery(hotel_id=h,
                                                                          day=today))))
        for h, name in active_hotels
    )
    overdue: dict[int, list[int]] = defaultdict(list)
    for row in invoice_rows(db, query=InvoiceQuery(state=PaymentState.OVERDUE, today=today,
                                                   kind=InvoiceKind.INVOICE,
                                                   status=InvoiceStatus.ISSUED),
                            limit=OVERDUE_LIMIT):
        overdue[row.hotel_id].append(row.outstanding)
    return Dashboard(
        today=today,
        weeks=weeks,
        hotels=tuple((h, names.get(h, "")) for h in hotel_ids),
        weekly={key: f.accepted for key, f in flows.items()},
        rejection=tuple(rejection),
        top_umkm=tuple(Bar(s, name, int(value)) for s, name, value in top),
        stock=tuple(sorted(stock, key=lambda b: -b.value)),
        overdue=tuple(sorted((Bar(h, names.get(h, ""), sum(v)) for h, v in overdue.items()),
                             key=lambda b: -b.value)),
        overdue_counts={h: len(v) for h, v in overdue.items()},
    )


# --------------------------------------------------------------------------- lists


@dataclass(frozen=True)
class DetailList:
    """The rows behind a chart: ``columns`` of (English header, kind), kind one of
    "text", "date", "money", "qty"; each row holds raw values in that order."""

    title: str
    columns: tuple[tuple[str, str], ...]
    rows: tuple[tuple[Any, ...], ...]


def detail_list(db: Database, board: Dashboard, *, chart: str, index: int,
                hotel_id: int | None = None) -> DetailList:
    """The list behind one bar: ``chart`` is "weekly" (``index`` a week, ``hotel_id`` a
    hotel or None for all), "rejection" (a week), "top" / "stock" / "overdue" (``index``
    a bar)."""
    if chart in ("weekly", "rejection"):
        start = board.weeks[index]
        end = min(start + dt.timedelta(days=6), board.today)
        if chart == "weekly":
            return _deliveries(db, start, end, hotel_id=hotel_id)
        return _rejected_lines(db, start, end)
    if chart == "top":
        bar = board.top_umkm[index]
        return _deliveries(db, board.weeks[0], board.today, supplier_id=bar.key,
                           title=bar.label)
    if chart == "stock":
        bar = board.stock[index]
        held = [r for r in stock_rows(db, query=StockQuery(hotel_id=bar.key, day=board.today))
                if r.on_hand != 0]
        return DetailList(bar.label, (
            (N_("Product"), "text"), (N_("Supplier (UMKM)"), "text"), (N_("On hand"), "qty"),
            (N_("Unit"), "text"), (N_("Value"), "money")),
            tuple((r.product_name, r.supplier_name, r.on_hand, label(r.unit), r.value)
                  for r in sorted(held, key=lambda r: -r.value)))
    if chart == "overdue":
        bar = board.overdue[index]
        query = InvoiceQuery(state=PaymentState.OVERDUE, today=board.today, hotel_id=bar.key,
                             kind=InvoiceKind.INVOICE, status=InvoiceStatus.ISSUED)
        overdue = invoice_rows(db, query=query, limit=OVERDUE_LIMIT)
        return DetailList(bar.label, (
            (N_("Invoice"), "text"), (N_("Supplier (UMKM)"), "text"), (N_("Due"), "date"),
            (N_("Total"), "money"), (N_("Outstanding"), "money")),
            tuple((r.number, r.supplier_name, r.due_date, r.total, r.outstanding)
                  for r in overdue))
    raise ValueError(f"no chart {chart!r}")


def _deliveries(db: Database, start: dt.date, end: dt.date, *, hotel_id: int | None = None,
                supplier_id: int | None = None, title: str = "") -> DetailList:
    stmt = (
        select(Delivery.delivery_date, Delivery.number, Hotel.name, Supplier.name,
               func.coalesce(func.sum(DeliveryLine.amount), 0))
        .join(Hotel, Hotel.id == Delivery.hotel_id)
        .join(Supplier, Supplier.id == Delivery.supplier_id)
        .join(DeliveryLine, DeliveryLine.delivery_id == Delivery.id)
        .where(Delivery.status.in_(LIVE), Delivery.delivery_date >= start,
               Delivery.delivery_date <= end)
        .group_by(Delivery.id, Delivery.delivery_date, Delivery.number, Hotel.name,
                  Supplier.name)
        .order_by(Delivery.delivery_date, Delivery.number)
    )
    if hotel_id is not None:
        stmt = stmt.where(Delivery.hotel_id == hotel_id)
    if supplier_id is not None:
        stmt = stmt.where(Delivery.supplier_id == supplier_id)
    with db.reader() as session:
        rows = tuple((d, n or "", h, s, int(v)) for d, n, h, s, v in session.execute(stmt))
    return DetailList(title, (
        (N_("Date"), "date"), (N_("Delivery note"), "text"), (N_("Hotel"), "text"),
        (N_("Supplier (UMKM)"), "text"), (N_("Accepted value"), "money")), rows)


def _rejected_lines(db: Database, start: dt.date, end: dt.date) -> DetailList:
    stmt = (
        select(Delivery.delivery_date, Delivery.number, Hotel.name, Supplier.name, Product.name,
               DeliveryLine.rejected_qty, Product.unit, DeliveryLine.rejection_reason,
               DeliveryLine.rejected_qty, DeliveryLine.unit_price)
        .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
        .join(Hotel, Hotel.id == Delivery.hotel_id)
        .join(Supplier, Supplier.id == Delivery.supplier_id)
        .join(Product, Product.id == DeliveryLine.product_id)
        .where(Delivery.status.in_(LIVE), Delivery.delivery_date >= start,
               Delivery.delivery_date <= end, DeliveryLine.rejected_qty > 0)
        .order_by(Delivery.delivery_date, Delivery.number, DeliveryLine.line_no)
    )
    with db.reader() as session:
        rows = tuple(
            (d, n or "", h, s, p, q, label(u), label(reason) if reason else "",
             round_rupiah(qty * price))
            for d, n, h, s, p, q, u, reason, qty, price in session.execute(stmt))
    return DetailList("", (
        (N_("Date"), "date"), (N_("Delivery note"), "text"), (N_("Hotel"), "text"),
        (N_("Supplier (UMKM)"), "text"), (N_("Product"), "text"), (N_("Rejected"), "qty"),
        (N_("Unit"), "text"), (N_("Reason"), "text"), (N_("Value rejected"), "money")), rows)
