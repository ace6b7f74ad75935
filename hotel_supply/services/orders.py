"""Orders: what a hotel expects from a supplier on a day.

Standing orders (a weekday grid per hotel and product) are turned into one
order per hotel, supplier and day when that day is looked at; ad-hoc orders
are entered by hand. ``day_overview`` is what "Hari Ini" shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session, selectinload

from hotel_supply.db import Database
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Order,
    OrderLine,
    Product,
    StandingOrder,
    Supplier,
)
from hotel_supply.models.enums import DeliveryStatus, OrderSource, OrderStatus, Role
from hotel_supply.services import audit, periods, settings
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.permissions import ANY_ROLE
from hotel_supply.services.validation import (
    NOTES_MAX_LENGTH,
    add,
    date_problems,
    id_problems,
    quantity_problems,
    text_problems,
)


@dataclass(frozen=True)
class OrderLineInput:
    product_id: int
    quantity: Decimal


def materialise_standing_orders(
    session: Session, *, day: dt.date, hotel_id: int | None = None
) -> int:
    """Create (or refresh) the standing orders due on ``day``. Returns how many were created.

    Idempotent. An open standing order that no delivery has started yet follows
    changes to the grid; once a delivery exists the order is left as it was. A day
    of a closed month is left as it was closed: nothing is created or changed.
    """
    if periods.is_closed(session, day):
        return 0
    stmt = (
        select(StandingOrder.hotel_id, Product.supplier_id, StandingOrder.product_id,
               StandingOrder.quantity)
        .join(Product, Product.id == StandingOrder.product_id)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .join(Hotel, Hotel.id == StandingOrder.hotel_id)
        .where(
            StandingOrder.weekday == day.weekday(),
            StandingOrder.quantity > 0,
            Product.active.is_(True),
            Supplier.active.is_(True),
            Hotel.active.is_(True),
        )
    )
    if hotel_id is not None:
        stmt = stmt.where(StandingOrder.hotel_id == hotel_id)
    wanted: dict[tuple[int, int], dict[int, Decimal]] = defaultdict(dict)
    for h_id, s_id, p_id, qty in session.execute(stmt):
        wanted[(h_id, s_id)][p_id] = qty

    existing_stmt = (
        select(Order)
        .where(Order.order_date == day, Order.source == OrderSource.STANDING)
        .options(selectinload(Order.lines))  # one query for every order's lines, not one each
    )
    if hotel_id is not None:
        existing_stmt = existing_stmt.where(Order.hotel_id == hotel_id)
    existing = {(o.hotel_id, o.supplier_id): o for o in session.scalars(existing_stmt)}
    started = set(
        session.scalars(
            select(Delivery.order_id).where(
                Delivery.order_id.in_([o.id for o in existing.values()]),
            )
        )
    )

    created = 0
    for key, lines in wanted.items():
        order = existing.get(key)
        if order is None:
            order = Order(
                hotel_id=key[0],
                supplier_id=key[1],
                order_date=day,
                source=OrderSource.STANDING,
                created_by=audit.current_user(session),
            )
            order.lines = [OrderLine(product_id=p, quantity=q) for p, q in sorted(lines.items())]
            session.add(order)
            created += 1
        elif order.id not in started and order.status == OrderStatus.OPEN:
            _sync_lines(order, lines)
    for key, order in existing.items():
        if key not in wanted and order.id not in started and order.status == OrderStatus.OPEN:
            order.status = OrderStatus.CANCELLED  # the grid no longer asks for it
    session.flush()
    return created


def _sync_lines(order: Order, lines: dict[int, Decimal]) -> None:
    current = {line.product_id: line for line in order.lines}
    for product_id, qty in lines.items():
        if product_id in current:
            if current[product_id].quantity != qty:
                current[product_id].quantity = qty
        else:
            order.lines.append(OrderLine(product_id=product_id, quantity=qty))
    for product_id, line in current.items():
        if product_id not in lines:
            order.lines.remove(line)


def prepare_day(db: Database, *, day: dt.date, hotel_id: int | None = None) -> int:
    """Make sure the standing orders of ``day`` exist (one unit of work)."""
    with db.unit_of_work(*ANY_ROLE) as session:
        return materialise_standing_orders(session, day=day, hotel_id=hotel_id)


def create_adhoc_order(
    db: Database,
    *,
    hotel_id: int,
    supplier_id: int,
    day: dt.date,
    lines: list[OrderLineInput],
    notes: str = "",
) -> int:
    """Enter an order by hand (a gift-shop order of batik, say), dated in an open month.
    Returns the order id."""
    with db.unit_of_work(Role.PURCHASING) as session:
        limit = settings.cached(session).max_line_quantity
        problems = _adhoc_problems(hotel_id=hotel_id, supplier_id=supplier_id, day=day,
                                   lines=lines, notes=notes, max_quantity=limit)
        if problems:
            raise ValidationError(problems)
        if session.get(Hotel, hotel_id) is None:
            raise NotFound(_("The hotel no longer exists."))
        if session.get(Supplier, supplier_id) is None:
            raise NotFound(_("The supplier no longer exists."))
        periods.ensure_open(session, day)
        products = {
            p.id: p
            for p in session.scalars(
                select(Product).where(Product.id.in_([x.product_id for x in lines]))
            )
        }
        for i, line in enumerate(lines):
            product = products.get(line.product_id)
            if product is None:
                raise NotFound(_("The product of line {n} no longer exists.").format(n=i + 1))
            if product.supplier_id != supplier_id:
                problems.setdefault(f"line:{i}:product", []).append(
                    _("This product is not supplied by the chosen supplier.")
                )
        if problems:
            raise ValidationError(problems)
        order = Order(
            hotel_id=hotel_id,
            supplier_id=supplier_id,
            order_date=day,
            source=OrderSource.ADHOC,
            notes=notes,
            created_by=audit.current_user(session),
        )
        order.lines = [OrderLine(product_id=x.product_id, quantity=x.quantity) for x in lines]
        session.add(order)
        session.flush()
        audit.record(
            session, action="create", entity="order", entity_id=order.id,
            hotel_id=hotel_id, supplier_id=supplier_id, day=day, lines=len(lines),
        )
        return order.id


def _adhoc_problems(*, hotel_id: int, supplier_id: int, day: dt.date,
                    lines: list[OrderLineInput], notes: str,
                    max_quantity: int) -> dict[str, list[str]]:
    """What is wrong with an ad-hoc order as typed (no database)."""
    problems: dict[str, list[str]] = {}
    add(problems, "hotel_id", id_problems(hotel_id, label=_("The hotel")))
    add(problems, "supplier_id", id_problems(supplier_id, label=_("The supplier")))
    add(problems, "day", date_problems(day, label=_("The order date")))
    add(problems, "notes", text_problems(notes, label=_("The notes"),
                                         max_length=NOTES_MAX_LENGTH, multiline=True))
    if not isinstance(lines, list) or not lines:
        add(problems, "lines", [_("Add at least one product to the order.")])
        return problems
    for i, line in enumerate(lines):
        add(problems, f"line:{i}:product", id_problems(line.product_id, label=_("The product")))
        found = quantity_problems(line.quantity, label=_("The ordered quantity"),
                                  max_units=max_quantity)
        if not found and line.quantity <= 0:
            found = [_("The ordered quantity must be more than zero.")]
        add(problems, f"line:{i}:quantity", found)
    return problems


def cancel_order(db: Database, *, order_id: int, reason: str = "") -> None:
    """Cancel an order nobody has started to receive (not in a closed month)."""
    found = text_problems(reason, label=_("The reason"), max_length=NOTES_MAX_LENGTH,
                          multiline=True)
    if found:
        raise ValidationError({"reason": found})
    if id_problems(order_id, label=""):
        raise NotFound(_("The order no longer exists."))
    with db.unit_of_work(Role.PURCHASING) as session:
        order = session.get(Order, order_id)
        if order is None:
            raise NotFound(_("The order no longer exists."))
        periods.ensure_open(session, order.order_date)
        started = session.scalar(
            select(exists().where(
                Delivery.order_id == order_id, Delivery.status != DeliveryStatus.CANCELLED
            ))
        )
        if started:
            raise ValidationError(
                {"": [_("A delivery was already started for this order; it cannot be cancelled.")]}
            )
        order.status = OrderStatus.CANCELLED
        audit.record(session, action="cancel", entity="order", entity_id=order_id, reason=reason)


# --- Hari Ini ---------------------------------------------------------------

# 1 for a delivery line with something rejected, summed to count such lines.
_REJECTED_LINE = case((DeliveryLine.rejected_qty > 0, 1), else_=0)


@dataclass(frozen=True)
class ExpectedDelivery:
    """One row of "Hari Ini": an order due, or a delivery that came without one."""

    order_id: int | None
    delivery_id: int | None
    hotel_id: int
    hotel_name: str
    supplier_id: int
    supplier_code: str
    supplier_name: str
    supplier_phone: str
    source: OrderSource | None  # None: arrived without an order
    line_count: int
    ordered_qty: Decimal
    delivery_status: DeliveryStatus | None  # None: not arrived yet
    delivery_number: str
    arrived_at: dt.datetime | None
    accepted_value: int
    rejected_lines: int

    @property
    def arrived(self) -> bool:
        return self.delivery_status in (DeliveryStatus.POSTED, DeliveryStatus.INVOICED)


def day_overview(
    db: Database, *, day: dt.date, hotel_id: int | None = None, prepare: bool = True
) -> list[ExpectedDelivery]:
    """Which UMKM are due at a hotel (or all hotels) on ``day``, and which have arrived."""
    if prepare:
        prepare_day(db, day=day, hotel_id=hotel_id)
    with db.reader() as session:
        return _overview(session, day=day, hotel_id=hotel_id)


def _overview(session: Session, *, day: dt.date, hotel_id: int | None) -> list[ExpectedDelivery]:
    """Two short steps: the day's orders and deliveries, then the sums of just those."""
    live_delivery = and_(
        Delivery.order_id == Order.id, Delivery.status != DeliveryStatus.CANCELLED
    )
    planned = (
        select(
            Order.id, Delivery.id, Order.hotel_id, Hotel.name, Order.supplier_id, Supplier.code,
            Supplier.name, Supplier.phone, Order.source, Delivery.status, Delivery.number,
            Delivery.arrived_at,
        )
        .join(Hotel, Hotel.id == Order.hotel_id)
        .join(Supplier, Supplier.id == Order.supplier_id)
        .join(Delivery, live_delivery, isouter=True)
        .where(Order.order_date == day, Order.status != OrderStatus.CANCELLED)
    )
    unplanned = (
        select(
            Delivery.order_id, Delivery.id, Delivery.hotel_id, Hotel.name, Delivery.supplier_id,
            Supplier.code, Supplier.name, Supplier.phone, Order.source, Delivery.status,
            Delivery.number, Delivery.arrived_at,
        )
        .join(Hotel, Hotel.id == Delivery.hotel_id)
        .join(Supplier, Supplier.id == Delivery.supplier_id)
        .join(Order, Order.id == Delivery.order_id, isouter=True)
        .where(
            Delivery.delivery_date == day,
            Delivery.status != DeliveryStatus.CANCELLED,
            Delivery.order_id.is_(None),
        )
    )
    if hotel_id is not None:
        planned = planned.where(Order.hotel_id == hotel_id)
        unplanned = unplanned.where(Delivery.hotel_id == hotel_id)
    heads = [*session.execute(planned).all(), *session.execute(unplanned).all()]
    order_ids = [h[0] for h in heads if h[0] is not None]
    delivery_ids = [h[1] for h in heads if h[1] is not None]
    ordered = {
        r[0]: (int(r[1]), Decimal(r[2] or 0))
        for r in session.execute(
            select(OrderLine.order_id, func.count(OrderLine.id), func.sum(OrderLine.quantity))
            .where(OrderLine.order_id.in_(order_ids))
            .group_by(OrderLine.order_id)
        )
    } if order_ids else {}
    received = {
        r[0]: (int(r[1]), Decimal(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
        for r in session.execute(
            select(
                DeliveryLine.delivery_id, func.count(DeliveryLine.id),
                func.sum(DeliveryLine.ordered_qty), func.sum(DeliveryLine.amount),
                func.sum(_REJECTED_LINE),
            )
            .where(DeliveryLine.delivery_id.in_(delivery_ids))
            .group_by(DeliveryLine.delivery_id)
        )
    } if delivery_ids else {}
    result = []
    for h in heads:
        order_id, delivery_id = h[0], h[1]
        got = received.get(delivery_id, (0, Decimal(0), 0, 0)) if delivery_id else None
        lines, qty = ordered.get(order_id, (0, Decimal(0))) if order_id else (
            (got[0], got[1]) if got else (0, Decimal(0)))
        result.append(ExpectedDelivery(
            order_id=order_id, delivery_id=delivery_id, hotel_id=h[2], hotel_name=h[3],
            supplier_id=h[4], supplier_code=h[5], supplier_name=h[6], supplier_phone=h[7],
            source=h[8], line_count=lines, ordered_qty=qty, delivery_status=h[9],
            delivery_number=h[10] or "", arrived_at=h[11],
            accepted_value=got[2] if got else 0, rejected_lines=got[3] if got else 0,
        ))
    # Not yet arrived first, then drafts in progress, then arrived; by supplier name.
    rank = {None: 0, DeliveryStatus.DRAFT: 1}
    result.sort(key=lambda e: (rank.get(e.delivery_status, 2), e.hotel_name, e.supplier_name))
    return result
