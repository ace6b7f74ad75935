"""What a hotel has: on hand per product and lot on any date, value, par, cover, history.

A balance is the sum of the ledger's movements. Today it is read from the open lots'
running balances; on an earlier day either backwards from them (less what is dated later)
or forwards (the movements up to the day summed), whichever reads fewer movements, from
the index on (hotel, date, product, lot, quantity) alone (bench/bench_stock.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import BindParameter, ColumnElement

from hotel_supply.db import Database
from hotel_supply.formatting import round_rupiah
from hotel_supply.models import (
    Delivery,
    Outlet,
    ParLevel,
    Product,
    StockCount,
    StockCountLine,
    StockDocument,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.base import Quantity
from hotel_supply.models.enums import CountStatus, MovementKind, Unit
from hotel_supply.services import settings
from hotel_supply.services.stock import OPEN_LOT
from hotel_supply.services.validation import like_pattern

ZERO = Decimal(0)
AnySelect = Select[*tuple[Any, ...]]
USAGE_DAYS = 28  # the "recent usage" that days of cover are computed on


class StockFilter(StrEnum):
    ALL = "all"
    IN_STOCK = "in_stock"
    BELOW_PAR = "below_par"
    EXPIRING = "expiring"
    EXPIRED = "expired"


@dataclass(frozen=True)
class StockQuery:
    hotel_id: int
    day: dt.date
    filter: StockFilter = StockFilter.ALL
    expiring_within_days: int = 3
    text: str = ""
    supplier_id: int | None = None


@dataclass(frozen=True)
class StockRow:
    product_id: int
    product_code: str
    product_name: str
    supplier_name: str
    unit: Unit
    on_hand: Decimal
    value: int  # each lot at its receipt price
    par: Decimal | None
    usage_per_day: Decimal  # issued per day over the last 28 days
    nearest_expiry: dt.date | None  # of the lots with something left
    expired_qty: Decimal  # on hand in lots past their expiry date
    expiring_qty: Decimal  # on hand in lots expiring within the window (not yet expired)
    last_count: dt.date | None

    @property
    def below_par(self) -> bool:
        return self.par is not None and self.on_hand < self.par

    @property
    def days_of_cover(self) -> Decimal | None:
        if self.usage_per_day <= 0:
            return None
        return (self.on_hand / self.usage_per_day).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class LotRow:
    lot_id: int | None  # None: stock outside any lot (confirmed below zero, or found in a count)
    lot_code: str
    expiry_date: dt.date | None
    received_on: dt.date | None
    unit_cost: int
    quantity: Decimal

    def days_left(self, day: dt.date) -> int | None:
        return None if self.expiry_date is None else (self.expiry_date - day).days


def _sum_qty(condition: ColumnElement[bool] | None = None) -> ColumnElement[Decimal]:
    """SUM of quantities (optionally of the movements meeting ``condition``) as Decimal."""
    column: ColumnElement[Decimal] | InstrumentedAttribute[Decimal] = (
        StockMovement.quantity if condition is None
        else case((condition, StockMovement.quantity), else_=0)
    )
    return type_coerce(func.coalesce(func.sum(column), 0), Quantity())


def _ledger_span() -> AnySelect:
    move, hotel_id = StockMovement, bindparam("hotel", type_=Integer)
    return select(
        select(func.min(move.movement_date)).where(move.hotel_id == hotel_id).scalar_subquery(),
        select(func.max(move.movement_date)).where(move.hotel_id == hotel_id).scalar_subquery())


_LEDGER_SPAN = _ledger_span()


def counts_back(session: Session, *, hotel_id: int, day: dt.date) -> bool:
    """Whether the balances at the end of ``day`` are best read backwards: the lots' running
    balances less what is dated later (True), or the ledger summed up to ``day`` (False).

    Backwards reads the movements after ``day``, forwards those up to it; the hotel's first
    and last movement dates (two index lookups) tell which side is shorter. Today, with
    nothing dated later, backwards reads only the open lots.
    """
    first, last = session.execute(_LEDGER_SPAN, {"hotel": hotel_id}).one()
    if first is None or last is None or last <= day:
        return True
    return bool((last - day) <= (day - first))


def _lot_selects(hotel_id: int | BindParameter[int], day: dt.date | BindParameter[dt.date],
                 *, backward: bool,
                 product_ids: list[int] | None = None) -> list[AnySelect]:
    """The statements whose rows are the lots with their balance at the end of ``day``:
    product, lot (None outside any lot), code, expiry, received, unit cost, quantity.

    Both ways give the same balances (a lot's running balance is the sum of its movements):
    ``backward`` takes the open lots' running balances and subtracts each lot's movements
    dated after ``day`` (today: none, so only the few open lots are read); otherwise each
    lot's movements up to ``day`` are summed. Either way the sums come from the index on
    (hotel, date, product, lot, quantity) alone, and only the lots left holding something
    are joined to their codes and dates. Stock outside any lot is summed up to ``day``.
    """
    move = StockMovement
    if backward:
        held = select(StockLot.id.label("lot"), StockLot.on_hand.label("qty")).where(
            StockLot.hotel_id == hotel_id, OPEN_LOT)
        later = select(move.lot_id.label("lot"), (-move.quantity).label("qty")).where(
            move.hotel_id == hotel_id, move.movement_date > day, move.lot_id.is_not(None))
        if product_ids is not None:
            held = held.where(StockLot.product_id.in_(product_ids))
            later = later.where(move.product_id.in_(product_ids))
        both = union_all(held, later).subquery("moved")
        balance = func.sum(both.c.qty)
        sums = (select(both.c.lot, balance.label("qty")).group_by(both.c.lot)
                .having(balance != 0).subquery("held"))
    else:
        balance = func.sum(move.quantity)
        summed = (select(move.lot_id.label("lot"), balance.label("qty"))
                  .where(move.hotel_id == hotel_id, move.movement_date <= day,
                         move.lot_id.is_not(None)))
        if product_ids is not None:
            summed = summed.where(move.product_id.in_(product_ids))
        sums = summed.group_by(move.lot_id).having(balance != 0).subquery("held")
    lots = (
        select(StockLot.product_id, StockLot.id, StockLot.lot_code, StockLot.expiry_date,
               StockLot.received_on, StockLot.unit_cost,
               type_coerce(sums.c.qty, Quantity()).label("qty"))
        .join(sums, sums.c.lot == StockLot.id)
    )
    # the day is tested inside the sums, not in WHERE: then the partial index of the few
    # lot-less movements is what the database reads, not the hotel's whole ledger by date
    by_day = move.movement_date <= day
    lotless = (
        select(move.product_id, move.lot_id, cast(null(), String).label("code"),
               cast(null(), Date).label("expiry"), cast(null(), Date).label("received"),
               func.max(case((by_day, move.unit_cost))).label("cost"),
               _sum_qty(by_day).label("qty"))
        .where(move.hotel_id == hotel_id, move.lot_id.is_(None))
        .group_by(move.product_id, move.lot_id)
    )
    if product_ids is not None:
        lotless = lotless.where(move.product_id.in_(product_ids))
    return [lots, lotless]


def _add_lot(lots: dict[int, list[LotRow]], product_id: int, lot_id: int | None,
             code: str | None, expiry: dt.date | None, received: dt.date | None,
             cost: int | None, qty: Decimal | None) -> None:
    if qty:
        lots.setdefault(product_id, []).append(
            LotRow(lot_id, code or "", expiry, received, int(cost or 0), qty))


def _fefo(lots: dict[int, list[LotRow]]) -> dict[int, list[LotRow]]:
    for found in lots.values():
        found.sort(key=lambda r: (r.expiry_date is None, r.expiry_date or dt.date.max,
                                  r.lot_id or 0))
    return lots


def lot_rows_for_hotel(session: Session, *, hotel_id: int, day: dt.date,
                       product_ids: list[int] | None = None) -> dict[int, list[LotRow]]:
    """Every lot (and lot-less remainder) with a non-zero balance at the end of ``day``."""
    backward = counts_back(session, hotel_id=hotel_id, day=day)
    lots: dict[int, list[LotRow]] = {}
    for stmt in _lot_selects(hotel_id, day, backward=backward, product_ids=product_ids):
        for row in session.execute(stmt):
            _add_lot(lots, *row)
    return _fefo(lots)


def stock_rows(db: Database, *, query: StockQuery) -> list[StockRow]:
    """The stock of one hotel at the end of ``query.day``, filtered."""
    with db.reader() as session:
        return _stock_rows(session, query)


LOT, ISSUED, PAR, COUNTED = 1, 2, 3, 4  # what a row of the stock query carries


_STATEMENTS: dict[tuple[bool, bool, bool], AnySelect] = {}


def _stock_statement(*, backward: bool, text: bool, supplier: bool) -> AnySelect:
    """The one query of the stock page (built once per shape, its values bound at each run):
    the lots, the last 28 days' issues, the par levels and the last counts, side by side
    (UNION ALL) with each product's name and supplier, filtered by text and supplier."""
    shape = (backward, text, supplier)
    if shape in _STATEMENTS:
        return _STATEMENTS[shape]
    hotel_id, day = bindparam("hotel", type_=Integer), bindparam("day", type_=Date)
    no_day = cast(null(), Date)
    parts: list[AnySelect] = [
        stmt.add_columns(literal(LOT).label("what"), no_day.label("day"))
        for stmt in _lot_selects(hotel_id, day, backward=backward)
    ]
    nothing = (cast(null(), Integer).label("lot"), cast(null(), String).label("code"),
               cast(null(), Date).label("expiry"), cast(null(), Date).label("received"),
               cast(null(), Integer).label("cost"))
    parts.append(
        select(StockMovement.product_id, *nothing, _sum_qty().label("qty"), literal(ISSUED),
               no_day)
        .where(StockMovement.hotel_id == hotel_id, StockMovement.kind == MovementKind.ISSUE,
               StockMovement.movement_date > bindparam("since", type_=Date),
               StockMovement.movement_date <= day)
        .group_by(StockMovement.product_id))
    parts.append(
        select(ParLevel.product_id, *nothing, ParLevel.quantity, literal(PAR), no_day)
        .where(ParLevel.hotel_id == hotel_id))
    parts.append(
        select(StockCountLine.product_id, *nothing, type_coerce(literal(0), Quantity()),
               literal(COUNTED), func.max(StockCount.count_date))
        .join(StockCount, StockCount.id == StockCountLine.count_id)
        .where(StockCount.hotel_id == hotel_id, StockCount.status == CountStatus.POSTED,
               StockCount.count_date <= day)
        .group_by(StockCountLine.product_id))
    facts = union_all(*parts).subquery()
    c = list(facts.c)
    stmt = (
        select(*c, Product.code, Product.name, Supplier.name, Product.unit)
        .join(Product, Product.id == c[0])
        .join(Supplier, Supplier.id == Product.supplier_id)
    )
    if text:
        like = bindparam("like", type_=String)
        stmt = stmt.where(or_(
            func.lower(Product.name).like(like, escape="\\"),
            func.lower(Product.code).like(like, escape="\\"),
            func.lower(Supplier.name).like(like, escape="\\")))
    if supplier:
        stmt = stmt.where(Product.supplier_id == bindparam("supplier", type_=Integer))
    _STATEMENTS[shape] = stmt
    return stmt


def _stock_rows(session: Session, query: StockQuery) -> list[StockRow]:
    """Two statements: which way to count (the ledger's first and last dates)? then the one
    query of the stock page."""
    day, hotel_id = query.day, query.hotel_id
    backward = counts_back(session, hotel_id=hotel_id, day=day)
    text = query.text.strip().lower()
    stmt = _stock_statement(backward=backward, text=bool(text),
                            supplier=bool(query.supplier_id))
    values: dict[str, Any] = {"hotel": hotel_id, "day": day,
                              "since": day - dt.timedelta(days=USAGE_DAYS)}
    if text:
        values["like"] = like_pattern(text)  # % and _ typed are found as themselves
    if query.supplier_id:
        values["supplier"] = query.supplier_id
    # A product shows when it has stock, a par level, or was issued recently.
    lots: dict[int, list[LotRow]] = {}
    issued: dict[int, Decimal] = {}
    pars: dict[int, Decimal] = {}
    counted: dict[int, dt.date] = {}
    products: dict[int, tuple[str, str, str, Unit]] = {}
    for pid, lot_id, code, expiry, received, cost, qty, what, when, *product in (
            session.connection().execute(stmt, values)):
        if what == LOT:
            _add_lot(lots, pid, lot_id, code, expiry, received, cost, qty)
            if qty:
                products[pid] = tuple(product)
        elif what == ISSUED:
            issued[pid] = qty
            products[pid] = tuple(product)
        elif what == PAR:
            pars[pid] = qty
            products[pid] = tuple(product)
        else:
            counted[pid] = when
    _fefo(lots)
    horizon = day + dt.timedelta(days=query.expiring_within_days)
    rows: list[StockRow] = []
    for pid, (code, name, supplier, unit) in products.items():
        product_lots = lots.get(pid, [])
        on_hand = sum((lot.quantity for lot in product_lots), ZERO)
        held = [lot for lot in product_lots if lot.quantity > 0]
        value = sum((round_rupiah(lot.quantity * lot.unit_cost) for lot in held), 0)
        expiries = [lot.expiry_date for lot in held if lot.expiry_date]
        expired = sum((lot.quantity for lot in held
                       if lot.expiry_date and lot.expiry_date < day), ZERO)
        expiring = sum((lot.quantity for lot in held
                        if lot.expiry_date and day <= lot.expiry_date <= horizon), ZERO)
        rows.append(StockRow(
            product_id=pid, product_code=code, product_name=name, supplier_name=supplier,
            unit=unit, on_hand=on_hand, value=value, par=pars.get(pid),
            usage_per_day=(-issued.get(pid, ZERO) / USAGE_DAYS).quantize(Decimal("0.001")),
            nearest_expiry=min(expiries) if expiries else None, expired_qty=expired,
            expiring_qty=expiring, last_count=counted.get(pid),
        ))
    rows = [r for r in rows if _keep(r, query.filter)]
    rows.sort(key=lambda r: (r.supplier_name.lower(), r.product_name.lower()))
    return rows


def _keep(row: StockRow, wanted: StockFilter) -> bool:
    if wanted == StockFilter.IN_STOCK:
        return row.on_hand != 0
    if wanted == StockFilter.BELOW_PAR:
        return row.below_par
    if wanted == StockFilter.EXPIRING:
        return row.expiring_qty > 0
    if wanted == StockFilter.EXPIRED:
        return row.expired_qty > 0
    return True


def product_lots(db: Database, *, hotel_id: int, product_id: int, day: dt.date) -> list[LotRow]:
    with db.reader() as session:
        rows = lot_rows_for_hotel(session, hotel_id=hotel_id, day=day, product_ids=[product_id])
        return rows.get(product_id, [])


# --- history ----------------------------------------------------------------


@dataclass(frozen=True)
class MovementRow:
    id: int
    day: dt.date
    kind: MovementKind
    document: str  # number of the delivery, stock document or count
    document_kind: str  # "delivery" | "stock_document" | "count" | ""
    document_id: int | None
    lot_code: str
    outlet: str
    reason: str
    quantity: Decimal
    balance_after: Decimal
    negative_confirmed: bool
    created_at: dt.datetime
    created_by: str


def product_history(
    db: Database, *, hotel_id: int, product_id: int,
    date_from: dt.date | None = None, date_to: dt.date | None = None,
) -> tuple[Decimal, list[MovementRow]]:
    """The opening balance before ``date_from`` and every movement after it, oldest first,
    each with the balance after it."""
    with db.reader() as session:
        opening = ZERO
        if date_from is not None:
            opening = session.scalar(
                select(_sum_qty()).where(
                    StockMovement.hotel_id == hotel_id, StockMovement.product_id == product_id,
                    StockMovement.movement_date < date_from)
            ) or ZERO
        stmt = (
            select(StockMovement.id, StockMovement.movement_date, StockMovement.kind,
                   Delivery.number, StockDocument.number, StockCount.number,
                   StockMovement.delivery_id, StockMovement.stock_document_id,
                   StockMovement.stock_count_id, StockLot.lot_code, Outlet.name,
                   StockMovement.reason, StockMovement.quantity,
                   StockMovement.negative_confirmed, StockMovement.created_at,
                   StockMovement.created_by)
            .join(Delivery, Delivery.id == StockMovement.delivery_id, isouter=True)
            .join(StockDocument, StockDocument.id == StockMovement.stock_document_id,
                  isouter=True)
            .join(StockCount, StockCount.id == StockMovement.stock_count_id, isouter=True)
            .join(StockLot, StockLot.id == StockMovement.lot_id, isouter=True)
            .join(Outlet, Outlet.id == StockMovement.outlet_id, isouter=True)
            .where(StockMovement.hotel_id == hotel_id, StockMovement.product_id == product_id)
            .order_by(StockMovement.movement_date, StockMovement.id)
        )
        if date_from is not None:
            stmt = stmt.where(StockMovement.movement_date >= date_from)
        if date_to is not None:
            stmt = stmt.where(StockMovement.movement_date <= date_to)
        balance = opening
        rows = []
        for r in session.execute(stmt):
            balance += r[12]
            if r[6]:
                doc, doc_kind, doc_id = r[3] or "", "delivery", r[6]
            elif r[7]:
                doc, doc_kind, doc_id = r[4] or "", "stock_document", r[7]
            elif r[8]:
                doc, doc_kind, doc_id = r[5] or "", "count", r[8]
            else:
                doc, doc_kind, doc_id = "", "", None
            rows.append(MovementRow(
                id=r[0], day=r[1], kind=r[2], document=doc, document_kind=doc_kind,
                document_id=doc_id, lot_code=r[9] or "", outlet=r[10] or "", reason=r[11],
                quantity=r[12], balance_after=balance, negative_confirmed=r[13],
                created_at=r[14], created_by=r[15],
            ))
        return opening, rows


def expiry_window_days(db: Database) -> int:
    with db.reader() as session:
        return settings.load(session).expiry_warning_days
