"""Read-only queries behind the deliveries list: count first, then windows of flat rows."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    bindparam,
    column,
    func,
    literal,
    or_,
    select,
    table,
    tuple_,
)
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.models import Delivery, DeliveryLine, Hotel, Product, Supplier
from hotel_supply.models.enums import DeliveryStatus
from hotel_supply.services.validation import like_pattern

_Ts = TypeVarTuple("_Ts")


@dataclass(frozen=True)
class DeliveryQuery:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    hotel_id: int | None = None
    supplier_id: int | None = None
    status: DeliveryStatus | None = None
    text: str = ""  # number, supplier, driver, plate or a product on the note


class DeliveryRow(NamedTuple):  # a tuple: two hundred made per window, cheaply
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


def _filtered(session: Session, stmt: Select[*_Ts], q: DeliveryQuery, *,
              in_order: bool) -> Select[*_Ts]:
    """``stmt`` narrowed to what ``q`` asks; ``in_order``: the rows are read in the list's
    order (a window), or counted over a range of dates."""
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
        stmt = stmt.where(_found(session, text, in_order=in_order))
    return stmt


def plain_text_search(text: str) -> ColumnElement[bool]:
    """The search without its index: ``LIKE`` over each field (the delivery joined to its
    supplier). What the indexed search must find, row for row."""
    like = like_pattern(text.lower())  # % and _ typed are found as themselves
    on_note = (
        select(DeliveryLine.id)
        .join(Product, Product.id == DeliveryLine.product_id)
        .where(DeliveryLine.delivery_id == Delivery.id)
        .where(or_(func.lower(Product.name).like(like, escape="\\"),
                   func.lower(Product.code).like(like, escape="\\")))
        .exists()
    )
    supplier = (select(Supplier.id).where(Supplier.id == Delivery.supplier_id)
                .where(or_(func.lower(Supplier.name).like(like, escape="\\"),
                           func.lower(Supplier.code).like(like, escape="\\")))
                .exists())
    return or_(
        func.lower(Delivery.number).like(like, escape="\\"),
        supplier,
        func.lower(Delivery.driver_name).like(like, escape="\\"),
        func.lower(Delivery.vehicle_plate).like(like, escape="\\"),
        on_note,
    )


# Each delivery's search text (migration 0007): its number, supplier name and code, driver,
# plate and the name and code of each product on it, lower-cased field by field and one per
# line, kept in step with every write by triggers. On SQLite an FTS5 table (trigram
# tokenizer) whose rowid is the delivery's id; on PostgreSQL a table indexed with pg_trgm.
_FTS = table("delivery_search", column("rowid", Integer), column("doc", String))
_TRGM = table("delivery_search", column("delivery_id", Integer), column("doc", String))
TRIGRAM = 3  # an FTS5 trigram phrase needs this many characters; a shorter one reads LIKE
DENSE = 2_000  # found more often: walk the list in order, testing each row against the set
EVERYWHERE = 20_000  # found more often still: test each row's own text as the list is walked


def _matches(session: Session, text: str) -> Select[tuple[int]] | None:
    """The ids of the deliveries whose search text contains ``text`` (any case), read from
    the search index; None for a text the index cannot take."""
    if any(ch < " " for ch in text):  # never typed into a search: the fields' separator
        return None
    lowered = text.lower()
    if session.get_bind().dialect.name != "sqlite":
        return select(_TRGM.c.delivery_id).where(
            _TRGM.c.doc.like(like_pattern(lowered), escape="\\"))
    if len(lowered) < TRIGRAM:
        return select(_FTS.c.rowid).where(_FTS.c.doc.like(like_pattern(lowered), escape="\\"))
    phrase = '"' + lowered.replace('"', '""') + '"'  # the text itself, not FTS syntax
    return select(_FTS.c.rowid).where(_FTS.c.doc.op("MATCH")(phrase))


def _found(session: Session, text: str, *, in_order: bool) -> ColumnElement[bool]:
    """Deliveries whose number, supplier, driver, plate or a product on the note contains
    ``text``, whatever its case: through the search index, the same rows as
    ``plain_text_search``."""
    matches = _matches(session, text)
    if matches is None:
        return plain_text_search(text)
    if not in_order or session.get_bind().dialect.name != "sqlite":
        return Delivery.id.in_(matches)
    # Read in the list's order (SQLite walks its index on (date, id) and stops after a
    # window): found seldom, the deliveries are read by id; found often, the set of them is
    # tested row by row (``id + 0``: not read by id and sorted); found in most deliveries,
    # each row's own text is tested, so no set of them all is made for one window.
    probe = (select(literal(1)).where(_FTS.c.rowid == Delivery.id)
             .where(_FTS.c.doc.like(like_pattern(text.lower()), escape="\\")).exists())
    if len(text) < TRIGRAM:
        return probe
    found = session.scalar(select(func.count()).select_from(
        matches.limit(literal(EVERYWHERE + 1, Integer, literal_execute=True)).subquery())) or 0
    if found > EVERYWHERE:
        return probe
    return (Delivery.id + 0).in_(matches) if found > DENSE else Delivery.id.in_(matches)


def count_deliveries(db: Database, *, query: DeliveryQuery) -> int:
    with db.reader() as session:
        text = query.text.strip()
        matches = _matches(session, text) if text else None
        if matches is not None and replace(query, text="") == DeliveryQuery():
            found = matches.subquery()  # a search alone: counted in its index
            return int(session.scalar(select(func.count()).select_from(found)) or 0)
        ranged = query.date_from is not None or query.date_to is not None
        stmt = _filtered(session, select(Delivery.id), query, in_order=ranged).subquery()
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
    outside = []
    if query.date_from is not None:
        outside.append(Delivery.delivery_date < query.date_from)
    if query.date_to is not None:
        outside.append(Delivery.delivery_date > query.date_to)
    with db.reader() as session:
        stmt = select(func.count(), func.min(Delivery.delivery_date),
                      func.max(Delivery.delivery_date)).where(or_(*outside))
        n, first, last = session.execute(
            _filtered(session, stmt, everywhere, in_order=False)).one()
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
    upward = before is not None or from_end  # read the list from below, then turn it over
    params: dict[str, object] = {"offset": offset}
    if query.text.strip():  # the search's plan depends on what it finds: built each time
        window = _filtered(session, select(Delivery.id), query, in_order=True)
        stmt = _window(window, after is not None, before is not None, upward, int(limit))
    else:  # the plain list: one statement per shape, built once, values bound
        stmt = _plain_window(_shape(query), after is not None, before is not None, upward,
                             int(limit))
        params.update(date_from=query.date_from, date_to=query.date_to,
                      hotel_id=query.hotel_id, supplier_id=query.supplier_id,
                      status=query.status)
    if after is not None:
        params.update(key_day=after[0], key_id=after[1])
    if before is not None:
        params.update(key_day=before[0], key_id=before[1])
    result = session.connection().execute(stmt, params).all()  # Core rows: no ORM loading
    return [DeliveryRow(h[0], h[1] or "", h[2], h[3], h[4], h[5], h[6], h[7], int(h[8]),
                        int(h[9]), int(h[10]), h[11], h[12]) for h in result]


def _shape(query: DeliveryQuery) -> tuple[bool, bool, bool, bool, bool]:
    return (query.date_from is not None, query.date_to is not None, bool(query.hotel_id),
            bool(query.supplier_id), query.status is not None)


@functools.lru_cache(maxsize=128)
def _plain_window(shape: tuple[bool, bool, bool, bool, bool], after: bool, before: bool,
                  upward: bool, limit: int) -> Select[*tuple[Any, ...]]:
    date_from, date_to, hotel, supplier, status = shape
    window = select(Delivery.id)
    if date_from:
        window = window.where(Delivery.delivery_date >= bindparam(
            "date_from", type_=Delivery.delivery_date.type))
    if date_to:
        window = window.where(Delivery.delivery_date <= bindparam(
            "date_to", type_=Delivery.delivery_date.type))
    if hotel:
        window = window.where(Delivery.hotel_id == bindparam("hotel_id", type_=Integer))
    if supplier:
        window = window.where(Delivery.supplier_id == bindparam("supplier_id", type_=Integer))
    if status:
        window = window.where(Delivery.status == bindparam("status", type_=Delivery.status.type))
    return _window(window, after, before, upward, limit)


def _window(window: Select[int], after: bool, before: bool, upward: bool,
            limit: int) -> Select[*tuple[Any, ...]]:
    """The rows of one window of ``window``'s deliveries, with their sums: after or before
    the key bound as ``key_day``, ``key_id``, from ``offset``."""
    place = tuple_(Delivery.delivery_date, Delivery.id)
    key = tuple_(bindparam("key_day", type_=Delivery.delivery_date.type),
                 bindparam("key_id", type_=Integer))
    if after:
        window = window.where(place < key)
    if before:
        window = window.where(place > key)
    if upward:
        window = window.order_by(Delivery.delivery_date, Delivery.id)
    else:
        window = window.order_by(Delivery.delivery_date.desc(), Delivery.id.desc())
    # LIMIT written into the SQL: with it as a parameter SQLite cannot tell the window is
    # small and reads the whole table instead of the window's rows
    size = literal(limit, Integer, literal_execute=True)
    ids = window.offset(bindparam("offset", type_=Integer)).limit(size).subquery()
    line = DeliveryLine
    return (
        select(  # in DeliveryRow's order
            Delivery.id, Delivery.number, Delivery.delivery_date, Delivery.arrived_at,
            Hotel.name, Supplier.code, Supplier.name, Delivery.status,
            func.count(line.id),
            func.count(line.id).filter(line.rejected_qty > 0),
            func.coalesce(func.sum(line.amount), 0),
            Delivery.driver_name, Delivery.vehicle_plate,
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
