"""The standing-order grid: one row per product, seven weekday quantities, saved cell by cell."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import AuditEntry, StandingOrder
from hotel_supply.services import audit
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.hotels import set_hotel_active
from hotel_supply.services.products import set_product_active
from hotel_supply.services.standing_orders import (
    WEEKDAYS,
    StandingOrderLine,
    save_standing_order_grid,
    standing_order_grid,
    validate_grid,
    weekday_names,
)
from hotel_supply.services.suppliers import set_supplier_active
from tests.factories import make_hotel, make_product, make_standing_order, make_supplier


def q(*values: str | int) -> list[Decimal]:
    return [Decimal(str(v)) for v in values]


def _cells(db: Database) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(StandingOrder)) or 0)


def test_every_active_product_has_a_row_of_zeros(db: Database) -> None:
    hotel = make_hotel(db)
    kopi = make_supplier(db, name="A Kopi")
    batik = make_supplier(db, name="B Batik")
    robusta = make_product(db, kopi, code="K-2")
    arabika = make_product(db, kopi, code="K-1")
    tapis = make_product(db, batik, code="B-1")
    grid = standing_order_grid(db, hotel_id=hotel)
    assert [r.product_id for r in grid] == [arabika, robusta, tapis]  # by supplier, then code
    assert all(r.quantities == [0] * WEEKDAYS and r.active for r in grid)
    assert [r.product_id for r in standing_order_grid(db, hotel_id=hotel, supplier_id=batik)] == [
        tapis
    ]


def test_the_grid_round_trips_with_decimals(db: Database) -> None:
    hotel = make_hotel(db)
    supplier = make_supplier(db)
    kg = make_product(db, supplier, code="P-1")
    pcs = make_product(db, supplier, code="P-2")
    grid = standing_order_grid(db, hotel_id=hotel)
    grid[0].quantities = q("2.5", "0.125", 0, 0, "1", 0, "12.75")
    grid[1].quantities = q(10, 10, 10, 10, 10, 20, 0)

    assert sorted(save_standing_order_grid(db, hotel_id=hotel, rows=grid)) == [kg, pcs]
    again = standing_order_grid(db, hotel_id=hotel)
    assert [r.quantities for r in again] == [
        q("2.5", "0.125", 0, 0, 1, 0, "12.75"),
        q(10, 10, 10, 10, 10, 20, 0),
    ]
    assert _cells(db) == 4 + 6  # zeros are not stored
    assert again[1].weekly_total == Decimal(70)


def test_weekday_columns_follow_date_weekday(db: Database) -> None:
    hotel = make_hotel(db)
    product = make_product(db, make_supplier(db))
    make_standing_order(db, hotel_id=hotel, product_id=product, quantities=[0, 0, 7, 0, 0, 0, 0])
    with db.reader() as session:
        (weekday,) = session.scalars(select(StandingOrder.weekday))
    assert weekday == dt.date(2025, 3, 5).weekday()  # a Wednesday
    assert weekday_names("wide")[weekday] == "Rabu"


def test_zero_removes_and_unchanged_rows_write_nothing(db: Database) -> None:
    hotel = make_hotel(db)
    supplier = make_supplier(db)
    first = make_product(db, supplier)
    second = make_product(db, supplier)
    make_standing_order(db, hotel_id=hotel, product_id=first, quantities=[5] * 7)
    make_standing_order(db, hotel_id=hotel, product_id=second, quantities=[3] * 7)
    audit_before = _count_audit(db)

    grid = standing_order_grid(db, hotel_id=hotel)
    assert save_standing_order_grid(db, hotel_id=hotel, rows=grid) == []
    assert _count_audit(db) == audit_before

    grid[0].quantities = q(5, 0, 5, 5, 5, 5, 0)
    assert save_standing_order_grid(db, hotel_id=hotel, rows=grid) == [first]
    assert _cells(db) == 5 + 7
    with db.reader() as session:
        (entry,) = [
            h
            for h in audit.history(session, entity="standing_order_grid", entity_id=hotel)
            if f'"product_id": {first}' in h.summary
        ][-1:]
    assert entry.username == "tester"
    assert '"after": ["5", "0", "5", "5", "5", "5", "0"]' in entry.summary


def test_rows_left_out_are_not_touched(db: Database) -> None:
    hotel = make_hotel(db)
    supplier = make_supplier(db)
    first, second = make_product(db, supplier), make_product(db, supplier)
    make_standing_order(db, hotel_id=hotel, product_id=first, quantities=[1] * 7)
    save_standing_order_grid(
        db,
        hotel_id=hotel,
        rows=[StandingOrderLine(product_id=second, quantities=q(2, 0, 0, 0, 0, 0, 0))],
    )
    grid = {r.product_id: r.quantities for r in standing_order_grid(db, hotel_id=hotel)}
    assert grid == {first: q(1, 1, 1, 1, 1, 1, 1), second: q(2, 0, 0, 0, 0, 0, 0)}


def test_other_hotels_keep_their_own_grid(db: Database) -> None:
    one, two = make_hotel(db), make_hotel(db)
    product = make_product(db, make_supplier(db))
    make_standing_order(db, hotel_id=one, product_id=product, quantities=[4] * 7)
    assert standing_order_grid(db, hotel_id=two)[0].quantities == [0] * 7


@pytest.mark.parametrize(
    "quantities",
    [
        q(-1, 0, 0, 0, 0, 0, 0),
        q("0.0001", 0, 0, 0, 0, 0, 0),
        q(1, 1, 1),
        [1.5, 0, 0, 0, 0, 0, 0],
    ],
)
def test_bad_quantities_are_refused_and_nothing_is_written(
    db: Database, quantities: list[Decimal]
) -> None:
    hotel = make_hotel(db)
    supplier = make_supplier(db)
    good, bad = make_product(db, supplier), make_product(db, supplier)
    rows = [
        StandingOrderLine(product_id=good, quantities=q(1, 1, 1, 1, 1, 1, 1)),
        StandingOrderLine(product_id=bad, quantities=quantities),
    ]
    assert "quantities" in validate_grid(rows)
    with pytest.raises(ValidationError):
        save_standing_order_grid(db, hotel_id=hotel, rows=rows)
    assert _cells(db) == 0


def test_a_product_listed_twice_is_refused() -> None:
    rows = [StandingOrderLine(product_id=1, quantities=q(1, 0, 0, 0, 0, 0, 0))] * 2
    assert "quantities" in validate_grid(rows)


def test_inactive_products_show_only_while_they_have_quantities_and_can_only_go_down(
    db: Database,
) -> None:
    hotel = make_hotel(db)
    supplier = make_supplier(db)
    ordered = make_product(db, supplier, code="P-1")
    idle = make_product(db, supplier, code="P-2")
    make_standing_order(db, hotel_id=hotel, product_id=ordered, quantities=[5] * 7)
    set_product_active(db, product_id=ordered, active=False)
    set_product_active(db, product_id=idle, active=False)

    (row,) = standing_order_grid(db, hotel_id=hotel)
    assert (row.product_id, row.active) == (ordered, False)
    row.quantities = q(6, 5, 5, 5, 5, 5, 5)
    with pytest.raises(ValidationError):
        save_standing_order_grid(db, hotel_id=hotel, rows=[row])
    row.quantities = q(0, 0, 0, 0, 0, 0, 2)
    save_standing_order_grid(db, hotel_id=hotel, rows=[row])
    assert _cells(db) == 1
    row.quantities = q(0, 0, 0, 0, 0, 0, 0)
    save_standing_order_grid(db, hotel_id=hotel, rows=[row])
    assert standing_order_grid(db, hotel_id=hotel) == []


def test_an_inactive_supplier_or_hotel_takes_no_new_quantities(db: Database) -> None:
    hotel = make_hotel(db)
    supplier = make_supplier(db)
    product = make_product(db, supplier)
    line = StandingOrderLine(product_id=product, quantities=q(1, 0, 0, 0, 0, 0, 0))
    set_supplier_active(db, supplier_id=supplier, active=False, cascade=True)
    set_product_active(db, product_id=product, active=False)
    with pytest.raises(ValidationError):
        save_standing_order_grid(db, hotel_id=hotel, rows=[line])
    set_supplier_active(db, supplier_id=supplier, active=True)
    set_product_active(db, product_id=product, active=True)
    set_hotel_active(db, hotel_id=hotel, active=False)
    with pytest.raises(ValidationError):
        save_standing_order_grid(db, hotel_id=hotel, rows=[line])
    assert _cells(db) == 0


def test_unknown_hotel_or_product_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        standing_order_grid(db, hotel_id=555)
    hotel = make_hotel(db)
    with pytest.raises(NotFound):
        save_standing_order_grid(
            db,
            hotel_id=hotel,
            rows=[StandingOrderLine(product_id=999, quantities=q(1, 0, 0, 0, 0, 0, 0))],
        )


def _count_audit(db: Database) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
