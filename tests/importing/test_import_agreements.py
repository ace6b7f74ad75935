"""Importing each hotel's contract prices and the weekly drop schedule (standing orders)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from hotel_supply import clock
from hotel_supply.importing.columns import Kind
from hotel_supply.importing.plan import RowStatus
from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
from hotel_supply.models import Period, PriceAgreement, StandingOrder
from hotel_supply.models.enums import Category, PeriodStatus, Unit
from tests.factories import make_hotel, make_price, make_product, make_supplier
from tests.importing.sheets_for_tests import write_csv, write_xlsx


@pytest.fixture
def world(db) -> SimpleNamespace:
    clock.set_clock(lambda: dt.datetime(2026, 12, 2, 9, 0))
    kopi_umkm = make_supplier(db, code="KOP001", name="CV Kopi Liwa", category=Category.COFFEE)
    roti_umkm = make_supplier(db, code="ROT001", name="UD Roti Ibu", category=Category.BAKERY)
    return SimpleNamespace(
        kopi=make_product(db, kopi_umkm, code="KOP-250", name="Kopi Robusta 250 g"),
        gula=make_product(db, kopi_umkm, code="KOP-GA", name="Gula Aren", unit=Unit.KG),
        bolu=make_product(db, roti_umkm, code="ROT-BLU", name="Bolu Pandan"),
        roti_gula=make_product(db, roti_umkm, code="ROT-GA", name="Gula Aren", unit=Unit.KG),
        emr=make_hotel(db, code="EMR", name="Hotel Emersia"),
        gtl=make_hotel(db, code="GTL", name="Golden Tulip"),
    )


def _agreements(db) -> list[tuple[int, int, int, dt.date, dt.date | None]]:
    with db.reader() as session:
        return [tuple(r) for r in session.execute(
            select(PriceAgreement.hotel_id, PriceAgreement.product_id, PriceAgreement.price,
                   PriceAgreement.valid_from, PriceAgreement.valid_to)
            .where(PriceAgreement.active.is_(True))
            .order_by(PriceAgreement.hotel_id, PriceAgreement.product_id,
                      PriceAgreement.valid_from))]


# --- prices --------------------------------------------------------------------------------

PRICE_HEADER = ["No", "Hotel", "Nama Barang", "Nama UMKM", "Harga Kontrak (Rp)", "Berlaku Mulai",
                "s/d"]


def _price_rows() -> list[list[object]]:
    return [
        PRICE_HEADER,
        [1, "EMR", "Kopi Robusta 250 g", "CV. Kopi Liwa", "Rp 42.000", "01/12/2026", ""],
        [2, "Hotel Emersia", "gula aren", "Kopi Liwa", "28.500", dt.date(2026, 12, 1), None],
        [],
        [3, "GTL", "ROT-BLU", None, 27000, 46357, "31/12/2027"],  # 1 Dec 2026 as a serial
        [4, " golden tulip ", "Gula Aren", "UD Roti Ibu", "31.000,-", "1 Des 2026", ""],
        ["Jumlah", None, None, None, "128.500", None, None],
    ]


def test_a_messy_price_list_is_read_and_reimporting_it_changes_nothing(db, world, tmp_path):
    old = make_price(db, hotel_id=world.emr, product_id=world.kopi, price=40_000,
                     valid_from=dt.date(2026, 1, 1))
    path = write_xlsx(tmp_path / "harga.xlsx", _price_rows(), title="HARGA KONTRAK 2027")

    plan = run_import(db, Kind.PRICES, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.NEW] * 4
    december = dt.date(2026, 12, 1)
    assert _agreements(db) == sorted([
        (world.emr, world.kopi, 40_000, dt.date(2026, 1, 1), dt.date(2026, 11, 30)),
        (world.emr, world.kopi, 42_000, december, None),
        (world.emr, world.gula, 28_500, december, None),
        (world.gtl, world.bolu, 27_000, december, dt.date(2027, 12, 31)),
        (world.gtl, world.roti_gula, 31_000, december, None),  # the supplier named the product
    ])
    assert "30/11/2026" in " ".join(plan.rows[0].notes)  # the old price ends the day before
    with db.reader() as session:
        assert session.get(PriceAgreement, old).valid_to == dt.date(2026, 11, 30)

    again = run_import(db, Kind.PRICES, Source(path))

    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 4
    assert len(_agreements(db)) == 5


def test_an_error_row_refuses_the_whole_price_list_unless_valid_only(db, world, tmp_path):
    with db.unit_of_work(anyone=True) as session:
        session.add(Period(year=2026, month=11, status=PeriodStatus.CLOSED,
                           closed_at=clock.now(), closed_by="tester"))
    path = write_csv(tmp_path / "harga.csv", [
        ["Kode Hotel", "Kode Produk", "Harga", "Mulai Berlaku"],
        ["EMR", "KOP-250", "42.000", "01/12/2026"],
        ["EMR", "Gula Aren", "28.500", "01/12/2026"],  # two suppliers make a "Gula Aren"
        ["EMR", "KOP-GA", "28.500", "15/11/2026"],  # November is closed
        ["XYZ", "KOP-250", "42.000", "01/12/2026"],  # no such hotel
        ["GTL", "ROT-BLU", "gratis", "01/12/2026"],
        ["EMR", "KOP-250", "43.000", "01/12/2026"],  # the first row again, another price
    ], delimiter=";")
    plan = preview(db, Kind.PRICES, Source(path))
    assert [r.status for r in plan.rows] == [RowStatus.NEW] + [RowStatus.ERROR] * 5
    messages = [" ".join(r.errors) for r in plan.rows]
    assert "KOP-GA" in messages[1] and "ROT-GA" in messages[1]
    assert "November 2026" in messages[2]
    assert "XYZ" in messages[3]
    assert "gratis" in messages[4]
    assert "baris 2" in messages[5]

    with pytest.raises(ImportRefused):
        run_import(db, Kind.PRICES, Source(path))
    assert _agreements(db) == []

    done = run_import(db, Kind.PRICES, Source(path), valid_only=True)
    assert (done.counts.new, done.counts.errors) == (1, 5)
    assert _agreements(db) == [(world.emr, world.kopi, 42_000, dt.date(2026, 12, 1), None)]


# --- standing orders -----------------------------------------------------------------------

ORDER_HEADER = ["Hotel", "Produk", "UMKM", "Senin", "Selasa", "Rabu", "Kamis", "Jum'at",
                "Sabtu", "Minggu"]


def _orders(db) -> dict[tuple[int, int], list[Decimal]]:
    found: dict[tuple[int, int], list[Decimal]] = {}
    with db.reader() as session:
        for order in session.scalars(select(StandingOrder)):
            week = found.setdefault((order.hotel_id, order.product_id), [Decimal(0)] * 7)
            week[order.weekday] = order.quantity
    return {k: v for k, v in found.items() if any(v)}


def test_a_messy_drop_schedule_is_read_and_reimporting_it_changes_nothing(db, world, tmp_path):
    path = write_xlsx(tmp_path / "jadwal.xlsx", [
        ORDER_HEADER,
        ["EMR", "Kopi Robusta 250 g", "CV. Kopi Liwa", 10, 10, 10, 10, 12, "", None],
        ["Hotel Emersia", "KOP-GA", "", "2,5", "", "2,5", "", "2,5", "", ""],
        [],
        ["GTL", "Bolu Pandan", "UD Roti Ibu", 20, 20, 20, 20, 20, 30, 30],
        ["TOTAL", None, None, "32,5", 30, "32,5", 30, "34,5", 30, 30],
    ], title="JADWAL DROP MINGGUAN")

    plan = run_import(db, Kind.STANDING_ORDERS, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.NEW] * 3
    d = Decimal
    half = d("2.5")
    assert _orders(db) == {
        (world.emr, world.kopi): [d(10), d(10), d(10), d(10), d(12), d(0), d(0)],
        (world.emr, world.gula): [half, d(0), half, d(0), half, d(0), d(0)],
        (world.gtl, world.bolu): [d(20)] * 5 + [d(30)] * 2,
    }
    before = _orders(db)

    again = run_import(db, Kind.STANDING_ORDERS, Source(path))

    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 3
    assert _orders(db) == before


def test_a_changed_schedule_updates_and_an_error_row_refuses_unless_valid_only(db, world,
                                                                             tmp_path):
    first = write_csv(tmp_path / "jadwal.csv", [
        ["Kode Hotel", "Kode Produk", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"],
        ["EMR", "KOP-250", "5", "5", "5", "5", "5", "", ""],
    ])
    run_import(db, Kind.STANDING_ORDERS, Source(first))
    path = write_csv(tmp_path / "jadwal-baru.csv", [
        ["Kode Hotel", "Kode Produk", "Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"],
        ["EMR", "KOP-250", "8", "8", "8", "8", "8", "", ""],
        ["GTL", "ROT-BLU", "-3", "", "", "", "", "", ""],  # a negative quantity
        ["GTL", "Roti Tawar", "5", "", "", "", "", "", ""],  # no such product
        ["emr", "kop-250", "1", "", "", "", "", "", ""],  # the first row again
    ])
    plan = preview(db, Kind.STANDING_ORDERS, Source(path))
    assert [r.status for r in plan.rows] == [RowStatus.UPDATE] + [RowStatus.ERROR] * 3
    assert "Senin" in " ".join(plan.rows[1].errors)
    assert "Roti Tawar" in " ".join(plan.rows[2].errors)
    assert "baris 2" in " ".join(plan.rows[3].errors)

    with pytest.raises(ImportRefused):
        run_import(db, Kind.STANDING_ORDERS, Source(path))
    assert _orders(db) == {(world.emr, world.kopi): [Decimal(5)] * 5 + [Decimal(0)] * 2}

    done = run_import(db, Kind.STANDING_ORDERS, Source(path), valid_only=True)
    assert (done.counts.updated, done.counts.errors) == (1, 3)
    assert _orders(db) == {(world.emr, world.kopi): [Decimal(8)] * 5 + [Decimal(0)] * 2}
