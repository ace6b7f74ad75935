"""Receiving: a delivery is draft, then posted (stock moves), then invoiced (SPEC rule 5).

Posting takes the delivery-note number, writes one receipt movement per
accepted line into a new lot, and never lets rejected goods into stock.
Cancelling a posted, not invoiced delivery writes the counter-movements; the
number stays, marked cancelled.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import line_amount
from hotel_supply.i18n import _
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
    Order,
    Product,
    StockMovement,
    Supplier,
)
from hotel_supply.models.enums import (
    DeliveryStatus,
    MovementKind,
    OrderStatus,
    Role,
)
from hotel_supply.services import audit, numbering, periods, settings, stock
from hotel_supply.services.delivery_input import (
    COUNTABLE_UNITS,
    ZERO,
    DeliveryInput,
    LineInput,
    ProductInfo,
    validate_delivery,
)
from hotel_supply.services.errors import ConflictError, DomainError, NotFound, ValidationError
from hotel_supply.services.prices import prices_on
from hotel_supply.services.validation import (
    NOTES_MAX_LENGTH,
    date_problems,
    id_problems,
    text_problems,
)


@dataclass(frozen=True)
class LineView:
    input: LineInput
    product: ProductInfo
    unit_price: int
    amount: int


@dataclass(frozen=True)
class DeliveryView:
    id: int
    number: str
    status: DeliveryStatus
    version: int
    hotel_id: int
    hotel_name: str
    supplier_id: int
    supplier_code: str
    supplier_name: str
    order_id: int | None
    data: DeliveryInput
    lines: tuple[LineView, ...]
    posted_at: dt.datetime | None
    posted_by: str
    cancelled_at: dt.datetime | None
    cancel_reason: str
    month_closed: bool = False  # dated in a closed month: it can only be looked at
    corrects_number: str = ""  # the cancelled delivery this one corrects
    corrected_by_number: str = ""  # the delivery that corrects this cancelled one

    @property
    def total_value(self) -> int:
        return sum(line.amount for line in self.lines)

    @property
    def editable(self) -> bool:
        return self.status == DeliveryStatus.DRAFT and not self.month_closed

    @property
    def cancellable(self) -> bool:
        return self.status == DeliveryStatus.POSTED and not self.month_closed


@dataclass(frozen=True)
class PostResult:
    delivery_id: int
    number: str
    receipts: int  # receipt movements written
    total_value: int


# --- loading ----------------------------------------------------------------


def _product_infos(session: Session, product_ids: set[int]) -> dict[int, ProductInfo]:
    if not product_ids:
        return {}
    rows = session.execute(
        select(Product.id, Product.code, Product.name, Product.unit, Product.perishable,
               Product.shelf_life_days, Product.supplier_id)
        .where(Product.id.in_(product_ids))
    ).all()
    return {r[0]: ProductInfo(*r) for r in rows}


def product_info(db: Database, product_ids: set[int]) -> dict[int, ProductInfo]:
    with db.reader() as session:
        return _product_infos(session, product_ids)


def _get(session: Session, delivery_id: int, *, lock: bool = False) -> Delivery:
    if id_problems(delivery_id, label=""):
        raise NotFound(_("The delivery no longer exists."))
    stmt = select(Delivery).where(Delivery.id == delivery_id)
    if lock:
        stmt = stmt.with_for_update()
    delivery = session.scalars(stmt).one_or_none()
    if delivery is None:
        raise NotFound(_("The delivery no longer exists."))
    return delivery


def _view(session: Session, delivery: Delivery) -> DeliveryView:
    infos = _product_infos(session, {line.product_id for line in delivery.lines})
    lines = tuple(
        LineView(
            input=LineInput(
                product_id=line.product_id, ordered=line.ordered_qty,
                delivered=line.delivered_qty, accepted=line.accepted_qty,
                rejected=line.rejected_qty, rejection_reason=line.rejection_reason,
                rejection_note=line.rejection_note, lot_code=line.lot_code,
                expiry_date=line.expiry_date,
            ),
            product=infos[line.product_id],
            unit_price=line.unit_price,
            amount=line.amount,
        )
        for line in delivery.lines
    )
    return DeliveryView(
        id=delivery.id, number=delivery.number or "", status=delivery.status,
        version=delivery.version, hotel_id=delivery.hotel_id, hotel_name=delivery.hotel.name,
        supplier_id=delivery.supplier_id, supplier_code=delivery.supplier.code,
        supplier_name=delivery.supplier.name, order_id=delivery.order_id,
        data=DeliveryInput(
            delivery_date=delivery.delivery_date, arrived_at=delivery.arrived_at,
            driver_name=delivery.driver_name, vehicle_plate=delivery.vehicle_plate,
            received_by=delivery.received_by, notes=delivery.notes,
            lines=[replace(lv.input) for lv in lines],
        ),
        lines=lines, posted_at=delivery.posted_at, posted_by=delivery.posted_by,
        cancelled_at=delivery.cancelled_at, cancel_reason=delivery.cancel_reason,
        month_closed=periods.is_closed(session, delivery.delivery_date),
        corrects_number=(delivery.corrects.number or "") if delivery.corrects else "",
        corrected_by_number=session.scalar(
            select(Delivery.number).where(Delivery.corrects_id == delivery.id)) or ""
        if delivery.id else "",
    )


def _input_of(delivery: Delivery) -> DeliveryInput:
    """The delivery as the clerk typed it, from its rows (no query)."""
    return DeliveryInput(
        delivery_date=delivery.delivery_date, arrived_at=delivery.arrived_at,
        driver_name=delivery.driver_name, vehicle_plate=delivery.vehicle_plate,
        received_by=delivery.received_by, notes=delivery.notes,
        lines=[LineInput(
            product_id=line.product_id, ordered=line.ordered_qty, delivered=line.delivered_qty,
            accepted=line.accepted_qty, rejected=line.rejected_qty,
            rejection_reason=line.rejection_reason, rejection_note=line.rejection_note,
            lot_code=line.lot_code, expiry_date=line.expiry_date,
        ) for line in delivery.lines],
    )


def get_delivery(db: Database, delivery_id: int) -> DeliveryView:
    with db.reader() as session:
        return _view(session, _get(session, delivery_id))


# --- drafts -----------------------------------------------------------------


def _delivery_of_order(session: Session, order_id: int) -> int | None:
    return session.scalar(
        select(Delivery.id).where(
            Delivery.order_id == order_id, Delivery.status != DeliveryStatus.CANCELLED
        )
    )


def preview_from_order(db: Database, *, order_id: int) -> DeliveryView:
    """What opening an expected order shows, without writing anything: its delivery when
    one exists, otherwise a draft prefilled from the order that exists only in memory
    (``id`` 0) until the clerk saves or posts it (``save_draft``/``post_delivery`` with
    ``order_id``). Closing it untouched leaves nothing behind, even after a crash.
    Refused like a new draft when the order was cancelled or its month is closed.
    """
    if id_problems(order_id, label=""):
        raise NotFound(_("The order no longer exists."))
    with db.reader() as session, session.no_autoflush:
        existing = _delivery_of_order(session, order_id)
        if existing is not None:
            return _view(session, _get(session, existing))
        order = session.get(Order, order_id)
        if order is None:
            raise NotFound(_("The order no longer exists."))
        delivery = _prefilled(session, order, arrived_at=clock.now())
        delivery.hotel, delivery.supplier = order.hotel, order.supplier
        delivery.status = DeliveryStatus.DRAFT
        delivery.driver_name = delivery.vehicle_plate = delivery.received_by = ""
        delivery.notes = delivery.posted_by = delivery.cancel_reason = ""
        for line in delivery.lines:  # column defaults only fill in at insert
            line.rejection_note = line.lot_code = ""
        return replace(_view(session, delivery), id=0, version=0)


def _draft_to_write(session: Session, *, delivery_id: int | None, order_id: int | None,
                    version: int | None) -> Delivery:
    """Session-level: the draft a save or a post writes to, locked; for an order opened
    with ``preview_from_order``, the draft is created now, in the same unit of work."""
    if delivery_id is not None or order_id is None:
        delivery = _get(session, delivery_id or 0, lock=True)
        _check_version(delivery, version)
        return delivery
    if id_problems(order_id, label=""):
        raise NotFound(_("The order no longer exists."))
    order = session.scalars(
        select(Order).where(Order.id == order_id).with_for_update()).one_or_none()
    if order is None:
        raise NotFound(_("The order no longer exists."))
    if _delivery_of_order(session, order_id) is not None:
        raise ConflictError(_("This delivery was opened and saved on another computer "
                              "meanwhile: close it and open it again."))
    delivery = draft_from_order(session, order, arrived_at=clock.now())
    audit.record(session, action="create", entity="delivery", entity_id=delivery.id,
                 order_id=order_id)
    return delivery


def start_from_order(db: Database, *, order_id: int) -> int:
    """Open the delivery of an expected order: an existing one, or a new draft prefilled
    with the ordered quantities (all delivered and accepted until the clerk says otherwise).
    A new draft is refused when the order's month is closed.
    """
    if id_problems(order_id, label=""):
        raise NotFound(_("The order no longer exists."))
    with db.unit_of_work(Role.STOREROOM) as session:
        existing = _delivery_of_order(session, order_id)
        if existing is not None:
            return existing
        order = session.get(Order, order_id)
        if order is None:
            raise NotFound(_("The order no longer exists."))
        delivery = draft_from_order(session, order, arrived_at=clock.now())
        audit.record(session, action="create", entity="delivery", entity_id=delivery.id,
                     order_id=order_id)
        return delivery.id


def draft_from_order(session: Session, order: Order, *, arrived_at: dt.datetime) -> Delivery:
    """Session-level: a draft delivery prefilled from ``order`` (used by the demo as well)."""
    delivery = _prefilled(session, order, arrived_at=arrived_at)
    session.add(delivery)
    session.flush()
    return delivery


def _prefilled(session: Session, order: Order, *, arrived_at: dt.datetime) -> Delivery:
    """Session-level: a new draft delivery prefilled from ``order``, not yet in the session."""
    if order.status == OrderStatus.CANCELLED:
        raise DomainError(_("This order was cancelled."))
    periods.ensure_open(session, order.order_date)
    prices = prices_on(
        session, hotel_id=order.hotel_id, product_ids=[x.product_id for x in order.lines],
        day=order.order_date,
    )
    delivery = Delivery(
        hotel_id=order.hotel_id, supplier_id=order.supplier_id, order_id=order.id,
        delivery_date=order.order_date, arrived_at=arrived_at,
        created_by=audit.current_user(session),
    )
    for n, line in enumerate(order.lines, start=1):
        price = prices.get(line.product_id, 0)
        delivery.lines.append(DeliveryLine(
            line_no=n, product_id=line.product_id, ordered_qty=line.quantity,
            delivered_qty=line.quantity, accepted_qty=line.quantity, rejected_qty=ZERO,
            unit_price=price, amount=line_amount(line.quantity, price),
        ))
    return delivery


def _ensure_parties(session: Session, *, hotel_id: int, supplier_id: int) -> None:
    """Session-level: the hotel and the supplier of a new document exist (a clear sentence
    instead of the database refusing an unknown key)."""
    if session.get(Hotel, hotel_id) is None:
        raise NotFound(_("The hotel no longer exists."))
    if session.get(Supplier, supplier_id) is None:
        raise NotFound(_("The supplier no longer exists."))


def new_delivery(db: Database, *, hotel_id: int, supplier_id: int, day: dt.date) -> int:
    """A draft for goods that came without an order (refused in a closed month)."""
    problems: dict[str, list[str]] = {}
    for key, found in (("hotel_id", id_problems(hotel_id, label=_("The hotel"))),
                       ("supplier_id", id_problems(supplier_id, label=_("The supplier"))),
                       ("day", date_problems(day, label=_("The delivery date")))):
        if found:
            problems[key] = found
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.STOREROOM) as session:
        _ensure_parties(session, hotel_id=hotel_id, supplier_id=supplier_id)
        periods.ensure_open(session, day)
        delivery = Delivery(
            hotel_id=hotel_id, supplier_id=supplier_id, delivery_date=day,
            arrived_at=clock.now(), created_by=audit.current_user(session),
        )
        session.add(delivery)
        session.flush()
        audit.record(session, action="create", entity="delivery", entity_id=delivery.id,
                     hotel_id=hotel_id, supplier_id=supplier_id, day=day)
        return delivery.id


def _check_version(delivery: Delivery, version: int | None) -> None:
    if version is not None and delivery.version != version:
        raise ConflictError(
            _("This delivery was changed on another computer meanwhile. Close it and open it "
              "again to see the latest version.")
        )


def _write_lines(session: Session, delivery: Delivery, data: DeliveryInput) -> None:
    # a draft moved from one month to another changes both: both must be open
    periods.ensure_open(session, delivery.delivery_date)
    if data.delivery_date != delivery.delivery_date:
        periods.ensure_open(session, data.delivery_date)
    delivery.delivery_date = data.delivery_date
    delivery.arrived_at = data.arrived_at
    delivery.driver_name = data.driver_name.strip()
    delivery.vehicle_plate = data.vehicle_plate.strip().upper()
    delivery.received_by = data.received_by.strip()
    delivery.notes = data.notes.strip()
    prices = prices_on(
        session, hotel_id=delivery.hotel_id,
        product_ids=[x.product_id for x in data.lines], day=data.delivery_date,
    )
    old = list(delivery.lines)
    for line in old:
        delivery.lines.remove(line)
    session.flush()
    for n, x in enumerate(data.lines, start=1):
        price = prices.get(x.product_id, 0)
        delivery.lines.append(DeliveryLine(
            line_no=n, product_id=x.product_id, ordered_qty=x.ordered,
            delivered_qty=x.delivered, accepted_qty=x.accepted, rejected_qty=x.rejected,
            rejection_reason=x.rejection_reason if x.rejected > 0 else None,
            rejection_note=x.rejection_note.strip() if x.rejected > 0 else "",
            lot_code=x.lot_code.strip(), expiry_date=x.expiry_date,
            unit_price=price, amount=line_amount(x.accepted, price),
        ))


def _validated(session: Session, delivery: Delivery, data: DeliveryInput, *,
               for_posting: bool) -> None:
    """All checks of ``data`` before anything is written: a product id that is not in the
    database is named; the quantity limit is the organisation's."""
    if not isinstance(data, DeliveryInput):
        raise ValidationError({"": [_("The delivery's data are missing.")]})
    lines = data.lines if isinstance(data.lines, list) else []
    ids = {x.product_id for x in lines if not id_problems(x.product_id, label="")}
    infos = _product_infos(session, ids)
    for n, line in enumerate(lines, start=1):
        if line.product_id in ids and line.product_id not in infos:
            raise NotFound(_("The product of line {n} no longer exists.").format(n=n))
    problems = validate_delivery(data, infos, supplier_id=delivery.supplier_id,
                                 for_posting=for_posting,
                                 max_quantity=settings.cached(session).max_line_quantity)
    if problems:
        raise ValidationError(problems)


def save_draft(
    db: Database, *, delivery_id: int | None, data: DeliveryInput, version: int | None = None,
    order_id: int | None = None,
) -> DeliveryView:
    """Keep a half-typed delivery; nothing moves in stock. Without ``delivery_id``, the
    draft of ``order_id`` is created with what was typed (see ``preview_from_order``)."""
    with db.unit_of_work(Role.STOREROOM) as session:
        delivery = _draft_to_write(session, delivery_id=delivery_id, order_id=order_id,
                                   version=version)
        delivery_id = delivery.id
        if delivery.status != DeliveryStatus.DRAFT:
            raise DomainError(_("Only a draft delivery can be changed."))
        _validated(session, delivery, data, for_posting=False)
        _write_lines(session, delivery, data)
        try:
            session.flush()
        except StaleDataError as exc:
            raise ConflictError(_("This delivery was changed on another computer meanwhile."))\
                from exc
        audit.record(session, action="update", entity="delivery", entity_id=delivery_id,
                     lines=len(data.lines))
        session.refresh(delivery)
        return _view(session, delivery)


def discard_draft(db: Database, *, delivery_id: int) -> None:
    """Throw a draft away (it has no number and moved no stock)."""
    with db.unit_of_work(Role.STOREROOM) as session:
        delivery = _get(session, delivery_id, lock=True)
        if delivery.status != DeliveryStatus.DRAFT:
            raise DomainError(_("Only a draft can be discarded; cancel a posted delivery."))
        periods.ensure_open(session, delivery.delivery_date)
        audit.record(session, action="discard", entity="delivery", entity_id=delivery_id,
                     supplier_id=delivery.supplier_id, hotel_id=delivery.hotel_id)
        session.delete(delivery)


# --- posting and cancelling -------------------------------------------------


def post_delivery(
    db: Database,
    *,
    delivery_id: int | None,
    data: DeliveryInput | None = None,
    version: int | None = None,
    order_id: int | None = None,
) -> PostResult:
    """Post a draft: take its number and move the accepted goods into the hotel's stock.

    With ``data`` the draft is saved first, in the same unit of work: either both
    happen or neither. Without ``delivery_id``, the draft of ``order_id`` is created
    in that unit of work too (see ``preview_from_order``).
    """
    with db.unit_of_work(Role.STOREROOM) as session:
        delivery = _draft_to_write(session, delivery_id=delivery_id, order_id=order_id,
                                   version=version)
        if delivery.status != DeliveryStatus.DRAFT:
            raise ConflictError(_("This delivery was already posted (number {number}).").format(
                number=delivery.number or "-"))
        if data is not None:
            _validated(session, delivery, data, for_posting=True)
            _write_lines(session, delivery, data)
            session.flush()
            session.refresh(delivery)
        try:
            return post(session, delivery)
        except StaleDataError as exc:
            raise ConflictError(_("This delivery was changed on another computer meanwhile."))\
                from exc


def save_lines(session: Session, delivery: Delivery, data: DeliveryInput) -> None:
    """Session-level: replace a draft's header and lines (prices taken at its date)."""
    _write_lines(session, delivery, data)
    session.flush()
    session.refresh(delivery)


def post(session: Session, delivery: Delivery) -> PostResult:
    """Session-level posting of a draft (validation, period, number, receipts, audit)."""
    if delivery.status != DeliveryStatus.DRAFT:
        raise ConflictError(_("This delivery was already posted (number {number}).").format(
            number=delivery.number or "-"))
    current = _input_of(delivery)
    _validated(session, delivery, current, for_posting=True)
    periods.ensure_open(session, delivery.delivery_date)

    org = settings.cached(session)
    delivery.number = numbering.take_number(
        session, series="SJ", year=delivery.delivery_date.year, fmt=org.number_format("SJ"),
    )
    receipts = 0
    for line in delivery.lines:
        if line.accepted_qty <= 0:
            continue  # rejected goods never enter stock
        stock.receive_into_new_lot(
            session, hotel_id=delivery.hotel_id, product_id=line.product_id,
            lot_code=line.lot_code, expiry_date=line.expiry_date, day=delivery.delivery_date,
            quantity=line.accepted_qty, unit_cost=line.unit_price, delivery_id=delivery.id,
            delivery_line_id=line.id,
        )
        receipts += 1
    user = audit.current_user(session)
    delivery.status = DeliveryStatus.POSTED
    delivery.posted_at = clock.now()
    delivery.posted_by = user
    _set_order_status(session, delivery, OrderStatus.OPEN, OrderStatus.DELIVERED)
    session.flush()
    total = sum(line.amount for line in delivery.lines)
    audit.record(session, action="post", entity="delivery", entity_id=delivery.id,
                 number=delivery.number, receipts=receipts, total=total)
    return PostResult(delivery.id, delivery.number, receipts, total)


def _set_order_status(session: Session, delivery: Delivery, old: OrderStatus,
                      new: OrderStatus) -> None:
    """Follow the delivery on its order, unless the order is dated in a closed month (a
    draft moved into the next month): that month stays as it was closed."""
    order = delivery.order
    if order is not None and order.status == old and not periods.is_closed(
            session, order.order_date):
        order.status = new


def cancel_delivery(
    db: Database, *, delivery_id: int, reason: str, confirm_negative: bool = False
) -> None:
    """Cancel a posted delivery that is not invoiced: its receipts are reversed on its date.

    Refused when the delivery's month is closed (SPEC rule 7): the month is kept
    as it was closed, and a correction goes into the open month (a return to the
    supplier that mentions the delivery note). Raises ``stock.NegativeStockError``
    if goods were already used and the user has not confirmed that stock may go
    below zero.
    """
    found = text_problems(reason, label=_("The reason"), max_length=NOTES_MAX_LENGTH,
                          multiline=True)
    if found:
        raise ValidationError({"reason": found})
    if not reason.strip():
        raise ValidationError({"reason": [_("Give the reason for the cancellation.")]})
    with db.unit_of_work(Role.STOREROOM) as session:
        delivery = _get(session, delivery_id, lock=True)
        if delivery.status == DeliveryStatus.INVOICED:
            raise DomainError(
                _("This delivery is already invoiced; correct it with a credit note."))
        if delivery.status == DeliveryStatus.CANCELLED:
            raise DomainError(_("This delivery is already cancelled."))
        if delivery.status != DeliveryStatus.POSTED:
            raise DomainError(_("Only a posted delivery can be cancelled; discard a draft."))
        cancel(session, delivery, reason=reason, confirm_negative=confirm_negative)


def cancel(session: Session, delivery: Delivery, *, reason: str,
           confirm_negative: bool) -> None:
    """Session-level cancelling of a posted delivery (period, counter-movements, audit)."""
    day = delivery.delivery_date
    periods.ensure_open(session, day)
    receipts = list(session.scalars(
        select(StockMovement).where(
            StockMovement.delivery_id == delivery.id,
            StockMovement.kind == MovementKind.RECEIPT,
        ).order_by(StockMovement.id)
    ))
    stock.reverse_movements(
        session, receipts, day=day, kind=MovementKind.RECEIPT_REVERSAL,
        confirm_negative=confirm_negative, reason=reason.strip()[:40],
    )
    delivery.status = DeliveryStatus.CANCELLED
    delivery.cancelled_at = clock.now()
    delivery.cancelled_by = audit.current_user(session)
    delivery.cancel_reason = reason.strip()
    _set_order_status(session, delivery, OrderStatus.DELIVERED, OrderStatus.OPEN)
    audit.record(session, action="cancel", entity="delivery", entity_id=delivery.id,
                 number=delivery.number, reason=reason.strip(), reversal_date=day,
                 negative_confirmed=confirm_negative)


def price_list(
    db: Database, *, hotel_id: int, product_ids: list[int], day: dt.date
) -> dict[int, int]:
    """Prices a delivery of ``day`` would take, for showing amounts while typing."""
    with db.reader() as session:
        return prices_on(session, hotel_id=hotel_id, product_ids=product_ids, day=day)


__all__ = [
    "COUNTABLE_UNITS",
    "DeliveryInput",
    "DeliveryView",
    "LineInput",
    "LineView",
    "PostResult",
    "ProductInfo",
    "cancel_delivery",
    "discard_draft",
    "get_delivery",
    "new_delivery",
    "post_delivery",
    "preview_from_order",
    "price_list",
    "product_info",
    "save_draft",
    "start_from_order",
    "validate_delivery",
]
