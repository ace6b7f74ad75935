"""Stock counts (Stok Opname): snapshot, count, review the differences, post adjustments.

A count can be saved half-done and continued. Posting writes one adjustment per
line whose counted quantity differs from the book quantity at the count date,
so that afterwards the book shows exactly what was counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.formatting import format_date, round_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import (
    Hotel,
    ParLevel,
    Period,
    Product,
    StandingOrder,
    StockCount,
    StockCountLine,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.enums import CountStatus, MovementKind, PeriodStatus, Role, Unit
from hotel_supply.services import audit, numbering, periods, settings
from hotel_supply.services.errors import DomainError, NotFound, ValidationError
from hotel_supply.services.stock import add_movement
from hotel_supply.services.stock_levels import lot_rows_for_hotel
from hotel_supply.services.validation import (
    NOTES_MAX_LENGTH,
    add,
    date_problems,
    id_problems,
    quantity_problems,
    text_problems,
)

REASON_MAX_LENGTH = 80  # the reason column of a count line

ZERO = Decimal(0)


@dataclass(frozen=True)
class CountLineView:
    id: int
    product_id: int
    product_code: str
    product_name: str
    supplier_name: str
    unit: Unit
    lot_id: int | None
    lot_code: str
    expiry_date: dt.date | None
    book: Decimal
    counted: Decimal | None
    reason: str
    unit_cost: int

    @property
    def difference(self) -> Decimal | None:
        return None if self.counted is None else self.counted - self.book

    @property
    def difference_value(self) -> int:
        diff = self.difference
        return 0 if diff is None else round_rupiah(diff * self.unit_cost)


@dataclass(frozen=True)
class CountView:
    id: int
    number: str
    hotel_id: int
    hotel_name: str
    count_date: dt.date
    status: CountStatus
    show_book_quantities: bool
    notes: str
    lines: tuple[CountLineView, ...]
    posted_at: dt.datetime | None
    posted_by: str
    month_closed: bool = False  # dated in a closed month: it can only be looked at

    @property
    def editable(self) -> bool:
        return self.status == CountStatus.OPEN and not self.month_closed

    @property
    def counted_lines(self) -> int:
        return sum(1 for line in self.lines if line.counted is not None)

    @property
    def difference_value(self) -> int:
        return sum(line.difference_value for line in self.lines)


@dataclass(frozen=True)
class CountRow:
    id: int
    number: str
    hotel_name: str
    count_date: dt.date
    status: CountStatus
    lines: int
    counted: int
    created_by: str
    month_closed: bool = False  # dated in a closed month: it can only be looked at

    @property
    def continuable(self) -> bool:
        return self.status == CountStatus.OPEN and not self.month_closed


def stocked_product_ids(session: Session, *, hotel_id: int) -> set[int]:
    """Products a hotel keeps: any movement there, a par level, or a standing order."""
    moved = select(StockMovement.product_id).where(StockMovement.hotel_id == hotel_id).distinct()
    par = select(ParLevel.product_id).where(ParLevel.hotel_id == hotel_id)
    standing = select(StandingOrder.product_id).where(StandingOrder.hotel_id == hotel_id)
    return set(session.scalars(moved)) | set(session.scalars(par)) | set(
        session.scalars(standing))


def start_count(db: Database, *, hotel_id: int, day: dt.date, show_book: bool = False,
                notes: str = "") -> int:
    """Snapshot the book: one line per lot on hand, one per stocked product with none.

    Refused in a closed month. A count left open in a month that was closed since
    can never be continued, so it does not stand in the way of a new one.
    """
    problems: dict[str, list[str]] = {}
    add(problems, "day", date_problems(day, label=_("The count date")))
    add(problems, "notes", text_problems(notes, label=_("The notes"),
                                         max_length=NOTES_MAX_LENGTH, multiline=True))
    if problems:
        raise ValidationError(problems)
    if id_problems(hotel_id, label=""):
        raise NotFound(_("The hotel no longer exists."))
    with db.unit_of_work(Role.STOREROOM) as session:
        if session.get(Hotel, hotel_id) is None:
            raise NotFound(_("The hotel no longer exists."))
        periods.ensure_open(session, day)
        open_days = session.scalars(select(StockCount.count_date).where(
            StockCount.hotel_id == hotel_id, StockCount.status == CountStatus.OPEN))
        if any(not periods.is_closed(session, d) for d in open_days):
            raise DomainError(_("A count of this hotel is still open: continue it, or cancel "
                                "it first."))
        count = StockCount(hotel_id=hotel_id, count_date=day, show_book_quantities=show_book,
                           notes=notes.strip(), created_by=audit.current_user(session))
        lots = lot_rows_for_hotel(session, hotel_id=hotel_id, day=day)
        for product_id in sorted(stocked_product_ids(session, hotel_id=hotel_id) | set(lots)):
            product_lots = [lot for lot in lots.get(product_id, []) if lot.quantity != 0]
            if not product_lots:
                count.lines.append(StockCountLine(product_id=product_id, lot_id=None,
                                                  book_qty=ZERO))
            for lot in product_lots:
                count.lines.append(StockCountLine(product_id=product_id, lot_id=lot.lot_id,
                                                  book_qty=lot.quantity))
        session.add(count)
        session.flush()
        audit.record(session, action="create", entity="stock_count", entity_id=count.id,
                     hotel_id=hotel_id, day=day, lines=len(count.lines))
        return count.id


def _get(session: Session, count_id: int) -> StockCount:
    count = None if id_problems(count_id, label="") else session.get(StockCount, count_id)
    if count is None:
        raise NotFound(_("The count no longer exists."))
    return count


def _open(session: Session, count_id: int) -> StockCount:
    """An open count that may still change: not posted, not cancelled, not in a closed month."""
    count = _get(session, count_id)
    if count.status == CountStatus.POSTED:
        raise DomainError(_("This count was already posted ({number}).").format(
            number=count.number))
    if count.status != CountStatus.OPEN:
        raise DomainError(_("This count was cancelled."))
    periods.ensure_open(session, count.count_date)
    return count


def get_count(db: Database, count_id: int) -> CountView:
    with db.reader() as session:
        count = _get(session, count_id)
        rows = session.execute(
            select(StockCountLine.id, Product.id, Product.code, Product.name, Supplier.name,
                   Product.unit, StockCountLine.lot_id, StockLot.lot_code, StockLot.expiry_date,
                   StockCountLine.book_qty, StockCountLine.counted_qty, StockCountLine.reason,
                   StockLot.unit_cost, Product.standard_price)
            .join(Product, Product.id == StockCountLine.product_id)
            .join(Supplier, Supplier.id == Product.supplier_id)
            .join(StockLot, StockLot.id == StockCountLine.lot_id, isouter=True)
            .where(StockCountLine.count_id == count_id)
        ).all()
        lines = tuple(sorted(
            (CountLineView(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7] or "", r[8], r[9],
                           r[10], r[11], r[12] if r[12] is not None else r[13])
             for r in rows),
            key=lambda v: (v.supplier_name.lower(), v.product_name.lower(),
                           v.expiry_date or dt.date.max, v.id)))
        return CountView(count.id, count.number or "", count.hotel_id,
                         session.get(Hotel, count.hotel_id).name,  # type: ignore[union-attr]
                         count.count_date, count.status, count.show_book_quantities,
                         count.notes, lines, count.posted_at, count.posted_by,
                         periods.is_closed(session, count.count_date))


def save_counted(db: Database, *, count_id: int, counted: dict[int, Decimal | None],
                 reasons: dict[int, str] | None = None) -> None:
    """Store typed quantities (None clears one); the count stays open to be continued."""
    problems = _reason_problems(reasons)
    if not isinstance(counted, dict):
        raise ValidationError({"lines": [_("The counted quantities are missing.")]})
    for line_id, qty in counted.items():
        if qty is not None and _is_negative(qty):
            problems.setdefault(f"line:{line_id}:counted", []).append(
                _("A counted quantity cannot be negative."))
    if problems:
        raise ValidationError(problems)
    with db.unit_of_work(Role.STOREROOM) as session:
        count = _open(session, count_id)
        limit = settings.cached(session).max_line_quantity
        for line_id, qty in counted.items():
            if qty is not None:
                add(problems, f"line:{line_id}:counted", quantity_problems(
                    qty, label=_("The counted quantity"), max_units=limit))
        if problems:
            raise ValidationError(problems)
        by_id = {line.id: line for line in count.lines}
        for line_id in [*counted, *(reasons or {})]:
            if line_id not in by_id:
                raise NotFound(_("A line of this count no longer exists."))
        for line_id, qty in counted.items():
            by_id[line_id].counted_qty = qty
        for line_id, reason in (reasons or {}).items():
            by_id[line_id].reason = reason.strip()
        audit.record(session, action="update", entity="stock_count", entity_id=count_id,
                     lines=len(counted))


def _is_negative(value: object) -> bool:
    """A number below zero (said in the count's own words; other faults come later)."""
    return (isinstance(value, int | Decimal) and not isinstance(value, bool)
            and Decimal(value).is_finite() and value < 0)


def _reason_problems(reasons: object) -> dict[str, list[str]]:
    """The reasons typed for count differences: texts that fit their column."""
    problems: dict[str, list[str]] = {}
    if reasons is None:
        return problems
    if not isinstance(reasons, dict):
        return {"reasons": [_("The reasons of the count are not valid.")]}
    for line_id, reason in reasons.items():
        add(problems, f"line:{line_id}:reason", text_problems(
            reason, label=_("The reason"), max_length=REASON_MAX_LENGTH))
    return problems


def add_count_line(db: Database, *, count_id: int, product_id: int) -> int:
    """Count a product that was not on the sheet; it must be one the hotel stocks."""
    with db.unit_of_work(Role.STOREROOM) as session:
        count = _open(session, count_id)
        product = None if id_problems(product_id, label="") else session.get(Product, product_id)
        if product is None:
            raise NotFound(_("The product no longer exists."))
        if product_id not in stocked_product_ids(session, hotel_id=count.hotel_id):
            raise ValidationError({"product": [
                _("{product} is not stocked at this hotel: it has never been received there "
                  "and has no par level or standing order.").format(
                    product=product.name if product else "?")]})
        line = StockCountLine(product_id=product_id, lot_id=None, book_qty=ZERO)
        count.lines.append(line)
        session.flush()
        audit.record(session, action="update", entity="stock_count", entity_id=count_id,
                     added_product=product_id)
        return line.id


def cancel_count(db: Database, *, count_id: int) -> None:
    with db.unit_of_work(Role.STOREROOM) as session:
        count = _open(session, count_id)
        count.status = CountStatus.CANCELLED
        audit.record(session, action="cancel", entity="stock_count", entity_id=count_id)


def post_count(db: Database, *, count_id: int, default_reason: str = "") -> str:
    """Post the differences as count adjustments; afterwards the book equals the count."""
    found = text_problems(default_reason, label=_("The reason"), max_length=REASON_MAX_LENGTH)
    if found:
        raise ValidationError({"reason": found})
    with db.unit_of_work(Role.STOREROOM) as session:
        count = _open(session, count_id)
        missing = [line for line in count.lines if line.counted_qty is None]
        if missing:
            raise ValidationError({"lines": [
                _("{n} lines are not counted yet: type their quantity (0 when none was "
                  "found), or remove them from the count.").format(n=len(missing))]})
        day = count.count_date
        lots = lot_rows_for_hotel(session, hotel_id=count.hotel_id, day=day)
        org = settings.load(session)
        count.number = numbering.take_number(session, series="SO", year=day.year,
                                             fmt=org.number_format("SO"))
        adjustments = 0
        for line in count.lines:
            book = next((lot.quantity for lot in lots.get(line.product_id, [])
                         if lot.lot_id == line.lot_id), ZERO)
            assert line.counted_qty is not None
            diff = line.counted_qty - book
            if diff == 0:
                continue
            cost = 0
            if line.lot_id is not None:
                lot_row = session.get(StockLot, line.lot_id)
                cost = lot_row.unit_cost if lot_row else 0
            add_movement(session, hotel_id=count.hotel_id, product_id=line.product_id,
                         lot_id=line.lot_id, day=day, kind=MovementKind.ADJUSTMENT,
                         quantity=diff, unit_cost=cost, stock_count_id=count.id,
                         reason=(line.reason or default_reason)[:40])
            adjustments += 1
        count.status = CountStatus.POSTED
        count.posted_at = clock.now()
        count.posted_by = audit.current_user(session)
        audit.record(session, action="post", entity="stock_count", entity_id=count.id,
                     number=count.number, adjustments=adjustments)
        return count.number


def count_rows(db: Database, *, hotel_id: int | None = None) -> list[CountRow]:
    """Counts, newest first, with how many lines are counted so far."""
    with db.reader() as session:
        stmt = (
            select(StockCount.id, StockCount.number, Hotel.name, StockCount.count_date,
                   StockCount.status, func.count(StockCountLine.id),
                   func.count(StockCountLine.counted_qty), StockCount.created_by)
            .join(Hotel, Hotel.id == StockCount.hotel_id)
            .join(StockCountLine, StockCountLine.count_id == StockCount.id, isouter=True)
            .group_by(StockCount.id, StockCount.number, Hotel.name, StockCount.count_date,
                      StockCount.status, StockCount.created_by)
            .order_by(StockCount.count_date.desc(), StockCount.id.desc())
        )
        if hotel_id is not None:
            stmt = stmt.where(StockCount.hotel_id == hotel_id)
        rows = session.execute(stmt).all()
        closed = {(y, m) for y, m in session.execute(
            select(Period.year, Period.month).where(Period.status == PeriodStatus.CLOSED))}
        return [CountRow(r[0], r[1] or "", r[2], r[3], r[4], int(r[5]), int(r[6]), r[7],
                         month_closed=(r[3].year, r[3].month) in closed)
                for r in rows]


def describe_count(view: CountView) -> str:
    return _("Count of {hotel} on {date}").format(hotel=view.hotel_name,
                                                  date=format_date(view.count_date))


