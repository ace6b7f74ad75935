"""Products: validation, writes, the unit fixed once used, lists and choices."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from hotel_supply.db import Database
from hotel_supply.models import AuditEntry, Order, OrderLine, Product
from hotel_supply.models.enums import Category, OrderSource, Unit
from hotel_supply.services import audit
from hotel_supply.services.errors import NotFound, ValidationError
from hotel_supply.services.products import (
    ProductData,
    ProductQuery,
    ProductSort,
    count_products,
    create_product,
    get_product,
    product_choices,
    product_row,
    product_rows,
    set_product_active,
    update_product,
    validate_product,
)
from hotel_supply.services.suppliers import set_supplier_active
from tests.factories import make_hotel, make_product, make_supplier


def _data(supplier_id: int = 1, **overrides: object) -> ProductData:
    data = ProductData(
        code="krp-001",
        name="Keripik Pisang Cokelat",
        supplier_id=supplier_id,
        category=Category.SNACK,
        unit=Unit.PAK,
        perishable=False,
        shelf_life_days=None,
        standard_price=15_000,
    )
    return replace(data, **overrides)


def _count(db: Database, model: type[object]) -> int:
    with db.reader() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


# --- validation ------------------------------------------------------------------------


def test_a_perishable_product_needs_a_shelf_life() -> None:
    assert "shelf_life_days" in validate_product(_data(perishable=True, shelf_life_days=None))
    assert "shelf_life_days" in validate_product(_data(perishable=True, shelf_life_days=0))
    assert validate_product(_data(perishable=True, shelf_life_days=2)) == {}
    assert validate_product(_data(perishable=False, shelf_life_days=None)) == {}


def test_price_is_whole_rupiah_and_not_negative() -> None:
    assert "standard_price" in validate_product(_data(standard_price=-1))
    assert "standard_price" in validate_product(_data(standard_price=12.5))  # type: ignore[arg-type]
    assert "standard_price" in validate_product(_data(standard_price=Decimal("12.5")))  # type: ignore[arg-type]
    assert validate_product(_data(standard_price=0)) == {}


def test_unit_must_be_one_of_the_known_units() -> None:
    assert "unit" in validate_product(_data(unit="dozen"))  # type: ignore[arg-type]
    assert validate_product(_data(unit="kg")) == {}  # type: ignore[arg-type]


def test_supplier_code_and_name_are_required() -> None:
    problems = validate_product(_data(code=" ", name="", supplier_id=None))  # type: ignore[arg-type]
    assert set(problems) == {"code", "name", "supplier_id"}


# --- writes -------------------------------------------------------------------------------


def test_a_product_round_trips_with_markup_and_emoji(db: Database) -> None:
    supplier_id = make_supplier(db)
    data = _data(
        supplier_id,
        name="Keripik <b>& 'Pedas' 🌶️",
        unit="kg",  # type: ignore[arg-type]  # as an import gives it
        perishable=True,
        shelf_life_days=30,
    )
    product_id = create_product(db, data=data)
    loaded = get_product(db, product_id)
    assert loaded == replace(data, code="KRP-001", unit=Unit.KG)
    assert product_row(db, product_id).name == "Keripik <b>& 'Pedas' 🌶️"


def test_duplicate_code_is_refused_and_nothing_is_written(db: Database) -> None:
    supplier_id = make_supplier(db)
    create_product(db, data=_data(supplier_id))
    audit_before = _count(db, AuditEntry)
    with pytest.raises(ValidationError) as caught:
        create_product(db, data=_data(supplier_id, code="KRP-001", name="Other"))
    assert set(caught.value.problems) == {"code"}
    assert _count(db, Product) == 1
    assert _count(db, AuditEntry) == audit_before


def test_a_product_of_an_inactive_or_missing_supplier_is_refused(db: Database) -> None:
    supplier_id = make_supplier(db)
    set_supplier_active(db, supplier_id=supplier_id, active=False)
    with pytest.raises(ValidationError) as caught:
        create_product(db, data=_data(supplier_id))
    assert "supplier_id" in caught.value.problems
    with pytest.raises(ValidationError) as caught:
        create_product(db, data=_data(9999))
    assert "supplier_id" in caught.value.problems
    assert _count(db, Product) == 0


def test_update_is_audited_with_what_changed(db: Database) -> None:
    product_id = make_product(db, make_supplier(db), standard_price=10_000)
    update_product(
        db, product_id=product_id, data=replace(get_product(db, product_id), standard_price=11_000)
    )
    assert get_product(db, product_id).standard_price == 11_000
    with db.reader() as session:
        history = audit.history(session, entity="product", entity_id=product_id)
    assert [(h.action, h.username) for h in history] == [
        ("create", "tester"),
        ("update", "tester"),
    ]
    assert '"standard_price": [10000, 11000]' in history[1].summary


def test_the_unit_is_fixed_once_the_product_was_ordered(db: Database) -> None:
    product_id = make_product(db, make_supplier(db), unit=Unit.PCS)
    update_product(
        db, product_id=product_id, data=replace(get_product(db, product_id), unit=Unit.PAK)
    )
    hotel_id = make_hotel(db)
    supplier_id = get_product(db, product_id).supplier_id
    with db.unit_of_work(anyone=True) as session:
        order = Order(
            hotel_id=hotel_id,
            supplier_id=supplier_id,
            order_date=dt.date(2025, 3, 3),
            source=OrderSource.ADHOC,
        )
        order.lines = [OrderLine(product_id=product_id, quantity=Decimal(5))]
        session.add(order)
    with pytest.raises(ValidationError) as caught:
        update_product(
            db, product_id=product_id, data=replace(get_product(db, product_id), unit=Unit.KG)
        )
    assert "unit" in caught.value.problems
    assert get_product(db, product_id).unit == Unit.PAK
    # other fields still change
    update_product(
        db, product_id=product_id, data=replace(get_product(db, product_id), name="Baru")
    )
    assert get_product(db, product_id).name == "Baru"


def test_deactivated_product_leaves_choices_and_comes_back_only_with_its_supplier(
    db: Database,
) -> None:
    supplier_id = make_supplier(db)
    keep = make_product(db, supplier_id, code="P-1")
    gone = make_product(db, supplier_id, code="P-2")
    set_product_active(db, product_id=gone, active=False)
    assert [c.id for c in product_choices(db)] == [keep]
    assert [c.id for c in product_choices(db, active_only=False)] == [keep, gone]
    assert get_product(db, gone).code == "P-2"
    assert product_row(db, gone).active is False

    set_supplier_active(db, supplier_id=supplier_id, active=False, cascade=True)
    assert product_choices(db) == []
    with pytest.raises(ValidationError):
        set_product_active(db, product_id=gone, active=True)
    set_supplier_active(db, supplier_id=supplier_id, active=True)
    set_product_active(db, product_id=gone, active=True)
    assert [c.id for c in product_choices(db)] == [gone]


def test_choices_of_one_supplier(db: Database) -> None:
    first, second = make_supplier(db), make_supplier(db)
    mine = make_product(db, first)
    make_product(db, second)
    assert [c.id for c in product_choices(db, supplier_id=first)] == [mine]


def test_unknown_product_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        get_product(db, 404)
    with pytest.raises(NotFound):
        set_product_active(db, product_id=404, active=False)


# --- lists ----------------------------------------------------------------------------------


def test_list_filters_searches_and_sorts(db: Database) -> None:
    kopi = make_supplier(db, name="Kopi Way Halim", category=Category.COFFEE)
    batik = make_supplier(db, name="Batik Siger")
    robusta = make_product(
        db, kopi, code="K-1", name="Robusta 250 g", category=Category.COFFEE, standard_price=45_000
    )
    arabika = make_product(
        db, kopi, code="K-2", name="arabika 250 g", category=Category.COFFEE, standard_price=60_000
    )
    kain = make_product(
        db, batik, code="B-1", name="Kain Tapis", category=Category.BATIK, standard_price=350_000
    )
    set_product_active(db, product_id=kain, active=False)

    def ids(**kwargs: object) -> list[int]:
        query = ProductQuery(**kwargs)  # type: ignore[arg-type]
        rows = product_rows(db, query=query)
        assert count_products(db, query=query) == len(rows)
        return [r.id for r in rows]

    assert ids() == [robusta, arabika]
    assert ids(active=None) == [kain, robusta, arabika]
    assert ids(active=False) == [kain]
    assert ids(supplier_id=kopi) == [robusta, arabika]
    assert ids(category=Category.BATIK, active=None) == [kain]
    assert ids(text="way halim") == [robusta, arabika]  # the supplier's name counts
    assert ids(text="250 robusta") == [robusta]
    assert ids(sort=ProductSort.NAME) == [arabika, robusta]
    assert ids(sort=ProductSort.STANDARD_PRICE, descending=True, active=None) == [
        kain,
        arabika,
        robusta,
    ]
    (row,) = product_rows(db, query=ProductQuery(text="K-1"))
    assert (row.supplier_name, row.unit, row.standard_price) == ("Kopi Way Halim", Unit.PCS, 45_000)
    assert [r.id for r in product_rows(db, query=ProductQuery(), offset=1, limit=5)] == [arabika]
