"""The deliveries list's text search reads an index (FTS5 trigrams on SQLite, pg_trgm on
PostgreSQL) kept in step by triggers, and finds exactly the deliveries the plain search
(``LIKE`` over the number, supplier, driver, plate and each product on the note) finds:
whatever the case typed, with % and _ found as themselves, after every kind of write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from alembic import command
from sqlalchemy import insert, select, update

from hotel_supply import clock
from hotel_supply.config import sqlite_url
from hotel_supply.db import Database, alembic_config, current_revision, head_revision, upgrade
from hotel_supply.models import Delivery, DeliveryLine, Hotel, Product, Supplier
from hotel_supply.models.enums import DeliveryStatus
from hotel_supply.services import delivery_list, products, suppliers
from hotel_supply.services.deliveries import (
    DeliveryInput,
    LineInput,
    discard_draft,
    new_delivery,
    post_delivery,
    save_draft,
)
from hotel_supply.services.delivery_correction import correct_delivery
from hotel_supply.services.delivery_list import (
    DeliveryQuery,
    count_deliveries,
    delivery_rows,
    found_outside_dates,
    plain_text_search,
    row_key,
)
from tests.conftest import add_tester
from tests.factories import make_hotel, make_price, make_product, make_supplier

DAY = dt.date(2026, 11, 16)
SEARCHES = [
    "kopi", "KOPI", "Kopi Robusta", "opi rob", "ko", "k", "%", "_", "50%", "100%", "asli_l",
    "bolu_pandan", "bolu pandan", "élok", "ÉLOK", "dapur é", "joko", "PAK JOKO", "bu siti",
    "be 1234", "BE 1234 AB", "be 9", "sj/2026/", "SJ/2026/00003", "00003", "prd", "sup",
    '"', 'a"b', "robusta\nkopi", "keripik 50", "% ", "zzz", "é", "ro", "ta\\", "\\",
    "umkm", "rahma", "ahma ko",  # "ahma ko" would span two fields: never found
]


def plain_ids(db: Database, text: str) -> list[int]:
    """The plain search's deliveries, in the list's order."""
    with db.reader() as s:
        return list(s.scalars(select(Delivery.id).where(plain_text_search(text.strip()))
                              .order_by(Delivery.delivery_date.desc(), Delivery.id.desc())))


def listed_ids(db: Database, query: DeliveryQuery, window: int = 4) -> list[int]:
    """The list as the page reads it: window after window, each after the last row's key."""
    ids: list[int] = []
    rows = delivery_rows(db, query=query, limit=window)
    while rows:
        ids.extend(r.id for r in rows)
        rows = delivery_rows(db, query=query, after=row_key(rows[-1]), limit=window)
    return ids


def assert_same_as_plain(db: Database) -> None:
    for text in SEARCHES:
        expected = plain_ids(db, text)
        query = DeliveryQuery(text=text)
        assert listed_ids(db, query) == expected, text
        assert count_deliveries(db, query=query) == len(expected), text
        from_end = delivery_rows(db, query=query, from_end=True, limit=3)
        assert [r.id for r in from_end] == expected[-3:], text


@pytest.fixture
def world(db: Database) -> dict[str, int]:
    """Deliveries of suppliers, products, drivers and plates with mixed case, % and _ and a
    non-ASCII capital, written through the services and in bulk."""
    clock.set_clock(lambda: dt.datetime(2026, 11, 20, 9, 0))
    kopi = make_supplier(db, name="Kopi Bu Rahma", code="KOPI01")
    asli = make_supplier(db, name="UD 100% Asli_Lampung", code="ASL01")
    elok = make_supplier(db, name="CV Dapur ÉLOK", code="ELK01")
    robusta = make_product(db, kopi, name="Kopi Robusta", code="PRDKOP1")
    chips = make_product(db, asli, name="Keripik 50% Pedas", code="PRDKRP1")
    bolu = make_product(db, elok, name="Bolu_Pandan", code="PRDBOL1")
    gula = make_product(db, kopi, name="Gula Aren Cair", code="PRDGUL1")
    hotel = make_hotel(db)
    for product in (robusta, chips, bolu, gula):
        make_price(db, hotel_id=hotel, product_id=product)
    w = {"kopi": kopi, "asli": asli, "elok": elok, "robusta": robusta, "chips": chips,
         "bolu": bolu, "gula": gula, "hotel": hotel}
    posted = [(kopi, robusta, "Pak Joko", "BE 1234 AB"), (asli, chips, "BU SITI", "be 99 x"),
              (elok, bolu, "Ta\\mi", "BE 7 ÉA"), (kopi, robusta, "", "")]
    for n, (supplier, product, driver, plate) in enumerate(posted):
        d = new_delivery(db, hotel_id=hotel, supplier_id=supplier, day=DAY)
        post_delivery(db, delivery_id=d, data=DeliveryInput(
            delivery_date=DAY - dt.timedelta(days=n), driver_name=driver, vehicle_plate=plate,
            lines=[LineInput(product_id=product, delivered=Decimal(2), accepted=Decimal(2))]))
        w[f"posted{n}"] = d
    w["draft"] = new_delivery(db, hotel_id=hotel, supplier_id=elok, day=DAY)  # no number yet
    heads = [dict(id=100 + k, number=f"SJ/2025/{k:05d}", hotel_id=hotel,
                  supplier_id=(kopi, asli, elok)[k % 3], status=DeliveryStatus.INVOICED,
                  delivery_date=DAY - dt.timedelta(days=40 + k // 4),
                  driver_name=("Joko", "Siti", "")[k % 3], vehicle_plate=f"BE {k} KO")
             for k in range(30)]
    products_ = (robusta, chips, bolu)
    lines = [dict(delivery_id=100 + k, line_no=n + 1, product_id=products_[(k + n // 2) % 3],
                  delivered_qty=1, accepted_qty=1, unit_price=12_000, amount=12_000)
             for k in range(30) for n in range(k % 4)]  # some with no line, some with two alike
    with db.unit_of_work(anyone=True) as session:
        session.execute(insert(Delivery), heads)
        session.execute(insert(DeliveryLine), lines)
    return w


@pytest.mark.parametrize("plan", ["as chosen", "set walked", "each row tested"])
def test_the_index_finds_what_the_plain_search_finds(db, world, monkeypatch, plan):
    if plan != "as chosen":  # every way of reading a found set, on this small list too
        monkeypatch.setattr(delivery_list, "DENSE", 0)
        monkeypatch.setattr(delivery_list, "EVERYWHERE", 0 if plan == "each row tested" else 10**9)
    assert plain_ids(db, "kopi") and plain_ids(db, "%") and plain_ids(db, "bolu_pandan")
    assert set(plain_ids(db, "50%")) == {world["posted1"]} | {
        100 + k for k in range(30) if _has(k, 1)}  # the chips, not "100%"
    assert plain_ids(db, "ahma ko") == [] and plain_ids(db, "ÉLOK") == plain_ids(db, "élok")
    assert_same_as_plain(db)


def _has(k: int, product: int) -> bool:
    """Whether bulk delivery ``k`` has a line of product number ``product`` (0, 1, 2)."""
    return any((k + n // 2) % 3 == product for n in range(k % 4))


def test_dates_hotel_and_status_narrow_the_indexed_search_as_the_plain_one(db, world):
    query = DeliveryQuery(text="kopi", date_from=DAY - dt.timedelta(days=45), date_to=DAY,
                          status=DeliveryStatus.INVOICED, hotel_id=world["hotel"])
    with db.reader() as s:
        expected = list(s.scalars(
            select(Delivery.id).where(plain_text_search("kopi"),
                                      Delivery.delivery_date >= query.date_from,
                                      Delivery.delivery_date <= DAY,
                                      Delivery.status == DeliveryStatus.INVOICED)
            .order_by(Delivery.delivery_date.desc(), Delivery.id.desc())))
    assert expected and listed_ids(db, query) == expected
    assert count_deliveries(db, query=query) == len(expected)
    recent = DeliveryQuery(text="kopi", date_from=DAY - dt.timedelta(days=3), date_to=DAY)
    outside = found_outside_dates(db, query=recent)
    assert outside is not None
    assert outside.count == len(plain_ids(db, "kopi")) - len(listed_ids(db, recent)) > 0


def test_every_write_keeps_the_index_in_step(db, world):
    # a draft's lines saved, changed and the draft thrown away
    draft = world["draft"]
    save_draft(db, delivery_id=draft, data=DeliveryInput(
        delivery_date=DAY, driver_name="Pak Joko", vehicle_plate="BE 4444 ZZ",
        lines=[LineInput(product_id=world["bolu"], delivered=Decimal(1), accepted=Decimal(1))]))
    assert draft in plain_ids(db, "bolu_pandan") and draft in plain_ids(db, "4444")
    assert_same_as_plain(db)
    save_draft(db, delivery_id=draft, data=DeliveryInput(delivery_date=DAY, lines=[]))
    assert draft not in plain_ids(db, "bolu_pandan")
    assert_same_as_plain(db)
    discard_draft(db, delivery_id=draft)
    assert_same_as_plain(db)
    # a supplier and a product renamed
    data = suppliers.get_supplier(db, world["kopi"])
    data.name, data.code = "Kedai Robusta Rahma", "KDR01"
    suppliers.update_supplier(db, supplier_id=world["kopi"], data=data)
    product = products.get_product(db, world["chips"])
    product.name = "Emping Melinjo"
    products.update_product(db, product_id=world["chips"], data=product)
    assert plain_ids(db, "emping") and plain_ids(db, "kdr01")
    assert_same_as_plain(db)
    # a posted delivery corrected: the old one cancelled, a new one with another product
    result = correct_delivery(db, delivery_id=world["posted0"], reason="Salah produk",
                              data=DeliveryInput(delivery_date=DAY, driver_name="Pak Udin",
                                                 vehicle_plate="BE 8 UD", lines=[LineInput(
                                                     product_id=world["gula"],
                                                     delivered=Decimal(3),
                                                     accepted=Decimal(3))]))
    assert plain_ids(db, "pak udin") == plain_ids(db, "gula aren") == [result.delivery_id]
    assert result.cancelled_id in plain_ids(db, "kedai robusta")
    assert_same_as_plain(db)
    # changed behind the services' back: a line moved to another product, a head edited
    with db.unit_of_work(anyone=True) as session:
        session.execute(update(DeliveryLine).where(DeliveryLine.delivery_id == 101)
                        .values(product_id=world["robusta"]))
        session.execute(update(Delivery).where(Delivery.id == 102)
                        .values(driver_name="Bu Ratna", vehicle_plate="BE 55 RT"))
        session.execute(update(Product).where(Product.id == world["bolu"])
                        .values(code="BOLU-01"))
        session.execute(update(Supplier).where(Supplier.id == world["asli"])
                        .values(name="UD Asli Lampung"))
    assert plain_ids(db, "bu ratna") == [102] and plain_ids(db, "bolu-01")
    assert_same_as_plain(db)


def test_an_upgraded_database_finds_its_old_deliveries(tmp_path, world, db):
    """A database at 0006 with deliveries in it: upgraded, its search finds them."""
    if not db.is_sqlite:
        pytest.skip("the upgrade of a database with data is tried on a SQLite file")
    old = Database(sqlite_url(tmp_path / "old.sqlite3"), user="template")
    command.upgrade(alembic_config(old.engine), "0006")
    add_tester(old)
    with db.reader() as source, old.unit_of_work(anyone=True) as target:
        for model in (Hotel, Supplier, Product, Delivery, DeliveryLine):
            rows = [dict(row._mapping) for row in source.execute(select(model.__table__))]
            target.execute(insert(model.__table__), rows)
    upgrade(old)
    assert current_revision(old.engine) == head_revision()
    for text in SEARCHES:
        expected = plain_ids(old, text)
        assert listed_ids(old, DeliveryQuery(text=text)) == expected == plain_ids(db, text)
    old.dispose()
