"""Importing each UMKM's product list: matched to its supplier, units and prices as typed."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import select

from hotel_supply.importing.columns import Kind
from hotel_supply.importing.plan import RowStatus
from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
from hotel_supply.models import Product
from hotel_supply.models.enums import Category, Unit
from tests.factories import make_product, make_supplier
from tests.importing.sheets_for_tests import write_csv, write_xlsx

HEADER = ["No", "Kode Barang", "Nama Barang", "Nama UMKM", "Satuan", "Mudah Basi",
          "Masa Simpan (hari)", "Harga Satuan (Rp)"]


@pytest.fixture
def makers(db) -> SimpleNamespace:
    return SimpleNamespace(
        kopi=make_supplier(db, code="KOP001", name="CV Kopi Liwa", category=Category.COFFEE),
        roti=make_supplier(db, code="ROT001", name="UD Roti Ibu", category=Category.BAKERY),
    )


def _messy_rows() -> list[list[object]]:
    return [
        HEADER,
        [1, "kop001-01", "  Kopi Robusta   250 g ", "CV. Kopi Liwa", "Pcs", "Tidak", "",
         "Rp 45.000"],
        [2, "", "Gula Aren", "KOP001", "Kilo", "T", None, "30.000,-"],
        [],
        [3, "ROT-BLU", "Bolu Pandan", "Roti Ibu", "kotak", "Ya", 3, 27500],
        [4, None, "Roti Sobek", "ud roti ibu", "bks", "Y", "2", "12,500"],
        ["Jumlah", None, None, None, None, None, None, "115.000"],
    ]


def _products(db) -> dict[str, SimpleNamespace]:
    with db.reader() as session:
        return {p.name: SimpleNamespace(code=p.code, supplier_id=p.supplier_id, unit=p.unit,
                                        category=p.category, perishable=p.perishable,
                                        shelf_life_days=p.shelf_life_days,
                                        standard_price=p.standard_price)
                for p in session.scalars(select(Product))}


def test_a_messy_product_list_is_read_and_reimporting_it_changes_nothing(db, makers, tmp_path):
    path = write_xlsx(tmp_path / "produk.xlsx", _messy_rows(), title="DAFTAR PRODUK UMKM")

    plan = run_import(db, Kind.PRODUCTS, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.NEW] * 4  # blank and total rows left out
    found = _products(db)
    assert sorted(found) == ["Bolu Pandan", "Gula Aren", "Kopi Robusta 250 g", "Roti Sobek"]
    kopi = found["Kopi Robusta 250 g"]
    assert (kopi.code, kopi.supplier_id, kopi.unit) == ("KOP001-01", makers.kopi, Unit.PCS)
    assert kopi.category == Category.COFFEE and kopi.standard_price == 45_000
    gula = found["Gula Aren"]
    assert (gula.supplier_id, gula.unit, gula.standard_price) == (makers.kopi, Unit.KG, 30_000)
    assert gula.perishable is False and gula.code  # a code made up for it
    bolu = found["Bolu Pandan"]
    assert (bolu.supplier_id, bolu.unit, bolu.perishable, bolu.shelf_life_days) == (
        makers.roti, Unit.KOTAK, True, 3)
    assert bolu.category == Category.BAKERY and bolu.standard_price == 27_500
    sobek = found["Roti Sobek"]
    assert (sobek.unit, sobek.perishable, sobek.shelf_life_days, sobek.standard_price) == (
        Unit.PAK, True, 2, 12_500)  # "12,500" is money: twelve thousand five hundred
    assert len({p.code for p in found.values()}) == 4

    again = run_import(db, Kind.PRODUCTS, Source(path))

    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 4
    assert _products(db) == found


def test_a_product_is_matched_by_code_or_by_name_within_its_supplier(db, makers, tmp_path):
    known = make_product(db, makers.kopi, code="KOP001-01", name="Kopi Robusta",
                         category=Category.COFFEE, standard_price=40_000)
    same_name_elsewhere = make_product(db, makers.roti, code="ROT-01", name="Gula Aren",
                                       category=Category.BAKERY, unit=Unit.KG)
    path = write_csv(tmp_path / "produk.csv", [
        ["Kode", "Nama Produk", "UMKM", "Satuan", "Harga"],
        ["KOP001-01", "Kopi Robusta 250 g", "KOP001", "pcs", "45.000"],
        ["", "GULA  AREN", "KOP001", "kg", "30.000"],
    ], delimiter=";")

    plan = run_import(db, Kind.PRODUCTS, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.UPDATE, RowStatus.NEW]
    found = _products(db)
    assert found["Kopi Robusta 250 g"].standard_price == 45_000
    with db.reader() as session:
        assert session.get(Product, known).name == "Kopi Robusta 250 g"
        assert session.get(Product, same_name_elsewhere).supplier_id == makers.roti
        kopi_gula = session.scalars(select(Product.unit).where(
            Product.supplier_id == makers.kopi, Product.name == "GULA AREN")).one()
    assert kopi_gula == Unit.KG  # the roti UMKM's Gula Aren is another product


def test_an_error_row_refuses_the_whole_product_list_unless_valid_only(db, makers, tmp_path):
    path = write_csv(tmp_path / "produk.csv", [
        ["Nama Barang", "Pemasok", "Satuan", "Harga"],
        ["Kopi Robusta", "KOP001", "pcs", "45.000"],
        ["Teh Tarik", "Warung Tidak Ada", "pcs", "5.000"],  # no such supplier
        ["Roti Tawar", "ROT001", "karung", "15.000"],  # no such unit
        ["Donat", "ROT001", "pcs", "lima ribu"],  # not a number
    ])
    plan = preview(db, Kind.PRODUCTS, Source(path))
    assert [r.status for r in plan.rows] == [RowStatus.NEW] + [RowStatus.ERROR] * 3
    assert "Warung Tidak Ada" in plan.rows[1].errors[0]
    assert "karung" in " ".join(plan.rows[2].errors)
    assert "lima ribu" in " ".join(plan.rows[3].errors)

    with pytest.raises(ImportRefused):
        run_import(db, Kind.PRODUCTS, Source(path))
    assert _products(db) == {}

    done = run_import(db, Kind.PRODUCTS, Source(path), valid_only=True)
    assert (done.counts.new, done.counts.errors) == (1, 3)
    assert list(_products(db)) == ["Kopi Robusta"]
