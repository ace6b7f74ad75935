"""The stock ledger: append-only movements; a balance is the sum of movements.

Session-level building blocks that other services call inside their own unit
of work. A mistake is corrected by a counter-movement, never by an edit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, literal_column, select, type_coerce, update
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.formatting import format_qty
from hotel_supply.i18n import _
from hotel_supply.models import Product, StockLot, StockMovement
from hotel_supply.models.base import Quantity
from hotel_supply.models.enums import MovementKind, label
from hotel_supply.services.audit import current_user
from hotel_supply.services.errors import DomainError

ZERO = Decimal(0)
# Written as a literal so that the databases use the partial index of open lots.
OPEN_LOT = StockLot.on_hand != literal_column("0")


@dataclass(frozen=True)
class Shortage:
    """A product (or lot) that a movement would take below zero."""

    product_id: int
    product_name: str
    unit: str
    on_hand: Decimal
    wanted: Decimal
    expired: Decimal = ZERO  # on hand but expired: can be written off, not issued

    def describe(self) -> str:
        text = _("{product}: {on_hand} on hand, {wanted} needed").format(
            product=self.product_name,
            on_hand=format_qty(self.on_hand, self.unit),
            wanted=format_qty(self.wanted, self.unit),
        )
        if self.expired > 0:
            text += " " + _("({expired} more is expired: write it off as waste)").format(
                expired=format_qty(self.expired, self.unit))
        return text


class NegativeStockError(DomainError):
    """Stock would go below zero; the user may confirm explicitly and try again."""

    def __init__(self, shortages: list[Shortage]) -> None:
        self.shortages = shortages
        lines = [s.describe() for s in shortages]
        super().__init__(
            _("Not enough stock. Confirm explicitly to let stock go below zero:")
            + "\n"
            + "\n".join(lines)
        )


def on_hand(
    session: Session,
    *,
    hotel_id: int,
    product_id: int,
    lot_id: int | None = None,
    on: dt.date | None = None,
) -> Decimal:
    """Balance of a product (or one lot of it) at a hotel at the end of ``on`` (default: all)."""
    stmt = select(func.coalesce(func.sum(StockMovement.quantity), 0)).where(
        StockMovement.hotel_id == hotel_id, StockMovement.product_id == product_id
    )
    if lot_id is not None:
        stmt = stmt.where(StockMovement.lot_id == lot_id)
    if on is not None:
        stmt = stmt.where(StockMovement.movement_date <= on)
    value = session.scalar(stmt)
    return Decimal(value or 0)


def lot_balances(session: Session, *, lot_ids: Iterable[int]) -> dict[int, Decimal]:
    ids = list(lot_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(StockMovement.lot_id, func.sum(StockMovement.quantity))
        .where(StockMovement.lot_id.in_(ids))
        .group_by(StockMovement.lot_id)
    ).all()
    result = {lot_id: ZERO for lot_id in ids}
    for lot_id, qty in rows:
        if lot_id is not None:
            result[lot_id] = Decimal(qty or 0)
    return result


def add_movement(
    session: Session,
    *,
    hotel_id: int,
    product_id: int,
    lot_id: int | None,
    day: dt.date,
    kind: MovementKind,
    quantity: Decimal,
    unit_cost: int = 0,
    delivery_id: int | None = None,
    stock_document_id: int | None = None,
    stock_count_id: int | None = None,
    outlet_id: int | None = None,
    reason: str = "",
    corrects_id: int | None = None,
    negative_confirmed: bool = False,
) -> StockMovement:
    """Append one movement to the ledger (the only way stock ever changes)."""
    if quantity == 0:
        raise ValueError("a stock movement needs a quantity")
    movement = StockMovement(
        hotel_id=hotel_id,
        product_id=product_id,
        lot_id=lot_id,
        movement_date=day,
        kind=kind,
        quantity=quantity,
        unit_cost=unit_cost,
        delivery_id=delivery_id,
        stock_document_id=stock_document_id,
        stock_count_id=stock_count_id,
        outlet_id=outlet_id,
        reason=reason,
        corrects_id=corrects_id,
        negative_confirmed=negative_confirmed,
        created_at=clock.now(),
        created_by=current_user(session),
    )
    session.add(movement)
    if lot_id is not None:
        # the lot's running balance moves in the same unit of work, in SQL so that two PCs
        # moving the same lot at once both count
        session.execute(
            update(StockLot).where(StockLot.id == lot_id)
            .values(on_hand=StockLot.on_hand + quantity)
            .execution_options(synchronize_session=False)
        )
    return movement


def reverse_movements(
    session: Session,
    movements: list[StockMovement],
    *,
    day: dt.date,
    kind: MovementKind,
    confirm_negative: bool,
    reason: str = "",
) -> list[StockMovement]:
    """Write the counter-movement of each movement; refuse to go below zero unless confirmed."""
    shortages: list[Shortage] = []
    outgoing = [m for m in movements if m.quantity > 0]
    lots = lot_balances(session, lot_ids=[lot for m in outgoing if (lot := m.lot_id) is not None])
    wanted: dict[tuple[int, int], Decimal] = {}
    for m in outgoing:
        key = (m.hotel_id, m.product_id)
        wanted[key] = wanted.get(key, ZERO) + m.quantity
    for (hotel_id, product_id), qty in wanted.items():
        # short if the product as a whole, or any of its lots, cannot give the quantity back
        have = on_hand(session, hotel_id=hotel_id, product_id=product_id)
        for m in outgoing:
            if m.product_id == product_id and m.lot_id is not None:
                have = min(have, lots[m.lot_id] + (qty - m.quantity))
        if have < qty:
            product = session.get(Product, product_id)
            assert product is not None
            shortages.append(Shortage(product_id, product.name, label(product.unit), have, qty))
    if shortages and not confirm_negative:
        raise NegativeStockError(shortages)
    written: list[StockMovement] = []
    for m in movements:
        parts: list[tuple[int | None, Decimal]] = [(m.lot_id, -m.quantity)]
        if m.quantity > 0 and m.lot_id is not None and lots[m.lot_id] < m.quantity:
            # what the lot no longer holds is taken outside any lot: a lot never goes negative
            from_lot = max(lots[m.lot_id], ZERO)
            parts = [(m.lot_id, -from_lot), (None, -(m.quantity - from_lot))]
            lots[m.lot_id] -= from_lot
        for lot_id, quantity in parts:
            if quantity == 0:
                continue
            written.append(add_movement(
                session, hotel_id=m.hotel_id, product_id=m.product_id, lot_id=lot_id, day=day,
                kind=kind, quantity=quantity, unit_cost=m.unit_cost, delivery_id=m.delivery_id,
                stock_document_id=m.stock_document_id, stock_count_id=m.stock_count_id,
                outlet_id=m.outlet_id, reason=reason, corrects_id=m.id,
                negative_confirmed=bool(shortages),
            ))
    return written


def receive_into_new_lot(
    session: Session,
    *,
    hotel_id: int,
    product_id: int,
    lot_code: str,
    expiry_date: dt.date | None,
    day: dt.date,
    quantity: Decimal,
    unit_cost: int,
    delivery_id: int | None,
    delivery_line_id: int | None,
) -> StockMovement:
    """A receipt into a lot of its own: the lot starts with the received quantity as its
    running balance, so nothing needs flushing or updating per line."""
    lot = StockLot(hotel_id=hotel_id, product_id=product_id, lot_code=lot_code,
                   expiry_date=expiry_date, received_on=day, unit_cost=unit_cost,
                   delivery_line_id=delivery_line_id, on_hand=quantity)
    movement = StockMovement(
        hotel_id=hotel_id, product_id=product_id, lot=lot, movement_date=day,
        kind=MovementKind.RECEIPT, quantity=quantity, unit_cost=unit_cost,
        delivery_id=delivery_id, created_at=clock.now(), created_by=current_user(session),
    )
    session.add_all([lot, movement])
    return movement


# --- lots and first-expiry-first-out ------------------------------------------


@dataclass(frozen=True)
class LotBalance:
    lot_id: int
    lot_code: str
    expiry_date: dt.date | None
    received_on: dt.date
    unit_cost: int
    quantity: Decimal  # what can be taken on the day asked: min(balance then, balance now)

    def usable_on(self, day: dt.date) -> bool:
        """A lot is usable up to and including its expiry date (SPEC section 6)."""
        return self.expiry_date is None or self.expiry_date >= day


@dataclass(frozen=True)
class Pick:
    """Quantity taken from one lot (``lot_id`` None: beyond the lots, confirmed below zero)."""

    lot_id: int | None
    lot_code: str
    expiry_date: dt.date | None
    quantity: Decimal
    unit_cost: int


def lots_on_hand(
    session: Session, *, hotel_id: int, product_id: int, day: dt.date
) -> list[LotBalance]:
    """Lots with something to take on ``day``, first expiring first (no expiry last)."""
    by_day = type_coerce(
        func.sum(case((StockMovement.movement_date <= day, StockMovement.quantity), else_=0)),
        Quantity(),
    )
    rows = session.execute(
        select(StockLot.id, StockLot.lot_code, StockLot.expiry_date, StockLot.received_on,
               StockLot.unit_cost, by_day, type_coerce(func.sum(StockMovement.quantity),
                                                       Quantity()))
        .join(StockMovement, StockMovement.lot_id == StockLot.id)
        .where(StockLot.hotel_id == hotel_id, StockLot.product_id == product_id)
        .group_by(StockLot.id, StockLot.lot_code, StockLot.expiry_date, StockLot.received_on,
                  StockLot.unit_cost)
    ).all()
    lots = [
        LotBalance(r[0], r[1], r[2], r[3], r[4], min(_qty(r[5]), _qty(r[6])))
        for r in rows
    ]
    lots = [lot for lot in lots if lot.quantity > 0]
    lots.sort(key=lambda lot: (lot.expiry_date is None, lot.expiry_date or lot.received_on,
                               lot.received_on, lot.lot_id))
    return lots


def _qty(value: Decimal | None) -> Decimal:
    return ZERO if value is None else value


def allocate(
    lots: list[LotBalance], quantity: Decimal, *, day: dt.date, include_expired: bool
) -> tuple[list[Pick], Decimal]:
    """Take ``quantity`` first-expiry-first; returns the picks and what could not be covered."""
    picks: list[Pick] = []
    rest = quantity
    for lot in lots:
        if rest <= 0:
            break
        if not include_expired and not lot.usable_on(day):
            continue
        take = min(rest, lot.quantity)
        picks.append(Pick(lot.lot_id, lot.lot_code, lot.expiry_date, take, lot.unit_cost))
        rest -= take
    return picks, rest
