"""Reorder suggestions count what is on hand the same way whether the lots' running balances
answer (nothing dated later) or the ledger is summed (a day with later movements)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hotel_supply.db import Database
from hotel_supply.models.enums import Unit
from hotel_supply.services import deliveries, hotels, replenishment, stock_moves
from hotel_supply.services.deliveries import DeliveryInput, LineInput
from hotel_supply.services.stock_moves import StockLineInput
from tests.factories import make_hotel, make_product, make_supplier

D = dt.date(2026, 11, 10)


def receive(db: Database, hotel: int, supplier: int, product: int, qty: str, day: dt.date) -> None:
    delivery_id = deliveries.new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=day)
    q = Decimal(qty)
    deliveries.post_delivery(db, delivery_id=delivery_id, data=DeliveryInput(
        delivery_date=day, lines=[LineInput(product_id=product, delivered=q, accepted=q,
                                            lot_code="", expiry_date=None)]))


def issue(db: Database, hotel: int, product: int, qty: str, day: dt.date) -> None:
    kitchen = next(o.id for o in hotels.get_hotel(db, hotel).outlets if o.code == "KIT")
    stock_moves.issue_to_outlet(
        db, hotel_id=hotel, outlet_id=kitchen, day=day,
        lines=[StockLineInput(product_id=product, quantity=Decimal(qty), lot_id=None)],
        confirm_negative=True)


def test_on_hand_behind_each_suggestion_is_the_stock_at_the_end_of_that_day(db: Database):
    supplier = make_supplier(db)
    coffee = make_product(db, supplier, name="Kopi Bubuk", unit=Unit.KG,
                          standard_price=90_000)
    sugar = make_product(db, supplier, name="Gula Pasir", unit=Unit.KG,
                         standard_price=15_000)
    current, busy = make_hotel(db, name="Hotel Tenang"), make_hotel(db, name="Hotel Ramai")
    for hotel in (current, busy):
        replenishment.set_par_levels(db, hotel_id=hotel,
                                     levels={coffee: Decimal(20), sugar: Decimal(30)})
    # nothing dated after D at the first hotel; sugar issued beyond what it holds
    receive(db, current, supplier, coffee, "12.5", D - dt.timedelta(days=3))
    issue(db, current, coffee, "4.25", D - dt.timedelta(days=1))
    receive(db, current, supplier, sugar, "10", D - dt.timedelta(days=2))
    issue(db, current, sugar, "13", D)
    # the second hotel has movements after D, which D must not see
    receive(db, busy, supplier, coffee, "8", D - dt.timedelta(days=1))
    receive(db, busy, supplier, coffee, "6", D + dt.timedelta(days=1))
    issue(db, busy, coffee, "3", D + dt.timedelta(days=2))

    found = {(s.hotel_name, s.product_name): (s.on_hand, s.suggested)
             for s in replenishment.reorder_suggestions(db, day=D)}
    coffee_here = Decimal("12.5") - Decimal("4.25")
    sugar_here = Decimal(10) - Decimal(13)
    assert found[("Hotel Tenang", "Kopi Bubuk")] == (coffee_here, 20 - coffee_here)
    assert found[("Hotel Tenang", "Gula Pasir")] == (sugar_here, 30 - sugar_here)
    assert found[("Hotel Ramai", "Kopi Bubuk")] == (Decimal(8), Decimal(12))
    assert found[("Hotel Ramai", "Gula Pasir")] == (Decimal(0), Decimal(30))
    later = {(s.hotel_name, s.product_name): s.on_hand
             for s in replenishment.reorder_suggestions(db, day=D + dt.timedelta(days=2))}
    assert later[("Hotel Ramai", "Kopi Bubuk")] == Decimal(8 + 6 - 3)
    assert later[("Hotel Tenang", "Kopi Bubuk")] == coffee_here
