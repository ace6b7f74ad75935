"""The stock of one hotel is read in two statements (is anything dated later? then one query
of lots, issues, par levels and counts with the products' names), today and on an earlier day,
with the same figures as the ledger gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

from sqlalchemy import event

from hotel_supply.db import Database
from hotel_supply.models.enums import Unit
from hotel_supply.services import deliveries, hotels, replenishment, stock_levels, stock_moves
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.stock_levels import StockQuery
from hotel_supply.services.stock_moves import StockLineInput
from tests.factories import make_hotel, make_product, make_supplier

D = dt.date(2026, 11, 10)


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):  # not BEGIN
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_stock_of_a_hotel_today_and_before_in_two_statements(db):
    roti = make_supplier(db, name="Roti Bu Tini")
    kopi = make_supplier(db, name="Kopi Pak Darmo")
    bread = make_product(db, roti, name="Roti Tawar", perishable=True, shelf_life_days=5,
                         standard_price=12_000)
    coffee = make_product(db, kopi, name="Kopi Bubuk", unit=Unit.KG, standard_price=90_000)
    tea = make_product(db, kopi, name="Teh Tubruk", standard_price=7_500)  # par level only
    hotel = make_hotel(db)
    kitchen = next(o.id for o in hotels.get_hotel(db, hotel).outlets if o.code == "KIT")

    def receive(supplier: int, product: int, qty: str, day: dt.date,
                expiry: dt.date | None = None) -> None:
        delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
        q = Decimal(qty)
        deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
            delivery_date=day, lines=[LineInput(product_id=product, delivered=q, accepted=q,
                                                expiry_date=expiry)]))

    receive(roti, bread, "20", D - dt.timedelta(days=6), D + dt.timedelta(days=1))
    receive(roti, bread, "15", D - dt.timedelta(days=2), D + dt.timedelta(days=4))
    receive(kopi, coffee, "4.5", D - dt.timedelta(days=20))
    receive(kopi, coffee, "2", D - dt.timedelta(days=3))
    stock_moves.issue_to_outlet(db, hotel_id=hotel, outlet_id=kitchen,
                                day=D - dt.timedelta(days=1), lines=[
                                    StockLineInput(product_id=bread, quantity=Decimal("23")),
                                    StockLineInput(product_id=coffee, quantity=Decimal("1.4"))])
    replenishment.set_par_levels(db, hotel_id=hotel, levels={
        coffee: Decimal(5), tea: Decimal(12)})

    with statements(db) as seen:
        today = {r.product_name: r for r in stock_levels.stock_rows(
            db, query=StockQuery(hotel_id=hotel, day=D))}
    assert len(seen) == 2, seen
    # bread: 20 + 15 - 23 = 12, the first lot (20) emptied by FEFO before the second
    assert today["Roti Tawar"].on_hand == Decimal(12)
    assert today["Roti Tawar"].value == 12 * 12_000
    assert today["Roti Tawar"].usage_per_day == (Decimal(23) / 28).quantize(Decimal("0.001"))
    # coffee: 4.5 + 2 - 1.4 = 5.1 kg at Rp90.000
    assert today["Kopi Bubuk"].on_hand == Decimal("5.1")
    assert today["Kopi Bubuk"].value == 459_000
    assert today["Kopi Bubuk"].par == 5 and not today["Kopi Bubuk"].below_par
    assert today["Teh Tubruk"].on_hand == 0 and today["Teh Tubruk"].below_par
    assert [r.supplier_name for r in today.values()] == [
        "Kopi Pak Darmo", "Kopi Pak Darmo", "Roti Bu Tini"]

    with statements(db) as seen:
        earlier = {r.product_name: r for r in stock_levels.stock_rows(
            db, query=StockQuery(hotel_id=hotel, day=D - dt.timedelta(days=4)))}
    assert len(seen) == 2
    assert earlier["Roti Tawar"].on_hand == 20 and earlier["Roti Tawar"].value == 20 * 12_000
    assert earlier["Kopi Bubuk"].on_hand == Decimal("4.5")
    assert earlier["Kopi Bubuk"].value == 405_000

    found = stock_levels.stock_rows(db, query=StockQuery(hotel_id=hotel, day=D, text="pak darmo"))
    assert [r.product_name for r in found] == ["Kopi Bubuk", "Teh Tubruk"]
    only = stock_levels.stock_rows(db, query=StockQuery(hotel_id=hotel, day=D, supplier_id=roti))
    assert [r.product_name for r in only] == ["Roti Tawar"]
