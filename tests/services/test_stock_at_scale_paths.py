"""The stock on any day is the plain sum of the ledger up to that day, whichever way it is read:
backwards from the lots' running balances (less what is dated later) or forwards (the
movements up to the day summed); the reorder suggestions of Hari Ini count it the same way.
The ledger here has a backdated receipt and issue, a count adjustment, a cancelled delivery
(its correction taken partly outside any lot) and a day before any movement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import insert, inspect, select

from hotel_supply.config import sqlite_url
from hotel_supply.db import (
    Database,
    _revision_chain,
    alembic_config,
    current_revision,
    head_revision,
    upgrade,
)
from hotel_supply.models import (
    Delivery,
    DeliveryLine,
    Hotel,
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
from hotel_supply.models.enums import Unit
from hotel_supply.services import (
    deliveries,
    hotels,
    replenishment,
    stock_counts,
    stock_levels,
    stock_moves,
)
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.stock_levels import StockQuery
from hotel_supply.services.stock_moves import StockLineInput
from tests.conftest import add_tester
from tests.factories import make_hotel, make_product, make_supplier

D = dt.date(2026, 11, 10)
INDEXES = "0008"  # the migration that indexes the stock balances
PAR = Decimal(1000)  # above any stock here: every product is suggested, with its on hand


def _receive(db: Database, w: dict[str, int], product: str, qty: str, day: dt.date,
             lot: str) -> int:
    delivery_id = deliveries.new_delivery(db, hotel_id=w["hotel"], supplier_id=w["supplier"],
                                          day=day)
    q = Decimal(qty)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[LineInput(product_id=w[product], delivered=q, accepted=q,
                                            lot_code=lot, expiry_date=day + dt.timedelta(30))]))
    return delivery_id


def _issue(db: Database, w: dict[str, int], product: str, qty: str, day: dt.date) -> None:
    stock_moves.issue_to_outlet(
        db, hotel_id=w["hotel"], outlet_id=w["kitchen"], day=day,
        lines=[StockLineInput(product_id=w[product], quantity=Decimal(qty), lot_id=None)],
        confirm_negative=True)


@pytest.fixture
def world(db: Database) -> dict[str, int]:
    supplier = make_supplier(db)
    sugar = make_product(db, supplier, name="Gula Aren", unit=Unit.KG, standard_price=30_000)
    bread = make_product(db, supplier, name="Roti Manis", perishable=True, shelf_life_days=40,
                         standard_price=8_000)
    hotel, other = make_hotel(db, name="Hotel Teluk"), make_hotel(db, name="Hotel Bukit")
    w = {"supplier": supplier, "sugar": sugar, "bread": bread, "hotel": hotel, "other": other,
         "kitchen": next(o.id for o in hotels.get_hotel(db, hotel).outlets if o.code == "KIT")}
    for h in (hotel, other):
        replenishment.set_par_levels(db, hotel_id=h, levels={sugar: PAR, bread: PAR})
    _receive(db, w, "sugar", "12.5", D, "G1")
    _receive(db, w, "bread", "40", D, "R1")
    _issue(db, w, "sugar", "4.25", D + dt.timedelta(days=1))
    wrong = _receive(db, w, "bread", "10", D + dt.timedelta(days=2), "R2")
    _issue(db, w, "bread", "45", D + dt.timedelta(days=3))  # takes R1 and half of R2
    # a correction: the delivery cancelled after its bread was issued, so what lot R2 no
    # longer holds is taken outside any lot
    deliveries.cancel_delivery(db, delivery_id=wrong, reason="salah kirim",
                               confirm_negative=True)
    _receive(db, w, "sugar", "20", D + dt.timedelta(days=6), "G2")
    # backdated: a receipt and an issue dated before movements already written
    _receive(db, w, "bread", "7", D + dt.timedelta(days=1), "R0")
    _issue(db, w, "sugar", "1.5", D + dt.timedelta(days=4))
    # a count adjustment: one kilo of sugar short, and the bread below zero counted as none
    count_id = stock_counts.start_count(db, hotel_id=hotel, day=D + dt.timedelta(days=8))
    lines = stock_counts.get_count(db, count_id).lines
    short = next(line.id for line in lines if line.product_name == "Gula Aren")
    stock_counts.save_counted(
        db, count_id=count_id,
        counted={line.id: max(line.book, Decimal(0)) - (line.id == short) for line in lines},
        reasons={line.id: "tumpah" for line in lines if line.id == short or line.book < 0})
    stock_counts.post_count(db, count_id=count_id)
    _issue(db, w, "sugar", "2", D + dt.timedelta(days=10))
    # the other hotel only has movements dated later than most of the days asked
    w["hotel"], saved = other, hotel
    _receive(db, w, "sugar", "9", D + dt.timedelta(days=9), "G9")
    w["hotel"] = saved
    return w


def _plain(db: Database, hotel: int, day: dt.date) -> tuple[
        dict[int, Decimal], dict[tuple[int, int | None], Decimal]]:
    """On hand per product and per (product, lot) at the end of ``day``: every movement of
    the hotel read and added up here."""
    per_product: dict[int, Decimal] = defaultdict(Decimal)
    per_lot: dict[tuple[int, int | None], Decimal] = defaultdict(Decimal)
    with db.reader() as session:
        for product, lot, when, qty in session.execute(
                select(StockMovement.product_id, StockMovement.lot_id,
                       StockMovement.movement_date, StockMovement.quantity)
                .where(StockMovement.hotel_id == hotel)):
            if when <= day:
                per_product[product] += qty
                per_lot[(product, lot)] += qty
    return ({p: q for p, q in per_product.items() if q},
            {k: q for k, q in per_lot.items() if q})


DAYS = [D - dt.timedelta(days=1), *(D + dt.timedelta(days=n) for n in range(12))]


@pytest.mark.parametrize("backward", [True, False], ids=["backward", "forward"])
def test_both_ways_of_reading_give_the_plain_sum_on_every_day(db, world, monkeypatch,
                                                             backward):
    monkeypatch.setattr(stock_levels, "counts_back", lambda *a, **k: backward)
    hotel = world["hotel"]
    seen_lotless = False
    for day in DAYS:
        products, lots = _plain(db, hotel, day)
        rows = stock_levels.stock_rows(db, query=StockQuery(hotel_id=hotel, day=day))
        assert {r.product_id: r.on_hand for r in rows if r.on_hand} == products, day
        with db.reader() as session:
            found = stock_levels.lot_rows_for_hotel(session, hotel_id=hotel, day=day)
        assert {(p, lot.lot_id): lot.quantity
                for p, held in found.items() for lot in held} == lots, day
        seen_lotless |= any(lot is None for _, lot in lots)
        for product in (world["sugar"], world["bread"]):
            one = stock_levels.product_lots(db, hotel_id=hotel, product_id=product, day=day)
            assert {(product, lot.lot_id): lot.quantity for lot in one} == {
                k: q for k, q in lots.items() if k[0] == product}
    assert seen_lotless  # the correction really left stock outside any lot
    before_anything = DAYS[0]
    assert stock_levels.stock_rows(db, query=StockQuery(hotel_id=hotel, day=before_anything))
    assert all(r.on_hand == 0 for r in stock_levels.stock_rows(
        db, query=StockQuery(hotel_id=hotel, day=before_anything)))


def test_the_way_chosen_reads_the_shorter_side_of_the_ledger(db, world):
    hotel = world["hotel"]
    with db.reader() as session:
        assert stock_levels.counts_back(session, hotel_id=hotel, day=D + dt.timedelta(days=30))
        assert stock_levels.counts_back(session, hotel_id=hotel, day=D + dt.timedelta(days=8))
        assert not stock_levels.counts_back(session, hotel_id=hotel, day=D + dt.timedelta(1))
        assert not stock_levels.counts_back(session, hotel_id=hotel, day=D - dt.timedelta(1))
        # a hotel without movements reads its (no) open lots
        assert stock_levels.counts_back(session, hotel_id=hotel + 999, day=D)


def test_reorder_suggestions_count_the_plain_sum_for_every_hotel_on_every_day(db, world):
    for day in DAYS:
        expected = {h: _plain(db, world[h], day)[0] for h in ("hotel", "other")}
        found = {(s.hotel_id, s.product_id): s.on_hand
                 for s in replenishment.reorder_suggestions(db, day=day)}
        for h in ("hotel", "other"):
            for product in (world["sugar"], world["bread"]):
                assert found[(world[h], product)] == expected[h].get(product, 0), (day, h)


def test_a_database_upgraded_to_the_balance_indexes_shows_the_same_stock(tmp_path, world, db):
    """A database one revision before the stock indexes, with this ledger in it: upgraded, it
    has the indexes and shows the same stock on every day."""
    if not db.is_sqlite:
        pytest.skip("the upgrade of a database with data is tried on a SQLite file")
    old = Database(sqlite_url(tmp_path / "old.sqlite3"), user="template")
    command.upgrade(alembic_config(old.engine), _revision_chain()[INDEXES])
    add_tester(old)
    with db.reader() as source, old.unit_of_work(anyone=True) as target:
        for model in (Hotel, Outlet, Supplier, Product, ParLevel, Delivery, DeliveryLine,
                      StockLot, StockDocument, StockCount, StockCountLine, StockMovement):
            rows = [dict(row._mapping) for row in source.execute(
                select(model.__table__).order_by(model.__table__.c.id))]
            if rows:
                target.execute(insert(model.__table__), rows)
    upgrade(old)
    assert current_revision(old.engine) == head_revision()
    names = {ix["name"] for table in ("stock_lot", "stock_movement")
             for ix in inspect(old.engine).get_indexes(table)}
    assert {"ix_stock_lot_open_hotel", "ix_stock_movement_dated"} <= names
    assert "ix_stock_movement_day" not in names
    for day in DAYS:
        query = StockQuery(hotel_id=world["hotel"], day=day)
        assert stock_levels.stock_rows(old, query=query) == stock_levels.stock_rows(
            db, query=query)
        assert {r.product_id: r.on_hand for r in stock_levels.stock_rows(old, query=query)
                if r.on_hand} == _plain(old, world["hotel"], day)[0]
    old.dispose()
