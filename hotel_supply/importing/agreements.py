"""Planning and writing contract prices and standing orders from rows.

A price row that repeats an agreement in force (same hotel, product, start,
price and end) is unchanged; a later start ends the agreement running then on
the day before, as "new price from the 1st" does on the Prices page. A
standing-order row holds a product's seven weekday quantities for a hotel; an
empty day is zero.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from hotel_supply.formatting import format_date, format_month, format_rupiah
from hotel_supply.i18n import _
from hotel_supply.importing.columns import FIELDS, Kind
from hotel_supply.importing.context import Context
from hotel_supply.importing.matching import Known
from hotel_supply.importing.plan import PlannedRow, RowReader, RowStatus
from hotel_supply.models import Period, PriceAgreement, StandingOrder
from hotel_supply.models.enums import PeriodStatus
from hotel_supply.progress import SILENT, Progress
from hotel_supply.services import prices, settings, standing_orders
from hotel_supply.services.validation import money_problems, quantity_problems

WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _parties(ctx: Context, row: PlannedRow, read: RowReader) -> tuple[Known, Known] | None:
    """The row's hotel and product (the supplier column, when there, narrows the product)."""
    hotel_text = read.require("hotel") or ""
    product_text = read.require("product") or ""
    supplier_text = read.get("supplier") or ""
    hotel = ctx.hotel(row, hotel_text) if hotel_text else None
    product: Known | None = None
    if supplier_text:
        supplier = ctx.supplier(row, supplier_text, hint=product_text)
        if supplier is not None and product_text:
            product = ctx.product(row, product_text, supplier=supplier, unit=None, price=None)
    elif product_text:
        found = ctx.products.find_reference(product_text)
        if found.problem:
            row.fail(found.problem)
        elif found.item is None:
            row.fail(_("No product has the code or name “{text}”.").format(text=product_text))
        product = found.item
    if hotel is None or product is None:
        row.status = RowStatus.ERROR
        return None
    if not hotel.active:
        row.fail(_("The hotel {hotel} is inactive.").format(hotel=hotel.label))
    if not product.active:
        row.fail(_("The product {product} is inactive.").format(product=product.label))
    return (hotel, product) if row.status != RowStatus.ERROR else None


# --- prices ------------------------------------------------------------------------------


@dataclass
class _Agreement:
    id: int | None  # None: one this import adds
    price: int
    valid_from: dt.date
    valid_to: dt.date | None
    row_no: int | None = None


def _closed_months(ctx: Context) -> list[tuple[int, int]]:
    return [(y, m) for y, m in ctx.session.execute(
        select(Period.year, Period.month).where(Period.status == PeriodStatus.CLOSED))]


def _closed_in(closed: list[tuple[int, int]], start: dt.date, end: dt.date | None) -> str | None:
    for year, month in sorted(closed):
        first = dt.date(year, month, 1)
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        if first <= (end or dt.date.max) and last >= start:
            return format_month(year, month)
    return None


def plan_prices(ctx: Context, rows: list[PlannedRow]) -> None:
    closed = _closed_months(ctx)
    limit = settings.cached(ctx.session).max_unit_price
    ready: list[tuple[PlannedRow, Known, Known, int, dt.date, dt.date | None]] = []
    for row in rows:
        read = RowReader(row, FIELDS[Kind.PRICES])
        parties = _parties(ctx, row, read)
        price = read.require("price")
        start = read.require("valid_from")
        end = read.get("valid_to")
        if price is not None:
            for problem in money_problems(price, label=_("The price"), max=limit):
                row.fail(problem)
        if start is not None and end is not None and end < start:
            row.fail(_("The price cannot end before it starts: the end date is before the "
                       "start date."))
        if start is not None and row.status != RowStatus.ERROR:
            month = _closed_in(closed, start, end)
            if month is not None:
                row.fail(_("{month} is closed: a price agreement cannot change the prices of "
                           "its days. Let the new price start in an open month.").format(
                    month=month))
        if parties is not None:
            row.target = f"{parties[0].code} · {parties[1].label}"
        if parties is None or row.status == RowStatus.ERROR:
            row.status = RowStatus.ERROR
            continue
        assert price is not None and start is not None
        ready.append((row, parties[0], parties[1], price, start, end))
    existing = _existing_agreements(ctx, {(h.id, p.id) for _r, h, p, *_x in ready})
    for row, hotel, product, price, start, end in sorted(ready, key=lambda x: x[4]):
        _plan_price(row, existing[(hotel.id, product.id)], hotel, product, price, start, end)


def _existing_agreements(ctx: Context, pairs: set[tuple[int, int]]
                         ) -> dict[tuple[int, int], list[_Agreement]]:
    found: dict[tuple[int, int], list[_Agreement]] = defaultdict(list)
    hotel_ids = {h for h, _p in pairs if h > 0}
    if hotel_ids:
        stmt = select(PriceAgreement).where(PriceAgreement.active.is_(True),
                                            PriceAgreement.hotel_id.in_(hotel_ids))
        for a in ctx.session.scalars(stmt):
            if (a.hotel_id, a.product_id) in pairs:
                found[(a.hotel_id, a.product_id)].append(
                    _Agreement(a.id, a.price, a.valid_from, a.valid_to))
    return found


def _plan_price(row: PlannedRow, agreements: list[_Agreement], hotel: Known, product: Known,
                price: int, start: dt.date, end: dt.date | None) -> None:
    same = [a for a in agreements if a.valid_from == start]
    if same:
        other = same[0]
        if other.row_no is not None:
            row.fail(_("Likely the same as row {row} of the file: it is imported once.").format(
                row=other.row_no))
        elif other.price == price and other.valid_to == end:
            row.status = RowStatus.UNCHANGED
        else:
            row.fail(_("An agreed price of {price} from {start} is already recorded; an import "
                       "does not change it. End or deactivate it on the Prices page first.")
                     .format(price=format_rupiah(other.price), start=format_date(start)))
        return
    ended: list[_Agreement] = []
    for other in agreements:
        overlaps = (other.valid_to is None or other.valid_to >= start) and (
            end is None or other.valid_from <= end)
        if not overlaps:
            continue
        if other.valid_from < start:
            ended.append(other)
        else:
            row.fail(_("These dates overlap the agreed price of {price} valid from {start}. "
                       "End that agreement first, or choose other dates.").format(
                price=format_rupiah(other.price), start=format_date(other.valid_from)))
    if row.status == RowStatus.ERROR:
        return
    for other in ended:
        other.valid_to = start - dt.timedelta(days=1)
        row.notes.append(_("Ends the agreed price of {price} (from {start}) on {end}.").format(
            price=format_rupiah(other.price), start=format_date(other.valid_from),
            end=format_date(other.valid_to)))
    agreements.append(_Agreement(None, price, start, end, row.row_no))
    row.status = RowStatus.NEW
    row.action = (hotel.id, product.id, price, start, end)


def apply_prices(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    for n, row in enumerate(sorted(rows, key=lambda r: r.action[3]), start=1):
        progress.step(n, len(rows), row.target)
        hotel_id, product_id, price, start, end = row.action
        data = prices.PriceAgreementData(hotel_id=ctx.real_id(hotel_id),
                                         product_id=ctx.real_id(product_id), price=price,
                                         valid_from=start, valid_to=end)
        prices.add_price_agreement(ctx.session, data, end_previous=True)


# --- standing orders -----------------------------------------------------------------------


def plan_standing_orders(ctx: Context, rows: list[PlannedRow]) -> None:
    limit = settings.cached(ctx.session).max_line_quantity
    seen: dict[tuple[int, int], int] = {}
    days = standing_orders.weekday_names("wide")
    for row in rows:
        read = RowReader(row, FIELDS[Kind.STANDING_ORDERS])
        parties = _parties(ctx, row, read)
        quantities: list[Decimal] = []
        for n, key in enumerate(WEEKDAY_KEYS):
            value = read.get(key)
            value = Decimal(0) if value is None else value
            for problem in quantity_problems(value, label=days[n], max_units=limit):
                row.fail(problem)
            quantities.append(value)
        if parties is None or row.status == RowStatus.ERROR:
            row.status = RowStatus.ERROR
            continue
        hotel, product = parties
        row.target = f"{hotel.code} · {product.label}"
        if (hotel.id, product.id) in seen:
            row.fail(_("Likely the same as row {row} of the file: it is imported once.").format(
                row=seen[(hotel.id, product.id)]))
            continue
        seen[(hotel.id, product.id)] = row.row_no
        before = _current_quantities(ctx, hotel.id, product.id)
        if before == quantities:
            row.status = RowStatus.UNCHANGED
            continue
        row.status = RowStatus.UPDATE if any(before) else RowStatus.NEW
        row.action = (hotel.id, product.id, quantities)


def _current_quantities(ctx: Context, hotel_id: int, product_id: int) -> list[Decimal]:
    quantities = [Decimal(0)] * 7
    if hotel_id < 0 or product_id < 0:
        return quantities
    for order in ctx.session.scalars(select(StandingOrder).where(
            StandingOrder.hotel_id == hotel_id, StandingOrder.product_id == product_id)):
        quantities[order.weekday] = order.quantity
    return quantities


def apply_standing_orders(
    ctx: Context, rows: list[PlannedRow], progress: Progress = SILENT
) -> None:
    by_hotel: dict[int, list[standing_orders.StandingOrderLine]] = defaultdict(list)
    for row in rows:
        hotel_id, product_id, quantities = row.action
        by_hotel[ctx.real_id(hotel_id)].append(standing_orders.StandingOrderLine(
            product_id=ctx.real_id(product_id), quantities=quantities))
    for n, (hotel_id, lines) in enumerate(by_hotel.items(), start=1):
        progress.step(n, len(by_hotel))
        standing_orders.write_standing_orders(ctx.session, hotel_id=hotel_id, lines=lines)
