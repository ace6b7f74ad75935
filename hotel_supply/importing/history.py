"""Bringing past deliveries in: each row a line, grouped into one delivery per date, hotel
and supplier, posted on its own date in date order (so the numbers follow the dates).

Line amounts are accepted quantity × unit price, half-up to the rupiah; an
amount column that says otherwise is reported and not trusted. A row marked
"Batal" is posted and then cancelled, so the note keeps its number and shows
as cancelled. A month already closed takes nothing. A delivery already in the
database with the same lines is unchanged; one that differs is refused rather
than recorded twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.formatting import format_date, format_rupiah, line_amount
from hotel_supply.i18n import _
from hotel_supply.importing.columns import FIELDS, Kind
from hotel_supply.importing.context import Context, unit_named
from hotel_supply.importing.matching import Known
from hotel_supply.importing.plan import PlannedRow, RowReader, RowStatus
from hotel_supply.models import Delivery, DeliveryLine, StockMovement
from hotel_supply.models.enums import DeliveryStatus, MovementKind, RejectionReason, Unit, label
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import audit, deliveries, periods, settings, stock
from hotel_supply.services.delivery_input import COUNTABLE_UNITS
from hotel_supply.services.errors import ClosedPeriodError
from hotel_supply.services.prices import prices_on
from hotel_supply.services.validation import money_problems, quantity_problems

ZERO = Decimal(0)
_CANCELLED_WORDS = ("batal", "cancel", "dibatalkan", "void")
_REASON_WORDS = (
    (RejectionReason.DAMAGED, ("rusak", "pecah", "penyok", "bocor", "damaged", "broken")),
    (RejectionReason.EXPIRED, ("kedaluwarsa", "kadaluarsa", "kadaluwarsa", "expired", "exp",
                               "hampir", "basi")),
    (RejectionReason.WRONG_PRODUCT, ("salah", "wrong", "tidak sesuai pesanan")),
    (RejectionReason.EXCESS, ("lebih", "kelebihan", "excess", "over")),
    (RejectionReason.QUALITY, ("kualitas", "mutu", "quality", "jelek", "tidak layak")),
)


@dataclass
class _Line:
    product: Known
    ordered: Decimal
    delivered: Decimal
    accepted: Decimal
    rejected: Decimal
    reason: RejectionReason | None
    note: str
    price: int
    lot: str
    expiry: dt.date | None

    def key(self) -> tuple[int, Decimal, Decimal, Decimal, int]:
        return (self.product.id, self.delivered, self.accepted, self.rejected, self.price)


@dataclass
class _Group:
    day: dt.date
    hotel: Known
    supplier: Known
    cancelled: bool
    rows: list[PlannedRow] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)
    numbers: list[str] = field(default_factory=list)  # the file's own note numbers
    file_name: str = ""


def reason_of_text(text: str) -> RejectionReason | None:
    lowered = text.lower()
    for reason, words in _REASON_WORDS:
        if any(word in lowered for word in words):
            return reason
    for member in RejectionReason:
        if lowered == label(member).lower():
            return member
    return None


def plan_deliveries(ctx: Context, rows: list[PlannedRow]) -> None:
    groups: dict[tuple[dt.date, int, int, bool], _Group] = {}
    limit = settings.cached(ctx.session).max_line_quantity
    price_limit = settings.cached(ctx.session).max_unit_price
    closed: dict[tuple[int, int], str | None] = {}
    for row in rows:
        read = RowReader(row, FIELDS[Kind.DELIVERIES])
        day = read.require("date")
        hotel_text = read.require("hotel") or ""
        supplier_text = read.require("supplier") or ""
        product_text = read.require("product") or ""
        unit = unit_named(row, read.get("unit") or "")
        price = read.get("price")
        if day is not None:
            month = (day.year, day.month)
            if month not in closed:
                closed[month] = _closed_message(ctx, day)
            if closed[month]:
                row.fail(closed[month] or "")
        hotel = ctx.hotel(row, hotel_text) if hotel_text else None
        supplier = ctx.supplier(row, supplier_text, hint=product_text) if supplier_text else None
        product = None
        if supplier is not None and product_text:
            product = ctx.product(row, product_text, supplier=supplier, unit=unit, price=price)
        line = _line(ctx, row, read, product, unit, day, hotel, limit, price_limit)
        if day is not None and hotel is not None and supplier is not None:
            row.target = f"{format_date(day)} · {hotel.code} · {supplier.code}"
        if row.status == RowStatus.ERROR or line is None:
            row.status = RowStatus.ERROR
            continue
        assert day is not None and hotel is not None and supplier is not None
        status_text = (read.get("status") or "").lower()
        cancelled = any(word in status_text for word in _CANCELLED_WORDS)
        key = (day, hotel.id, supplier.id, cancelled)
        group = groups.setdefault(key, _Group(day, hotel, supplier, cancelled))
        group.rows.append(row)
        group.lines.append(line)
        number = read.get("number") or ""
        if number and number not in group.numbers:
            group.numbers.append(number)
        row.status = RowStatus.NEW
    # a delivery is all or nothing: one wrong line holds back the other lines of its note
    wrong = {row.target: row.row_no for row in reversed(rows)
             if row.status == RowStatus.ERROR and row.target}
    for group in groups.values():
        first = wrong.get(group.rows[0].target)
        if first is None:
            _compare_with_database(ctx, group)
            continue
        for row in group.rows:
            row.fail(_("Row {row}, a line of the same delivery, has an error: the delivery is "
                       "imported whole or not at all.").format(row=first))


def _closed_message(ctx: Context, day: dt.date) -> str | None:
    try:
        periods.ensure_open(ctx.session, day)
    except ClosedPeriodError as exc:
        return exc.message
    return None


def _line(ctx: Context, row: PlannedRow, read: RowReader, product: Known | None,
          unit: Unit | None, day: dt.date | None, hotel: Known | None, limit: int,
          price_limit: int) -> _Line | None:
    quantities = {key: read.get(key) for key in ("ordered", "delivered", "accepted", "rejected")}
    delivered, accepted, rejected = (quantities["delivered"], quantities["accepted"],
                                     quantities["rejected"])
    if delivered is None and accepted is None:
        if not row.errors_about(_("Delivered")):
            row.fail(_("Give the delivered or the accepted quantity."))
        return None
    if rejected is None:
        rejected = (delivered - accepted) if delivered is not None and accepted is not None \
            else ZERO
    if delivered is None:
        delivered = (accepted or ZERO) + rejected
    if accepted is None:
        accepted = delivered - rejected
    ordered = quantities["ordered"] if quantities["ordered"] is not None else delivered
    for name, value in (("ordered", ordered), ("delivered", delivered), ("accepted", accepted),
                        ("rejected", rejected)):
        field_label = _(next(f.label for f in FIELDS[Kind.DELIVERIES] if f.key == name))
        for problem in quantity_problems(value, label=field_label, max_units=limit):
            row.fail(problem)
    if row.status == RowStatus.ERROR or product is None:
        return None
    if accepted + rejected != delivered:
        row.fail(_("Accepted plus rejected must equal delivered."))
    product_unit = product.extra.get("unit")
    if unit is not None and product_unit is not None and unit != product_unit:
        row.fail(_("The file counts {product} in {unit}, but the product is counted in "
                   "{product_unit}.").format(product=product.label, unit=label(unit),
                                             product_unit=label(product_unit)))  # type: ignore[arg-type]
    if product_unit in COUNTABLE_UNITS and any(q != int(q) for q in (delivered, accepted)):
        row.fail(_("{unit} are counted in whole numbers.").format(
            unit=label(product_unit)))  # type: ignore[arg-type]
    reason_text = read.get("reason") or ""
    reason = reason_of_text(reason_text) if reason_text else None
    if rejected > 0 and reason is None:
        reason = RejectionReason.QUALITY
        if reason_text:
            row.notes.append(_("The reason “{text}” is recorded as {reason}, with the text as a "
                               "note.").format(text=reason_text, reason=label(reason)))
        else:
            row.notes.append(_("No reason for the rejected quantity: recorded as {reason}.")
                             .format(reason=label(reason)))
    price = read.get("price")
    if price is None and not row.errors_about(_("Unit price")):
        if product.id > 0 and hotel is not None and hotel.id > 0 and day is not None:
            price = prices_on(ctx.session, hotel_id=hotel.id, product_ids=[product.id],
                              day=day).get(product.id, 0)
            row.notes.append(_("No price in the file: the agreed price {price} is used.").format(
                price=format_rupiah(price)))
        else:
            row.fail(_("Unit price is empty."))
    if price is not None:
        for problem in money_problems(price, label=_("The price"), max=price_limit):
            row.fail(problem)
    amount = read.get("amount")
    if price is not None and amount is not None:
        computed = line_amount(accepted, price)
        if amount != computed:
            row.notes.append(_("The file's amount {file} is not accepted × price; {computed} is "
                               "recorded.").format(file=format_rupiah(amount),
                                                   computed=format_rupiah(computed)))
    expiry = read.get("expiry")
    shelf_life = product.extra.get("shelf_life_days")
    if (expiry is None and product.extra.get("perishable") and accepted > 0
            and day is not None and isinstance(shelf_life, int)):
        expiry = day + dt.timedelta(days=shelf_life)
    if row.status == RowStatus.ERROR or price is None:
        return None
    return _Line(product=product, ordered=ordered, delivered=delivered, accepted=accepted,
                 rejected=rejected, reason=reason if rejected > 0 else None,
                 note=reason_text if rejected > 0 and reason_text else "", price=price,
                 lot=read.get("lot") or "", expiry=expiry)


def _compare_with_database(ctx: Context, group: _Group) -> None:
    """Unchanged when the database already holds this delivery with these lines; refused
    when it holds a different one (it would be recorded twice)."""
    if group.hotel.id < 0 or group.supplier.id < 0:
        _mark_new(group)
        return
    status = DeliveryStatus.CANCELLED if group.cancelled else None
    stmt = select(Delivery).where(
        Delivery.delivery_date == group.day, Delivery.hotel_id == group.hotel.id,
        Delivery.supplier_id == group.supplier.id, Delivery.status != DeliveryStatus.DRAFT)
    found = [d for d in ctx.session.scalars(stmt)
             if (d.status == DeliveryStatus.CANCELLED) == (status is not None)]
    if not found:
        _mark_new(group)
        return
    wanted = sorted(line.key() for line in group.lines)
    for delivery in found:
        stored = sorted((x.product_id, x.delivered_qty, x.accepted_qty, x.rejected_qty,
                         x.unit_price) for x in delivery.lines)
        if stored == wanted:
            for row in group.rows:
                row.status = RowStatus.UNCHANGED
                row.notes.append(_("Already recorded as {number}.").format(
                    number=delivery.number))
            return
    for row in group.rows:
        row.fail(_("{number} already records a delivery of this supplier to this hotel on "
                   "{date}, with other lines: it is not recorded twice. Cancel it first if the "
                   "file is right.").format(number=found[0].number, date=format_date(group.day)))


def _mark_new(group: _Group) -> None:
    for row in group.rows:
        row.status = RowStatus.NEW
        row.action = group


def apply_deliveries(ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT, *,
                     file_name: str = "") -> None:
    groups: list[_Group] = []
    for row in rows:
        if isinstance(row.action, _Group) and row.action not in groups:
            groups.append(row.action)
    groups.sort(key=lambda g: (g.day, g.hotel.code, g.supplier.code, g.cancelled))
    user = audit.current_user(ctx.session)
    for n, group in enumerate(groups, start=1):
        progress.step(n, len(groups), f"{format_date(group.day)} {group.supplier.code}")
        lines = [(line, row) for line, row in zip(group.lines, group.rows, strict=True)
                 if row.action is group]
        if not lines:
            continue
        notes = _("Imported from {file}.").format(file=file_name)
        if group.numbers:
            notes += " " + _("Number in the file: {numbers}.").format(
                numbers=", ".join(group.numbers))
        delivery = Delivery(hotel_id=ctx.real_id(group.hotel.id),
                            supplier_id=ctx.real_id(group.supplier.id),
                            delivery_date=group.day, created_by=user, notes=notes)
        ctx.session.add(delivery)
        for n, (line, _row) in enumerate(lines, start=1):
            delivery.lines.append(DeliveryLine(
                line_no=n, product_id=ctx.real_id(line.product.id), ordered_qty=line.ordered,
                delivered_qty=line.delivered, accepted_qty=line.accepted,
                rejected_qty=line.rejected, rejection_reason=line.reason,
                rejection_note=line.note, lot_code=line.lot, expiry_date=line.expiry,
                unit_price=line.price, amount=line_amount(line.accepted, line.price)))
        ctx.session.flush()
        audit.record(ctx.session, action="create", entity="delivery", entity_id=delivery.id,
                     hotel_id=delivery.hotel_id, supplier_id=delivery.supplier_id,
                     day=group.day, imported_from=file_name)
        deliveries.post(ctx.session, delivery)
        if group.cancelled:
            _cancel(ctx, delivery, reason=_("Batal (in {file})").format(file=file_name))


def _cancel(ctx: Context, delivery: Delivery, *, reason: str) -> None:
    """Cancel a delivery just posted by the import, as ``cancel_delivery`` does."""
    session = ctx.session
    receipts = list(session.scalars(select(StockMovement).where(
        StockMovement.delivery_id == delivery.id, StockMovement.kind == MovementKind.RECEIPT,
    ).order_by(StockMovement.id)))
    stock.reverse_movements(session, receipts, day=delivery.delivery_date,
                            kind=MovementKind.RECEIPT_REVERSAL, confirm_negative=False,
                            reason=reason[:40])
    delivery.status = DeliveryStatus.CANCELLED
    delivery.cancelled_at = clock.now()
    delivery.cancelled_by = audit.current_user(session)
    delivery.cancel_reason = reason
    audit.record(session, action="cancel", entity="delivery", entity_id=delivery.id,
                 number=delivery.number, reason=reason, reversal_date=delivery.delivery_date,
                 negative_confirmed=False)


def group_count(rows: list[PlannedRow]) -> int:
    return len({id(r.action) for r in rows if isinstance(r.action, _Group)})


__all__ = ["apply_deliveries", "group_count", "plan_deliveries", "reason_of_text"]
