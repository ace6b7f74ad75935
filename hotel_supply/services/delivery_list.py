"""Read-only queries behind the deliveries list: count first, then windows of flat rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.models import Delivery, DeliveryLine, Hotel, Product, Supplier
from hotel_supply.models.enums import DeliveryStatus
from hotel_supply.services.validation import like_pattern


@dataclass(frozen=True)
class DeliveryQuery:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    hotel_id: int | None = None
    supplier_id: int | None = None
    status: DeliveryStatus | None = None
    text: str = ""  # number, supplier, driver, plate or a product on the note


@dataclass(frozen=True)
class DeliveryRow:
    id: int
    number: str
    delivery_date: dt.date
    arrived_at: dt.datetime | None
    hotel_name: str
    supplier_code: str
    supplier_name: str
    status: DeliveryStatus
    line_count: int
    rejected_lines: int  # lines with goods rejected (quantities of different units never add)
    value: int
    driver_name: str
    vehicle_plate: str


def _filtered(stmt: Select[int], q: DeliveryQuery) -> Select[int]:
    if q.date_from:
        stmt = stmt.where(Delivery.delivery_date >= q.date_from)
    if q.date_to:
        stmt = stmt.where(Delivery.delivery_date <= q.date_to)
    if q.hotel_id:
        stmt = stmt.where(Delivery.hotel_id == q.hotel_id)
    if q.supplier_id:
        stmt = stmt.where(Delivery.supplier_id == q.supplier_id)
    if q.status:
        stmt = stmt.where(Delivery.status == q.status)
    text = q.text.strip()
    if text:
        like = like_pattern(text.lower())  # % and _ typed are found as themselves
        on_note = (
            select(DeliveryLine.id)
            .join(Product, Product.id == DeliveryLine.product_id)
            .where(DeliveryLine.delivery_id == Delivery.id)
            .where(or_(func.lower(Product.name).like(like, escape="\\"),
                       func.lower(Product.code).like(like, escape="\\")))
            .exists()
        )
        stmt = stmt.where(
            or_(
                func.lower(Delivery.number).like(like, escape="\\"),
                func.lower(Supplier.name).like(like, escape="\\"),
                func.lower(Supplier.code).like(like, escape="\\"),
                func.lower(Delivery.driver_name).like(like, escape="\\"),
                func.lower(Delivery.vehicle_plate).like(like, escape="\\"),
                on_note,
            )
        )
    return stmt


def _base(session: Session) -> Select[int]:
    return select(Delivery.id).join(Supplier, Supplier.id == Delivery.supplier_id)


def count_deliveries(db: Database, *, query: DeliveryQuery) -> int:
    with db.reader() as session:
        stmt = _filtered(_base(session), query).subquery()
        return int(session.scalar(select(func.count()).select_from(stmt)) or 0)


@dataclass(frozen=True)
class OutsideDates:
    """Deliveries a search finds outside the chosen dates: how many, and the days they span."""

    count: int
    first: dt.date
    last: dt.date


def found_outside_dates(db: Database, *, query: DeliveryQuery) -> OutsideDates | None:
    """What the same search finds before ``date_from`` or after ``date_to`` (so a number typed
    into the search is never hidden by the date range); None when nothing or no search."""
    if not query.text.strip() or (query.date_from is None and query.date_to is None):
        return None
    everywhere = replace(query, date_from=None, date_to=None)
    with db.reader() as session:
        found = _filtered(_base(session), everywhere).subquery()
        outside = []
        if query.date_from is not None:
            outside.append(Delivery.delivery_date < query.date_from)
        if query.date_to is not None:
            outside.append(Delivery.delivery_date > query.date_to)
        n, first, last = session.execute(
            select(func.count(), func.min(Delivery.delivery_date),
                   func.max(Delivery.delivery_date))
            .where(Delivery.id.in_(select(found.c.id)), or_(*outside))).one()
    return OutsideDates(int(n), first, last) if n else None


def delivery_rows(
    db: Database, *, query: DeliveryQuery, offset: int = 0, limit: int = 200
) -> list[DeliveryRow]:
    """Newest first; the per-delivery sums are computed only for the rows of this window."""
    with db.reader() as session:
        return _rows(session, query, offset, limit)


def _rows(session: Session, query: DeliveryQuery, offset: int, limit: int) -> list[DeliveryRow]:
    ids_stmt = (
        _filtered(_base(session), query)
        .order_by(Delivery.delivery_date.desc(), Delivery.id.desc())
        .offset(offset)
        .limit(limit)
    )
    ids = list(session.scalars(ids_stmt))
    if not ids:
        return []
    sums = {
        r[0]: r[1:]
        for r in session.execute(
            select(
                DeliveryLine.delivery_id,
                func.count(DeliveryLine.id),
                func.count(DeliveryLine.id).filter(DeliveryLine.rejected_qty > 0),
                func.coalesce(func.sum(DeliveryLine.amount), 0),
            )
            .where(DeliveryLine.delivery_id.in_(ids))
            .group_by(DeliveryLine.delivery_id)
        )
    }
    heads = {
        r[0]: r
        for r in session.execute(
            select(
                Delivery.id, Delivery.number, Delivery.delivery_date, Delivery.arrived_at,
                Hotel.name, Supplier.code, Supplier.name, Delivery.status,
                Delivery.driver_name, Delivery.vehicle_plate,
            )
            .join(Hotel, Hotel.id == Delivery.hotel_id)
            .join(Supplier, Supplier.id == Delivery.supplier_id)
            .where(Delivery.id.in_(ids))
        )
    }
    rows = []
    for delivery_id in ids:
        h = heads[delivery_id]
        n, rejected_lines, value = sums.get(delivery_id) or (0, 0, 0)
        rows.append(
            DeliveryRow(
                id=h[0], number=h[1] or "", delivery_date=h[2], arrived_at=h[3],
                hotel_name=h[4], supplier_code=h[5], supplier_name=h[6], status=h[7],
                line_count=int(n), rejected_lines=int(rejected_lines), value=int(value),
                driver_name=h[8], vehicle_plate=h[9],
            )
        )
    return rows
