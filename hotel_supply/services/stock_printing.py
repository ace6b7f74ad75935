"""Plain data for the stock documents: the slips, the stock report, the count sheet
and the waste report. Reads only; the renderers in ``documents/`` draw the result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.documents.data import Party
from hotel_supply.documents.stock_data import (
    CountSheetData,
    CountSheetLine,
    ExpiryLot,
    SignatureBox,
    StockReportData,
    StockReportGroup,
    StockReportLine,
    StockSlipData,
    StockSlipLine,
    WasteReportData,
    WasteReportLine,
    WasteSubtotal,
)
from hotel_supply.formatting import round_rupiah
from hotel_supply.i18n import _
from hotel_supply.models import (
    Hotel,
    Outlet,
    Product,
    StockCount,
    StockCountLine,
    StockDocument,
    StockLot,
    StockMovement,
    Supplier,
)
from hotel_supply.models.enums import (
    CountStatus,
    MovementKind,
    ReturnReason,
    StockDocumentKind,
    WasteReason,
    label,
)
from hotel_supply.services import settings
from hotel_supply.services.accounts import full_name, printed_by
from hotel_supply.services.errors import NotFound
from hotel_supply.services.printing import organisation, supplier_party
from hotel_supply.services.stock_counts import get_count
from hotel_supply.services.stock_levels import (
    StockFilter,
    StockQuery,
    StockRow,
    lot_rows_for_hotel,
    stock_rows,
)

ZERO = Decimal(0)
GROUP_BY = ("supplier", "category")


def hotel_party(hotel: Hotel) -> Party:
    """A hotel as the stock documents show it (the receiving contact as contact)."""
    return Party(
        code=hotel.code,
        name=hotel.name,
        address=hotel.address,
        city=hotel.city,
        phone=hotel.phone,
        contact=hotel.receiving_contact,
        npwp=hotel.npwp,
    )


def _hotel(session: Session, hotel_id: int) -> Hotel:
    hotel = session.get(Hotel, hotel_id)
    if hotel is None:
        raise NotFound(_("The hotel no longer exists."))
    return hotel


def _reason_label(kind: type[StrEnum], value: str) -> str:
    """The translated label of a stored reason; an unknown value prints as stored."""
    if not value:
        return ""
    try:
        return label(kind(value))
    except ValueError:
        return value


# --------------------------------------------------------------------------- lines


@dataclass(frozen=True)
class _Taken:
    """Outgoing movements of one document, product, lot, reason and cost, added up."""

    document_id: int
    day: dt.date
    product_code: str
    product_name: str
    unit: str
    supplier_name: str
    lot_code: str
    expiry_date: dt.date | None
    reason: str
    unit_cost: int
    quantity: Decimal  # positive: what left the store
    below_zero: bool


def _taken(session: Session, where: Iterable[ColumnElement[bool]]) -> list[_Taken]:
    """Outgoing movements matching ``where``, merged per document, product, lot, reason and
    cost, in the order they were written."""
    stmt = (
        select(
            StockMovement.stock_document_id,
            StockMovement.product_id,
            StockMovement.lot_id,
            StockMovement.reason,
            StockMovement.unit_cost,
            StockMovement.quantity,
            StockMovement.negative_confirmed,
            StockMovement.movement_date,
            Product.code,
            Product.name,
            Product.unit,
            Supplier.name,
            StockLot.lot_code,
            StockLot.expiry_date,
        )
        .join(Product, Product.id == StockMovement.product_id)
        .join(Supplier, Supplier.id == Product.supplier_id)
        .join(StockLot, StockLot.id == StockMovement.lot_id, isouter=True)
        .where(*where)
        .order_by(StockMovement.movement_date, StockMovement.stock_document_id, StockMovement.id)
    )
    merged: dict[tuple[object, ...], _Taken] = {}
    for (
        doc_id,
        product_id,
        lot_id,
        reason,
        cost,
        qty,
        negative,
        day,
        code,
        name,
        unit,
        supplier,
        lot_code,
        expiry,
    ) in session.execute(stmt):
        key = (doc_id, product_id, lot_id, reason, cost)
        before = merged.get(key)
        if before is not None:
            merged[key] = replace(
                before, quantity=before.quantity - qty, below_zero=before.below_zero or negative
            )
        else:
            merged[key] = _Taken(
                doc_id or 0,
                day,
                code,
                name,
                label(unit),
                supplier,
                lot_code or "",
                expiry,
                reason,
                cost,
                -qty,
                negative,
            )
    return list(merged.values())


# --------------------------------------------------------------------------- slips


def stock_slip_data(
    db: Database, *, document_id: int, printed_at: dt.datetime | None = None
) -> StockSlipData:
    """Everything the slip of an issue, a waste write-off or a return prints."""
    with db.reader() as session:
        return _stock_slip(session, document_id, printed_at or clock.now())


def _stock_slip(session: Session, document_id: int, printed_at: dt.datetime) -> StockSlipData:
    document = session.get(StockDocument, document_id)
    if document is None:
        raise NotFound(_("The stock document no longer exists."))
    org = settings.load(session)
    hotel = _hotel(session, document.hotel_id)
    outlet = session.get(Outlet, document.outlet_id) if document.outlet_id else None
    supplier = session.get(Supplier, document.supplier_id) if document.supplier_id else None
    reasons: type[StrEnum] | None = {
        StockDocumentKind.WASTE: WasteReason,
        StockDocumentKind.RETURN: ReturnReason,
    }.get(document.kind)
    lines = []
    taken_lines = _taken(session, [StockMovement.stock_document_id == document.id])
    for no, taken in enumerate(taken_lines, start=1):
        lines.append(
            StockSlipLine(
                line_no=no,
                product_code=taken.product_code,
                product_name=taken.product_name,
                unit=taken.unit,
                lot_code=taken.lot_code,
                expiry_date=taken.expiry_date,
                quantity=taken.quantity,
                reason=_reason_label(reasons, taken.reason) if reasons else "",
                unit_cost=taken.unit_cost,
                value=round_rupiah(taken.quantity * taken.unit_cost),
                below_zero=taken.below_zero,
            )
        )
    hotel_data = hotel_party(hotel)
    outlet_name = outlet.name if outlet is not None else ""
    supplier_data = supplier_party(supplier) if supplier is not None else None
    if document.kind == StockDocumentKind.ISSUE:
        signatures = (
            SignatureBox(_("Handed over"), _("Storeroom, {hotel}").format(hotel=hotel.name)),
            SignatureBox(_("Received"), outlet_name),
        )
    elif document.kind == StockDocumentKind.WASTE:
        signatures = (
            SignatureBox(_("Made by"), hotel.name, full_name(session, document.created_by)),
            SignatureBox(_("Acknowledged by"), org.name, org.known_by),
        )
    else:
        signatures = (
            SignatureBox(_("Handed over"), hotel.name, hotel.receiving_contact),
            SignatureBox(
                _("Received"),
                _("Driver, {supplier}").format(
                    supplier=supplier.name if supplier is not None else ""
                ),
            ),
        )
    return StockSlipData(
        kind=document.kind.value,
        number=document.number,
        doc_date=document.doc_date,
        organisation=organisation(session),
        hotel=hotel_data,
        lines=tuple(lines),
        signatures=signatures,
        outlet=outlet_name,
        supplier=supplier_data,
        notes=document.notes,
        created_by=full_name(session, document.created_by),
        made_by=full_name(session, document.created_by),
        created_at=document.created_at,
        printed_at=printed_at,
        total_quantity=sum((line.quantity for line in lines), ZERO),
        total_value=sum(line.value for line in lines),
    )


# --------------------------------------------------------------------------- stock report


def stock_report_data(
    db: Database,
    *,
    hotel_id: int,
    day: dt.date,
    expiring_within_days: int | None = None,
    printed_at: dt.datetime | None = None,
    group_by: str = "supplier",
) -> StockReportData:
    """A hotel's stock at the end of ``day``: per product (grouped by supplier or by
    category) the quantity on hand, par, value, nearest expiry and last count; then the
    lots expiring within ``expiring_within_days`` (default: the settings' warning) and the
    lots already expired.

    Products with nothing on hand are listed only when they have a par level (they are
    then short); everything else the hotel once stocked but has run out of is left off.
    """
    if group_by not in GROUP_BY:
        raise ValueError(f"group_by must be one of {GROUP_BY}, not {group_by!r}")
    with db.reader() as session:
        hotel = _hotel(session, hotel_id)
        window = expiring_within_days
        if window is None:
            window = settings.load(session).expiry_warning_days
        window = max(window, 0)
        rows = stock_rows(
            db,
            query=StockQuery(
                hotel_id=hotel_id, day=day, filter=StockFilter.ALL, expiring_within_days=window
            ),
        )
        kept = [r for r in rows if r.on_hand != 0 or r.par is not None]
        counted = _last_counted(session, hotel_id, day)
        groups = _report_groups(session, kept, group_by, counted)
        by_product = {r.product_id: r for r in rows}
        expiring, expired = _expiry_lots(session, hotel_id, day, window, by_product)
        return StockReportData(
            organisation=organisation(session),
            made_by=printed_by(session),
            hotel=hotel_party(hotel),
            day=day,
            group_by=group_by,
            groups=groups,
            expiring_within_days=window,
            expiring_lots=expiring,
            expired_lots=expired,
            printed_at=printed_at or clock.now(),
            total_value=sum(g.total_value for g in groups),
            expiring_value=sum(lot.value for lot in expiring),
            expired_value=sum(lot.value for lot in expired),
        )


def _last_counted(session: Session, hotel_id: int, day: dt.date) -> dict[int, dt.date]:
    """Per product, the date of the last posted count on or before ``day`` that listed it,
    whether or not the count found a difference."""
    rows = session.execute(
        select(StockCountLine.product_id, func.max(StockCount.count_date))
        .join(StockCount, StockCount.id == StockCountLine.count_id)
        .where(
            StockCount.hotel_id == hotel_id,
            StockCount.status == CountStatus.POSTED,
            StockCount.count_date <= day,
            StockCountLine.counted_qty.is_not(None),
        )
        .group_by(StockCountLine.product_id)
    ).all()
    return {product_id: counted for product_id, counted in rows}


def _report_groups(
    session: Session, rows: list[StockRow], group_by: str, counted: dict[int, dt.date]
) -> tuple[StockReportGroup, ...]:
    if group_by == "category":
        ids = [r.product_id for r in rows]
        categories = (
            dict(
                session.execute(
                    select(Product.id, Product.category).where(Product.id.in_(ids))
                ).all()
            )
            if ids
            else {}
        )
        names = {r.product_id: label(categories[r.product_id]) for r in rows}
    else:
        names = {r.product_id: r.supplier_name for r in rows}
    grouped: dict[str, list[StockRow]] = defaultdict(list)
    for row in rows:
        grouped[names[row.product_id]].append(row)
    groups = []
    for name in sorted(grouped, key=lambda n: (n.lower(), n)):
        members = sorted(grouped[name], key=lambda r: (r.product_name.lower(), r.product_code))
        lines = tuple(
            StockReportLine(
                product_code=r.product_code,
                product_name=r.product_name,
                unit=label(r.unit),
                on_hand=r.on_hand,
                par=r.par,
                value=r.value,
                nearest_expiry=r.nearest_expiry,
                last_count=_latest(r.last_count, counted.get(r.product_id)),
                expired_qty=r.expired_qty,
                expiring_qty=r.expiring_qty,
            )
            for r in members
        )
        groups.append(StockReportGroup(name, lines, sum(line.value for line in lines)))
    return tuple(groups)


def _latest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


def _expiry_lots(
    session: Session, hotel_id: int, day: dt.date, window: int, products: dict[int, StockRow]
) -> tuple[tuple[ExpiryLot, ...], tuple[ExpiryLot, ...]]:
    horizon = day + dt.timedelta(days=window)
    expiring: list[ExpiryLot] = []
    expired: list[ExpiryLot] = []
    for product_id, lots in lot_rows_for_hotel(session, hotel_id=hotel_id, day=day).items():
        product = products.get(product_id)
        for lot in lots:
            if lot.quantity <= 0 or lot.expiry_date is None or lot.expiry_date > horizon:
                continue
            item = ExpiryLot(
                product_code=product.product_code if product else "",
                product_name=product.product_name if product else "",
                unit=label(product.unit) if product else "",
                supplier_name=product.supplier_name if product else "",
                lot_code=lot.lot_code,
                expiry_date=lot.expiry_date,
                quantity=lot.quantity,
                unit_cost=lot.unit_cost,
                value=round_rupiah(lot.quantity * lot.unit_cost),
                days_left=(lot.expiry_date - day).days,
            )
            (expired if lot.expiry_date < day else expiring).append(item)

    def order(lot: ExpiryLot) -> tuple[dt.date, str, str]:
        return lot.expiry_date, lot.product_name.lower(), lot.lot_code

    return tuple(sorted(expiring, key=order)), tuple(sorted(expired, key=order))


# --------------------------------------------------------------------------- count sheet


def count_sheet_data(
    db: Database,
    *,
    count_id: int,
    show_book: bool | None = None,
    printed_at: dt.datetime | None = None,
) -> CountSheetData:
    """The sheet of a stock count: each product and lot to count, with the book quantity
    only when ``show_book`` (default: the count's own setting) — a blind sheet carries no
    book quantity at all — and the quantities counted so far."""
    view = get_count(db, count_id)
    show = view.show_book_quantities if show_book is None else show_book
    with db.reader() as session:
        hotel = _hotel(session, view.hotel_id)
        count = session.get(StockCount, count_id)
        if count is None:
            raise NotFound(_("The count no longer exists."))
        org = settings.load(session)
        received = _received_dates(session, [x.lot_id for x in view.lines if x.lot_id])
        lines = []
        for no, line in enumerate(view.lines, start=1):
            both = show and line.counted is not None
            lines.append(
                CountSheetLine(
                    line_no=no,
                    product_code=line.product_code,
                    product_name=line.product_name,
                    supplier_name=line.supplier_name,
                    unit=label(line.unit),
                    lot_code=line.lot_code,
                    expiry_date=line.expiry_date,
                    book=line.book if show else None,
                    counted=line.counted,
                    difference=line.difference if both else None,
                    difference_value=line.difference_value if both else None,
                    reason=line.reason,
                    received_on=received.get(line.lot_id) if line.lot_id else None,
                )
            )
        return CountSheetData(
            organisation=organisation(session),
            number=view.number,
            status=view.status.value,
            hotel=hotel_party(hotel),
            count_date=view.count_date,
            show_book=show,
            lines=tuple(lines),
            signatures=(
                SignatureBox(_("Counted by")),
                SignatureBox(_("Witness")),
                SignatureBox(_("Acknowledged by"), org.name, org.known_by),
            ),
            notes=view.notes,
            created_by=full_name(session, count.created_by),
            made_by=full_name(session, count.created_by),
            posted_at=view.posted_at,
            posted_by=full_name(session, view.posted_by) if view.posted_by else "",
            printed_at=printed_at or clock.now(),
            counted_lines=view.counted_lines,
            difference_value=view.difference_value if show else None,
        )


def _received_dates(session: Session, lot_ids: list[int]) -> dict[int, dt.date]:
    """The day each lot was received, by lot id (a few hundred ids per query)."""
    found: dict[int, dt.date] = {}
    for start in range(0, len(lot_ids), 500):
        chunk = lot_ids[start : start + 500]
        rows = session.execute(
            select(StockLot.id, StockLot.received_on).where(StockLot.id.in_(chunk))
        )
        found.update({lot_id: day for lot_id, day in rows})
    return found


# --------------------------------------------------------------------------- waste report


def waste_report_data(
    db: Database,
    *,
    hotel_id: int | None,
    date_from: dt.date,
    date_to: dt.date,
    printed_at: dt.datetime | None = None,
) -> WasteReportData:
    """Every waste write-off from ``date_from`` to ``date_to`` (inclusive), at one hotel or
    (``hotel_id`` None) at all of them, with subtotals per reason, supplier and hotel."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    with db.reader() as session:
        hotel = _hotel(session, hotel_id) if hotel_id is not None else None
        where: list[ColumnElement[bool]] = [
            StockMovement.kind == MovementKind.WASTE,
            StockMovement.stock_document_id.is_not(None),
            StockMovement.movement_date >= date_from,
            StockMovement.movement_date <= date_to,
        ]
        if hotel_id is not None:
            where.append(StockMovement.hotel_id == hotel_id)
        taken = _taken(session, where)
        doc_ids = {t.document_id for t in taken}
        documents = (
            {
                r[0]: (r[1], r[2])
                for r in session.execute(
                    select(StockDocument.id, StockDocument.number, Hotel.name)
                    .join(Hotel, Hotel.id == StockDocument.hotel_id)
                    .where(StockDocument.id.in_(doc_ids))
                )
            }
            if doc_ids
            else {}
        )
        lines = []
        for t in taken:
            number, hotel_name = documents[t.document_id]
            lines.append(
                WasteReportLine(
                    day=t.day,
                    number=number,
                    hotel_name=hotel_name,
                    product_code=t.product_code,
                    product_name=t.product_name,
                    supplier_name=t.supplier_name,
                    unit=t.unit,
                    lot_code=t.lot_code,
                    expiry_date=t.expiry_date,
                    quantity=t.quantity,
                    reason=_reason_label(WasteReason, t.reason) or _("No reason given"),
                    unit_cost=t.unit_cost,
                    value=round_rupiah(t.quantity * t.unit_cost),
                )
            )
        lines.sort(key=lambda x: (x.day, x.number))
        return WasteReportData(
            organisation=organisation(session),
            made_by=printed_by(session),
            hotel=hotel_party(hotel) if hotel is not None else None,
            date_from=date_from,
            date_to=date_to,
            lines=tuple(lines),
            by_reason=_subtotals(lines, lambda x: x.reason, by_value=True),
            by_supplier=_subtotals(lines, lambda x: x.supplier_name, by_value=True),
            by_hotel=_subtotals(lines, lambda x: x.hotel_name) if hotel is None else (),
            printed_at=printed_at or clock.now(),
            total_value=sum(x.value for x in lines),
        )


def _subtotals(
    lines: list[WasteReportLine],
    key: Callable[[WasteReportLine], str],
    *,
    by_value: bool = False,
) -> tuple[WasteSubtotal, ...]:
    """Lines and value per ``key(line)``: largest value first, else by name."""
    counts: dict[str, int] = defaultdict(int)
    values: dict[str, int] = defaultdict(int)
    for line in lines:
        name = key(line)
        counts[name] += 1
        values[name] += line.value
    totals = [WasteSubtotal(name, counts[name], values[name]) for name in counts]
    if by_value:
        totals.sort(key=lambda s: (-s.value, s.name.lower()))
    else:
        totals.sort(key=lambda s: s.name.lower())
    return tuple(totals)


__all__ = [
    "count_sheet_data",
    "hotel_party",
    "stock_report_data",
    "stock_slip_data",
    "supplier_party",
    "waste_report_data",
]
