"""Par levels and what to reorder: par minus on hand minus what is already on order."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from sqlalchemy import case, func, select, type_coerce
from sqlalchemy.orm import Session

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import (
    Hotel,
    Order,
    OrderLine,
    ParLevel,
    Product,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.base import Quantity
from hotel_supply.models.enums import OrderStatus, Role, Unit
from hotel_supply.services import audit, orders
from hotel_supply.services.errors import ValidationError
from hotel_supply.services.stock import OPEN_LOT

ZERO = Decimal(0)
COUNTABLE = frozenset({Unit.PCS, Unit.PAK, Unit.KOTAK, Unit.LEMBAR})


def par_levels(db: Database, *, hotel_id: int) -> dict[int, Decimal]:
    with db.reader() as session:
        return dict(session.execute(
            select(ParLevel.product_id, ParLevel.quantity).where(ParLevel.hotel_id == hotel_id)
        ).all())


def set_par_levels(db: Database, *, hotel_id: int, levels: dict[int, Decimal | None]) -> None:
    """Set (or, with None or 0, remove) the par level of products at a hotel."""
    problems = {f"product:{pid}": [_("A par level cannot be negative.")]
                for pid, qty in levels.items() if qty is not None and qty < 0}
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.PURCHASING, Role.STOREROOM) as session:
        existing = {p.product_id: p for p in session.scalars(
            select(ParLevel).where(ParLevel.hotel_id == hotel_id,
                                   ParLevel.product_id.in_(list(levels))))}
        for product_id, qty in levels.items():
            row = existing.get(product_id)
            if not qty:
                if row is not None:
                    session.delete(row)
            elif row is None:
                session.add(ParLevel(hotel_id=hotel_id, product_id=product_id, quantity=qty))
            else:
                row.quantity = qty
        audit.record(session, action="update", entity="par_level", entity_id=hotel_id,
                     products=len(levels))


@dataclass(frozen=True)
class Suggestion:
    hotel_id: int
    hotel_name: str
    supplier_id: int
    supplier_name: str
    product_id: int
    product_code: str
    product_name: str
    unit: Unit
    par: Decimal
    on_hand: Decimal
    on_order: Decimal  # open orders from today on, not yet delivered
    suggested: Decimal


def _on_order(session: Session, *, day: dt.date, hotel_ids: list[int]) -> dict[
        tuple[int, int], Decimal]:
    # the open orders from ``day`` on are found first (by date), then their lines: joined the
    # other way round, every order line ever written would be read
    still_open = select(Order.id).where(Order.status == OrderStatus.OPEN,
                                        Order.order_date >= day, Order.hotel_id.in_(hotel_ids))
    rows = session.execute(
        select(Order.hotel_id, OrderLine.product_id,
               func.sum(OrderLine.quantity))
        .join(OrderLine, OrderLine.order_id == Order.id)
        .where(Order.id.in_(still_open))
        .group_by(Order.hotel_id, OrderLine.product_id)
    ).all()
    return {(h, p): q for h, p, q in rows}


def _balances(session: Session, *, day: dt.date, hotel_ids: list[int]) -> dict[
        tuple[int, int], Decimal]:
    """On hand per (hotel, product) at the end of ``day``, for every hotel at once.

    Read backwards from the lots' running balances: the open lots, less each lot's movements
    dated after ``day`` (on Hari Ini, none or a few), plus the few movements outside any lot
    up to ``day``. Every part comes from an index; summing the ledger up to the day would
    read two million movements for fifty hotels.
    """
    move = StockMovement
    quantity = Quantity()
    queries = [
        select(StockLot.hotel_id, StockLot.product_id,
               type_coerce(func.sum(StockLot.on_hand), quantity))
        .where(StockLot.hotel_id.in_(hotel_ids), OPEN_LOT)
        .group_by(StockLot.hotel_id, StockLot.product_id),
        select(move.hotel_id, move.product_id, type_coerce(func.sum(-move.quantity), quantity))
        .where(move.hotel_id.in_(hotel_ids), move.movement_date > day,
               move.lot_id.is_not(None))
        .group_by(move.hotel_id, move.product_id),
        # the day tested inside the sum: the partial index of the lot-less movements is read
        select(move.hotel_id, move.product_id, type_coerce(func.sum(
            case((move.movement_date <= day, move.quantity), else_=0)), quantity))
        .where(move.hotel_id.in_(hotel_ids), move.lot_id.is_(None))
        .group_by(move.hotel_id, move.product_id),
    ]
    balances: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for query in queries:
        for h, p, q in session.execute(query):
            balances[(h, p)] += q or ZERO
    return dict(balances)


def reorder_suggestions(db: Database, *, day: dt.date,
                        hotel_id: int | None = None) -> list[Suggestion]:
    """Products below par, with the quantity to order (rounded up to whole countable units)."""
    with db.reader() as session:
        pars_stmt = (
            select(ParLevel.hotel_id, Hotel.name, Product.supplier_id, Supplier.name,
                   ParLevel.product_id, Product.code, Product.name, Product.unit,
                   ParLevel.quantity)
            .join(Hotel, Hotel.id == ParLevel.hotel_id)
            .join(Product, Product.id == ParLevel.product_id)
            .join(Supplier, Supplier.id == Product.supplier_id)
            .where(Product.active.is_(True), Supplier.active.is_(True), Hotel.active.is_(True))
        )
        if hotel_id is not None:
            pars_stmt = pars_stmt.where(ParLevel.hotel_id == hotel_id)
        pars = session.execute(pars_stmt).all()
        hotel_ids = sorted({r[0] for r in pars})
        if not hotel_ids:
            return []
        balances = _balances(session, day=day, hotel_ids=hotel_ids)
        on_order = _on_order(session, day=day, hotel_ids=hotel_ids)
        result = []
        for h, hname, s, sname, p, code, name, unit, par in pars:
            have = balances.get((h, p)) or ZERO
            coming = on_order.get((h, p)) or ZERO
            need = par - have - coming
            if need <= 0:
                continue
            if unit in COUNTABLE:
                need = need.to_integral_value(rounding=ROUND_CEILING)
            result.append(Suggestion(h, hname, s, sname, p, code, name, unit, par, have,
                                     coming, need))
        result.sort(key=lambda x: (x.hotel_name, x.supplier_name.lower(),
                                   x.product_name.lower()))
        return result


def order_suggestions(db: Database, *, day: dt.date, suggestions: list[Suggestion]) -> list[int]:
    """Turn suggestions into ad-hoc orders, one per hotel and supplier. Returns the order ids."""
    grouped: dict[tuple[int, int], list[orders.OrderLineInput]] = defaultdict(list)
    for s in suggestions:
        grouped[(s.hotel_id, s.supplier_id)].append(
            orders.OrderLineInput(product_id=s.product_id, quantity=s.suggested))
    return [
        orders.create_adhoc_order(db, hotel_id=h, supplier_id=s, day=day, lines=lines,
                                  notes=_("Below par: suggested order"))
        for (h, s), lines in sorted(grouped.items())
    ]
