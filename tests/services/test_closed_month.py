"""A closed month accepts nothing dated inside it (SPEC rule 7): no new draft, no change,
no posting, no cancellation; the same writes in the open month go through."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.db import Database
from hotel_supply.models import Base, Delivery, Order, Period, StockMovement
from hotel_supply.models.enums import (
    CountStatus,
    DeliveryStatus,
    OrderSource,
    OrderStatus,
    PeriodStatus,
    ReturnReason,
    Unit,
    WasteReason,
)
from hotel_supply.services import (
    deliveries,
    orders,
    reconciliation,
    replenishment,
    stock_counts,
    stock_moves,
)
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.errors import ClosedPeriodError
from hotel_supply.services.hotels import outlet_choices
from hotel_supply.services.orders import OrderLineInput
from hotel_supply.services.stock_moves import StockLineInput
from tests.factories import (
    make_hotel,
    make_price,
    make_product,
    make_standing_order,
    make_supplier,
)

TODAY = dt.date(2026, 11, 20)  # a Friday; October is closed, November open
OCT = dt.date(2026, 10, 15)  # a Thursday
NOV = dt.date(2026, 11, 16)  # a Monday
CHIPS_PRICE = 25_000
BREAD_PRICE = 8_000


@dataclass
class World:
    """October as it was closed, and what is still open in November."""

    hotel: int
    other_hotel: int  # no count open there
    supplier: int
    chips: int
    bread: int
    kitchen: int
    oct_posted: int  # a posted delivery of 14 October, not invoiced
    oct_draft: int  # a draft delivery of 15 October
    oct_order: int  # an ad-hoc order of 20 October, nothing started
    oct_standing: int  # the standing order of 19 October, nothing started
    moved_order: int  # an order of 30 October whose draft was moved to 2 November
    moved_draft: int
    oct_count: int  # a count of 31 October, left open
    nov_draft: int
    exceptions: list[reconciliation.ReconException]  # what was seen at closing


def typed(w: World, day: dt.date, chips: str = "12") -> DeliveryInput:
    q = Decimal(chips)
    return DeliveryInput(delivery_date=day, driver_name="Pak Joko", lines=[
        LineInput(product_id=w.chips, ordered=q, delivered=q, accepted=q)])


def receive(db: Database, w: World, day: dt.date, chips: str) -> int:
    delivery_id = deliveries.new_delivery(db, hotel_id=w.hotel, supplier_id=w.supplier, day=day)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=typed(w, day, chips))
    return delivery_id


def snapshot(db: Database) -> dict[str, list[str]]:
    """Every row of every table, so that any write at all shows."""
    with db.reader() as s:
        return {t.name: sorted(repr(tuple(r)) for r in s.execute(select(t)))
                for t in Base.metadata.sorted_tables}


def october_exceptions(db: Database) -> list[reconciliation.ReconException]:
    """October as the month-end page shows it: standing orders prepared, then reconciled."""
    reconciliation.prepare_month(db, year=2026, month=10, today=TODAY)
    return list(reconciliation.reconcile(db, year=2026, month=10, today=TODAY).exceptions)


@pytest.fixture
def world(db: Database) -> World:
    clock.set_clock(lambda: dt.datetime(2026, 10, 14, 9, 0))
    supplier = make_supplier(db, name="UMKM Keripik Bu Ani")
    chips = make_product(db, supplier, name="Keripik Pisang", unit=Unit.PAK,
                         standard_price=CHIPS_PRICE)
    bread = make_product(db, supplier, name="Roti Sobek", perishable=True, shelf_life_days=5,
                         standard_price=BREAD_PRICE)
    hotel = make_hotel(db, name="Hotel Emersia")
    make_price(db, hotel_id=hotel, product_id=chips, price=CHIPS_PRICE)
    make_price(db, hotel_id=hotel, product_id=bread, price=BREAD_PRICE)
    make_standing_order(db, hotel_id=hotel, product_id=bread, quantities=[20] * 5 + [0, 0])
    kitchen = next(c.id for c in outlet_choices(db, hotel) if c.code == "KIT")
    w = World(hotel, make_hotel(db), supplier, chips, bread, kitchen, 0, 0, 0, 0, 0, 0, 0, 0, [])

    w.oct_posted = receive(db, w, dt.date(2026, 10, 14), "30")
    w.oct_draft = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=OCT)
    deliveries.save_draft(db, delivery_id=w.oct_draft, data=typed(w, OCT, "5"))
    w.oct_order = orders.create_adhoc_order(
        db, hotel_id=hotel, supplier_id=supplier, day=dt.date(2026, 10, 20),
        lines=[OrderLineInput(chips, Decimal(5))])
    w.moved_order = orders.create_adhoc_order(
        db, hotel_id=hotel, supplier_id=supplier, day=dt.date(2026, 10, 30),
        lines=[OrderLineInput(chips, Decimal(4))])
    w.moved_draft = deliveries.start_from_order(db, order_id=w.moved_order)
    deliveries.save_draft(db, delivery_id=w.moved_draft, data=typed(w, dt.date(2026, 11, 2), "4"))
    w.oct_count = stock_counts.start_count(db, hotel_id=hotel, day=dt.date(2026, 10, 31))

    clock.set_clock(lambda: dt.datetime(2026, 11, 20, 9, 0))
    w.exceptions = october_exceptions(db)
    with db.unit_of_work(anyone=True) as s:  # closed as the month-end page closes it, once seen
        s.add(Period(year=2026, month=10, status=PeriodStatus.CLOSED,
                     closed_at=clock.now(), closed_by="tester"))
    with db.reader() as s:
        w.oct_standing = s.scalars(select(Order.id).where(
            Order.order_date == dt.date(2026, 10, 19), Order.source == OrderSource.STANDING)
        ).one()
    w.nov_draft = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=NOV)
    return w


Write = Callable[[Database, World], Any]


def leaks(db: Database, w: World, writes: dict[str, Write]) -> list[str]:
    """The writes that were not refused, or that changed the database while refused."""
    found = []
    for name, write in writes.items():
        before = snapshot(db)
        try:
            write(db, w)
        except ClosedPeriodError as exc:
            if "Oktober 2026" not in exc.message:
                found.append(f"{name}: says {exc.message!r}")
        except Exception as exc:  # listed with the others, not raised
            found.append(f"{name}: {type(exc).__name__} {exc}")
        else:
            found.append(f"{name}: not refused")
        if snapshot(db) != before:
            found.append(f"{name}: the database changed")
    return found


# --- deliveries ----------------------------------------------------------------------


CLOSED_DELIVERY_WRITES: dict[str, Write] = {
    "new draft": lambda db, w: deliveries.new_delivery(
        db, hotel_id=w.hotel, supplier_id=w.supplier, day=OCT),
    "draft from an ad-hoc order": lambda db, w: deliveries.start_from_order(
        db, order_id=w.oct_order),
    "draft from a standing order": lambda db, w: deliveries.start_from_order(
        db, order_id=w.oct_standing),
    "save lines": lambda db, w: deliveries.save_draft(
        db, delivery_id=w.oct_draft, data=typed(w, OCT, "6")),
    "move a draft out of October": lambda db, w: deliveries.save_draft(
        db, delivery_id=w.oct_draft, data=typed(w, NOV)),
    "move a draft into October": lambda db, w: deliveries.save_draft(
        db, delivery_id=w.nov_draft, data=typed(w, dt.date(2026, 10, 31))),
    "discard a draft": lambda db, w: deliveries.discard_draft(db, delivery_id=w.oct_draft),
    "post a draft": lambda db, w: deliveries.post_delivery(
        db, delivery_id=w.oct_draft, data=typed(w, OCT)),
    "post as saved": lambda db, w: deliveries.post_delivery(db, delivery_id=w.oct_draft),
    "post a draft moved out of October": lambda db, w: deliveries.post_delivery(
        db, delivery_id=w.oct_draft, data=typed(w, NOV)),
    "post a draft moved into October": lambda db, w: deliveries.post_delivery(
        db, delivery_id=w.nov_draft, data=typed(w, dt.date(2026, 10, 31))),
    "cancel a posted delivery": lambda db, w: deliveries.cancel_delivery(
        db, delivery_id=w.oct_posted, reason="Salah hotel"),
}


def test_no_delivery_dated_in_a_closed_month_is_created_changed_or_deleted(db, world):
    assert leaks(db, world, CLOSED_DELIVERY_WRITES) == []
    draft = deliveries.get_delivery(db, world.oct_draft)
    assert draft.status == DeliveryStatus.DRAFT and draft.month_closed and not draft.editable
    posted = deliveries.get_delivery(db, world.oct_posted)
    assert posted.status == DeliveryStatus.POSTED and not posted.cancellable
    assert deliveries.get_delivery(db, world.nov_draft).editable


def test_deliveries_dated_in_the_open_month_go_through(db, world):
    w = world
    new = deliveries.new_delivery(db, hotel_id=w.hotel, supplier_id=w.supplier, day=NOV)
    deliveries.save_draft(db, delivery_id=new, data=typed(w, NOV, "3"))
    deliveries.save_draft(db, delivery_id=new, data=typed(w, NOV + dt.timedelta(days=1), "3"))
    deliveries.discard_draft(db, delivery_id=new)
    posted = deliveries.post_delivery(db, delivery_id=w.nov_draft, data=typed(w, NOV, "7"))
    assert posted.total_value == 7 * CHIPS_PRICE
    deliveries.cancel_delivery(db, delivery_id=w.nov_draft, reason="Salah hotel")
    assert deliveries.get_delivery(db, w.nov_draft).status == DeliveryStatus.CANCELLED
    with db.reader() as s:
        reversal_days = set(s.scalars(select(StockMovement.movement_date).where(
            StockMovement.delivery_id == w.nov_draft)))
        assert s.get(Delivery, new) is None
    assert reversal_days == {NOV}  # receipt and counter-movement both on the delivery date
    nov_order = orders.create_adhoc_order(db, hotel_id=w.hotel, supplier_id=w.supplier,
                                          day=NOV, lines=[OrderLineInput(w.chips, Decimal(2))])
    assert deliveries.get_delivery(
        db, deliveries.start_from_order(db, order_id=nov_order)).data.delivery_date == NOV


def test_posting_in_november_leaves_an_order_of_the_closed_october_as_it_was(db, world):
    """The draft of an order of 30 October was moved to 2 November before October closed."""
    deliveries.post_delivery(db, delivery_id=world.moved_draft)
    with db.reader() as s:
        assert s.get(Order, world.moved_order).status == OrderStatus.OPEN  # type: ignore
    assert october_exceptions(db) == world.exceptions
    deliveries.cancel_delivery(db, delivery_id=world.moved_draft, reason="Salah kirim")
    with db.reader() as s:
        assert s.get(Order, world.moved_order).status == OrderStatus.OPEN  # type: ignore
    assert october_exceptions(db) == world.exceptions


# --- orders --------------------------------------------------------------------------


CLOSED_ORDER_WRITES: dict[str, Write] = {
    "new ad-hoc order": lambda db, w: orders.create_adhoc_order(
        db, hotel_id=w.hotel, supplier_id=w.supplier, day=OCT,
        lines=[OrderLineInput(w.chips, Decimal(3))]),
    "order below-par suggestions": lambda db, w: replenishment.order_suggestions(
        db, day=OCT, suggestions=[replenishment.Suggestion(
            w.hotel, "", w.supplier, "", w.chips, "", "", Unit.PAK, Decimal(50), Decimal(0),
            Decimal(0), Decimal(50))]),
    "cancel an ad-hoc order": lambda db, w: orders.cancel_order(
        db, order_id=w.oct_order, reason="Tidak jadi"),
    "cancel a standing order": lambda db, w: orders.cancel_order(
        db, order_id=w.oct_standing, reason="Tidak jadi"),
}


def test_no_order_dated_in_a_closed_month_is_created_or_cancelled(db, world):
    assert leaks(db, world, CLOSED_ORDER_WRITES) == []


def test_standing_orders_of_a_closed_month_are_not_materialised_or_changed(db, world):
    w = world
    # after closing, the grid changes: more bread, and chips on every weekday
    make_standing_order(db, hotel_id=w.hotel, product_id=w.bread, quantities=[25] * 5 + [0, 0])
    make_standing_order(db, hotel_id=w.hotel, product_id=w.chips, quantities=[6] * 7)
    before = snapshot(db)

    reconciliation.prepare_month(db, year=2026, month=10, today=TODAY)
    assert orders.prepare_day(db, day=dt.date(2026, 10, 31)) == 0  # a Saturday: chips now
    assert orders.day_overview(db, day=dt.date(2026, 10, 19))  # Hari Ini of a closed day
    with db.unit_of_work(anyone=True) as s:
        assert orders.materialise_standing_orders(s, day=dt.date(2026, 10, 26)) == 0

    assert snapshot(db) == before
    assert reconciliation.reconcile(db, year=2026, month=10, today=TODAY).exceptions == tuple(
        w.exceptions)


def test_orders_dated_in_the_open_month_go_through(db, world):
    w = world
    make_standing_order(db, hotel_id=w.hotel, product_id=w.chips, quantities=[6] * 7)
    assert orders.prepare_day(db, day=dt.date(2026, 11, 21)) == 1  # a Saturday: chips only
    adhoc = orders.create_adhoc_order(db, hotel_id=w.hotel, supplier_id=w.supplier, day=NOV,
                                      lines=[OrderLineInput(w.chips, Decimal(3))])
    orders.cancel_order(db, order_id=adhoc, reason="Tidak jadi")
    with db.reader() as s:
        assert s.get(Order, adhoc).status == OrderStatus.CANCELLED  # type: ignore[union-attr]


# --- stock documents and counts ------------------------------------------------------


def _line(w: World, reason: str = "") -> list[StockLineInput]:
    return [StockLineInput(w.chips, Decimal(2), reason=reason)]


CLOSED_STOCK_WRITES: dict[str, Write] = {
    "issue to an outlet": lambda db, w: stock_moves.issue_to_outlet(
        db, hotel_id=w.hotel, outlet_id=w.kitchen, day=OCT, lines=_line(w)),
    "write off waste": lambda db, w: stock_moves.write_off_waste(
        db, hotel_id=w.hotel, day=OCT, lines=_line(w, WasteReason.DAMAGED.value)),
    "return to the supplier": lambda db, w: stock_moves.return_to_supplier(
        db, hotel_id=w.hotel, supplier_id=w.supplier, day=OCT,
        lines=_line(w, ReturnReason.QUALITY.value)),
    "start a count": lambda db, w: stock_counts.start_count(db, hotel_id=w.other_hotel, day=OCT),
    "start a count where one is open": lambda db, w: stock_counts.start_count(
        db, hotel_id=w.hotel, day=OCT),
    "save counted quantities": lambda db, w: stock_counts.save_counted(
        db, count_id=w.oct_count,
        counted={line.id: Decimal(29) for line in stock_counts.get_count(db, w.oct_count).lines}),
    "add a product to a count": lambda db, w: stock_counts.add_count_line(
        db, count_id=w.oct_count, product_id=w.bread),
    "post a count": lambda db, w: stock_counts.post_count(db, count_id=w.oct_count),
    "cancel a count": lambda db, w: stock_counts.cancel_count(db, count_id=w.oct_count),
}


def test_no_stock_document_or_count_dated_in_a_closed_month_is_written(db, world):
    assert leaks(db, world, CLOSED_STOCK_WRITES) == []
    view = stock_counts.get_count(db, world.oct_count)
    assert view.status == CountStatus.OPEN and view.month_closed and not view.editable


def test_stock_documents_and_counts_dated_in_the_open_month_go_through(db, world):
    w = world
    numbers = [
        stock_moves.issue_to_outlet(db, hotel_id=w.hotel, outlet_id=w.kitchen, day=NOV,
                                    lines=_line(w)).number,
        stock_moves.write_off_waste(db, hotel_id=w.hotel, day=NOV,
                                    lines=_line(w, WasteReason.DAMAGED.value)).number,
        stock_moves.return_to_supplier(db, hotel_id=w.hotel, supplier_id=w.supplier, day=NOV,
                                       lines=_line(w, ReturnReason.QUALITY.value)).number,
    ]
    assert all(numbers)
    # the count left open in October can never be continued: it does not block November's
    rows = {r.id: r for r in stock_counts.count_rows(db, hotel_id=w.hotel)}
    assert not rows[w.oct_count].continuable
    count_id = stock_counts.start_count(db, hotel_id=w.hotel, day=NOV)
    assert stock_counts.count_rows(db, hotel_id=w.hotel)[0].continuable
    lines = stock_counts.get_count(db, count_id).lines
    chips_line = next(line for line in lines if line.product_id == w.chips)
    assert chips_line.book == 30 - 3 * 2  # received 30 in October, three documents of 2
    line_id = stock_counts.add_count_line(db, count_id=count_id, product_id=w.bread)
    stock_counts.save_counted(db, count_id=count_id, counted={
        **{line.id: line.book for line in lines}, line_id: Decimal(0),
        chips_line.id: Decimal(23)})
    assert stock_counts.post_count(db, count_id=count_id)
    assert stock_counts.get_count(db, count_id).status == CountStatus.POSTED
    with pytest.raises(ClosedPeriodError):  # still: the open October count stays as it was
        stock_counts.cancel_count(db, count_id=w.oct_count)


# --- the month as it was closed --------------------------------------------------------


def test_a_closed_month_reconciles_as_it_was_closed_after_every_refused_write(db, world):
    assert {e.kind for e in world.exceptions} >= {
        reconciliation.ExceptionKind.UNPOSTED, reconciliation.ExceptionKind.NOT_INVOICED,
        reconciliation.ExceptionKind.NOT_DELIVERED}
    writes = {**CLOSED_DELIVERY_WRITES, **CLOSED_ORDER_WRITES, **CLOSED_STOCK_WRITES}
    for write in writes.values():
        with pytest.raises(ClosedPeriodError):
            write(db, world)
    assert october_exceptions(db) == world.exceptions
