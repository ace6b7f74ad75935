"""What a hotel has: on hand per product and lot on any date, value, par, cover, history.

Balances are sums over the ledger, answered by the index on
``(hotel_id, product_id, movement_date)``: one grouped scan of one hotel's
movements, whatever the size of the other hotels' ledgers (bench/bench_stock.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import case, func, literal, or_, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.elements import ColumnElement

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


def is_current(session: Session, *, hotel_id: int, day: dt.date) -> bool:
    """True when nothing at the hotel is dated after ``day``: its running balances hold."""
    later = session.scalar(select(StockMovement.id).where(
        StockMovement.hotel_id == hotel_id, StockMovement.movement_date > day).limit(1))
    return later is None


def lot_rows_for_hotel(session: Session, *, hotel_id: int, day: dt.date,
                       product_ids: list[int] | None = None) -> dict[int, list[LotRow]]:
    """Every lot (and lot-less remainder) with a non-zero balance at the end of ``day``.

    For today (nothing dated later) the lots' running balances answer from the few open
    lots; for an earlier day the ledger is summed up to that day.
    """
    if is_current(session, hotel_id=hotel_id, day=day):
        lot_stmt = (
            select(StockLot.product_id, StockLot.id, StockLot.lot_code, StockLot.expiry_date,
                   StockLot.received_on, StockLot.unit_cost, StockLot.on_hand,
                   StockLot.unit_cost)
            .where(StockLot.hotel_id == hotel_id, OPEN_LOT)
        )
        lotless = (
            select(StockMovement.product_id, StockMovement.lot_id, literal(None),
                   literal(None), literal(None), literal(0),
                   type_coerce(func.sum(StockMovement.quantity), Quantity()),
                   func.max(StockMovement.unit_cost))
            .where(StockMovement.hotel_id == hotel_id, StockMovement.lot_id.is_(None))
            .group_by(StockMovement.product_id, StockMovement.lot_id)
        )
        if product_ids is not None:
            lot_stmt = lot_stmt.where(StockLot.product_id.in_(product_ids))
            lotless = lotless.where(StockMovement.product_id.in_(product_ids))
        rows = [*session.execute(lot_stmt).all(), *session.execute(lotless).all()]
    else:
        stmt = (
            select(StockMovement.product_id, StockMovement.lot_id, StockLot.lot_code,
                   StockLot.expiry_date, StockLot.received_on, StockLot.unit_cost,
                   type_coerce(func.sum(StockMovement.quantity), Quantity()),
                   func.max(StockMovement.unit_cost))
            .join(StockLot, StockLot.id == StockMovement.lot_id, isouter=True)
            .where(StockMovement.hotel_id == hotel_id, StockMovement.movement_date <= day)
            .group_by(StockMovement.product_id, StockMovement.lot_id, StockLot.lot_code,
                      StockLot.expiry_date, StockLot.received_on, StockLot.unit_cost)
        )
        if product_ids is not None:
            stmt = stmt.where(StockMovement.product_id.in_(product_ids))
        rows = list(session.execute(stmt).all())
    lots: dict[int, list[LotRow]] = {}
    for product_id, lot_id, code, expiry, received, cost, qty, move_cost in rows:
        if not qty:
            continue
        lots.setdefault(product_id, []).append(LotRow(
            lot_id, code or "", expiry, received, cost if lot_id else int(move_cost or 0), qty))
    for found in lots.values():
        found.sort(key=lambda r: (r.expiry_date is None, r.expiry_date or dt.date.max,
                                  r.lot_id or 0))
    return lots


def stock_rows(db: Database, *, query: StockQuery) -> list[StockRow]:
    """The stock of one hotel at the end of ``query.day``, filtered."""
    with db.reader() as session:
        return _stock_rows(session, query)


def _stock_rows(session: Session, query: StockQuery) -> list[StockRow]:
    day, hotel_id = query.day, query.hotel_id
    since = day - dt.timedelta(days=USAGE_DAYS)
    lots = lot_rows_for_hotel(session, hotel_id=hotel_id, day=day)
    issued = dict(session.execute(
        select(StockMovement.product_id, _sum_qty())
        .where(StockMovement.hotel_id == hotel_id, StockMovement.kind == MovementKind.ISSUE,
               StockMovement.movement_date > since, StockMovement.movement_date <= day)
        .group_by(StockMovement.product_id)
    ).all())
    pars = dict(session.execute(
        select(ParLevel.product_id, ParLevel.quantity).where(ParLevel.hotel_id == hotel_id)
    ).all())
    # A product shows when it has stock, a par level, or was issued recently.
    ids = set(lots) | set(pars) | set(issued)
    if not ids:
        return []
    products_stmt = (
        select(Product.id, Product.code, Product.name, Supplier.name, Product.unit)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .where(Product.id.in_(ids))
    )
    text = query.text.strip().lower()
    if text:
        like = like_pattern(text)  # % and _ typed are found as themselves
        products_stmt = products_stmt.where(or_(
            func.lower(Product.name).like(like, escape="\\"),
            func.lower(Product.code).like(like, escape="\\"),
            func.lower(Supplier.name).like(like, escape="\\")))
    if query.supplier_id:
        products_stmt = products_stmt.where(Product.supplier_id == query.supplier_id)
    products = session.execute(products_stmt).all()
    counted = _last_counts(session, hotel_id=hotel_id, day=day)
    horizon = day + dt.timedelta(days=query.expiring_within_days)
    rows: list[StockRow] = []
    for pid, code, name, supplier, unit in products:
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


def _last_counts(session: Session, *, hotel_id: int, day: dt.date) -> dict[int, dt.date]:
    """When each product was last counted (a count that matched the book counts too)."""
    rows = session.execute(
        select(StockCountLine.product_id, func.max(StockCount.count_date))
        .join(StockCount, StockCount.id == StockCountLine.count_id)
        .where(StockCount.hotel_id == hotel_id, StockCount.status == CountStatus.POSTED,
               StockCount.count_date <= day)
        .group_by(StockCountLine.product_id)
    ).all()
    return dict(rows)


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
