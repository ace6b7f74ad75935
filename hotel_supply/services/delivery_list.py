"""Read-only queries behind the deliveries list: count first, then windows of flat rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import Integer, Select, func, literal, or_, select, tuple_
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


DeliveryKey = tuple[dt.date, int]  # a row's place in the list: (delivery_date, id)


def row_key(row: DeliveryRow) -> DeliveryKey:
    return row.delivery_date, row.id


def delivery_rows(
    db: Database, *, query: DeliveryQuery, offset: int = 0, limit: int = 200,
    after: DeliveryKey | None = None, before: DeliveryKey | None = None,
    from_end: bool = False,
) -> list[DeliveryRow]:
    """One window of the list, newest first, with the per-delivery sums of its rows only.

    ``after`` a row's key: the ``limit`` rows that follow it (a keyset window, as fast far
    down the list as at its top); ``before`` a key: the ``limit`` rows just above it;
    ``from_end``: ``offset`` counts from the end of the list (its oldest rows), so a window
    near the end is found without skipping over everything newer. Rows come newest first.
    """
    with db.reader() as session:
        return _rows(session, query, offset=offset, limit=limit, after=after, before=before,
                     from_end=from_end)


def _rows(session: Session, query: DeliveryQuery, *, offset: int = 0, limit: int = 200,
          after: DeliveryKey | None = None, before: DeliveryKey | None = None,
          from_end: bool = False) -> list[DeliveryRow]:
    place = tuple_(Delivery.delivery_date, Delivery.id)
    upward = before is not None or from_end  # read the list from below, then turn it over
    window = _filtered(
        _base(session) if query.text.strip() else select(Delivery.id), query)  # the list's own
    if after is not None:
        window = window.where(place < tuple_(literal(after[0]), literal(after[1])))
    if before is not None:
        window = window.where(place > tuple_(literal(before[0]), literal(before[1])))
    if upward:
        window = window.order_by(Delivery.delivery_date, Delivery.id)
    else:
        window = window.order_by(Delivery.delivery_date.desc(), Delivery.id.desc())
    # LIMIT written into the SQL: with it as a parameter SQLite cannot tell the window is
    # small and reads the whole table instead of the window's rows
    size = literal(int(limit), Integer, literal_execute=True)
    ids = window.offset(offset).limit(size).subquery()
    line = DeliveryLine
    stmt = (
        select(
            Delivery.id, Delivery.number, Delivery.delivery_date, Delivery.arrived_at,
            Hotel.name, Supplier.code, Supplier.name, Delivery.status,
            Delivery.driver_name, Delivery.vehicle_plate,
            func.count(line.id),
            func.count(line.id).filter(line.rejected_qty > 0),
            func.coalesce(func.sum(line.amount), 0),
        )
        .select_from(ids)
        .join(Delivery, Delivery.id == ids.c.id)
        .join(Hotel, Hotel.id == Delivery.hotel_id)
        .join(Supplier, Supplier.id == Delivery.supplier_id)
        .join(line, line.delivery_id == Delivery.id, isouter=True)
        .group_by(Delivery.id, Delivery.number, Delivery.delivery_date, Delivery.arrived_at,
                  Hotel.name, Supplier.code, Supplier.name, Delivery.status,
                  Delivery.driver_name, Delivery.vehicle_plate)
        .order_by(Delivery.delivery_date.desc(), Delivery.id.desc())
    )
    return [
        DeliveryRow(
            id=h[0], number=h[1] or "", delivery_date=h[2], arrived_at=h[3],
            hotel_name=h[4], supplier_code=h[5], supplier_name=h[6], status=h[7],
            line_count=int(h[10]), rejected_lines=int(h[11]), value=int(h[12]),
            driver_name=h[8], vehicle_plate=h[9],
        )
        for h in session.connection().execute(stmt)  # Core rows: no ORM loading
    ]
