"""A month of delivery recaps brought in: posted on their dates, invoiced as the file says."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from sqlalchemy import func, select

from hotel_supply import clock
from hotel_supply.cli import main
from hotel_supply.importing.columns import Kind
from hotel_supply.importing.plan import RowStatus
from hotel_supply.importing.runner import ImportRefused, Source, preview, run_import
from hotel_supply.models import Delivery, DeliveryLine, Hotel, Invoice, Period, Product, Supplier
from hotel_supply.models.enums import DeliveryStatus, PeriodStatus, Unit
from hotel_supply.services import invoicing
from tests.factories import make_hotel, make_product, make_supplier
from tests.importing.sheets_for_tests import write_csv, write_xlsx

HEADER = ["Tgl", "Hotel", "Nama UMKM", "Nama Barang", "Satuan", "Jml Kirim", "Jml Terima",
          "Jml Tolak", "Alasan", "Harga Satuan", "Jumlah (Rp)", "Status"]


@pytest.fixture
def parties(db):
    clock.set_clock(lambda: dt.datetime(2026, 12, 2, 9, 0))
    kopi_umkm = make_supplier(db, code="KOP001", name="CV Kopi Liwa")
    snack_umkm = make_supplier(db, code="JJN001", name="UD Jajanan Sari")
    kopi = make_product(db, kopi_umkm, code="KOP-250", name="Kopi Robusta 250 g",
                        standard_price=45_000)
    gula = make_product(db, kopi_umkm, code="KOP-GA", name="Gula Aren", unit=Unit.KG,
                        standard_price=30_000)
    lapis = make_product(db, snack_umkm, code="JJN-LPS", name="Kue Lapis", perishable=True,
                         shelf_life_days=2, standard_price=3_500)
    make_hotel(db, code="EMR", name="Hotel Emersia")
    make_hotel(db, code="GTL", name="Golden Tulip")
    return {"kopi": kopi, "gula": gula, "lapis": lapis}


def _recap_rows() -> list[list[object]]:
    return [
        HEADER,
        ["02/11/2026", "EMR", "CV. Kopi Liwa", "Kopi Robusta 250 g", "pcs", 30, 28, 2, "Rusak",
         "Rp 45.000", "1.260.000", ""],
        ["02/11/2026", "Hotel Emersia", "Kopi Liwa", "Gula Aren", "kg", "2,5", "2,5", "", "",
         "30.000", "75.000", ""],
        [dt.date(2026, 11, 2), "GTL", "UD Jajanan Sari", "Kue Lapis", "pcs", 100, 100, 0, "",
         3500, 999_999, ""],  # a wrong amount: reported, recomputed
        [46331, "EMR", "UD Jajanan Sari", "JJN-LPS", "pcs", 80, 75, 5, "kedaluwarsa", 3500,
         "", ""],  # 5 Nov 2026 as a serial
        ["3 Nov 2026", "GTL", "CV Kopi Liwa", "KOP-250", "pcs", 10, 10, 0, "", "45.000",
         "450.000", "Batal"],
        [],
        ["TOTAL", None, None, None, None, 222, None, None, None, None, "2.151.250", None],
    ]


def _accepted_by_supplier_and_hotel(rows: list[list[object]]) -> dict[tuple[str, str], int]:
    """The test's own arithmetic: accepted × price, half-up, summed per supplier and hotel,
    of the rows not cancelled."""
    quantities = {"2,5": Decimal("2.5")}
    prices = {"Rp 45.000": 45_000, "30.000": 30_000, "45.000": 45_000}
    hotel_of = {"EMR": "EMR", "Hotel Emersia": "EMR", "GTL": "GTL"}
    supplier_of = {"CV. Kopi Liwa": "KOP001", "Kopi Liwa": "KOP001", "CV Kopi Liwa": "KOP001",
                   "UD Jajanan Sari": "JJN001"}
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for row in rows[1:6]:
        if row[11] == "Batal":
            continue
        accepted = quantities[row[6]] if row[6] in quantities else Decimal(row[6])
        price = prices.get(row[9], row[9])  # type: ignore[arg-type]
        amount = int((accepted * Decimal(price)).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        totals[(supplier_of[row[2]], hotel_of[row[1]])] += amount  # type: ignore[index]
    return dict(totals)


def test_a_month_of_recaps_is_posted_in_date_order_and_invoiced_as_the_file_says(db, parties,
                                                                                tmp_path):
    rows = _recap_rows()
    path = write_xlsx(tmp_path / "rekap-november.xlsx", rows, title="REKAP PENGIRIMAN NOV 2026")

    plan = run_import(db, Kind.DELIVERIES, Source(path))

    assert [r.status for r in plan.rows] == [RowStatus.NEW] * 5  # the total row is skipped
    assert any("999.999" in m for m in plan.rows[2].notes)  # the wrong amount is reported
    with db.reader() as session:
        notes = list(session.execute(
            select(Delivery.number, Delivery.delivery_date, Delivery.status)
            .order_by(Delivery.number)))
        lapis_expiry = session.scalar(select(DeliveryLine.expiry_date).where(
            DeliveryLine.product_id == parties["lapis"], DeliveryLine.accepted_qty == 100))
    assert len(notes) == 4  # EMR+Kopi (2 lines), GTL+Jajanan, EMR+Jajanan, GTL+Kopi (Batal)
    assert [n.delivery_date for n in notes] == sorted(n.delivery_date for n in notes)
    assert [n.status for n in notes].count(DeliveryStatus.CANCELLED) == 1
    cancelled = next(n for n in notes if n.status == DeliveryStatus.CANCELLED)
    assert cancelled.delivery_date == dt.date(2026, 11, 3)
    assert lapis_expiry == dt.date(2026, 11, 4)  # no expiry in the file: date + shelf life

    invoicing.generate_drafts(db, year=2026, month=11)
    with db.reader() as session:
        invoiced = {(supplier, hotel): subtotal for supplier, hotel, subtotal in session.execute(
            select(Supplier.code, Hotel.code, Invoice.subtotal)
            .join(Supplier, Supplier.id == Invoice.supplier_id)
            .join(Hotel, Hotel.id == Invoice.hotel_id))}
    assert invoiced == _accepted_by_supplier_and_hotel(rows)


def test_reimporting_the_recaps_changes_nothing(db, parties, tmp_path):
    path = write_xlsx(tmp_path / "rekap.xlsx", _recap_rows())
    run_import(db, Kind.DELIVERIES, Source(path))
    with db.reader() as session:
        before = session.scalar(select(func.count()).select_from(DeliveryLine))

    again = run_import(db, Kind.DELIVERIES, Source(path))

    assert [r.status for r in again.rows] == [RowStatus.UNCHANGED] * 5
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(DeliveryLine)) == before


def test_a_closed_month_takes_nothing_and_the_refused_import_writes_nothing(db, parties,
                                                                           tmp_path):
    with db.unit_of_work(anyone=True) as session:
        session.add(Period(year=2026, month=10, status=PeriodStatus.CLOSED,
                           closed_at=clock.now(), closed_by="tester"))
    rows = [*_recap_rows()[:3], ["31/10/2026", "EMR", "CV Kopi Liwa", "KOP-250", "pcs", 5, 5,
                                 0, "", 45_000, "", ""]]
    path = write_csv(tmp_path / "rekap.csv", rows, delimiter=";")
    plan = preview(db, Kind.DELIVERIES, Source(path))
    assert plan.rows[2].status == RowStatus.ERROR and "Oktober 2026" in plan.rows[2].errors[0]

    with pytest.raises(ImportRefused):
        run_import(db, Kind.DELIVERIES, Source(path))
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_create_missing_makes_the_hotels_suppliers_and_products_the_rows_name(db, tmp_path):
    clock.set_clock(lambda: dt.datetime(2026, 12, 2, 9, 0))
    path = write_csv(tmp_path / "rekap.csv", [
        ["Tanggal", "Hotel", "UMKM", "Produk", "Satuan", "Jml Kirim", "Jml Terima",
         "Harga Satuan"],
        ["02/11/2026", "Hotel Bukit Randu", "CV. Kopi Way Kanan", "Kopi Bubuk 200 g", "pcs",
         "12", "12", "40.000"],
        ["03/11/2026", "Hotel Bukit Randu", "Kopi Way Kanan", "Kopi Bubuk 200 g", "pcs", "6",
         "6", "40.000"],
    ])
    refused = preview(db, Kind.DELIVERIES, Source(path))
    assert {r.status for r in refused.rows} == {RowStatus.ERROR}

    plan = run_import(db, Kind.DELIVERIES, Source(path), create_missing=True)

    assert len(plan.created) == 3  # one hotel, one supplier, one product: named once each
    with db.reader() as session:
        assert session.scalar(select(func.count()).select_from(Supplier)) == 1
        assert session.scalar(select(Product.name)) == "Kopi Bubuk 200 g"
        assert session.scalar(select(func.count()).select_from(Delivery)) == 2


def test_the_import_command_prints_a_summary_and_exits_2_when_it_refuses(db, parties, tmp_path,
                                                                         capsys):
    good = write_xlsx(tmp_path / "rekap.xlsx", _recap_rows())
    bad = write_csv(tmp_path / "salah.csv", [HEADER[:7], ["02/11/2026", "EMR", "CV Kopi Liwa",
                                                          "Teh Tarik", "pcs", 5, 5]])
    report = tmp_path / "laporan.xlsx"

    status = main(["import", "deliveries", str(bad), "--database", db.url, "--report",
                   str(report)])
    out = capsys.readouterr()
    assert status == 2 and "Teh Tarik" in out.err and "1 bermasalah" in out.out
    assert report.is_file()

    assert main(["import", "deliveries", str(good), "--database", db.url, "--dry-run"]) == 0
    assert "5" in capsys.readouterr().out
    assert main(["import", "deliveries", str(good), "--database", db.url]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("5 baru")
